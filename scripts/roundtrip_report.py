"""Read the UN's XML, write it as plain text, parse it again: how many files come back equal.

For every resolution in ``../shared/data/akn4un/`` it compares ``read_akn(xml)`` with
``parse_resolution(render_resolution_text(...))`` of it (equality as the model defines it:
structure, texts, numbers, references; spans and lead words aside), prints the figure and a
table of the files that differ, with where they first differ and why (the reasons are those of
``KNOWN_DIFFERENCES`` in tests/parse/test_text_roundtrip.py, which asserts the same table).
Then the same figures for ``akn4un-other`` and each language of the six-language 2020 set,
for the whole document and for the operative part alone (the text form is English: other
languages' titles, formulas and some point labels are not read). docs/roundtrip.md quotes the
result.

    .venv/bin/python scripts/roundtrip_report.py             # figures and the table
    .venv/bin/python scripts/roundtrip_report.py --markdown  # the table as Markdown
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from council.parse import parse_resolution
from council.parse.akn import read_akn
from council.parse.checks import first_difference
from council.render.resolution import render_resolution_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))  # the reasons live with the test that asserts them
from tests.parse.test_text_roundtrip import KNOWN_DIFFERENCES  # noqa: E402


@dataclass(frozen=True)
class Result:
    name: str
    difference: str | None  # where the documents first differ; None when equal
    body_equal: bool  # the operative part alone is equal


def examine(path: Path) -> Result:
    """Read one file, write it as text, parse it again and compare."""
    document = read_akn(path.read_bytes())
    again = parse_resolution(render_resolution_text(document))
    return Result(path.name, first_difference(document, again), document.body == again.body)


def examine_set(folder: Path) -> list[Result]:
    return [examine(path) for path in sorted(folder.glob("*.xml"))]


def _figure(label: str, results: list[Result]) -> str:
    equal = sum(1 for r in results if r.difference is None)
    body = sum(1 for r in results if r.body_equal)
    share = 100 * equal / len(results) if results else 0.0
    return (
        f"{label}: {equal}/{len(results)} equal ({share:.1f}%); "
        f"operative part equal: {body}/{len(results)}"
    )


def main(argv: list[str]) -> int:
    results = examine_set(DATA / "akn4un")
    print(_figure("akn4un", results))
    differ = [r for r in results if r.difference is not None]
    if "--markdown" in argv:
        print()
        print("| file | first difference | why |")
        print("| --- | --- | --- |")
        for r in differ:
            why = KNOWN_DIFFERENCES.get(r.name, ("", "not listed in KNOWN_DIFFERENCES"))[1]
            shown = (r.difference or "").replace("|", "\\|")
            print(f"| {r.name} | `{shown}` | {why} |")
    else:
        for r in differ:
            why = KNOWN_DIFFERENCES.get(r.name, ("", "not listed in KNOWN_DIFFERENCES"))[1]
            print(f"  {r.name}: {r.difference}\n    {why}")
    print()
    print(_figure("akn4un-other", examine_set(DATA / "akn4un-other")))
    for language in ("ar", "en", "es", "fr", "ru", "zh"):
        folder = DATA / "akn4un-2020-six-languages" / language
        print(_figure(f"akn4un-2020-six-languages/{language}", examine_set(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
