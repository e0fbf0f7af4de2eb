"""How fast, and how small, our resolution parser is (issue 3); ``make bench`` runs it.

Three figures, printed as they are measured (docs/bench.md records a run):

(a) Speed against bluebell-akn 3.1.1 on the same resolution: our full parse of the seed's
    PDF-extracted text (raw text → ``Document`` with references) against bluebell parsing
    S/RES/2531 (2020) hand-marked in its own markup (text → parse tree), interleaved in one
    process: median and interquartile range of N runs, the ratio of the medians, and whether
    it reaches the target (``TARGET``, ten times).
(b) Throughput of our parser over every shared text (the seed and the 126 OCR'd resolutions):
    documents per second and MB (UTF-8, 10^6 bytes) per second.
(c) Peak memory while parsing all of them and keeping every ``Document``: tracemalloc's peak,
    and the maximum resident set size of a child process that does only that.

bluebell is a bench-only dependency: ``make bench`` installs ``bluebell-akn==3.1.1``.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = Path("seed/000_bb3b1705f158320d.txt")
BLUEBELL_TEXT = Path("bench/S_RES_2531_2020.bluebell.txt")
OCR = Path("data/resolutions-ocr")
# bluebell needs a FRBR work URI and a root rule; S/RES/2531 (2020) is an AKN4UN "statement".
FRBR_URI = "/akn/un/statement/deliberation/unsc/2020-06-29/2531"
BLUEBELL_ROOT = "statement"
TARGET = 10.0  # issue 3: ours at least ten times faster than bluebell's parse


def our_parser() -> Callable[[str], Any]:
    """``council.parse.parse_resolution``, or exit with what is missing."""
    try:
        from council.parse import parse_resolution
    except ImportError as exc:
        sys.exit(f"council.parse.parse_resolution is not available ({exc}); "
                 "install the project: make bench.")
    parse: Callable[[str], Any] = parse_resolution
    return parse


def bluebell_parsers() -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    """bluebell's text → parse tree (what we compare with) and text → AKN XML (what its CLI
    does), for S/RES/2531 (2020); or exit with the install command."""
    try:
        from bluebell.parser import AkomaNtosoParser
        from cobalt import FrbrUri
    except ImportError:
        sys.exit("bluebell-akn is not installed: .venv/bin/pip install 'bluebell-akn==3.1.1' "
                 "(make bench does it).")
    parser = AkomaNtosoParser(FrbrUri.parse(FRBR_URI))

    def parse(text: str) -> Any:
        return parser.parse(text, BLUEBELL_ROOT)

    def parse_to_xml(text: str) -> Any:
        return parser.parse_to_xml(text, BLUEBELL_ROOT)

    return parse, parse_to_xml


def shared_texts(shared: Path) -> list[tuple[str, str]]:
    """(name, text) of the seed and of every OCR'd resolution, in name order."""
    files = [shared / SEED, *sorted((shared / OCR).glob("*.txt"))]
    return [(path.name, path.read_text(encoding="utf-8")) for path in files]


def _timed(func: Callable[[str], Any], text: str) -> float:
    gc.collect()
    start = time.perf_counter()
    func(text)
    return time.perf_counter() - start


def _summary(times: list[float]) -> tuple[float, float]:
    """Median and interquartile range, in milliseconds."""
    median = statistics.median(times)
    if len(times) < 2:
        return median * 1e3, 0.0
    q1, _, q3 = statistics.quantiles(times, n=4, method="inclusive")
    return median * 1e3, (q3 - q1) * 1e3


