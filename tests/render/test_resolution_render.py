"""A resolution's Document written as an HTML page and as the plain text of
docs/text-format.md, and read back: render → parse is the identity (STYLE.md §5)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from council.domain.document import (
    Adoption,
    Annex,
    CoveringLetter,
    Document,
    Footnote,
    Heading,
    Masthead,
    Operative,
    Point,
    Preambular,
    Reference,
    ReferenceKind,
    Span,
    Unrecognised,
)
from council.domain.errors import InvalidInput
from council.render import RENDERERS, render
from council.render.resolution import (
    adoption_line,
    render_resolution_html,
    render_resolution_text,
)
from tests.conftest import SHARED
from tests.render.htmlcheck import read_html

AKN_2531 = SHARED / "data" / "akn4un" / "S_RES_2531_2020.xml"
ON_29_JUNE = date(2020, 6, 29)
RECALLING = "Recalling its resolution 2480 (2019) & the report <S/2020/476>,"


def _ref(kind: ReferenceKind, symbol: str, text: str, mention: str, link: str | None
         ) -> Reference:
    start = text.index(mention)
    return Reference(kind, symbol, start, start + len(mention), link)


def mali() -> Document:
    """A small resolution with every kind of node, built by hand."""
    charter = "Acting under Chapter VII of the Charter of the United Nations,"
    return Document(
        masthead=Masthead(symbol="S/RES/2531 (2020)", distribution="General", date=ON_29_JUNE),
        title="Resolution 2531 (2020)",
        adoption=Adoption(ON_29_JUNE, None, "Adopted by the Security Council on 29 June 2020"),
        formula="The Security Council,",
        preamble=(
            Preambular(RECALLING, lead="Recalling", references=(
                _ref(ReferenceKind.RESOLUTION, "S/RES/2480 (2019)", RECALLING,
                     "resolution 2480 (2019)", "https://undocs.org/en/S/RES/2480(2019)"),
                _ref(ReferenceKind.DOCUMENT, "S/2020/476", RECALLING, "S/2020/476",
                     "https://undocs.org/en/S/2020/476"),
            )),
            Preambular(charter, lead="Acting", references=(
                _ref(ReferenceKind.CHARTER_CHAPTER, "Charter Chapter VII", charter,
                     "Chapter VII", None),
            )),
        ),
        body=(
            Heading("Implementation of the Agreement on Peace and Reconciliation in Mali"),
            Operative(1, "Urges the Malian parties to continue;", lead="Urges"),
            Operative(28, "Decides that MINUSMA’s mandate shall include the following tasks:",
                      lead="Decides", points=(
                Point("(a)", "Support to the implementation of the Agreement:", points=(
                    Point("(i)", "to use the SRSG’s good offices;"),
                    Point("(ii)", "To support the implementation of the measures:", points=(
                        Point("–", "to support the ceasefire,"),
                        Point("–", "to support the redeployment,"),
                    ), wrap_up="and to report on it;"),
                )),
                Point("(b)", "Support to stabilization;"),
                Point("(c)", "Protection of civilians:", points=(
                    Point("(i)", "to ensure protection;"),
                    Point("(ii)", "to mitigate risks;"),
                )),
            ), wrap_up="all in close cooperation with the Government of Mali."),
            Unrecognised("@@ 28 bis ??", Span(12, 1, 12, 13)),
            Operative(65, "Decides to remain actively seized of the matter.", lead="Decides"),
        ),
        annexes=(Annex("Priority measures", ("First paragraph of the annex.",)),),
        footnotes=(Footnote("1", "S/2015/364/Add.2, annex."),),
    )


MALI_TEXT = """\
United Nations
S/RES/2531 (2020)
Security Council
Distr.: General
29 June 2020

Resolution 2531 (2020)

Adopted by the Security Council on 29 June 2020

The Security Council,

Recalling its resolution 2480 (2019) & the report <S/2020/476>,

Acting under Chapter VII of the Charter of the United Nations,

Implementation of the Agreement on Peace and Reconciliation in Mali

1. Urges the Malian parties to continue;

28. Decides that MINUSMA’s mandate shall include the following tasks:

    (a) Support to the implementation of the Agreement:

        (i) to use the SRSG’s good offices;

        (ii) To support the implementation of the measures:

            – to support the ceasefire,

            – to support the redeployment,

        and to report on it;

    (b) Support to stabilization;

    (c) Protection of civilians:

        (i) to ensure protection;

        (ii) to mitigate risks;

all in close cooperation with the Government of Mali.

@@ 28 bis ??

65. Decides to remain actively seized of the matter.

Annex

Priority measures

First paragraph of the annex.

Footnotes

