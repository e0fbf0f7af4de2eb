"""What the reliability tests share (issue 5): delegations that sign their letters with their
own Ed25519 keys and send them with their own API tokens, and the checks that a store holds
nothing lost, nothing duplicated and nothing half-written.

``check_store`` reads the rows themselves, not the façade, so that it sees what a crash left
behind: every ballot has its letter and its receipt, every receipt its ballot and its signed
tree head, every ballot exactly one ``letter-received`` and one ``receipt-issued`` log entry
(each naming the stored letter's or receipt's hash), the log's entries are numbered 0…n-1 with
n the size kept in ``log_state``, and the compact range's root is the root of those leaves.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from council import log as tlog
from council.council import Council
from council.signing import (
    LETTER_KIND,
    canonical_json,
    format_time,
    public_key_pem,
    sha256_hex,
    sign_letter,
)
from council.store.repository import Store
from council.store.tables import (
    BallotRow,
    IdempotencyRow,
    LetterRow,
    LogEntryRow,
    LogStateRow,
    ReceiptRow,
    TreeHeadRow,
)

PASSWORD = "correct horse battery"

Pair = tuple[int, str]  # (procedure id, member): where one letter, and only one, belongs


@dataclass(frozen=True)
class Delegation:
    """A member's Permanent Representative: the signing key and the API token."""

    member: str
    name: str
    key: Ed25519PrivateKey
    token: str

    def headers(self, idempotency_key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}",
                   "Content-Type": "application/json"}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def sign(self, procedure: int, draft: str, position: str, sent_at: datetime) -> bytes:
        """The signed letter, as the request body (the same bytes every time it is sent)."""
        letter = {
            "kind": LETTER_KIND,
            "procedure": procedure,
            "draft": draft,
            "member": self.member,
            "position": position,
            "signatory": {"name": self.name, "title": "permanent-representative"},
            "sent_at": format_time(sent_at),
        }
        return json.dumps(sign_letter(letter, self.key)).encode("utf-8")


def enrol(council: Council, members: list[str]) -> dict[str, Delegation]:
    """A PR account for each member, with a registered key and an API token."""
    # Real argon2 at its lowest cost: the hashing is not what these tests are about.
    council.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    delegations = {}
    for member in members:
        username, name = f"{member.lower()}-pr", f"Representative of {member}"
        account = council.access.add_user(username, PASSWORD, "permanent-representative",
                                          member, name)
        key = Ed25519PrivateKey.generate()
        council.access.register_key(council.access.actor(account),
                                    public_key_pem(key.public_key()))
        delegations[member] = Delegation(member, name, key, council.access.token_for(username))
    return delegations


def letter_sha256(body: bytes) -> str:
    """The hash a receipt acknowledges for a signed letter sent as ``body``."""
    return sha256_hex(canonical_json(json.loads(body)["letter"]))


