"""Check a parsed resolution for signs that the parser went wrong.

A parser that never refuses a text can still read it badly; these checks say where to look:
operative paragraphs whose numbers are not 1, 2, 3 … (a paragraph missed or split in two), and
nodes the parser could not place. ``scripts/ocr_report.py`` runs them over the OCR corpus
(docs/parsing.md).
"""

from __future__ import annotations

from council.domain.document import Document, Heading, Operative


def numbering_problems(document: Document) -> list[str]:
    """Where the operative numbers are not contiguous: "after 3 comes 5", "3 twice".

    Numbering may start again at 1 after a heading (resolution 101 (1953) has parts A, B, C,
    each numbered from 1).

    Args:
        document: a parsed document.

    Returns:
        One message per break in the numbering; empty when the numbers run 1..n.
    """
    problems: list[str] = []
    expected = 1
    after_heading = False
    for node in document.body:
        if isinstance(node, Heading):
            after_heading = True
            continue
        if not isinstance(node, Operative) or node.number is None:
            continue
        number = node.number
        if number == 1 and after_heading:
            expected = 1
        if number != expected:
            if number < expected:
                problems.append(f"{number} after {expected - 1}")
            else:
                problems.append(f"after {expected - 1} comes {number}")
        expected = number + 1
        after_heading = False
    return problems


def numbered_paragraphs(document: Document) -> list[int]:
    """The numbers of the operative paragraphs, in order."""
    return [op.number for op in document.operative_paragraphs if op.number is not None]
