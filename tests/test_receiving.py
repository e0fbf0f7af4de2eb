"""Letters received together (council/receiving.py): a batch is recorded in one transaction,
and every letter in it ends exactly as it would have alone.

The strongest check: the same letters sent to two identical stores, once as one batch and once
one by one, give the same answers (the same receipts, the same errors) and the same rows. Both
stores sign with one Secretariat key file and the delegations with the same keys, so the
(deterministic) Ed25519 signatures agree too. The one difference is by design: a batch shares
one signed tree head, of the log as the batch left it, where letters sent alone each have
their own; so receipts are compared without their tree head and inclusion proof, which are
checked on their own (each verifies against its head, and the log's heads).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from council.council import Council
from council.domain.errors import ConcurrentWrite, CouncilError, DuplicateBallot, InvalidInput
from council.log import check_receipt_inclusion
from council.receiving import (
    Incoming,
    Intake,
    Receipt,
    _api_json_text,
    _api_json_texts,
    _Queued,
    api_json,
)
from council.settings import load_settings
from council.signing import (
    BadSignature,
    format_time,
    key_id,
    load_public_key,
    private_key_pem,
    public_key_pem,
    sign_letter,
    verify_receipt,
)
from council.store.repository import Store
from council.verify import check_evidence, load_evidence

RECORDS = Path(__file__).resolve().parents[1] / "src" / "council" / "data" / "records"
DRAFT_TEXT = (RECORDS / "S_2020_600.txt").read_text(encoding="utf-8")
OPENED = datetime(2020, 6, 28, 12, 0, tzinfo=UTC)
NOW = OPENED + timedelta(hours=2)
SIGNERS = ("GBR", "USA", "CHN", "DEU")  # FRA registers no key
KEYS = {code: Ed25519PrivateKey.from_private_bytes(bytes([i + 1]) * 32)
        for i, code in enumerate(SIGNERS)}
SECRETARIAT = Ed25519PrivateKey.from_private_bytes(bytes([99]) * 32)
WRITTEN_TABLES = ("ballots", "letters", "receipts", "log_entries", "tree_heads",
                  "idempotency_keys", "prepared_letters", "log_state")


@dataclass
class Office:
    council: Council
    accounts: dict[str, int]


def office(url: str, key_file: Path) -> Office:
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": url,
                                      "COUNCIL_SECRETARIAT_KEY_FILE": str(key_file)},
                             dotenv=None)
    council = Council(settings, Store(url), clock=lambda: NOW)
    council.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    council.init()
    accounts = {}
    for code in (*SIGNERS, "FRA"):
        account = council.access.add_user(f"{code.lower()}-pr", "a password, not secret",
                                          "permanent-representative", code, f"PR of {code}",
                                          at=OPENED - timedelta(days=1))
        accounts[code] = account.id
        if code in KEYS:
            council.access.register_key(council.access.actor(account),
                                        public_key_pem(KEYS[code].public_key()),
                                        at=OPENED - timedelta(days=1))
    for symbol in ("S/2020/600", "S/2020/601"):
        council.add_draft(symbol, ["France"], "The situation in Mali", DRAFT_TEXT,
                          at=OPENED - timedelta(hours=1))
        council.open_vote(symbol, at=OPENED)
    return Office(council, accounts)


@pytest.fixture
def two_offices(tmp_path: Path) -> Iterator[tuple[Office, Office]]:
    key_file = tmp_path / "secretariat.pem"
    key_file.write_text(private_key_pem(SECRETARIAT), encoding="ascii")
    offices = (office(f"sqlite:///{tmp_path / 'batched.db'}", key_file),
               office(f"sqlite:///{tmp_path / 'alone.db'}", key_file))
    yield offices
    for one in offices:
        one.council.store.dispose()


def signed(symbol: str, member: str, position: str = "yes", procedure: int = 0,
           key: str | None = None, minutes: int = 1) -> dict[str, Any]:
    serial = int(symbol.rsplit("/", 1)[1])
    letter = {"kind": "council/letter-of-position/1", "procedure": procedure or serial - 599,
              "draft": symbol, "member": member, "position": position,
              "signatory": {"name": f"PR of {member}", "title": "permanent-representative"},
              "sent_at": format_time(NOW - timedelta(minutes=minutes))}
    return sign_letter(letter, KEYS[key or member])


def incoming(office: Office, symbol: str, envelope: dict[str, Any], member: str,
             seconds: int, idempotency_key: str | None = None) -> Incoming:
    return Incoming(symbol, envelope, NOW + timedelta(seconds=seconds),
                    office.accounts[member], member, idempotency_key)


def letters_for(office: Office) -> list[Incoming]:
    """A morning's mail: accepted, repeated, refused and racing letters, on two drafts."""
    gbr = signed("S/2020/600", "GBR")
    usa = signed("S/2020/600", "USA", "no")
    forged = {**signed("S/2020/600", "CHN"), "signature": signed("S/2020/600", "CHN",
                                                                   "no")["signature"]}
    return [
        incoming(office, "S/2020/600", gbr, "GBR", 1),
        incoming(office, "S/2020/600", gbr, "GBR", 2),  # the same letter again: a retry
        incoming(office, "S/2020/600", signed("S/2020/600", "GBR", "no"), "GBR", 3),  # a 2nd
        incoming(office, "S/2020/600", forged, "CHN", 4),  # signature of another letter
        incoming(office, "S/2020/600", usa, "USA", 5, "usa-1"),
        incoming(office, "S/2020/600", usa, "USA", 6, "usa-1"),  # retried with its key
        incoming(office, "S/2020/601", signed("S/2020/601", "USA"), "USA", 7, "usa-1"),
        incoming(office, "S/2020/601", signed("S/2020/601", "USA"), "USA", 8),
        incoming(office, "S/2020/600", signed("S/2020/600", "FRA", key="GBR"), "FRA", 9),
        incoming(office, "S/2020/601", signed("S/2020/601", "DEU", procedure=1), "DEU", 10),
        incoming(office, "S/2020/999", signed("S/2020/600", "DEU"), "DEU", 11),
        incoming(office, "S/2020/601", signed("S/2020/601", "CHN", "abstain"), "CHN", 12),
        incoming(office, "S/2020/600", signed("S/2020/600", "DEU"), "GBR", 13),  # for another
    ]


