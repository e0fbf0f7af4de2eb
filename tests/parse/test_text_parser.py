"""Typed text and the plain-text form of docs/text-format.md parse to the expected documents
(issue 3, acceptance 4), as tables of (input, expected) pairs.

Equality ignores spans, lead words and heading levels, so the expected documents are written
without them; references are whatever ``find_references`` finds in each text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

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
    Span,
    Unrecognised,
)
from council.parse import parse_resolution
from council.parse.references import find_references

TEXT_FORMAT = Path(__file__).resolve().parents[2] / "docs" / "text-format.md"
FORMULA = "The Security Council,"


def pre(text: str) -> Preambular:
    return Preambular(text, references=find_references(text))


def op(number: int | None, text: str, *points: Point, wrap_up: str = "") -> Operative:
    return Operative(number, text, points=points, wrap_up=wrap_up, references=find_references(text))


def pt(num: str, text: str, *points: Point, wrap_up: str = "") -> Point:
    return Point(num, text, points=points, wrap_up=wrap_up, references=find_references(text))


def doc(*nodes: Preambular | Operative | Heading, **fields: object) -> Document:
    preamble = tuple(n for n in nodes if isinstance(n, Preambular))
    body = tuple(n for n in nodes if not isinstance(n, Preambular))
    return Document(preamble=preamble, body=body, **fields)  # type: ignore[arg-type]


LETTERS = "abcdefgh"

CASES: list[tuple[str, str, Document]] = [
    (
        "one paragraph per line, blank lines between",
        "The Security Council,\n\nRecalling its resolution 2480 (2019),\n\n"
        "1. Decides to extend the mandate until 30 June 2021;\n\n"
        "2. Decides to remain seized of the matter.\n",
        doc(
            pre("Recalling its resolution 2480 (2019),"),
            op(1, "Decides to extend the mandate until 30 June 2021;"),
            op(2, "Decides to remain seized of the matter."),
            formula=FORMULA,
        ),
    ),
    (
        "blank lines are optional",
        "The Security Council,\nRecalling its resolution 2480 (2019),\n"
        "Expressing grave concern about the situation,\n1. Decides to remain seized of the matter.",
        doc(
            pre("Recalling its resolution 2480 (2019),"),
            pre("Expressing grave concern about the situation,"),
            op(1, "Decides to remain seized of the matter."),
            formula=FORMULA,
        ),
    ),
    (
        "whitespace inside a paragraph becomes single spaces; CRLF line ends",
        "The Security Council,\r\n\r\nRecalling   its\tresolution 2480 (2019),\r\n\r\n"
        "1.  Decides\u00a0to remain  seized of the matter.\r\n",
        doc(
            pre("Recalling its resolution 2480 (2019),"),
            op(1, "Decides to remain seized of the matter."),
            formula=FORMULA,
        ),
    ),
    (
        "masthead, title and adoption at a meeting",
        "United Nations\nS/RES/2510 (2020)\nSecurity Council\nDistr.: General\n10 January 2020\n\n"
        "Resolution 2510 (2020)\n\n"
        "Adopted by the Security Council at its 8700th meeting, on 10 January 2020\n\n"
        "The Security Council,\n\n1. Decides to remain seized of the matter.\n",
        doc(
            op(1, "Decides to remain seized of the matter."),
            masthead=Masthead(
                symbol="S/RES/2510 (2020)", distribution="General", date=date(2020, 1, 10)
            ),
            title="Resolution 2510 (2020)",
            adoption=Adoption(
                date(2020, 1, 10),
                8700,
                "Adopted by the Security Council at its 8700th meeting, on 10 January 2020",
            ),
            formula=FORMULA,
        ),
    ),
    (
        "adoption by written procedure has no meeting",
        "Resolution 2531 (2020)\n\nAdopted by the Security Council on 29 June 2020\n\n"
        "The Security Council,\n\n65. Decides to remain actively seized of the matter.\n",
        doc(
            op(65, "Decides to remain actively seized of the matter."),
            masthead=Masthead(symbol="S/RES/2531 (2020)", date=date(2020, 6, 29)),
            title="Resolution 2531 (2020)",
            adoption=Adoption(
                date(2020, 6, 29), None, "Adopted by the Security Council on 29 June 2020"
            ),
            formula=FORMULA,
        ),
    ),
    (
        "points nested by indentation, 4 spaces a level",
        "1. Decides that the mandate shall include:\n"
        "    (a) Support to the Agreement:\n"
        "        (i) to use good offices;\n"
        "        (ii) to support reforms, notably:\n"
        "            – to support the ceasefire,\n"
        "            – to support the cantonment;\n"
        "    (b) Protection of civilians;\n"
        "2. Decides to remain seized of the matter.\n",
        doc(
            op(
                1,
                "Decides that the mandate shall include:",
                pt(
                    "(a)",
                    "Support to the Agreement:",
                    pt("(i)", "to use good offices;"),
                    pt(
                        "(ii)",
                        "to support reforms, notably:",
                        pt("–", "to support the ceasefire,"),
                        pt("–", "to support the cantonment;"),
                    ),
                ),
                pt("(b)", "Protection of civilians;"),
            ),
            op(2, "Decides to remain seized of the matter."),
        ),
    ),
    (
        "(i) after (h) is a letter, not a roman numeral",
        "1. Requests the following:\n"
        + "".join(f"    ({letter}) item {letter};\n" for letter in LETTERS)
        + "    (i) item i;\n    (j) item j.\n",
        doc(
            op(
                1,
                "Requests the following:",
                *(pt(f"({letter})", f"item {letter};") for letter in LETTERS),
                pt("(i)", "item i;"),
                pt("(j)", "item j."),
            )
        ),
    ),
    (
        "(i) after (h) is a letter without indentation too",
        "1. Requests the following:\n"
        + "".join(f"({letter}) item {letter};\n" for letter in LETTERS)
        + "(i) item i;\n(j) item j.\n",
        doc(
            op(
                1,
                "Requests the following:",
                *(pt(f"({letter})", f"item {letter};") for letter in LETTERS),
                pt("(i)", "item i;"),
                pt("(j)", "item j."),
            )
        ),
    ),
    (
        "(i) under an (h) that ends with a colon is a roman numeral",
        "1. Requests the following:\n"
        + "".join(f"({letter}) item {letter};\n" for letter in LETTERS[:-1])
        + "(h) item h, namely:\n(i) first;\n(ii) second;\n(i) item i.\n",
        doc(
            op(
                1,
                "Requests the following:",
                *(pt(f"({letter})", f"item {letter};") for letter in LETTERS[:-1]),
                pt("(h)", "item h, namely:", pt("(i)", "first;"), pt("(ii)", "second;")),
                pt("(i)", "item i."),
            )
        ),
    ),
    (
        "dash labels become en dashes, whatever was typed",
        "3. Urges the parties to:\n    - achieve results,\n    — ensure reform,\n    • continue,\n",
        doc(
            op(
                3,
                "Urges the parties to:",
                pt("–", "achieve results,"),
                pt("–", "ensure reform,"),
                pt("–", "continue,"),
            )
        ),
    ),
    (
        "wrap-up text after the points, at the paragraph's indentation",
        "5. Decides that all States shall:\n    (a) freeze funds;\n    (b) report;\n"
        "and requests the Committee to report.\n6. Decides to remain seized of the matter.\n",
        doc(
            op(
                5,
                "Decides that all States shall:",
                pt("(a)", "freeze funds;"),
                pt("(b)", "report;"),
                wrap_up="and requests the Committee to report.",
            ),
            op(6, "Decides to remain seized of the matter."),
        ),
    ),
    (
        "wrap-up text of a point, at the point's indentation",
        "5. Decides:\n    (a) that States shall:\n        (i) freeze funds;\n"
        "        (ii) report;\n    as the Committee decides;\n    (b) to review.\n",
        doc(
            op(
                5,
                "Decides:",
                pt(
                    "(a)",
                    "that States shall:",
                    pt("(i)", "freeze funds;"),
                    pt("(ii)", "report;"),
                    wrap_up="as the Committee decides;",
                ),
                pt("(b)", "to review."),
            )
        ),
    ),
    (
        "unlabelled paragraphs under a point are points without a label",
        "29. Further authorizes MINUSMA to assist in:\n    (a) Quick impact projects\n"
        "        To contribute to a secure environment;\n    (b) Cooperation with Committees\n"
        "        To assist the Committee;\n        To assist the Monitoring Team;\n",
        doc(
            op(
                29,
                "Further authorizes MINUSMA to assist in:",
                pt(
                    "(a)", "Quick impact projects", pt("", "To contribute to a secure environment;")
                ),
                pt(
                    "(b)",
                    "Cooperation with Committees",
                    pt("", "To assist the Committee;"),
                    pt("", "To assist the Monitoring Team;"),
                ),
            )
        ),
    ),
    (
        "headings between paragraphs; the one before paragraph 1 belongs to the body",
        "The Security Council,\n\n"
        "Acting under Chapter VII of the Charter of the United Nations,\n\n"
        "Implementation of the Agreement\n\n1. Urges the parties to act;\n\n"
        "MINUSMA’s mandate\n\nGeneral principles\n\n16. Decides to extend the mandate;\n",
        doc(
            pre("Acting under Chapter VII of the Charter of the United Nations,"),
            Heading("Implementation of the Agreement"),
            op(1, "Urges the parties to act;"),
            Heading("MINUSMA’s mandate"),
            Heading("General principles"),
            op(16, "Decides to extend the mandate;"),
            formula=FORMULA,
        ),
    ),
    (
        "annexes and footnotes",
        "1. Endorses the plan annexed to this resolution.\n\nAnnex I\n\nThe plan\n\n"
        "First paragraph of the plan.\n\nSecond paragraph.\n\nAnnex II\n\nThe timetable\n\n"
        "Footnotes\n\n1 Text of footnote 1.\n\n2 See S/2020/476.\n",
        doc(
            op(1, "Endorses the plan annexed to this resolution."),
            annexes=(
                Annex("The plan", ("First paragraph of the plan.", "Second paragraph.")),
                Annex("The timetable"),
            ),
            footnotes=(Footnote("1", "Text of footnote 1."), Footnote("2", "See S/2020/476.")),
        ),
    ),
    (
        "an unnumbered operative paragraph of an old resolution",
        "The Security Council,\n\nHaving considered the communication of the Government,\n\n"
        "Calls for the immediate termination of any action likely to cause bloodshed.\n",
        doc(
            pre("Having considered the communication of the Government,"),
            op(
                None, "Calls for the immediate termination of any action likely to cause bloodshed."
            ),
            formula=FORMULA,
        ),
    ),
    (
        "a yearbook adoption line after the paragraphs, with its footnote",
        "9 (1946). Resolution of 15 October 1946\n\nThe Security Council,\n\n"
        "Resolves that:\n\n1. The Court shall be open to a State.\n\n"
        "Adopted unanimously at the 76th meeting. 4\n\n4 Adopted without vote.\n",
        doc(
            op(None, "Resolves that:"),
            op(1, "The Court shall be open to a State."),
            masthead=Masthead(symbol="S/RES/9 (1946)", date=date(1946, 10, 15)),
            title="Resolution 9 (1946)",
            adoption=Adoption(date(1946, 10, 15), 76, "Adopted unanimously at the 76th meeting. 4"),
            formula=FORMULA,
            footnotes=(Footnote("4", "Adopted without vote."),),
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_typed_text_parses_to_the_expected_document(text: str, expected: Document) -> None:
    assert parse_resolution(text) == expected


def text_format_example() -> str:
    """The example block of docs/text-format.md (the shared plain-text form)."""
    source = TEXT_FORMAT.read_text(encoding="utf-8")
    match = re.search(r"```\n(.*?)```", source, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_the_text_format_example_parses_to_its_document() -> None:
    expected = doc(
        pre(
            "Recalling all its previous resolutions, statements of its President and press "
            "statements on the situation in Mali,"
        ),
        Heading("Implementation of the Agreement on Peace and Reconciliation in Mali"),
        op(
            1,
            "Urges the Government of Mali and the Plateforme and Coordination armed groups "
            "(“the Malian parties”) to continue ...;",
        ),
        op(
            28,
            "Decides that MINUSMA’s mandate shall include the following priority tasks:",
            pt(
                "(a)",
                "Support to the implementation of the Agreement on Peace and Reconciliation in "
                "Mali and the Transition in Mali:",
                pt("(i)", "to use the SRSG’s good offices ...;"),
                pt(
                    "(iii)",
                    "To support the implementation of the defence and security measures of the "
                    "Agreement, ...:",
                    pt("–", "to support, monitor and supervise the ceasefire, ...,"),
                ),
            ),
            pt("(b)", "Support to stabilization ..."),
        ),
        op(65, "Decides to remain actively seized of the matter."),
        masthead=Masthead(
            symbol="S/RES/2531 (2020)", distribution="General", date=date(2020, 6, 29)
        ),
        title="Resolution 2531 (2020)",
        adoption=Adoption(
            date(2020, 6, 29), None, "Adopted by the Security Council on 29 June 2020"
        ),
        formula=FORMULA,
        annexes=(Annex("Title of the annex", ("First paragraph of the annex.",)),),
        footnotes=(Footnote("1", "Text of footnote 1."),),
    )
    assert parse_resolution(text_format_example()) == expected


LEADS = [
    ("Recalling all its previous resolutions,", "Recalling"),
    ("Strongly condemning the continued attacks,", "Strongly condemning"),
    ("Expressing grave concern about the situation,", "Expressing grave concern"),
    ("Taking note of the report of the Secretary-General,", "Taking note of"),
    ("Bearing in mind its primary responsibility,", "Bearing in mind"),
    ("Deeply concerned by the violence,", "Deeply concerned"),
    ("Reaffirming also its commitment,", "Reaffirming also"),
]


@pytest.mark.parametrize(("text", "lead"), LEADS)
def test_preambular_lead_is_its_opening_words(text: str, lead: str) -> None:
    document = parse_resolution(f"The Security Council,\n\n{text}\n\n1. Decides to act.\n")
    assert document.preambular_paragraphs[0].lead == lead


OPERATIVE_LEADS = [
    ("Decides to extend the mandate;", "Decides"),
    ("Calls upon all parties to comply;", "Calls upon"),
    ("Further requests the Secretary-General to report;", "Further requests"),
    ("Takes note of the report;", "Takes note of"),
    ("Strongly condemns all attacks;", "Strongly condemns"),
]


@pytest.mark.parametrize(("text", "lead"), OPERATIVE_LEADS)
def test_operative_lead_is_its_opening_verb(text: str, lead: str) -> None:
    assert parse_resolution(f"1. {text}\n").operative_paragraphs[0].lead == lead


def test_a_line_that_cannot_be_placed_is_kept_with_its_position() -> None:
    document = parse_resolution(
        "1. Decides to act;\n\n  %%% ### %%%\n\n2. Decides to remain seized.\n"
    )
    assert [op.number for op in document.operative_paragraphs] == [1, 2]
    assert document.all_unrecognised() == (Unrecognised("%%% ### %%%"),)
    assert document.all_unrecognised()[0].span == Span(3, 3, 3, 14)


def test_a_point_before_any_paragraph_is_kept_as_unrecognised() -> None:
    document = parse_resolution("Implementation\n\n(a) an orphan point;\n\n1. Decides to act.\n")
    assert Unrecognised("(a) an orphan point;") in document.all_unrecognised()
    assert document.operative_paragraphs == (op(1, "Decides to act."),)


def test_typed_spans_give_first_and_last_line_and_column() -> None:
    text = "The Security Council,\n\nRecalling its resolution,\n\n1. Decides:\n    (a) to act;\n"
    document = parse_resolution(text)
    assert document.preambular_paragraphs[0].span == Span(3, 1, 3, 26)
    paragraph = document.operative_paragraphs[0]
    assert paragraph.span == Span(5, 1, 6, 16)
    assert paragraph.points[0].span == Span(6, 5, 6, 16)


def test_ocr_line_end_hyphenation_is_mended_but_compounds_keep_their_hyphen() -> None:
    text = (
        "The Security Council,\n\n"
        "Deploring the policies of the Govern-\nment which have given rise to the situation,\n\n"
        "Noting the views of the non-\nStates parties and the Secretary-\nGeneral and the self-\n"
        "sufficiency of the inhabitants,\n\n"
        "1. Calls upon both parties to co-\noperate in the restoration of peace\n"
        "in accord-\nance with the Charter;\n"
    )
    document = parse_resolution(text)
    first, second = (p.text for p in document.preambular_paragraphs)
    assert (
        first == "Deploring the policies of the Government which have given rise to the situation,"
    )
    assert "non-States" in second and "Secretary-General" in second and "self-sufficiency" in second
    paragraph = document.operative_paragraphs[0].text
    assert "to co-operate in" in paragraph and "in accordance with" in paragraph


def test_footnote_numbers_glued_by_ocr_are_separated_where_sure() -> None:
    text = (
        "Resolution 338 (1973)\nof 22 October 1973\n\nThe Security Council,\n\n"
        "1. Calls upon the parties to implement resolution 2421 in all of its parts;\n\n"
        "2. Decides that the Security Council shall meet, and that the Council1 shall be "
        "informed, in accordance with General Assembly resolution 1514 (XV);\n\n"
        "Adopted at the 1747th meeting.\n\n1 Ibid.\n"
    )
    first, second = (op.text for op in parse_resolution(text).operative_paragraphs)
    assert first == "Calls upon the parties to implement resolution 242 1 in all of its parts;"
    assert "the Council 1 shall be informed" in second
    assert "General Assembly resolution 1514 (XV)" in second  # a GA resolution, left alone
