"""Finding mentions of other documents in a paragraph's text (being written: see issue 3)."""

from __future__ import annotations

from council.domain.document import Reference


def find_references(text: str) -> tuple[Reference, ...]:
    """Every reference in ``text``, in order of position."""
    return ()
