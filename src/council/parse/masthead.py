"""Read what surrounds a resolution's paragraphs: masthead, title, adoption line, covering letter,
and the yearbook's footnotes.

The masthead ("United Nations  S/RES/2531 (2020)", "Security Council", "Distr.: General",
"29 June 2020"), the title and the adoption line sit before the enacting formula in a modern
resolution; an OCR'd yearbook page has a title "9 (1946). Resolution of 15 October 1946" and
puts the adoption line ("Adopted unanimously at the 76th meeting.") and footnotes after the last
paragraph. A resolution issued as the annex of a letter (the seed: S/2020/613 in Chinese, then
"附件", then resolution 2531 (2020) in English) has the letter first (issue 3).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from council.domain.document import Adoption, CoveringLetter, Footnote, Masthead, Span, Unrecognised
from council.parse.clean import CleanText, Layout, join_lines
from council.parse.leads import looks_operative, looks_preambular
from council.parse.lines import Kind, Line, Lines
from council.parse.paragraphs import assemble, span_of
from council.parse.tokens import (
    find_date,
    find_date_other,
    find_meeting,
    find_symbol,
    read_distribution,
    read_issued_as,
    read_language,
    read_title,
)

# Enum members as module constants: Python 3.11 finds ``Kind.POINT`` through the enum's
# metaclass, about 0.1 µs a time, and reading the masthead reads several for every line (issue 3).
_ADOPTION_KIND = Kind.ADOPTION
_BODY_KIND = Kind.BODY
_DATE_KIND = Kind.DATE
_DISTRIBUTION_KIND = Kind.DISTRIBUTION
_FORMULA_KIND = Kind.FORMULA
_ISSUED_AS_KIND = Kind.ISSUED_AS
_LANGUAGE_KIND = Kind.LANGUAGE
_PDF_LAYOUT = Layout.PDF
_SYMBOL_KIND = Kind.SYMBOL
_TEXT_KIND = Kind.TEXT
_TITLE_KIND = Kind.TITLE
_TYPED_LAYOUT = Layout.TYPED
_UNITED_NATIONS_KIND = Kind.UNITED_NATIONS


@dataclass
class Header:
    """What was read before the first paragraph."""

    masthead: Masthead = field(default_factory=Masthead)
    title: str = ""
    adoption: Adoption | None = None
    formula: str = ""
    headings: list[Line] = field(default_factory=list)  # a yearbook's section header


def read_header(tokens: Lines, clean: CleanText) -> tuple[Header, int]:
    """Read the masthead, title, adoption line and enacting formula at the start of ``tokens``.

    Returns:
        What was read, and the index of the first token after it.
    """
    header = Header()
    symbol: str | None = None
    issued_as: str | None = None
    distribution: str | None = None
    when: date | None = None
    body: tuple[str, str] | None = None  # another language's body and its code
    used: list[Line] = []
    line, first = tokens.table.line, tokens.start  # each line made once, where it is read
    index = 0
    while index < len(tokens):
        token = line(first + index)
        kind, text = token.kind, token.text
        if kind is _FORMULA_KIND:
            header.formula = " ".join(text.split())
            used.append(token)
            index += 1
            break
        if kind is _ADOPTION_KIND:
            group = _adoption_lines(tokens, index, clean)
            header.adoption = read_adoption(group, clean)
            used.extend(group)
            index += len(group)
            continue
        if kind not in _HEADER_KINDS:
            if kind is _TEXT_KIND and _is_section_header(tokens, index):
                header.headings.append(token)
                index += 1
                continue
            break
        used.append(token)
        index += 1
        if kind is _TITLE_KIND:
            title = read_title(" ".join(text.split()))
            if title is not None:
                header.title, title_symbol, title_date = title
                symbol = symbol or title_symbol
                when = when or title_date
        elif kind is _SYMBOL_KIND:
            symbol = symbol or find_symbol(text)
        elif kind is _DATE_KIND:
            when = when or find_date(text)
        elif kind in (_BODY_KIND, _DISTRIBUTION_KIND):
            distribution = distribution or read_distribution(text)
            if kind is _BODY_KIND and body is None:
                body = _other_body(text)
        elif kind is _ISSUED_AS_KIND:
            issued_as = issued_as or read_issued_as(text)
    if when is None and header.adoption is not None:
        when = header.adoption.date  # "RESOLUTION 894 (1994)" has its date in the adoption line
    masthead_tokens = [t for t in used if t.kind in _HEADER_KINDS]
    header.masthead = Masthead(
        symbol=symbol,
        distribution=distribution,
        date=when,
        issued_as=issued_as,
        span=span_of(masthead_tokens) if masthead_tokens else Masthead().span,
    )
    if body is not None:
        header.masthead = dataclasses.replace(header.masthead, body=body[0], language=body[1])
    if header.adoption is not None and header.adoption.date is None and when is not None:
        header.adoption = _with_date(header.adoption, when)
    return header, index


# The kinds are tuples, not sets: an enum member is hashed by a Python-level __hash__, while
# "in" a tuple compares by identity at C speed (issue 3).
_HEADER_KINDS = (
    _SYMBOL_KIND,
    _UNITED_NATIONS_KIND,
    _BODY_KIND,
    _DISTRIBUTION_KIND,
    _DATE_KIND,
    _TITLE_KIND,
    _ISSUED_AS_KIND,
)


# The body's name in the other five languages, which also says the document's language.
_OTHER_BODIES = {
    "Conseil de sécurité": "fr",
    "Consejo de Seguridad": "es",
    "Совет Безопасности": "ru",
    "安全理事会": "zh",
    "مجلس الأمن": "ar",
}


def _other_body(text: str) -> tuple[str, str] | None:
    """("Conseil de sécurité", "fr") from a body line in another language than English."""
    for name, language in _OTHER_BODIES.items():
        if text.startswith(name):
            return name, language
    return None


def _is_section_header(tokens: Sequence[Line], index: int) -> bool:
    """A yearbook's section header ("MILITARY STAFF COMMITTEE") just before the title."""
    text = tokens[index].text
    if len(text) > 80 or text[-1] in ".,;:":
        return False
    return any(token.kind is _TITLE_KIND for token in tokens[index + 1 : index + 3])


