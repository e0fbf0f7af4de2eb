"""Writing a ``Document`` as Akoma Ntoso 3.0 XML in the UN's AKN4UN style (issue 3).

The output follows the element structure of the UN's own files (UNxml/SCresolutions, e.g.
S_RES_2531_2020.xml) wherever the OASIS schema allows it, which is everywhere: a
``statement`` with ``meta/identification`` (FRBR URIs in the UN's pattern,
``/akn/un/statement/deliberation/unsc/2020-06-29/2531-2020/eng@/!main.xml``), a ``coverPage``
masthead, a ``preamble`` with ``formula name="enactingFormula"`` and one ``container`` per
preambular paragraph named after its lead words, and a ``mainBody`` of ``paragraph`` elements:
``num`` and ``content/p``, or a ``list`` with ``intro`` and ``point`` items, a point's own
sub-points in a ``sublist`` right after it (the UN's layout, valid against the schema), and
``subheading`` paragraphs for headings. References with a link become ``a href`` around the
exact characters of the mention.

``parse.akn.read_akn`` reads this output back to an equal ``Document``; ``validate_akn``
checks it against the OASIS schema vendored in ``schema/`` (Akoma Ntoso 1.0 OASIS Standard,
29 August 2018; see schema/README.md). docs/akn.md lists what differs from the UN's files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

from babel.dates import format_date as babel_format_date
from lxml import etree  # type: ignore[import-untyped]

from council.domain.document import (
    Adoption,
    Annex,
    Document,
    Heading,
    Operative,
    Point,
    Preambular,
    Reference,
    Unrecognised,
)
from council.render.language import format_date

__all__ = ["AKN_NAMESPACE", "SCHEMA_DIR", "frbr_number", "validate_akn", "write_akn"]

Element: TypeAlias = Any  # an lxml element; lxml ships no type stubs
Mark: TypeAlias = tuple[int, int, str, dict[str, str]]  # start, end, tag, attributes

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SCHEMA_DIR = Path(__file__).with_name("schema")
_NS = "{" + AKN_NAMESPACE + "}"

# Document.kind → statement/@name, as the UN names them (S/RES, S/PRST, drafts S/YYYY/NNN).
_NAMES = {"resolution": "resolution", "statement": "presidentialStatement",
          "draft": "draftResolution"}
# Masthead.language → FRBRlanguage (ISO 639-2/T, as the UN's files have it).
_LANGUAGES = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
# "United Nations" at the top left of the first page, as in the six-language files.
_PUBLISHER = {"ar": "الأمم المتحدة", "zh": "联合国", "en": "United Nations", "fr": "Nations Unies",
              "ru": "Организация Объединенных Наций", "es": "Naciones Unidas"}
# FRBRdate for an unknown date: the UN's own placeholder (9 files carry it, shared/README.md).
_NO_DATE = date(1, 1, 1)
# Characters XML 1.0 cannot hold (form feeds from PDF text, for instance).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The entities the identification, coverPage and notes refer to (AKN4UN ontology paths).
_TLC = (
    ("TLCOrganization", "council", "/akn/ontology/organization/council", "council"),
    ("TLCOrganization", "sc", "/akn/ontology/organization/un/securityCouncil",
     "Security Council"),
    ("TLCRole", "author", "/akn/ontology/role/un/author", "Author"),
    ("TLCRole", "issuer", "/akn/ontology/role/un/issuer", "Issuer"),
    ("TLCRole", "editor", "/akn/ontology/role/un/editor", "Editor"),
    ("TLCRole", "publisher", "/akn/ontology/role/un/publisher", "Publisher"),
    ("TLCRole", "issuingBody", "/akn/ontology/role/un/issuingBody", "Issuing body"),
    ("TLCConcept", "symbol", "/akn/ontology/reference/un/symbol", "Symbol"),
    ("TLCConcept", "issuedAs", "/akn/ontology/reference/un/symbol", "Issued as"),
    ("TLCConcept", "generalDistribution", "/akn/ontology/concept/un/generalDistribution",
     "General distribution"),
    ("TLCConcept", "dateOfIssuance", "/akn/ontology/concept/un/dateOfIssuance",
     "Date of issuance"),
    ("TLCConcept", "adoption", "/akn/ontology/concept/un/adoption", "Adoption"),
    ("TLCConcept", "adoptionDate", "/akn/ontology/concept/un/dateOfAdoption",
     "Date of adoption"),
    ("TLCTerm", "resolutionNumber", "/akn/ontology/reference/un/resolutionTitle",
     "Resolution title"),
    ("TLCTerm", "documentTitle", "/akn/ontology/reference/un/documentTitle", "Document title"),
)


def write_akn(doc: Document, lang: str | None = None) -> bytes:
    """Write ``doc`` as AKN4UN-style Akoma Ntoso 3.0 XML.

    Args:
        doc: the document; its covering letter, if any, is not part of the resolution and is
            not written.
        lang: the expression's language ("en", "fr", "zh", "ar", "ru", "es"), which sets
            FRBRlanguage and the masthead's wording; by default the document's own
            (``doc.masthead.language``), so that reading the output back gives ``doc``.

    Returns:
        The XML as UTF-8 bytes with an XML declaration, valid against the OASIS schema.
    """
    writer = _Writer(doc, lang or doc.masthead.language)
    return bytes(etree.tostring(writer.build(), xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def validate_akn(xml: bytes) -> list[str]:
    """Check ``xml`` against the OASIS Akoma Ntoso 3.0 schema, offline.

    Args:
        xml: an Akoma Ntoso document.

    Returns:
        Every error as "line N: message", in order; empty when the document is valid.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        tree = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return [f"line {error.lineno}: not well-formed XML: {error.msg}"]
    schema = _schema()
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


