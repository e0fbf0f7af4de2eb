"""Writing a resolution's ``Document`` back out: as a web page, and as the plain-text form.

The plain text is exactly the form ``docs/text-format.md`` describes, which ``parse_resolution``
reads back to the same document (render → parse is the identity, STYLE.md §5). The HTML page
gives every operative paragraph and point an anchor (``#para_28``, ``#para_28_c_ii``) with a
link to itself, turns each reference into a link, and shows what the parser could not place,
marked and with its line, rather than dropping it (STYLE.md §4).

Both register themselves in ``registry`` as kind "resolution", formats "html" and "text", as the
letters do (STYLE.md §3).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from html import escape

from council.domain.document import (
    Adoption,
    Annex,
    Document,
    Footnote,
    Heading,
    Masthead,
    Operative,
    Point,
    Preambular,
    Reference,
    Unrecognised,
    point_anchor,
)
from council.domain.errors import InvalidInput
from council.render.language import LETTER_LANGUAGES, format_date, roman, undocs_url
from council.render.registry import register_renderer

INDENT = "    "  # one level of points in the plain text (docs/text-format.md)
DASH = "–"  # the label of a dash item in the plain text

STYLESHEET = """\
body { font-family: "Times New Roman", serif; max-width: 44em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; }
.masthead { display: grid; grid-template-columns: 1fr auto; border-bottom: 2px solid #000;
            margin-bottom: 2em; }
