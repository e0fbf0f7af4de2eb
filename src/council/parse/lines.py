"""One line of a resolution and what it is: the object the whole pipeline passes along.

``clean`` makes one ``Line`` per non-blank line, keeping its place in the source, and has
``tokens`` classify it as it goes (a masthead element, an operative paragraph's number, a
sub-point's label, plain text); ``paragraphs`` and ``structure`` read both from the same
object. One object per line, not a line and then a token for it: a long resolution has
thousands of lines, and making a second object for each cost a tenth of a parse (issue 3).
"""

from __future__ import annotations

import enum
from typing import NamedTuple


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


_TERMINAL = frozenset(".,;:!?。，；：！？、")


def ends_sentence_part(text: str) -> bool:
    """Whether ``text`` ends with punctuation that can close a paragraph (",", ";", ":", ".")
    possibly followed by a closing quote or bracket."""
    stripped = text.rstrip("\"'”’»)]} ")
    return bool(stripped) and stripped[-1] in _TERMINAL
