"""Queries for due items (issue 6, point 4): the dated things corpus documents ask, kept in
step with each document's obligations, and the marks saying a document delivered them. A mixin
of ``Repository``.

``sync_due_items`` replaces a document's items by key: an item read again with the same key
keeps its row and its delivery mark, a changed one is updated in place, one no longer read is
deleted, so reading the same document twice writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from council.domain.errors import DueItemNotFound
from council.store.tables import CorpusDocumentRow, DueItemRow

# The columns an extraction sets; the delivery columns are the Secretariat's.
EXTRACTED = ("paragraph", "anchor", "kind", "actor", "action", "due", "recurrence", "text")


class DueQueries:
    session: Session

    def sync_due_items(self, document_id: int, items: Iterable[Mapping[str, Any]]) -> None:
        """Make the document's due items those given (each with a ``key`` unique within it)."""
        stored = {row.key: row for row in self.session.scalars(
            select(DueItemRow).where(DueItemRow.document_id == document_id))}
        wanted = {item["key"]: item for item in items}
        gone = [row.id for key, row in stored.items() if key not in wanted]
        if gone:
            self.session.execute(delete(DueItemRow).where(DueItemRow.id.in_(gone)))
        for key, item in wanted.items():
            row = stored.get(key)
            if row is None:
                self.session.add(DueItemRow(document_id=document_id, key=key,
                                            **{name: item[name] for name in EXTRACTED}))
                continue
            for name in EXTRACTED:
                if getattr(row, name) != item[name]:
                    setattr(row, name, item[name])

    def due_item_rows(self, *, agenda_item: str | None = None, since: date | None = None,
                      until: date | None = None, before: date | None = None,
                      undelivered: bool = False
                      ) -> list[tuple[DueItemRow, CorpusDocumentRow]]:
        """Due items with their documents, by date, then document and position in it.

        Args:
            agenda_item: only the documents of that agenda item (as stored).
            since, until: only items due on or after ``since``, on or before ``until``.
            before: only items due before that date.
            undelivered: only items not marked delivered.
        """
        query = (select(DueItemRow, CorpusDocumentRow)
                 .join(CorpusDocumentRow, CorpusDocumentRow.id == DueItemRow.document_id))
        if agenda_item is not None:
            query = query.where(CorpusDocumentRow.agenda_item == agenda_item)
        if since is not None:
            query = query.where(DueItemRow.due >= since)
        if until is not None:
            query = query.where(DueItemRow.due <= until)
        if before is not None:
            query = query.where(DueItemRow.due < before)
        if undelivered:
            query = query.where(DueItemRow.delivered_by.is_(None))
        query = query.order_by(DueItemRow.due, CorpusDocumentRow.symbol, DueItemRow.id)
        return [(item, document) for item, document in self.session.execute(query)]

    def due_item_row(self, item_id: int, lock: bool = False
                     ) -> tuple[DueItemRow, CorpusDocumentRow]:
        query = (select(DueItemRow, CorpusDocumentRow)
                 .join(CorpusDocumentRow, CorpusDocumentRow.id == DueItemRow.document_id)
                 .where(DueItemRow.id == item_id))
        if lock:
            query = query.with_for_update(of=DueItemRow)
        found = self.session.execute(query).first()
        if found is None:
            raise DueItemNotFound(
                f"No due item {item_id}; the ids are in the first column of: council due "
                "(or in GET /api/due).")
        return found[0], found[1]

    def mark_delivered(self, item_id: int, symbol: str, at: datetime
                       ) -> tuple[DueItemRow, CorpusDocumentRow]:
        row, document = self.due_item_row(item_id, lock=True)
        if row.delivered_by != symbol:
            row.delivered_by, row.delivered_at = symbol, at
        return row, document

    def due_agenda_items(self) -> list[str]:
        """The agenda items of the documents that have due items."""
        query = (select(CorpusDocumentRow.agenda_item).distinct()
                 .join(DueItemRow, DueItemRow.document_id == CorpusDocumentRow.id)
                 .where(CorpusDocumentRow.agenda_item.is_not(None)))
        return sorted(item for item in self.session.scalars(query) if item)

    def corpus_texts(self) -> list[tuple[int, str, date | None]]:
        """(document id, AKN, date) of every corpus document with a text."""
        return [(row_id, akn, day) for row_id, akn, day in self.session.execute(
            select(CorpusDocumentRow.id, CorpusDocumentRow.akn, CorpusDocumentRow.date)
            .where(CorpusDocumentRow.akn.is_not(None)).order_by(CorpusDocumentRow.id))]
