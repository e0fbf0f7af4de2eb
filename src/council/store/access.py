"""Queries for accounts, sessions, tokens, delegation keys, letters and receipts (issue 4).

A mixin of ``Repository``, kept apart so that the procedure's queries stay readable. Secrets
(session and API tokens) are stored only as SHA-256 digests: a copy of the database does not
let anyone sign in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from council.domain.errors import InvalidInput
from council.store import statements
from council.store.tables import (
    AccountRow,
    ApiTokenRow,
    BallotRow,
    DelegationKeyRow,
    DocumentRow,
    DraftRow,
    LetterRow,
    LoginFailureRow,
    PreparedLetterRow,
    ProcedureRow,
    ReceiptRow,
    SessionRow,
)


class KeyRecord(NamedTuple):
    """A delegation's registered public key, as a batch of letters reads it."""

    member: str
    key_id: str
    public_key: str


class TokenHolder(NamedTuple):
    """An API token's state and its account's, as ``token_holders`` reads them."""

    token_id: int
    revoked_at: datetime | None
    last_used_at: datetime | None
    account_id: int
    username: str
    name: str
    role: str
    member: str | None
    disabled_at: datetime | None


class AccessQueries:
    session: Session

    # -- accounts --------------------------------------------------------------------------

    def add_account(self, *, username: str, name: str, role: str, member: str | None,
                    password_hash: str, at: datetime) -> AccountRow:
        if self.account_by_username(username) is not None:
            raise InvalidInput(f"Username {username!r} is taken; choose another.")
        row = AccountRow(username=username, name=name, role=role, member=member,
                         password_hash=password_hash, created_at=at)
        self.session.add(row)
        self.session.flush()
        return row

    def account_by_username(self, username: str) -> AccountRow | None:
        return self.session.scalar(select(AccountRow).where(AccountRow.username == username))

    def account(self, account_id: int) -> AccountRow | None:
        return self.session.get(AccountRow, account_id)

    def accounts(self) -> list[AccountRow]:
        return list(self.session.scalars(select(AccountRow).order_by(AccountRow.username)))

    # -- sessions and tokens ---------------------------------------------------------------

    def add_session(self, row: SessionRow) -> None:
        self.session.add(row)
        self.session.flush()

    def session_by_hash(self, digest: str) -> SessionRow | None:
        return self.session.scalar(select(SessionRow).where(SessionRow.token_sha256 == digest))

    def add_api_token(self, row: ApiTokenRow) -> None:
        self.session.add(row)
        self.session.flush()

    def token_holders(self, digests: Iterable[str]) -> dict[str, TokenHolder]:
        """Several API tokens (by digest) with their accounts, in one query (read for every
        batch of letters)."""
        found = statements.TOKEN_HOLDERS.rows(self.session.connection(), sorted(set(digests)))
        return {row.token_sha256: TokenHolder(*row[1:]) for row in found}

    def touch_tokens(self, token_ids: Sequence[int], at: datetime) -> None:
        if token_ids:
            self.session.execute(update(ApiTokenRow).where(ApiTokenRow.id.in_(token_ids))
                                 .values(last_used_at=at))

    def api_tokens(self, account_id: int) -> list[ApiTokenRow]:
        return list(self.session.scalars(select(ApiTokenRow).where(
            ApiTokenRow.account_id == account_id).order_by(ApiTokenRow.id)))

    # -- throttling ------------------------------------------------------------------------

    def add_login_failure(self, username: str, address: str, at: datetime) -> None:
        self.session.add(LoginFailureRow(username=username[:64], address=address[:64],
                                         failed_at=at))
        self.session.flush()

    def login_failures(self, username: str, address: str, since: datetime
                       ) -> tuple[int, int, datetime | None]:
        """Failures since ``since`` for the account name and for the address, and the latest."""
        recent = LoginFailureRow.failed_at >= since
        by_name = self.session.scalar(select(func.count()).where(
            LoginFailureRow.username == username[:64], recent)) or 0
        by_address = self.session.scalar(select(func.count()).where(
            LoginFailureRow.address == address[:64], recent)) or 0
        latest = self.session.scalar(select(func.max(LoginFailureRow.failed_at)).where(
            or_(LoginFailureRow.username == username[:64],
                LoginFailureRow.address == address[:64]), recent))
        return by_name, by_address, latest

    def forget_login_failures(self, username: str, before: datetime) -> None:
        self.session.execute(delete(LoginFailureRow).where(
            or_(LoginFailureRow.username == username[:64],
                LoginFailureRow.failed_at < before)))

    # -- delegation keys -------------------------------------------------------------------

    def add_delegation_key(self, row: DelegationKeyRow) -> None:
        self.session.add(row)
        self.session.flush()

    def delegation_keys_of(self, members: Iterable[str]) -> dict[str, list[KeyRecord]]:
        """The active keys of several members, in one query."""
        wanted = sorted(set(members))
        found: dict[str, list[KeyRecord]] = {member: [] for member in wanted}
        for row in statements.DELEGATION_KEYS.rows(self.session.connection(), wanted):
            found[row.member].append(KeyRecord(row.member, row.key_id, row.public_key))
        return found

    def delegation_keys(self, member: str, active_only: bool = True) -> list[DelegationKeyRow]:
        query = select(DelegationKeyRow).where(DelegationKeyRow.member == member)
        if active_only:
            query = query.where(DelegationKeyRow.revoked_at.is_(None))
        return list(self.session.scalars(query.order_by(DelegationKeyRow.id)))

    # -- letters, receipts, prepared letters -----------------------------------------------

    def add_letter(self, row: LetterRow) -> None:
        self.session.add(row)  # written with the rest at commit (one flush)

    def add_receipt(self, row: ReceiptRow) -> None:
        self.session.add(row)

    # Letters arriving together are written together (council.receiving): one INSERT of
    # many rows per table instead of one unit-of-work object per row.

    def add_ballot_rows(self, rows: Sequence[Mapping[str, Any]]) -> list[int]:
        """Insert ballots, in one statement; their ids, in the order given (each row's id
        comes back with its procedure and member, which identify it)."""
        if not rows:
            return []
        added = statements.ADD_BALLOTS.rows(self.session.connection(), rows)
        ids = {(row.procedure_id, row.member): row.id for row in added}
        return [ids[row["procedure_id"], row["member"]] for row in rows]

    def add_letter_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            statements.ADD_LETTERS.execute_many(self.session.connection(), rows)

    def add_receipt_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            statements.ADD_RECEIPTS.execute_many(self.session.connection(), rows)

    def ballot_id(self, procedure_id: int, member: str) -> int | None:
        return self.session.scalar(select(BallotRow.id).where(
            BallotRow.procedure_id == procedure_id, BallotRow.member == member))

    def ballot(self, ballot_id: int) -> BallotRow:
        return self.session.get_one(BallotRow, ballot_id)

    def letter_of(self, ballot_id: int) -> LetterRow | None:
        return self.session.scalar(select(LetterRow).where(LetterRow.ballot_id == ballot_id))

    def receipt_of(self, ballot_id: int) -> ReceiptRow | None:
        return self.session.scalar(select(ReceiptRow).where(ReceiptRow.ballot_id == ballot_id))

    def prepared_letter(self, procedure_id: int, member: str) -> PreparedLetterRow | None:
        return self.session.scalar(select(PreparedLetterRow).where(
            PreparedLetterRow.procedure_id == procedure_id, PreparedLetterRow.member == member))

    def prepare_letter(self, procedure_id: int, member: str, position: str, account_id: int,
                       at: datetime) -> None:
        row = self.prepared_letter(procedure_id, member)
        if row is None:
            self.session.add(PreparedLetterRow(procedure_id=procedure_id, member=member,
                                               position=position, prepared_by=account_id,
                                               prepared_at=at))
        else:
            row.position, row.prepared_by, row.prepared_at = position, account_id, at
        self.session.flush()

    def drop_prepared_letter(self, procedure_id: int, member: str) -> None:
        self.drop_prepared_letters([(procedure_id, member)])

    def drop_prepared_letters(self, pairs: Iterable[tuple[int, str]]) -> None:
        """Drop the prepared letters of these (procedure, member) pairs: they were sent."""
        wanted = sorted(set(pairs))
        if wanted:
            statements.DROP_PREPARED_LETTERS.execute(self.session.connection(), wanted)

    # -- published documents ---------------------------------------------------------------

    def issued_documents(self) -> list[tuple[DocumentRow, str]]:
        """Every issued document with its draft's symbol, newest first."""
        query = (select(DocumentRow, DraftRow.symbol)
                 .join(ProcedureRow, ProcedureRow.id == DocumentRow.procedure_id)
                 .join(DraftRow, DraftRow.id == ProcedureRow.draft_id)
                 .order_by(DocumentRow.date.desc(), DocumentRow.id.desc()))
        return [(row, symbol) for row, symbol in self.session.execute(query).tuples()]