@dataclass
class StoreCheck:
    """What ``check_store`` found: row counts, problems, and each stored letter and receipt."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    letters: dict[Pair, str] = field(default_factory=dict)  # the letter's SHA-256
    receipts: dict[Pair, dict[str, Any]] = field(default_factory=dict)  # as the API gives it


def check_store(store: Store) -> StoreCheck:
    """Read every ballot, letter, receipt, tree head and log entry, and list what is wrong."""
    found = StoreCheck()
    problems = found.problems
    with store.transaction() as repo:
        session = repo.session
        ballots = {row.id: (row.procedure_id, row.member)
                   for row in session.execute(select(BallotRow.id, BallotRow.procedure_id,
                                                     BallotRow.member))}
        for procedure_id, member, count in session.execute(
                select(BallotRow.procedure_id, BallotRow.member, func.count())
                .group_by(BallotRow.procedure_id, BallotRow.member)
                .having(func.count() > 1)):
            problems.append(f"{count} ballots from {member} on procedure {procedure_id}")
        letters = {row.ballot_id: row for row in session.scalars(select(LetterRow))}
        receipts = {row.ballot_id: row for row in session.scalars(select(ReceiptRow))}
        heads = {row.size: row for row in session.scalars(select(TreeHeadRow))}
        entries = session.execute(select(LogEntryRow.index, LogEntryRow.kind,
                                         LogEntryRow.procedure_id, LogEntryRow.payload)
                                  .order_by(LogEntryRow.index)).all()
        state = session.get(LogStateRow, 1)
        size = state.size if state is not None else 0
        idempotency = session.scalar(select(func.count()).select_from(IdempotencyRow))
        if size and tlog.current_root(repo) != tlog.root_of(repo, size):
            problems.append(f"the compact range's root is not the root of the {size} leaves")

    for ballot_id in sorted(set(letters) - set(ballots)):
        problems.append(f"letter row for ballot {ballot_id}, which does not exist")
    for ballot_id in sorted(set(receipts) - set(ballots)):
        problems.append(f"receipt row for ballot {ballot_id}, which does not exist")
    if [index for index, *_ in entries] != list(range(len(entries))):
        problems.append(f"log entry indices are not 0…{len(entries) - 1}")
    if size != len(entries):
        problems.append(f"log_state says {size} entries; the log has {len(entries)}")

    events: dict[str, dict[Pair, list[tuple[int, dict[str, Any]]]]] = defaultdict(
        lambda: defaultdict(list))
    for index, kind, procedure_id, payload in entries:
        if kind in ("letter-received", "receipt-issued"):
            data = json.loads(payload)
            events[kind][(procedure_id, data["member"])].append((index, data))
    for kind in ("letter-received", "receipt-issued"):
        for pair in sorted(set(events[kind]) - set(ballots.values())):
            problems.append(f"{kind} log entry for {pair[1]} on procedure {pair[0]}, which has "
                            "no ballot")

    for ballot_id, pair in sorted(ballots.items()):
        where = f"ballot {ballot_id} ({pair[1]} on procedure {pair[0]})"
        letter, receipt = letters.get(ballot_id), receipts.get(ballot_id)
        received, issued = events["letter-received"][pair], events["receipt-issued"][pair]
        if letter is None:
            problems.append(f"{where} has no letter row")
        if receipt is None:
            problems.append(f"{where} has no receipt row")
        if len(received) != 1 or len(issued) != 1:
            problems.append(f"{where} has {len(received)} letter-received and {len(issued)} "
                            "receipt-issued log entries; expected one each")
        if letter is None or receipt is None or len(received) != 1 or len(issued) != 1:
            continue
        body = json.loads(receipt.body)
        head = heads.get(receipt.tree_size) if receipt.tree_size is not None else None
        if head is None:
            problems.append(f"{where}: its receipt names tree size {receipt.tree_size}, which "
                            "has no signed tree head")
            continue
        if received[0][1]["letter_sha256"] != letter.sha256 or body["letter_sha256"] != (
                letter.sha256):
            problems.append(f"{where}: the letter's hash differs between the letter row, the "
                            "receipt and the log")
        if body["log_index"] != received[0][0]:
            problems.append(f"{where}: the receipt says log entry {body['log_index']}; the "
                            f"letter-received entry is {received[0][0]}")
        if issued[0][1]["receipt_sha256"] != sha256_hex(receipt.body.encode("utf-8")):
            problems.append(f"{where}: the receipt-issued entry names another receipt")
        found.letters[pair] = letter.sha256
        found.receipts[pair] = {
            "receipt": body,
            "signature": receipt.signature,
            "tree_head": {"tree_head": json.loads(head.body), "signature": head.signature},
            "inclusion_proof": list(receipt.inclusion_proof or []),
        }

    kinds = Counter(kind for _, kind, _, _ in entries)
    found.counts = {
        "ballots": len(ballots), "letters": len(letters), "receipts": len(receipts),
        "log entries": len(entries), "letter-received": kinds["letter-received"],
        "receipt-issued": kinds["receipt-issued"], "idempotency keys": idempotency or 0,
    }
    return found
