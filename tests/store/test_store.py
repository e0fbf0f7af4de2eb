"""The store on SQLite and PostgreSQL: migrations, atomic commands, constraints."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from council.council import Council
from council.domain.drafts import State
from council.domain.errors import (
    DraftLocked,
    DuplicateBallot,
    SymbolInUse,
    VotingClosed,
)
from council.store.repository import Store, StoreError
from council.store.search import outside_the_tables
from council.store.tables import Base
from tests.conftest import OPENED


def _open_draft(council: Council, symbol: str = "S/2020/600") -> None:
    council.add_draft(symbol, ["France"], "The situation in Mali", "The Security Council,")
    council.open_vote(symbol, at=OPENED)


def test_migrations_create_exactly_the_declared_schema(council: Council) -> None:
    with council.store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(
            connection, opts={"include_object": outside_the_tables}), Base.metadata)
    assert diff == []


def test_sqlite_store_uses_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    with store.engine.connect() as connection:
        pragmas = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "synchronous", "foreign_keys")}
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}


def test_a_refused_letter_leaves_the_database_as_it_was(council: Council) -> None:
    _open_draft(council)
    council.cast_vote("S/2020/600", "France", "yes", at=OPENED + timedelta(hours=1))
    before = council.store.dump()
    with pytest.raises(DuplicateBallot):
        council.cast_vote("S/2020/600", "FRA", "no", at=OPENED + timedelta(hours=2))
    with pytest.raises(VotingClosed):
        council.cast_vote("S/2020/600", "China", "yes", at=OPENED + timedelta(hours=25))
    assert council.store.dump() == before


def test_announcing_numbers_documents_and_continues_the_series(council: Council) -> None:
    _open_draft(council)
    for member in council.members(2020).members:
        council.cast_vote("S/2020/600", member.code, "yes", at=OPENED + timedelta(hours=1))
    council.close_vote("S/2020/600", at=OPENED + timedelta(hours=24))
    first = council.announce("S/2020/600", at=OPENED + timedelta(hours=25),
                             letter_symbol="S/2020/613", resolution_number=2531,
                             letter_date=date(2020, 6, 29))
    assert (first.letter_symbol, str(first.resolution)) == ("S/2020/613", "2531 (2020)")
    assert council.procedure("S/2020/600").state is State.ANNOUNCED
    # The next draft takes the next numbers without being told.
    council.add_draft("S/2020/640", ["Germany"], "The situation in Libya")
    council.open_vote("S/2020/640", at=OPENED + timedelta(days=2))
    for member in council.members(2020).members:
        council.cast_vote("S/2020/640", member.code, "yes", at=OPENED + timedelta(days=2, hours=1))
    council.close_vote("S/2020/640", at=OPENED + timedelta(days=3))
    second = council.announce("S/2020/640", at=OPENED + timedelta(days=3, hours=1),
                              letter_date=date(2020, 7, 1))
    assert (second.letter_symbol, str(second.resolution)) == ("S/2020/614", "2532 (2020)")
    details = council.issue_details_letter("S/2020/600", at=OPENED + timedelta(days=4))
    assert details == "S/2020/615"


def test_a_used_symbol_or_resolution_number_is_refused_and_nothing_changes(
        council: Council) -> None:
    _open_draft(council)
    for member in council.members(2020).members:
        council.cast_vote("S/2020/600", member.code, "yes", at=OPENED + timedelta(hours=1))
    council.close_vote("S/2020/600", at=OPENED + timedelta(hours=24))
    council.announce("S/2020/600", at=OPENED + timedelta(hours=25), letter_symbol="S/2020/613",
                     resolution_number=2531, letter_date=date(2020, 6, 29))
    council.add_draft("S/2020/641", ["Germany"], "The situation in Libya")
    council.open_vote("S/2020/641", at=OPENED + timedelta(days=2))
    for member in council.members(2020).members:
        council.cast_vote("S/2020/641", member.code, "yes", at=OPENED + timedelta(days=2, hours=1))
    council.close_vote("S/2020/641", at=OPENED + timedelta(days=3))
    before = council.store.dump()
    with pytest.raises(SymbolInUse, match="S/2020/613"):
        council.announce("S/2020/641", at=OPENED + timedelta(days=3), letter_symbol="S/2020/613",
                         letter_date=date(2020, 7, 1))
    with pytest.raises(SymbolInUse, match="2531"):
        council.announce("S/2020/641", at=OPENED + timedelta(days=3), resolution_number=2531,
                         letter_date=date(2020, 7, 1))
    assert council.store.dump() == before


def test_the_draft_is_locked_once_voting_starts(council: Council) -> None:
    _open_draft(council)
    before = council.store.dump()
    with pytest.raises(DraftLocked, match="R3"):
        council.withdraw_draft("S/2020/600")
    with pytest.raises(DraftLocked):
        council.edit_draft("S/2020/600", text="Changed")
    assert council.store.dump() == before


def test_numbering_starts_where_init_says(council: Council) -> None:
    council.init(resolution_start=2700, serial_start=900)
    _open_draft(council)
    for member in council.members(2020).members:
        council.cast_vote("S/2020/600", member.code, "yes", at=OPENED + timedelta(hours=1))
    council.close_vote("S/2020/600", at=OPENED + timedelta(hours=24))
    announced = council.announce("S/2020/600", at=OPENED + timedelta(hours=25),
                                 president="Nicolas de Rivière")
    assert (announced.letter_symbol, str(announced.resolution)) == ("S/2020/900", "2700 (2020)")


def test_an_uninitialised_database_says_to_run_init(tmp_path: Path) -> None:
    settings_url = f"sqlite:///{tmp_path / 'empty.db'}"
    council = Council(store=Store(settings_url))
    with pytest.raises(StoreError, match="council init"):
        council.drafts()


def test_a_database_url_without_its_driver_names_the_install_command() -> None:
    with pytest.raises(StoreError, match="pip install"):
        Store("mysql+nosuchdriver://x/y")


def test_sqlite_file_is_a_real_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'real.db'}"
    Council(store=Store(url)).init()
    tables = {row[0] for row in sqlite3.connect(tmp_path / "real.db").execute(
        "select name from sqlite_master where type='table'")}
    assert {"drafts", "procedures", "ballots", "explanations", "documents"} <= tables


