"""Build the ``Document`` tree of a resolution from its text: the last stage of the pipeline.

``clean`` drops page furniture and detects the layout, ``tokens`` says what each line is,
``paragraphs`` joins lines into paragraphs; here the text is cut into regions (covering letter,
masthead, preamble and body, annexes, adoption line and footnotes at the end) and every
paragraph is placed: preambular paragraph, heading, operative paragraph, sub-point (nested by
``points``) or wrap-up text. The parser never refuses a text (STYLE.md §4): what it cannot
place becomes an ``Unrecognised`` node that keeps its text and span.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import itemgetter

from council.domain.document import (
    Annex,
    BodyNode,
    Document,
    Heading,
    Operative,
    PreambleNode,
    Preambular,
    Span,
    Unrecognised,
)
from council.parse.clean import CleanText, Layout, clean_lines
from council.parse.leads import (
    is_closed,
    is_unreadable,
    looks_operative,
    looks_preambular,
    opens_body,
    operative_lead,
    preambular_lead,
    reads_as_heading,
)
from council.parse.lines import Kind, Lines, ends_sentence_part
from council.parse.markers import marker_mender, unchanged
from council.parse.masthead import (
    Header,
    is_footnote_start,
    read_footnotes,
    read_header,
    read_letter,
    read_tail,
)
from council.parse.paragraphs import SECTION, Block, assemble, span_of
from council.parse.points import PointTree
from council.parse.references import find_references

# Enum members as module constants: Python 3.11 finds ``Kind.POINT`` through the enum's
# metaclass, about 0.1 µs a time, and the builder reads several for every paragraph (issue 3).
_ADOPTION_KIND = Kind.ADOPTION
_ANNEX_KIND = Kind.ANNEX
_FOOTNOTES_KIND = Kind.FOOTNOTES
_NUMBERED_KIND = Kind.NUMBERED
_PDF_LAYOUT = Layout.PDF
_POINT_KIND = Kind.POINT
_SYMBOL_KIND = Kind.SYMBOL
_TEXT_KIND = Kind.TEXT
_TITLE_KIND = Kind.TITLE
_TYPED_LAYOUT = Layout.TYPED
_UNITED_NATIONS_KIND = Kind.UNITED_NATIONS
_WRAPPED_LAYOUT = Layout.WRAPPED
_KIND_OF = itemgetter(0)  # Block.kind


def parse_resolution(text: str) -> Document:
    """Parse a resolution from text: PDF-extracted, OCR'd or typed (docs/text-format.md).

    Never refuses a text: what cannot be placed is kept as an ``Unrecognised`` node.

    Args:
        text: the whole text.

    Returns:
        The document; every node carries its span in ``text`` (lines and columns, 1-based).
    """
    # The cyclic garbage collector is paused while parsing: a parse makes thousands of
    # objects and no reference cycles, and the collections of the youngest generation it
    # would set off find nothing to free (two per seed, a tenth of a parse: issue 3). It is
    # resumed only if it was running, so a caller that paused it keeps it paused.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return build_document(text)
    except Exception:  # pragma: no cover - a last resort; the property tests call build_document
        lines = text.splitlines() or [""]
        span = Span(1, 1, len(lines), len(lines[-1]) + 1)
        return Document(unrecognised=(Unrecognised(text, span),))
    finally:
        if paused:
            gc.enable()


def build_document(text: str) -> Document:
    """The parser itself, without ``parse_resolution``'s last-resort guard."""
    clean = clean_lines(text)
    tokens = clean.lines  # classified by clean_lines
    kinds = tokens.kinds  # read once for the splits
    letter_tokens, start = _split_letter(tokens, kinds)
    header, used = read_header(tokens[start:], clean)
    rest = tokens[start + used :]
    kinds = kinds[start + used :]
    rest, footnote_tokens, kinds = _split_footnotes(rest, kinds)
    # The footnotes and the tail are read line by line: their lines are made all at once.
    footnote_lines = footnote_tokens.made()
    rest, annex_tokens = _split_annexes(rest, clean, kinds)
    rest, tail_tokens = _split_tail(rest, header)
    if not tail_tokens:
        rest, trailing = _split_trailing_footnotes(rest, clean)
        if trailing:  # two runs of lines, not always next to each other
            footnote_lines = trailing.made() + footnote_lines
    unrecognised: list[Unrecognised] = []
    footnotes, stray = read_footnotes(footnote_lines, clean)
    unrecognised.extend(stray)
    adoption = header.adoption
    if tail_tokens:
        adoption, tail_notes, stray = read_tail(tail_tokens.made(), clean, header.masthead.date)
        footnotes = tail_notes + footnotes
        unrecognised.extend(stray)
    mend = marker_mender([note.marker for note in footnotes], clean.words, _number(header))
    blocks = assemble(rest, clean)
    numbered = _NUMBERED_KIND in map(_KIND_OF, blocks)
    builder = _Builder(clean.layout, mend, numbered)
    for heading in header.headings:
        builder.preamble.append(Heading(heading.text, 1, span_of([heading])))
    for block, following in zip(blocks, [*blocks[1:], None], strict=False):  # None after the last
        builder.add(block, following)
    preamble, body = builder.finish()
    masthead = header.masthead
    if masthead.date is None and adoption is not None and adoption.date is not None:
        masthead = replace(masthead, date=adoption.date)
    return Document(
        masthead=masthead,
        title=header.title,
        adoption=adoption,
        formula=header.formula,
        preamble=tuple(preamble),
        body=tuple(body),
        annexes=tuple(_read_annexes(annex_tokens, clean)),
        footnotes=tuple(footnotes),
        covering_letter=read_letter(letter_tokens, clean) if letter_tokens else None,
        unrecognised=tuple(unrecognised),
    )


