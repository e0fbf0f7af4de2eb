"""Core statements on the path of every letter, built once.

SQLAlchemy builds a statement's cache key each time it meets a new statement object, and
building the object itself costs as much; a batch of letters runs a dozen of these, so they
are made here once, with bound parameters, and reused (``council.receiving``). Lists are
``expanding`` parameters.
"""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, select, tuple_, update

from council.store.tables import (
    AccountRow,
    ApiTokenRow,
    BallotRow,
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

PROCEDURE = (
    select(_drafts, _procedures.c.id.label("procedure_id"), _procedures.c.state,
           _procedures.c.council_year, _procedures.c.opened_at, _procedures.c.period_hours,
           _procedures.c.explanation_window_hours, _procedures.c.closed_at,
           _procedures.c.announced_at)
    .join(_procedures, _procedures.c.draft_id == _drafts.c.id)
    .where(_drafts.c.symbol == bindparam("symbol"))
)
PROCEDURE_FOR_UPDATE = PROCEDURE.with_for_update(of=_procedures)
BALLOTS = (select(_ballots).where(_ballots.c.procedure_id == bindparam("procedure_id"))
           .order_by(_ballots.c.received_at, _ballots.c.id))
EXPLANATIONS = (select(_explanations)
                .where(_explanations.c.procedure_id == bindparam("procedure_id"))
                .order_by(_explanations.c.received_at, _explanations.c.id))

TOKEN_HOLDERS = (
    select(_tokens.c.token_sha256, _tokens.c.id.label("token_id"), _tokens.c.revoked_at,
           _tokens.c.last_used_at, _accounts.c.id.label("account_id"), _accounts.c.username,
           _accounts.c.name, _accounts.c.role, _accounts.c.member, _accounts.c.disabled_at)
    .join(_accounts, _accounts.c.id == _tokens.c.account_id)
    .where(_tokens.c.token_sha256.in_(bindparam("digests", expanding=True)))
)
DELEGATION_KEYS = (
    select(_keys.c.member, _keys.c.key_id, _keys.c.public_key)
    .where(_keys.c.member.in_(bindparam("members", expanding=True)),
           _keys.c.revoked_at.is_(None))
    .order_by(_keys.c.id)
)

ADD_BALLOTS = insert(_ballots).returning(_ballots.c.id, sort_by_parameter_order=True)
ADD_LETTERS = insert(table_of(LetterRow))
ADD_RECEIPTS = insert(table_of(ReceiptRow))
ADD_LOG_ENTRIES = insert(table_of(LogEntryRow))
ADD_TREE_HEADS = insert(table_of(TreeHeadRow))
ADD_IDEMPOTENCY_KEYS = insert(table_of(IdempotencyRow))
DROP_PREPARED_LETTERS = delete(_prepared).where(
    tuple_(_prepared.c.procedure_id, _prepared.c.member).in_(bindparam("pairs", expanding=True)))

LOG_STATE = select(_log_state.c.size, _log_state.c.compact_range).where(_log_state.c.id == 1)
LOG_STATE_FOR_UPDATE = LOG_STATE.with_for_update()
SAVE_LOG_STATE = (update(_log_state).where(_log_state.c.id == 1)
                  .values(size=bindparam("size"), compact_range=bindparam("compact_range")))
