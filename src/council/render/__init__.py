"""Writing the documents of a vote: letters in Chinese, English and French, as text or HTML,
and letters and resolutions as PDFs in UN layout (``pdf``).

``render(kind, facts, lang, fmt)`` is the entry point; the built-in renderers register
themselves in ``registry`` when ``letters`` and ``resolution`` are imported, as any other
renderer would.
"""

from council.render.facts import LetterFacts, OpeningFacts, ProcedureReference, sponsor_countries
from council.render.letters import (
    render_details_letter,
    render_opening_letter,
    render_outcome_letter,
)
from council.render.pdf import render_letter_pdf, render_resolution_pdf
from council.render.registry import (
    RENDERERS,
    Renderer,
    register_renderer,
    render,
    render_bytes,
)
from council.render.resolution import render_resolution_html, render_resolution_text

__all__ = [
    "RENDERERS",
    "LetterFacts",
    "OpeningFacts",
    "ProcedureReference",
    "Renderer",
    "register_renderer",
    "render",
    "render_bytes",
    "render_details_letter",
    "render_letter_pdf",
    "render_opening_letter",
    "render_outcome_letter",
    "render_resolution_html",
    "render_resolution_pdf",
    "render_resolution_text",
    "sponsor_countries",
]
