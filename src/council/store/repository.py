"""The store: engines, migrations, transactions, and the queries the façade needs.

Each façade command runs inside one ``Store.transaction()``: it commits everything or, on any
error, nothing. On SQLite the transaction starts with ``BEGIN IMMEDIATE`` so two writers
never interleave a read and a write; on PostgreSQL the procedure row is locked with
``SELECT ... FOR UPDATE``. The database's own unique constraints back the domain's checks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from alembic.config import Config

from council.domain.ballots import Ballot, Explanation, Position, Signatory, SignatoryTitle
from council.domain.drafts import Draft, Procedure, State
from council.domain.errors import (
    ConcurrentWrite,
    CouncilError,
    DocumentNotFound,
    DraftNotFound,
    InvalidInput,
    SymbolInUse,
)
from council.domain.members import Membership
from council.domain.tally import Matter
from council.store import statements
from council.store.access import AccessQueries
from council.store.citations import CitationQueries
from council.store.corpus import CorpusQueries
from council.store.due import DueQueries
from council.store.log import LogQueries
from council.store.search import SearchQueries
from council.store.tables import (
    BallotRow,
    Base,
    ConfigRow,
    DocumentRow,
    DraftRow,
    ExplanationRow,
    ProcedureRow,
)


class StoreError(CouncilError):
    """The database cannot be reached or is not a Council store."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE itself (pysqlite would defer it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Writers take the write lock at once (no lock upgrade to fail half-way); readers begin
    # deferred and read a WAL snapshot without waiting for writers.
    reading = connection.get_execution_options().get("council_read", False)
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with Council's connection settings.

    SQLite: WAL, ``synchronous=FULL``, foreign keys on, immediate transactions; an in-memory
    URL keeps one connection so the database lives as long as the engine. PostgreSQL:
    ``synchronous_commit=on`` for every connection.
    """
    try:
        if url.startswith("sqlite"):
            in_memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
            kwargs: dict[str, Any] = {}
            if in_memory:
                kwargs = {"poolclass": StaticPool,
                          "connect_args": {"check_same_thread": False}}
            if not in_memory:
                # The web app runs up to 40 request threads; let each have a connection
                # rather than queue for one of the default five.
                kwargs = {"pool_size": 20, "max_overflow": 30}
            engine = create_engine(url, **kwargs)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        # A commit returns only once PostgreSQL has flushed it to disk (issue 5): the server's
        # default, set here so a server configured otherwise cannot lose an acknowledged letter.
        return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=20,
                             connect_args={"options": "-c synchronous_commit=on"})
    except NoSuchModuleError as exc:
        raise StoreError(
            f"Database URL {url!r} names a driver that is not installed ({exc}); for "
            "PostgreSQL use postgresql+psycopg://… after: pip install 'council[postgres]'."
        ) from exc
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"Database URL {url!r} needs the module {exc.name!r}; for PostgreSQL: "
            "pip install 'council[postgres]'."
        ) from exc
    except ArgumentError as exc:
        raise StoreError(
            f"Database URL {url!r} is not a database URL; expected for example "
            "sqlite:///council.db or postgresql+psycopg://user:pass@host/db."
        ) from exc


def alembic_config() -> Config:
    # Imported here: alembic is needed only to migrate, and importing it costs half a second
    # of every start of `council serve` and of every CLI command.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "council.store:migrations")
    return config


class Store:
    """A Council database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._initialised = False  # once seen, the schema does not go away
        self._reader = self.engine.execution_options(council_read=True)
        # SQLite lets one writer in at a time and makes the others poll with growing sleeps,
        # which starves some of them for seconds under load; queue this process's writers
        # on a lock instead (other processes still meet SQLite's own lock and busy timeout).
        self._writers: AbstractContextManager[Any] = (
            threading.Lock() if url.startswith("sqlite") else nullcontext())

    def migrate(self) -> None:
        """Create or upgrade the schema to the latest migration."""
        from alembic import command

        config = alembic_config()
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except OperationalError as exc:
            raise StoreError(f"Cannot open the database at {self.url!r}: {exc.orig}") from exc

    def is_initialised(self) -> bool:
        if self._initialised:
            return True
        try:
            self._initialised = inspect(self._reader).has_table("alembic_version")
            return self._initialised
        except OperationalError as exc:
            raise StoreError(f"Cannot open the database at {self.url!r}: {exc.orig}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """One unit of work: committed if the block returns, rolled back if it raises."""
        if not self.is_initialised():
            raise StoreError(
                f"The database at {self.url!r} has no Council schema; run: council init"
            )
        with self._writers, Session(self.engine, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield Repository(session)
            except IntegrityError as exc:
                if "uq_ballots_member" in str(exc.orig) or "ballots.member" in str(exc.orig):
                    raise ConcurrentWrite(
                        "Another letter from this member was recorded a moment earlier; a "
                        "member sends one letter and it cannot be replaced. Nothing was changed."
                    ) from exc
                if "idempotency_keys" in str(exc.orig):
                    raise ConcurrentWrite(
                        "A request with the same Idempotency-Key was recorded a moment "
                        "earlier; nothing was changed."
                    ) from exc
                raise SymbolInUse(
                    "The store refused a duplicate (another letter, symbol or number got there "
                    f"first): {exc.orig}. Nothing was changed; check the current state and "
                    "retry."
                ) from exc

    @contextmanager
    def read(self) -> Iterator[Repository]:
        """A read-only unit of work: one consistent snapshot, never waiting for writers on
        SQLite (a deferred BEGIN under WAL). Nothing written inside it is kept."""
        if not self.is_initialised():
            raise StoreError(
                f"The database at {self.url!r} has no Council schema; run: council init"
            )
        with Session(self._reader, expire_on_commit=False) as session, session.begin():
            try:
                yield Repository(session)
            finally:
                session.expunge_all()  # the rows read stay usable, detached
                session.rollback()

    def dump(self) -> list[tuple[str, tuple[Any, ...]]]:
        """Every row of every table, in a fixed order: for comparing states."""
        rows: list[tuple[str, tuple[Any, ...]]] = []
        with self.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                order = list(table.primary_key.columns)
                for row in connection.execute(select(table).order_by(*order)):
                    rows.append((table.name, tuple(row)))
        return rows

    def dispose(self) -> None:
        self.engine.dispose()


class Repository(AccessQueries, LogQueries, CorpusQueries, DueQueries, SearchQueries,
                 CitationQueries):
    """Queries and writes inside one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- config ----------------------------------------------------------------------------

    def config(self, key: str) -> str | None:
        row = self.session.get(ConfigRow, key)
        return row.value if row else None

    def set_config(self, key: str, value: str) -> None:
        row = self.session.get(ConfigRow, key)
        if row is None:
            self.session.add(ConfigRow(key=key, value=value))
        else:
            row.value = value

    # -- drafts and procedures -------------------------------------------------------------

    def draft_symbols(self) -> list[str]:
        return list(self.session.scalars(select(DraftRow.symbol).order_by(DraftRow.id)))

    def _draft_row(self, symbol: str) -> DraftRow:
        row = self.session.scalar(select(DraftRow).where(DraftRow.symbol == symbol))
        if row is None:
            known = self.draft_symbols()
            hint = f"registered drafts: {', '.join(known[-10:])}" if known else (
                "no draft is registered yet; add one with: council draft add")
            raise DraftNotFound(f"No draft {symbol!r} in the store; {hint}.")
        return row

    def add_draft(self, draft: Draft, at: datetime, period_hours: float,
                  explanation_window_hours: float) -> int:
        """Register the draft and its procedure; returns the procedure's id."""
        if self.session.scalar(select(DraftRow.id).where(DraftRow.symbol == draft.symbol)):
            raise SymbolInUse(
                f"Draft {draft.symbol} is already registered; a draft symbol is used once."
            )
        row = DraftRow(
            symbol=draft.symbol, sponsors=list(draft.sponsors), agenda_item=draft.agenda_item,
            agenda_item_translations=dict(draft.agenda_item_translations), text=draft.text,
            matter=draft.matter.value, parties_to_dispute=sorted(draft.parties_to_dispute),
            registered_at=at,
        )
        self.session.add(row)
        self.session.flush()
        procedure = ProcedureRow(
            draft_id=row.id, state=State.REGISTERED.value, period_hours=period_hours,
            explanation_window_hours=explanation_window_hours,
        )
        self.session.add(procedure)
        self.session.flush()
        return procedure.id

    def update_draft(self, draft: Draft) -> None:
        row = self._draft_row(draft.symbol)
        row.sponsors = list(draft.sponsors)
        row.agenda_item = draft.agenda_item
        row.agenda_item_translations = dict(draft.agenda_item_translations)
        row.text = draft.text
        row.matter = draft.matter.value
        row.parties_to_dispute = sorted(draft.parties_to_dispute)

    def withdraw_draft(self, symbol: str, at: datetime) -> None:
        self._draft_row(symbol).withdrawn_at = at

    def load(
        self, symbol: str, membership: Membership, lock: bool = False
    ) -> tuple[int, Procedure]:
        """The procedure on draft ``symbol`` as a domain value, with its id.

        Read with three prepared queries (store/statements.py), whatever the number of
        ballots: every batch of letters loads its procedures, and ORM objects, or even
        ``Connection.execute``, cost more than the read itself. Changes this transaction made
        through the ORM are flushed first.
        """
        self.session.flush()
        connection = self.session.connection()
        query = statements.PROCEDURE_FOR_UPDATE if lock else statements.PROCEDURE
        row = query.one_or_none(connection, {"symbol": symbol})
        if row is None:
            self._draft_row(symbol)  # says which drafts there are
            raise DraftNotFound(f"Draft {symbol} has no procedure.")  # pragma: no cover
        if row.withdrawn_at is not None:
            raise DraftNotFound(
                f"Draft {symbol} was withdrawn on {row.withdrawn_at:%Y-%m-%d}; it can no "
                "longer be put to the vote."
            )
        draft = Draft(
            symbol=row.symbol, sponsors=tuple(row.sponsors), agenda_item=row.agenda_item,
            text=row.text, matter=Matter(row.matter),
            parties_to_dispute=frozenset(row.parties_to_dispute),
            agenda_item_translations=dict(row.agenda_item_translations),
        )
        ballots = tuple(
            Ballot(
                member=b.member, position=Position(b.position), received_at=b.received_at,
                signatory=Signatory(b.signatory_name, SignatoryTitle(b.signatory_title))
                if b.signatory_name and b.signatory_title else None,
            )
            for b in statements.BALLOTS.rows(connection, {"procedure_id": row.procedure_id})
        )
        explanations = tuple(
            Explanation(e.member, e.text, e.received_at)
            for e in statements.EXPLANATIONS.rows(connection,
                                                  {"procedure_id": row.procedure_id})
        )
        procedure = Procedure(
            draft=draft,
            state=State(row.state),
            council=membership.council(row.council_year) if row.council_year else None,
            opened_at=row.opened_at,
            period_hours=row.period_hours,
            ballots=ballots,
            explanations=explanations,
            closed_at=row.closed_at,
            announced_at=row.announced_at,
            explanation_window_hours=row.explanation_window_hours,
        )
        return row.procedure_id, procedure

    def save_state(self, procedure_id: int, procedure: Procedure, outcome: str | None = None
                   ) -> None:
        row = self.session.get_one(ProcedureRow, procedure_id)
        row.state = procedure.state.value
        row.council_year = procedure.council.year if procedure.council else None
        row.opened_at = procedure.opened_at
        row.period_hours = procedure.period_hours
        row.closed_at = procedure.closed_at
        row.announced_at = procedure.announced_at
        if outcome is not None:
            row.outcome = outcome

    def add_ballot(self, procedure_id: int, ballot: Ballot) -> int:
        row = BallotRow(
            procedure_id=procedure_id, member=ballot.member, position=ballot.position.value,
            signatory_name=ballot.signatory.name if ballot.signatory else None,
            signatory_title=ballot.signatory.title.value if ballot.signatory else None,
            received_at=ballot.received_at,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def add_explanation(self, procedure_id: int, explanation: Explanation) -> None:
        self.session.add(ExplanationRow(
            procedure_id=procedure_id, member=explanation.member, text=explanation.text,
            received_at=explanation.received_at,
        ))
        self.session.flush()

    # -- documents -------------------------------------------------------------------------

    def serials(self, year: int) -> list[int]:
        return [s for s in self.session.scalars(
            select(DocumentRow.serial).where(DocumentRow.year == year)) if s is not None]

    def resolution_numbers(self) -> list[int]:
        return [n for n in self.session.scalars(select(DocumentRow.resolution_number))
                if n is not None]

    def max_resolution_number(self) -> int | None:
        return self.session.scalar(select(func.max(DocumentRow.resolution_number)))

    def add_document(self, *, kind: str, symbol: str, procedure_id: int, date_: date,
                     issued_at: datetime, original_language: str, year: int | None = None,
                     serial: int | None = None, resolution_number: int | None = None,
                     president_member: str | None = None,
                     president_name: str | None = None, akn: str | None = None,
                     tree_size: int | None = None) -> None:
        if self.session.scalar(select(DocumentRow.id).where(DocumentRow.symbol == symbol)):
            raise SymbolInUse(f"Symbol {symbol} is already issued; choose another.")
        self.session.add(DocumentRow(
            kind=kind, symbol=symbol, procedure_id=procedure_id, date=date_,
            issued_at=issued_at, original_language=original_language, year=year,
            serial=serial, resolution_number=resolution_number,
            president_member=president_member, president_name=president_name, akn=akn,
            tree_size=tree_size,
        ))
        self.session.flush()

    def documents(self, procedure_id: int) -> list[DocumentRow]:
        return list(self.session.scalars(
            select(DocumentRow).where(DocumentRow.procedure_id == procedure_id)
            .order_by(DocumentRow.id)))

    def resolution(self, number: int) -> DocumentRow:
        row = self.session.scalar(
            select(DocumentRow).where(DocumentRow.resolution_number == number))
        if row is None:
            issued = sorted(self.resolution_numbers())
            hint = (f"the store holds resolutions {', '.join(map(str, issued[-10:]))}"
                    if issued else "no resolution is adopted in this store yet")
            raise DocumentNotFound(f"No resolution {number} in the store; {hint}.")
        return row

    def document(self, symbol: str) -> DocumentRow:
        row = self.session.scalar(select(DocumentRow).where(DocumentRow.symbol == symbol))
        if row is None:
            issued = list(self.session.scalars(select(DocumentRow.symbol).order_by(
                DocumentRow.id)))
            hint = f"issued: {', '.join(issued[-10:])}" if issued else "nothing is issued yet"
            raise DocumentNotFound(f"No document {symbol!r} in the store; {hint}.")
        return row

    def draft_symbol_of(self, procedure_id: int) -> str:
        row = self.session.get_one(ProcedureRow, procedure_id)
        return self.session.get_one(DraftRow, row.draft_id).symbol


def require_positive(value: float, what: str) -> float:
    if not value > 0:
        raise InvalidInput(f"{what} {value!r} is not positive; expected a positive number.")
    return value
