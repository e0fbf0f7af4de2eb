"""Reading the UN's Akoma Ntoso (AKN4UN) XML into a ``Document`` (issue 3, DOMAIN.md §5).

The UN publishes every resolution since 2000 as AKN4UN XML (UNxml/SCresolutions, DGACM). This
maps ``coverPage``, ``preamble`` (``formula``, one ``container`` per paragraph) and
``mainBody`` (``paragraph``: ``num``, ``content`` or ``list``/``intro``/``point``; headings as
``subheading``) onto the model the text parser builds, so that both give equal documents:

texts are all the element's text, whitespace collapsed; the UN's ``a href`` are ignored and
``references`` found again by ``find_references``; a ``sublist`` placed after its ``point``
becomes that point's ``points``; spans are the element's ``sourceline``, column 1.

It never refuses a well-formed file (STYLE.md §4): statements, drafts and older conversions
(loose points, headings typed as text, tables, sections) go to the nearest sensible node or
``Unrecognised``. The UN's paragraphs without a number (headings, preambular paragraphs left
in ``mainBody``, text cut off from a list) are placed by the rules of the plain-text form
(``council.parse.leads``), so that a resolution written as text parses back to the same
document (docs/roundtrip.md); our own files are read as written. Known UN faults
(shared/README.md): "on31 October" gets its space, FRBRdate 0001-01-01 gives way to the
coverPage ``docDate``. docs/akn.md describes the mapping.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeAlias

from lxml import etree  # type: ignore[import-untyped]

from council.domain.document import (
    NO_SPAN,
    Adoption,
    Annex,
    BodyNode,
    Document,
    Footnote,
    Heading,
    Masthead,
    Operative,
    Point,
    PreambleNode,
    Preambular,
    Span,
    Unrecognised,
)
from council.domain.errors import InvalidInput
from council.parse.leads import is_closed, is_unreadable, opens_body, reads_as_heading
from council.parse.references import find_references
from council.parse.tokens import DASH, DASH_LABELS, is_annex_label

__all__ = ["KINDS", "LANGUAGES", "read_akn"]

Element: TypeAlias = Any  # an lxml element; lxml ships no type stubs

# statement/@name in AKN4UN → Document.kind; the writer uses the reverse.
KINDS = {"resolution": "resolution", "presidentialStatement": "statement",
         "draftResolution": "draft"}
# FRBRlanguage (ISO 639-2/B and /T) → the two-letter codes of Masthead.language.
LANGUAGES = {"ara": "ar", "chi": "zh", "zho": "zh", "eng": "en", "fra": "fr", "fre": "fr",
             "rus": "ru", "spa": "es"}

_HEADING_CLASS = re.compile(r"H(\d)")  # UN paragraph classes "H1".."H4", "H23": first digit
_DISTR = re.compile(r"^Distr\.?\s*:?\s*", re.IGNORECASE)
_FIRST_DIGITS = re.compile(r"\d+")
# The meeting number when the adoption line has no usable inline adoptionMeeting: English,
# French, Spanish, Russian, Chinese and Arabic wordings of the six-language files.
_MEETING = re.compile(r"(\d+)(?:st|nd|rd|th)\s+meeting|(\d+)\s*e\s+séance|(\d+)\s*[ªa]?\s+sesión"
                      r"|(\d+)\s*[‑-]м\s+заседании|(\d+)\s*次会议|جلسته\s*(\d+)")
_ROMAN = re.compile(r"[ivx]+")  # (l) and (c) are letters in these documents
_DASHES = frozenset("–—-−•·*")
_MASTHEAD = frozenset({"docTitle", "docNumber", "docAuthority", "docStatus", "docDate", "img"})
_SECTIONS = frozenset({"section", "part", "chapter", "title", "division", "subsection",
                       "article", "clause", "level", "hcontainer"})


def read_akn(xml: bytes | str) -> Document:
    """Read an Akoma Ntoso (AKN4UN) document into the model.

    Args:
        xml: the file's bytes (the encoding is taken from the XML declaration) or its text.

    Returns:
        The ``Document``: masthead, title, adoption, formula, preamble, body, annexes and
        footnotes, with ``references`` found in each paragraph's and point's text.

    Raises:
        InvalidInput: the input is not well-formed XML, or its root is not ``akomaNtoso``.
    """
    root = _parse(xml)
    if _local(root) != "akomaNtoso":
        raise InvalidInput(
            f"Root element {_local(root)!r} at line {root.sourceline} is not Akoma Ntoso; "
            "expected <akomaNtoso> (http://docs.oasis-open.org/legaldocml/ns/akn/3.0)."
        )
    top = next((c for c in root if _local(c)), None)
    return Document() if top is None else _Reader().document(top)


def _parse(xml: bytes | str) -> Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    if isinstance(xml, str):
        # lxml refuses text declaring an encoding; dropping it keeps the line numbers.
        xml = re.sub(r"^\s*<\?xml[^>]*\?>", "", xml, count=1)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise InvalidInput(f"Akoma Ntoso XML is not well-formed: {error}; check the file is "
                           "complete XML (it should start with <akomaNtoso>).") from None


def _local(el: Element) -> str:
    """The element's name without namespace; "" for comments and processing instructions."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _kids(el: Element, *names: str) -> Iterator[Element]:
    return (c for c in el if _local(c) in names)


