"""Nest the sub-points of an operative paragraph: (a) → (i) → dash items.

PDF-extracted and OCR'd text do not show the nesting by indentation, so it is read from the
labels: a label of a kind already open on the path from the paragraph to the last point is a
sibling of that point; a first label ("(a)", "(i)", "–") opens a list under the last point.
"(i)" after "(h)" continues the letters, unless "(h)" ends with a colon and so introduces a
list of its own (issue 3). Typed text (docs/text-format.md) gives the depth by indentation,
4 spaces per level, and that depth is used instead.

Unlabelled paragraphs under a point that reads as a title ("(f) Humanitarian assistance" in
resolution 2531 (2020)) become points without a label, as in the UN's XML.
"""

from __future__ import annotations

import enum

from council.domain.document import Point
from council.parse.lines import LineTable, ends_sentence_part
from council.parse.references import find_references
from council.parse.tokens import DASH


class LabelKind(enum.Enum):
    LETTER = "letter"  # (a)
    ROMAN = "roman"  # (i)
    NUMBER = "number"  # (1)
    CAPITAL = "capital"  # (A)
    LETTER_DOT = "letter_dot"  # a.  a)
    DASH = "dash"  # –
    PLAIN = "plain"  # no label


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
_FIRST_LABELS = frozenset({"(a)", "(i)", "(1)", "(A)", "a.", "a)", "i.", "i)", DASH, ""})