def answer(result: Receipt | CouncilError) -> tuple[Any, ...]:
    if isinstance(result, CouncilError):
        return (type(result).__name__, result.message)
    receipt = {k: v for k, v in result.signed.items() if k not in ("tree_head", "inclusion_proof")}
    return ("receipt", receipt, result.replayed, result.ballot_id)


def written(council: Council, heads: bool = True) -> list[tuple[str, tuple[Any, ...]]]:
    """The rows letters write; without ``heads``, no tree heads and receipts without the
    size and proof of the head they cite."""
    rows = [row for row in council.store.dump() if row[0] in WRITTEN_TABLES]
    if heads:
        return rows
    return [(table, row[:-2] if table == "receipts" else row) for table, row in rows
            if table != "tree_heads"]


def check_inclusion(council: Council, results: list[Receipt | CouncilError]) -> None:
    key = load_public_key(council.secretariat_public_key())
    for result in results:
        if isinstance(result, Receipt):
            verify_receipt(result.signed, key)
            check_receipt_inclusion(result.signed, key)


def test_a_batch_answers_and_writes_exactly_as_the_same_letters_one_by_one(
        two_offices: tuple[Office, Office]) -> None:
    batched, alone = two_offices
    together = batched.council.desk.receive(letters_for(batched))
    one_by_one = [alone.council.desk.receive([letter])[0] for letter in letters_for(alone)]

    assert [answer(r) for r in together] == [answer(r) for r in one_by_one]
    assert written(batched.council, heads=False) == written(alone.council, heads=False)
    check_inclusion(batched.council, together)
    check_inclusion(alone.council, one_by_one)
    kinds = [type(r).__name__ if isinstance(r, CouncilError) else
             ("replayed" if r.replayed else "receipt") for r in together]
    assert kinds == ["receipt", "replayed", "DuplicateBallot", "BadSignature", "receipt",
                     "replayed", "InvalidInput", "receipt", "BadSignature", "InvalidInput",
                     "DraftNotFound", "receipt", "NotAuthorised"]
    problems, _ = check_evidence(load_evidence(
        batched.council.store, batched.council.secretariat_public_key()))
    assert problems == []


