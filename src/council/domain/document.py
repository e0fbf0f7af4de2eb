"""A resolution as a structured document (DOMAIN.md §5), independent of where it came from.

The same model holds a resolution parsed from PDF-extracted, typed or OCR'd text and one read
from the UN's Akoma Ntoso (AKN4UN) XML; the renderers write it back as text, HTML or AKN.

Every node keeps the place in its source it came from (``Span``: line and column, 1-based);
equality ignores spans, so a document parsed from text equals the same document read from
XML. References are kept as offsets into their node's text, so the text stays exactly as
written and a reference can be shown as a link in any renderer.

Node tree::

    Document
    ├── covering_letter: CoveringLetter | None      text before an annexed resolution
    ├── masthead: Masthead                          body, symbol, distribution, date, language
    ├── title, adoption: Adoption                   "Resolution 2531 (2020)", meeting or written
    ├── formula                                     "The Security Council,"
    ├── preamble: (Preambular | Heading | Unrecognised)*
    ├── body: (Operative | Heading | Unrecognised)*
    │     Operative ── points: Point*  ── points: Point*  (nested: (a) → (i) → dash)
    ├── annexes: Annex*
    ├── footnotes: Footnote*
    └── unrecognised: Unrecognised*                 what could not be placed anywhere else
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from typing import Any, TypeVar

_Node = TypeVar("_Node", bound=type)


def _quick_init(cls: _Node) -> _Node:
    """Give a frozen dataclass with slots an ``__init__`` that fills each slot through the
    slot itself: the one ``dataclass`` writes calls ``object.__setattr__`` for every field,
    which looks the slot up each time, and the parser builds hundreds of nodes per resolution
    (issue 3). The same parameters, defaults and result; it is about twice as fast."""
    namespace: dict[str, Any] = {}
    parameters, body = [], []
    for item in fields(cls):
        name = item.name
        assert item.init and item.default_factory is MISSING and not item.kw_only, name
        namespace[f"_set_{name}"] = cls.__dict__[name].__set__  # the slot's descriptor
        if item.default is MISSING:
            parameters.append(name)
        else:
            namespace[f"_default_{name}"] = item.default
            parameters.append(f"{name}=_default_{name}")
        body.append(f"    _set_{name}(self, {name})")
    exec(f"def __init__(self, {', '.join(parameters)}):\n" + "\n".join(body), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {**vars(cls)["__init__"].__annotations__}
    type.__setattr__(cls, "__init__", init)
    return cls


@_quick_init
@dataclass(frozen=True, order=True, slots=True)
class Span:
    """Where a node came from: first and last line and column, 1-based, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


NO_SPAN = Span(0, 0, 0, 0)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


class ReferenceKind(enum.Enum):
    RESOLUTION = "resolution"  # S/RES/2480 (2019), "resolution 2480 (2019)"
    DOCUMENT = "document"  # S/2020/476 (reports, letters, drafts)
    PRESIDENTIAL_STATEMENT = "presidential_statement"  # S/PRST/2018/10
    GENERAL_ASSEMBLY = "general_assembly"  # A/RES/75/1, A/75/123
    CHARTER_ARTICLE = "charter_article"  # Article 27 of the Charter
    CHARTER_CHAPTER = "charter_chapter"  # Chapter VII of the Charter
    OTHER = "other"  # another UN symbol


@_quick_init
@dataclass(frozen=True, slots=True)
class Reference:
    """A mention of another document inside a node's text.

    Attributes:
        kind: what is referred to.
        symbol: the canonical symbol: ``S/RES/2480 (2019)``, ``S/2020/476``,
            ``S/PRST/2018/10``, ``A/RES/75/1``, ``Charter Article 27``, ``Charter Chapter VII``.
        start, end: the mention's offsets in the node's text (``text[start:end]``).
        link: the official link, e.g. ``https://undocs.org/en/S/RES/2480(2019)``; None for
            Charter provisions, which have no document symbol.
    """

    kind: ReferenceKind
    symbol: str
    start: int
    end: int
    link: str | None = None
    span: Span = _span()


@_quick_init
@dataclass(frozen=True, slots=True)
class Masthead:
    """The top of the document: "United Nations", symbol, body, distribution, date."""

    symbol: str | None = None  # "S/RES/2531 (2020)"
    body: str = "Security Council"
    distribution: str | None = None  # "General"
    date: date | None = None
    language: str = "en"
    span: Span = _span()
    # The symbol a yearbook gives under the title ("[S/3237]" for resolution 104 (1954)).
    issued_as: str | None = None


@_quick_init
@dataclass(frozen=True, slots=True)
class Adoption:
    """The adoption line: at a meeting ("Adopted ... at its 8700th meeting, on ...") or, with
    no meeting number, by written procedure (R20)."""

    date: date | None = None
    meeting: int | None = None
    text: str = ""  # the line as written
    span: Span = _span()

    @property
    def written_procedure(self) -> bool:
        return self.meeting is None and self.date is not None


