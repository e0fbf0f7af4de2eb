"""Render → parse is the identity on every document the plain-text form can represent
(STYLE.md §5, docs/text-format.md).

The documents are generated from a small vocabulary so that no word looks like a label, a
number, a date or a masthead line by accident: masthead with symbol and date (or none), title,
adoption line (at a meeting or by written procedure), formula; preambular paragraphs ending
with ","; headings without final punctuation; operative paragraphs numbered 1..n ending with
";", "." or ":" before their points, with points (a) → (i) → "–", unlabelled points and
wrap-ups; unnumbered operative paragraphs; decorative lines the parser keeps unrecognised;
annexes and footnotes. Texts sometimes mention "resolution 2480 (2019)" or "S/2020/476", and
every node's ``references`` are what ``find_references`` finds in its text, as the parser
computes them.

What the form cannot represent is left out on purpose, each for the rule that decides it
(docs/text-format.md): a heading must not open like a preambular paragraph; an unlabelled
point does not follow a point with sub-points (it would read as that point's wrap-up); a
paragraph's wrap-up is closed; an unnumbered operative paragraph does not follow a
paragraph's points (it would read as its wrap-up). And the text must read as typed (one
paragraph per line): ``clean.detect_layout`` wants at most half of the lines of 25 characters
or more to lack final punctuation; a short document whose adoption line and headings
outnumber its paragraphs reads as hard-wrapped text instead (about 2% of these examples,
left out with ``assume``; docs/roundtrip.md).
"""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from council.domain.document import (
    Adoption,
    Annex,
    BodyNode,
    Document,
    Footnote,
    Heading,
    Masthead,
    Operative,
    Point,
    PreambleNode,
    Preambular,
    Unrecognised,
)
from council.parse import parse_resolution
from council.parse.clean import Layout, clean_lines
from council.parse.references import find_references
from council.render.language import format_date
from council.render.resolution import render_resolution_text

WORDS = ["peace", "security", "mission", "support", "regional", "efforts", "civilians", "full",
         "humanitarian", "access", "all", "parties", "to", "the", "of", "and", "in", "its",
         "mandate", "political", "process", "national", "authorities", "human", "rights",
         "inclusive", "dialogue", "women", "protection", "with", "for", "further", "measures"]
MENTIONS = ["resolution 2480 (2019)", "S/2020/476", "Chapter VII of the Charter"]
PREAMBLE_LEADS = ["Recalling", "Reaffirming", "Noting with concern", "Welcoming",
                  "Stressing", "Expressing its appreciation", "Taking note of", "Determining"]
VERBS = ["Decides", "Requests", "Urges", "Calls upon", "Welcomes", "Encourages", "Demands",
         "Further requests", "Reiterates"]
HEADING_WORDS = ["Sanctions", "Reports", "Mandate", "Implementation", "General", "Priority",
                 "Tasks", "Elections", "Other", "Justice", "Civilians", "Mali", "Benchmarks"]
LETTERS = "abcdefgh"
ROMANS = ["i", "ii", "iii", "iv", "v"]

words = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS),
                           st.sampled_from(MENTIONS)), min_size=1, max_size=12).map(" ".join)
closing = st.sampled_from([";", "."])


def _text(opening: st.SearchStrategy[str], end: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda first, rest, stop: f"{first} {rest}{stop}", opening, words, end)


preambular_texts = _text(st.sampled_from(PREAMBLE_LEADS), st.just(","))
operative_texts = _text(st.sampled_from(VERBS), closing)
point_texts = _text(st.sampled_from(WORDS), closing)
heading_texts = st.one_of(
    st.sampled_from(["A", "B", "C"]),
    st.lists(st.sampled_from(HEADING_WORDS), min_size=1, max_size=3).map(" ".join),
)
# A point's own wrap-up may be any text without a label; a paragraph's must be closed.
wrap_up_texts = _text(st.sampled_from(["and", "provided", "in", "to"]), closing)


def _preambular(text: str) -> Preambular:
    return Preambular(text, text.split()[0], find_references(text))


def _point(num: str, text: str, points: tuple[Point, ...] = (), wrap_up: str = "") -> Point:
    return Point(num, text, points, wrap_up, find_references(text))


