"""The seed (S/2020/613 with resolution 2531 (2020) annexed), parsed and checked against the
UN's own Akoma Ntoso XML of the resolution (issue 3, acceptance 1 and 5).

The XML side is read here with plain lxml XPath, independently of ``council.parse.akn``. In
the UN's XML a ``sublist`` follows its parent ``point`` as a sibling; in our model the same
nesting is ``Point.points``.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from council.domain.document import Document, Heading, Operative, Point, Preambular
from council.parse import parse_resolution

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seed" / "000_bb3b1705f158320d.txt"
UN_XML = SHARED / "data" / "akn4un" / "S_RES_2531_2020.xml"
AKN = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}

# A tree of points as (num, squashed text, children), comparable across both sides.
Tree = tuple[tuple[str, str, "Tree"], ...]


def squash(text: str) -> str:
    """NFKC, then every whitespace character removed: PDF extraction moves spaces around
    ("tosupport"), the comparison is about the characters."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def xml_text(element: etree._Element) -> str:
    parts = element.xpath(
        ".//text()[not(ancestor::a:num) and not(ancestor::a:authorialNote)]", namespaces=AKN
    )
    return "".join(str(part) for part in parts)


def xml_points(container: etree._Element) -> Tree:
    """Points of a ``list`` or ``sublist``; a ``sublist`` belongs to the ``point`` before it."""
    nodes: list[tuple[str, str, Tree]] = []
    for child in container:
        name = etree.QName(child).localname
        if name == "point":
            num = "".join(child.xpath("./a:num/text()", namespaces=AKN)).strip()
            text = "".join(
                xml_text(content) for content in child.xpath("./a:content", namespaces=AKN)
            )
            nodes.append((num, squash(text), xml_points(child)))
        elif name == "sublist":
            num, text, children = nodes[-1]
            nodes[-1] = (num, text, children + xml_points(child))
        elif name == "list":
            nodes.extend(xml_points(child))
    return tuple(nodes)


def our_points(points: tuple[Point, ...]) -> Tree:
    return tuple((p.num, squash(p.text), our_points(p.points)) for p in points)


def plain_hyphens(tree: Tree) -> Tree:
    return tuple((num, text.replace("\u2010", "-"), plain_hyphens(sub)) for num, text, sub in tree)


def our_full_text(node: Operative) -> str:
    def walk(points: tuple[Point, ...]) -> str:
        return "".join(p.text + walk(p.points) + p.wrap_up for p in points)

    return node.text + walk(node.points) + node.wrap_up


