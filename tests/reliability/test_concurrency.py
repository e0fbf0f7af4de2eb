"""Concurrency (issue 5): 1,050 signed letters on 70 procedures sent by 32 clients at once over
HTTP on loopback, with racing duplicates: nothing lost, nothing duplicated, every client told
the truth.

A real uvicorn server (``live_server``) runs the app over a Council whose clock stands six
hours into a 24-hour voting period. Each of the 15 members of the 2020 Council signs its
letters with its own registered Ed25519 key and sends them with its own API token. On every
draft one member's letter is raced: the same letter sent by several clients at once, with the
same Idempotency-Key, without one, or with different keys, and on some drafts a different
letter (another position) from the same member racing it; once, 32 clients all at once.

Afterwards:

* nothing lost: every 200 or 201 acknowledged a letter that is in the database with that very
  receipt, which verifies with the Secretariat's key and proves the letter's inclusion in the
  log;
* nothing duplicated: one ballot, letter, receipt, letter-received and receipt-issued entry per
  member per procedure, counted row by row;
* everyone told the truth: one request per member and procedure got 201, every identical
  request the original receipt with 200, byte for byte the same JSON, and every request with
  the losing letter a 409 saying the member already sent its letter.
"""

from __future__ import annotations

import json
import random
import threading
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from council.council import Council
from council.log import check_receipt_inclusion
from council.settings import load_settings
from council.signing import load_public_key, verify_receipt
from council.store.repository import Store
from council.web.app import create_app
from tests.reliability.support import Delegation, Pair, check_store, enrol, letter_sha256
from tests.web.clock import ManualClock
from tests.web.conftest import LiveServer

OPENED = datetime(2020, 6, 28, 12, 0, tzinfo=UTC)
NOW = OPENED + timedelta(hours=6)  # the Council's clock, far inside the 24-hour period
SENT_AT = NOW - timedelta(minutes=1)
DRAFTS = 70
CLIENTS = 32
BARRIER_TIMEOUT = 60.0
SEED = 20200628

# A race: who sends what at the same moment. "A" is the member's letter ("yes"), "B" a
# different letter from the same member ("no"); the second item is the Idempotency-Key's
# name (None: no key). Every client of a race waits at a barrier, then sends.
RACES: dict[str, list[tuple[str, str | None]]] = {
    "same letter, same key": [("A", "k1")] * 4,
    "same letter, no key": [("A", None)] * 4,
    "same letter, mixed keys": [("A", "k1"), ("A", "k1"), ("A", None), ("A", None),
                                ("A", "k2")],
    "different letters": [("A", "k1"), ("A", "k1"), ("A", None), ("B", "k3"), ("B", None)],
    "two different letters": [("A", None), ("B", "k3")],
}
STAMPEDE = ([("A", "k1")] * 12 + [("A", None)] * 8 + [("A", "k2")] * 4 + [("B", "k3")] * 4
            + [("B", None)] * 4)
assert len(STAMPEDE) == CLIENTS


@dataclass(frozen=True)
class Request:
    """One POST of a signed letter."""

    pair: Pair
    path: str
    delegation: Delegation
    letter: str  # "A" or "B"
    body: bytes
    key: str | None
    barrier: threading.Barrier | None


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


@dataclass
class Campaign:
    council: Council
    delegations: dict[str, Delegation]
    procedures: dict[str, int]  # draft symbol -> procedure id


@pytest.fixture
def campaign(database_url: str) -> Iterator[Campaign]:
    """70 drafts of June 2020 in voting since noon, each member with a PR, a key, a token."""
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": database_url}, dotenv=None)
    store = Store(settings.database_url)
    council = Council(settings, store, clock=ManualClock(NOW))
    council.init()
    members = [m.code for m in council.members(2020).members]
    delegations = enrol(council, members)
    procedures = {}
    for serial in range(701, 701 + DRAFTS):
        symbol = f"S/2020/{serial}"
        council.add_draft(symbol, ["France"], "The situation in Mali",
                          at=OPENED - timedelta(hours=1))
        council.open_vote(symbol, at=OPENED)
        procedures[symbol] = council.procedure_id(symbol)
    yield Campaign(council, delegations, procedures)
    store.dispose()


def plan(campaign: Campaign) -> list[Request]:
    """Every member's letter on every draft, one member per draft raced; shuffled."""
    kinds = list(RACES)
    units: list[list[Request]] = []
    for number, (symbol, procedure_id) in enumerate(sorted(campaign.procedures.items())):
        year, serial = symbol.split("/")[1:]
        path = f"/api/drafts/{year}/{serial}/letters"
        members = sorted(campaign.delegations)
        raced = members[number % len(members)]
        race = STAMPEDE if number == DRAFTS // 2 else RACES[kinds[number % len(kinds)]]
        for member in members:
            delegation = campaign.delegations[member]
            pair = (procedure_id, member)
            bodies = {"A": delegation.sign(procedure_id, symbol, "yes", SENT_AT),
                      "B": delegation.sign(procedure_id, symbol, "no", SENT_AT)}
            if member != raced:
                key = f"{symbol}/{member}" if len(units) % 2 else None
                units.append([Request(pair, path, delegation, "A", bodies["A"], key, None)])
                continue
            barrier = threading.Barrier(len(race), timeout=BARRIER_TIMEOUT)
            units.append([Request(pair, path, delegation, letter, bodies[letter],
                                  f"{symbol}/{member}/{name}" if name else None, barrier)
                          for letter, name in race])
    random.Random(SEED).shuffle(units)
    # A race's requests stay together in the pool's FIFO queue, and no race has more
    # requests than there are clients: every race's clients meet at its barrier.
    return [request for unit in units for request in unit]