def _kid(el: Element | None, name: str) -> Element | None:
    return next(_kids(el, name), None) if el is not None else None


def _norm(text: str) -> str:
    return " ".join(text.split())


def _text(el: Element | None) -> str:
    """All the text of ``el``, footnotes (``authorialNote``) left out, whitespace collapsed."""
    parts: list[str] = []
    if el is not None:
        _gather(el, parts)
    return _norm("".join(parts))


def _gather(el: Element, parts: list[str]) -> None:
    if el.text and _local(el):
        parts.append(el.text)
    for child in el:
        if _local(child) and _local(child) != "authorialNote":
            _gather(child, parts)
        if child.tail:
            parts.append(child.tail)


def _lead(el: Element | None) -> str:
    """The text of the first italic span: the lead words ("Recalling", "Decides")."""
    spans = () if el is None else el.iter("{*}span")
    return next((_text(s) for s in spans if "italic" in (s.get("class") or "").split()), "")


def _span(el: Element) -> Span:
    """Lines ``el`` covers: from its start tag to the line after its last descendant's."""
    last = max(d.sourceline or 0 for d in el.iter())
    return Span(el.sourceline or 0, 1, last + 1, 1)


def _date(el: Element | None) -> date | None:
    """``@date`` of a docDate; None when missing, malformed or the UN's 0001-01-01."""
    try:
        parsed = date.fromisoformat(("" if el is None else el.get("date") or "")[:10])
    except ValueError:
        return None
    return parsed if parsed.year >= 1000 else None


@dataclass
class _Block:
    """A paragraph or point being read: its text, its points and the text after them."""

    text: list[str] = field(default_factory=list)
    lead_el: Element | None = None
    points: list[Point] = field(default_factory=list)
    pending: str | None = None  # an alinea/wrapUp: the wrap-up if nothing follows it

    def flush(self) -> None:
        """An alinea followed by more points: the wrap-up of the point before it when that
        point has sub-points (S/RES/2662 (2022), 47 (c)), else an unlabelled point."""
        if self.pending is not None:
            last = self.points[-1] if self.points else None
            if last is not None and last.points and not last.wrap_up:
                self.points[-1] = dataclasses.replace(last, wrap_up=self.pending)
            else:
                self.points.append(Point("", self.pending))
            self.pending = None

    @property
    def joined(self) -> str:
        return " ".join(t for t in self.text if t)


@dataclass
class _Loose:
    """A body paragraph numbered like a point ("(b)"), cut from its list: see _attach_loose."""

    point: Point