def test_a_batch_is_one_transaction_and_its_log_keeps_arrival_order(
        two_offices: tuple[Office, Office]) -> None:
    batched, _ = two_offices
    results = batched.council.desk.receive(letters_for(batched))
    receipts = [r for r in results if isinstance(r, Receipt) and not r.replayed]
    # The receipt's leaf follows the letter's (letter, receipt, letter, receipt...), and
    # every receipt carries the one tree head of the log as the batch left it.
    indexes = [r.signed["receipt"]["log_index"] for r in receipts]
    assert [b - a for a, b in pairwise(indexes)] == [2] * (len(indexes) - 1)
    heads = {json.dumps(r.signed["tree_head"], sort_keys=True) for r in receipts}
    assert len(heads) == 1
    (head,) = heads
    assert json.loads(head)["tree_head"]["size"] == indexes[-1] + 2
    assert [r.member for r in receipts] == ["GBR", "USA", "USA", "CHN"]


def test_a_batch_the_database_refuses_is_tried_again_letter_by_letter(
        two_offices: tuple[Office, Office], monkeypatch: pytest.MonkeyPatch) -> None:
    batched, alone = two_offices
    desk = batched.council.desk
    real = desk._receive
    calls: list[int] = []

    def racing(letters: list[Incoming], reads: Any) -> list[Any]:
        # As when another process records one of the batch's members first: the batch's
        # INSERT fails on the unique constraint and its transaction rolls back.
        calls.append(len(letters))
        if len(letters) > 1:
            raise ConcurrentWrite("another letter from this member was recorded first")
        return real(letters, reads)

    monkeypatch.setattr(desk, "_receive", racing)
    results = desk.receive(letters_for(batched))
    expected = [alone.council.desk.receive([letter])[0] for letter in letters_for(alone)]
    assert calls == [13] + [1] * 13
    assert [answer(r) for r in results] == [answer(r) for r in expected]
    assert [dict(r.signed) if isinstance(r, Receipt) else answer(r) for r in results] == [
        dict(r.signed) if isinstance(r, Receipt) else answer(r) for r in expected]
    assert written(batched.council) == written(alone.council)


def test_a_refused_letter_in_a_batch_leaves_no_trace(two_offices: tuple[Office, Office]
                                                     ) -> None:
    batched, _ = two_offices
    before = written(batched.council)
    bad = batched.council.desk.receive([
        incoming(batched, "S/2020/600", {**signed("S/2020/600", "GBR"), "signature": "AAAA"},
                 "GBR", 1),
        incoming(batched, "S/2020/600", signed("S/2020/600", "USA", minutes=-60), "USA", 2),
        incoming(batched, "S/2020/600", signed("S/2020/600", "FRA", key="GBR"), "FRA", 3),
    ])
    assert [type(r) for r in bad] == [BadSignature, InvalidInput, BadSignature]
    assert written(batched.council) == before


def test_two_letters_from_one_member_in_one_batch_count_once(
        two_offices: tuple[Office, Office]) -> None:
    batched, _ = two_offices
    first, second = batched.council.desk.receive([
        incoming(batched, "S/2020/600", signed("S/2020/600", "GBR", "yes"), "GBR", 1),
        incoming(batched, "S/2020/600", signed("S/2020/600", "GBR", "no"), "GBR", 2),
    ])
    assert isinstance(first, Receipt) and first.position.value == "yes"
    assert isinstance(second, DuplicateBallot)
    ballot = batched.council.procedure("S/2020/600").ballot_of("GBR")
    assert ballot is not None and ballot.position.value == "yes"


def test_the_intake_records_queued_letters_together_and_answers_each(
        two_offices: tuple[Office, Office]) -> None:
    batched, alone = two_offices
    intake = Intake(batched.council.desk)
    mail = letters_for(batched)
    futures = [intake.submit(letter) for letter in mail]
    intake.close()  # finishes what is queued
    results = [future.result(timeout=0) for future in futures]
    expected = [alone.council.desk.receive([letter])[0] for letter in letters_for(alone)]
    assert [answer(r) for r in results] == [answer(r) for r in expected]
    assert intake.letters == len(mail)
    assert 1 <= intake.batches < len(mail)  # at most the first alone, the rest together
    check_inclusion(batched.council, results)


