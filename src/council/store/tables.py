"""The schema, declared once; Alembic migrations in ``migrations/`` create it.

Times are stored as naive UTC and come back as aware UTC (``UTCDateTime``), the same on
SQLite and PostgreSQL. Uniqueness that the procedure relies on is enforced here as well as in
the domain: one letter per member per procedure, one symbol per document, one resolution per
number.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} reached the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[Base]) -> Table:
    """A mapped class's table, for Core statements (bulk inserts of many rows)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class ConfigRow(Base):
    """Per-database settings fixed at ``council init`` (numbering starts)."""

    __tablename__ = "config"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DraftRow(Base):
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String(32), unique=True)
    sponsors: Mapped[list[str]] = mapped_column(JSON)
    agenda_item: Mapped[str] = mapped_column(Text)
    agenda_item_translations: Mapped[dict[str, str]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    matter: Mapped[str] = mapped_column(String(16))
    parties_to_dispute: Mapped[list[str]] = mapped_column(JSON)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ProcedureRow(Base):
    __tablename__ = "procedures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), unique=True)
    state: Mapped[str] = mapped_column(String(16))
    council_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    period_hours: Mapped[float] = mapped_column(Float)
    explanation_window_hours: Mapped[float] = mapped_column(Float)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)


class BallotRow(Base):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("procedure_id", "member", name="uq_ballots_member"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    member: Mapped[str] = mapped_column(String(3))
    position: Mapped[str] = mapped_column(String(16))
    signatory_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    signatory_title: Mapped[str | None] = mapped_column(String(32), nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExplanationRow(Base):
    __tablename__ = "explanations"
    __table_args__ = (
        UniqueConstraint("procedure_id", "member", name="uq_explanations_member"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    member: Mapped[str] = mapped_column(String(3))
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DocumentRow(Base):
    """An issued document: outcome letter, details letter (S/YYYY/NNN) or resolution."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("year", "serial", name="uq_documents_serial"),
        UniqueConstraint("resolution_number", name="uq_documents_resolution_number"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    symbol: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    serial: Mapped[int | None] = mapped_column(Integer, nullable=True)
    resolution_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    date: Mapped[Any] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    original_language: Mapped[str] = mapped_column(String(2))
    president_member: Mapped[str | None] = mapped_column(String(3), nullable=True)
    president_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A resolution is kept as a structured document, in Akoma Ntoso (AKN4UN) XML (issue 3).
    akn: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Issue 5: the size of the signed tree head taken when the document was published.
    tree_size: Mapped[int | None] = mapped_column(Integer, nullable=True)


# -- issue 4: accounts, sessions, signed letters and receipts ----------------------------------


class AccountRow(Base):
    """A person who signs in: Secretariat, a delegation's PR, Chargé d'affaires or staff,
    or a registered member of the public. Passwords are kept only as argon2 hashes."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32))
    member: Mapped[str | None] = mapped_column(String(3), nullable=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SessionRow(Base):
    """A signed-in browser. Only the SHA-256 of the cookie's token is stored."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApiTokenRow(Base):
    """A bearer token for programmatic use; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    label: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LoginFailureRow(Base):
    """A failed sign-in, counted per account name and per client address for throttling."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DelegationKeyRow(Base):
    """An Ed25519 public key with which a delegation signs its letters of position."""

    __tablename__ = "delegation_keys"
    __table_args__ = (UniqueConstraint("member", "key_id", name="uq_delegation_keys_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member: Mapped[str] = mapped_column(String(3))
    key_id: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(Text)
    registered_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LetterRow(Base):
    """The letter of position behind a ballot, as its canonical JSON bytes, with the
    delegation's signature when it came signed through the API."""

    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), unique=True)
    canonical: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(Text, nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    via: Mapped[str] = mapped_column(String(8))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)


class ReceiptRow(Base):
    """The Secretariat's signed receipt of a letter (R8)."""

    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), unique=True)
    body: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(Text)
    # Issue 5: the tree head that includes the letter, and the letter's inclusion proof.
    tree_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    inclusion_proof: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)


class PreparedLetterRow(Base):
    """A letter prepared by delegation staff, waiting for the PR or Chargé to sign it."""

    __tablename__ = "prepared_letters"
    __table_args__ = (
        UniqueConstraint("procedure_id", "member", name="uq_prepared_letters_member"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    member: Mapped[str] = mapped_column(String(3))
    position: Mapped[str] = mapped_column(String(16))
    prepared_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime)


# -- issue 5: the transparency log ------------------------------------------------------------


class LogEntryRow(Base):
    """One leaf of the append-only Merkle log (RFC 6962): an event, as canonical JSON."""

    __tablename__ = "log_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    index: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"),
                                                     nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    leaf_hash: Mapped[str] = mapped_column(String(64))
    appended_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LogStateRow(Base):
    """The log's size and compact range (the roots of its perfect subtrees): one row, locked
    while a leaf is appended, so that appends are serialised on every database."""

    __tablename__ = "log_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    compact_range: Mapped[list[str]] = mapped_column(JSON)


