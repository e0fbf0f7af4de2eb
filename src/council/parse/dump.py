"""The parsed tree as plain JSON data, for ``council parse FILE --format json``.

STYLE.md §4: the CLI dumps the intermediate tree, as bluebell's ``--json`` does and eyecite's
``dump_citations``: every node with its type, its fields and the span it came from, so that
what the parser made of a text can be read, diffed and checked without Python.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date
from typing import Any

from council.domain.document import Document, Reference, Span


def dump_span(span: Span) -> list[int]:
    """A span as ``[line, column, end_line, end_column]`` (1-based; zeros when unknown)."""
    return [span.line, span.column, span.end_line, span.end_column]


def dump_reference(ref: Reference) -> dict[str, Any]:
    """A reference as ``{kind, symbol, start, end, link, span}``."""
    return {"kind": ref.kind.value, "symbol": ref.symbol, "start": ref.start, "end": ref.end,
            "link": ref.link, "span": dump_span(ref.span)}


def _value(value: Any) -> Any:
    if isinstance(value, Span):
        return dump_span(value)
    if isinstance(value, Reference):
        return dump_reference(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _node(value)
    if isinstance(value, tuple | list):
        return [_value(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _node(node: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type(node).__name__}
    for item in dataclasses.fields(node):
        out[item.name] = _value(getattr(node, item.name))
    return out


def dump_document(doc: Document) -> dict[str, Any]:
    """The whole tree as JSON-ready data.

    Args:
        doc: a parsed (or hand-built) document.

    Returns:
        ``{"type": "Document", "masthead": {...}, "preamble": [...], ...}``: every node is a
        dict with its ``type`` (the class name: ``Preambular``, ``Operative``, ``Point``,
        ``Heading``, ``Unrecognised``...), each of its fields, and its ``span`` as
        ``[line, column, end_line, end_column]``; references carry ``kind``, ``symbol``,
        ``start``, ``end`` and ``link``; dates are ISO 8601 strings.
    """
    return _node(doc)