def _roman(text: str) -> int:
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES.get(char, 0)
        following = _ROMAN_VALUES.get(text[index + 1], 0) if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in (
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            out += letters
            number -= value
    return out


def _inner(label: str) -> str:
    return label.strip("().")


def _is_roman(inner: str) -> bool:
    return bool(inner) and all(char in _ROMAN_VALUES for char in inner)


def next_label(label: str, kind: LabelKind) -> str:
    """The label that follows ``label`` in a list of ``kind``: "(h)" → "(i)", "(iv)" → "(v)"."""
    following = _NEXT.get((label, kind))
    if following is None:
        following = _next_label(label, kind)
        if len(_NEXT) < 4096:  # bounded, whatever the texts
            _NEXT[label, kind] = following
    return following


def _next_label(label: str, kind: LabelKind) -> str:
    inner = _inner(label.rstrip(")"))
    if kind is _ROMAN_KIND and _is_roman(inner):
        following = _to_roman(_roman(inner) + 1)
    elif kind is _NUMBER_KIND and inner.isdigit():
        following = str(int(inner) + 1)
    elif len(inner) == 1 and inner.isalpha() and inner not in "zZ":
        following = chr(ord(inner) + 1)
    else:
        return ""
    if label.startswith("("):
        return f"({following})"
    return following + label[-1]


class Draft:
    """A point while it is being built; frozen into a ``Point`` at the end.

    A plain class with slots (one per point of every paragraph: issue 3 asks for speed). Its
    first and last lines are indices in the text's ``LineTable``; the last is that of its
    last wrap-up, once it has one.
    """

    __slots__ = ("children", "first", "kind", "last", "num", "text", "wrap_ups")

    def __init__(self, num: str, kind: LabelKind, text: str, first: int, last: int) -> None:
        self.num = num
        self.kind = kind
        self.text = text
        self.first = first
        self.last = last
        self.children: list[Draft] = []
        self.wrap_ups: list[str] = []  # joined when frozen: linear

    def freeze(self, table: LineTable) -> Point:
        text = self.text
        return Point(
            self.num,
            text,
            tuple([child.freeze(table) for child in self.children]) if self.children else (),
            " ".join(self.wrap_ups) if self.wrap_ups else "",
            find_references(text),
            table.span(self.first, self.last),
        )

    def last_line(self) -> int:
        if self.children:
            return self.children[-1].last_line()
        return self.last


class PointTree:
    """The points of one operative paragraph, and the path to the last one added."""

    __slots__ = ("path", "roots", "table")

    def __init__(self, table: LineTable) -> None:
        self.table = table  # the text's lines
        self.roots: list[Draft] = []
        self.path: list[Draft] = []

    def add(
        self, label: str, text: str, first: int, last: int, depth: int | None = None
    ) -> Draft:
        """Add a point read from the lines ``first`` to ``last`` of the table; ``depth`` (1 =
        directly under the paragraph) when indentation says it."""
        kind = self._kind(label)
        draft = Draft(label, kind, text, first, last)
        if depth is not None and depth >= 1:
            position = min(depth - 1, len(self.path))
        else:
            if kind is not _PLAIN_KIND:
                # Unlabelled points hold no labelled ones: "(i)" after one is its sibling.
                while self.path and self.path[-1].kind is _PLAIN_KIND:
                    self.path.pop()
            position = self._position(label, kind)
        del self.path[position:]
        siblings = self.path[-1].children if self.path else self.roots
        siblings.append(draft)
        self.path.append(draft)
        return draft

    def _position(self, label: str, kind: LabelKind) -> int:
        for index in range(len(self.path) - 1, -1, -1):
            if self.path[index].kind is kind:
                return index
        if label in _FIRST_LABELS or not self.path:
            return len(self.path)
        return len(self.path) - 1

    def _kind(self, label: str) -> LabelKind:
        kind = _KINDS.get(label)
        if kind is None:
            kind = _label_kind(label)
            if len(_KINDS) < 4096:  # bounded, whatever the texts
                _KINDS[label] = kind
        if kind is _ROMAN_KIND:  # "(i)", "(v)", "(x)": a roman numeral or a letter
            return self._letter_or_roman(label, _inner(label.rstrip(")")))
        return kind

    def _letter_or_roman(self, label: str, inner: str) -> LabelKind:
        # "(i)" after "(h)" is a letter, unless "(h)" introduces a list of its own.
        for draft in reversed(self.path):
            if draft.kind is _ROMAN_KIND and next_label(draft.num, _ROMAN_KIND) == label:
                return _ROMAN_KIND
            if draft.kind is _LETTER_KIND and next_label(draft.num, _LETTER_KIND) == label:
                introduces = draft is self.path[-1] and draft.text.rstrip().endswith(":")
                return _ROMAN_KIND if introduces else _LETTER_KIND
        if len(inner) > 1 or inner == "i":
            return _ROMAN_KIND
        return _LETTER_KIND

    def takes_plain(self) -> bool:
        """Whether an unlabelled paragraph here is a point without a label: it follows such a
        point, a point that reads as a title ("(f) Humanitarian assistance") or one that
        introduces a list ("... the following tasks:")."""
        if not self.path:
            return False
        last = self.path[-1]
        text = last.text.rstrip()
        return last.kind is _PLAIN_KIND or not ends_sentence_part(text) or text.endswith(":")

    def freeze(self) -> tuple[Point, ...]:
        table = self.table
        return tuple([draft.freeze(table) for draft in self.roots]) if self.roots else ()

    def last_line(self) -> int | None:
        return self.roots[-1].last_line() if self.roots else None


def _label_kind(label: str) -> LabelKind:
    """The kind of a label by its form alone; ``ROMAN`` for one that may be a roman numeral
    or a letter ("(i)"), which the labels before it decide (``PointTree._letter_or_roman``)."""
    if label == DASH:
        return LabelKind.DASH
    if not label:
        return LabelKind.PLAIN
    inner = _inner(label.rstrip(")"))
    if not label.startswith("("):
        return LabelKind.LETTER_DOT
    if inner.isdigit():
        return LabelKind.NUMBER
    if inner.isupper():
        return LabelKind.CAPITAL
    if not _is_roman(inner):
        return LabelKind.LETTER
    return LabelKind.ROMAN


_KINDS: dict[str, LabelKind] = {}  # ``_label_kind`` by label, filled as labels are met
# ``next_label`` by label and kind, filled as labels are met: "(i)" is looked at against every
# point on the path, and a roman numeral is counted out each time (issue 3).
_NEXT: dict[tuple[str, LabelKind], str] = {}

# Enum members as module constants: Python 3.11 finds ``LabelKind.ROMAN`` through the enum's
# metaclass, about 0.1 µs a time, and every point reads several (issue 3).
_ROMAN_KIND, _LETTER_KIND, _NUMBER_KIND = LabelKind.ROMAN, LabelKind.LETTER, LabelKind.NUMBER
_PLAIN_KIND = LabelKind.PLAIN
