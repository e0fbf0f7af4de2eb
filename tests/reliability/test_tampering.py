"""Tampering with the stored data is caught by ``council verify`` (issue 5).

One realistic store is built per module on SQLite: five procedures (one adopted with fifteen
letters and explanations of vote, one vetoed, one failed with absent members, one still in
voting, one only registered), with letters recorded by the Secretariat (``cast_vote``) and
letters signed by delegations with their registered Ed25519 keys (``send_signed_letter``).
Each mutation copies that file, changes it with raw SQL (``sqlite3``, as an attacker with the
database file would) and runs the real checker; the table of mutations names, for each one,
a fragment of the message that must name what is wrong. A few run through the CLI
(``council verify --database-url``), and a smaller set runs on PostgreSQL.

The known limit: by default the Secretariat's private key is kept in the database, so whoever
holds the file can re-sign what they change. ``council verify --public-key`` with a copy of the
public key kept apart refuses such a database; ``test_a_re_keyed_database_...`` shows it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from council.cli import main
from council.council import Council
from council.domain.merkle import CompactRange, inclusion_proof, leaf_hash, tree_root
from council.settings import load_settings
from council.signing import (
    LETTER_KIND,
    b64encode,
    canonical_json,
    format_time,
    key_id,
    load_private_key,
    private_key_pem,
    public_key_pem,
    sha256_hex,
    sign_letter,
)
from council.store.repository import Store
from council.verify import check_evidence, load_evidence
from tests.factories import DRAFT_TEXT

PASSWORD = "correct horse battery"
MEMBERS = ("BEL", "CHN", "DOM", "EST", "FRA", "DEU", "IDN", "NER", "RUS", "VCT", "ZAF", "TUN",
           "GBR", "USA", "VNM")
SIGNING = ("CHN", "FRA", "GBR", "RUS", "USA")  # send letters signed with their own keys

ADOPTED, VETOED, FAILED, VOTING, REGISTERED = 1, 2, 3, 4, 5
FAILED_POSITIONS = {"CHN": "yes", "RUS": "yes", "ZAF": "yes", "VNM": "yes", "BEL": "no",
                    "DOM": "no", "EST": "no", "FRA": "no", "GBR": "no", "IDN": "abstain",
                    "NER": "abstain"}  # DEU, TUN, USA and VCT are absent
VOTING_POSITIONS = {"BEL": "yes", "FRA": "yes", "NER": "abstain", "USA": "no"}
EXPLAINED = {ADOPTED: ("FRA", "ZAF"), VETOED: ("CHN", "RUS")}


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2020, month, day, hour, minute, tzinfo=UTC)


# -- building the store ------------------------------------------------------------------------


class Delegations:
    """The five delegations that sign their own letters, with their keys."""

    def __init__(self, council: Council) -> None:
        council.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        self.keys: dict[str, Ed25519PrivateKey] = {}
        self.accounts: dict[str, int] = {}
        for member in SIGNING:
            account = council.access.add_user(f"{member.lower()}-pr", PASSWORD,
                                              "permanent-representative", member,
                                              f"Representative of {member}", at=utc(6, 1))
            key = Ed25519PrivateKey.generate()
            council.access.register_key(council.access.actor(account, utc(6, 1)),
                                        public_key_pem(key.public_key()), at=utc(6, 1))
            self.keys[member] = key
            self.accounts[member] = account.id

    def send(self, council: Council, symbol: str, procedure: int, member: str, position: str,
             at: datetime) -> None:
        letter = {"kind": LETTER_KIND, "procedure": procedure, "draft": symbol,
                  "member": member, "position": position,
                  "signatory": {"name": f"Representative of {member}",
                                "title": "permanent-representative"},
                  "sent_at": format_time(at - timedelta(seconds=30))}
        council.send_signed_letter(symbol, sign_letter(letter, self.keys[member]), at=at,
                                   account_id=self.accounts[member], member=member)


def vote(council: Council, delegations: Delegations, symbol: str, procedure: int,
         positions: dict[str, str], opened: datetime) -> None:
    for i, (member, position) in enumerate(positions.items()):
        at = opened + timedelta(hours=1, minutes=7 * i, seconds=i)
        if member in SIGNING:
            delegations.send(council, symbol, procedure, member, position, at)
        else:
            council.cast_vote(symbol, member, position, f"Representative of {member}", at=at)


def populate(council: Council) -> None:
    """The five procedures of the module's store (times in June and July 2020)."""
    council.init(resolution_start=2531, serial_start=613)
    delegations = Delegations(council)
    mali, middle_east = "The situation in Mali", "The situation in the Middle East"
    council.add_draft("S/2020/600", ["France"], mali, DRAFT_TEXT, at=utc(6, 26, 9))
    council.add_draft("S/2020/654", ["Belgium", "Germany"], middle_east,
                      DRAFT_TEXT.replace("Mali", "Syria"), at=utc(6, 26, 10))
    council.add_draft("S/2020/658", ["Russian Federation"], middle_east,
                      DRAFT_TEXT.replace("Mali", "the Syrian Arab Republic"), at=utc(6, 26, 11))
    council.add_draft("S/2020/700", ["Niger"], mali, DRAFT_TEXT.replace("2021", "2022"),
                      at=utc(6, 26, 12))
    council.add_draft("S/2020/701", ["Tunisia"], mali, "Draft text to come.", at=utc(6, 26, 13))

    finished = (("S/2020/600", ADOPTED, dict.fromkeys(MEMBERS, "yes"), utc(6, 27, 12)),
                ("S/2020/654", VETOED, {**dict.fromkeys(MEMBERS, "yes"), "CHN": "no",
                                        "RUS": "no"}, utc(6, 28, 14)),
                ("S/2020/658", FAILED, FAILED_POSITIONS, utc(6, 29, 16)))
    for symbol, procedure, positions, opened in finished:
        council.open_vote(symbol, at=opened, period_hours=24)
        vote(council, delegations, symbol, procedure, positions, opened)
        closes = opened + timedelta(hours=24)
        council.close_vote(symbol, at=closes)
        for i, member in enumerate(EXPLAINED.get(procedure, ())):
            council.explain_vote(symbol, member, f"{member} explains its vote on {symbol}.",
                                 at=closes + timedelta(hours=1, minutes=i))
        council.announce(symbol, at=closes + timedelta(hours=3))
    council.edit_draft("S/2020/701", text="The Security Council,\n\n1. Decides to remain "
                                          "actively seized of the matter.")
    opened = utc(6, 30, 18)
    council.open_vote("S/2020/700", at=opened, period_hours=24)
    vote(council, delegations, "S/2020/700", VOTING, VOTING_POSITIONS, opened)


