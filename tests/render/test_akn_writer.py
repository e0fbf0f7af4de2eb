"""Writing Akoma Ntoso: valid against the OASIS schema, read back to the same document, and
shaped like the UN's own AKN4UN files (issue 3, STYLE.md §5)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from council.domain.document import (
    Adoption,
    Annex,
    Document,
    Footnote,
    Heading,
    Masthead,
    Operative,
    Point,
    Preambular,
    Unrecognised,
)
from council.parse.akn import read_akn
from council.parse.references import find_references
from council.render.akn import SCHEMA_DIR, frbr_number, validate_akn, write_akn

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ALL_FILES = sorted(
    [*(DATA / "akn4un").glob("*.xml"), *(DATA / "akn4un-other").glob("*.xml"),
     *(DATA / "akn4un-2020-six-languages").glob("*/*.xml")]
)
NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
S_RES_2531 = DATA / "akn4un" / "S_RES_2531_2020.xml"


def file_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def xpath(xml: bytes, path: str) -> list[Any]:
    return list(etree.fromstring(xml).xpath(path, namespaces=NS))


def structure(xml: bytes) -> dict[str, Any]:
    """What the UN's XML and ours must share: counts and the sequence of numbers."""
    depths = Counter(
        int(p.xpath("count(ancestor::a:list | ancestor::a:sublist)", namespaces=NS))
        for p in xpath(xml, "//a:mainBody//a:point")
    )
    return {
        "preamble containers": len(xpath(xml, "//a:preamble/a:container")),
        "numbered paragraphs": len(xpath(xml, "//a:mainBody/a:paragraph[a:num]")),
        "points by depth": dict(depths),
        "subheadings": len(xpath(xml, "//a:mainBody//a:subheading")),
        "nums": [n.text.strip() for n in xpath(xml, "//a:mainBody//a:num")],
    }


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_every_un_file_read_and_written_is_valid_akoma_ntoso(path: Path) -> None:
    assert validate_akn(write_akn(read_akn(path.read_bytes()))) == []


@pytest.mark.parametrize("path", ALL_FILES, ids=file_id)
def test_read_write_read_gives_an_equal_document(path: Path) -> None:
    doc = read_akn(path.read_bytes())
    again = read_akn(write_akn(doc))
    assert again == doc
    # Equality ignores the lead words and heading levels; the XML keeps them too.
    assert [getattr(n, "lead", "") for n in again.preamble] == \
        [getattr(n, "lead", "") for n in doc.preamble]
    assert [h.level for h in again.headings] == [h.level for h in doc.headings]


def test_the_uns_own_files_are_valid_against_the_vendored_schema() -> None:
    assert validate_akn(S_RES_2531.read_bytes()) == []


def test_our_akn_of_2531_has_the_structure_of_the_uns() -> None:
    ours = structure(write_akn(read_akn(S_RES_2531.read_bytes())))
    theirs = structure(S_RES_2531.read_bytes())
    assert ours == theirs
    assert ours["preamble containers"] == 24
    assert ours["numbered paragraphs"] == 65
    assert ours["subheadings"] == 16


def test_paragraph_28_is_a_list_with_sublists_after_their_points_and_systematic_eids() -> None:
    xml = write_akn(read_akn(S_RES_2531.read_bytes()))
    [p28] = xpath(xml, "//a:paragraph[@eId='para_28']")
    assert [c.tag.split("}")[1] for c in p28] == ["num", "list"]
    items = [(c.tag.split("}")[1], c.get("eId")) for c in p28.find("a:list", NS)]
    assert items[:4] == [
        ("intro", "para_28__list__intro"),
        ("point", "para_28__list__point_a"),
        ("sublist", "para_28__list__point_a__sublist"),
        ("point", "para_28__list__point_b"),
    ]
    eids = [e.get("eId") for e in etree.fromstring(xml).iter() if e.get("eId")]
    assert len(eids) == len(set(eids))
    assert "para_28__list__point_a__sublist__point_iii__sublist__point_1" in eids


def test_frbr_uris_follow_the_uns_pattern() -> None:
    xml = write_akn(read_akn(S_RES_2531.read_bytes()))
    this = [e.get("value") for e in xpath(xml, "//a:identification//a:FRBRthis")]
    uri = [e.get("value") for e in xpath(xml, "//a:identification//a:FRBRuri")]
    base = "/akn/un/statement/deliberation/unsc/2020-06-29/2531-2020/"
    assert this == [f"{base}!main/", f"{base}eng@!main/", f"{base}eng@/!main.xml"]
    assert uri == [base, f"{base}eng@/", f"{base}eng@.xml"]
    theirs = xpath(S_RES_2531.read_bytes(), "//a:identification//a:FRBRthis/@value")
    assert this == theirs
    assert xpath(xml, "//a:FRBRlanguage/@language") == ["eng"]
    assert xpath(xml, "//a:FRBRWork/a:FRBRdate/@date") == ["2020-06-29"]


