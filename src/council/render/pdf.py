"""Letters and resolutions as A4 PDFs laid out like UN documents (issue 7 point 4).

The PDF is the HTML the other renderers write, restyled for print and given the page furniture
of an official document, then typeset by WeasyPrint:

* first page: the masthead (United Nations / Security Council / symbol, "Distr.: General", the
  date, the language and the original language), and at its foot the job line
  ("20-08599 (C)   290620   290620") with the job number as the barcode prints it;
* later pages: the symbol as a running header, the page number ("2/5") and the job number;
* footnotes at the foot of the page that calls them, marked as the UN marks them ("*");
* Noto fonts for every script (Noto Serif, Noto Serif CJK SC, Noto Naskh Arabic), so no
  character falls back to a missing glyph, and Arabic laid out right to left (``dir="rtl"``).

The job number is the Secretariat's (DGACM's) own number; when it is not known we write one of
the same form from the symbol ("S/2020/613" gives "20-00613"), and ``job_number=`` takes the
real one. Registered as format "pdf" of every letter kind and of "resolution"; the registry's
``render_bytes`` returns it. WeasyPrint is imported only when a PDF is asked for, and a missing
WeasyPrint or Pango says what to install (STYLE.md §3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from babel.dates import format_date as babel_format_date

from council.domain.document import Document
from council.domain.errors import CouncilError, InvalidInput
from council.render.facts import LetterFacts, OpeningFacts
from council.render.language import LETTER_LANGUAGES, new_york_date
from council.render.registry import register_renderer, render
from council.render.resolution import render_resolution_html

__all__ = ["RESOLUTION_LANGUAGES", "job_number_for", "render_letter_pdf", "render_resolution_pdf"]

Element = Any  # an lxml element; lxml ships no type stubs

# The six official languages a resolution is issued in; right-to-left among them: Arabic.
RESOLUTION_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
RIGHT_TO_LEFT = frozenset({"ar"})

# The letter after the job number on the first page: the language version (A, C, E, F, R, S).
_JOB_LETTERS = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S"}

# A resolution's masthead in each language, as the UN's own PDFs of S/RES/2531 (2020) print it:
# the organisation, "Distr.: General" (French and Spanish write "Distr. générale/general"), and
# the date in English except in the French and Spanish versions.
_ORGANISATION = {"ar": "الأمم المتحدة", "zh": "联合国", "en": "United Nations",
                 "fr": "Nations Unies", "ru": "Организация Объединенных Наций",
                 "es": "Naciones Unidas"}
_BODY = {"ar": "مجلس الأمن", "zh": "安全理事会", "en": "Security Council",
         "fr": "Conseil de sécurité", "ru": "Совет Безопасности", "es": "Consejo de Seguridad"}
_DATE_PATTERNS = {"fr": "d MMMM y", "es": "d 'de' MMMM 'de' y"}

_RIGHT_TO_LEFT_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_SYMBOL_SERIAL = re.compile(r"^S/(\d{4})/(\d+)")
_RESOLUTION_NUMBER = re.compile(r"^S/RES/(\d+)\s*\((\d{4})\)")

# Fonts first by language, so that punctuation shared by scripts (“”, ，) takes the language's
# form; every list ends with the Noto fonts of the other scripts, so nothing lacks a glyph.
_FONTS = {
    "zh": '"Noto Serif CJK SC", "Noto Serif", "Noto Naskh Arabic"',
    "ar": '"Noto Naskh Arabic", "Noto Serif", "Noto Serif CJK SC"',
}
_DEFAULT_FONTS = '"Noto Serif", "Noto Serif CJK SC", "Noto Naskh Arabic"'

PRINT_CSS = """\
@page {
  size: A4;
  margin: 24mm 20mm 26mm 20mm;
  @top-left { content: none; }
  @top-right { content: none; }
}
@page :left {
  @top-left { content: "%(symbol)s"; font-weight: bold; font-size: 10pt;
              vertical-align: bottom; padding-bottom: 2pt; margin-bottom: 12pt;
              border-bottom: 0.6pt solid #000; }
  @bottom-left { content: counter(page) "/" counter(pages); font-size: 9pt; }
  @bottom-right { content: "%(job)s"; font-size: 8pt; }
}
@page :right {
  @top-right { content: "%(symbol)s"; font-weight: bold; font-size: 10pt;
               vertical-align: bottom; padding-bottom: 2pt; margin-bottom: 12pt;
               border-bottom: 0.6pt solid #000; }
  @bottom-right { content: counter(page) "/" counter(pages); font-size: 9pt; }
  @bottom-left { content: "%(job)s"; font-size: 8pt; }
}
@page :first {
  @top-left { content: none; border: none; }
  @top-right { content: none; border: none; }
  @bottom-right { content: none; }
  @bottom-left { content: element(first-foot); vertical-align: top; }
}
html { font-family: %(fonts)s, serif; font-size: 10.5pt; line-height: 1.35; }
body { margin: 0; }
a { color: inherit; text-decoration: none; }
p { margin: 0 0 %(gap)s 0; text-align: justify; }
h1, h2, h3, h4, h5, h6 { font-size: 10.5pt; font-weight: bold; margin: 12pt 0 8pt 0;
                         page-break-after: avoid; }
.first-foot { position: running(first-foot); font-size: 8pt; line-height: 1.3; }
.first-foot .job-line { white-space: pre; }
.first-foot .barcode { font-size: 9pt; letter-spacing: 1.5pt; }
table.un-masthead { width: 100%%; border-collapse: collapse; margin: 0 0 18pt 0; }
table.un-masthead td { vertical-align: baseline; padding: 0 0 3pt 0; }
table.un-masthead tr.top td { border-bottom: 2pt solid #000; }
table.un-masthead tr.second td { border-bottom: 0.6pt solid #000; vertical-align: top;
                                 padding: 6pt 0 8pt 0; }
table.un-masthead .org { width: 62%%; font-size: 11pt; letter-spacing: 0.6pt; }
table.un-masthead .symbol { text-align: right; font-size: 15pt; font-weight: bold; }
table.un-masthead .organ { font-size: 17pt; font-weight: bold; }
table.un-masthead .meta p { margin: 0; text-align: left; font-size: 10pt; }
[dir=rtl] table.un-masthead .symbol { text-align: left; }
table.un-masthead .meta p.language { margin-top: 8pt; }
main.letter h1, main.resolution h1.title { font-size: 11.5pt; margin-top: 6pt; }
main.letter > p, .body-text p, p.preambular, .operative > p, .annex p, p.formula {
  text-indent: 2.2em; }
.body-text p.level-1 { margin-inline-start: 2.5em; text-indent: 0; }
.body-text p.level-2 { margin-inline-start: 5em; text-indent: 0; }
.body-text p.level-3 { margin-inline-start: 7.5em; text-indent: 0; }
.body-text p.level-4 { margin-inline-start: 10em; text-indent: 0; }
dl.votes { margin: 6pt 0 10pt 0; }
dl.votes dt { margin-top: 6pt; }
dl.votes dd { margin-inline-start: 2.2em; margin-bottom: 0; text-align: justify; }
.signature { margin-inline-start: 50%%; margin-top: 18pt; page-break-inside: avoid; }
.signature p { margin: 0; text-indent: 0; text-align: start; }
.annex { page-break-before: always; }
.annex .annex { page-break-before: avoid; }
.annex > h2 { margin-top: 0; }
.footnote { float: footnote; font-size: 9pt; text-indent: 0; text-align: start; }
.footnote::footnote-call { content: attr(data-marker); vertical-align: super;
                           font-size: 70%%; line-height: 0; }
.footnote::footnote-marker { content: attr(data-marker) " "; }
@page { @footnote { border-top: 0.6pt solid #000; padding-top: 3pt; margin-top: 6pt;
                    max-height: 40%%; } }
p.adoption { font-weight: bold; text-align: start; margin-bottom: 12pt; }
.preambular i.lead, .operative i.lead { font-style: italic; }
:lang(zh) i.lead, :lang(ar) i.lead { font-style: normal; }  /* no italics in these scripts */
/* Arabic lines are not stretched: poppler reads a justified Arabic line's wide spaces as a
   column gap and reorders its halves. */
[dir=rtl] p, [dir=rtl] li, [dir=rtl] dd { text-align: start; }
/* Nor are Russian lines: long Russian words leave wide spaces in a justified line, which
   poppler reads as a gap between two columns, putting the line's second half after the next
   lines. */
:lang(ru) p, :lang(ru) li, :lang(ru) dd { text-align: start; }
.operative { margin-bottom: %(gap)s; }
ol.points { list-style: none; margin: 0 0 6pt 0; padding-inline-start: 2.5em; }
ol.points li { margin-bottom: %(gap)s; text-align: justify; }
/* A heading stands apart, by more than poppler's 2.5 font sizes of white
   above and in a smaller size than the text below: pdftotext then prints it between blank lines,
   which is how the parser tells a heading from a paragraph (docs/parsing.md, Wrapped). */
h1.heading, h2.heading, h3.heading, h4.heading, h5.heading, h6.heading {
  font-size: %(heading_size)s; margin: %(heading_gap)s 0 8pt 0; text-align: start; }
.heading { font-style: normal; }
.unrecognised { white-space: pre-wrap; }
section.footnotes { border-top: 0.6pt solid #000; margin-top: 18pt; font-size: 9pt; }
section.footnotes h2 { display: none; }
section.footnotes ol { list-style: none; padding: 0; }
"""


PARAGRAPH_GAP = "6pt"  # between paragraphs
# Above a heading: over 2.5 times the text size (10.5pt), the gap at which poppler starts a new
# flow, so that pdftotext writes a blank line; the heading is set smaller than the text, so
# that the text after it starts one too ("lower blocks must use smaller fonts").
HEADING_GAP = "28pt"
HEADING_SIZE = "10pt"


class PdfUnavailable(CouncilError):
    """WeasyPrint, or the Pango library it needs, is not installed."""


INSTALL_HINT = ("PDF output needs WeasyPrint and Debian's Pango: pip install 'weasyprint==70.0' "
                "and apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core "
                "fonts-noto-cjk")


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # OSError: the Pango shared library is missing
        raise PdfUnavailable(f"{INSTALL_HINT} ({exc}).") from exc
    return weasyprint


# -- job numbers and the page furniture ---------------------------------------------------------

def job_number_for(symbol: str) -> str:
    """A job number of the UN's form from a symbol: "S/2020/613" gives "20-00613", "S/RES/2531
    (2020)" gives "20-02531"; anything else "00-00000".

    Args:
        symbol: the document's symbol.

    Returns:
        The number, two digits of the year, a hyphen and five digits.
    """
    found = _SYMBOL_SERIAL.match(symbol)
    if found:
        year, serial = found.groups()
    else:
        found = _RESOLUTION_NUMBER.match(symbol)
        serial, year = found.groups() if found else ("0", "0")
    return f"{int(year) % 100:02d}-{int(serial) % 100000:05d}"


def _css_string(text: str) -> str:
    """``text`` for the inside of a CSS string: quotes, backslashes and non-ASCII escaped."""
    return "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else f"\\{ord(ch):06x}"
                   for ch in text)


def _stylesheet(lang: str, symbol: str, job: str) -> str:
    return PRINT_CSS % {"symbol": _css_string(symbol), "job": _css_string(job),
                        "fonts": _FONTS.get(lang, _DEFAULT_FONTS), "gap": PARAGRAPH_GAP,
                        "heading_gap": HEADING_GAP, "heading_size": HEADING_SIZE}


def _element(tag: str, text: str = "", **attributes: str) -> Element:
    node = lxml.html.Element(tag, **{k.rstrip("_"): v for k, v in attributes.items()})
    node.text = text or None
    return node


def _first_foot(job: str, lang: str, day: date) -> Element:
    stamp = day.strftime("%d%m%y")
    foot = _element("div", class_="first-foot", dir="ltr")
    # One run of text with wide spaces, not three boxes: poppler reads boxes as columns.
    gap = "   "
    letter = _JOB_LETTERS.get(lang, lang.upper()[:1])
    foot.append(_element("div", f"{job} ({letter}){gap}{stamp}{gap}{stamp}", class_="job-line"))
    foot.append(_element("div", f"*{job.replace('-', '')}*", class_="barcode"))
    return foot


def _masthead_table(rows: dict[str, list[Element]]) -> Element:
    """The UN masthead as a two-row table: organisation and symbol over a thick rule, then the
    organ and the distribution, date and language lines. In Arabic the table runs right to left,
    as the Arabic documents print it."""
    table = _element("table", class_="un-masthead")
    top = _element("tr", class_="top")
    second = _element("tr", class_="second")
    for row, cells in ((top, ("org", "symbol")), (second, ("organ", "meta"))):
        for name in cells:
            cell = _element("td", class_=name)
            for paragraph in rows.get(name, []):
                if name == "meta":
                    cell.append(paragraph)
                else:  # the paragraph's content, without the paragraph
                    if paragraph.get("dir"):
                        cell.set("dir", paragraph.get("dir"))
                    cell.text = paragraph.text
                    for child in paragraph:
                        cell.append(child)
            row.append(cell)
        table.append(row)
    return table


def _restyle_mastheads(root: Element) -> None:
    for header in root.xpath("//header[contains(@class, 'masthead')]"):
        rows: dict[str, list[Element]] = {}
        for paragraph in header.findall("p"):
            name = (paragraph.get("class") or "").split()[0] if paragraph.get("class") else ""
            if not _RIGHT_TO_LEFT_TEXT.search(paragraph.text_content()):
                # "29 June 2020" in an Arabic masthead stays in its own order.
                paragraph.set("dir", "ltr")
            rows.setdefault(name if name in ("org", "symbol", "organ") else "meta",
                            []).append(paragraph)
        header.getparent().replace(header, _masthead_table(rows))


def _float_footnotes(root: Element) -> None:
    """Each footnote of an ``aside.footnotes`` moves to its call, to float to the page foot."""
    for note in root.xpath("//aside[contains(@class, 'footnotes')]/p[@id]"):
        calls = root.xpath("//a[@href=$target]", target="#" + note.get("id"))
        if not calls:
            continue
        call = calls[0]
        marker = (call.text_content() or "*").strip()
        span = _element("span", class_="footnote")
        span.set("data-marker", marker)
        span.text = (note.text or "").lstrip().removeprefix(marker).lstrip()
        for child in note:
            span.append(child)
        anchor = call.getparent() if call.getparent().tag == "sup" else call
        span.tail = anchor.tail
        anchor.getparent().replace(anchor, span)
        aside = note.getparent()
        aside.remove(note)
        if not len(aside):
            aside.getparent().remove(aside)


def _to_pdf(html: str, lang: str, day: date, job_number: str | None,
            symbol: str | None = None) -> bytes:
    """Restyle a rendered HTML document for print and typeset it."""
    root = lxml.html.document_fromstring(html)
    for style in root.xpath("//style"):
        style.getparent().remove(style)
    if symbol is None:
        found = root.xpath("//header[contains(@class, 'masthead')]/p[@class='symbol']")
        symbol = found[0].text_content().strip() if found else ""
    job = job_number or job_number_for(symbol)
    _restyle_mastheads(root)
    _float_footnotes(root)
    root.set("lang", lang)
    if lang in RIGHT_TO_LEFT:
        root.set("dir", "rtl")
    head = root.find("head")
    head.append(_element("style", _stylesheet(lang, symbol, job)))
    body = root.find("body")
    body.insert(0, _first_foot(job, lang, day))
    page = lxml.html.tostring(root, encoding="unicode", doctype="<!doctype html>")
    pdf: bytes = _weasyprint().HTML(string=page).write_pdf()
    return pdf


# -- letters ------------------------------------------------------------------------------------

def _letter_day(facts: LetterFacts | OpeningFacts, kind: str) -> date:
    if isinstance(facts, OpeningFacts):
        assert facts.procedure.opened_at is not None  # checked by OpeningFacts
        return new_york_date(facts.procedure.opened_at)
    if kind == "opening":
        return _letter_day(facts.opening, kind)
    if kind == "details":
        return facts.details_date or facts.date
    return facts.date


def render_letter_pdf(facts: LetterFacts | OpeningFacts, lang: str = "en",
                      kind: str = "outcome", job_number: str | None = None) -> bytes:
    """A letter of the vote as a PDF in UN layout.

    Args:
        facts: what the letter states (as for ``render``).
        lang: the language version, one of ``LETTER_LANGUAGES``.
        kind: "outcome", "opening" or "details".
        job_number: the Secretariat's job number ("20-08599"); by default one made from the
            symbol (``job_number_for``).

    Returns:
        The PDF file's bytes.
    """
    html = render(kind, facts, lang, "html")
    return _to_pdf(html, lang, _letter_day(facts, kind), job_number)


def _letter_renderer(kind: str) -> Any:
    def render_pdf(facts: Any, lang: str) -> bytes:
        if not isinstance(facts, LetterFacts | OpeningFacts):
            raise InvalidInput(f"The {kind} letter is written from LetterFacts, not "
                               f"{type(facts).__name__}.")
        return render_letter_pdf(facts, lang, kind)
    return render_pdf


# -- resolutions --------------------------------------------------------------------------------

def _resolution_masthead(doc: Document, lang: str) -> Element:
    masthead = doc.masthead
    header = _element("header", class_="masthead")
    header.append(_element("p", _ORGANISATION.get(lang, _ORGANISATION["en"]), class_="org"))
    header.append(_element("p", masthead.symbol or "", class_="symbol"))
    header.append(_element("p", masthead.body or _BODY.get(lang, _BODY["en"]), class_="organ"))
    if masthead.distribution:
        separator = " " if lang in ("fr", "es") else ": "
        header.append(_element("p", f"Distr.{separator}{masthead.distribution}", class_="distr"))
    if masthead.date is not None:
        pattern = _DATE_PATTERNS.get(lang)
        day = babel_format_date(masthead.date, pattern or "d MMMM y",
                                locale=lang if pattern else "en")
        header.append(_element("p", day, class_="date"))
    return header


def render_resolution_pdf(doc: Document, lang: str | None = None,
                          job_number: str | None = None) -> bytes:
    """A resolution as a PDF in UN layout, in the language of its expression.

    Args:
        doc: the resolution (``read_akn`` or ``parse_resolution``).
        lang: the language version; by default the masthead's (``doc.masthead.language``).
        job_number: the Secretariat's job number; by default one made from the symbol.

    Returns:
        The PDF file's bytes.
    """
    lang = lang or doc.masthead.language or "en"
    root = lxml.html.document_fromstring(render_resolution_html(doc, lang))
    for header in root.xpath("//main/header[contains(@class, 'masthead')]"):
        header.getparent().replace(header, _resolution_masthead(doc, lang))
    html = lxml.html.tostring(root, encoding="unicode", doctype="<!doctype html>")
    day = doc.masthead.date or (doc.adoption.date if doc.adoption else None) or date.today()
    return _to_pdf(html, lang, day, job_number, doc.masthead.symbol or "")


def _render_resolution(subject: object, lang: str) -> bytes:
    if not isinstance(subject, Document):
        raise InvalidInput(f"The resolution renderer writes a Document (from council.parse), "
                           f"not {type(subject).__name__}.")
    # A resolution carries its language: the masthead's wins over the default "en".
    return render_resolution_pdf(subject, subject.masthead.language or lang)


def _register_builtins(kinds: Iterable[str] = ("outcome", "opening", "details")) -> None:
    from council.render.registry import RENDERERS

    for kind in kinds:
        html = RENDERERS.get((kind, "html"))
        languages = html.languages if html is not None else LETTER_LANGUAGES
        register_renderer(kind, "pdf", _letter_renderer(kind), languages)
    register_renderer("resolution", "pdf", _render_resolution, RESOLUTION_LANGUAGES)


_register_builtins()