NOW = utc(7, 1, 9)  # the Council's clock while the store is built


def open_council(url: str, now: datetime = NOW) -> Council:
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None)
    return Council(settings, Store(url), clock=lambda: now)


def build_store(path: Path) -> None:
    council = open_council(f"sqlite:///{path}")
    try:
        populate(council)
    finally:
        council.store.dispose()


# -- raw SQL, as an attacker holding the file would write it ------------------------------------

Change = Callable[[sqlite3.Connection], None]


def ballot(db: sqlite3.Connection, procedure: int, member: str) -> int:
    row = db.execute("SELECT id FROM ballots WHERE procedure_id = ? AND member = ?",
                     (procedure, member)).fetchone()
    assert row is not None, (procedure, member)
    return int(row[0])


def entries(db: sqlite3.Connection) -> list[tuple[int, str, dict[str, Any]]]:
    return [(i, kind, json.loads(payload)) for i, kind, payload in db.execute(
        'SELECT "index", kind, payload FROM log_entries ORDER BY "index"')]


def entry_of(db: sqlite3.Connection, procedure: int, kind: str, member: str | None = None
             ) -> int:
    return next(i for i, k, content in entries(db) if k == kind
                and content.get("procedure") == procedure
                and (member is None or content.get("member") == member))


def fix_log_state(db: sqlite3.Connection) -> None:
    """Recompute the log's size and compact range from the entries left (no key needed)."""
    compact = CompactRange()
    for (leaf,) in db.execute('SELECT leaf_hash FROM log_entries ORDER BY "index"'):
        compact, _ = compact.append(bytes.fromhex(leaf))
    db.execute("UPDATE log_state SET size = ?, compact_range = ? WHERE id = 1",
               (compact.size, json.dumps(compact.to_json())))


def rewrite_entry(db: sqlite3.Connection, index: int, rehash: bool, **fields: Any) -> None:
    (payload,) = db.execute('SELECT payload FROM log_entries WHERE "index" = ?',
                            (index,)).fetchone()
    content = {**json.loads(payload), **fields}
    changed = canonical_json(content)
    if rehash:
        db.execute('UPDATE log_entries SET payload = ?, leaf_hash = ? WHERE "index" = ?',
                   (changed.decode(), leaf_hash(changed).hex(), index))
    else:
        db.execute('UPDATE log_entries SET payload = ? WHERE "index" = ?',
                   (changed.decode(), index))


def shift(value: str, **delta: float) -> str:
    """A stored (naive UTC) time moved by ``delta``."""
    moved = datetime.fromisoformat(value) + timedelta(**delta)
    return moved.isoformat(sep=" ")


def move_time(table: str, column: str, where: str, args: tuple[Any, ...], **delta: float
              ) -> Change:
    def change(db: sqlite3.Connection) -> None:
        (value,) = db.execute(f"SELECT {column} FROM {table} WHERE {where}", args).fetchone()
        db.execute(f"UPDATE {table} SET {column} = ? WHERE {where}",
                   (shift(value, **delta), *args))
    return change


def sql(statement: str, *args: Any) -> Change:
    def change(db: sqlite3.Connection) -> None:
        db.execute(statement, args)
    return change


def on_ballot(statement: str, procedure: int, member: str, *args: Any) -> Change:
    """``statement`` with ``:ballot`` bound to the ballot of ``member``."""
    def change(db: sqlite3.Connection) -> None:
        db.execute(statement, {"ballot": ballot(db, procedure, member),
                               **{f"a{i}": a for i, a in enumerate(args)}})
    return change


def flip_hex(value: str) -> str:
    return ("0" if value[0] != "0" else "1") + value[1:]


@dataclass(frozen=True)
class Mutation:
    """One change to the stored data, and a fragment of the message that must name it."""

    name: str
    change: Change
    expected: str


def where(procedure: int) -> str:
    return f"Procedure {procedure} ("


# -- the table of mutations -----------------------------------------------------------------


def position_changes() -> list[Mutation]:
    chosen = [(ADOPTED, m) for m in MEMBERS] + [
        (VETOED, "CHN"), (VETOED, "FRA"), (FAILED, "BEL"), (FAILED, "RUS"), (VOTING, "USA"),
        (VOTING, "NER")]
    flip = {"yes": "no", "no": "abstain", "abstain": "yes"}
    mutations = []
    for procedure, member in chosen:
        def change(db: sqlite3.Connection, procedure: int = procedure, member: str = member
                   ) -> None:
            b = ballot(db, procedure, member)
            (position,) = db.execute("SELECT position FROM ballots WHERE id = ?",
                                     (b,)).fetchone()
            db.execute("UPDATE ballots SET position = ? WHERE id = ?", (flip[position], b))
        mutations.append(Mutation(f"position-changed-{procedure}-{member}", change,
                                  f"the letter from {member}: stored as"))
    return mutations


def deleted_letters() -> list[Mutation]:
    mutations = []
    for procedure, member in ((ADOPTED, "DEU"), (VETOED, "RUS"), (FAILED, "NER"),
                              (VOTING, "FRA")):
        def everything(db: sqlite3.Connection, procedure: int = procedure,
                       member: str = member) -> None:
            b = ballot(db, procedure, member)
            for table in ("letters", "receipts", "idempotency_keys"):
                db.execute(f"DELETE FROM {table} WHERE ballot_id = ?", (b,))
            db.execute("DELETE FROM ballots WHERE id = ?", (b,))

        def with_log(db: sqlite3.Connection, procedure: int = procedure,
                     member: str = member) -> None:
            everything(db, procedure, member)
            for kind in ("letter-received", "receipt-issued"):
                db.execute('DELETE FROM log_entries WHERE "index" = ?',
                           (entry_of(db, procedure, kind, member),))

        mutations += [
            Mutation(f"letter-deleted-{procedure}-{member}", everything,
                     f"log records a letter from {member} that is not in the store"),
            Mutation(f"letter-deleted-with-its-log-entries-{procedure}-{member}", with_log,
                     "entries were deleted"),
            Mutation(f"ballot-deleted-keeping-letter-and-receipt-{procedure}-{member}",
                     on_ballot("DELETE FROM ballots WHERE id = :ballot", procedure, member),
                     "which does not exist (a letter was deleted)"),
            Mutation(f"letter-document-deleted-{procedure}-{member}",
                     on_ballot("DELETE FROM letters WHERE ballot_id = :ballot", procedure,
                               member),
                     f"the letter from {member} has no stored letter document"),
            Mutation(f"receipt-deleted-{procedure}-{member}",
                     on_ballot("DELETE FROM receipts WHERE ballot_id = :ballot", procedure,
                               member),
                     f"the letter from {member} has no receipt"),
        ]
    return mutations


