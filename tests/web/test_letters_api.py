"""Signed letters and receipts over the API, with real Ed25519 keys (issue 4, docs/signing.md).

Every test runs on SQLite and on PostgreSQL (the ``database_url`` fixture of tests/conftest.py).
A letter is accepted with 201 and a receipt that verifies with the Secretariat's key, in
process (``verify_receipt``) and offline with ``council verify-receipt``; a refused letter is
refused with a message naming the problem, and the store is left exactly as it was.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from council.cli import main
from council.council import Council
from council.settings import load_settings
from council.signing import (
    canonical_json,
    format_time,
    load_public_key,
    public_key_pem,
    sign_letter,
    verify_receipt,
)
from council.store.repository import Store
from council.web.app import create_app
from tests.web.clock import ManualClock

RECORDS = Path(__file__).resolve().parents[2] / "src" / "council" / "data" / "records"
DRAFT_TEXT = (RECORDS / "S_2020_600.txt").read_text(encoding="utf-8")
OPENED = datetime(2020, 6, 28, 12, 0, tzinfo=UTC)
NOW = OPENED + timedelta(hours=4, minutes=30)
PASSWORD = "correct horse battery"


@dataclass
class Setup:
    council: Council
    client: TestClient
    clock: ManualClock
    keys: dict[str, Ed25519PrivateKey]
    tokens: dict[str, str]

    def headers(self, member: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[member]}"}

    def letter(self, symbol: str = "S/2020/600", member: str = "GBR", position: str = "yes",
               **changes: Any) -> dict[str, Any]:
        letter = {
            "kind": "council/letter-of-position/1",
            "procedure": self.council.procedure_id(symbol),
            "draft": symbol,
            "member": member,
            "position": position,
            "signatory": {"name": NAMES[member], "title": "permanent-representative"},
            "sent_at": format_time(NOW - timedelta(minutes=1)),
        }
        letter.update(changes)
        return letter

    def post(self, envelope: dict[str, Any], member: str = "GBR",
             symbol: str = "S/2020/600") -> Any:
        year, serial = symbol.split("/")[1:]
        return self.client.post(f"/api/drafts/{year}/{serial}/letters", json=envelope,
                                headers=self.headers(member))


NAMES = {"GBR": "Karen Pierce", "USA": "Kelly Craft"}


@pytest.fixture
def setup(database_url: str) -> Iterator[Setup]:
    """June 2020: S/2020/600 and S/2020/601 in voting since noon; the United Kingdom and the
    United States each have a PR account, an API token and a registered key."""
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": database_url}, dotenv=None)
    store = Store(settings.database_url)
    clock = ManualClock(NOW)
    council = Council(settings, store, clock=clock)
    # Real argon2 at its lowest cost: the hashing is not what these tests are about.
    council.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    council.init()
    keys, tokens = {}, {}
    for member, username in (("GBR", "gbr-pr"), ("USA", "usa-pr")):
        account = council.access.add_user(username, PASSWORD, "permanent-representative",
                                          member, NAMES[member])
        keys[member] = Ed25519PrivateKey.generate()
        council.access.register_key(council.access.actor(account),
                                    public_key_pem(keys[member].public_key()))
        tokens[member] = council.access.token_for(username)
    for symbol in ("S/2020/600", "S/2020/601"):
        council.add_draft(symbol, ["France"], "The situation in Mali", DRAFT_TEXT,
                          at=OPENED - timedelta(hours=1))
        council.open_vote(symbol, at=OPENED)
    with TestClient(create_app(council), follow_redirects=False) as client:
        yield Setup(council, client, clock, keys, tokens)
    store.dispose()


def run_cli(*args: str, council: Council | None = None) -> Any:
    """``council ARGS`` in process; with ``council``, on that Council's database (the CLI
    would open its own store for --db and leave its connection to the garbage collector)."""
    obj = {"council": council} if council is not None else None
    return CliRunner().invoke(main, list(args), obj=obj, catch_exceptions=False)


def secretariat_key_file(setup: Setup, tmp_path: Path) -> Path:
    """The Secretariat's public key as `council secretariat-key` prints it."""
    result = run_cli("secretariat-key", council=setup.council)
    assert result.exit_code == 0, result.output
    assert result.output == setup.client.get("/api/secretariat-key").json()["public_key"]
    path = tmp_path / "secretariat.pub"
    path.write_text(result.output, encoding="ascii")
    return path


def verify_offline(receipt: Any, public_key: Path, tmp_path: Path,
                   letter: Any | None = None) -> Any:
    receipt_file = tmp_path / "receipt.json"
    receipt_file.write_text(json.dumps(receipt), encoding="utf-8")
    args = ["verify-receipt", str(receipt_file), "--public-key", str(public_key)]
    if letter is not None:
        letter_file = tmp_path / "letter.json"
        letter_file.write_text(json.dumps(letter, ensure_ascii=False), encoding="utf-8")
        args += ["--letter", str(letter_file)]
    return run_cli(*args)


