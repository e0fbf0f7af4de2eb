"""The letters' lane (web/lane.py) answers exactly as the FastAPI route it stands in front of.

Two identical offices (one Secretariat key file, the same delegation keys, the same clock),
one app with the lane and one without, get the same requests in the same order: accepted,
retried, refused for every reason the desk has, and requests the lane must hand on to the
route (malformed JSON, a missing field, a serial out of range, another content type, no token,
an Idempotency-Key too long). Every answer must be the same bytes, and the letters stored the
same rows. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from council.council import Council
from council.settings import load_settings
from council.signing import format_time, private_key_pem, public_key_pem, sign_letter
from council.store.repository import Store
from council.web.app import create_app
from tests.web.clock import ManualClock

RECORDS = Path(__file__).resolve().parents[2] / "src" / "council" / "data" / "records"
DRAFT_TEXT = (RECORDS / "S_2020_600.txt").read_text(encoding="utf-8")
OPENED = datetime(2020, 6, 28, 12, 0, tzinfo=UTC)
NOW = OPENED + timedelta(hours=3)
MEMBERS = {"GBR": "permanent-representative", "USA": "permanent-representative",
           "CHN": "charge-d-affaires"}
KEYS = {code: Ed25519PrivateKey.from_private_bytes(bytes([i + 7]) * 32)
        for i, code in enumerate(MEMBERS)}
WRITTEN_TABLES = ("ballots", "letters", "receipts", "log_entries", "tree_heads",
                  "idempotency_keys", "log_state")


@dataclass
class Side:
    council: Council
    client: TestClient
    tokens: dict[str, str]


def side(url: str, key_file: Path, clock: ManualClock, lane: bool) -> Side:
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": url,
                                      "COUNCIL_SECRETARIAT_KEY_FILE": str(key_file)},
                             dotenv=None)
    council = Council(settings, Store(url), clock=clock)
    council.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    council.init()
    tokens = {}
    for code, role in MEMBERS.items():
        account = council.access.add_user(f"{code.lower()}-signer", "not a secret", role, code,
                                          f"Signer for {code}")
        council.access.register_key(council.access.actor(account),
                                    public_key_pem(KEYS[code].public_key()))
        tokens[code] = council.access.token_for(account.username)
    staff = council.access.add_user("gbr-staff", "not a secret", "delegation-staff", "GBR",
                                    "Staff of GBR")
    tokens["staff"] = council.access.token_for(staff.username)
    public = council.access.add_user("reader", "not a secret", "public", None, "A reader")
    tokens["public"] = council.access.token_for(public.username)
    tokens["none"] = "not-a-token"
    for symbol in ("S/2020/600", "S/2020/601"):
        council.add_draft(symbol, ["France"], "The situation in Mali", DRAFT_TEXT,
                          at=OPENED - timedelta(hours=1))
        council.open_vote(symbol, at=OPENED)
    client = TestClient(create_app(council, letter_lane=lane), follow_redirects=False)
    return Side(council, client, tokens)


@pytest.fixture
def sides(database_url: str, tmp_path: Path) -> Iterator[tuple[Side, Side]]:
    key_file = tmp_path / "secretariat.pem"
    key_file.write_text(private_key_pem(Ed25519PrivateKey.generate()), encoding="ascii")
    clock = ManualClock(NOW)
    if database_url.startswith("sqlite"):
        urls = (f"sqlite:///{tmp_path / 'lane.db'}", f"sqlite:///{tmp_path / 'route.db'}")
    else:  # two schemas' worth: the second office gets its own database
        urls = (database_url, _second_postgres_database(database_url))
    pair = (side(urls[0], key_file, clock, lane=True), side(urls[1], key_file, clock, lane=False))
    with pair[0].client, pair[1].client:
        yield pair
    for one in pair:
        one.council.store.dispose()


def _second_postgres_database(url: str) -> str:
    from sqlalchemy import create_engine, text

    base, _, name = url.rpartition("/")
    other = f"{name}_route"
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{other}"'))
        connection.execute(text(f'CREATE DATABASE "{other}"'))
    engine.dispose()
    return f"{base}/{other}"


def letter(symbol: str, member: str, position: str = "yes", **changes: Any) -> dict[str, Any]:
    body = {"kind": "council/letter-of-position/1", "procedure": int(symbol[-3:]) - 599,
            "draft": symbol, "member": member, "position": position,
            "signatory": {"name": f"Signer for {member}", "title": MEMBERS.get(
                member, "permanent-representative")},
            "sent_at": format_time(NOW - timedelta(minutes=5))}
    body.update(changes)
    return body


def signed(symbol: str, member: str, position: str = "yes", key: str | None = None,
           **changes: Any) -> dict[str, Any]:
    return sign_letter(letter(symbol, member, position, **changes), KEYS[key or member])


@dataclass(frozen=True)
class Call:
    what: str
    token: str | None  # whose token (a key of Side.tokens), None: no Authorization
    body: bytes
    path: str = "/api/drafts/2020/600/letters"
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    at: datetime = NOW


def j(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")


GBR = signed("S/2020/600", "GBR")
USA = signed("S/2020/600", "USA", "no")
FLIPPED = {**signed("S/2020/600", "CHN"),
           "signature": signed("S/2020/600", "CHN", "abstain")["signature"]}
CALLS = [
    Call("accepted", "GBR", j(GBR)),
    Call("the same letter again", "GBR", j(GBR)),
    Call("a second position", "GBR", j(signed("S/2020/600", "GBR", "no"))),
    Call("with an idempotency key", "USA", j(USA), headers=(("Idempotency-Key", "k-1"),)),
    Call("retried with its key", "USA", j(USA), headers=(("Idempotency-Key", "k-1"),)),
    Call("the key for another letter", "USA", j(signed("S/2020/601", "USA")),
         path="/api/drafts/2020/601/letters", headers=(("Idempotency-Key", "k-1"),)),
    Call("a flipped signature", "CHN", j(FLIPPED)),
    Call("signed with another's key", "CHN", j(signed("S/2020/600", "CHN", key="GBR"))),
    Call("for another member", "GBR", j(signed("S/2020/601", "USA")),
         path="/api/drafts/2020/601/letters"),
    Call("for another procedure", "CHN", j(signed("S/2020/601", "CHN"))),
    Call("for a draft that does not exist", "CHN", j(signed("S/2020/600", "CHN")),
         path="/api/drafts/2020/999/letters"),
    Call("sent by staff, signed by the PR's key", "staff", j(signed("S/2020/601", "GBR")),
         path="/api/drafts/2020/601/letters"),
    Call("the public may not", "public", j(signed("S/2020/601", "GBR")),
         path="/api/drafts/2020/601/letters"),
    Call("an unknown token", "none", j(GBR)),
    Call("a malformed letter", "CHN", j({"letter": {"member": "CHN"}, "signature": "AAAA"})),
    Call("sent before it was written", "CHN", j(signed(
        "S/2020/600", "CHN", sent_at=format_time(NOW + timedelta(hours=2))))),
    Call("accepted, a Chargé d'affaires", "CHN", j(signed("S/2020/600", "CHN", "abstain"))),
    # What the lane hands on to the route (HANDED_ON):
    Call("not JSON", "USA", b"{not json"),
    Call("a missing field", "USA", j({"letter": letter("S/2020/601", "USA")})),
    Call("an extra field", "USA", j({**signed("S/2020/601", "USA"), "note": 1})),
    Call("a serial out of range", "USA", j(signed("S/2020/601", "USA")),
         path="/api/drafts/2020/0/letters"),
    Call("another content type", "USA", j(signed("S/2020/601", "USA")),
         path="/api/drafts/2020/601/letters", content_type="text/plain"),
    Call("no token", None, j(signed("S/2020/601", "USA")), path="/api/drafts/2020/601/letters"),
    Call("an idempotency key too long", "USA", j(signed("S/2020/601", "USA")),
         path="/api/drafts/2020/601/letters", headers=(("Idempotency-Key", "k" * 201),)),
    Call("a body over MAX_REQUEST_BYTES", "USA", b" " * 2_000_001 + j(signed("S/2020/601", "USA")),
         path="/api/drafts/2020/601/letters"),
    Call("accepted on the second draft", "USA", j(signed("S/2020/601", "USA")),
         path="/api/drafts/2020/601/letters"),
    Call("after the period", "CHN", j(signed("S/2020/601", "CHN")),
         path="/api/drafts/2020/601/letters", at=OPENED + timedelta(hours=24)),
]


HANDED_ON = ("not JSON", "a missing field", "an extra field", "a serial out of range",
             "another content type", "no token", "an idempotency key too long",
             "a body over MAX_REQUEST_BYTES")
assert set(HANDED_ON) <= {call.what for call in CALLS}


def send(one: Side, call: Call) -> tuple[int, str | None, bytes]:
    headers = {"Content-Type": call.content_type, **dict(call.headers)}
    if call.token is not None:
        headers["Authorization"] = f"Bearer {one.tokens[call.token]}"
    response = one.client.post(call.path, content=call.body, headers=headers)
    return response.status_code, response.headers.get("content-type"), response.content


def test_the_lane_answers_every_request_as_the_route_does(sides: tuple[Side, Side]) -> None:
    lane, route = sides
    clock = lane.council.clock
    assert isinstance(clock, ManualClock)
    statuses = []
    for call in CALLS:
        clock.set(call.at)
        through_lane, through_route = send(lane, call), send(route, call)
        assert through_lane == through_route, call.what
        statuses.append(through_lane[0])
    assert statuses == [201, 200, 409, 201, 200, 422, 422, 422, 403, 422, 404, 201, 403, 401,
                        422, 422, 201, 422, 422, 422, 422, 422, 401, 422, 413, 201, 409]
    written = [[row for row in one.council.store.dump() if row[0] in WRITTEN_TABLES]
               for one in sides]
    assert written[0] == written[1]
    # The lane took the letters it was sure of, and handed on the rest.
    intake = lane.client.app.state.intake  # type: ignore[attr-defined]
    assert intake.letters == len(CALLS) - len(HANDED_ON)
    assert route.client.app.state.intake.letters == 0  # type: ignore[attr-defined]


def test_a_store_that_fails_answers_503_through_the_lane_as_through_the_route(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'never-initialised.db'}"
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None)
    answers = []
    for lane in (True, False):
        council = Council(settings, Store(url), clock=ManualClock(NOW))
        with TestClient(create_app(council, letter_lane=lane)) as client:
            response = client.post("/api/drafts/2020/600/letters", content=j(GBR),
                                   headers={"Authorization": "Bearer some-token",
                                            "Content-Type": "application/json"})
        answers.append((response.status_code, response.content))
        council.store.dispose()
    assert answers[0] == answers[1]
    assert answers[0][0] == 503 and b"has no Council schema" in answers[0][1]