def copy_letter(db: sqlite3.Connection, procedure: int, source: str, member: str) -> None:
    """A ballot, letter and receipt for ``member``, copied from ``source``'s."""
    b = ballot(db, procedure, source)
    db.execute("INSERT INTO ballots (procedure_id, member, position, signatory_name, "
               "signatory_title, received_at) SELECT procedure_id, ?, position, "
               "signatory_name, signatory_title, received_at FROM ballots WHERE id = ?",
               (member, b))
    new = db.execute("SELECT max(id) FROM ballots").fetchone()[0]
    db.execute("INSERT INTO letters (ballot_id, canonical, sha256, signature, key_id, via, "
               "account_id) SELECT ?, canonical, sha256, signature, key_id, via, account_id "
               "FROM letters WHERE ballot_id = ?", (new, b))
    db.execute("INSERT INTO receipts (ballot_id, body, signature, tree_size, inclusion_proof) "
               "SELECT ?, body, signature, tree_size, inclusion_proof FROM receipts "
               "WHERE ballot_id = ?", (new, b))


def inserted_letters() -> list[Mutation]:
    chosen = [(FAILED, "DEU", "FRA"), (FAILED, "TUN", "IDN"), (FAILED, "USA", "GBR"),
              (FAILED, "VCT", "ZAF"), (VOTING, "CHN", "BEL"), (VOTING, "RUS", "USA"),
              (VOTING, "GBR", "FRA")]
    mutations = [Mutation(f"letter-inserted-{procedure}-{member}-from-{source}",
                          lambda db, p=procedure, s=source, m=member: copy_letter(db, p, s, m),
                          f"the letter from {member} is stored but the log never recorded it")
                 for procedure, member, source in chosen]

    def into_registered(db: sqlite3.Connection) -> None:
        copy_letter(db, VOTING, "BEL", "TUN")
        db.execute("UPDATE ballots SET procedure_id = ? WHERE id = (SELECT max(id) FROM "
                   "ballots)", (REGISTERED,))
    mutations.append(Mutation("letter-inserted-into-a-registered-draft", into_registered,
                              "letters stored for a draft never put to the vote"))
    return mutations


def moved_times() -> list[Mutation]:
    mutations = []
    for procedure, member in ((ADOPTED, "BEL"), (ADOPTED, "FRA"), (VETOED, "CHN"),
                              (FAILED, "VNM"), (VOTING, "USA")):
        mutations += [
            Mutation(f"received-at-moved-a-second-{procedure}-{member}",
                     on_ballot("UPDATE ballots SET received_at = datetime(received_at, "
                               "'-1 second') WHERE id = :ballot", procedure, member),
                     f"the letter from {member}: stored as"),
            Mutation(f"received-at-moved-after-the-period-{procedure}-{member}",
                     on_ballot("UPDATE ballots SET received_at = datetime(received_at, "
                               "'+2 days') WHERE id = :ballot", procedure, member),
                     "outside the voting period"),
        ]
    for procedure in (ADOPTED, VETOED, FAILED, VOTING):
        mutations += [
            Mutation(f"opened-at-moved-{procedure}",
                     move_time("procedures", "opened_at", "id = ?", (procedure,), hours=-1),
                     "the opening time or voting period stored"),
            Mutation(f"period-lengthened-{procedure}",
                     sql("UPDATE procedures SET period_hours = 48 WHERE id = ?", procedure),
                     "the opening time or voting period stored"),
        ]
    for procedure in (ADOPTED, VETOED, FAILED):
        mutations += [
            Mutation(f"closed-at-moved-{procedure}",
                     move_time("procedures", "closed_at", "id = ?", (procedure,), hours=-2),
                     "the closing time stored"),
            Mutation(f"outcome-letter-date-changed-{procedure}",
                     sql("UPDATE documents SET date = '2020-07-15' WHERE procedure_id = ? "
                         "AND kind = 'outcome_letter'", procedure),
                     "(outcome or date)"),
        ]
    mutations.append(Mutation("announced-at-moved",
                              move_time("procedures", "announced_at", "id = ?", (VETOED,),
                                        hours=5),
                              "the announcement time stored"))
    for procedure, members in EXPLAINED.items():
        for member in members:
            mutations.append(Mutation(
                f"explanation-received-at-moved-{procedure}-{member}",
                move_time("explanations", "received_at", "procedure_id = ? AND member = ?",
                          (procedure, member), minutes=5),
                f"the explanation of vote from {member} differs"))
    return mutations


EARLY = "2020-01-01T00:00:00.000Z"
LOG_SIZE = 114  # entries in the module's store (checked by test_the_store_is_as_built)
SIGNED_SIZES = (8, 10, 36, 42, 45, 78, 104, 108, 114)  # a sample of its signed tree heads


def first_head_after(index: int) -> int:
    return min(s for s in (*range(8, 37, 2), 42, *range(45, 74, 2), 78, *range(81, 102, 2),
                           104, 108, 110, 112, 114) if s > index)


