"""Separate footnote numbers that OCR glued to the word before them.

A yearbook prints a footnote number raised after a word; OCR sets it on the line, sometimes
without a space: "the Security Council1", or "resolution 2421" for resolution 242 and
footnote 1 (issue 3). Left glued, the first hides a word and the second reads as a reference
to another resolution. Only numbers that are markers of the document's own footnotes are
separated, and only where the reading is sure:

- a word followed by a marker ("Council1"), when the word also appears on its own in the text;
- "resolution 2421", when 2421 is later than the resolution itself (it cannot refer to a
  resolution not yet adopted) and 242 is not; General Assembly resolutions of the time, which
  carry their session in Roman numerals ("resolution 1514 (XV)"), are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

_GLUED_WORD = re.compile(r"\b([^\W\d_]{3,})(\d{1,3})\b")
_DIGIT = re.compile(r"\d")
_GLUED_RESOLUTION = re.compile(r"\b(resolutions? )(\d{2,5})\b(?! ?\([IVXL]+\))")


def marker_mender(
    markers: Collection[str], words: Collection[str], resolution: int | None
) -> Callable[[str], str]:
    """A function that separates glued footnote markers in a paragraph's text.

    Args:
        markers: the markers of the document's footnotes ("1", "22").
        words: the lower-case words of the whole text.
        resolution: the number of the resolution itself, if known.

    Returns:
        A function from a text to the same text with "Council1" read as "Council 1" and,
        where sure, "resolution 2421" as "resolution 242 1".
    """
    numeric = frozenset(marker for marker in markers if marker.isdigit())
    if not numeric:
        return unchanged

    def word(match: re.Match[str]) -> str:
        text, number = match.group(1), match.group(2)
        if number in numeric and text[-1].islower() and text.lower() in words:
            return f"{text} {number}"
        return match.group()

    def reference(match: re.Match[str]) -> str:
        prefix, digits = match.group(1), match.group(2)
        if resolution is None or int(digits) <= resolution:
            return match.group()
        for cut in range(len(digits) - 1, 0, -1):
            head, tail = digits[:cut], digits[cut:]
            if tail in numeric and int(head) <= resolution and not tail.startswith("0"):
                return f"{prefix}{head} {tail}"
        return match.group()

    def mend(text: str) -> str:
        if _DIGIT.search(text) is not None:  # both patterns need a (decimal) digit
            text = _GLUED_WORD.sub(word, text)
            if "resolution" in text:
                text = _GLUED_RESOLUTION.sub(reference, text)
        return text

    return mend


def unchanged(text: str) -> str:
    """The mender of a document without numbered footnotes: ``text`` as it is."""
    return text
