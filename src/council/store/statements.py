"""The statements on the path of every letter, built once and compiled once.

A batch of letters runs about fifteen of these; each is a ``Prepared`` statement
(``council.store.prepared``): compiled by SQLAlchemy once per dialect and run on the driver's
cursor, without ``Connection.execute``'s cost per statement. A statement over a list of
values is compiled once per length of the list (an ``expanding`` parameter would be rendered
again at every execution).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    BindParameter,
    Column,
    Tuple,
    bindparam,
    delete,
    insert,
    select,
    tuple_,
    update,
)

from council.store.prepared import Prepared, PreparedBySize
from council.store.tables import (
    AccountRow,
    ApiTokenRow,
    BallotRow,
    Base,
    DelegationKeyRow,
    DraftRow,
    ExplanationRow,
    IdempotencyRow,
    LetterRow,
    LogEntryRow,
    LogStateRow,
    PreparedLetterRow,
    ProcedureRow,
    ReceiptRow,
    TreeHeadRow,
    table_of,
)

_drafts, _procedures = table_of(DraftRow), table_of(ProcedureRow)
_ballots, _explanations = table_of(BallotRow), table_of(ExplanationRow)
_tokens, _accounts = table_of(ApiTokenRow), table_of(AccountRow)
_keys, _prepared = table_of(DelegationKeyRow), table_of(PreparedLetterRow)
_log_state = table_of(LogStateRow)

_PROCEDURE = (
    select(_drafts, _procedures.c.id.label("procedure_id"), _procedures.c.state,
           _procedures.c.council_year, _procedures.c.opened_at, _procedures.c.period_hours,
           _procedures.c.explanation_window_hours, _procedures.c.closed_at,
           _procedures.c.announced_at)
    .join(_procedures, _procedures.c.draft_id == _drafts.c.id)
    .where(_drafts.c.symbol == bindparam("symbol"))
)
PROCEDURE = Prepared(_PROCEDURE)
PROCEDURE_FOR_UPDATE = Prepared(_PROCEDURE.with_for_update(of=_procedures))
BALLOTS = Prepared(select(_ballots).where(_ballots.c.procedure_id == bindparam("procedure_id"))
                   .order_by(_ballots.c.received_at, _ballots.c.id))
EXPLANATIONS = Prepared(select(_explanations)
                        .where(_explanations.c.procedure_id == bindparam("procedure_id"))
                        .order_by(_explanations.c.received_at, _explanations.c.id))


def _items(size: int, column: Column[Any]) -> list[BindParameter[Any]]:
    return [bindparam(f"item_{i}", type_=column.type) for i in range(size)]


def _item_parameters(items: Sequence[Any]) -> dict[str, Any]:
    return {f"item_{i}": item for i, item in enumerate(items)}


def _pairs(size: int, first: Column[Any], second: Column[Any]) -> list[Tuple]:
    return [tuple_(bindparam(f"item_{i}_0", type_=first.type),
                   bindparam(f"item_{i}_1", type_=second.type)) for i in range(size)]


def _pair_parameters(items: Sequence[tuple[Any, Any]]) -> dict[str, Any]:
    parameters = {}
    for i, (first, second) in enumerate(items):
        parameters[f"item_{i}_0"], parameters[f"item_{i}_1"] = first, second
    return parameters


# Of n token digests.
TOKEN_HOLDERS = PreparedBySize(lambda size: (
    select(_tokens.c.token_sha256, _tokens.c.id.label("token_id"), _tokens.c.revoked_at,
           _tokens.c.last_used_at, _accounts.c.id.label("account_id"), _accounts.c.username,
           _accounts.c.name, _accounts.c.role, _accounts.c.member, _accounts.c.disabled_at)
    .join(_accounts, _accounts.c.id == _tokens.c.account_id)
    .where(_tokens.c.token_sha256.in_(_items(size, _tokens.c.token_sha256)))
), _item_parameters)
# Of n member codes.
DELEGATION_KEYS = PreparedBySize(lambda size: (
    select(_keys.c.member, _keys.c.key_id, _keys.c.public_key)
    .where(_keys.c.member.in_(_items(size, _keys.c.member)), _keys.c.revoked_at.is_(None))
    .order_by(_keys.c.id)
), _item_parameters)
# Of n (procedure id, member) pairs.
DROP_PREPARED_LETTERS = PreparedBySize(lambda size: delete(_prepared).where(
    tuple_(_prepared.c.procedure_id, _prepared.c.member).in_(
        _pairs(size, _prepared.c.procedure_id, _prepared.c.member))), _pair_parameters)

BALLOT_COLUMNS = ("procedure_id", "member", "position", "signatory_name", "signatory_title",
                  "received_at")


def _ballot_parameters(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {f"{column}_{i}": row[column]
            for i, row in enumerate(rows) for column in BALLOT_COLUMNS}


# Of n ballots, in one statement: each row's id comes back with its (procedure, member),
# which the unique constraint uq_ballots_member makes a key (RETURNING's order is not
# promised, and SQLAlchemy's insertmanyvalues goes row by row on SQLite to keep it).
ADD_BALLOTS = PreparedBySize(lambda size: (
    insert(_ballots)
    .values([{column: bindparam(f"{column}_{i}", type_=_ballots.c[column].type)
              for column in BALLOT_COLUMNS} for i in range(size)])
    .returning(_ballots.c.id, _ballots.c.procedure_id, _ballots.c.member)
), _ballot_parameters)


def _insert(model: type[Base]) -> Prepared:
    """An INSERT of every column but the id, for many rows."""
    table = table_of(model)
    return Prepared(insert(table), [column.key for column in table.columns
                                    if column is not table.c.id])


ADD_LETTERS = _insert(LetterRow)
ADD_RECEIPTS = _insert(ReceiptRow)
ADD_LOG_ENTRIES = _insert(LogEntryRow)
ADD_TREE_HEADS = _insert(TreeHeadRow)
ADD_IDEMPOTENCY_KEYS = _insert(IdempotencyRow)

_LOG_STATE = select(_log_state.c.size, _log_state.c.compact_range).where(_log_state.c.id == 1)
LOG_STATE = Prepared(_LOG_STATE)
LOG_STATE_FOR_UPDATE = Prepared(_LOG_STATE.with_for_update())
SAVE_LOG_STATE = Prepared(update(_log_state).where(_log_state.c.id == 1)
                          .values(size=bindparam("size"),
                                  compact_range=bindparam("compact_range")))