def flip_bit(signature: str) -> str:
    raw = bytearray(base64.b64decode(signature))
    raw[10] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


# ---------------------------------------------------------------------------------------------


def test_a_signed_letter_is_accepted_and_its_receipt_verifies_online_and_offline(
        setup: Setup, tmp_path: Path) -> None:
    signed = sign_letter(setup.letter(), setup.keys["GBR"])

    response = setup.post(signed)

    assert response.status_code == 201, response.text
    receipt = response.json()
    body = verify_receipt(receipt, load_public_key(
        setup.client.get("/api/secretariat-key").json()["public_key"]))
    assert {k: body[k] for k in ("kind", "procedure", "draft", "member", "position")} == {
        "kind": "council/receipt/1", "procedure": setup.council.procedure_id("S/2020/600"),
        "draft": "S/2020/600", "member": "GBR", "position": "yes"}
    assert body["received_at"] == "2020-06-28T16:30:00.000Z"  # the server's clock, not sent_at
    assert body["letter_sha256"] == hashlib.sha256(canonical_json(signed["letter"])).hexdigest()
    again = setup.client.get("/api/drafts/2020/600/receipt", headers=setup.headers("GBR"))
    assert again.json() == receipt

    public_key = secretariat_key_file(setup, tmp_path)
    offline = verify_offline(receipt, public_key, tmp_path, letter=signed)
    assert offline.exit_code == 0, offline.output
    assert offline.output.startswith(
        "Receipt verified: GBR on S/2020/600 (procedure 1), yes, received "
        "2020-06-28T16:30:00.000Z, letter SHA-256 ")


def test_refused_letters_name_the_problem_and_store_nothing(setup: Setup) -> None:
    gbr, usa = setup.keys["GBR"], setup.keys["USA"]
    accepted = setup.post(sign_letter(setup.letter(symbol="S/2020/601"), gbr), symbol="S/2020/601")
    assert accepted.status_code == 201, accepted.text
    good = sign_letter(setup.letter(), gbr)
    malformed = {"kind": "council/letter-of-position/1", "procedure": 1, "draft": "S/2020/600",
                 "member": "GBR", "position": "maybe", "colour": "blue",
                 "signatory": {"name": "Karen Pierce", "title": "deputy"}}
    future = setup.letter(sent_at=format_time(NOW + timedelta(seconds=301)))
    cases: list[tuple[str, dict[str, Any], str, int, str]] = [
        ("a flipped bit in the signature",
         {**good, "signature": flip_bit(good["signature"])}, "S/2020/600", 422,
         "The signature does not verify with any key registered for United Kingdom of Great "
         "Britain and Northern Ireland (keys "),
        ("signed with another delegation's registered key",
         sign_letter(setup.letter(), usa), "S/2020/600", 422,
         "the letter was altered, or signed with another key."),
        ("replayed for another procedure",
         good, "S/2020/601", 422,
         "The letter is for procedure 1 on draft S/2020/600; it was sent to procedure 2 on "
         "draft S/2020/601. A letter counts only for the vote it names."),
        ("sent twice: a second letter from the same member",
         sign_letter(setup.letter(symbol="S/2020/601", position="no"), gbr), "S/2020/601",
         409, "already sent its letter on S/2020/601 (yes, received 2020-06-28 16:30 UTC); a "
              "member sends one letter and it cannot be replaced."),
        ("a malformed letter",
         {"letter": malformed,
          "signature": base64.b64encode(gbr.sign(canonical_json(malformed))).decode()},
         "S/2020/600", 422,
         "The letter of position has 4 problem(s): unknown field(s) colour; a letter has "
         "exactly kind, procedure, draft, member, position, signatory, sent_at; missing "
         "field(s) sent_at; position is 'maybe'; expected one of: yes, no, abstain; "
         "signatory title is 'deputy'; only permanent-representative or charge-d-affaires "
         "may sign (R6)."),
        ("sent_at beyond the clock skew",
         sign_letter(future, gbr), "S/2020/600", 422,
         "The letter says it was sent at 2020-06-28 16:35:01 UTC, later than its arrival at "
         "2020-06-28 16:30:00 UTC; check the clock that signs the letters."),
        ("a signature that is not base64",
         {**good, "signature": "not base64!"}, "S/2020/600", 422,
         "The signature is not valid base64"),
    ]
    problems = []
    for name, envelope, symbol, status, message in cases:
        before = setup.council.store.dump()
        response = setup.post(envelope, symbol=symbol)
        body = response.json()
        if (response.status_code, body.get("status")) != (status, status):
            problems.append(f"{name}: {response.status_code} {body}")
        elif message not in body["error"]:
            problems.append(f"{name}: message {body['error']!r}")
        if setup.council.store.dump() != before:
            problems.append(f"{name}: the store changed")

    assert problems == []