class _Reader:
    def __init__(self) -> None:
        self.unrecognised: list[Unrecognised] = []
        self.title = ""
        # Our own files (written by council.render.akn) are read as written; the UN's
        # unnumbered paragraphs are placed by the plain-text form's rules (``settle``).
        self.literal = False
        # The operatives made from the UN's unnumbered blocks, by id (kept, so no id is reused).
        self.plain: dict[int, Operative] = {}

    def document(self, top: Element) -> Document:
        name = top.get("name") or _local(top)
        meta = _kid(top, "meta")
        identification = _kid(meta, "identification")
        self.literal = identification is not None and identification.get("source") == "#council"
        fronts = [el for el in top if _local(el) in ("coverPage", "preface")]
        masthead = self.masthead(fronts, meta)
        adoption = self.titles(fronts, masthead)
        formula, preamble = self.preamble(_kid(top, "preamble"))
        body = self.body(_kid(top, "mainBody"))
        if not self.literal:
            preamble, body = _settle_boundary(preamble, body)
        for el in _kids(top, "conclusions"):
            self.unrecognised += [Unrecognised(t, _span(c)) for c in el if (t := _text(c))]
        annexes = tuple(annex for att in _kids(top, "attachments") for a in att
                        for annex in self.annexes(a))
        return Document(
            masthead=masthead, title=self.title, adoption=adoption, formula=formula,
            preamble=preamble, body=body, annexes=annexes, footnotes=self.footnotes(top),
            unrecognised=tuple(self.unrecognised), kind=_kind(name, masthead.symbol),
        )

    def masthead(self, fronts: list[Element], meta: Element | None) -> Masthead:
        els = [e for f in fronts for e in f.iter()
               if not any(_local(a) == "docTitle" for a in e.iterancestors())]

        def first(name: str, refers: str = "", skip: Element = None) -> Element | None:
            return next((e for e in els if _local(e) == name and e is not skip
                         and refers in ("", e.get("refersTo"))), None)

        issued_as = first("docNumber", "#issuedAs")  # yearbook resolutions: "[S/3237]"
        language = None if meta is None else next(meta.iter("{*}FRBRlanguage"), None)
        code = "eng" if language is None else (language.get("language") or "eng")
        symbol = _text(first("docNumber", skip=issued_as)) or None
        if symbol is not None and code != "eng":  # the Chinese files' "S/RES/2521(2020)"
            symbol = _GLUED_YEAR.sub(r"\1 (", symbol)
        return Masthead(
            symbol=symbol, date=_date(first("docDate")),
            body=_text(first("docAuthority", "#issuingBody")) or "Security Council",
            distribution=_DISTR.sub("", _text(first("docStatus"))) or None,
            language=LANGUAGES.get(code, code), issued_as=_text(issued_as) or None,
            span=_span(fronts[0]) if fronts else NO_SPAN)

    def titles(self, fronts: list[Element], masthead: Masthead) -> Adoption | None:
        """Title and adoption line from the docTitles; any further docTitle is unrecognised."""
        adoption, seen = None, False
        for front in fronts:
            for el in front.iter("{*}docTitle"):
                inner = {_local(c) for c in el.iter()}
                if not seen and (el.get("refersTo") == "#adoption" or "docDate" in inner
                                 or "inline" in inner):
                    seen = True
                    adoption = _adoption(el, masthead)
                    if _empty_translated_line(el, adoption, masthead):
                        adoption = None
                elif not self.title:
                    self.title = _text(el)
                elif text := _text(el):
                    self.unrecognised.append(Unrecognised(text, _span(el)))
            self.unrecognised += [Unrecognised(_text(p), _span(p)) for p in _kids(front, "p")
                                  if _text(p) and not _MASTHEAD & {_local(d) for d in p.iter()}]
        return adoption

    def preamble(self, el: Element | None) -> tuple[str, tuple[PreambleNode, ...]]:
        formula, nodes = "", list[PreambleNode]()
        for child in [] if el is None else el:
            kind, text = _local(child), _text(child)
            if kind == "formula" or (kind == "p" and not formula and not nodes and text):
                formula = formula or text
            elif kind in ("recitals", "citations"):
                nodes += [_preambular(c) for c in child if _local(c) in ("recital", "citation")]
            elif kind == "container" and _HEADING_CLASS.fullmatch(child.get("class") or ""):
                nodes.append(Heading(text, _level(child), _span(child)))
            elif kind == "container" and child.get("class") != "unrecognised":
                node = _preambular(child)
                previous = nodes[-1] if nodes else None
                if not self.literal and isinstance(previous, Preambular) \
                        and _continues(previous, node):
                    nodes[-1] = _joined(previous, node)
                else:
                    nodes.append(node)
            elif text:
                nodes.append(Unrecognised(text, _span(child)))
        return formula, tuple(nodes)

    def body(self, el: Element | None) -> tuple[BodyNode, ...]:
        nodes: list[BodyNode] = []
        loose = False  # the last paragraph was a loose point
        for item in self.blocks([] if el is None else el):
            if isinstance(item, _Loose):
                # Unnumbered paragraphs between the list and this point belong to the list.
                cut = len(nodes)
                while cut and _bare(nodes[cut - 1]):
                    cut -= 1
                if 0 < cut < len(nodes) and isinstance(nodes[cut - 1], Operative):
                    bares, nodes[cut:] = nodes[cut:], []
                    for bare in bares:
                        _attach_loose(nodes, _as_point(bare), below=True)
                _attach_loose(nodes, item.point)
            elif loose and _bare(item):
                # The text of that point, cut off from it ("(c) Humanitarian assistance",
                # then its task in a paragraph of its own: S/RES/2149 (2014), 2423 (2018)).
                _attach_loose(nodes, _as_point(item), below=True)
                continue
            else:
                nodes.append(item)
            loose = isinstance(item, _Loose)
        return tuple(nodes) if self.literal else self.settle(nodes)

    def settle(self, nodes: list[BodyNode]) -> tuple[BodyNode, ...]:
        """Place the UN's unnumbered paragraphs as the plain-text form would read them
        (docs/roundtrip.md): text cut loose from the list before it joins that list, a short
        unpunctuated one is a heading, one that opens with neither a letter nor a quote is
        unrecognised."""
        out: list[BodyNode] = []
        for node in nodes:
            if isinstance(node, Operative) and self.plain.get(id(node)) is node:
                placed = _place_plain(out, node)
                if placed is None:
                    continue
                node = placed
            out.append(node)
        return tuple(dataclasses.replace(node, points=_dashes(node.points))
                     if isinstance(node, Operative) and node.points else node for node in out)

    def plain_operative(self, node: Operative) -> Operative:
        self.plain[id(node)] = node
        return node

    def blocks(self, children: Iterable[Element]) -> Iterator[BodyNode | _Loose]:
        for child in children:
            kind = _local(child)
            if kind == "paragraph":
                for node in _paragraph(child):
                    if isinstance(node, Operative) and _bare(node) and not node.wrap_up:
                        node = self.plain_operative(node)
                    yield node
            elif kind == "hcontainer" and child.get("name") == "unrecognised":
                yield Unrecognised(_text(child), _span(child))
            elif kind in _SECTIONS:  # S/RES/1295 (2000): sections "A" and "B"
                heads = [c for c in child if _local(c) in ("num", "heading", "subheading")]
                if label := _norm(" ".join(_text(c) for c in heads)):
                    yield Heading(label, _level(child), _span(child))
                yield from self.blocks(c for c in child if c not in heads)
            elif kind in ("alinea", "crossHeading", "intro", "content") and (t := _text(child)):
                yield self.plain_operative(Operative(None, t, _lead(child),
                                                     references=find_references(t),
                                                     span=_span(child)))
            elif kind == "p" and (title := _kid(child, "docTitle")) is not None \
                    and not self.title:
                self.title = _text(title)
            elif kind and (text := _text(child)):
                # A block outside any paragraph ("container" in S/RES/2550 (2020)): a heading
                # if it reads as one, else kept as unrecognised.
                if not self.literal and reads_as_heading(text, in_body=True):
                    yield Heading(text, 1, _span(child))
                else:
                    yield Unrecognised(text, _span(child))

    def annexes(self, attachment: Element) -> list[Annex]:
        """The annex an attachment holds: its docTitle, else its first block, is the title.

        In the UN's files an annex label alone ("Annex", "Annex II") is read as the text form
        reads it: it starts an annex, and the block after it is the title (S/RES/1956 (2010));
        S/RES/2610 (2021) has both its annexes in one attachment.
        """
        doc = next((c for c in attachment if _local(c)), attachment)
        titles = [t for f in _kids(doc, "coverPage", "preface") for t in f.iter("{*}docTitle")]
        blocks = [c for part in _kids(doc, "preamble", "mainBody", "conclusions") for c in part]
        texts = [t for c in blocks if (t := _text(c))]
        title = " ".join(_text(t) for t in titles)
        parts = [texts] if self.literal else _split_at_labels(texts)
        if not self.literal and is_annex_label(title):
            titles = []
        annexes = []
        for part in parts:
            if titles:
                named, titles = title, []
            else:
                named, part = (part[0], part[1:]) if part else ("", part)
            annexes.append(Annex(named, tuple(part), _span(attachment)))
        return annexes

    def footnotes(self, top: Element) -> tuple[Footnote, ...]:
        notes = [n for m in _kids(top, "meta") for ns in _kids(m, "notes") for n in ns]
        notes += list(top.iter("{*}authorialNote"))
        return tuple(Footnote(n.get("marker") or "", _text(n), _span(n)) for n in notes)