def _adoption_lines(tokens: Sequence[Line], index: int, clean: CleanText) -> list[Line]:
    """The adoption line and the lines that continue it ("... at its 3329th meeting," +
    "on 14 January 1994"; "Adopted at the 642nd meeting" + "by 9 votes to none, ...")."""
    group = [tokens[index]]
    for token in tokens[index + 1 :]:
        line = token
        if token.kind is not _TEXT_KIND and token.kind is not _DATE_KIND:
            break
        if clean.layout is _PDF_LAYOUT:
            if not (line.text[0].islower() or line.text[0].isdigit()):
                break
        elif line.blank_before and not line.text[0].islower():
            break
        group.append(token)
    return group


def read_adoption(tokens: Sequence[Line], clean: CleanText) -> Adoption:
    """Read "Adopted by the Security Council at its 8700th meeting, on 10 January 2020"
    (meeting 8700), "Adopted by the Security Council on 29 June 2020" (written procedure)
    and the yearbook's "Adopted unanimously at the 473rd meeting."."""
    text = join_lines((t.text for t in tokens), clean.layout, clean)
    return Adoption(
        date=find_date(text) or find_date_other(text),
        meeting=find_meeting(text),
        text=text,
        span=span_of(tokens),
    )


def _with_date(adoption: Adoption, when: date) -> Adoption:
    return Adoption(date=when, meeting=adoption.meeting, text=adoption.text, span=adoption.span)


# -- the end of a yearbook page ---------------------------------------------------------------

_FOOTNOTE_START = re.compile(r"(\d{1,3}|\*{1,3})[/.]?\s+(?=\S)")