def _number(header: Header) -> int | None:
    """The resolution's own number, from its symbol ("S/RES/242 (1967)" → 242)."""
    match = re.match(r"S/RES/(\d+)", header.masthead.symbol or "")
    return int(match.group(1)) if match else None


# -- regions ----------------------------------------------------------------------------------


def _split_letter(tokens: Lines, kinds: list[Kind]) -> tuple[Lines, int]:
    """The covering letter (a masthead with a symbol that is not a resolution's, then the
    letter, then "Annex"), and where the resolution starts (``kinds``: the lines' kinds)."""
    texts, first = tokens.table.texts, tokens.start
    start = next(
        (
            index
            for index, kind in enumerate(kinds)
            if kind is _TITLE_KIND or (kind is _SYMBOL_KIND and "S/RES/" in texts[first + index])
        ),
        None,
    )
    if start is None or start == 0:
        return tokens[:0], 0
    if kinds[start - 1] is _UNITED_NATIONS_KIND:
        start -= 1
    annexed = kinds[start - 1] is _ANNEX_KIND  # "附件" (Annex) before the resolution
    if not annexed and _SYMBOL_KIND not in kinds[: min(start, 3)]:
        return tokens[:0], 0
    end = start - 1 if annexed else start
    return tokens[:end], start


def _split_footnotes(tokens: Lines, kinds: list[Kind]) -> tuple[Lines, Lines, list[Kind]]:
    """The lines before "Footnotes", the lines after it, and the kinds of those before
    (``kinds``: the kinds of ``tokens``)."""
    if _FOOTNOTES_KIND not in kinds:
        return tokens, tokens[:0], kinds
    index = kinds.index(_FOOTNOTES_KIND)
    return tokens[:index], tokens[index + 1 :], kinds[:index]


def _split_annexes(tokens: Lines, clean: CleanText, kinds: list[Kind]) -> tuple[Lines, Lines]:
    index = 0
    blanks, first = tokens.table.blanks, tokens.start
    while True:
        try:
            index = kinds.index(_ANNEX_KIND, index)
        except ValueError:
            return tokens, tokens[:0]
        if clean.layout is not _WRAPPED_LAYOUT or blanks[first + index] or index == 0:
            return tokens[:index], tokens[index:]
        index += 1


def _split_tail(tokens: Lines, header: Header) -> tuple[Lines, Lines]:
    """An adoption line after the paragraphs (the yearbooks put it there), with what follows."""
    if header.adoption is not None:
        return tokens, tokens[:0]
    kinds = tokens.table.kinds
    for index in range(tokens.stop - 1, tokens.start - 1, -1):
        if kinds[index] is _ADOPTION_KIND:
            return tokens[: index - tokens.start], tokens[index - tokens.start :]
    return tokens, tokens[:0]


def _split_trailing_footnotes(tokens: Lines, clean: CleanText) -> tuple[Lines, Lines]:
    """Footnotes at the end of a yearbook page with no adoption line after the paragraphs."""
    if clean.layout is not _WRAPPED_LAYOUT:
        return tokens, tokens[:0]
    start = len(tokens)
    table, first = tokens.table, tokens.start
    for index in range(len(tokens) - 1, 0, -1):
        if not table.blanks[first + index]:
            continue
        if not is_footnote_start(table.line(first + index)):
            break
        start = index
    return tokens[:start], tokens[start:]