def log_mutations() -> list[Mutation]:
    mutations = []
    for index in range(0, LOG_SIZE, 6):
        mutations.append(Mutation(f"log-entry-payload-altered-{index}",
                                  lambda db, i=index: rewrite_entry(db, i, False, at=EARLY),
                                  f"Log entry {index} ("))
    for index in range(3, LOG_SIZE, 11):
        mutations.append(Mutation(f"log-entry-hash-altered-{index}",
                                  sql('UPDATE log_entries SET leaf_hash = ? WHERE "index" = ?',
                                      sha256_hex(b"forged"), index),
                                  f"Log entry {index} ("))
    for index in (0, 6, 40, 77, 103):
        # Re-hashed too: the entry is self-consistent, but no longer the one signed.
        mutations.append(Mutation(f"log-entry-rewritten-and-rehashed-{index}",
                                  lambda db, i=index: rewrite_entry(db, i, True, at=EARLY),
                                  f"tree head of size {first_head_after(index)} does not match"))
    mutations.append(Mutation(
        "log-entry-rewritten-rehashed-and-log-state-fixed-unsigned-tail",
        lambda db: (rewrite_entry(db, LOG_SIZE - 1, True, member="TUN"), fix_log_state(db)),
        "the letter from USA: the log never recorded its receipt as issued"))
    mutations.append(Mutation("log-entry-payload-not-json",
                              sql('UPDATE log_entries SET payload = ? WHERE "index" = 20',
                                  "{not json"),
                              "Log entry 20: its content is not JSON"))
    mutations.append(Mutation("log-entry-kind-changed",
                              sql('UPDATE log_entries SET kind = ? WHERE "index" = 21',
                                  "tally"),
                              "Log entry 21: kind 'tally'"))
    mutations.append(Mutation("log-entry-moved-to-another-procedure",
                              sql('UPDATE log_entries SET procedure_id = 2 WHERE "index" = 22'),
                              "Log entry 22: filed under procedure 2"))
    for k in (1, 2, 7, 40):
        mutations.append(Mutation(
            f"log-truncated-last-{k}",
            sql('DELETE FROM log_entries WHERE "index" >= ?', LOG_SIZE - k),
            f"The log's state says {LOG_SIZE} entries"))
    for k, expected in ((1, "the letter from USA: the log never recorded its receipt"),
                        (2, "tree head of size 114 covers more entries"),
                        (11, "tree head of size 104 covers more entries"),
                        (40, "the log was truncated")):
        mutations.append(Mutation(
            f"log-truncated-last-{k}-and-log-state-fixed",
            lambda db, k=k: (db.execute('DELETE FROM log_entries WHERE "index" >= ?',
                                        (LOG_SIZE - k,)), fix_log_state(db)),
            expected))
    mutations.append(Mutation(
        "log-truncated-with-the-tree-heads-it-covered-and-log-state-fixed",
        lambda db: (db.execute('DELETE FROM log_entries WHERE "index" >= 100'),
                    db.execute("DELETE FROM tree_heads WHERE size > 100"), fix_log_state(db)),
        "Procedure 3 (S/2020/658): the vote is closed but the log has no tally"))

    def appended(db: sqlite3.Connection, fix: bool) -> None:
        content = {"at": "2020-06-30T20:00:00.000Z", "draft": "S/2020/700",
                   "event": "letter-received", "letter_sha256": sha256_hex(b"letter"),
                   "member": "TUN", "position": "yes", "procedure": VOTING}
        payload = canonical_json(content)
        db.execute('INSERT INTO log_entries ("index", kind, procedure_id, payload, leaf_hash, '
                   "appended_at) VALUES (?, 'letter-received', ?, ?, ?, '2020-06-30 20:00:00')",
                   (LOG_SIZE, VOTING, payload.decode(), leaf_hash(payload).hex()))
        if fix:
            fix_log_state(db)
    mutations += [
        Mutation("log-entry-appended", lambda db: appended(db, False),
                 f"The log's state says {LOG_SIZE} entries but {LOG_SIZE + 1}"),
        Mutation("log-entry-appended-and-log-state-fixed", lambda db: appended(db, True),
                 "log records a letter from TUN that is not in the store"),
    ]

    def inserted_in_the_middle(db: sqlite3.Connection) -> None:
        db.execute('UPDATE log_entries SET "index" = -"index" - 1 WHERE "index" >= 50')
        db.execute('UPDATE log_entries SET "index" = -"index" WHERE "index" < 0')
        db.execute('INSERT INTO log_entries ("index", kind, procedure_id, payload, leaf_hash, '
                   "appended_at) SELECT 50, kind, procedure_id, payload, leaf_hash, appended_at "
                   'FROM log_entries WHERE "index" = 49')
        fix_log_state(db)
    mutations.append(Mutation("log-entry-duplicated-in-the-middle-and-log-state-fixed",
                              inserted_in_the_middle, "tree head of size 51 does not match"))
    return mutations


def swap(db: sqlite3.Connection, table: str, column: str, key: str, a: Any, b: Any) -> None:
    (va,) = db.execute(f"SELECT {column} FROM {table} WHERE {key} = ?", (a,)).fetchone()
    (vb,) = db.execute(f"SELECT {column} FROM {table} WHERE {key} = ?", (b,)).fetchone()
    db.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (vb, a))
    db.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (va, b))


def signature_mutations() -> list[Mutation]:
    mutations = []
    for (pa, ma), (pb, mb) in (((ADOPTED, "BEL"), (ADOPTED, "CHN")),
                               ((ADOPTED, "USA"), (VETOED, "USA")),
                               ((FAILED, "DOM"), (VOTING, "NER")),
                               ((VETOED, "ZAF"), (FAILED, "ZAF"))):
        mutations.append(Mutation(
            f"receipt-signatures-swapped-{pa}-{ma}-{pb}-{mb}",
            lambda db, a=(pa, ma), b=(pb, mb): swap(db, "receipts", "signature", "ballot_id",
                                                    ballot(db, *a), ballot(db, *b)),
            f"the letter from {ma}: its receipt does not verify"))
    for a, b in ((8, 10), (42, 78), (104, 114), (36, 112)):
        mutations.append(Mutation(
            f"tree-head-signatures-swapped-{a}-{b}",
            lambda db, a=a, b=b: swap(db, "tree_heads", "signature", "size", a, b),
            f"The tree head of size {a}: its signature does not verify"))
    for (pa, ma), (pb, mb) in (((ADOPTED, "FRA"), (VETOED, "FRA")),
                               ((ADOPTED, "CHN"), (ADOPTED, "RUS")),
                               ((FAILED, "GBR"), (VOTING, "USA"))):
        mutations.append(Mutation(
            f"letter-signatures-swapped-{pa}-{ma}-{pb}-{mb}",
            lambda db, a=(pa, ma), b=(pb, mb): swap(db, "letters", "signature", "ballot_id",
                                                    ballot(db, *a), ballot(db, *b)),
            f"the letter from {ma}: the delegation's signature does not verify"))
    mutations.append(Mutation(
        "letter-signature-removed-still-verified-as-recorded",
        on_ballot("UPDATE letters SET signature = 'AAAA' WHERE ballot_id = :ballot", ADOPTED,
                  "GBR"),
        "the letter from GBR: the delegation's signature does not verify"))
    return mutations