1 S/2015/364/Add.2, annex.
"""


# -- HTML -------------------------------------------------------------------------------------

def test_html_is_a_complete_well_nested_page_with_the_masthead() -> None:
    page = read_html(render_resolution_html(mali()))
    assert page.doctype.lower() == "doctype html"
    assert page.problems == []
    assert (page.lang, page.charset) == ("en", "utf-8")
    assert page.title == "S/RES/2531 (2020) — Resolution 2531 (2020)"
    assert "style" in page.tags
    for line in ("United Nations", "S/RES/2531 (2020)", "Security Council", "Distr.: General",
                 "29 June 2020", "Resolution 2531 (2020)", "The Security Council,",
                 "Adopted by the Security Council on 29 June 2020"):
        assert line in page.text


def test_html_gives_every_paragraph_and_point_an_anchor_and_a_link_to_itself() -> None:
    page = read_html(render_resolution_html(mali()))
    expected = ["para_1", "para_28", "para_28_a", "para_28_a_i", "para_28_a_ii",
                "para_28_a_ii_1", "para_28_a_ii_2", "para_28_b", "para_28_c", "para_28_c_i",
                "para_28_c_ii", "para_65"]
    anchors = [i for i in page.ids if i.startswith("para_")]
    assert anchors == expected
    assert [f"#{anchor}" for anchor in expected] == [
        link for link in page.links if link.startswith("#")]
    assert len(set(page.ids)) == len(page.ids)


def test_html_escapes_text_and_turns_references_into_links() -> None:
    html = render_resolution_html(mali())
    assert ('<i class="lead">Recalling</i> its <a class="reference" data-kind="resolution" '
            'title="S/RES/2480 (2019)" href="https://undocs.org/en/S/RES/2480(2019)">'
            'resolution 2480 (2019)</a> &amp; the report &lt;<a class="reference" '
            'data-kind="document" title="S/2020/476" href="https://undocs.org/en/S/2020/476">'
            "S/2020/476</a>&gt;,") in html
    assert ('<span class="reference" data-kind="charter_chapter" title="Charter Chapter VII">'
            "Chapter VII</span>") in html
    assert "<S/2020/476>" not in html
    page = read_html(html)
    assert RECALLING in page.text
    assert "https://undocs.org/en/S/RES/2531(2020)" in page.links


def test_html_shows_unrecognised_nodes_marked_with_their_line() -> None:
    doc = replace(mali(), unrecognised=(Unrecognised("<junk> at the end", Span(90, 1, 90, 18)),))
    html = render_resolution_html(doc)
    assert '<p class="unrecognised" data-line="12">@@ 28 bis ??</p>' in html
    assert '<p class="unrecognised" data-line="90">&lt;junk&gt; at the end</p>' in html


def test_html_headings_follow_their_level_annexes_and_footnotes_are_shown() -> None:
    doc = replace(mali(), body=(Heading("Part one", level=1), Heading("Section", level=2)))
    html = render_resolution_html(doc)
    assert '<h2 class="heading">Part one</h2>' in html
    assert '<h3 class="heading">Section</h3>' in html
    text = read_html(html).text
    assert "Annex" in text and "Priority measures" in text
    assert "S/2015/364/Add.2, annex." in text


def test_html_ignores_a_reference_outside_its_text_and_keeps_the_words() -> None:
    stray = Reference(ReferenceKind.DOCUMENT, "S/2020/1", 7, 500, "https://undocs.org/en/x")
    doc = Document(preamble=(Preambular("Noting the report,", "Noting", (stray,)),))
    html = render_resolution_html(doc)
    assert "<i class=\"lead\">Noting</i> the report," in html
    assert "undocs.org/en/x" not in html


def test_html_shows_the_covering_letter_before_the_resolution_in_its_language() -> None:
    letter = CoveringLetter("S/2020/613", ON_29_JUNE, "安全理事会主席的信", ("谨此告知 <…>",), "zh")
    html = render_resolution_html(replace(mali(), covering_letter=letter))
    assert ('<section class="covering-letter" lang="zh">\n<p class="symbol">S/2020/613</p>\n'
            '<p class="date">2020年6月29日</p>\n<h2>安全理事会主席的信</h2>\n'
            "<p>谨此告知 &lt;…&gt;</p>\n</section>") in html
    assert html.index("covering-letter") < html.index('class="masthead"')


def test_paragraphs_without_numbers_get_distinct_anchors() -> None:
    doc = Document(body=(Operative(None, "Decides one;"), Operative(None, "Decides two.")))
    ids = read_html(render_resolution_html(doc)).ids
    assert ids == ["para_x", "para_x-2"]


# -- plain text --------------------------------------------------------------------------------

def test_text_rendering_follows_docs_text_format_exactly() -> None:
    assert render_resolution_text(mali()) == MALI_TEXT


def test_text_writes_the_masthead_lines_it_has_and_the_annexes_by_number() -> None:
    doc = Document(masthead=Masthead(date=date(2021, 6, 1)), title="Resolution 1 (2021)",
                   annexes=(Annex("First"), Annex("Second", ("Text.",))))
    assert render_resolution_text(doc) == (
        "United Nations\nSecurity Council\n1 June 2021\n\nResolution 1 (2021)\n\n"
        "Annex I\n\nFirst\n\nAnnex II\n\nSecond\n\nText.\n"
    )


def test_text_puts_each_paragraph_on_one_line() -> None:
    doc = Document(body=(Operative(3, "Requests the\n  Secretary-General   to report."),))
    assert render_resolution_text(doc).endswith("\n\n3. Requests the Secretary-General to "
                                                "report.\n")


@pytest.mark.parametrize(
    ("adoption", "line"),
    [
        (Adoption(ON_29_JUNE, 8700), "Adopted by the Security Council at its 8700th meeting, "
                                     "on 29 June 2020"),
        (Adoption(ON_29_JUNE, 8701), "Adopted by the Security Council at its 8701st meeting, "
                                     "on 29 June 2020"),
        (Adoption(ON_29_JUNE, 8712), "Adopted by the Security Council at its 8712th meeting, "
                                     "on 29 June 2020"),
        (Adoption(ON_29_JUNE), "Adopted by the Security Council on 29 June 2020"),
        (Adoption(ON_29_JUNE, 1, "Adopted unanimously"), "Adopted unanimously"),
        (Adoption(), ""),
    ],
)
def test_the_adoption_line_is_the_one_written_or_the_uns_wording(adoption: Adoption,
                                                                  line: str) -> None:
    assert adoption_line(adoption) == line


# -- registry ----------------------------------------------------------------------------------

def test_both_are_registered_as_the_resolution_kind() -> None:
    assert {("resolution", "html"), ("resolution", "text")} <= set(RENDERERS)
    assert render("resolution", mali(), "en", "text") == MALI_TEXT
    assert render("resolution", mali(), "fr", "html") == render_resolution_html(mali(), "fr")


def test_the_resolution_renderer_refuses_what_is_not_a_document() -> None:
    with pytest.raises(InvalidInput, match="writes a Document"):
        RENDERERS[("resolution", "text")].render("not a document", "en")


# -- render → parse ----------------------------------------------------------------------------

def _parser() -> Callable[[str], Document]:
    try:
        from council.parse import parse_resolution
    except ImportError:
        pytest.skip("council.parse.parse_resolution is not written yet (issue 3, the parser)")
    parse: Callable[[str], Document] = parse_resolution
    return parse


def _with_found_references(doc: Document) -> Document:
    """The document with each text's references as ``find_references`` finds them, which is
    what the parser attaches."""
    from council.parse.references import find_references

    def point(p: Point) -> Point:
        return replace(p, references=find_references(p.text),
                       points=tuple(point(q) for q in p.points))

    def node(n: Any) -> Any:
        if isinstance(n, Preambular):
            return replace(n, references=find_references(n.text))
        if isinstance(n, Operative):
            return replace(n, references=find_references(n.text),
                           points=tuple(point(p) for p in n.points))
        return n

    return replace(doc, preamble=tuple(node(n) for n in doc.preamble),
                   body=tuple(node(n) for n in doc.body if not isinstance(n, Unrecognised)))


def hand_built() -> list[Any]:
    whole = _with_found_references(mali())
    short = Document(masthead=Masthead(symbol="S/RES/2532 (2020)"),
                     title="Resolution 2532 (2020)", formula="The Security Council,",
                     body=(Operative(1, "Demands a general cessation of hostilities;"),
                           Operative(2, "Decides to remain seized of the matter.")))
    return [
        pytest.param(whole, id="mali"),
        pytest.param(short, id="short"),
        pytest.param(replace(whole, footnotes=()), id="no-footnotes"),
        pytest.param(replace(whole, annexes=(), footnotes=()), id="no-annex"),
    ]


@pytest.mark.parametrize("doc", hand_built())
def test_render_text_then_parse_gives_the_same_document(doc: Document) -> None:
    parse = _parser()
    assert parse(render_resolution_text(doc)) == doc


def test_the_uns_xml_of_resolution_2531_survives_render_text_then_parse() -> None:
    parse = _parser()
    try:
        from council.parse.akn import read_akn
    except ImportError:
        pytest.skip("council.parse.akn.read_akn is not written yet (issue 3, the AKN reader)")
    doc = read_akn(Path(AKN_2531).read_bytes())
    assert len(doc.preambular_paragraphs) == 24
    assert len(doc.operative_paragraphs) == 65
    assert parse(render_resolution_text(doc)) == doc