@functools.cache
def _schema() -> Any:
    # akomantoso30.xsd imports ./xml.xsd, which lxml resolves next to it: no network.
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "akomantoso30.xsd"), parser))


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _display_date(day: date, lang: str) -> str:
    """The date as the masthead prints it: "29 June 2020", "29 juin 2020", "2020年6月29日"."""
    if lang in ("en", "fr", "zh"):
        return format_date(day, lang)
    try:
        return str(babel_format_date(day, "long", locale=lang))
    except ValueError:  # an unknown locale
        return day.isoformat()


def frbr_number(symbol: str | None) -> str:
    """The FRBR number of a symbol, as the UN writes it: "S/RES/2531 (2020)" → "2531-2020",
    "S/PRST/2018/10" → "2018-10", "S/2023/970" → "2023-970"."""
    compact = re.sub(r"\s+", "", symbol or "")
    if match := re.fullmatch(r"S/RES/(\d+)\((\d{4})\)", compact):
        return f"{match.group(1)}-{match.group(2)}"
    parts = [re.sub(r"[^A-Za-z0-9]", "", p) for p in compact.split("/")]
    parts = [p for p in parts[1:] if p and p.upper() not in ("RES", "PRST")]
    return "-".join(parts) or "unnumbered"


def _slug(num: str) -> str:
    core = num.strip().strip("()[].").lower()
    return core if re.fullmatch(r"[a-z0-9]+", core) else ""