def resign_head(db: sqlite3.Connection, signed_size: int, **fields: Any) -> None:
    """Rewrite a tree head and sign it again with the key the database holds."""
    (pem,) = db.execute("SELECT value FROM config WHERE key = 'secretariat_key'").fetchone()
    (body,) = db.execute("SELECT body FROM tree_heads WHERE size = ?",
                         (signed_size,)).fetchone()
    changed = {**json.loads(body), **fields}
    signature = b64encode(load_private_key(pem).sign(canonical_json(changed)))
    db.execute("UPDATE tree_heads SET body = ?, signature = ?, root_hash = ?, size = ? "
               "WHERE size = ?", (canonical_json(changed).decode(), signature,
                                  changed["root_hash"], changed["size"], signed_size))


def tree_head_mutations() -> list[Mutation]:
    mutations = []
    for size in SIGNED_SIZES:
        def root_changed(db: sqlite3.Connection, size: int = size) -> None:
            (body,) = db.execute("SELECT body FROM tree_heads WHERE size = ?",
                                 (size,)).fetchone()
            content = json.loads(body)
            content["root_hash"] = flip_hex(content["root_hash"])
            db.execute("UPDATE tree_heads SET body = ?, root_hash = ? WHERE size = ?",
                       (canonical_json(content).decode(), content["root_hash"], size))
        mutations.append(Mutation(f"tree-head-root-rewritten-{size}", root_changed,
                                  f"The tree head of size {size}: its signature does not "
                                  "verify"))
    for size in (10, 78, 114):
        mutations += [
            Mutation(f"tree-head-root-rewritten-and-re-signed-with-the-stored-key-{size}",
                     lambda db, s=size: resign_head(
                         db, s, root_hash=sha256_hex(b"another log")),
                     f"tree head of size {size} does not match"),
            Mutation(f"tree-head-size-changed-in-its-signed-body-{size}",
                     lambda db, s=size: db.execute(
                         "UPDATE tree_heads SET body = replace(body, ?, ?) WHERE size = ?",
                         (f'"size":{s}', f'"size":{s + 1000}', s)),
                     f"The tree head of size {size + 1000}: its signature does not verify"),
            Mutation(f"tree-head-size-column-changed-{size}",
                     sql("UPDATE tree_heads SET size = size + 1000 WHERE size = ?", size),
                     f"The tree head of size {size}: the stored size/root columns differ"),
            Mutation(f"tree-head-deleted-{size}",
                     sql("DELETE FROM tree_heads WHERE size = ?", size),
                     "has no signed tree head from its publication" if size == 78 else
                     f"cites a tree head of size {size} that is not signed"),
        ]
    mutations.append(Mutation(
        "tree-head-grown-and-re-signed-with-the-stored-key",
        lambda db: resign_head(db, 114, size=500, root_hash=sha256_hex(b"x")),
        "tree head of size 500 covers more entries than the log holds"))
    return mutations