def pr_actor(office: Office, member: str) -> Any:
    account = next(a for a in office.council.access.users() if a.id == office.accounts[member])
    return office.council.access.actor(account, at=OPENED)


def test_letters_read_ahead_are_answered_as_letters_read_in_their_batch(
        two_offices: tuple[Office, Office]) -> None:
    # The intake's writer reads letters ahead while a batch gathers: before any batch has
    # read the members' keys (nothing verified ahead) and after (each key verified ahead).
    batched, alone = two_offices
    desk = batched.council.desk
    mail = letters_for(batched)
    cold = [desk.read_ahead(letter) for letter in mail[:6]]
    assert all(read is None or not read.verified for read in cold)
    results = desk.receive(mail[:6], cold)
    warm = [desk.read_ahead(letter) for letter in mail[6:]]
    assert any(read is not None and read.verified for read in warm)
    results += desk.receive(mail[6:], warm)
    expected = [alone.council.desk.receive([letter])[0] for letter in letters_for(alone)]
    assert [answer(r) for r in results] == [answer(r) for r in expected]


def test_a_key_changed_after_a_letter_was_read_ahead_counts_as_it_is_at_the_batch(
        two_offices: tuple[Office, Office]) -> None:
    batched, _ = two_offices
    desk, access = batched.council.desk, batched.council.access
    desk.receive([incoming(batched, "S/2020/999", signed("S/2020/600", m), m, 0)
                  for m in ("GBR", "USA")])  # refused (no such draft); the keys are read
    gbr = incoming(batched, "S/2020/600", signed("S/2020/600", "GBR"), "GBR", 1)
    usa = incoming(batched, "S/2020/600", signed("S/2020/600", "USA", key="DEU"), "USA", 2)
    reads = [desk.read_ahead(gbr), desk.read_ahead(usa)]
    assert reads[0] is not None and list(reads[0].verified.values()) == [True]
    assert reads[1] is not None and list(reads[1].verified.values()) == [False]
    # Meanwhile GBR revokes the key it signed with, and USA registers DEU's key as its own.
    access.revoke_key(pr_actor(batched, "GBR"), key_id(KEYS["GBR"].public_key()),
                      at=NOW)
    access.register_key(pr_actor(batched, "USA"), public_key_pem(KEYS["DEU"].public_key()),
                        at=NOW)
    gbr_result, usa_result = desk.receive([gbr, usa], reads)
    assert isinstance(gbr_result, BadSignature)
    assert isinstance(usa_result, Receipt)


def test_a_receipt_comes_encoded_as_the_api_sends_it(two_offices: tuple[Office, Office]
                                                     ) -> None:
    from council.receiving import SIGNED_FIELDS
    from council.web.models import ReceiptOut

    assert tuple(ReceiptOut.model_fields) == SIGNED_FIELDS
    batched, _ = two_offices
    results = batched.council.desk.receive(letters_for(batched))
    receipts = [r for r in results if isinstance(r, Receipt)]
    assert len(receipts) > 1
    for receipt in receipts:
        as_route = json.dumps({name: receipt.signed.get(name) for name in SIGNED_FIELDS},
                              ensure_ascii=False, allow_nan=False, indent=None,
                              separators=(",", ":")).encode("utf-8")
        assert receipt.signed_json == as_route


