"""Due items (issue 6, point 4): what the corpus asks, by date, delivered or not.

Each obligation that ``council.obligations`` reads from a corpus document becomes one due item
per due date (a quarterly report asked "every three months" until the mandate's end is four
items, each delivered by its own report). A personnel ceiling has no date and is no item. The
items are kept in the ``due_items`` table, refreshed whenever a document's text is (re)written
in the corpus (``corpus.import_paths``, ``corpus.add_own_resolution``), by key, so that reading
a document again keeps each item and its delivery mark (``store/due.py``).

The Secretariat marks an item delivered by a document symbol (the report S/2020/952).
On a day D, an item is

- **due** when D <= its date <= D + the window (``WINDOW_DAYS``, 90 days by default);
- **overdue** when its date is before D and it is not delivered; a ``mandate_end`` (the day a
  mandate runs out) is a fact, not an ask, and is never overdue: it shows as due, and on the
  calendar, but a past one is just past.

``council due``, the calendar page (GET /calendar) and the iCalendar feeds
(``render/ics.py``) read them through ``due_report`` and ``calendar_items``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from council.domain.errors import InvalidInput
from council.obligations import Obligation, extract_obligations
from council.parse.akn import read_akn
from council.store.repository import Repository, Store
from council.store.tables import CorpusDocumentRow, DueItemRow

__all__ = ["WINDOW_DAYS", "DueItem", "DueReport", "agenda_items", "agenda_slug",
           "calendar_items", "deliver", "due_report", "due_rows", "paragraph_label",
           "parse_day", "refresh_all", "refresh_document"]

WINDOW_DAYS = 90
_SYMBOL = re.compile(r"S/(?:\d{4}/\d{1,5}|RES/\d{1,5} \(\d{4}\)|PRST/\d{4}/\d{1,4})")
_RES = re.compile(r"S/RES/(\d{1,5}) \(\d{4}\)")


def agenda_slug(text: str) -> str:
    """The agenda item as it appears in a URL: "The situation in Mali" → "the-situation-in-mali"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def paragraph_label(anchor: str) -> str:
    """The label of an operative paragraph's anchor: "para_28_c_iii" → "28 (c) (iii)"."""
    number, *points = anchor.removeprefix("para_").split("_")
    return " ".join([number, *(f"({point})" for point in points)])


def parse_day(value: str, what: str = "date") -> date:
    """A date given as YYYY-MM-DD; anything else is ``InvalidInput`` naming the value."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"The {what} {value!r} is not a date; expected YYYY-MM-DD such as "
                           "2021-01-01.") from None


@dataclass(frozen=True)
class DueItem:
    """One due item with the document it comes from."""

    id: int
    symbol: str  # "S/RES/2531 (2020)"
    number: int | None
    agenda_item: str | None
    paragraph: str
    anchor: str
    kind: str  # report | deadline | mandate_end
    actor: str
    action: str
    due: date
    recurrence: str | None
    text: str
    key: str
    delivered_by: str | None = None
    delivered_at: datetime | None = None

    @property
    def label(self) -> str:
        """The paragraph or point it came from, as printed: "62", "28 (c) (iii)"."""
        return paragraph_label(self.anchor) if self.anchor.startswith("para_") \
            else self.paragraph

    @property
    def url(self) -> str:
        """The source paragraph: ``/resolutions/N#anchor``, or the document at undocs.org."""
        if _RES.fullmatch(self.symbol) and self.number is not None:
            return f"/resolutions/{self.number}#{self.anchor}"
        return f"https://undocs.org/{self.symbol}"

    @property
    def uid(self) -> str:
        """A UID that stays the same across imports and databases (RFC 5545 3.8.4.7)."""
        return f"{agenda_slug(self.symbol)}.{self.key}@council"

    def status(self, on: date) -> str:
        """"delivered", "overdue", "past" (a mandate end gone by), or "due"."""
        if self.delivered_by:
            return "delivered"
        if self.due < on:
            return "past" if self.kind == "mandate_end" else "overdue"
        return "due"

    def as_json(self, on: date | None = None) -> dict[str, Any]:
        return {"id": self.id, "document": self.symbol, "agenda_item": self.agenda_item,
                "paragraph": self.paragraph, "anchor": self.anchor, "kind": self.kind,
                "actor": self.actor, "action": self.action, "due": self.due.isoformat(),
                "recurrence": self.recurrence, "text": self.text,
                "delivered_by": self.delivered_by,
                "delivered_at": self.delivered_at.isoformat() if self.delivered_at else None,
                "url": self.url, **({"status": self.status(on)} if on else {})}


def _item(row: DueItemRow, document: CorpusDocumentRow) -> DueItem:
    return DueItem(row.id, document.symbol, document.number, document.agenda_item,
                   row.paragraph, row.anchor, row.kind, row.actor, row.action, row.due,
                   row.recurrence, row.text, row.key, row.delivered_by, row.delivered_at)


# -- from obligations to rows ----------------------------------------------------------------