def send_all(base_url: str, requests: list[Request]) -> list[Answer]:
    """Send every request from CLIENTS threads, each with its own connection pool."""
    local = threading.local()
    clients: list[httpx.Client] = []
    lock = threading.Lock()

    def send(request: Request) -> Answer:
        client = getattr(local, "client", None)
        if client is None:
            # A new connection for every request: a client that waited at a race's barrier
            # longer than the server keeps an idle connection (5 s) would otherwise send on a
            # connection the server is closing, and get a reset that is no answer at all.
            client = local.client = httpx.Client(
                base_url=base_url, timeout=120,
                limits=httpx.Limits(max_keepalive_connections=0))
            with lock:
                clients.append(client)
        if request.barrier is not None:
            request.barrier.wait()
        response = client.post(request.path, content=request.body,
                               headers=request.delegation.headers(request.key))
        return Answer(response.status_code, response.content)

    try:
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            return list(pool.map(send, requests))
    finally:
        for client in clients:
            client.close()


def error_of(answer: Answer) -> str:
    """The ``error`` of an API error body, or "" if the body is not one."""
    try:
        error = json.loads(answer.body).get("error", "")
    except (ValueError, AttributeError):
        return ""
    return error if isinstance(error, str) else ""


def judge(requests: list[Request], answers: list[Answer], stored_letter: str | None
          ) -> tuple[bytes | None, list[str]]:
    """The acknowledged receipt of one member on one procedure, and every lie told."""
    problems = []
    winner = next((r.letter for r in requests if letter_sha256(r.body) == stored_letter), None)
    if winner is None:
        return None, [f"none of the letters sent is the one stored ({stored_letter})"]
    won = [a for r, a in zip(requests, answers, strict=True) if r.letter == winner]
    lost = [a for r, a in zip(requests, answers, strict=True) if r.letter != winner]
    statuses = sorted(a.status for a in won)
    if statuses != [200] * (len(won) - 1) + [201]:
        problems.append(f"the stored letter {winner} was answered {statuses}; expected one 201 "
                        "and 200 for every identical request")
    if len({a.body for a in won}) != 1:
        problems.append(f"the {len(won)} requests with the stored letter {winner} got "
                        f"{len({a.body for a in won})} different bodies; expected the original "
                        "receipt, byte for byte")
    for answer in lost:
        if answer.status != 409 or "already sent its letter" not in error_of(answer):
            problems.append(f"a different letter lost the race and was answered "
                            f"{answer.status} {answer.body[:300]!r}; expected 409 saying the "
                            "member already sent its letter")
    acknowledged = next((a.body for a in won if a.status == 201), None)
    return acknowledged, problems


def test_racing_clients_lose_nothing_duplicate_nothing_and_are_told_the_truth(
    campaign: Campaign, live_server: LiveServer
) -> None:
    council = campaign.council
    base_url = live_server(create_app(council))
    requests = plan(campaign)

    answers = send_all(base_url, requests)

    by_pair: dict[Pair, list[tuple[Request, Answer]]] = defaultdict(list)
    for request, answer in zip(requests, answers, strict=True):
        by_pair[request.pair].append((request, answer))
    found = check_store(council.store)
    secretariat = load_public_key(council.secretariat_public_key())
    problems = list(found.problems)
    for pair, sent in sorted(by_pair.items()):
        where = f"{pair[1]} on procedure {pair[0]}"
        acknowledged, lies = judge([r for r, _ in sent], [a for _, a in sent],
                                   found.letters.get(pair))
        problems += [f"{where}: {lie}" for lie in lies]
        if acknowledged is None:
            continue
        receipt = json.loads(acknowledged)
        if receipt != found.receipts.get(pair):
            problems.append(f"{where}: the acknowledged receipt is not the stored one")
        try:
            body = verify_receipt(receipt, secretariat)
            check_receipt_inclusion(receipt, secretariat)
        except Exception as exc:
            problems.append(f"{where}: the acknowledged receipt does not verify: {exc}")
            continue
        if body["letter_sha256"] != found.letters.get(pair):
            problems.append(f"{where}: the receipt acknowledges another letter")

    letters = DRAFTS * len(campaign.delegations)
    print(f"\n{len(requests)} requests from {CLIENTS} clients, {letters} letters")
    assert len(requests) >= letters + CLIENTS
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:50])
    assert set(found.letters) == set(by_pair)
    counts = {k: v for k, v in found.counts.items() if k != "idempotency keys"}
    assert counts == {
        "ballots": letters, "letters": letters, "receipts": letters,
        "log entries": 2 * DRAFTS + 2 * letters,  # registered, opened; received, issued
        "letter-received": letters, "receipt-issued": letters,
    }
