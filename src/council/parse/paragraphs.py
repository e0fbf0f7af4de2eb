"""Join the lines of a resolution into its paragraphs, the way its layout requires.

Between ``tokens`` (what each line is) and ``structure`` (where each paragraph goes): a line
either starts a new paragraph or continues the one before. How to tell depends on the layout
that ``clean`` detected (issue 3):

- PDF-extracted text: a paragraph starts with an indented line (" Recalling ...",
  " 1. Urges ...") and continues at column 1; blank lines mean nothing. An indented line still
  continues the paragraph when it starts in lower case, or when the line before ran to the full
  width of the page without closing punctuation (a page break fell inside the sentence).
- OCR'd text: blank lines separate paragraphs; inside a group, a line starting with a number, a
  label or a preambular lead word after closing punctuation starts a new one.
- Typed text: one paragraph per line; a line typed in lower case right under an unfinished one
  continues it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import count, islice, pairwise, repeat
from typing import NamedTuple

from council.domain.document import Span
from council.parse.clean import WIDE, CleanText, Layout, is_wide, join_lines
from council.parse.leads import looks_operative, looks_preambular
from council.parse.lines import Kind, Line, Lines, LineTable, ends_sentence_part
from council.parse.tokens import DASH

# Enum members as module constants: Python 3.11 finds ``Kind.POINT`` through the enum's
# metaclass, about 0.1 µs a time, and joining reads several for every line (issue 3).
_NUMBERED_KIND = Kind.NUMBERED
_PDF_LAYOUT = Layout.PDF
_POINT_KIND = Kind.POINT
_TEXT_KIND = Kind.TEXT
_TYPED_LAYOUT = Layout.TYPED


class Block(NamedTuple):
    """A paragraph (or heading, or point) as read from one or more lines.

    Attributes:
        kind: the kind of its first line.
        label: an operative number ("28") or a point label ("(a)", "–"), else "".
        text: its text after the label, lines joined, whitespace normalised.
        table: the text's lines, column by column.
        start: the index in ``table`` of its first line.
        stop: the index just after its last line.
    """

    kind: Kind
    label: str
    text: str
    table: LineTable
    start: int
    stop: int

    @property
    def lines(self) -> Lines:
        """The lines it was read from."""
        return Lines(self.table, self.start, self.stop)

    @property
    def first(self) -> Line:
        return self.table.line(self.start)

    @property
    def indent(self) -> int:
        return self.table.indents[self.start]

    @property
    def blank_before(self) -> bool:
        """Whether a blank line (or dropped furniture) separates it from the line before."""
        return self.table.blanks[self.start]

    @property
    def height(self) -> int:
        """How many lines it was read from."""
        return self.stop - self.start

    @property
    def span(self) -> Span:
        return self.table.span(self.start, self.stop - 1)

    @property
    def full_text(self) -> str:
        """The text with its label, as written ("(a) Support to ...", "28. Decides ...")."""
        if self.kind is Kind.NUMBERED:
            return f"{self.label}. {self.text}".rstrip()
        if self.label:
            return f"{self.label} {self.text}".rstrip()
        return self.text


def span_of(lines: Sequence[Line]) -> Span:
    """The span from the first character of the first line to the end of the last one."""
    first, last = lines[0], lines[-1]
    return Span(first.number, first.column, last.number, last.column + len(last.text))


def assemble(tokens: Lines, clean: CleanText) -> list[Block]:
    """Group classified lines into paragraphs.

    Args:
        tokens: consecutive classified lines of one region (the body, a letter, an annex).
        clean: the cleaned text, for its layout and vocabulary.

    Returns:
        One block per paragraph, in order.
    """
    if not tokens:
        return []
    table, first, stop = tokens.table, tokens.start, tokens.stop
    layout = clean.layout
    width = _page_width(table.widths[first:stop]) if layout is not _TYPED_LAYOUT else 0
    if layout is _PDF_LAYOUT:
        starts = _pdf_starts(table, first, stop, width)
    else:
        lines = table.lines(first, stop)
        starts = [first]
        group: list[Line] = [lines[0]]
        for index in range(1, len(lines)):
            token = lines[index]
            if _starts_paragraph(group, token, layout, width):
                starts.append(first + index)
                group = [token]
            else:
                group.append(token)
    starts.append(stop)
    return _blocks(table, starts, clean)


def _pdf_starts(table: LineTable, first: int, stop: int, width: int) -> list[int]:
    """Where paragraphs start in PDF-extracted text (indices in ``table``, from ``first`` up to
    ``stop``; the rules are the module's): one loop over the columns, since the PDF of a long
    resolution has thousands of lines."""
    full, short = 0.75 * width, 0.5 * width
    numbered, point = _NUMBERED_KIND, _POINT_KIND
    closing, closes = _CJK_CLOSING, ends_sentence_part  # read once, not once per line
    texts = table.texts
    starts = [first]
    add = starts.append
    for index, indent, kind, text, previous, size in zip(
        count(first + 1),
        islice(table.indents, first + 1, stop),
        islice(table.kinds, first + 1, stop),
        islice(texts, first + 1, stop),
        islice(texts, first, stop),  # the line before
        islice(table.widths, first, stop),  # its width
    ):
        if indent:
            if (
                kind is numbered
                or kind is point
                or (not text[0].islower() and (size < full or closes(previous)))
            ):
                add(index)
        elif size >= full:  # the line before ran to the full width: a page break at most
            if previous[-1] in closing:
                add(index)
        elif size < short or previous[-1] in closing or closes(previous):
            add(index)
    return starts


def _page_width(widths: list[int]) -> int:
    widths = sorted(widths)
    return widths[(len(widths) * 9) // 10]


def _starts_paragraph(group: list[Line], token: Line, layout: Layout, width: int) -> bool:
    previous = group[-1]
    if layout is _TYPED_LAYOUT:
        return not _continues_typed_line(previous, token)
    line = token
    labelled = token.kind in (_NUMBERED_KIND, _POINT_KIND)
    lower = line.text[0].islower()
    return _starts_wrapped_paragraph(group, token, labelled, lower, width)


def _continues_typed_line(previous: Line, token: Line) -> bool:
    """One paragraph per line, but a line typed right under an unfinished one (no blank line,
    no label, no deeper indentation) continues it: a hard line break typed by hand."""
    line = token
    if token.kind is not _TEXT_KIND or line.blank_before or line.indent > previous.indent:
        return False
    if previous.text[-1] != "-" and not previous.text[-1].isalnum():
        return False
    if line.text[0].islower():
        return True
    return len(previous.text) >= 40 and not (
        looks_preambular(line.text) or looks_operative(line.text)
    )


_CJK_CLOSING = frozenset("。：！？")


def _starts_wrapped_paragraph(
    group: list[Line], token: Line, labelled: bool, lower: bool, width: int
) -> bool:
    line = token
    previous = group[-1].text
    if len(group) == 1 and group[0].kind in (_NUMBERED_KIND, _POINT_KIND) and not group[0].rest:
        return labelled  # a label alone on its line ("(i)") takes the text that follows
    if SECTION.fullmatch(previous):
        return True  # "B" above "Acting under Chapter VII ..." (resolution 814 (1993))
    if line.blank_before:
        if labelled or token.kind is not _TEXT_KIND:
            return True
        if previous.endswith("-"):
            return False
        if lower:
            return previous.rstrip()[-1:] in (";", ":", ".")
        # A page break inside a sentence: "... of the Organization of American" + "States".
        return (
            bool(_closing(previous))
            or len(previous) < 0.6 * width
            or (looks_preambular(line.text) or looks_operative(line.text))
        )
    closing = _closing(previous)
    if not closing and _titles_points(group, token, lower, width):
        return True
    if token.kind is _NUMBERED_KIND:
        return bool(closing) or (len(group) == 1 and len(previous) < 20)
    if token.kind is _POINT_KIND:
        return bool(closing) or (token.label == DASH and previous.endswith(":"))
    if lower or not closing:
        return False
    if looks_preambular(line.text):
        return closing == ","
    return looks_operative(line.text)


def _titles_points(group: list[Line], token: Line, lower: bool, width: int) -> bool:
    """Whether a point that is a title ("(a) Support to the implementation of the Agreement on
    Peace and Reconciliation in Mali", "(f) Humanitarian assistance"), one line without final
    punctuation, ends where ``token`` starts: at the first label of a list of another kind
    ("(i)" under "(a)"), or, after a short title of a few words, at a line in upper case (the
    point's unlabelled paragraph)."""
    if len(group) != 1 or group[0].kind is not _POINT_KIND or lower:
        return False
    if token.kind is _POINT_KIND:
        return token.label in _FIRST_LABELS and token.label != group[0].label
    title = group[0]
    return (
        token.kind is _TEXT_KIND
        and len(title.rest) <= _SHORT_TITLE
        and title.width < 0.45 * width
    )


_SHORT_TITLE = 40  # "Cooperation with Sanctions Committees" (37)


_FIRST_LABELS = frozenset({"(i)", "(a)", "(1)", DASH})


# A section's letter or number on its own line: "A", "B", "IV" (and OCR's "c" for "C").
SECTION = re.compile(r"[A-Za-z]|[IVXL]{1,5}\.?")
_MARKER = re.compile(r"\s+\d{1,3}$")


def _closing(text: str) -> str:
    """The punctuation that closes ``text`` (",", ";", ":", "."), ignoring a footnote number
    after it ("..., 24"); "" when the line stops mid-sentence."""
    if text[-1:].isdecimal():  # only then can a marker end it
        text = _MARKER.sub("", text)
    text = text.rstrip("\"'”’»)]} ")
    return text[-1] if text and ends_sentence_part(text) else ""


def _blocks(table: LineTable, starts: list[int], clean: CleanText) -> list[Block]:
    """One block from each run of lines between two starts (indices in ``table``)."""
    texts, kinds, labels, rests = table.texts, table.kinds, table.labels, table.rests
    # The first and the last character of every line, each in one string: whether a block
    # has a line ending in "-", or a wide character at a line break, is found in a slice of
    # them, without searching the block's text for "- " (slow: a two-character search).
    heads, ends = table.heads, table.ends
    wide = not (heads.isascii() and ends.isascii())
    layout = clean.layout
    numbered, point = _NUMBERED_KIND, _POINT_KIND
    blocks = []
    for start, end in pairwise(starts):
        kind, label = kinds[start], labels[start]
        parts = texts[start:end]
        if kind is numbered or kind is point:
            parts[0] = rests[start]  # the text after the label; its last character the line's
        else:
            label = ""
        text = " ".join(parts)
        if not parts[0] or "  " in text:
            text = join_lines(parts, layout, clean)
        elif text.isascii():
            if text.encode("ascii").translate(None, _PRINTABLE_ASCII):
                text = join_lines(parts, layout, clean)
            elif "-" in ends[start:end]:
                text = _join_at_breaks(parts, layout, clean)
        elif not text.isprintable():
            text = join_lines(parts, layout, clean)
        elif "-" in ends[start:end] or (
            wide
            and end - start > 1
            and _wide_edges(ends[start : end - 1] + heads[start + 1 : end])
        ):
            text = _join_at_breaks(parts, layout, clean)
        blocks.append(_new(Block, (kind, label, text, table, start, end)))
    return blocks


def _join_at_breaks(parts: list[str], layout: Layout, clean: CleanText) -> str:
    """``join_lines`` of printable lines with no double space, some of which end in "-" or
    meet a wide (CJK) character at a line break. In PDF-extracted text (the UN does not
    hyphenate) a line ending in a letter and "-" is joined to the next without a space, the
    hyphen kept, and so is a wide character to its neighbour; every other break is a space.
    In OCR'd or typed text a hyphen may end a broken word: ``join_lines`` tells."""
    if layout is not _PDF_LAYOUT and any(map(str.endswith, parts, repeat("-"))):
        return join_lines(parts, layout, clean)
    pieces = [parts[0]]
    for previous, part in pairwise(parts):
        hyphen = previous[-1] == "-" and len(previous) > 1 and previous[-2].isalpha()
        if not ((hyphen and part[0].isalnum()) or is_wide(previous[-1]) or is_wide(part[0])):
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces)


def _wide_edges(edges: str) -> bool:
    """Whether a wide (CJK) character stands at a line break (``edges``: the characters on
    either side of the breaks): ``join_lines`` joins it without a space."""
    return not edges.isascii() and WIDE.search(edges) is not None


# A paragraph with no double space, no line ending in "-", nothing that is not printable and
# no wide character at a line break is what join_lines would make of it, its lines joined with
# single spaces; most paragraphs are, and are joined in _blocks without a call to join_lines
# (issue 3). Printable ASCII is told at C speed by deleting it: nothing may be left.
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


_new = tuple.__new__  # a NamedTuple without its Python-level constructor
