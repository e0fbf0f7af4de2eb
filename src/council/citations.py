"""The citation graph of the corpus (issue 6, point 3): what a document cites and what cites
it, and the chain of mandate renewals on an agenda item.

Citations come from the references the import stored for each paragraph
(``corpus_references``): a document cites another when one of its paragraphs mentions it
(mentions of the Charter are not citations of a document). A cited symbol that is not in the
store is *unresolved*: it is listed, and links to its official address at undocs.org.

The chain of mandate renewals is read, not typed in: ``extract_obligations`` reads each
resolution of the agenda item, and the chain of a mission (an obligation's actor) is the
resolutions that set a ``mandate_end`` for it, in order of adoption, each with the end date it
set (the latest, when one resolution sets two for the same actor).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from council.domain.errors import DocumentNotFound, NotFound
from council.obligations import extract_obligations
from council.parse.akn import read_akn
from council.search import corpus_url, official_url
from council.store.repository import Repository
from council.store.tables import CorpusDocumentRow

__all__ = ["Citations", "Cited", "Citing", "MandateChain", "MandateStep", "Mention",
           "citations_of", "corpus_symbol", "mandate_chain"]

_NUMBER = re.compile(r"^\s*(?:S/RES/)?\s*(\d{1,5})(?:\s*\(\s*(\d{4})\s*\))?\s*$", re.I)


@dataclass(frozen=True)
class Mention:
    """Where a document mentions another: the paragraph (anchor, label) and its text."""

    anchor: str
    label: str
    text: str
    url: str


@dataclass(frozen=True)
class Cited:
    """A document that the resolution cites; ``in_store`` False: unresolved."""

    symbol: str
    kind: str
    in_store: bool
    title: str | None
    date: date | None
    url: str  # its page here when the store has its text, else undocs.org
    official_url: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Citing:
    """A document that cites the resolution, with the paragraphs that do."""

    symbol: str
    title: str
    date: date | None
    url: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Citations:
    symbol: str
    title: str
    date: date | None
    url: str
    cites: tuple[Cited, ...]
    cited_by: tuple[Citing, ...]

    @property
    def unresolved(self) -> tuple[Cited, ...]:
        return tuple(cited for cited in self.cites if not cited.in_store)


@dataclass(frozen=True)
class MandateStep:
    """One resolution of a mission's chain and the mandate end it set."""

    symbol: str
    number: int | None
    adopted: date | None
    paragraph: str
    anchor: str
    action: str  # "establish mandate", "extend mandate", "terminate mandate"…
    mandate_end: date
    url: str


@dataclass(frozen=True)
class MandateChain:
    agenda_item: str
    mission: str
    steps: tuple[MandateStep, ...]


def corpus_symbol(repo: Repository, given: str) -> CorpusDocumentRow:
    """The corpus document ``given`` names: a full symbol ("S/RES/2531 (2020)",
    "S/PRST/2018/10") or a resolution's number ("2531", "2531 (2020)")."""
    given = " ".join(given.split())
    found = repo.find_corpus_document(given)
    if found is not None:
        return found
    match = _NUMBER.match(given)
    if match:
        found = repo.corpus_document_by_number(int(match[1]))
        if found is not None and (match[2] is None or str(found.year) == match[2]):
            return found
    raise DocumentNotFound(
        f"No document {given!r} in the corpus; give a symbol as S/RES/2531 (2020), "
        "S/PRST/2018/10 or a resolution number (2531), and import the record first with: "
        "council import PATH.")


def _own_url(row: CorpusDocumentRow) -> str:
    return corpus_url(row.kind, row.number, row.symbol) if row.akn else official_url(row.symbol)