def record_mutations() -> list[Mutation]:
    """Outcomes, documents, explanations, keys, drafts, letters and receipts."""
    mutations = [
        Mutation("outcome-changed-adopted-to-failed",
                 sql("UPDATE procedures SET outcome = 'failed' WHERE id = ?", ADOPTED),
                 "the stored outcome is 'failed'; recounting"),
        Mutation("outcome-changed-vetoed-to-adopted",
                 sql("UPDATE procedures SET outcome = 'adopted' WHERE id = ?", VETOED),
                 "the stored outcome is 'adopted'; recounting"),
        Mutation("outcome-changed-failed-to-vetoed",
                 sql("UPDATE procedures SET outcome = 'vetoed' WHERE id = ?", FAILED),
                 "the stored outcome is 'vetoed'; recounting"),
        Mutation("resolution-akn-changed",
                 sql("UPDATE documents SET akn = replace(akn, 'MINUSMA', 'MINUSCA') "
                     "WHERE kind = 'resolution'"),
                 "resolution S/RES/2531 (2020) differs from the one the log recorded"),
        Mutation("resolution-renumbered",
                 sql("UPDATE documents SET resolution_number = 2600 WHERE kind = 'resolution'"),
                 "resolution S/RES/2531 (2020) differs from the one the log recorded"),
        Mutation("resolution-deleted",
                 sql("DELETE FROM documents WHERE kind = 'resolution'"),
                 "adopted, but the resolution is not stored or not logged"),
        Mutation("resolution-inserted-for-a-vetoed-draft",
                 sql("UPDATE documents SET procedure_id = ? WHERE kind = 'resolution'", VETOED),
                 "not adopted, yet a resolution was numbered"),
        Mutation("outcome-letter-deleted",
                 sql("DELETE FROM documents WHERE procedure_id = ? AND kind = "
                     "'outcome_letter'", FAILED),
                 "announced, but no outcome letter is stored"),
        Mutation("outcome-letter-symbol-changed",
                 sql("UPDATE documents SET symbol = 'S/2020/999' WHERE procedure_id = ? "
                     "AND kind = 'outcome_letter'", VETOED),
                 "the outcome letter S/2020/999 is not in the log"),
        Mutation("outcome-letter-tree-head-changed",
                 sql("UPDATE documents SET tree_size = 41 WHERE procedure_id = ? AND kind = "
                     "'outcome_letter'", ADOPTED),
                 "has no signed tree head from its publication"),
        Mutation("state-set-back-to-registered",
                 sql("UPDATE procedures SET state = 'registered' WHERE id = ?", VOTING),
                 "letters stored for a draft never put to the vote"),
        Mutation("announced-state-set-back-to-closed",
                 sql("UPDATE procedures SET state = 'closed' WHERE id = ?", ADOPTED),
                 "its state is stored as 'closed', but the log records it as 'announced'"),
        Mutation("secretariat-key-replaced-without-re-signing",
                 sql("UPDATE config SET value = ? WHERE key = 'secretariat_key'",
                     private_key_pem(Ed25519PrivateKey.generate())),
                 "its receipt does not verify"),
    ]
    for procedure, members in EXPLAINED.items():
        for member in members:
            clause = "procedure_id = ? AND member = ?"
            mutations += [
                Mutation(f"explanation-changed-{procedure}-{member}",
                         sql(f"UPDATE explanations SET text = text || ' Not.' WHERE {clause}",
                             procedure, member),
                         f"the explanation of vote from {member} differs"),
                Mutation(f"explanation-deleted-{procedure}-{member}",
                         sql(f"DELETE FROM explanations WHERE {clause}", procedure, member),
                         f"explanation of vote from {member} that is not in the store"),
            ]
    for procedure, member in ((ADOPTED, "USA"), (VETOED, "FRA"), (FAILED, "RUS")):
        mutations.append(Mutation(
            f"explanation-inserted-{procedure}-{member}",
            sql("INSERT INTO explanations (procedure_id, member, text, received_at) VALUES "
                "(?, ?, 'An explanation never sent.', '2020-07-01 10:00:00')",
                procedure, member),
            f"the explanation of vote from {member} is not in the log (inserted)"))
    for member in SIGNING:
        mutations += [
            Mutation(f"delegation-key-replaced-{member}",
                     sql("UPDATE delegation_keys SET public_key = ? WHERE member = ?",
                         public_key_pem(Ed25519PrivateKey.generate().public_key()), member),
                     f"the letter from {member}: the delegation's signature does not verify"),
            Mutation(f"delegation-key-deleted-{member}",
                     sql("DELETE FROM delegation_keys WHERE member = ?", member),
                     f"which is not registered for {member}"),
        ]
    mutations.append(Mutation("delegation-key-unreadable",
                              sql("UPDATE delegation_keys SET public_key = 'not a key' "
                                  "WHERE member = 'FRA'"),
                              "of FRA cannot be read"))
    for procedure in (ADOPTED, VETOED, FAILED, VOTING, REGISTERED):
        mutations.append(Mutation(
            f"draft-text-changed-{procedure}",
            sql("UPDATE drafts SET text = text || ' (amended)' WHERE id = (SELECT draft_id FROM "
                "procedures WHERE id = ?)", procedure),
            f"{where(procedure)}S/2020/"))
    for procedure, member in ((ADOPTED, "IDN"), (ADOPTED, "FRA"), (FAILED, "CHN"),
                              (VOTING, "BEL")):
        mutations += [
            Mutation(f"letter-text-changed-and-rehashed-{procedure}-{member}",
                     lambda db, p=procedure, m=member: change_letter(db, p, m),
                     f"the letter from {member}: the letter differs from the one the log "
                     "recorded"),
            Mutation(f"letter-hash-changed-{procedure}-{member}",
                     on_ballot("UPDATE letters SET sha256 = :a0 WHERE ballot_id = :ballot",
                               procedure, member, sha256_hex(b"other")),
                     f"the letter from {member}: the letter's stored SHA-256 does not match"),
            Mutation(f"receipt-body-changed-{procedure}-{member}",
                     on_ballot("UPDATE receipts SET body = replace(body, '\"position\"', "
                               "'\"position\":\"abstain\",\"was\"') WHERE ballot_id = :ballot",
                               procedure, member),
                     f"the letter from {member}: its receipt does not verify"),
            Mutation(f"receipt-inclusion-proof-changed-{procedure}-{member}",
                     lambda db, p=procedure, m=member: change_proof(db, p, m),
                     f"the letter from {member}: its receipt's inclusion proof does not "
                     "verify"),
            Mutation(f"receipt-tree-size-changed-{procedure}-{member}",
                     on_ballot("UPDATE receipts SET tree_size = tree_size + 1 "
                               "WHERE ballot_id = :ballot", procedure, member),
                     f"the letter from {member}: its receipt cites a tree head of size"),
            Mutation(f"signatory-changed-{procedure}-{member}",
                     on_ballot("UPDATE ballots SET signatory_name = 'Somebody Else' "
                               "WHERE id = :ballot", procedure, member),
                     f"the letter from {member}: the letter is signed by"),
        ]
    return mutations


def change_letter(db: sqlite3.Connection, procedure: int, member: str) -> None:
    b = ballot(db, procedure, member)
    (canonical,) = db.execute("SELECT canonical FROM letters WHERE ballot_id = ?",
                              (b,)).fetchone()
    content = json.loads(canonical)
    content["sent_at"] = "2020-06-01T00:00:00.000Z"
    changed = canonical_json(content)
    db.execute("UPDATE letters SET canonical = ?, sha256 = ? WHERE ballot_id = ?",
               (changed.decode(), sha256_hex(changed), b))


def change_proof(db: sqlite3.Connection, procedure: int, member: str) -> None:
    b = ballot(db, procedure, member)
    (proof,) = db.execute("SELECT inclusion_proof FROM receipts WHERE ballot_id = ?",
                          (b,)).fetchone()
    hashes = json.loads(proof)
    hashes[-1] = flip_hex(hashes[-1])
    db.execute("UPDATE receipts SET inclusion_proof = ? WHERE ballot_id = ?",
               (json.dumps(hashes), b))


MUTATIONS = [*position_changes(), *deleted_letters(), *inserted_letters(), *moved_times(),
             *log_mutations(), *signature_mutations(), *tree_head_mutations(),
             *record_mutations()]


# -- the tests ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tampering") / "pristine.db"
    build_store(path)
    return path