_GLUED_YEAR = re.compile(r"^(S/RES/\d{1,5})\(")


def _kind(name: str, symbol: str | None) -> str:
    # S/PRST/2020/11 is marked up as statement name="resolution": the symbol decides.
    return "statement" if (symbol or "").startswith("S/PRST/") else KINDS.get(name, name)


def _level(el: Element) -> int:
    match = _HEADING_CLASS.match(el.get("class") or "")
    return int(match.group(1)) if match else 1


def _preambular(el: Element) -> Preambular:
    text = _text(el)
    return Preambular(text, _lead(el), find_references(text), _span(el))


def _continues(previous: Preambular, node: Preambular) -> bool:
    """Whether a preambular ``container`` is the rest of the one before it, cut in two by the
    UN's markup (ru 2537 (2020): ``container_6`` ends "приветствуя усилия", ``container_7``
    goes on "по объединению более широкого круга …"): the one before has no closing
    punctuation, and this one does not open with its lead words (its first italic span comes
    later) nor with a capital."""
    return (not is_closed(previous.text) and bool(node.lead)
            and not node.text.startswith(node.lead) and not node.text[:1].isupper())


def _joined(previous: Preambular, node: Preambular) -> Preambular:
    text = f"{previous.text} {node.text}"
    span = Span(previous.span.line, previous.span.column, node.span.end_line,
                node.span.end_column)
    return Preambular(text, previous.lead, find_references(text), span)


