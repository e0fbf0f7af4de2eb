"""The lines of a resolution and what each is: what the whole pipeline passes along.

``clean`` keeps every non-blank line with its place in the source, and has ``tokens``
classify it as it goes (a masthead element, an operative paragraph's number, a sub-point's
label, plain text). It keeps them column by column (``LineTable``: one list per field), not as
one object per line: a long resolution has thousands of lines, and making an object for each,
then reading its fields one line at a time, cost a tenth of a parse, most of it in memory
that a parse right after a garbage collection finds cold (issue 3). ``paragraphs`` reads the
columns; a ``Line`` is made only where one is asked for (``Lines``, a run of the table's
lines): the masthead, the footnotes, the tests.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import add
from typing import NamedTuple, overload

from council.domain.document import Span


class Kind(enum.Enum):
    """What a line is, by its form alone (``tokens.classify``)."""

    SYMBOL = "symbol"  # "United Nations  S/RES/2531 (2020)", "联 合 国   S/2020/613"
    UNITED_NATIONS = "united_nations"  # "United Nations" on its own
    BODY = "body"  # "Security Council" (possibly followed by "Distr.: General")
    DISTRIBUTION = "distribution"  # "Distr.: General"
    DATE = "date"  # "29 June 2020", "of 11 June 1967"
    LANGUAGE = "language"  # "Chinese", "Original: French" (in a letter's masthead)
    TITLE = "title"  # "Resolution 2531 (2020)", "9 (1946). Resolution of 15 October 1946"
    ISSUED_AS = "issued_as"  # "[S/3237]": the symbol the yearbook gives under the title
    ADOPTION = "adoption"  # "Adopted by the Security Council on 29 June 2020"
    FORMULA = "formula"  # "The Security Council,"
    ANNEX = "annex"  # "Annex", "Annex II", "附件"
    FOOTNOTES = "footnotes"  # "Footnotes"
    NUMBERED = "numbered"  # "28. Decides ..."
    POINT = "point"  # "(a) ...", "(iv) ...", "a. ...", "– ..."
    TEXT = "text"


class Line(NamedTuple):
    """One non-blank line of the source and what it is (a named tuple: a seed has thousands).

    Attributes:
        number: its line number in the source, 1-based.
        column: the column of its first non-blank character, 1-based.
        indent: the width of its leading whitespace (a tab counts 4), for nesting by indentation.
        text: the line without its leading and trailing whitespace.
        blank_before: whether a blank line (or dropped furniture) separates it from the line
            before it.
        width: its indent plus its text's width on the page (CJK characters count twice).
        kind: what it is, by its form (``tokens.classify``).
        label: an operative number ("28") or a normalised point label ("(a)", "–"), else "".
        rest: the text after the label, when it has one.
    """

    number: int
    column: int
    indent: int
    text: str
    blank_before: bool
    width: int = 0
    kind: Kind = Kind.TEXT
    label: str = ""
    rest: str = ""

    @property
    def end_column(self) -> int:
        """The column just after its last character (spans are end-exclusive)."""
        return self.column + len(self.text)


class LineTable:
    """The non-blank lines of a text, column by column: one list per field of ``Line``, in
    the order of the text (so line numbers grow with the index)."""

    __slots__ = (
        "blanks",
        "ends",
        "heads",
        "indents",
        "kinds",
        "labels",
        "leads",
        "numbers",
        "rests",
        "texts",
        "widths",
    )

    def __init__(
        self,
        numbers: list[int],
        leads: list[int],
        indents: list[int],
        texts: list[str],
        blanks: list[bool],
        widths: list[int],
        kinds: list[Kind],
        labels: list[str],
        rests: list[str],
        heads: str,
        ends: str,
    ) -> None:
        self.numbers = numbers
        self.leads = leads  # the columns, 0-based: a line's column is its lead + 1
        self.indents = indents
        self.texts = texts
        self.blanks = blanks
        self.widths = widths
        self.kinds = kinds
        self.labels = labels
        self.rests = rests
        # The first and the last character of every line, each in one string: the paragraphs
        # read them at C speed.
        self.heads = heads
        self.ends = ends

    def line(self, index: int) -> Line:
        """The line at ``index``, as a ``Line``."""
        return _new(
            Line,
            (
                self.numbers[index],
                self.leads[index] + 1,
                self.indents[index],
                self.texts[index],
                self.blanks[index],
                self.widths[index],
                self.kinds[index],
                self.labels[index],
                self.rests[index],
            ),
        )

    def lines(self, start: int, stop: int) -> list[Line]:
        """The lines from ``start`` up to ``stop``, as ``Line`` objects, all at once."""
        rows = zip(
            self.numbers[start:stop],
            map(add, self.leads[start:stop], repeat(1)),
            self.indents[start:stop],
            self.texts[start:stop],
            self.blanks[start:stop],
            self.widths[start:stop],
            self.kinds[start:stop],
            self.labels[start:stop],
            self.rests[start:stop],
            strict=True,
        )
        return list(map(_new, repeat(Line), rows))

    def span(self, start: int, last: int) -> Span:
        """From the first character of the line at ``start`` to the end of the line at
        ``last`` (included)."""
        return Span(
            self.numbers[start],
            self.leads[start] + 1,
            self.numbers[last],
            self.leads[last] + 1 + len(self.texts[last]),
        )


class Lines(Sequence[Line]):
    """A run of consecutive lines of a ``LineTable``, from ``start`` up to ``stop``: a sequence
    of ``Line`` objects, each made when it is asked for. A slice is another run, not a copy."""

    __slots__ = ("start", "stop", "table")

    def __init__(self, table: LineTable, start: int, stop: int) -> None:
        self.table = table
        self.start = start
        self.stop = stop

    def __len__(self) -> int:
        return self.stop - self.start

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> Lines: ...

    def __getitem__(self, index: int | slice) -> Line | Lines:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.stop - self.start)
            if step != 1:
                raise ValueError("a run of lines is sliced with a step of 1")
            return Lines(self.table, self.start + start, self.start + max(start, stop))
        size = self.stop - self.start
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("line index out of range")
        return self.table.line(self.start + index)

    def __iter__(self) -> Iterator[Line]:
        return map(self.table.line, range(self.start, self.stop))

    def __repr__(self) -> str:
        return f"Lines({list(self)!r})"

    def made(self) -> list[Line]:
        """The lines of the run as ``Line`` objects, made all at once (``LineTable.lines``)."""
        return self.table.lines(self.start, self.stop)

    @property
    def kinds(self) -> list[Kind]:
        """The kind of every line of the run."""
        return self.table.kinds[self.start : self.stop]

    @property
    def span(self) -> Span:
        """From the first character of the first line to the end of the last one."""
        return self.table.span(self.start, self.stop - 1)


_new = tuple.__new__  # a NamedTuple without its Python-level constructor


_TERMINAL = frozenset(".,;:!?。，；：！？、")


def ends_sentence_part(text: str) -> bool:
    """Whether ``text`` ends with punctuation that can close a paragraph (",", ";", ":", ".")
    possibly followed by a closing quote or bracket."""
    stripped = text.rstrip("\"'”’»)]} ")
    return bool(stripped) and stripped[-1] in _TERMINAL