def copy_of(pristine: Path, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "council.db"
    shutil.copyfile(pristine, path)
    return path, f"sqlite:///{path}"


def stored_public_key(db: sqlite3.Connection | Connection) -> str:
    """The Secretariat's public key, from the private key the database holds (as the CLI
    reads it when no key file is configured)."""
    query = "SELECT value FROM config WHERE key = 'secretariat_key'"
    if isinstance(db, sqlite3.Connection):
        (pem,) = db.execute(query).fetchone()
    else:
        pem = db.execute(text(query)).scalar_one()
    return public_key_pem(load_private_key(pem).public_key())


def problems_in(url: str) -> list[str]:
    """What ``council verify`` finds, through the API, trusting the key the database holds."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        key = stored_public_key(db)
    db.close()
    store = Store(url)
    try:
        problems, _ = check_evidence(load_evidence(store, key))
    finally:
        store.dispose()
    return problems


def verify_cli(url: str, *args: str) -> Any:
    return CliRunner().invoke(main, ["verify", "--database-url", url, *args])


def test_there_are_at_least_a_hundred_mutations_with_distinct_names() -> None:
    names = [m.name for m in MUTATIONS]
    assert len(names) == len(set(names))
    assert len(names) >= 100


def test_the_untouched_store_verifies(pristine: Path, tmp_path: Path) -> None:
    _, url = copy_of(pristine, tmp_path)
    result = verify_cli(url)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Verified: ")
    assert "45 letters" in result.output and "5 procedures" in result.output
    assert result.output.endswith("; no discrepancy.\n")


def test_the_store_is_as_built(pristine: Path) -> None:
    """The table above names log entries and tree heads by number: they must be these."""
    with sqlite3.connect(pristine) as db:
        assert db.execute("SELECT size FROM log_state").fetchone() == (LOG_SIZE,)
        sizes = {size for (size,) in db.execute("SELECT size FROM tree_heads")}
        assert set(SIGNED_SIZES) <= sizes
        assert entry_of(db, VOTING, "receipt-issued", "USA") == LOG_SIZE - 1
        assert [first_head_after(i) for i in (0, 6, 40, 77, 103)] == [8, 8, 42, 78, 104]
        assert sizes == {first_head_after(i) for i in range(-1, 114)}
    db.close()


@pytest.mark.parametrize("mutation", [pytest.param(m, id=m.name) for m in MUTATIONS])
def test_a_mutation_of_the_stored_data_is_named(mutation: Mutation, pristine: Path,
                                                tmp_path: Path) -> None:
    path, url = copy_of(pristine, tmp_path)
    db = sqlite3.connect(path)
    try:
        mutation.change(db)
        db.commit()
    finally:
        db.close()
    problems = problems_in(url)
    assert problems, f"{mutation.name} was not detected"
    assert any(mutation.expected in p for p in problems), problems



THROUGH_THE_CLI = ("position-changed-1-FRA", "letter-deleted-2-RUS",
                   "letter-inserted-3-DEU-from-FRA",
                   "received-at-moved-a-second-1-BEL", "log-entry-payload-altered-6",
                   "log-truncated-last-2-and-log-state-fixed",
                   "tree-head-signatures-swapped-8-10", "tree-head-root-rewritten-42",
                   "outcome-changed-vetoed-to-adopted", "resolution-akn-changed",
                   "delegation-key-replaced-FRA")


@pytest.mark.parametrize("mutation", [pytest.param(m, id=m.name) for m in MUTATIONS
                                      if m.name in THROUGH_THE_CLI])
def test_council_verify_exits_1_naming_each_discrepancy(mutation: Mutation, pristine: Path,
                                                        tmp_path: Path) -> None:
    path, url = copy_of(pristine, tmp_path)
    with sqlite3.connect(path) as db:
        mutation.change(db)
    db.close()
    result = verify_cli(url)
    assert result.exit_code == 1
    failures = result.stderr.splitlines()[:-1]
    assert failures and all(line.startswith("FAIL ") for line in failures)
    assert any(mutation.expected in line for line in failures), result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: {len(failures)} discrepancy(ies) found; checked ")
    assert result.stdout == ""


def test_the_cli_table_names_real_mutations() -> None:
    assert {m.name for m in MUTATIONS} >= set(THROUGH_THE_CLI)


# -- the known limit: the Secretariat's key kept in the database ----------------------------------


def re_sign_everything(db: sqlite3.Connection, key: Ed25519PrivateKey) -> None:
    """What an attacker holding the database file can do with the key it holds: replace the
    key and sign everything again (receipts, the log entries naming them, every tree head,
    every inclusion proof), so that the database agrees with itself."""
    kid = key_id(key.public_key())
    db.execute("UPDATE config SET value = ? WHERE key = 'secretariat_key'",
               (private_key_pem(key),))
    for ballot_id, body in db.execute("SELECT ballot_id, body FROM receipts").fetchall():
        content = {**json.loads(body), "secretariat_key": kid}
        signed = canonical_json(content)
        db.execute("UPDATE receipts SET body = ?, signature = ? WHERE ballot_id = ?",
                   (signed.decode(), b64encode(key.sign(signed)), ballot_id))
        rewrite_entry(db, entry_of(db, content["procedure"], "receipt-issued",
                                   content["member"]), True, receipt_sha256=sha256_hex(signed))
    fix_log_state(db)
    leaves = [bytes.fromhex(h) for (h,) in db.execute(
        'SELECT leaf_hash FROM log_entries ORDER BY "index"')]
    for size, body in db.execute("SELECT size, body FROM tree_heads").fetchall():
        content = {**json.loads(body), "secretariat_key": kid,
                   "root_hash": tree_root(leaves[:size]).hex()}
        signed = canonical_json(content)
        db.execute("UPDATE tree_heads SET body = ?, signature = ?, root_hash = ? WHERE size = ?",
                   (signed.decode(), b64encode(key.sign(signed)), content["root_hash"], size))
    for ballot_id, body, size in db.execute(
            "SELECT ballot_id, body, tree_size FROM receipts").fetchall():
        proof = inclusion_proof(json.loads(body)["log_index"], leaves[:size])
        db.execute("UPDATE receipts SET inclusion_proof = ? WHERE ballot_id = ?",
                   (json.dumps([h.hex() for h in proof]), ballot_id))


def test_a_re_keyed_database_is_refused_by_the_public_key_kept_apart(
        pristine: Path, tmp_path: Path) -> None:
    path, url = copy_of(pristine, tmp_path)
    old_pub = tmp_path / "secretariat.pub"
    with sqlite3.connect(path) as db:
        old_pub.write_text(stored_public_key(db), encoding="utf-8")
        re_sign_everything(db, Ed25519PrivateKey.generate())
    db.close()

    # Trusting the key the database holds, the re-signed database agrees with itself: this is
    # the limit of a key kept with the data.
    trusting_the_file = verify_cli(url)
    assert trusting_the_file.exit_code == 0, trusting_the_file.output
    assert trusting_the_file.output.endswith("; no discrepancy.\n")

    pinned = verify_cli(url, "--public-key", str(old_pub))
    assert pinned.exit_code == 1
    assert "the data was re-signed with another key, or the wrong key file was given" in (
        pinned.stderr)

    (tmp_path / "untouched").mkdir()
    _, untouched_url = copy_of(pristine, tmp_path / "untouched")
    assert verify_cli(untouched_url, "--public-key", str(old_pub)).exit_code == 0



# -- PostgreSQL: a smaller set, with SQLAlchemy text() ----------------------------------------

BALLOT = "(SELECT id FROM ballots WHERE procedure_id = {p} AND member = '{m}')"
POSTGRES_MUTATIONS = [
    ("position-changed", [f"UPDATE ballots SET position = 'no' WHERE id = "
                          f"{BALLOT.format(p=ADOPTED, m='FRA')}"],
     "the letter from FRA: stored as"),
    ("letter-deleted", [f"DELETE FROM {t} WHERE ballot_id = {BALLOT.format(p=VETOED, m='RUS')}"
                        for t in ("letters", "receipts", "idempotency_keys")]
     + [f"DELETE FROM ballots WHERE id = {BALLOT.format(p=VETOED, m='RUS')}"],
     "log records a letter from RUS that is not in the store"),
    ("letter-inserted", [
        "INSERT INTO ballots (procedure_id, member, position, signatory_name, signatory_title, "
        f"received_at) SELECT procedure_id, 'DEU', position, signatory_name, signatory_title, "
        f"received_at FROM ballots WHERE id = {BALLOT.format(p=FAILED, m='FRA')}",
        "INSERT INTO letters (ballot_id, canonical, sha256, signature, key_id, via) SELECT "
        f"{BALLOT.format(p=FAILED, m='DEU')}, canonical, sha256, signature, key_id, via FROM "
        f"letters WHERE ballot_id = {BALLOT.format(p=FAILED, m='FRA')}"],
     "the letter from DEU is stored but the log never recorded it"),
    ("received-at-moved", [f"UPDATE ballots SET received_at = received_at - interval '1 second' "
                           f"WHERE id = {BALLOT.format(p=ADOPTED, m='BEL')}"],
     "the letter from BEL: stored as"),
    ("closed-at-moved", ["UPDATE procedures SET closed_at = closed_at - interval '2 hours' "
                         f"WHERE id = {VETOED}"],
     "the closing time stored"),
    ("log-entry-payload-altered", ["UPDATE log_entries SET payload = replace(payload, "
                                   "'\"position\":\"yes\"', '\"position\":\"no\"') "
                                   'WHERE "index" = 6'],
     "Log entry 6 (letter-received)"),
    ("log-entry-hash-altered", [f"UPDATE log_entries SET leaf_hash = '{'0' * 64}' "
                                'WHERE "index" = 30'],
     "Log entry 30 ("),
    ("log-truncated", ['DELETE FROM log_entries WHERE "index" >= 112'],
     f"The log's state says {LOG_SIZE} entries"),
    ("tree-head-signatures-swapped", [
        "UPDATE tree_heads t SET signature = o.signature FROM tree_heads o "
        "WHERE (t.size = 8 AND o.size = 10) OR (t.size = 10 AND o.size = 8)"],
     "The tree head of size 8: its signature does not verify"),
    ("receipt-signatures-swapped", [
        "UPDATE receipts r SET signature = o.signature FROM receipts o WHERE "
        f"(r.ballot_id, o.ballot_id) IN (({BALLOT.format(p=ADOPTED, m='BEL')}, "
        f"{BALLOT.format(p=ADOPTED, m='CHN')}), ({BALLOT.format(p=ADOPTED, m='CHN')}, "
        f"{BALLOT.format(p=ADOPTED, m='BEL')}))"],
     "the letter from BEL: its receipt does not verify"),
    ("tree-head-root-rewritten", ["UPDATE tree_heads SET body = replace(body, root_hash, "
                                  f"'{'0' * 64}'), root_hash = '{'0' * 64}' WHERE size = 42"],
     "The tree head of size 42: its signature does not verify"),
    ("outcome-changed", [f"UPDATE procedures SET outcome = 'adopted' WHERE id = {VETOED}"],
     "the stored outcome is 'adopted'; recounting"),
    ("explanation-changed", ["UPDATE explanations SET text = text || ' Not.' "
                             "WHERE member = 'FRA'"],
     "the explanation of vote from FRA differs"),
]


@pytest.fixture(scope="module")
def postgres_store() -> Iterator[Store]:
    url = os.environ.get("COUNCIL_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("COUNCIL_TEST_POSTGRES_URL is not set (make test starts PostgreSQL)")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    council = open_council(url)
    populate(council)
    yield council.store
    council.store.dispose()


def verify_connection(connection: Connection) -> list[str]:
    """``check_evidence`` over what ``connection`` sees (its own uncommitted changes too)."""
    bound = Store.__new__(Store)
    bound.engine = connection  # type: ignore[assignment]  # Session(bind) takes either
    problems, _ = check_evidence(load_evidence(bound, stored_public_key(connection)))
    return problems


@pytest.mark.postgres
def test_the_untouched_postgresql_store_verifies(postgres_store: Store) -> None:
    with postgres_store.engine.connect() as connection:
        assert verify_connection(connection) == []


@pytest.mark.postgres
@pytest.mark.parametrize(("statements", "expected"),
                         [pytest.param(s, e, id=name) for name, s, e in POSTGRES_MUTATIONS])
def test_a_mutation_of_a_postgresql_store_is_named(postgres_store: Store,
                                                   statements: list[str],
                                                   expected: str) -> None:
    """Each mutation runs in a transaction that is rolled back, so they share one store."""
    with postgres_store.engine.connect() as connection:
        transaction = connection.begin()
        try:
            for statement in statements:
                connection.execute(text(statement))
            problems = verify_connection(connection)
        finally:
            transaction.rollback()
    assert any(expected in p for p in problems), problems
