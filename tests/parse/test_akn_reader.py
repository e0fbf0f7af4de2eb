"""Reading the UN's Akoma Ntoso (AKN4UN) files into the model (issue 3).

The conformance corpus is the UN's own XML in shared/data: 115 resolutions, presidential
statements and drafts, and the 2020 resolutions in the six official languages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from council.domain.document import Document, Heading, Operative, Point, Preambular
from council.domain.errors import InvalidInput
from council.parse.akn import read_akn
from council.parse.references import find_references

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
RESOLUTIONS = sorted((DATA / "akn4un").glob("*.xml"))
OTHERS = sorted((DATA / "akn4un-other").glob("*.xml"))
SIX_LANGUAGES = sorted((DATA / "akn4un-2020-six-languages").glob("*/*.xml"))
ALL_FILES = RESOLUTIONS + OTHERS + SIX_LANGUAGES


def read(relative: str) -> Document:
    return read_akn((DATA / relative).read_bytes())


def nums(points: tuple[Point, ...]) -> list[str]:
    return [p.num for p in points]


def test_the_shared_corpus_is_complete() -> None:
    assert (len(RESOLUTIONS), len(OTHERS)) == (115, 5)
    assert {p.parent.name for p in SIX_LANGUAGES} == {"ar", "zh", "en", "fr", "ru", "es"}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_un_akn_file_loads_into_the_model(path: Path) -> None:
    doc = read_akn(path.read_bytes())
    assert doc.masthead.date is not None  # (zh 2511 has an empty docNumber: no symbol)
    assert doc.body


def test_resolution_2531_has_24_preambular_65_operative_paragraphs_and_16_headings() -> None:
    doc = read("akn4un/S_RES_2531_2020.xml")
    assert len(doc.preambular_paragraphs) == 24
    assert [p.number for p in doc.operative_paragraphs] == list(range(1, 66))
    assert len(doc.headings) == 16
    assert not doc.all_unrecognised()


def test_the_masthead_title_adoption_and_formula_of_2531_come_from_the_cover_page() -> None:
    doc = read("akn4un/S_RES_2531_2020.xml")
    assert doc.masthead.symbol == "S/RES/2531 (2020)"
    assert doc.masthead.body == "Security Council"
    assert doc.masthead.distribution == "General"
    assert doc.masthead.date == date(2020, 6, 29)
    assert doc.masthead.language == "en"
    assert doc.title == "Resolution 2531 (2020)"
    assert doc.adoption is not None
    assert doc.adoption.text == "Adopted by the Security Council on 29 June 2020"
    assert doc.adoption.written_procedure
    assert doc.formula == "The Security Council,"
    assert doc.kind == "resolution"


def test_paragraph_28_of_2531_nests_the_uns_sibling_sublists_as_sub_points() -> None:
    doc = read("akn4un/S_RES_2531_2020.xml")
    p28 = next(p for p in doc.operative_paragraphs if p.number == 28)
    assert p28.text == "Decides that MINUSMA’s mandate shall include the following priority tasks:"
    assert p28.lead == "Decides"
    assert nums(p28.points) == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    a, c = p28.points[0], p28.points[2]
    assert a.text == ("Support to the implementation of the Agreement on Peace and "
                      "Reconciliation in Mali")
    assert nums(a.points) == ["(i)", "(ii)", "(iii)", "(iv)", "(v)"]
    assert nums(a.points[2].points) == ["–"] * 4
    assert a.points[2].points[0].text.startswith("to support, monitor and supervise the ceasefire")
    assert nums(c.points[1].points) == ["–"] * 5


def test_heading_levels_come_from_the_first_digit_of_the_class() -> None:
    doc = read("akn4un/S_RES_2531_2020.xml")
    levels = {h.text: h.level for h in doc.headings}
    assert levels["Implementation of the Agreement on Peace and Reconciliation in Mali"] == 2  # H23
    assert levels["Priority tasks"] == 4  # H4


def test_leads_are_the_first_italic_span_and_texts_are_whitespace_normalised() -> None:
    doc = read("akn4un/S_RES_2531_2020.xml")
    first = doc.preambular_paragraphs[0]
    assert first == Preambular(
        "Recalling all its previous resolutions, statements of its President and press "
        "statements on the situation in Mali,", references=first.references)
    assert first.lead == "Recalling"
    assert doc.preambular_paragraphs[5].lead == "Strongly condemning"
    assert doc.operative_paragraphs[0].lead == "Urges"


def test_references_are_found_in_the_text_not_taken_from_the_uns_links() -> None:
    doc = read("akn4un/S_RES_2531_2020.xml")
    for node in (*doc.preambular_paragraphs, *doc.operative_paragraphs):
        assert node.references == find_references(node.text)
    # The UN splits "2480 (2019)" over two links; the text keeps it whole.
    assert "resolution 2480 (2019) but regrets" in doc.operative_paragraphs[1].text


def test_spans_give_the_elements_source_line_and_column_1() -> None:
    doc = read("akn4un/S_RES_2531_2020.xml")
    p28 = next(p for p in doc.operative_paragraphs if p.number == 28)
    source = (DATA / "akn4un/S_RES_2531_2020.xml").read_text(encoding="utf-8").splitlines()
    assert 'eId="para_169"' in source[p28.span.line - 1]
    assert p28.span.column == 1 and p28.span.end_line > p28.span.line


@pytest.mark.parametrize(
    ("relative", "meeting", "day"),
    [
        ("akn4un/S_RES_2504_2020.xml", 8700, date(2020, 1, 10)),
        ("akn4un/S_RES_1325_2000.xml", 4213, date(2000, 10, 31)),
        ("akn4un-2020-six-languages/zh/S_RES_2504_2020.xml", 8700, date(2020, 1, 10)),
        ("akn4un-2020-six-languages/fr/S_RES_2504_2020.xml", 8700, date(2020, 1, 10)),
        ("akn4un-2020-six-languages/ru/S_RES_2504_2020.xml", 8700, date(2020, 1, 10)),
        # Meeting number inside a docDate dated 0001-01-01 (shared/README.md).
        ("akn4un-2020-six-languages/ar/S_RES_2545_2020.xml", 8760, date(2020, 9, 25)),
        ("akn4un/S_RES_2531_2020.xml", None, date(2020, 6, 29)),
    ],
)
def test_the_adoption_line_gives_the_meeting_number_and_date(
    relative: str, meeting: int | None, day: date
) -> None:
    adoption = read(relative).adoption
    assert adoption is not None
    assert (adoption.meeting, adoption.date) == (meeting, day)


def test_the_missing_space_in_on31_october_is_restored() -> None:
    adoption = read("akn4un/S_RES_1325_2000.xml").adoption
    assert adoption is not None
    assert adoption.text == ("Adopted by the Security Council at its 4213th meeting, "
                             "on 31 October 2000")


def test_an_adoption_date_of_0001_01_01_falls_back_to_the_cover_page_date() -> None:
    doc = read("akn4un-2020-six-languages/ar/S_RES_2521_2020.xml")
    assert doc.adoption is not None and doc.adoption.date == date(2020, 5, 29)
    assert doc.adoption.text.startswith("الذي اتخذه مجلس الأمن")


def test_a_translation_whose_adoption_line_is_empty_has_none() -> None:
    doc = read("akn4un-2020-six-languages/fr/S_RES_2549_2020.xml")
    assert doc.adoption is None and doc.masthead.date == date(2020, 11, 5)


def test_the_language_comes_from_frbr_language() -> None:
    codes = {p.parent.name: read_akn(p.read_bytes()).masthead.language
             for p in SIX_LANGUAGES if p.name == "S_RES_2531_2020.xml"}
    assert codes == {"ar": "ar", "zh": "zh", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}


def test_the_six_language_versions_of_2531_have_the_same_operative_numbers() -> None:
    numbers = {p.parent.name: [o.number for o in read_akn(p.read_bytes()).operative_paragraphs]
               for p in SIX_LANGUAGES if p.name == "S_RES_2531_2020.xml"}
    assert all(n == list(range(1, 66)) for n in numbers.values()), numbers


def test_headings_typed_as_plain_paragraphs_become_headings() -> None:
    # The Chinese 2531 has its 16 headings as unnumbered MercuryDocument paragraphs.
    doc = read("akn4un-2020-six-languages/zh/S_RES_2531_2020.xml")
    assert len(doc.headings) == 16
    assert doc.headings[0].text == "《马里和平与和解协议》的执行"


def test_points_cut_loose_from_their_list_go_back_to_the_preceding_paragraph() -> None:
    doc = read("akn4un/S_RES_2423_2018.xml")
    p38 = next(p for p in doc.operative_paragraphs if p.number == 38)
    assert nums(p38.points) == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    assert nums(p38.points[2].points) == ["(i)", "(ii)", "(iii)", "(iv)"]
    assert nums(p38.points[3].points[1].points) == ["–"] * 5
    assert [p.number for p in doc.operative_paragraphs] == list(range(1, 73))


def _body(main_body: str, preamble: str = "") -> str:
    return ('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
            f'<statement name="resolution"><preamble>{preamble}</preamble>'
            f"<mainBody>{main_body}</mainBody></statement></akomaNtoso>")


def test_a_point_label_typed_in_the_text_before_a_tab_is_the_points_label() -> None:
    # ar 2514 (2020): "‘1’<tab>حماية المدنيين …" in paragraphs without num, where the English
    # has (i) in num; the typed "‘1’" reads as the num form "’1‘". ru 2552 (2020): "а)<tab>".
    doc = read("akn4un-2020-six-languages/ar/S_RES_2514_2020.xml")
    p8 = next(p for p in doc.operative_paragraphs if p.number == 8)
    assert nums(p8.points[0].points) == [f"’{n}‘" for n in range(1, 9)]
    assert p8.points[0].points[0].text.startswith("حماية المدنيين المعرضين")
    p33 = next(p for p in read("akn4un-2020-six-languages/ru/S_RES_2552_2020.xml")
               .operative_paragraphs if p.number == 33)
    assert nums(p33.points) == ["а)", "b)", "c)", "d)", "e)"]
    assert p33.points[0].text.startswith("оказывать содействие Комитету")


def test_only_a_label_followed_by_a_tab_is_taken_from_the_text() -> None:
    doc = read_akn(_body(
        '<paragraph><num>1.</num><content><p>Decides:</p></content></paragraph>'
        '<paragraph><content><p>\t(a)\tTo act;</p></content></paragraph>'
        '<paragraph><content><p>(b) and to report.</p></content></paragraph>'))
    (a_point,) = doc.operative_paragraphs[0].points
    assert (a_point.num, a_point.text) == ("(a)", "To act;")
    # Without the tab "(b)" stays text: an unlabelled paragraph after a loose point joins it.
    assert [(p.num, p.text) for p in a_point.points] == [("", "(b) and to report.")]


def test_a_point_closed_into_the_sublist_before_it_goes_back_to_its_eid_level() -> None:
    # ru 2524 (2020), paragraph 2: point para_21_list_point_iii "(iii)" is inside
    # para_21_list_point_ii_sublist; its own sublist follows. The English has (i)–(iv).
    doc = read("akn4un-2020-six-languages/ru/S_RES_2524_2020.xml")
    p2 = next(p for p in doc.operative_paragraphs if p.number == 2)
    assert nums(p2.points) == ["i)", "ii)", "(iii)", "iv)"]
    assert [nums(p.points) for p in p2.points] == [["a.", "b.", "c."], ["a.", "b."],
                                                   ["a.", "b.", "c.", "d."], ["a.", "b.", "c."]]


def test_a_preambular_paragraph_cut_into_two_containers_is_one_paragraph() -> None:
    # ru 2537 (2020): container_6 ends "приветствуя усилия", container_7 goes on
    # "по объединению …, <i>рекомендуя</i> …": one paragraph, as in the English expression.
    doc = read("akn4un-2020-six-languages/ru/S_RES_2537_2020.xml")
    assert len(doc.preambular_paragraphs) == 15
    cut = doc.preambular_paragraphs[4]
    assert "приветствуя усилия по объединению более широкого круга" in cut.text
    assert cut.lead == "ссылаясь"
    # A paragraph after one without final punctuation that opens with its italic lead (en
    # 2524 "… and independence" then "Stressing …") stays a paragraph of its own.
    two = read_akn(_body(
        '<paragraph><num>1.</num><content><p>Decides.</p></content></paragraph>',
        '<container><p><i class="italic">Recalling</i> its resolutions</p></container>'
        '<container><p><span class="italic">Stressing</span> the need,</p></container>'))
    assert len(two.preambular_paragraphs) == 2


def test_a_wrap_up_after_the_list_is_kept() -> None:
    doc = read("akn4un/S_RES_2662_2022.xml")
    wrapped = [p for p in doc.operative_paragraphs if p.wrap_up]
    assert wrapped[0].wrap_up == ("confirms it will keep all notification processes required "
                                  "and exemptions under review;")


def test_footnotes_are_kept_apart_from_the_paragraph_text() -> None:
    doc = read("akn4un/S_RES_2558_2020.xml")
    assert [(f.marker, f.text) for f in doc.footnotes] == [("1", "A/74/976-S/2020/773.")]
    welcoming = doc.preambular_paragraphs[-1]
    assert "sustaining peace, and the valuable inputs" in welcoming.text
    assert "A/74/976" not in welcoming.text


def test_attachments_become_annexes() -> None:
    # The UN put both annexes of 2610 in one attachment, "Annex I" and "Annex II" as
    # paragraphs: as in the text form, a label starts an annex and the block after it is
    # its title.
    annexes = read("akn4un/S_RES_2610_2021.xml").annexes
    assert len(annexes) == 2
    assert annexes[0].title.startswith("In accordance with paragraph 98 of this resolution")
    assert annexes[1].title.startswith("In accordance with paragraph 63 of this resolution")
    assert "Annex II" not in annexes[0].paragraphs
    letter = read("akn4un/S_RES_1956_2010.xml").annexes[0]
    assert letter.title.startswith("Letter dated 8 December 2010 from the Prime Minister of Iraq")


def test_sections_give_headings_and_their_cross_headings_unnumbered_paragraphs() -> None:
    doc = read("akn4un/S_RES_1295_2000.xml")
    # Section "A" opens with preambular lines before paragraph 1: they stay in the preamble,
    # where the text form reads them (docs/roundtrip.md).
    assert doc.preamble[-3] == Heading("A")
    assert isinstance(doc.preamble[-2], Preambular)
    assert doc.preamble[-2].text.startswith("Determining that the situation in Angola")
    assert isinstance(doc.body[0], Operative) and doc.body[0].number == 1
    b = doc.body.index(Heading("B"))
    after = doc.body[b + 1]
    assert isinstance(after, Operative) and after.number is None
    assert after.text == "With regard to the trade in arms,"


def test_tables_and_stray_blocks_are_kept_as_unrecognised() -> None:
    doc = read("akn4un/S_RES_1973_2011.xml")
    texts = [u.text for u in doc.all_unrecognised()]
    assert any(t.startswith("Number Name") for t in texts)


@pytest.mark.parametrize(
    ("relative", "kind", "title"),
    [
        ("akn4un-other/S_PRST_2018_10.xml", "statement",
         "Statement by the President of the Security Council"),
        ("akn4un-other/S_PRST_2005_10.xml", "statement",
         "Statement by the President of the Security Council"),
        # Marked up as statement name="resolution": the symbol says otherwise.
        ("akn4un-other/S_PRST_2020_11.xml", "statement",
         "Statement by the President of the Security Council"),
        ("akn4un-other/S_2024_173.xml", "draft", "Algeria: draft resolution"),
    ],
)
def test_statements_and_drafts_are_read_with_their_kind_and_title(
    relative: str, kind: str, title: str
) -> None:
    doc = read(relative)
    assert (doc.kind, doc.title) == (kind, title)


def test_a_presidential_statement_is_a_body_of_unnumbered_paragraphs() -> None:
    doc = read("akn4un-other/S_PRST_2018_10.xml")
    assert not doc.preamble and not doc.formula
    assert all(isinstance(n, Operative) and n.number is None for n in doc.body)
    assert doc.body[0].text.startswith("At the 8253rd meeting of the Security Council")


def test_text_input_with_an_encoding_declaration_is_read_like_bytes() -> None:
    raw = (DATA / "akn4un/S_RES_2531_2020.xml").read_bytes()
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + raw.decode("utf-8")
    assert read_akn(text) == read_akn(raw)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"<akomaNtoso><statement>", "not well-formed"),
        (b"<html><body/></html>", "Root element 'html' at line 1 is not Akoma Ntoso"),
    ],
)
def test_input_that_is_not_akoma_ntoso_is_refused_with_a_clear_message(
    xml: bytes, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_akn(xml)


def test_an_empty_akoma_ntoso_document_reads_as_an_empty_document() -> None:
    assert read_akn(b"<akomaNtoso/>") == Document()