def _read_annexes(tokens: Lines, clean: CleanText) -> list[Annex]:
    starts = [index for index, kind in enumerate(tokens.kinds) if kind is _ANNEX_KIND]
    annexes = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(tokens)
        texts = [block.full_text for block in assemble(tokens[start + 1 : end], clean)]
        span = tokens[start:end].span
        annexes.append(Annex(texts[0] if texts else "", tuple(texts[1:]), span))
    return annexes


# -- preamble and body ------------------------------------------------------------------------

class _Draft:
    """An operative paragraph while its points are being read.

    Its lines, and those of its points, are indices in the text's ``LineTable``: in the order
    of the text, so the later of two lines is the greater index.
    """

    __slots__ = ("block", "last", "number", "text", "tree", "wrap_ups")

    def __init__(self, number: int | None, block: Block) -> None:
        self.number = number
        self.text = block.text
        self.block = block
        self.tree: PointTree | None = None  # made with its first point: most have none
        self.wrap_ups: list[str] = []  # joined when frozen: linear
        self.last: int | None = None  # the last line of its wrap-ups

    def points(self) -> PointTree:
        """Its points, the tree made now if it has none yet."""
        if self.tree is None:
            self.tree = PointTree(self.block.table)
        return self.tree

    def freeze(self) -> Operative:
        tree, block, text = self.tree, self.block, self.text
        last = tree.last_line() if tree is not None else None
        if self.last is not None and (last is None or self.last >= last):
            last = self.last
        end = last if last is not None else block.stop - 1
        return Operative(
            self.number,
            text,
            operative_lead(text),
            tree.freeze() if tree is not None else (),
            " ".join(self.wrap_ups) if self.wrap_ups else "",
            find_references(text),
            block.table.span(block.start, end),
        )


