"""Queries for the transparency log (issue 5): leaves, the compact range, signed tree heads,
idempotency keys. A mixin of ``Repository``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from council.store.tables import IdempotencyRow, LogEntryRow, LogStateRow, TreeHeadRow, table_of


class LogQueries:
    session: Session

    def log_state(self, lock: bool = False) -> LogStateRow:
        """The log's one state row, created empty on first use; locked when appending."""
        # Kept for the transaction, so one that appends several events reads (and locks)
        # the row once.
        cached: LogStateRow | None = getattr(self, "_log_state_row", None)
        if cached is not None and (getattr(self, "_log_state_locked", False) or not lock):
            return cached
        row = self.session.get(LogStateRow, 1, with_for_update=lock or None,
                               populate_existing=cached is not None)
        self._log_state_locked = lock or getattr(self, "_log_state_locked", False)
        if row is None:
            row = LogStateRow(id=1, size=0, compact_range=[])
            self.session.add(row)
            self.session.flush()
        self._log_state_row = row
        return row

    def log_entries(self, start: int = 0, stop: int | None = None) -> list[LogEntryRow]:
        query = select(LogEntryRow).where(LogEntryRow.index >= start)
        if stop is not None:
            query = query.where(LogEntryRow.index < stop)
        return list(self.session.scalars(query.order_by(LogEntryRow.index)))

    def leaf_hashes(self, size: int) -> Sequence[str]:
        return list(self.session.scalars(select(LogEntryRow.leaf_hash).where(
            LogEntryRow.index < size).order_by(LogEntryRow.index)))

    def log_entries_of(self, procedure_id: int) -> list[LogEntryRow]:
        return list(self.session.scalars(select(LogEntryRow).where(
            LogEntryRow.procedure_id == procedure_id).order_by(LogEntryRow.index)))

    def tree_head(self, size: int) -> TreeHeadRow | None:
        return self.session.scalar(select(TreeHeadRow).where(TreeHeadRow.size == size))

    def tree_heads(self) -> list[TreeHeadRow]:
        return list(self.session.scalars(select(TreeHeadRow).order_by(TreeHeadRow.size)))

    def add_tree_head(self, row: TreeHeadRow) -> None:
        self.session.add(row)

    def add_log_rows(self, entries: Sequence[Mapping[str, Any]],
                     heads: Sequence[Mapping[str, Any]]) -> None:
        """Log entries and signed tree heads, each table in one INSERT of many rows."""
        connection = self.session.connection()
        if entries:
            connection.execute(insert(table_of(LogEntryRow)), list(entries))
        if heads:
            connection.execute(insert(table_of(TreeHeadRow)), list(heads))

    def add_idempotency_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self.session.connection().execute(insert(table_of(IdempotencyRow)), list(rows))

    def idempotent(self, account_id: int, key: str) -> IdempotencyRow | None:
        return self.session.scalar(select(IdempotencyRow).where(
            IdempotencyRow.account_id == account_id, IdempotencyRow.key == key))

    def add_idempotency(self, row: IdempotencyRow) -> None:
        self.session.add(row)