class _Writer:
    def __init__(self, doc: Document, lang: str) -> None:
        self.doc, self.lang = doc, lang
        self.used: set[str] = set()  # eIds must be unique in the whole statement

    def eid(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}_{n}"
        self.used.add(candidate)
        return candidate

    def build(self) -> Element:
        doc = self.doc
        root = etree.Element(_NS + "akomaNtoso", nsmap={None: AKN_NAMESPACE})
        statement = _sub(root, "statement", name=_NAMES.get(doc.kind, doc.kind))
        meta = _sub(statement, "meta")
        self.identification(meta, "main")
        references = _sub(meta, "references", source="#council")
        for tag, eid, href, show in _TLC:
            _sub(references, tag, eId=eid, href=href, showAs=show)
        if doc.footnotes:
            notes = _sub(meta, "notes", source="#council")
            for footnote in doc.footnotes:
                note = _sub(notes, "note", eId=self.eid(f"note_{_slug(footnote.marker) or 'x'}"),
                            marker=footnote.marker, placement="bottom")
                _sub(note, "p", footnote.text)
        self.cover(statement)
        if doc.kind != "resolution" and doc.title:
            preface = _sub(statement, "preface")
            _sub(_sub(preface, "p"), "docTitle", doc.title, refersTo="#documentTitle")
        if doc.formula or doc.preamble:
            self.preamble(_sub(statement, "preamble"))
        self.body(_sub(statement, "mainBody"))
        if doc.unrecognised:
            conclusions = _sub(statement, "conclusions")
            for node in doc.unrecognised:
                _sub(conclusions, "p", node.text, **{"class": "unrecognised"})
        if doc.annexes:
            attachments = _sub(statement, "attachments")
            for k, annex in enumerate(doc.annexes, 1):
                self.annex(attachments, annex, k)
        return root

    def identification(self, meta: Element, component: str) -> None:
        """FRBR work, expression and manifestation, in the UN's URI pattern."""
        doc, lang3 = self.doc, _LANGUAGES.get(self.lang, self.lang)
        adopted = (doc.adoption.date if doc.adoption else None) or doc.masthead.date
        work_date = (adopted or _NO_DATE).isoformat()
        published = (doc.masthead.date or adopted or _NO_DATE).isoformat()
        number = frbr_number(doc.masthead.symbol)
        work = f"/akn/un/statement/deliberation/unsc/{work_date}/{number}/"
        # The UN's pattern: .../2531-2020/!main/, .../eng@!main/, .../eng@/!main.xml; an
        # annex: .../!main/annex, .../eng@!main/annex, .../eng@/!main/annex.xml.
        part = "!main/" if component == "main" else f"!main/{component}"
        file = "!main.xml" if component == "main" else f"!main/{component}.xml"
        ident = _sub(meta, "identification", source="#council")
        frbr = (
            ("FRBRWork", f"{work}{part}", work, work_date, "adoption", "#author"),
            ("FRBRExpression", f"{work}{lang3}@{part}", f"{work}{lang3}@/", published,
             "publication", "#issuer"),
            ("FRBRManifestation", f"{work}{lang3}@/{file}", f"{work}{lang3}@.xml", published,
             "markup", "#editor"),
        )
        for tag, this, uri, when, event, role in frbr:
            level = _sub(ident, tag)
            _sub(level, "FRBRthis", value=this)
            _sub(level, "FRBRuri", value=uri)
            _sub(level, "FRBRdate", date=when, name=event)
            _sub(level, "FRBRauthor", href="#council" if role == "#editor" else "#sc",
                 **{"as": role})
            if tag == "FRBRWork":
                _sub(level, "FRBRcountry", value="un")
            if tag == "FRBRExpression":
                _sub(level, "FRBRlanguage", language=lang3)

    def cover(self, statement: Element) -> None:
        """The masthead, title and adoption line, element for element as the UN writes them."""
        doc, masthead = self.doc, self.doc.masthead
        cover = _sub(statement, "coverPage", eId=self.eid("coverPage_1"))
        publisher = _sub(_sub(cover, "p"), "span", refersTo="#publisher",
                         **{"class": "upperLeft"})
        _sub(publisher, "docAuthority", _PUBLISHER.get(self.lang, _PUBLISHER["en"]),
             refersTo="#publisher")
        if masthead.symbol:
            _sub(_sub(cover, "p", **{"class": "upperRight"}), "docNumber", masthead.symbol,
                 refersTo="#symbol")
        organ = _sub(cover, "p", **{"class": "upperLeft"})
        _sub(organ, "img", src="logo-un.jpg")
        _sub(organ, "docAuthority", masthead.body, refersTo="#issuingBody",
             **{"class": "rightBig"})
        if masthead.distribution:
            label = "Distr. " if self.lang in ("fr", "es") else "Distr.: "
            _sub(_sub(cover, "p"), "docStatus", label + masthead.distribution,
                 refersTo="#generalDistribution", **{"class": "rightSmall"})
        if masthead.date:
            _sub(_sub(cover, "p"), "docDate", _display_date(masthead.date, self.lang),
                 date=masthead.date.isoformat(), refersTo="#dateOfIssuance",
                 **{"class": "rightSmall"})
        if doc.kind == "resolution" and doc.title:
            _sub(_sub(cover, "p"), "docTitle", doc.title, refersTo="#resolutionNumber")
        if masthead.issued_as:  # the yearbooks' "[S/3237]" under the title
            _sub(_sub(cover, "p"), "docNumber", masthead.issued_as, refersTo="#issuedAs")
        if doc.adoption is not None:
            self.adoption(_sub(_sub(cover, "p"), "docTitle", refersTo="#adoption"),
                          doc.adoption)

    def adoption(self, title: Element, adoption: Adoption) -> None:
        """The adoption line as written, its meeting in ``inline name="adoptionMeeting"``
        and its date in ``docDate`` (empty elements where the text does not show them)."""
        text, marks = adoption.text, []
        when = None
        if adoption.date is not None:
            shown = [_display_date(adoption.date, self.lang), format_date(adoption.date, "en")]
            found = next((m for s in shown if (m := re.search(re.escape(s), text))), None)
            start, end = (found.start(), found.end()) if found else (len(text), len(text))
            when = (start, end, "docDate", {"date": adoption.date.isoformat(),
                                            "refersTo": "#adoptionDate"})
            marks.append(when)
        meeting_attrs = {"name": "adoptionMeeting"}
        found = None
        if adoption.meeting is not None:
            meeting_attrs["title"] = str(adoption.meeting)
            found = re.search(rf"(?<!\d){adoption.meeting}(?!\d)[^\s,]*(?: meeting)?", text)
        at = when[0] if when else len(text)
        meeting = (found.start(), found.end()) if found else (at, at)
        if when and meeting[0] < when[1] and when[0] < meeting[1]:
            meeting = (at, at)  # the number sits inside the date: keep the date
        marks.append((*meeting, "inline", meeting_attrs))
        _marked(title, text, marks)

    def preamble(self, preamble: Element) -> None:
        doc = self.doc
        if doc.formula:
            formula = _sub(preamble, "formula", name="enactingFormula",
                           eId=self.eid("formula_1"))
            words = doc.formula.rstrip(",")
            _marked(_sub(formula, "p"), doc.formula, [(0, len(words), "span",
                                                        {"class": "italic"})])
        for k, node in enumerate(doc.preamble, 1):
            eid = self.eid(f"container_{k}")
            if isinstance(node, Preambular):
                name = node.lead or (node.text.split() or ["preambular"])[0]
                container = _sub(preamble, "container", name=name, eId=eid)
                _inline(_sub(container, "p"), node.text, node.lead, node.references)
            elif isinstance(node, Heading):
                container = _sub(preamble, "container", name="heading", eId=eid,
                                 **{"class": f"H{node.level}"})
                _sub(container, "p", node.text)
            else:
                container = _sub(preamble, "container", name="unrecognised", eId=eid,
                                 **{"class": "unrecognised"})
                _sub(container, "p", node.text)

    def body(self, main: Element) -> None:
        counters = {"heading": 0, "unrecognised": 0, "unnumbered": 0}
        for node in self.doc.body:
            if isinstance(node, Heading):
                counters["heading"] += 1
                eid = self.eid(f"subheading_{counters['heading']}")
                paragraph = _sub(main, "paragraph", eId=eid, **{"class": f"H{node.level}"})
                _sub(paragraph, "subheading", node.text)
            elif isinstance(node, Operative):
                if node.number is None:
                    counters["unnumbered"] += 1
                self.operative(main, node, counters["unnumbered"])
            elif isinstance(node, Unrecognised):
                counters["unrecognised"] += 1
                eid = self.eid(f"unrecognised_{counters['unrecognised']}")
                hcontainer = _sub(main, "hcontainer", eId=eid, name="unrecognised")
                _sub(_sub(hcontainer, "content", eId=f"{eid}__content"), "p", node.text)
        if len(main) == 0:
            _sub(main, "p")  # mainBody may not be empty

    def operative(self, main: Element, node: Operative, unnumbered: int) -> None:
        eid = self.eid(f"para_{node.number}" if node.number is not None
                       else f"para_x{unnumbered}")
        paragraph = _sub(main, "paragraph", eId=eid, **{"class": "SingleTxt"})
        if node.number is not None:
            _sub(paragraph, "num", f"{node.number} -" if self.lang == "ar" else f"{node.number}.")
        if node.points:
            holder, base = _sub(paragraph, "list", eId=f"{eid}__list"), f"{eid}__list"
        elif node.wrap_up:
            holder, base = paragraph, eid
        else:
            content = _sub(paragraph, "content", eId=f"{eid}__content")
            _inline(_sub(content, "p"), node.text, node.lead, node.references)
            return
        if node.text:
            intro = _sub(holder, "intro", eId=f"{base}__intro")
            _inline(_sub(intro, "p"), node.text, node.lead, node.references)
        self.points(holder, node.points, base)
        if node.wrap_up:
            _sub(_sub(holder, "wrapUp", eId=f"{base}__wrapup"), "p", node.wrap_up)

    def points(self, holder: Element, points: Sequence[Point], base: str) -> None:
        """Each point, its sub-points in a ``sublist`` right after it, as the UN does."""
        for position, point in enumerate(points, 1):
            eid = self.eid(f"{base}__point_{_slug(point.num) or position}")
            element = _sub(holder, "point", eId=eid)
            if point.num:
                _sub(element, "num", point.num)
            content = _sub(element, "content", eId=f"{eid}__content")
            _inline(_sub(content, "p"), point.text, "", point.references)
            if point.points or point.wrap_up:
                sublist = _sub(holder, "sublist", eId=f"{eid}__sublist")
                self.points(sublist, point.points, f"{eid}__sublist")
                if point.wrap_up:
                    _sub(_sub(sublist, "wrapUp", eId=f"{eid}__sublist__wrapup"), "p",
                         point.wrap_up)

    def annex(self, attachments: Element, annex: Annex, k: int) -> None:
        base = self.eid(f"att_{k}")
        doc = _sub(_sub(attachments, "attachment", eId=base), "doc", name="annex")
        self.identification(_sub(doc, "meta"),
                            "annex" if len(self.doc.annexes) == 1 else f"annex_{k}")
        _sub(_sub(_sub(doc, "preface"), "p"), "docTitle", annex.title,
             refersTo="#documentTitle")
        main = _sub(doc, "mainBody")
        for i, text in enumerate(annex.paragraphs, 1):
            paragraph = _sub(main, "paragraph", eId=self.eid(f"{base}__para_{i}"))
            _sub(_sub(paragraph, "content", eId=f"{base}__para_{i}__content"), "p", text)
        if len(main) == 0:
            _sub(main, "p")