def test_a_letter_sent_again_unchanged_gets_the_original_receipt_and_is_stored_once(
        setup: Setup) -> None:
    signed = sign_letter(setup.letter(), setup.keys["GBR"])
    first = setup.post(signed)
    before = setup.council.store.dump()
    setup.clock.advance(seconds=30)  # a retry, within the minute token use is recorded to

    second = setup.post(signed)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert setup.council.store.dump() == before


def test_a_letter_within_the_clock_skew_is_accepted(setup: Setup) -> None:
    letter = setup.letter(member="USA", sent_at=format_time(NOW + timedelta(seconds=299)))

    response = setup.post(sign_letter(letter, setup.keys["USA"]), member="USA")

    assert response.status_code == 201, response.text
    assert response.json()["receipt"]["received_at"] == "2020-06-28T16:30:00.000Z"


def test_keygen_register_sign_send_and_verify_with_the_cli(setup: Setup, tmp_path: Path
                                                            ) -> None:
    key = tmp_path / "gbr.key"
    keygen = run_cli("keygen", str(key))
    assert keygen.exit_code == 0, keygen.output
    registered = setup.client.post(
        "/api/keys", json={"public_key": (tmp_path / "gbr.key.pub").read_text()},
        headers=setup.headers("GBR"))
    assert registered.status_code == 201, registered.text
    assert registered.json()["key_id"] in keygen.output
    letter_file = tmp_path / "letter.json"
    letter_file.write_text(json.dumps(setup.letter(position="abstain"), indent=4),
                           encoding="utf-8")

    signed = run_cli("sign", str(letter_file), "--key", str(key), "--out",
                     str(tmp_path / "letter.signed.json"))
    envelope = json.loads((tmp_path / "letter.signed.json").read_text(encoding="utf-8"))
    response = setup.post(envelope)

    assert signed.exit_code == 0 and signed.output == f"Wrote {tmp_path}/letter.signed.json.\n"
    assert envelope["key_id"] == registered.json()["key_id"]
    assert response.status_code == 201, response.text
    public_key = secretariat_key_file(setup, tmp_path)
    ok = verify_offline(response.json(), public_key, tmp_path, letter=envelope)
    other = verify_offline(response.json(), public_key, tmp_path,
                           letter=sign_letter(setup.letter(position="no"), setup.keys["GBR"]))
    assert ok.exit_code == 0, ok.output
    assert other.exit_code == 1
    assert re.search(r"The receipt acknowledges a letter with SHA-256 [0-9a-f]{64}, not ",
                     other.output)


def test_every_receipt_issued_by_the_form_and_the_api_verifies_offline(
        setup: Setup, tmp_path: Path) -> None:
    council = setup.council
    council.access.add_user("usa-cda", PASSWORD, "charge-d-affaires", "USA", "Cherith Chalet")
    page = setup.client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    signed_in = setup.client.post("/login", data={"csrf_token": csrf.group(1),
                                                  "username": "usa-cda", "password": PASSWORD})
    form_csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                          setup.client.get("/account").text)
    assert signed_in.status_code == 303 and form_csrf is not None
    voted = setup.client.post("/drafts/2020/600/vote", data={
        "csrf_token": form_csrf.group(1), "position": "no", "confirm": "yes"})
    assert voted.status_code == 303 and voted.headers["location"] == "/drafts/2020/600/receipt"
    setup.client.cookies.clear()
    for symbol in ("S/2020/600", "S/2020/601"):
        sent = setup.post(sign_letter(setup.letter(symbol), setup.keys["GBR"]), symbol=symbol)
        assert sent.status_code == 201, sent.text
    public_key = secretariat_key_file(setup, tmp_path)
    web_receipt = setup.client.get("/api/drafts/2020/600/receipt", params={"member": "USA"},
                                   headers=setup.headers("USA"))
    receipts = [web_receipt.json()] + [
        setup.client.get(f"/api/drafts/2020/{serial}/receipt",
                         headers=setup.headers("GBR")).json() for serial in (600, 601)]

    results = [verify_offline(receipt, public_key, tmp_path) for receipt in receipts]

    assert [r.exit_code for r in results] == [0, 0, 0], [r.output for r in results]
    assert [(r["receipt"]["member"], r["receipt"]["draft"]) for r in receipts] == [
        ("USA", "S/2020/600"), ("GBR", "S/2020/600"), ("GBR", "S/2020/601")]
    letter = council.receipt("S/2020/600", "USA").letter
    assert letter["signatory"] == {"name": "Cherith Chalet", "title": "charge-d-affaires"}
    tampered = json.loads(json.dumps(receipts[0]))
    tampered["receipt"]["position"] = "yes"
    refused = verify_offline(tampered, public_key, tmp_path)
    assert refused.exit_code == 1
    assert "The receipt's signature does not verify with the Secretariat's key" in refused.output