class _Builder:
    """Places paragraphs in the preamble or the body, in document order."""

    def __init__(
        self, layout: Layout, mend: Callable[[str], str], numbered: bool = False
    ) -> None:
        self.layout = layout
        self.mend = mend
        self.numbered = numbered  # whether the text has numbered operative paragraphs
        self.preamble: list[PreambleNode] = []
        self.body: list[BodyNode] = []
        self.in_body = False
        self.draft: _Draft | None = None
        self.after_point = False  # the last block was placed among the points
        self.in_points = False  # the block being added was placed among the points
        self.following: Block | None = None
        self.preamble_points: list[Block] = []

    def add(self, block: Block, following: Block | None = None) -> None:
        """Place ``block``; ``following`` is the block after it, if any."""
        if self.mend is not unchanged:
            mended = self.mend(block.text)
            if mended is not block.text:
                block = block._replace(text=mended)
        self.following = following
        kind = block.kind
        if kind is not _POINT_KIND and self.preamble_points:
            self._merge_preamble_points()
        if kind is _NUMBERED_KIND:
            self._start_operative(int(block.label), block)
        elif kind is _POINT_KIND:
            self._add_point(block)
        elif is_unreadable(block.text):
            self._add_unrecognised(block)
        elif self._add_to_points(block):
            pass
        elif self._is_heading(block):
            self._add_heading(block)
        elif self.in_body or opens_body(block.text, self.numbered):
            self._start_operative(None, block)
        else:
            text = block.text
            self.preamble.append(
                Preambular(text, preambular_lead(text), find_references(text), block.span)
            )
        self.after_point = kind is _POINT_KIND or self.in_points
        self.in_points = False

    def finish(self) -> tuple[list[PreambleNode], list[BodyNode]]:
        self._merge_preamble_points()
        self._close()
        return self.preamble, self.body

    def _close(self) -> None:
        if self.draft is not None:
            self.body.append(self.draft.freeze())
            self.draft = None

    def _start_operative(self, number: int | None, block: Block) -> None:
        self._close()
        if not self.in_body:
            self.in_body = True
            moved: list[BodyNode] = []
            while self.preamble and isinstance(self.preamble[-1], Heading):
                heading = self.preamble.pop()
                assert isinstance(heading, Heading)
                moved.append(heading)
            self.body.extend(reversed(moved))
        self.draft = _Draft(number, block)

    def _add_point(self, block: Block) -> None:
        if self.draft is not None:
            depth = self._depth(block)
            self.draft.points().add(block.label, block.text, block.start, block.stop - 1, depth)
            return
        last = self.preamble[-1] if self.preamble else None
        if not self.in_body and isinstance(last, Preambular):
            self.preamble_points.append(block)  # see _merge_preamble_points
            return
        self._add_unrecognised(block)

    def _merge_preamble_points(self) -> None:
        """The preamble holds no points: they stay part of their paragraph's text, joined
        once when the next paragraph comes."""
        if not self.preamble_points:
            return
        last = self.preamble[-1]
        assert isinstance(last, Preambular)
        text = " ".join([last.text, *(block.full_text for block in self.preamble_points)])
        end = self.preamble_points[-1].span
        span = Span(last.span.line, last.span.column, end.end_line, end.end_column)
        self.preamble[-1] = Preambular(text, last.lead, find_references(text), span)
        self.preamble_points.clear()

    def _depth(self, block: Block) -> int | None:
        if self.layout is not _TYPED_LAYOUT or block.indent < 4:
            return None
        return block.indent // 4

    def _add_to_points(self, block: Block) -> bool:
        """Place unlabelled text among the current paragraph's points: a wrap-up after them,
        or a point without a label."""
        draft = self.draft
        if draft is None:
            return False
        depth = self._depth(block)
        if depth is not None:
            # Indented: a point, even before any labelled one ("Asset Freeze" above "(a)" in
            # S/RES/2610 (2021)), or the wrap-up of the point whose list it closes.
            points = draft.points()
            path = points.path
            if depth <= len(path) and path[depth - 1].children:
                owner = path[depth - 1]
                owner.wrap_ups.append(block.text)
                owner.last = block.stop - 1
                del path[depth:]
            else:
                points.add("", block.text, block.start, block.stop - 1, depth)
            # An unlabelled point or a point's wrap-up is the list's last line as much as a
            # labelled point: a closed line after it is the paragraph's wrap-up.
            self.in_points = True
            return True
        tree = draft.tree
        if tree is None or not tree.roots:
            return False
        if self.layout is _TYPED_LAYOUT:
            # A wrap-up follows the last point; before indented points, the line is an
            # unnumbered paragraph of its own, with points of its own.
            following = self.following
            if following is not None and self._depth(following) is not None:
                return False
            if self.after_point and ends_sentence_part(block.text):
                self._wrap_up(draft, block)
                return True
            return False
        if block.text[0].islower():
            self._wrap_up(draft, block)
            return True
        if tree.takes_plain() and not self._is_heading(block):
            tree.add("", block.text, block.start, block.stop - 1)
            return True
        return False

    def _wrap_up(self, draft: _Draft, block: Block) -> None:
        draft.wrap_ups.append(block.text)
        draft.last = block.stop - 1
        if draft.tree is not None:
            draft.tree.path.clear()

    def _is_heading(self, block: Block) -> bool:
        text = block.text
        if SECTION.fullmatch(text):
            return True
        if self.layout is _TYPED_LAYOUT:  # docs/text-format.md: a line without final punctuation
            return reads_as_heading(text, self.in_body)
        if is_closed(text) or text[0].islower() or len(text) > 200:
            return False
        if self.layout is _PDF_LAYOUT:
            return block.indent >= 2 and block.height <= 2
        if looks_preambular(text):
            return False
        if looks_operative(text):
            return self._set_apart(block)
        return block.height == 1 or (block.height == 2 and len(text) <= 80)

    def _set_apart(self, block: Block) -> bool:
        """Whether a line of the body that opens like an operative paragraph ("Reports by the
        Secretary-General", "Capacities of MINUSMA, …", "MINUSMA’s mandate") is a heading all
        the same: a single line, with blank lines above and below it, right before a numbered
        paragraph or another such line (the headings of our own PDFs, read back with pdftotext:
        docs/parsing.md). None of the OCR'd or typed texts has an unnumbered operative
        paragraph standing so."""
        following = self.following
        if not self.in_body or block.height != 1 or following is None:
            return False
        if not block.blank_before or not following.blank_before:
            return False
        if following.kind is _NUMBERED_KIND:
            return True
        return (
            following.kind is _TEXT_KIND
            and following.height == 1
            and not is_closed(following.text)
            and not looks_operative(following.text)
            and not looks_preambular(following.text)
        )

    def _add_heading(self, block: Block) -> None:
        self._close()
        nodes: Sequence[PreambleNode | BodyNode] = self.body if self.in_body else self.preamble
        level = 1
        if nodes and isinstance(nodes[-1], Heading):
            level = min(nodes[-1].level + 1, 4)
        heading = Heading(block.text, level, block.span)
        if self.in_body:
            self.body.append(heading)
        else:
            self.preamble.append(heading)

    def _add_unrecognised(self, block: Block) -> None:
        node = Unrecognised(block.full_text, block.span)
        if self.in_body:
            self._close()
            self.body.append(node)
        else:
            self.preamble.append(node)