def _empty_translated_line(el: Element, adoption: Adoption, masthead: Masthead) -> bool:
    """A translation whose adoption line is empty in the UN's file, with the placeholder date
    0001-01-01 (fr 2549, es 2543, ru 2553 and 2555 of 2020): it has no line to keep; its
    work's English expression carries the adoption."""
    date_el = next(el.iter("{*}docDate"), None)
    return (not adoption.text and masthead.language not in ("en", None)
            and date_el is not None and (date_el.get("date") or "").startswith("0001-"))


def _adoption(el: Element, masthead: Masthead) -> Adoption:
    parts: list[str] = [el.text or ""]
    for child in el:
        chunk = "".join(child.itertext()) if _local(child) else ""
        # "at its 4213th meeting, on31 October 2000" (57 files): the space before the date
        # is missing in the UN's markup (shared/README.md, known faults).
        if _local(child) == "docDate" and re.search(r"[A-Za-z]$", "".join(parts)) \
                and re.match(r"\s*\d", chunk):
            parts.append(" ")
        parts += [chunk, child.tail or ""]
    text = _norm("".join(parts))
    date_el = next(el.iter("{*}docDate"), None)
    when = _date(date_el)
    if date_el is not None and when is None:
        when = masthead.date  # FRBR/docDate 0001-01-01: use the coverPage date (README)
    meeting, inline = None, next((i for i in el.iter("{*}inline")
                                  if i.get("name") == "adoptionMeeting"), None)
    digits = None if inline is None else _FIRST_DIGITS.search(
        (inline.get("title") or "") + " " + _text(inline))
    if digits:
        meeting = int(digits.group())
    elif match := _MEETING.search(text):
        meeting = int(next(g for g in match.groups() if g))
    return Adoption(when, meeting, text, _span(el))


