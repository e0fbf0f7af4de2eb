"""Rebuild the text of draft S/2020/600 (resolution 2531 (2020)) from the seed's annex.

The seed (``../shared/seed/000_bb3b1705f158320d.txt``) is S/2020/613 as extracted from the
official PDF, page-break junk and all. Council's own parser reads it and its text renderer
writes the plain-text form (docs/text-format.md); the draft is that text from the enacting
formula on, without the resolution's masthead, which the draft did not have:

    python scripts/extract_seed_annex.py > src/council/data/records/S_2020_600.txt
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from council.domain.document import Masthead
from council.parse import parse_resolution
from council.render.resolution import render_resolution_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_bb3b1705f158320d.txt"


def extract(text: str) -> str:
    document = parse_resolution(text)
    body = replace(document, masthead=Masthead(), title="", adoption=None,
                   covering_letter=None, footnotes=())
    rendered = render_resolution_text(body)
    return rendered[rendered.index("The Security Council,"):]


if __name__ == "__main__":
    sys.stdout.write(extract(SEED.read_text(encoding="utf-8")))