.masthead p { margin: 0; }
.masthead .org, .masthead .organ { grid-column: 1; font-weight: bold; }
.masthead .symbol, .masthead .distr, .masthead .date { grid-column: 2; }
h1 { font-size: 1.2em; text-align: center; }
h2, h3, h4, h5, h6 { font-size: 1.05em; }
.adoption { text-align: center; }
.preambular, .operative > p { text-indent: 2em; }
ol.points { list-style: none; padding-left: 2em; }
.self-link { color: inherit; text-decoration: none; }
.self-link:hover { text-decoration: underline; }
:target { background: #fff7d6; }
a.reference { color: #0645ad; }
.unrecognised { border-left: 4px solid #c00; background: #fdecea; padding: 0.2em 0.5em;
                white-space: pre-wrap; }
.unrecognised::before { content: "Not recognised (line " attr(data-line) "): ";
                        color: #c00; font-style: italic; }
.annex { border-top: 1px dashed #888; margin-top: 3em; }
.footnotes { border-top: 1px solid #000; margin-top: 2em; font-size: 0.9em; }
.footnotes ol { list-style: none; padding-left: 0; }
"""


# -- shared -----------------------------------------------------------------------------------

def _day(day: date | None, lang: str = "en") -> str:
    return format_date(day, lang) if day is not None else ""


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10,
                                                                                  "th")
    return f"{number}{suffix}"


def adoption_line(adoption: Adoption, body: str = "Security Council") -> str:
    """The adoption line as written, or, when only its facts are known, as the UN writes it.

    Args:
        adoption: the adoption (its ``text`` wins when it has one).
        body: the organ that adopted it.

    Returns:
        "Adopted by the Security Council at its 8700th meeting, on 29 June 2020", or "... on 29
        June 2020" without a meeting (written procedure), or "" when nothing is known.
    """
    if adoption.text:
        return adoption.text
    if adoption.date is None and adoption.meeting is None:
        return ""
    meeting = f" at its {_ordinal(adoption.meeting)} meeting," if adoption.meeting else ""
    on = f" on {_day(adoption.date)}" if adoption.date else ""
    return f"Adopted by the {body}{meeting}{on}".rstrip(",")


def _annex_label(index: int, count: int) -> str:
    return "Annex" if count == 1 else f"Annex {roman(index + 1)}"


def _is_dash(num: str) -> bool:
    return not any(char.isalnum() for char in num)


def _oneline(text: str) -> str:
    return " ".join(text.split())


# -- plain text ---------------------------------------------------------------------------------

def _masthead_lines(masthead: Masthead) -> list[str]:
    lines = ["United Nations"]
    if masthead.symbol:
        lines.append(masthead.symbol)
    if masthead.body:
        lines.append(masthead.body)
    if masthead.distribution:
        lines.append(f"Distr.: {masthead.distribution}")
    if masthead.date is not None:
        lines.append(_day(masthead.date))
    return lines


def _point_blocks(points: tuple[Point, ...], level: int) -> Iterator[str]:
    indent = INDENT * level
    for point in points:
        label = f"{point.num} " if point.num else ""  # an unlabelled point: its text alone
        yield f"{indent}{label}{_oneline(point.text)}".rstrip()
        yield from _point_blocks(point.points, level + 1)
        if point.wrap_up:
            yield f"{indent}{_oneline(point.wrap_up)}"


def _body_blocks(node: Preambular | Operative | Heading | Unrecognised) -> Iterator[str]:
    if isinstance(node, Operative):
        number = f"{node.number}. " if node.number is not None else ""
        yield f"{number}{_oneline(node.text)}".rstrip()
        yield from _point_blocks(node.points, 1)
        if node.wrap_up:
            yield _oneline(node.wrap_up)
    else:
        yield _oneline(node.text)


def render_resolution_text(doc: Document) -> str:
    """The document in the plain-text form of ``docs/text-format.md``.

    Args:
        doc: the resolution.

    Returns:
        Masthead lines, title, adoption line, formula, then one block per preambular paragraph,
        heading, operative paragraph and point (points indented 4 spaces per level), annexes
        and footnotes; blocks are separated by one blank line, and the text ends with a newline.
        Unrecognised nodes are written as they were found, where they were found; those that
        belonged nowhere come after the body.
    """
    blocks: list[str] = ["\n".join(_masthead_lines(doc.masthead))]
    adoption = adoption_line(doc.adoption, doc.masthead.body) if doc.adoption else ""
    # A yearbook gives the symbol it was issued under below the title: "[S/3237]".
    issued_as = f"[{doc.masthead.issued_as}]" if doc.masthead.issued_as else ""
    blocks += [text for text in (doc.title, issued_as, adoption, doc.formula) if text]
    for node in (*doc.preamble, *doc.body):
        blocks += _body_blocks(node)
    blocks += [_oneline(node.text) for node in doc.unrecognised]
    for index, annex in enumerate(doc.annexes):
        blocks.append(_annex_label(index, len(doc.annexes)))
        blocks += [_oneline(text) for text in (annex.title, *annex.paragraphs) if text]
    if doc.footnotes:
        blocks.append("Footnotes")
        blocks += [f"{note.marker} {_oneline(note.text)}" for note in doc.footnotes]
    return "\n\n".join(block for block in blocks if block.strip()) + "\n"


# -- HTML ---------------------------------------------------------------------------------------

def _reference_html(text: str, ref: Reference) -> str:
    inner = escape(text[ref.start:ref.end])
    attributes = (f'class="reference" data-kind="{escape(ref.kind.value)}" '
                  f'title="{escape(ref.symbol)}"')
    if ref.link:
        return f'<a {attributes} href="{escape(ref.link)}">{inner}</a>'
    return f"<span {attributes}>{inner}</span>"


def _linked(text: str, references: tuple[Reference, ...], offset: int = 0) -> str:
    """``text`` escaped, with the references (offsets relative to ``offset``) as links.

    A reference that falls outside the text or overlaps an earlier one is left as plain text:
    the words are never lost, only the link.
    """
    out: list[str] = []
    position = 0
    for ref in sorted(references, key=lambda r: (r.start, r.end)):
        start, end = ref.start - offset, ref.end - offset
        if start < position or end > len(text) or start >= end:
            continue
        out.append(escape(text[position:start]))
        out.append(_reference_html(text, _shifted(ref, offset)))
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def _shifted(ref: Reference, offset: int) -> Reference:
    return Reference(ref.kind, ref.symbol, ref.start - offset, ref.end - offset, ref.link)


def _inline(text: str, references: tuple[Reference, ...], lead: str = "") -> str:
    """A paragraph's text as HTML: the lead words in italics, the references as links."""
    crosses_lead = any(ref.start < len(lead) for ref in references)
    if not lead or not text.startswith(lead) or crosses_lead:
        return _linked(text, references)
    rest = text[len(lead):]
    return f'<i class="lead">{escape(lead)}</i>{_linked(rest, references, len(lead))}'


class _Anchors:
    """Hands out each anchor once; a repeated one (two paragraphs without a number, a
    paragraph number given twice) gets a suffix, so every id on the page is unique."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, anchor: str) -> str:
        candidate, count = anchor, 1
        while candidate in self.used:
            count += 1
            candidate = f"{anchor}-{count}"
        self.used.add(candidate)
        return candidate


def _self_link(anchor: str, label: str) -> str:
    return f'<a class="self-link" href="#{escape(anchor)}">{escape(label)}</a>'


def _unrecognised_html(node: Unrecognised, tag: str = "p") -> str:
    return (f'<{tag} class="unrecognised" data-line="{node.span.line}">'
            f"{escape(node.text)}</{tag}>")


def _heading_html(node: Heading) -> str:
    level = min(max(node.level, 1) + 1, 6)  # h1 is the title
    return f'<h{level} class="heading">{escape(node.text)}</h{level}>'


def _points_html(points: tuple[Point, ...], paragraph: int | None, path: tuple[str, ...],
                 anchors: _Anchors) -> str:
    items = []
    for position, point in enumerate(points, start=1):
        # Dash items have no label to name them by; they are numbered by position.
        nums = (*path, str(position) if _is_dash(point.num) else point.num)
        anchor = anchors.take(point_anchor(paragraph, nums))
        text = _inline(point.text, point.references)
        inner = [f"{_self_link(anchor, point.num)} {text}".rstrip()]
        if point.points:
            inner.append(_points_html(point.points, paragraph, nums, anchors))
        if point.wrap_up:
            inner.append(f'<p class="wrap-up">{escape(point.wrap_up)}</p>')
        items.append(f'<li class="point" id="{escape(anchor)}">{"".join(inner)}</li>')
    return '<ol class="points">\n' + "\n".join(items) + "\n</ol>"


def _operative_html(node: Operative, anchors: _Anchors) -> str:
    anchor = anchors.take(point_anchor(node.number, ()))
    label = f"{node.number}." if node.number is not None else "¶"
    parts = [f"<p>{_self_link(anchor, label)} {_inline(node.text, node.references, node.lead)}"
             "</p>"]
    if node.points:
        parts.append(_points_html(node.points, node.number, (), anchors))
    if node.wrap_up:
        parts.append(f'<p class="wrap-up">{escape(node.wrap_up)}</p>')
    return f'<div class="operative" id="{escape(anchor)}">\n' + "\n".join(parts) + "\n</div>"


def _preamble_html(doc: Document) -> list[str]:
    out = []
    for index, node in enumerate(doc.preamble, start=1):
        if isinstance(node, Preambular):
            out.append(f'<p class="preambular" id="preamble_{index}">'
                       f"{_inline(node.text, node.references, node.lead)}</p>")
        elif isinstance(node, Heading):
            out.append(_heading_html(node))
        else:
            out.append(_unrecognised_html(node))
    return out


def _body_html(doc: Document) -> list[str]:
    anchors = _Anchors()
    out = []
    for node in doc.body:
        if isinstance(node, Operative):
            out.append(_operative_html(node, anchors))
        elif isinstance(node, Heading):
            out.append(_heading_html(node))
        else:
            out.append(_unrecognised_html(node))
    return out


def _masthead_html(masthead: Masthead, lang: str) -> str:
    rows = ['<p class="org">United Nations</p>']
    if masthead.symbol:
        link = undocs_url(masthead.symbol.replace(" ", ""), lang)
        rows.append(f'<p class="symbol"><a href="{escape(link)}">{escape(masthead.symbol)}'
                    "</a></p>")
    rows.append(f'<p class="organ">{escape(masthead.body)}</p>')
    if masthead.distribution:
        rows.append(f'<p class="distr">Distr.: {escape(masthead.distribution)}</p>')
    if masthead.date is not None:
        rows.append(f'<p class="date"><time datetime="{masthead.date.isoformat()}">'
                    f"{escape(_day(masthead.date, lang))}</time></p>")
    return '<header class="masthead">\n' + "\n".join(rows) + "\n</header>"


def _annex_html(annex: Annex, index: int, count: int) -> str:
    parts = [f"<h2>{escape(_annex_label(index, count))}</h2>"]
    if annex.title:
        parts.append(f"<h3>{escape(annex.title)}</h3>")
    parts += [f"<p>{escape(text)}</p>" for text in annex.paragraphs]
    return (f'<section class="annex" id="annex_{index + 1}">\n' + "\n".join(parts)
            + "\n</section>")


def _footnotes_html(footnotes: tuple[Footnote, ...]) -> str:
    items = [f'<li id="footnote_{escape(note.marker)}"><span class="marker">'
             f"{escape(note.marker)}</span> {escape(note.text)}</li>" for note in footnotes]
    return ('<section class="footnotes">\n<h2>Footnotes</h2>\n<ol>\n' + "\n".join(items)
            + "\n</ol>\n</section>")


def _covering_letter_html(doc: Document) -> list[str]:
    letter = doc.covering_letter
    if letter is None:
        return []
    in_lang = letter.language if letter.language in LETTER_LANGUAGES else "en"
    parts = [f'<p class="symbol">{escape(letter.symbol)}</p>'] if letter.symbol else []
    if letter.date is not None:
        parts.append(f'<p class="date">{escape(_day(letter.date, in_lang))}</p>')
    if letter.title:
        parts.append(f"<h2>{escape(letter.title)}</h2>")
    parts += [f"<p>{escape(text)}</p>" for text in letter.paragraphs]
    language = f' lang="{escape(letter.language)}"' if letter.language else ""
    return [f'<section class="covering-letter"{language}>\n' + "\n".join(parts)
            + "\n</section>"]


def render_resolution_html(doc: Document, lang: str = "en") -> str:
    """The document as a complete HTML5 page with a small embedded stylesheet.

    Args:
        doc: the resolution.
        lang: the page's language (``<html lang>``, the masthead's date and its link).

    Returns:
        The page: masthead, title, adoption line, formula, preamble (lead words in italics),
        headings, operative paragraphs and points with anchors and self-links (``#para_28``,
        ``#para_28_c_ii``, dash items by position: ``#para_28_a_iii_1``), references as links,
        annexes, footnotes, and unrecognised nodes marked ``class="unrecognised"`` with their
        ``data-line``. Every text is HTML-escaped.
    """
    page_title = " — ".join(t for t in (doc.masthead.symbol, doc.title) if t) or "Resolution"
    adoption = adoption_line(doc.adoption, doc.masthead.body) if doc.adoption else ""
    parts = [*_covering_letter_html(doc), _masthead_html(doc.masthead, lang)]
    if doc.title:
        parts.append(f'<h1 class="title">{escape(doc.title)}</h1>')
    if adoption:
        parts.append(f'<p class="adoption">{escape(adoption)}</p>')
    if doc.formula:
        parts.append(f'<p class="formula">{escape(doc.formula)}</p>')
    if doc.preamble:
        parts.append('<section class="preamble">\n' + "\n".join(_preamble_html(doc))
                     + "\n</section>")
    if doc.body:
        parts.append('<section class="operative-part">\n' + "\n".join(_body_html(doc))
                     + "\n</section>")
    if doc.unrecognised:
        parts.append('<section class="unplaced">\n'
                     + "\n".join(_unrecognised_html(node) for node in doc.unrecognised)
                     + "\n</section>")
    parts += [_annex_html(annex, i, len(doc.annexes)) for i, annex in enumerate(doc.annexes)]
    if doc.footnotes:
        parts.append(_footnotes_html(doc.footnotes))
    body = "\n".join(parts)
    direction = ' dir="rtl"' if lang == "ar" else ""  # Arabic reads right to left
    return (f'<!doctype html>\n<html lang="{escape(lang)}"{direction}>\n<head>\n'
            '<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(page_title)}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n"
            f'<body>\n<main class="resolution">\n{body}\n</main>\n</body>\n</html>\n')


# -- registration -------------------------------------------------------------------------------

def _document(subject: object) -> Document:
    if not isinstance(subject, Document):
        raise InvalidInput(
            f"The resolution renderer writes a Document (from council.parse), "
            f"not {type(subject).__name__}."
        )
    return subject


def _render_html(subject: object, lang: str) -> str:
    return render_resolution_html(_document(subject), lang)


def _render_text(subject: object, lang: str) -> str:
    return render_resolution_text(_document(subject))


register_renderer("resolution", "html", _render_html, LETTER_LANGUAGES)
# The plain-text form is one language-neutral syntax; its dates are written in English.
register_renderer("resolution", "text", _render_text, ("en",))