@pytest.mark.parametrize(
    ("symbol", "number"),
    [("S/RES/2531 (2020)", "2531-2020"), ("S/RES/2521(2020)", "2521-2020"),
     ("S/PRST/2018/10", "2018-10"), ("S/2023/970", "2023-970"), (None, "unnumbered")],
)
def test_the_frbr_number_is_made_from_the_symbol_as_the_un_does(
    symbol: str | None, number: str
) -> None:
    assert frbr_number(symbol) == number


def test_identification_points_at_entities_defined_in_references() -> None:
    xml = write_akn(read_akn(S_RES_2531.read_bytes()))
    defined = {f"#{e}" for e in xpath(xml, "//a:references/*/@eId")}
    used = set(xpath(xml, "//@refersTo | //a:FRBRauthor/@href | //a:FRBRauthor/@as"))
    used |= set(xpath(xml, "//a:identification/@source | //a:references/@source"))
    assert used <= defined


def test_the_document_language_is_written_by_default() -> None:
    path = DATA / "akn4un-2020-six-languages" / "zh" / "S_RES_2531_2020.xml"
    xml = write_akn(read_akn(path.read_bytes()))
    assert xpath(xml, "//a:FRBRlanguage/@language") == ["zho"]
    assert xpath(xml, "//a:FRBRExpression/a:FRBRthis/@value")[0].endswith("/zho@!main/")
    assert xpath(xml, "//a:docAuthority[@refersTo='#publisher']/text()") == ["联合国"]
    assert xpath(write_akn(read_akn(path.read_bytes()), "en"),
                 "//a:FRBRlanguage/@language") == ["eng"]


def test_references_become_links_around_the_exact_mention() -> None:
    text = "Recalling its resolution 2480 (2019) and its statement S/PRST/2018/10,"
    refs = find_references(text)
    assert refs, "references.find_references should find these"
    doc = Document(formula="The Security Council,",
                   preamble=(Preambular(text, "Recalling", refs),), body=(Operative(1, "Decides"),))
    xml = write_akn(doc)
    [p] = xpath(xml, "//a:container/a:p")
    assert "".join(p.itertext()) == text
    links = {a.get("href"): a.text for a in p.iter(f"{{{NS['a']}}}a")}
    assert links == {r.link: text[r.start:r.end] for r in refs if r.link}
    assert p[0].tag.endswith("span") and p[0].text == "Recalling"


def test_the_adoption_line_marks_its_meeting_and_date() -> None:
    doc = read_akn((DATA / "akn4un" / "S_RES_2504_2020.xml").read_bytes())
    xml = write_akn(doc)
    [meeting] = xpath(xml, "//a:inline[@name='adoptionMeeting']")
    assert (meeting.get("title"), meeting.text) == ("8700", "8700th meeting")
    [day] = xpath(xml, "//a:docTitle[@refersTo='#adoption']/a:docDate")
    assert (day.get("date"), day.text) == ("2020-01-10", "10 January 2020")


def test_characters_xml_cannot_hold_are_dropped_rather_than_failing() -> None:
    doc = Document(body=(Operative(1, "Decides\x0c to remain seized;"),))
    xml = write_akn(doc)
    assert validate_akn(xml) == []
    assert read_akn(xml).operative_paragraphs[0].text == "Decides to remain seized;"


def test_validate_akn_lists_every_schema_error_with_its_line() -> None:
    xml = write_akn(Document(body=(Operative(1, "Decides"),)))
    broken = xml.replace(b"<num>1.</num>", b"<num>1.</num><bogus/>").replace(
        b'name="resolution"', b"")
    errors = validate_akn(broken)
    assert len(errors) >= 1 and all(e.startswith("line ") for e in errors)
    assert any("bogus" in e for e in errors)
    assert validate_akn(b"<akomaNtoso>")[0].startswith("line 1: not well-formed XML")


def test_the_schema_is_vendored_with_its_notice_and_imports_xml_xsd_locally() -> None:
    names = {p.name for p in SCHEMA_DIR.iterdir()}
    assert {"akomantoso30.xsd", "xml.xsd", "README.md"} <= names
    xsd = (SCHEMA_DIR / "akomantoso30.xsd").read_text(encoding="utf-8")
    assert 'schemaLocation="./xml.xsd"' in xsd
    assert "Copyright (c) OASIS Open 2018" in xsd


