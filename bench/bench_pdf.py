"""Time and peak memory to render the seed's outcome letter in every letter language and
S/RES/2531 (2020) to PDF in UN layout (issue 7 point 4).

Run: .venv/bin/python bench/bench_pdf.py. Peak memory is the process's maximum resident set
(ru_maxrss), which includes WeasyPrint, Pango and the loaded fonts.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.factories import seed_facts  # noqa: E402

from council.parse.akn import read_akn  # noqa: E402
from council.render import render, render_bytes  # noqa: E402
from council.render.language import LETTER_LANGUAGES  # noqa: E402

AKN_2531 = ROOT.parent / "shared" / "data" / "akn4un" / "S_RES_2531_2020.xml"


def timed(label: str, make: object) -> float:
    start = time.perf_counter()
    data = make()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:7.2f} s  {len(data) / 1024:8.0f} KiB")
    return seconds


def main() -> None:
    facts = seed_facts()
    total = 0.0
    languages = []
    for lang in LETTER_LANGUAGES:
        try:
            render("outcome", facts, lang, "text")
        except Exception as exc:  # a language whose templates are still being written
            print(f"outcome letter {lang}: skipped ({type(exc).__name__}: {exc})")
            continue
        languages.append(lang)
        total += timed(f"outcome letter {lang}",
                       lambda lang=lang: render_bytes("outcome", facts, lang, "pdf"))
    doc = read_akn(AKN_2531.read_bytes())
    total += timed("S/RES/2531 (2020) en", lambda: render_bytes("resolution", doc, "en", "pdf"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"all {len(languages)} letters ({', '.join(languages)}) and 2531: {total:.2f} s; "
          f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