def _paragraph(el: Element) -> Iterator[BodyNode | _Loose]:
    """One UN ``paragraph``: headings it carries, then an operative paragraph (or a loose
    point, or a heading written as a text paragraph in older conversions)."""
    for child in _kids(el, "heading", "subheading"):
        if text := _text(child):
            yield Heading(text, _level(el), _span(child))
    num_el, block = _kid(el, "num"), _Block()
    num = _text(num_el)
    _fill(el, block)
    wrap_up, points = block.pending or "", tuple(block.points)
    text, lead = block.joined, _lead(block.lead_el)
    if num_el is None and (written := _written_label(el, text)):
        num, text = written
    labelled = num_el is not None or bool(num)
    if not labelled and not points and not wrap_up:
        if not text:
            return
        if el.get("class") != "SingleTxt" and reads_as_heading(text, in_body=True):
            # Headings typed as body text (zh 2531, 2164, 2423): short and unpunctuated.
            yield Heading(text, _level(el), _span(el))
            return
    digits = re.match(r"\s*(\d+)\s*[.\-]?\s*$", num) if num else None
    if labelled and digits is None:
        yield _Loose(Point(num, text, points, wrap_up, find_references(text), _span(el)))
        return
    number = int(digits.group(1)) if digits else None
    yield Operative(number, text, lead, points, wrap_up, find_references(text), _span(el))


def _fill(el: Element, block: _Block) -> None:
    """Read the children of a paragraph, list or point into ``block``."""
    _fill_from(el, block)


def _fill_from(children: Iterable[Element], block: _Block) -> None:
    for child in children:
        kind = _local(child)
        if kind in ("", "num", "heading", "subheading"):
            continue
        if kind in ("content", "intro", "p", "listIntroduction"):
            if block.points or block.pending is not None:
                block.flush()
                block.points.append(Point("", _text(child), span=_span(child)))
            else:
                block.text.append(_text(child))
                block.lead_el = block.lead_el if block.lead_el is not None else child
        elif kind in ("list", "blockList"):
            _fill(child, block)
        elif kind in ("point", "item"):
            block.flush()
            block.points += _point(child)
        elif kind == "sublist":
            block.flush()
            inner, strays = _split_strays(child)
            _nest(block, child, inner)
            _fill_from(strays, block)
        elif kind in ("wrapUp", "alinea", "listWrapUp"):
            block.flush()
            block.pending = _text(child)
        elif text := _text(child):
            block.flush()
            block.points.append(Point("", text, span=_span(child)))


def _split_strays(sublist: Element) -> tuple[list[Element], list[Element]]:
    """The children of a ``sublist`` that are its points, and those from the first point whose
    ``eId`` does not lie under the sublist's one: a point closed into the sublist by mistake
    (ru 2524 (2020): ``para_21_list_point_iii``, labelled "(iii)", inside
    ``para_21_list_point_ii_sublist`` after its "a." and "b."). Those go back to the level of
    the sublist's point, as their ``eId`` and the English expression have them."""
    children, prefix = list(sublist), sublist.get("eId") or ""
    cut = next((i for i, c in enumerate(children) if prefix and _local(c) == "point"
                and not (c.get("eId") or prefix).startswith(prefix)), len(children))
    return children[:cut], children[cut:]


def _nest(block: _Block, sublist: Element, children: list[Element]) -> None:
    """The UN puts a point's sub-points in a ``sublist`` right after it: nest them (the
    sublist's ``children`` that are its own)."""
    inner = _Block()
    _fill_from(children, inner)
    if not block.points:
        block.points.append(Point("", "", span=_span(sublist)))
    last, intro = block.points[-1], (Point("", inner.joined),) if inner.joined else ()
    block.points[-1] = dataclasses.replace(last, points=last.points + intro + tuple(inner.points),
                                           wrap_up=inner.pending or last.wrap_up)


