"""The Jinja2 environments the letters are written with, one per output format.

Each letter is one template per language (``templates/<lang>/<kind>.jinja``) that says what
the letter says, and calls structural macros from ``templates/_blocks.<fmt>`` for how it is laid
out. The HTML environment escapes every value; the text environment escapes nothing. Keeping
the wording in one template for both formats is what makes the HTML, stripped of its tags, read
exactly like the plain text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from council.render.language import display_width, is_wide

FORMATS: tuple[str, ...] = ("text", "html")

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")

MASTHEAD_LEFT_COLUMNS = 48


def oneline(value: str) -> str:
    """A paragraph written over several template lines, as one line.

    Lines are joined with a space, or with nothing where Chinese meets Chinese (Chinese puts no
    spaces between words). Only whitespace is touched, so escaped HTML stays escaped.
    """
    parts = [line.strip() for line in str(value).splitlines() if line.strip()]
    joined = ""
    for part in parts:
        if joined and not (is_wide(joined[-1]) or is_wide(part[0])):
            joined += " "
        joined += part
    return Markup(joined) if isinstance(value, Markup) else joined


def paragraphs(text: str) -> list[str]:
    """A draft's text as paragraphs: blocks separated by blank lines."""
    return [block.strip() for block in _BLANK_LINE.split(text.strip()) if block.strip()]


@dataclass(frozen=True)
class Block:
    """A paragraph of a draft's text and its indentation level (4 spaces a level, as in the
    plain-text form of docs/text-format.md: points sit under their paragraph)."""

    level: int
    text: str


def blocks(text: str) -> list[Block]:
    """A draft's text as paragraphs with their indentation level."""
    found = []
    for block in _BLANK_LINE.split(text.strip("\n")):
        if not block.strip():
            continue
        first = block.lstrip("\n").splitlines()[0]
        indent = len(first) - len(first.lstrip(" "))
        found.append(Block(indent // 4, " ".join(block.split())))
    return found


def columns(rows: Sequence[tuple[str, str]]) -> str:
    """A two-column masthead in fixed width: left column padded by display width (a Chinese
    character takes two columns); rows with nothing in them are dropped."""
    lines = []
    for left, right in rows:
        if not (left or right):
            continue
        if not right:
            lines.append(left)
            continue
        padding = max(MASTHEAD_LEFT_COLUMNS - display_width(left), 2)
        lines.append(f"{left}{' ' * padding}{right}")
    return "\n".join(lines)


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    return _EXTRA_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


@cache
def environment(fmt: str) -> jinja2.Environment:
    """The environment for ``fmt`` ("text" or "html"), built once."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("council", "render/templates"),
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["oneline"] = oneline
    env.filters["paragraphs"] = paragraphs
    env.filters["blocks"] = blocks
    env.globals["columns"] = columns
    return env


def render_template(name: str, fmt: str, context: dict[str, Any]) -> str:
    """Render ``templates/<name>`` in ``fmt`` and tidy the result."""
    template = environment(fmt).get_template(name)
    return tidy(template.render(fmt=fmt, **context))