@st.composite
def point_lists(draw: st.DrawFn, depth: int) -> tuple[Point, ...]:
    """Points at ``depth`` (1: (a), 2: (i), 3: "–"); an unlabelled point only where the point
    before it has no sub-points."""
    count = draw(st.integers(1, 4))
    points: list[Point] = []
    for index in range(count):
        if depth == 1:
            num = f"({LETTERS[index]})"
        elif depth == 2:
            num = f"({ROMANS[index]})"
        else:
            num = "–"
        if draw(st.integers(0, 5)) == 0 and (not points or not points[-1].points):
            num = ""
        children: tuple[Point, ...] = ()
        if depth < 3 and num and draw(st.integers(0, 2)) == 0:
            children = draw(point_lists(depth + 1))
        text = draw(point_texts)
        if children:
            text = text[:-1] + ":"
        wrap_up = draw(wrap_up_texts) if draw(st.booleans()) and children else ""
        points.append(_point(num, text, children, wrap_up))
    return tuple(points)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[BodyNode, ...]:
    count = draw(st.integers(0, 5))
    nodes: list[BodyNode] = []
    number = 0
    for _ in range(count):
        if number and draw(st.integers(0, 4)) == 0:
            nodes.append(Heading(draw(heading_texts)))
        if number and draw(st.integers(0, 6)) == 0:
            nodes.append(Unrecognised(draw(st.sampled_from(["*", "* * *"]))))
        last = nodes[-1] if nodes else None
        after_points = isinstance(last, Operative) and bool(last.points) and not last.wrap_up
        if number and not after_points and draw(st.integers(0, 5)) == 0:
            text = draw(operative_texts)
            nodes.append(Operative(None, text, "", references=find_references(text)))
            continue
        number += 1
        points = draw(point_lists(1)) if draw(st.integers(0, 2)) == 0 else ()
        text = draw(operative_texts)
        wrap_up = ""
        if points:
            text = text[:-1] + ":"
            if draw(st.booleans()):
                wrap_up = draw(wrap_up_texts)
        nodes.append(Operative(number, text, "", points, wrap_up, find_references(text)))
    if number and draw(st.booleans()):
        nodes.insert(0, Heading(draw(heading_texts)))
    return tuple(nodes)


@st.composite
def preambles(draw: st.DrawFn) -> tuple[PreambleNode, ...]:
    nodes: list[PreambleNode] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 6))
        if kind == 0:
            nodes.append(Heading(draw(heading_texts)))
        elif kind == 1:
            nodes.append(Unrecognised("*"))
        else:
            nodes.append(_preambular(draw(preambular_texts)))
    # Headings right before the first operative paragraph belong to the body (the UN's XML
    # and the text form agree): end the preamble with a paragraph.
    while nodes and isinstance(nodes[-1], Heading):
        nodes.pop()
    return tuple(nodes)


annexes = st.lists(
    st.builds(lambda title, paragraphs: Annex(title, tuple(paragraphs)), heading_texts,
              st.lists(point_texts, max_size=3)),
    max_size=2,
).map(tuple)
footnotes = st.lists(st.builds(Footnote, st.sampled_from(["1", "2", "*"]), point_texts),
                     max_size=2).map(tuple)


@st.composite
def headers(draw: st.DrawFn) -> tuple[Masthead, str, Adoption | None]:
    """A masthead, title and adoption line that agree, as a resolution's do; or none."""
    if draw(st.integers(0, 3)) == 0:
        return Masthead(), "", None
    number = draw(st.integers(1, 2900))
    day = draw(st.dates(min_value=date(1946, 1, 1), max_value=date(2099, 12, 31)))
    written = format_date(day, "en")
    meeting = draw(st.one_of(st.none(), st.integers(1, 9999)))
    if meeting is None:
        line = f"Adopted by the Security Council on {written}"
    else:
        suffix = "th" if 10 <= meeting % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
            meeting % 10, "th")
        line = f"Adopted by the Security Council at its {meeting}{suffix} meeting, on {written}"
    symbol = f"S/RES/{number} ({day.year})"
    masthead = Masthead(symbol=symbol, distribution="General", date=day)
    return masthead, f"Resolution {number} ({day.year})", Adoption(day, meeting, line)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    masthead, title, adoption = draw(headers())
    body = draw(bodies())
    return Document(
        masthead=masthead,
        title=title,
        adoption=adoption,
        formula=draw(st.sampled_from(["The Security Council,", ""])) if title else "",
        preamble=draw(preambles()),
        body=body,
        annexes=draw(annexes),
        footnotes=draw(footnotes),
    )


@settings(max_examples=150, deadline=None)
@given(documents())
def test_a_document_written_as_plain_text_parses_back_to_itself(doc: Document) -> None:
    text = render_resolution_text(doc)
    assume(clean_lines(text).layout is Layout.TYPED)
    assert parse_resolution(text) == doc, text