@_quick_init
@dataclass(frozen=True, slots=True)
class Preambular:
    """A preambular paragraph; ``lead`` is its opening participle or adjective
    ("Recalling", "Expressing grave concern")."""

    text: str
    # The italic lead words in the UN's XML; guessed from the text elsewhere. The text itself
    # always starts with them, so equality ignores the guess.
    lead: str = field(default="", compare=False)
    references: tuple[Reference, ...] = ()
    span: Span = _span()


@_quick_init
@dataclass(frozen=True, slots=True)
class Heading:
    """A heading between paragraphs; level 1 is the highest."""

    text: str
    # Presentation only (UN XML classes H1–H4, indentation in PDFs); plain text cannot carry
    # it, so equality ignores it.
    level: int = field(default=1, compare=False)
    span: Span = _span()


@_quick_init
@dataclass(frozen=True, slots=True)
class Point:
    """A sub-point of an operative paragraph: ``num`` is "(a)", "(i)", "–" or "a."; ``text``
    is its content, or its intro when it has sub-points; ``wrap_up`` is text after them."""

    num: str
    text: str
    points: tuple[Point, ...] = ()
    wrap_up: str = ""
    references: tuple[Reference, ...] = ()
    span: Span = _span()


@_quick_init
@dataclass(frozen=True, slots=True)
class Operative:
    """A numbered operative paragraph; ``lead`` is its opening verb ("Decides", "Requests");
    ``text`` is its content, or the intro to its points."""

    number: int | None
    text: str
    lead: str = field(default="", compare=False)
    points: tuple[Point, ...] = ()
    wrap_up: str = ""
    references: tuple[Reference, ...] = ()
    span: Span = _span()


@_quick_init
@dataclass(frozen=True, slots=True)
class Unrecognised:
    """A line or block the parser could not place; kept as written, with its position."""

    text: str
    span: Span = _span()


@_quick_init
@dataclass(frozen=True, slots=True)
class Footnote:
    marker: str
    text: str
    span: Span = _span()


@_quick_init
@dataclass(frozen=True, slots=True)
class Annex:
    """An annex of the resolution: its heading and its paragraphs as written."""

    title: str
    paragraphs: tuple[str, ...] = ()
    span: Span = _span()


@_quick_init
@dataclass(frozen=True, slots=True)
class CoveringLetter:
    """The letter a resolution is annexed to (S/2020/613 for resolution 2531 (2020))."""

    symbol: str | None = None
    date: date | None = None
    title: str = ""
    paragraphs: tuple[str, ...] = ()
    language: str | None = None
    span: Span = _span()


PreambleNode = Preambular | Heading | Unrecognised
BodyNode = Operative | Heading | Unrecognised


@_quick_init
@dataclass(frozen=True, slots=True)
class Document:
    """A resolution (or presidential statement, or draft) as a structured document."""

    masthead: Masthead = Masthead()
    title: str = ""  # "Resolution 2531 (2020)"
    adoption: Adoption | None = None
    formula: str = ""  # "The Security Council,"
    preamble: tuple[PreambleNode, ...] = ()
    body: tuple[BodyNode, ...] = ()
    annexes: tuple[Annex, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    covering_letter: CoveringLetter | None = None
    unrecognised: tuple[Unrecognised, ...] = ()
    kind: str = "resolution"  # or "statement", "draft"

    @property
    def preambular_paragraphs(self) -> tuple[Preambular, ...]:
        return tuple(n for n in self.preamble if isinstance(n, Preambular))

    @property
    def operative_paragraphs(self) -> tuple[Operative, ...]:
        return tuple(n for n in self.body if isinstance(n, Operative))

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(n for n in (*self.preamble, *self.body) if isinstance(n, Heading))

    def all_unrecognised(self) -> tuple[Unrecognised, ...]:
        """Every unrecognised node, wherever it sits."""
        inner = tuple(n for n in (*self.preamble, *self.body) if isinstance(n, Unrecognised))
        return inner + self.unrecognised

    def all_references(self) -> Iterator[Reference]:
        """Every reference, in document order."""
        for node in (*self.preamble, *self.body):
            if isinstance(node, Preambular | Operative):
                yield from node.references
            if isinstance(node, Operative):
                yield from _point_references(node.points)


def _point_references(points: tuple[Point, ...]) -> Iterator[Reference]:
    for point in points:
        yield from point.references
        yield from _point_references(point.points)


def point_anchor(paragraph: int | None, nums: tuple[str, ...]) -> str:
    """The HTML anchor of a paragraph or point: ``para_28``, ``para_28_c_ii``; dash items are
    numbered by position (``para_3_1``)."""
    parts = [f"para_{paragraph if paragraph is not None else 'x'}"]
    parts += [num.strip("().").lower() or "x" for num in nums]
    return "_".join(parts)
