"""Extract the text of draft S/2020/600 (resolution 2531 (2020)) from the seed's annex.

The seed (``../shared/seed/000_bb3b1705f158320d.txt``) is S/2020/613 as extracted from the
official PDF: a blank line after every line, ``https://undocs.org/...`` link lines, and
paragraphs that begin with an indent. The demo record ships the draft's text as one
paragraph per block; this script rebuilds it:

    python scripts/extract_seed_annex.py > src/council/data/records/S_2020_600.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_bb3b1705f158320d.txt"


def extract(text: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "The Security Council,")
    paragraphs: list[str] = []
    for line in lines[start:]:
        if not line.strip() or line.strip().startswith("https://"):
            continue
        if line.startswith(" ") or not paragraphs:
            paragraphs.append(line.strip())
        else:
            glue = "" if paragraphs[-1].endswith("-") else " "
            paragraphs[-1] = paragraphs[-1] + glue + line.strip()
    return "\n\n".join(" ".join(p.split()) for p in paragraphs) + "\n"


if __name__ == "__main__":
    sys.stdout.write(extract(SEED.read_text(encoding="utf-8")))