def _sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    element = etree.SubElement(parent, _NS + tag, {k: _clean(v) for k, v in attrs.items()})
    if text:
        element.text = _clean(text)
    return element


def _inline(p: Element, text: str, lead: str, references: Sequence[Reference]) -> None:
    """``text`` in ``p``: the lead words in italics and each linked reference as ``a href``."""
    marks: list[Mark] = []
    at = text.find(lead) if lead else -1  # not always first: "وإذ يعيد تأكيد" (ar 2519)
    if at >= 0:
        marks.append((at, at + len(lead), "span", {"class": "italic"}))
    marks += [(r.start, r.end, "a", {"href": r.link}) for r in references
              if r.link and 0 <= r.start < r.end <= len(text)]
    _marked(p, text, marks)


def _marked(parent: Element, text: str, marks: Sequence[Mark]) -> None:
    """Write ``text`` into ``parent`` with each mark's characters wrapped in its element;
    marks overlapping an earlier one are dropped (links win over the italic lead)."""
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m[0], m[2] != "a", m[1])):
        if not kept or mark[0] >= kept[-1][1]:
            kept.append(mark)
    position, last = 0, None
    for start, end, tag, attrs in kept:
        _append(parent, last, text[position:start])
        last = _sub(parent, tag, text[start:end], **attrs)
        position = end
    _append(parent, last, text[position:])


def _append(parent: Element, last: Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + _clean(text)
    else:
        last.tail = (last.tail or "") + _clean(text)