def bench_against_bluebell(shared: Path, runs: int) -> dict[str, float]:
    """(a): both parsers on resolution 2531 (2020), interleaved, after one warm-up run each."""
    ours, (theirs, theirs_xml) = our_parser(), bluebell_parsers()
    seed = (shared / SEED).read_text(encoding="utf-8")
    marked = (shared / BLUEBELL_TEXT).read_text(encoding="utf-8")
    contestants = [(ours, seed), (theirs, marked), (theirs_xml, marked)]
    times: list[list[float]] = [[] for _ in contestants]
    for func, text in contestants:  # warm-up
        func(text)
    for run in range(runs):
        # Rotate which goes first, so none always runs on a warmer cache.
        for index in range(len(contestants)):
            which = (index + run) % len(contestants)
            func, text = contestants[which]
            times[which].append(_timed(func, text))
    (our_median, our_iqr), (their_median, their_iqr), (xml_median, xml_iqr) = (
        _summary(t) for t in times)
    print(f"(a) resolution 2531 (2020), {runs} interleaved runs")
    print(f"    ours     (seed text, {len(seed):,} chars → Document with references): "
          f"median {our_median:.2f} ms, IQR {our_iqr:.2f} ms")
    print(f"    bluebell (hand-marked, {len(marked):,} chars → parse tree, root "
          f"{BLUEBELL_ROOT!r}): median {their_median:.2f} ms, IQR {their_iqr:.2f} ms")
    print(f"    bluebell, text → AKN XML (for context): median {xml_median:.2f} ms, "
          f"IQR {xml_iqr:.2f} ms")
    ratio = their_median / our_median
    met = ratio >= TARGET
    print(f"    ratio bluebell parse / ours: {ratio:.1f}× (target ≥ {TARGET:g}×); "
          f"bluebell to XML / ours: {xml_median / our_median:.1f}×")
    if met:
        print(f"    target met: ours is {ratio:.1f}× faster than bluebell (≥ {TARGET:g}×)")
    else:
        print(f"    target NOT met: ours would need ≤ {their_median / TARGET:.2f} ms "
              f"for {TARGET:g}×, it takes {our_median:.2f} ms")
    return {"ours_ms": our_median, "ours_iqr_ms": our_iqr, "bluebell_ms": their_median,
            "bluebell_iqr_ms": their_iqr, "bluebell_xml_ms": xml_median,
            "bluebell_xml_iqr_ms": xml_iqr, "ratio": ratio, "target": TARGET,
            "target_met": met}


def bench_throughput(shared: Path, repeats: int) -> dict[str, float]:
    """(b): every shared text, parsed ``repeats`` times; the median pass counts."""
    parse, texts = our_parser(), shared_texts(shared)
    megabytes = sum(len(text.encode("utf-8")) for _, text in texts) / 1e6
    for _, text in texts:  # warm-up
        parse(text)
    passes = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        for _, text in texts:
            parse(text)
        passes.append(time.perf_counter() - start)
    seconds = statistics.median(passes)
    print(f"(b) throughput: {len(texts)} texts, {megabytes:.3f} MB, median of {repeats} passes "
          f"{seconds * 1e3:.1f} ms: {len(texts) / seconds:,.0f} documents/s, "
          f"{megabytes / seconds:.2f} MB/s")
    return {"documents": len(texts), "megabytes": megabytes, "seconds": seconds,
            "documents_per_second": len(texts) / seconds, "mb_per_second": megabytes / seconds}


def measure_memory(shared: Path) -> dict[str, float]:
    """Parse every shared text, keeping the documents; tracemalloc peak and max RSS."""
    parse, texts = our_parser(), shared_texts(shared)
    gc.collect()
    # ru_maxrss is KiB on Linux; before parsing it is what importing the package costs.
    before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    documents = [parse(text) for _, text in texts]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"documents": len(documents), "tracemalloc_peak_mib": peak / 2**20,
            "max_rss_mib": rss_kib / 1024, "rss_before_mib": before_kib / 1024}


def bench_memory(shared: Path) -> dict[str, float]:
    """(c): ``measure_memory`` in a fresh child process, so its RSS holds nothing else."""
    child = subprocess.run(
        [sys.executable, __file__, "--memory-child", "--shared", str(shared)],
        check=True, capture_output=True, text=True,
    )
    figures: dict[str, float] = json.loads(child.stdout)
    print(f"(c) memory, parsing all {figures['documents']:.0f} texts and keeping the "
          f"documents: tracemalloc peak {figures['tracemalloc_peak_mib']:.1f} MiB, "
          f"max RSS of the process {figures['max_rss_mib']:.1f} MiB "
          f"({figures['rss_before_mib']:.1f} MiB after imports, before parsing)")
    return figures


def main(argv: list[str] | None = None) -> None:
    """Run (a), (b) and (c) and print the figures."""
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--runs", type=int, default=51, help="runs for (a) (default 51)")
    options.add_argument("--repeats", type=int, default=11, help="passes for (b) (default 11)")
    options.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder")
    options.add_argument("--json", action="store_true", help="also print the figures as JSON")
    options.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = options.parse_args(argv)
    if args.memory_child:
        print(json.dumps(measure_memory(args.shared)))
        return
    print(f"Python {sys.version.split()[0]}; shared texts in {args.shared}")
    figures = {
        "against_bluebell": bench_against_bluebell(args.shared, args.runs),
        "throughput": bench_throughput(args.shared, args.repeats),
        "memory": bench_memory(args.shared),
    }
    if args.json:
        print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