# Documents of any shape, with texts as the readers leave them: single spaces, stripped.
WORD = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Z")),
               min_size=1, max_size=6)
# Mentions that find_references turns into references with links, mixed into the words.
MENTION = st.sampled_from(["resolution 2480 (2019)", "S/PRST/2018/10", "(S/2020/476)",
                           "S/RES/2374(2017)", "Chapter VII of the Charter", "A/RES/75/1"])
TEXT = st.lists(st.one_of(WORD, MENTION), max_size=6).map(" ".join)
LINE = st.lists(st.one_of(WORD, MENTION), min_size=1, max_size=6).map(" ".join)
# Adoption lines without digits: a number there is read as the meeting (as in the UN's files).
ADOPTION_TEXT = st.lists(WORD.filter(lambda w: not any(c.isdigit() for c in w)),
                         max_size=6).map(" ".join)
DATES = st.dates(min_value=date(1946, 1, 1), max_value=date(2100, 12, 31))
NUMS = st.sampled_from(["(a)", "(b)", "(i)", "(ii)", "–", "a.", "", "(aa)", "(أ)"])


def _points(depth: int) -> st.SearchStrategy[tuple[Point, ...]]:
    inner = _points(depth - 1) if depth else st.just(())
    point = st.builds(lambda num, text, points, wrap: Point(num, text, points, wrap,
                                                             find_references(text)),
                      NUMS, TEXT, inner, st.one_of(st.just(""), LINE))
    return st.lists(point, max_size=3).map(tuple)


def _operative(number: int | None, text: str, points: tuple[Point, ...], wrap: str) -> Operative:
    return Operative(number, text, " ".join(text.split()[:1]), points, wrap,
                     find_references(text))


OPERATIVES = st.builds(_operative, st.one_of(st.none(), st.integers(1, 300)), TEXT,
                       _points(2), st.one_of(st.just(""), LINE)).filter(
    lambda o: o.number is not None or o.text or o.points or o.wrap_up)
PREAMBLE = st.lists(st.one_of(
    st.builds(lambda t: Preambular(t, " ".join(t.split()[:2]), find_references(t)), TEXT),
    st.builds(Heading, LINE, st.integers(1, 4)),
    st.builds(Unrecognised, LINE)), max_size=4).map(tuple)
BODY = st.lists(st.one_of(OPERATIVES, st.builds(Heading, LINE, st.integers(1, 4)),
                          st.builds(Unrecognised, TEXT)), max_size=5).map(tuple)
KIND_SYMBOL = st.sampled_from([("resolution", "S/RES/2531 (2020)"), ("resolution", None),
                               ("statement", "S/PRST/2018/10"), ("draft", "S/2020/613")])
MASTHEADS = st.builds(
    lambda kind_symbol, body, distribution, day, lang, issued_as: (kind_symbol[0], Masthead(
        kind_symbol[1], body, distribution, day, lang, issued_as=issued_as)),
    KIND_SYMBOL, LINE, st.sampled_from(["General", "Limited", None]), st.one_of(st.none(), DATES),
    st.sampled_from(["en", "fr", "zh", "ar", "ru", "es"]), st.sampled_from([None, "[S/3237]"]))
ADOPTIONS = st.one_of(st.none(), st.builds(Adoption, st.one_of(st.none(), DATES),
                                           st.one_of(st.none(), st.integers(1, 20000)),
                                           ADOPTION_TEXT))


@st.composite
def documents(draw: st.DrawFn) -> Document:
    kind, masthead = draw(MASTHEADS)
    return Document(
        masthead=masthead, title=draw(TEXT), adoption=draw(ADOPTIONS), formula=draw(TEXT),
        preamble=draw(PREAMBLE), body=draw(BODY), kind=kind,
        annexes=tuple(draw(st.lists(st.builds(Annex, TEXT, st.lists(LINE, max_size=3).map(
            tuple)), max_size=2))),
        footnotes=tuple(draw(st.lists(st.builds(Footnote, st.sampled_from(["1", "2", "*"]),
                                                TEXT), max_size=2))),
        unrecognised=tuple(draw(st.lists(st.builds(Unrecognised, LINE), max_size=2))),
    )


@settings(max_examples=60, deadline=None)
@given(documents())
def test_any_document_written_is_valid_and_reads_back_equal(doc: Document) -> None:
    xml = write_akn(doc)
    assert validate_akn(xml) == []
    assert read_akn(xml) == doc