def in_own_loop(main: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run ``main()`` in a new event loop of its own thread, as the server's would be (a test
    that ran before may have left this thread's loop running)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


def test_letters_awaited_in_an_event_loop_get_the_same_answers_one_wake_up_a_batch(
        two_offices: tuple[Office, Office]) -> None:
    batched, alone = two_offices
    intake = Intake(batched.council.desk)
    mail = letters_for(batched)
    wake_ups: list[int] = []

    async def send_all() -> list[Any]:
        loop = asyncio.get_running_loop()
        real = loop.call_soon_threadsafe

        def counted(callback: Any, *args: Any, **kwargs: Any) -> Any:
            wake_ups.append(len(args[0]) if args else 0)  # the batch's results in one call
            return real(callback, *args, **kwargs)

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
        return await asyncio.gather(*(intake.receive(letter) for letter in mail))

    results = in_own_loop(send_all)
    intake.close()
    expected = [alone.council.desk.receive([letter])[0] for letter in letters_for(alone)]
    assert [answer(r) for r in results] == [answer(r) for r in expected]
    assert sum(wake_ups) == len(mail) and len(wake_ups) == intake.batches < len(mail)


def test_a_store_failure_reaches_every_letter_awaited_and_a_waiter_that_left_is_skipped(
        two_offices: tuple[Office, Office], monkeypatch: pytest.MonkeyPatch) -> None:
    batched, _ = two_offices
    intake = Intake(batched.council.desk)
    failure = ConcurrentWrite("the database has gone away")

    def fail(*_: Any) -> Any:
        raise failure

    monkeypatch.setattr(batched.council.desk, "receive", fail)

    async def send() -> list[Any]:
        waiting = [asyncio.ensure_future(intake.receive(letter))
                   for letter in letters_for(batched)[:3]]
        await asyncio.sleep(0)  # all three queued
        waiting[0].cancel()  # its client went away: the batch's answer must skip it
        return await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), 30)

    first, *others = in_own_loop(send)
    intake.close()
    assert isinstance(first, asyncio.CancelledError)
    assert others == [failure, failure]


def test_while_a_batch_gathers_the_letters_in_hand_are_read_ahead(
        two_offices: tuple[Office, Office]) -> None:
    batched, _ = two_offices
    intake = Intake(batched.council.desk)
    queued = [_Queued(letter, Future()) for letter in letters_for(batched)[:4]]
    for item in queued[1:]:
        intake._queue.put(item)
    batch, closing = intake._gather(queued[0], gathering=True)
    assert batch == queued and not closing
    assert all(item.read is not None for item in batch)  # four well-formed letters
    # A letter alone (not under load) is recorded at once, without waiting or reading ahead.
    alone = _Queued(letters_for(batched)[0], Future())
    assert intake._gather(alone, gathering=False) == ([alone], False)
    assert alone.read is None


@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=20), max_size=6))
def test_the_signature_and_proof_of_a_receipt_are_encoded_as_api_json_encodes_them(
        texts: list[str]) -> None:
    assert _api_json_texts(texts) == api_json(texts)
    for text in texts:
        assert _api_json_text(text) == api_json(text)


def test_letters_sent_with_tokens_get_in_a_batch_the_answers_they_get_alone(
        two_offices: tuple[Office, Office]) -> None:
    # A token's actor is authorised once a batch; a refused actor is refused for each letter.
    def mail(office: Office) -> list[Incoming]:
        access = office.council.access
        tokens = {code: access.token_for(f"{code.lower()}-pr", at=OPENED)
                  for code in ("GBR", "USA")}
        access.add_user("officer", "a password, not secret", "secretariat-officer", at=OPENED)
        tokens["SEC"] = access.token_for("officer", at=OPENED)
        sent = [("GBR", "GBR"), ("USA", "SEC"), ("USA", "USA"), ("DEU", "SEC"), ("DEU", "BAD"),
                ("DEU", "GBR"), ("GBR", "GBR")]
        return [Incoming("S/2020/600", signed("S/2020/600", member), NOW + timedelta(seconds=i),
                         token=tokens.get(by, "council_not-a-token"))
                for i, (member, by) in enumerate(sent)]

    batched, alone = two_offices
    together = batched.council.desk.receive(mail(batched))
    one_by_one = [alone.council.desk.receive([letter])[0] for letter in mail(alone)]
    assert [answer(r) for r in together] == [answer(r) for r in one_by_one]
    assert [type(r).__name__ for r in together] == [
        "Receipt", "NotAuthorised", "Receipt", "NotAuthorised", "NotSignedIn", "NotAuthorised",
        "Receipt"]
    assert together[-1].replayed  # type: ignore[union-attr]
