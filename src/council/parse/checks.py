"""Check a parsed resolution for signs that the parser went wrong.

A parser that never refuses a text can still read it badly; these checks say where to look:
operative paragraphs whose numbers are not 1, 2, 3 … (a paragraph missed or split in two), and
nodes the parser could not place. ``scripts/ocr_report.py`` runs them over the OCR corpus
(docs/parsing.md). ``first_difference`` says where two readings of one resolution part ways;
``scripts/roundtrip_report.py`` uses it for the UN's XML written as text and parsed again
(docs/roundtrip.md).
"""

from __future__ import annotations

import dataclasses

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


def first_difference(expected: object, actual: object, path: str = "document") -> str | None:
    """Where two documents (or nodes) first differ, field by field as equality compares them
    (spans and lead words aside).

    Args:
        expected: a document, node, tuple or value.
        actual: the one to compare with it.
        path: the name of ``expected`` in the message.

    Returns:
        None when they are equal, else the path of the first difference and both values:
        "document.body[37]: Unrecognised('Number Name …') != Operative(None, 'Number Name …')".
    """
    if type(expected) is not type(actual):
        return f"{path}: {_short(expected)} != {_short(actual)}"
    if dataclasses.is_dataclass(expected) and not isinstance(expected, type):
        for item in dataclasses.fields(expected):
            if item.compare:
                found = first_difference(
                    getattr(expected, item.name), getattr(actual, item.name), f"{path}.{item.name}"
                )
                if found is not None:
                    return found
        return None
    if isinstance(expected, tuple) and isinstance(actual, tuple):
        for index, (one, other) in enumerate(zip(expected, actual, strict=False)):
            found = first_difference(one, other, f"{path}[{index}]")
            if found is not None:
                return found
        if len(expected) != len(actual):
            return f"{path}: {len(expected)} items != {len(actual)}"
        return None
    return None if expected == actual else f"{path}: {expected!r} != {actual!r}"


def _short(value: object) -> str:
    """A node as its kind, number and the start of its text; any other value as its repr."""
    text = getattr(value, "text", None)
    if not isinstance(text, str):
        return repr(value)
    number = f"{value.number}, " if isinstance(value, Operative) else ""
    shown = text if len(text) <= 40 else text[:39] + "…"
    return f"{type(value).__name__}({number}{shown!r})"