@pytest.fixture(scope="module")
def document() -> Document:
    return parse_resolution(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def un_xml() -> etree._ElementTree:
    return etree.parse(str(UN_XML))


@pytest.fixture(scope="module")
def xml_paragraphs(un_xml: etree._ElementTree) -> dict[int, etree._Element]:
    paragraphs = un_xml.xpath("//a:mainBody/a:paragraph[a:num]", namespaces=AKN)
    return {int(p.xpath("string(a:num)", namespaces=AKN).strip(" .")): p for p in paragraphs}


def test_shared_data_is_where_the_tests_expect_it() -> None:
    assert SEED.is_file() and UN_XML.is_file()


def test_seed_covering_letter_is_s_2020_613_of_29_june_2020_in_chinese(document: Document) -> None:
    letter = document.covering_letter
    assert letter is not None
    assert letter.symbol == "S/2020/613"
    assert letter.date == date(2020, 6, 29)
    assert letter.language == "zh"
    assert letter.title == "2020 年 6 月 29 日安全理事会主席给秘书长和安全理事会成员国常驻代表的信"
    assert letter.paragraphs[0].startswith("谨此告知，安全理事会已完成对 S/2020/600 号文件")
    assert "赞成：" in letter.paragraphs and "尼古拉·德里维埃(签名)" in letter.paragraphs
    assert letter.span.line == 2 and letter.span.end_line == 70


def test_seed_annex_is_resolution_2531_adopted_by_written_procedure(document: Document) -> None:
    masthead = document.masthead
    assert masthead.symbol == "S/RES/2531 (2020)"
    assert masthead.distribution == "General"
    assert masthead.date == date(2020, 6, 29)
    assert masthead.language == "en"
    assert document.title == "Resolution 2531 (2020)"
    assert document.formula == "The Security Council,"
    adoption = document.adoption
    assert adoption is not None
    assert adoption.text == "Adopted by the Security Council on 29 June 2020"
    assert adoption.date == date(2020, 6, 29)
    assert adoption.meeting is None and adoption.written_procedure


def test_seed_has_24_preambular_65_operative_paragraphs_and_16_headings(document: Document) -> None:
    assert len(document.preambular_paragraphs) == 24
    assert [op.number for op in document.operative_paragraphs] == list(range(1, 66))
    assert len(document.headings) == 16
    assert document.all_unrecognised() == ()


def test_seed_headings_and_paragraphs_come_in_the_un_xml_order(
    document: Document, un_xml: etree._ElementTree
) -> None:
    expected = []
    for paragraph in un_xml.xpath("//a:mainBody/a:paragraph", namespaces=AKN):
        if paragraph.xpath("a:subheading", namespaces=AKN):
            expected.append(" ".join(xml_text(paragraph).split()))
        else:
            expected.append(paragraph.xpath("string(a:num)", namespaces=AKN).strip())
    ours = [n.text if isinstance(n, Heading) else f"{n.number}." for n in document.body]
    assert ours == expected


def test_seed_preambular_texts_equal_the_un_xml(
    document: Document, un_xml: etree._ElementTree
) -> None:
    containers = un_xml.xpath("//a:preamble/a:container", namespaces=AKN)
    expected = [squash(xml_text(container)) for container in containers]
    assert [squash(p.text) for p in document.preambular_paragraphs] == expected


def test_seed_operative_texts_equal_the_un_xml(
    document: Document, xml_paragraphs: dict[int, etree._Element]
) -> None:
    different = [
        op.number
        for op in document.operative_paragraphs
        if op.number is None
        or squash(our_full_text(op)) != squash(xml_text(xml_paragraphs[op.number]))
    ]
    # A fault of the data, not of the parser: in paragraphs 38 and 62 the UN's XML writes
    # "FC‐G5S" with U+2010 HYPHEN, which NFKC keeps, where the PDF has "FC-G5S" (U+002D).
    assert different == [38, 62]
    for number in different:
        op = document.operative_paragraphs[number - 1]
        xml = squash(xml_text(xml_paragraphs[number]))
        assert "FC\u2010G5S" in xml
        assert squash(our_full_text(op)) == xml.replace("\u2010", "-")


def test_seed_paragraph_28_points_are_exactly_the_un_xml_points(
    document: Document, xml_paragraphs: dict[int, etree._Element]
) -> None:
    paragraph = next(op for op in document.operative_paragraphs if op.number == 28)
    expected = xml_points(xml_paragraphs[28].xpath("a:list", namespaces=AKN)[0])
    assert [num for num, _, _ in expected] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    assert our_points(paragraph.points) == expected


def test_seed_every_paragraph_with_points_nests_them_as_the_un_xml(
    document: Document, xml_paragraphs: dict[int, etree._Element]
) -> None:
    with_points = {
        number: xml_points(element.xpath("a:list", namespaces=AKN)[0])
        for number, element in xml_paragraphs.items()
        if element.xpath("a:list", namespaces=AKN)
    }
    assert sorted(with_points) == [3, 14, 28, 29, 47, 62, 63]
    ours = {op.number: our_points(op.points) for op in document.operative_paragraphs if op.points}
    # Paragraph 62 (iii) has the U+2010 "FC\u2010G5S" of the XML (see the test above).
    assert ours == {number: plain_hyphens(tree) for number, tree in with_points.items()}


def test_seed_operative_text_starts_with_its_lead_verb(document: Document) -> None:
    leads = {op.number: op.lead for op in document.operative_paragraphs}
    assert leads[1] == "Urges" and leads[4] == "Calls upon" and leads[29] == "Further authorizes"
    assert all(op.text.startswith(op.lead) and op.lead for op in document.operative_paragraphs)


def test_seed_preambular_leads_are_the_opening_words(document: Document) -> None:
    leads = [p.lead for p in document.preambular_paragraphs]
    assert leads[:6] == [
        "Recalling",
        "Reaffirming",
        "Reaffirming",
        "Expressing grave concern",
        "Emphasizing",
        "Strongly condemning",
    ]


def test_seed_line_end_hyphens_of_compounds_are_kept(document: Document) -> None:
    texts = " ".join(p.text for p in document.preambular_paragraphs)
    assert "non-State actors" in texts and "African Union-led force" in texts
    paragraph_13 = document.operative_paragraphs[12]
    assert "recurrence of inter-communal violence" in paragraph_13.text


def test_seed_paragraph_split_by_page_break_and_link_lines_is_one_paragraph(
    document: Document,
) -> None:
    first = document.operative_paragraphs[0]
    assert first.text.endswith(
        "the implementation of the Agreement, through significant, "
        "meaningful and irreversible measures to be taken on an urgent basis;"
    )
    assert "undocs" not in first.text


def test_seed_nodes_keep_their_source_spans(document: Document) -> None:
    recalling = document.preambular_paragraphs[0]
    assert (recalling.span.line, recalling.span.column, recalling.span.end_line) == (96, 2, 98)
    first = document.operative_paragraphs[0]
    assert (first.span.line, first.span.column, first.span.end_line) == (340, 2, 349)
    heading = document.body[0]
    assert isinstance(heading, Heading)
    assert (heading.span.line, heading.span.column) == (337, 3)
    paragraph_28 = document.operative_paragraphs[27]
    assert paragraph_28.span.line == 730 and paragraph_28.span.end_line == 987
    point_f = paragraph_28.points[5]
    assert (point_f.span.line, point_f.span.column) == (977, 2)
    assert document.masthead.span.line == 79 and document.adoption is not None
    assert document.adoption.span.line == 91


def test_seed_preambular_nodes_are_in_the_preamble_and_operative_in_the_body(
    document: Document,
) -> None:
    assert all(isinstance(n, Preambular) for n in document.preamble)
    assert all(isinstance(n, Operative | Heading) for n in document.body)


def test_seed_parses_in_well_under_20_ms() -> None:
    text = SEED.read_text(encoding="utf-8")
    parse_resolution(text)
    best = min(_timed(text) for _ in range(5))
    assert best < 0.020, f"best of 5: {best * 1000:.1f} ms"


def _timed(text: str) -> float:
    start = time.perf_counter()
    parse_resolution(text)
    return time.perf_counter() - start


def test_seed_equals_the_document_read_from_the_un_xml_but_for_three_source_faults(
    document: Document,
) -> None:
    """Against ``council.parse.akn`` (the other reader): the same document, spans aside, but
    for three differences between the two sources themselves: the PDF's "tosupport" in
    28 (a) (iii), and the XML's hyphen characters in "FC‐G5S" in 38 and 62."""
    from council.parse.akn import read_akn

    from_xml = read_akn(UN_XML.read_bytes())
    ours = replace(document, covering_letter=None)
    assert ours.preamble == from_xml.preamble
    assert (ours.masthead, ours.title, ours.adoption, ours.formula) == (
        from_xml.masthead,
        from_xml.title,
        from_xml.adoption,
        from_xml.formula,
    )
    different = [
        getattr(mine, "number", None)
        for mine, theirs in zip(ours.body, from_xml.body, strict=True)
        if mine != theirs
    ]
    assert different == [28, 38, 62]
    assert "tosupport, monitor" in ours.operative_paragraphs[27].points[0].points[2].points[0].text