def read_tail(
    tokens: Sequence[Line], clean: CleanText, when: date | None
) -> tuple[Adoption, list[Footnote], list[Unrecognised]]:
    """Read an adoption line at the end and the footnotes after it."""
    group = _adoption_lines(tokens, 0, clean)
    adoption = read_adoption(group, clean)
    if adoption.date is None and when is not None:
        adoption = _with_date(adoption, when)
    footnotes, unrecognised = read_footnotes(tokens[len(group) :], clean)
    return adoption, footnotes, unrecognised


def read_footnotes(
    tokens: Sequence[Line], clean: CleanText
) -> tuple[list[Footnote], list[Unrecognised]]:
    """Read footnotes, each "marker text" ("1 Text of footnote 1.", "* Issued in English
    only."), continued on the lines after it."""
    notes: list[tuple[str, list[str], list[Line]]] = []
    unrecognised: list[Unrecognised] = []
    for token in tokens:
        text = token.text
        start = _FOOTNOTE_START.match(text)
        new_note = start is not None and (
            not notes
            or clean.layout is _TYPED_LAYOUT
            or token.blank_before
            or _follows(start.group(1), notes[-1][0], notes[-1][1][-1])
        )
        if start is not None and new_note:
            notes.append((start.group(1), [text[start.end() :]], [token]))
        elif notes and clean.layout is not _TYPED_LAYOUT:
            notes[-1][1].append(text)
            notes[-1][2].append(token)
        else:
            unrecognised.append(Unrecognised(text, span_of([token])))
    footnotes = [
        Footnote(marker, join_lines(parts, clean.layout, clean), span_of(group))
        for marker, parts, group in notes
    ]
    return footnotes, unrecognised


def _follows(marker: str, previous: str, previous_text: str) -> bool:
    """Whether a line starting with ``marker`` starts the footnote after ``previous``."""
    if not (marker.isdigit() and previous.isdigit()):
        return False
    return int(marker) > int(previous) and previous_text.rstrip().endswith((".", ")"))


def is_footnote_start(token: Line) -> bool:
    """Whether a line starts a yearbook footnote ("10 Ibid., document S/6569.", "1/ S/24476,
    annex.") rather than a paragraph."""
    if token.kind is not _TEXT_KIND:
        return False
    match = _FOOTNOTE_START.match(token.text)
    if match is None:
        return False
    rest = token.text[match.end() :]
    return rest[0].isupper() and not looks_operative(rest) and not looks_preambular(rest)


# -- the covering letter -----------------------------------------------------------------------

_SCRIPTS = (
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
)


def read_letter(tokens: Lines, clean: CleanText) -> CoveringLetter:
    """Read the letter a resolution is annexed to: its symbol and date from its masthead, its
    title (the first paragraph) and its paragraphs."""
    symbol: str | None = None
    when: date | None = None
    language: str | None = None
    index = 0
    for token in tokens:  # each line made once (issue 3)
        kind, text = token.kind, token.text
        if kind not in _LETTER_MASTHEAD:
            break
        if kind is _SYMBOL_KIND:
            symbol = symbol or find_symbol(text)
        elif kind is _DATE_KIND:
            when = when or find_date(text)
        elif kind is _LANGUAGE_KIND:
            language = language or read_language(text)
        index += 1
    blocks = assemble(tokens[index:], clean)
    texts = [block.full_text for block in blocks]
    title = texts[0] if texts else ""
    if language is None:
        language = next((code for pattern, code in _SCRIPTS if pattern.search(title)), None)
    return CoveringLetter(
        symbol=symbol,
        date=when,
        title=title,
        paragraphs=tuple(texts[1:]),
        language=language,
        span=tokens.span if tokens else Span(0, 0, 0, 0),
    )


_LETTER_MASTHEAD = (  # a tuple, as _HEADER_KINDS
    _SYMBOL_KIND,
    _UNITED_NATIONS_KIND,
    _BODY_KIND,
    _DISTRIBUTION_KIND,
    _DATE_KIND,
    _LANGUAGE_KIND,
)
