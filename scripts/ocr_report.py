"""Parse the OCR corpus (1946–1994) and say how well the parser reads it (issue 3).

For every text in ``../shared/data/resolutions-ocr/`` it parses the resolution and checks that
the operative paragraphs are numbered 1..n (starting again at 1 only after a heading) and that
no node was left unrecognised. It prints the count of clean parses and lists the others with
the reason; docs/parsing.md quotes the result.

    .venv/bin/python scripts/ocr_report.py            # summary and the list of the rest
    .venv/bin/python scripts/ocr_report.py --markdown # the same as a Markdown table
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from council.parse import parse_resolution
from council.parse.checks import numbered_paragraphs, numbering_problems

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "resolutions-ocr"
# A line of the source that numbers a paragraph: "1. Decides", after a blank line or not.
_NUMBERED_LINE = re.compile(r"^\s*\d{1,3}\s?\.\s+\S", re.MULTILINE)


@dataclass(frozen=True)
class Result:
    name: str
    operative: int  # operative paragraphs found
    numbered: int  # of which numbered
    numbered_in_source: int  # lines of the source that look numbered
    problems: tuple[str, ...]
    unrecognised: tuple[str, ...]
    seconds: float

    @property
    def clean(self) -> bool:
        return not self.problems and not self.unrecognised and self.operative > 0

    def reason(self) -> str:
        reasons = []
        if self.operative == 0:
            reasons.append("no operative paragraph found")
        if self.problems:
            reasons.append("numbering: " + "; ".join(self.problems))
        if self.unrecognised:
            shown = ", ".join(repr(text[:40]) for text in self.unrecognised[:3])
            reasons.append(f"{len(self.unrecognised)} unrecognised: {shown}")
        return " / ".join(reasons)


def examine(path: Path) -> Result:
    """Parse one text of the corpus and check the result."""
    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    document = parse_resolution(text)
    seconds = time.perf_counter() - start
    return Result(
        name=path.name,
        operative=len(document.operative_paragraphs),
        numbered=len(numbered_paragraphs(document)),
        numbered_in_source=len(_NUMBERED_LINE.findall(text)),
        problems=tuple(numbering_problems(document)),
        unrecognised=tuple(node.text for node in document.all_unrecognised()),
        seconds=seconds,
    )


def examine_corpus(corpus: Path = CORPUS) -> list[Result]:
    """Every text of the corpus, examined, in file-name order."""
    return [examine(path) for path in sorted(corpus.glob("*.txt"))]


def main(argv: list[str]) -> int:
    results = examine_corpus()
    clean = [r for r in results if r.clean]
    rest = [r for r in results if not r.clean]
    total = sum(r.seconds for r in results)
    print(
        f"{len(clean)} of {len(results)} texts parse with contiguous numbering and no "
        f"unrecognised node ({total * 1000:.0f} ms for the corpus)."
    )
    print(
        f"Operative paragraphs found: {sum(r.operative for r in results)}, numbered: "
        f"{sum(r.numbered for r in results)}; texts without any: "
        f"{sum(1 for r in results if r.operative == 0)}."
    )
    if "--markdown" in argv:
        print()
        print("| text | operative (numbered) | reason |")
        print("| --- | --- | --- |")
        for r in rest:
            print(f"| {r.name} | {r.operative} ({r.numbered}) | {r.reason()} |")
    else:
        for r in rest:
            print(f"  {r.name}: {r.operative} operative ({r.numbered} numbered): {r.reason()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