def due_rows(obligations: Iterable[Obligation]) -> list[dict[str, Any]]:
    """The due items of a document's obligations: one per due date, each with a ``key``
    unique in the document (anchor, kind, action, date; ``-2``… when repeated).

    Args:
        obligations: what ``extract_obligations`` found, in document order.

    Returns:
        The columns of each item, in document order.
    """
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for item in obligations:
        for day in item.due:
            key = f"{item.anchor}.{item.kind}.{agenda_slug(item.action)}.{day.isoformat()}"
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key = f"{key}-{seen[key]}"
            rows.append({"key": key[:255], "paragraph": item.paragraph[:16],
                         "anchor": item.anchor[:64], "kind": item.kind, "actor": item.actor,
                         "action": item.action, "due": day, "recurrence": item.recurrence,
                         "text": item.text})
    return rows


def refresh_document(repo: Repository, document_id: int, akn: str | None,
                     adopted: date | None) -> None:
    """Read a corpus document's obligations again and bring its due items in step (the
    import's hook, inside its transaction). Without a text or a date it has none."""
    if akn is None or adopted is None:
        repo.sync_due_items(document_id, [])
        return
    doc = read_akn(akn.encode("utf-8"))
    repo.sync_due_items(document_id, due_rows(extract_obligations(doc, adopted)))


def refresh_all(store: Store) -> int:
    """Bring every corpus document's due items in step (a store imported before due items
    existed, or after the extraction changed); delivery marks are kept. Returns the number
    of due items."""
    with store.transaction() as repo:
        for document_id, akn, day in repo.corpus_texts():
            refresh_document(repo, document_id, akn, day)
        repo.flush()
        return len(repo.due_item_rows())


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReport:
    """What is due from ``on`` to ``until`` and what is overdue on ``on``."""

    on: date
    until: date
    agenda_item: str | None
    due: tuple[DueItem, ...]
    overdue: tuple[DueItem, ...]

    def as_json(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "until": self.until.isoformat(),
                "days": (self.until - self.on).days, "agenda_item": self.agenda_item,
                "due": [item.as_json(self.on) for item in self.due],
                "overdue": [item.as_json(self.on) for item in self.overdue]}


def _agenda(repo: Repository, given: str | None) -> str | None:
    """The stored agenda item that ``given`` names, as written or as its slug."""
    if given is None or not given.strip():
        return None
    known = repo.due_agenda_items()
    slug = agenda_slug(given)
    for item in known:
        if agenda_slug(item) == slug:
            return item
    # Words of it, in order ("mali" names "The situation in Mali", not "... in Somalia").
    words = [item for item in known if f"-{slug}-" in f"-{agenda_slug(item)}-"]
    if len(words) == 1:
        return words[0]
    close = words or difflib.get_close_matches(given.strip(), known, n=3, cutoff=0.5)
    hint = ("; did you mean " + " or ".join(repr(c) for c in close[:5]) + "?") if close else (
        f"; {len(known)} agenda items have due items: see GET /calendar" if known else
        "; nothing is due under any: import resolutions with council import PATH")
    raise InvalidInput(f"No due items under agenda item {given.strip()!r}{hint}")


def due_report(store: Store, on: date, days: int = WINDOW_DAYS,
               agenda: str | None = None) -> DueReport:
    """What is due from ``on`` for ``days`` days, and what is overdue on ``on``.

    Args:
        store: the database.
        on: the day to look from.
        days: the window (0 to 3660 days).
        agenda: an agenda item, as written (any case) or as its slug; None for all.

    Returns:
        The report; items in date order.
    """
    if not 0 <= days <= 3660:
        raise InvalidInput(f"The window of {days} days is out of range; give 0 to 3660 days.")
    until = on + timedelta(days=days)
    with store.read() as repo:
        agenda_item = _agenda(repo, agenda)
        due = [_item(*pair) for pair in repo.due_item_rows(agenda_item=agenda_item, since=on,
                                                           until=until)]
        overdue = [_item(*pair) for pair in repo.due_item_rows(
            agenda_item=agenda_item, before=on, undelivered=True)]
    return DueReport(on, until, agenda_item, tuple(due),
                     tuple(item for item in overdue if item.kind != "mandate_end"))


def calendar_items(store: Store, agenda: str | None = None
                   ) -> tuple[str | None, list[DueItem]]:
    """Every due item (of one agenda item, given as written or as its slug), by date."""
    with store.read() as repo:
        agenda_item = _agenda(repo, agenda)
        return agenda_item, [_item(*pair) for pair in
                             repo.due_item_rows(agenda_item=agenda_item)]


def agenda_items(store: Store) -> list[str]:
    """The agenda items that have due items."""
    with store.read() as repo:
        return repo.due_agenda_items()


def deliver(store: Store, item_id: int, symbol: str, at: datetime) -> DueItem:
    """Mark a due item delivered by the document ``symbol`` (S/2020/952); marking it again
    with another symbol corrects the mark.

    Args:
        store: the database.
        item_id: the item's id (``council due`` prints it).
        symbol: the document that delivered it: S/YYYY/N, S/RES/N (YYYY) or S/PRST/YYYY/N.
        at: when the mark is recorded.

    Returns:
        The item as marked.
    """
    given = re.sub(r"\s+", " ", symbol.strip()).upper()
    given = re.sub(r"^(S/RES/\d+)\s*\(", r"\1 (", given)
    if not _SYMBOL.fullmatch(given):
        raise InvalidInput(f"{symbol!r} is not a document symbol; give the one that "
                           "delivered it, such as S/2020/952 (a report or letter), "
                           "S/RES/2584 (2021) or S/PRST/2020/5.")
    with store.transaction() as repo:
        return _item(*repo.mark_delivered(item_id, given, at))
