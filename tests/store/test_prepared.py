"""The statements on the letters' path run on the driver's cursor (store/prepared.py): they
write and read exactly what SQLAlchemy's ``Connection.execute`` would, and a driver's error
still reaches ``Store.transaction`` as SQLAlchemy's, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import event, insert, select, text
from sqlalchemy.exc import StatementError

from council.council import Council
from council.domain.errors import ConcurrentWrite, SymbolInUse
from council.signing import generate_private_key, public_key_pem
from council.store import statements
from council.store.tables import LogEntryRow, table_of
from tests.conftest import OPENED

# Not in member order, and across two procedures, so that ids in parameter order are not
# the ids of the rows sorted by procedure and member.
MEMBERS = ("VNM", "CHN", "ZAF", "BEL", "USA", "DEU", "EST", "FRA", "GBR", "IDN", "NER", "RUS",
           "TUN", "DOM", "VCT")


def _procedures(council: Council) -> list[int]:
    ids = []
    for symbol in ("S/2020/600", "S/2020/601"):
        council.add_draft(symbol, ["France"], "The situation in Mali", "The Security Council,")
        council.open_vote(symbol, at=OPENED)
        ids.append(council.procedure_id(symbol))
    return ids


def _ballot(procedure_id: int, member: str, at: datetime = OPENED) -> dict[str, Any]:
    return {"procedure_id": procedure_id, "member": member, "position": "yes",
            "signatory_name": None, "signatory_title": None, "received_at": at}


def _log_entry(index: int, at: datetime) -> dict[str, Any]:
    return {"index": index, "kind": "letter-received", "procedure_id": None,
            "payload": "{}", "leaf_hash": "ab" * 32, "appended_at": at}


def test_ballots_added_together_get_their_ids_in_the_order_given(council: Council) -> None:
    first, second = _procedures(council)
    rows = [_ballot(procedure, member) for member in MEMBERS for procedure in (second, first)]
    with council.store.transaction() as repo:
        ids = repo.add_ballot_rows(rows)
        stored = [repo.ballot_id(row["procedure_id"], row["member"]) for row in rows]
    assert ids == stored
    assert ids == sorted(ids) and len(set(ids)) == len(rows)  # assigned in that order too


def test_a_long_list_of_ballots_is_written_in_chunks_with_ids_in_order(
        council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statements.ADD_BALLOTS, "CHUNK", 4)
    first, second = _procedures(council)
    rows = [_ballot(procedure, member) for member in MEMBERS[:5] for procedure in (second, first)]
    with council.store.transaction() as repo:
        ids = repo.add_ballot_rows(rows)
        stored = [repo.ballot_id(row["procedure_id"], row["member"]) for row in rows]
    assert ids == stored == sorted(ids)


def test_a_ballot_written_twice_is_a_concurrent_write_and_nothing_is_kept(
        council: Council) -> None:
    first, _ = _procedures(council)
    before = council.store.dump()
    with pytest.raises(ConcurrentWrite), council.store.transaction() as repo:
        repo.add_ballot_rows([_ballot(first, "FRA"), _ballot(first, "CHN"),
                              _ballot(first, "FRA")])
    assert council.store.dump() == before


def test_a_log_index_written_twice_is_refused_as_a_duplicate(council: Council) -> None:
    with pytest.raises(SymbolInUse, match="log_entries"), council.store.transaction() as repo:
        repo.add_log_rows([_log_entry(0, OPENED), _log_entry(0, OPENED)], [])


def test_times_are_stored_as_sqlalchemy_stores_them(council: Council) -> None:
    # One row through Core, one through the prepared statement: the same stored values.
    times = [OPENED, OPENED.astimezone(timezone(timedelta(hours=-5))),
             datetime(2020, 6, 28, 12, 0, 0, 1, tzinfo=UTC)]
    with council.store.transaction() as repo:
        connection = repo.session.connection()
        for i, at in enumerate(times):
            connection.execute(insert(table_of(LogEntryRow)), [_log_entry(2 * i, at)])
            repo.add_log_rows([_log_entry(2 * i + 1, at)], [])
        stored = connection.execute(text(
            'SELECT "index", appended_at FROM log_entries ORDER BY "index"')).all()
        read = list(repo.session.scalars(select(LogEntryRow.appended_at)
                                         .order_by(LogEntryRow.index)))
    assert [row[1] for row in stored[0::2]] == [row[1] for row in stored[1::2]]
    assert read == [at for at in times for _ in (1, 2)]


def test_a_value_the_store_cannot_take_is_refused_as_sqlalchemy_refuses_it(
        council: Council) -> None:
    with pytest.raises(StatementError, match="naive datetime"), \
            council.store.transaction() as repo:
        repo.add_log_rows([_log_entry(0, datetime(2020, 6, 28, 12, 0))], [])


def test_lists_of_any_length_read_and_drop_exactly_their_items(
        council: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    for family in (statements.TOKEN_HOLDERS, statements.DELEGATION_KEYS,
                   statements.DROP_PREPARED_LETTERS):
        monkeypatch.setattr(family, "CHUNK", 3)  # and longer lists in chunks
    first, second = _procedures(council)
    account = council.access.add_user("fra-staff", "a long enough password", "delegation-staff",
                                      "FRA", "Staff of France")
    tokens = [council.access.token_for("fra-staff", f"token {i}") for i in range(3)]
    representative = council.access.add_user("fra-pr", "a long enough password",
                                             "permanent-representative", "FRA", "PR of France")
    registered = [council.access.register_key(council.access.actor(representative),
                                              public_key_pem(generate_private_key().public_key()))
                  for _ in range(4)]
    digests = [hashlib.sha256(token.encode()).hexdigest() for token in tokens]
    pairs = [(procedure, member) for procedure in (first, second) for member in MEMBERS]
    with council.store.transaction() as repo:
        for procedure, member in pairs:
            repo.prepare_letter(procedure, member, "yes", account.id, OPENED)
        for size in (1, 2, 3, 5):
            wanted = [*digests, "0" * 64, "1" * 64][:size]
            found = repo.token_holders(wanted)
            assert sorted(found) == sorted(set(wanted) & set(digests))
        keys = repo.delegation_keys_of(["FRA", "CHN", "FRA", "GBR"])
        assert {member: [key.key_id for key in keys] for member, keys in keys.items()} == {
            "FRA": [key.key_id for key in registered], "CHN": [], "GBR": []}
        dropped = [pairs[0], pairs[16], pairs[3], pairs[3], *pairs[20:27]]
        repo.drop_prepared_letters(dropped)
        kept = [pair for pair in pairs if repo.prepared_letter(*pair) is not None]
    assert kept == [pair for pair in pairs if pair not in dropped]


def test_the_engines_cursor_events_see_the_prepared_statements(council: Council) -> None:
    first, _ = _procedures(council)
    seen: list[tuple[str, bool]] = []

    def before(connection: Any, cursor: Any, sql: str, parameters: Any, context: Any,
               many: bool) -> None:
        seen.append((sql.split()[0], many))

    event.listen(council.store.engine, "before_cursor_execute", before)
    try:
        with council.store.transaction() as repo:
            repo.add_ballot_rows([_ballot(first, "FRA")])
            repo.add_log_rows([_log_entry(1000, OPENED), _log_entry(1001, OPENED)], [])
    finally:
        event.remove(council.store.engine, "before_cursor_execute", before)
    assert ("INSERT", False) in seen and ("INSERT", True) in seen