def _point(el: Element) -> list[Point]:
    block = _Block()
    _fill(el, block)
    num_el, text = _kid(el, "num"), block.joined
    num = _text(num_el)
    if num_el is None and (written := _written_label(el, text)):
        num, text = written
    point = Point(num, text, tuple(block.points), block.pending or "",
                  find_references(text), _span(el))
    # A point's own subheading ("Asset Freeze", S/RES/2610 (2021)) is kept as an unnumbered
    # point before it: the model has no heading inside a list.
    heads = [Point("", t, span=_span(h)) for h in _kids(el, "subheading", "heading")
             if (t := _text(h))]
    return [*heads, point]


# A point label typed at the start of the text, before a tab, in a paragraph or point without
# ``num``: "(b)", "а)" (ru 2552 (2020)), "‘1’" (ar 2514 (2020)), "㈠".
_WRITTEN_LABEL = re.compile(r"\s*(\([^\W_]{1,4}\)|[^\W_]{1,4}[.)]|[‘’]\d{1,2}[‘’]"
                            r"|[\u3220-\u3229])[ \u00a0]*\t")
_MIRRORED = re.compile(r"‘(\d{1,2})’")


def _written_label(el: Element, text: str) -> tuple[str, str] | None:
    """The label and the rest of the text when the element's first text opens with a point
    label and a tab, as the UN's translations sometimes write a point's number (the English
    expression has it in ``num``); None otherwise.

    The Arabic number label typed "‘1’" is the UN's ``num`` form "’1‘" with its quotes the
    other way round (ar 2514 (2020)): it reads as "’1‘", as ``num`` has it and the text form
    reads it.
    """
    first = next(el.iter("{*}p"), None)
    match = None if first is None else _WRITTEN_LABEL.match(first.text or "")
    if match is None or not text.startswith(match.group(1)):
        return None
    label = match.group(1)
    return _MIRRORED.sub(r"’\1‘", label), text[len(label):].lstrip()


def _style(num: str, chain: list[Point]) -> str:
    core = num.strip().strip("().‘’'[]").lower()
    if not core or core in _DASHES:
        return "dash"
    # "(i)" right after "(h)" is a letter; anywhere else it starts a roman list.
    after = len(core) == 1 and any(p.num.strip("().").lower() == chr(ord(core) - 1) for p in chain)
    if _ROMAN.fullmatch(core) and not after:
        return "roman"
    return "digit" if core.isdigit() else "letter" if core.isalpha() else "other"


def _bare(node: BodyNode | _Loose) -> bool:
    return isinstance(node, Operative) and node.number is None and not node.points


def _as_point(node: BodyNode) -> Point:
    text = node.text
    refs = node.references if isinstance(node, Operative) else find_references(text)
    return Point("", text, references=refs, span=node.span)


def _attach_loose(nodes: list[BodyNode], point: Point, below: bool = False) -> None:
    """Append a loose point to the last operative paragraph, at the depth of the last point
    numbered in the same style, or below the deepest point if the style is new (or if
    ``below``)."""
    index = next((i for i in range(len(nodes) - 1, -1, -1)
                  if isinstance(nodes[i], Operative)), None)
    if index is None:
        nodes.append(Operative(None, "", points=(point,), span=point.span))
        return
    operative = nodes[index]
    assert isinstance(operative, Operative)
    chain, level = list[Point](), operative.points
    while level:
        chain.append(level[-1])
        level = level[-1].points
    style, styles = _style(point.num, chain), [_style(p.num, chain[:i])
                                               for i, p in enumerate(chain)]
    if below:  # under the deepest point, beside an unnumbered one already there
        depth = len(chain) - (1 if chain and not chain[-1].num else 0)
    else:
        depth = styles.index(style) if style in styles else len(chain)
    nodes[index] = dataclasses.replace(operative,
                                       points=_append_at(operative.points, depth, point))


def _append_at(points: tuple[Point, ...], depth: int, new: Point) -> tuple[Point, ...]:
    if depth == 0 or not points:
        return (*points, new)
    last = points[-1]
    return (*points[:-1], dataclasses.replace(last, points=_append_at(last.points, depth - 1,
                                                                      new)))


