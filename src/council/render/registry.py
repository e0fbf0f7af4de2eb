"""Renderers registered by document kind and format name, the built-in ones included.

Datasette registers even its own output formats through the hook that plugins use
(``register_output_renderer``); here the letters in ``letters.py`` register themselves the same
way, so a PDF or Akoma Ntoso renderer added later is called exactly like the built-ins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from council.domain.document import Document
from council.domain.errors import InvalidInput
from council.render.facts import LetterFacts, OpeningFacts
from council.render.language import LETTER_LANGUAGES, check_language

Facts = LetterFacts | OpeningFacts
# What a renderer writes from: a letter's facts, or a resolution's ``Document`` (issue 3).
Subject = Facts | Document
# Each renderer checks that it was given the subject it writes (letters.py, resolution.py), so
# the registry takes renderers of any one subject type. Text formats return ``str``; binary
# ones (PDF, pdf.py) return ``bytes``, which ``render_bytes`` hands back.
RenderFunction = Callable[[Any, str], str | bytes]


@dataclass(frozen=True)
class Renderer:
    """One way to write one kind of document: ``render(facts, lang) -> str`` (or bytes)."""

    kind: str
    fmt: str
    render: RenderFunction
    languages: tuple[str, ...] = LETTER_LANGUAGES


RENDERERS: dict[tuple[str, str], Renderer] = {}


def _label(kind: str) -> str:
    """How messages name a kind of document: "the outcome letter", "the resolution"."""
    return "the resolution" if kind == "resolution" else f"the {kind} letter"


def register_renderer(
    kind: str,
    fmt: str,
    render: RenderFunction,
    languages: Sequence[str] = LETTER_LANGUAGES,
) -> Renderer:
    """Make ``render(kind, facts, lang, fmt)`` use ``render`` for that kind and format.

    Args:
        kind: the document, such as "outcome", "opening" or "details".
        fmt: the format name, such as "text" or "html".
        render: a function of the facts and the language code returning the document.
        languages: the language codes it can write.

    Returns:
        The registered renderer (a later registration of the same pair replaces it).
    """
    renderer = Renderer(kind, fmt, render, tuple(languages))
    RENDERERS[(kind, fmt)] = renderer
    return renderer


def renderer_for(kind: str, fmt: str) -> Renderer:
    """The renderer registered for ``kind`` and ``fmt``; the error lists what exists."""
    kinds = sorted({k for k, _ in RENDERERS})
    if kind not in kinds:
        raise InvalidInput(
            f"Document kind {kind!r} has no renderer; expected one of: {', '.join(kinds)}."
        )
    renderer = RENDERERS.get((kind, fmt))
    if renderer is None:
        formats = sorted(f for k, f in RENDERERS if k == kind)
        raise InvalidInput(
            f"Format {fmt!r} is not available for {_label(kind)}; expected one of: "
            f"{', '.join(formats)}."
        )
    return renderer


def render(kind: str, facts: Subject, lang: str = "en", fmt: str = "text") -> str:
    """Write the ``kind`` document in ``lang`` and ``fmt``.

    Args:
        kind: "outcome", "opening", "details", "resolution" or any registered kind.
        facts: what the document states: a letter's facts, or a resolution's ``Document``.
        lang: the language version, e.g. "zh", "en", "fr".
        fmt: the format name, e.g. "text", "html".

    Returns:
        The document as text (HTML is text too; encode it as UTF-8).
    """
    renderer = renderer_for(kind, fmt)
    check_language(lang, renderer.languages, _label(kind))
    written = renderer.render(facts, lang)
    if isinstance(written, bytes):
        raise InvalidInput(f"Format {fmt!r} of {_label(kind)} is binary; call render_bytes.")
    return written


def render_bytes(kind: str, facts: Subject, lang: str = "en", fmt: str = "text") -> bytes:
    """Write the ``kind`` document in ``lang`` and ``fmt`` as bytes: a binary format (``pdf``)
    as it is, a text format encoded as UTF-8.

    Args:
        kind: "outcome", "opening", "details", "resolution" or any registered kind.
        facts: what the document states: a letter's facts, or a resolution's ``Document``.
        lang: the language version.
        fmt: the format name, e.g. "pdf", "html", "text".

    Returns:
        The document's bytes.
    """
    renderer = renderer_for(kind, fmt)
    check_language(lang, renderer.languages, _label(kind))
    written = renderer.render(facts, lang)
    return written if isinstance(written, bytes) else written.encode()