def citations_of(repo: Repository, given: str) -> Citations:
    """What a document cites (grouped by the document cited, in order of first mention) and
    what cites it (grouped by the citing document, oldest first).

    Args:
        repo: a read transaction.
        given: the document's symbol or resolution number.
    """
    row = corpus_symbol(repo, given)
    own_url = corpus_url(row.kind, row.number, row.symbol)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for ref in repo.corpus_citations_from(row.id):
        if ref["target"] == row.symbol:
            continue
        kinds.setdefault(ref["target"], ref["kind"])
        mention = Mention(ref["anchor"], ref["label"] or "", ref["mention"],
                          f"{own_url}#{ref['anchor']}" if row.kind == "resolution" else own_url)
        if mention not in mentions[ref["target"]]:
            mentions[ref["target"]].append(mention)
    known = repo.corpus_documents_named(mentions)
    cites = []
    for target, found in mentions.items():
        doc = known.get(target)
        cites.append(Cited(
            symbol=target, kind=doc.kind if doc else kinds[target], in_store=doc is not None,
            title=doc.title if doc else None, date=doc.date if doc else None,
            url=_own_url(doc) if doc else official_url(target),
            official_url=official_url(target), mentions=tuple(found)))
    citing: dict[str, list[Mention]] = defaultdict(list)
    facts: dict[str, dict[str, object]] = {}
    for ref in repo.corpus_citations_to(row.symbol):
        facts.setdefault(ref["symbol"], ref)
        url = corpus_url(ref["kind"], ref["number"], ref["symbol"], ref["anchor"])
        mention = Mention(ref["anchor"], ref["label"] or "", ref["text"] or "", url)
        if mention not in citing[ref["symbol"]]:
            citing[ref["symbol"]].append(mention)
    cited_by = tuple(
        Citing(symbol=symbol, title=str(facts[symbol]["title"]),
               date=_date(facts[symbol]["date"]),
               url=corpus_url(str(facts[symbol]["kind"]), _int(facts[symbol]["number"]),
                              symbol),
               mentions=tuple(found)) for symbol, found in citing.items())
    return Citations(symbol=row.symbol, title=row.title, date=row.date, url=_own_url(row),
                     cites=tuple(cites), cited_by=cited_by)


def _date(value: object) -> date | None:
    return value if isinstance(value, date) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def mandate_chain(repo: Repository, agenda_item: str, mission: str | None = None
                  ) -> list[MandateChain]:
    """The chains of mandate renewals on an agenda item, longest first.

    Args:
        repo: a read transaction.
        agenda_item: as the metadata writes it ("The situation in Mali"), without case.
        mission: only this actor's chain ("MINUSMA"), compared without case.

    Returns:
        One chain per mission (actor of a ``mandate_end``), its steps in order of adoption.
    """
    documents = repo.corpus_agenda_documents(agenda_item)
    if not documents:
        words = [w for w in re.findall(r"\w+", agenda_item.lower()) if len(w) > 3]
        score = {item: sum(w in item.lower() for w in words)
                 for item in repo.corpus_agenda_items()}
        near = sorted((item for item in score if score[item]), key=lambda i: -score[i])[:5]
        hint = f" Did you mean: {'; '.join(near)}?" if near else ""
        raise NotFound(f"No resolution in the corpus on the agenda item {agenda_item!r}.{hint}")
    steps: dict[str, list[MandateStep]] = defaultdict(list)
    for row in documents:
        if row.akn is None or row.date is None:
            continue
        ends: dict[str, MandateStep] = {}
        for obligation in extract_obligations(read_akn(row.akn), row.date):
            if obligation.kind != "mandate_end" or not obligation.due:
                continue
            if mission and obligation.actor.lower() != mission.strip().lower():
                continue
            step = MandateStep(
                symbol=row.symbol, number=row.number, adopted=row.date,
                paragraph=obligation.paragraph, anchor=obligation.anchor,
                action=obligation.action, mandate_end=max(obligation.due),
                url=corpus_url(row.kind, row.number, row.symbol, obligation.anchor))
            kept = ends.get(obligation.actor)
            if kept is None or step.mandate_end > kept.mandate_end:
                ends[obligation.actor] = step
        for actor, step in ends.items():
            steps[actor].append(step)
    chains = [MandateChain(documents[0].agenda_item or agenda_item, actor, tuple(found))
              for actor, found in steps.items()]
    return sorted(chains, key=lambda chain: (-len(chain.steps), chain.mission))