# -- the UN's unnumbered paragraphs, placed as the plain-text form reads them -----------------


def _place_plain(out: list[BodyNode], node: Operative) -> BodyNode | None:
    """Where an unnumbered UN paragraph goes, given the nodes placed before it; None when it
    joins the paragraph before it.

    Right after a paragraph's points (S/RES/1452 (2002), 2217 (2015), 2480 (2019)): a text in
    lower case is the paragraph's wrap-up; under a point that reads as a title ("(f)
    Humanitarian assistance") it is an unlabelled point of that point, as in 2531 (2020);
    any other closed text is the wrap-up too, as the text form reads it.
    """
    text, previous = node.text, out[-1] if out else None
    if isinstance(previous, Operative) and previous.points and not previous.wrap_up:
        deepest = previous.points[-1]
        while deepest.points:
            deepest = deepest.points[-1]
        if text[:1].islower() or (is_closed(text) and not _takes_plain(deepest)):
            out[-1] = dataclasses.replace(previous, wrap_up=text)
            return None
        if _takes_plain(deepest):
            _attach_loose(out, _as_point(node), below=True)
            return None
    if is_unreadable(text):
        return Unrecognised(text, node.span)
    if reads_as_heading(text, in_body=True):
        return Heading(text, 1, node.span)
    return node


def _takes_plain(point: Point) -> bool:
    """A point an unlabelled paragraph belongs under: unlabelled itself, a title without
    final punctuation, or an introduction ending with a colon (as ``PointTree.takes_plain``)."""
    text = point.text.rstrip()
    return not point.num or not is_closed(text) or text.endswith(":")


def _settle_boundary(preamble: tuple[PreambleNode, ...], body: tuple[BodyNode, ...]
                     ) -> tuple[tuple[PreambleNode, ...], tuple[BodyNode, ...]]:
    """Move the paragraphs the UN put at the top of ``mainBody`` before the operative part
    starts ("Willing to continue …," in S/RES/1664 (2006), section "A" with its preambular
    lines in 1295 (2000), a decorative "*") to the preamble, where the text form reads them:
    the operative part starts at a numbered paragraph, at an unnumbered one that opens it
    (``opens_body``), or at the headings right before either."""
    numbered = any(isinstance(n, Operative) and n.number is not None for n in body)

    def opens(node: BodyNode) -> bool:
        if not isinstance(node, Operative):
            return False
        return (node.number is not None or bool(node.points) or bool(node.wrap_up)
                or opens_body(node.text, numbered))

    start = next((i for i, node in enumerate(body) if opens(node)), None)
    if not start:
        return preamble, body
    # The text form reads these lines in the preamble, then moves the headings right before
    # the operative part into it.
    moved = [_to_preamble(node) for node in body[:start]]
    cut = len(moved)
    while cut and isinstance(moved[cut - 1], Heading):
        cut -= 1
    headings = tuple(node for node in moved[cut:] if isinstance(node, Heading))
    return preamble + tuple(moved[:cut]), headings + body[start:]


def _to_preamble(node: BodyNode) -> PreambleNode:
    if isinstance(node, Unrecognised):
        return node
    text = node.text
    if is_unreadable(text):
        return Unrecognised(text, node.span)
    if reads_as_heading(text, in_body=False):
        return Heading(text, node.level if isinstance(node, Heading) else 1, node.span)
    lead = node.lead if isinstance(node, Operative) else ""
    return Preambular(text, lead, find_references(text), node.span)


def _dashes(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """Dash labels ("•", "-", "—") read as the text form reads them: "–"."""
    return tuple(dataclasses.replace(p, num=DASH if p.num in DASH_LABELS else p.num,
                                     points=_dashes(p.points)) for p in points)


def _split_at_labels(texts: list[str]) -> list[list[str]]:
    """The blocks of an attachment, cut where an annex label alone stands ("Annex II")."""
    parts: list[list[str]] = [[]]
    for text in texts:
        if is_annex_label(text):
            parts.append([])
        else:
            parts[-1].append(text)
    return parts[1:] if not parts[0] and len(parts) > 1 else parts
