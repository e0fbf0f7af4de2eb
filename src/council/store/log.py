"""Queries for the transparency log (issue 5): leaves, the compact range, signed tree heads,
idempotency keys. A mixin of ``Repository``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from council.store import statements
from council.store.tables import IdempotencyRow, LogEntryRow, LogStateRow, TreeHeadRow, table_of


@dataclass
class LogState:
    """The log's size and compact range (the roots of its perfect subtrees, hex)."""

    size: int
    compact_range: list[str]
    locked: bool = False


class LogQueries:
    session: Session

    def log_state(self, lock: bool = False) -> LogState:
        """The log's one state row (created empty on first use); locked when appending.

        Kept for the transaction, so one that appends several events reads (and locks) the
        row once; ``save_log_state`` writes it back. Prepared statements
        (store/statements.py): it is read for every batch of letters.
        """
        cached: LogState | None = getattr(self, "_log_state", None)
        if cached is not None and (cached.locked or not lock):
            return cached
        query = statements.LOG_STATE_FOR_UPDATE if lock else statements.LOG_STATE
        connection = self.session.connection()
        row = query.one_or_none(connection)
        if row is None:
            connection.execute(insert(table_of(LogStateRow)).values(id=1, size=0,
                                                                    compact_range=[]))
            state = LogState(0, [], lock)
        else:
            state = LogState(row.size, list(row.compact_range), lock)
        self._log_state = state
        return state

    def save_log_state(self, state: LogState) -> None:
        statements.SAVE_LOG_STATE.execute(
            self.session.connection(),
            {"size": state.size, "compact_range": list(state.compact_range)})

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
        statements.ADD_LOG_ENTRIES.execute_many(connection, entries)
        statements.ADD_TREE_HEADS.execute_many(connection, heads)

    def add_idempotency_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        statements.ADD_IDEMPOTENCY_KEYS.execute_many(self.session.connection(), rows)

    def idempotent(self, account_id: int, key: str) -> IdempotencyRow | None:
        return self.session.scalar(select(IdempotencyRow).where(
            IdempotencyRow.account_id == account_id, IdempotencyRow.key == key))

    def add_idempotency(self, row: IdempotencyRow) -> None:
        self.session.add(row)
