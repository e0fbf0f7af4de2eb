"""The OCR'd resolutions of 1946–1994 (CR-UNSC corpus, CC0), parsed (issue 3, acceptance 2).

Every text parses without an exception; operative paragraphs are found in each, and numbered
where the text numbers them. The count of texts that parse cleanly (numbers 1..n, nothing
unrecognised) may not fall below what docs/parsing.md reports (``scripts/ocr_report.py``).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from council.domain.document import Document
from council.parse import parse_resolution
from council.parse.checks import numbered_paragraphs, numbering_problems
from council.parse.structure import build_document

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "data" / "resolutions-ocr"
FILES = sorted(CORPUS.glob("*.txt"))
# Measured with scripts/ocr_report.py (docs/parsing.md); a regression lowers it.
CLEAN_FLOOR = 126
# A paragraph the text numbers: "12. Decides ..." at the start of a line.
NUMBERED_LINE = re.compile(r"^(\d{1,3})\.\s+[A-Z][a-z]", re.MULTILINE)


def parse(name: str) -> Document:
    return parse_resolution((CORPUS / name).read_text(encoding="utf-8"))


def test_the_corpus_has_its_126_texts() -> None:
    assert len(FILES) == 126


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_each_ocr_text_parses_and_has_its_operative_paragraphs(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = build_document(text)  # without parse_resolution's last-resort guard
    assert document.operative_paragraphs, "no operative paragraph found"
    numbered_in_text = {int(number) for number in NUMBERED_LINE.findall(text)}
    assert numbered_in_text <= set(numbered_paragraphs(document))


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_each_ocr_text_gets_the_symbol_and_date_of_the_index(path: Path) -> None:
    row = INDEX[path.name]
    document = parse_resolution(path.read_text(encoding="utf-8"))
    assert document.masthead.symbol == row["symbol"]
    assert document.masthead.date == date.fromisoformat(row["date"])


def _index() -> dict[str, dict[str, str]]:
    with (CORPUS / "INDEX.csv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


INDEX = _index()


def test_the_clean_count_does_not_fall_below_the_floor() -> None:
    clean = [
        path.name
        for path in FILES
        if not (document := parse_resolution(path.read_text(encoding="utf-8"))).all_unrecognised()
        and not numbering_problems(document)
    ]
    assert len(clean) >= CLEAN_FLOOR


def test_yearbook_adoption_line_after_the_paragraphs_gives_the_meeting() -> None:
    document = parse("S_RES_258_1968.txt")
    assert document.adoption is not None
    assert document.adoption.meeting == 1452
    assert document.adoption.text.startswith("Adopted at the 1452nd meeting by 14 votes")


def test_words_broken_at_line_ends_are_mended_and_compounds_kept() -> None:
    deplores = parse("S_RES_134_1960.txt").operative_paragraphs[2].text
    assert "actions of the Government of the Union of South Africa" in deplores
    arab = " ".join(op.text for op in parse("S_RES_127_1958.txt").operative_paragraphs)
    arab += " ".join(
        p.text for op in parse("S_RES_127_1958.txt").operative_paragraphs for p in op.points
    )
    assert "Arab-owned properties" in arab


def test_page_break_junk_and_repeated_symbol_are_dropped_inside_a_paragraph() -> None:
    document = parse("S_RES_1445_2002.txt")
    second = document.operative_paragraphs[1].text
    assert "as well as progress in the implementation of these processes" in second
    assert "02-72318" not in second and "S/RES/1445" not in second


def test_sections_numbered_from_1_again_are_not_a_gap() -> None:
    document = parse("S_RES_101_1953.txt")
    assert [h.text for h in document.headings] == ["A", "B", "C"]
    assert numbered_paragraphs(document)[:3] == [1, 2, 1]
    assert numbering_problems(document) == []


def test_ocr_comma_for_a_paragraph_number_full_stop_is_read_as_a_number() -> None:
    document = parse("S_RES_359_1974.txt")
    assert numbered_paragraphs(document) == [1, 2, 3, 4, 5]


def test_yearbook_footnotes_are_read_at_the_end() -> None:
    document = parse("S_RES_207_1965.txt")
    assert [f.marker for f in document.footnotes] == ["10", "11", "12", "13"]
    assert document.footnotes[0].text == "Ibid., document S/6569."


def test_yearbook_issued_as_symbol_is_kept_in_the_masthead() -> None:
    assert parse("S_RES_104_1954.txt").masthead.issued_as == "S/3237"