class TreeHeadRow(Base):
    """A tree head (size, root, time) signed with the Secretariat's key."""

    __tablename__ = "tree_heads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    size: Mapped[int] = mapped_column(Integer, unique=True)
    root_hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdempotencyRow(Base):
    """An Idempotency-Key seen with a letter: a retry with it gets the original receipt."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("account_id", "key", name="uq_idempotency_keys_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    key: Mapped[str] = mapped_column(String(200))
    request_sha256: Mapped[str] = mapped_column(String(64))
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"))


# -- issue 6: the corpus of adopted resolutions and presidential statements -------------------


class CorpusDocumentRow(Base):
    """A resolution or presidential statement of the record: imported from the UN's AKN4UN
    XML, a text or the UN's metadata, or adopted through Council itself (``source``
    "council"). The document text (``akn``) and the metadata record each carry the SHA-256
    they came from, so importing the same input again changes nothing."""

    __tablename__ = "corpus_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String(64), unique=True)  # "S/RES/2531 (2020)"
    kind: Mapped[str] = mapped_column(String(32))  # resolution | presidential_statement
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    date: Mapped[Any] = mapped_column(Date, nullable=True)
    title: Mapped[str] = mapped_column(Text)
    agenda_item: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)
    adopted_by_written_procedure: Mapped[bool] = mapped_column(Boolean)
    unanimous: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # None: unknown
    meeting: Mapped[int | None] = mapped_column(Integer, nullable=True)
    draft_symbol: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome_letter: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sponsors: Mapped[list[str]] = mapped_column(JSON)  # alpha-3 codes, else as written
    source: Mapped[str] = mapped_column(Text)  # the file, "<file>:<line>" or "council"
    content_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    akn: Mapped[str | None] = mapped_column(Text, nullable=True)
    metadata_source: Mapped[str | None] = mapped_column(Text, nullable=True)
    metadata_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    metadata_record: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CorpusExpressionRow(Base):
    """A corpus document's text in a language other than English (issue 7, point 3): the
    document row is the work (FRBR) with its English expression; each other expression is
    kept here as the AKN it came in, with its SHA-256, so importing it again changes
    nothing."""

    __tablename__ = "corpus_expressions"
    __table_args__ = (
        UniqueConstraint("document_id", "language", name="uq_corpus_expressions_language"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("corpus_documents.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))  # ar | zh | fr | ru | es
    akn: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)  # the file it came from


class CorpusVoteRow(Base):
    """How one member voted on a corpus document (from the metadata's member lists, or the
    tally of Council's own procedure); ``absent`` only where the lists are consistent."""

    __tablename__ = "corpus_votes"
    __table_args__ = (UniqueConstraint("document_id", "member", name="uq_corpus_votes_member"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("corpus_documents.id"), index=True)
    member: Mapped[str] = mapped_column(String(3), index=True)  # ISO 3166 alpha-3
    position: Mapped[str] = mapped_column(String(8))  # yes | no | abstain | absent


class CorpusParagraphRow(Base):
    """One preambular paragraph, operative paragraph, point or heading, with the anchor the
    HTML renderer gives it (``preamble_3``, ``para_28_c_iii``)."""

    __tablename__ = "corpus_paragraphs"
    __table_args__ = (
        UniqueConstraint("document_id", "anchor", name="uq_corpus_paragraphs_anchor"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("corpus_documents.id"), index=True)
    anchor: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(64))  # "28 (a) (iii)", "preamble 3"
    kind: Mapped[str] = mapped_column(String(16))  # preamble | operative | point | heading
    position: Mapped[int] = mapped_column(Integer)  # order in the document, from 1
    text: Mapped[str] = mapped_column(Text)


class CorpusReferenceRow(Base):
    """A mention of another document in a corpus paragraph (``find_references``)."""

    __tablename__ = "corpus_references"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("corpus_documents.id"), index=True)
    anchor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))  # ReferenceKind's value
    target: Mapped[str] = mapped_column(String(200), index=True)  # canonical symbol
    link: Mapped[str | None] = mapped_column(Text, nullable=True)
    text: Mapped[str] = mapped_column(Text)  # the mention as written


class DueItemRow(Base):
    """One dated thing a corpus document asks (issue 6, point 4): an obligation read by
    ``council.obligations`` at one of its due dates (a recurring report has a row per date).
    ``key`` names it stably within its document (anchor, kind, action, date), so that reading
    the document again keeps each row, and its delivery mark, in place."""

    __tablename__ = "due_items"
    __table_args__ = (UniqueConstraint("document_id", "key", name="uq_due_items_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("corpus_documents.id"), index=True)
    key: Mapped[str] = mapped_column(String(255))
    paragraph: Mapped[str] = mapped_column(String(16))  # top-level operative number, "62"
    anchor: Mapped[str] = mapped_column(String(64))  # "para_62", "para_28_c_ii"
    kind: Mapped[str] = mapped_column(String(16))  # report | deadline | mandate_end
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    due: Mapped[Any] = mapped_column(Date, index=True)
    recurrence: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "P3M"
    text: Mapped[str] = mapped_column(Text)  # the clause
    delivered_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # S/2020/952
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
