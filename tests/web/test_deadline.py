"""The deadline with the injected clock (issue 4, point 5): a letter is on time when
opened_at ≤ arrival < closes_at, the arrival read from the server's clock when the request
arrives. At closes_at − 1 ms it is accepted; at closes_at it is refused with 409 and a message
giving the deadline; through the API (signed) and through the web form alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from council.council import Council
from council.settings import load_settings
from council.signing import format_time, public_key_pem, sign_letter
from council.store.repository import Store
from council.web.app import create_app
from tests.web.clock import ManualClock

RECORDS = Path(__file__).resolve().parents[2] / "src" / "council" / "data" / "records"
OPENED = datetime(2020, 6, 28, 12, 0, tzinfo=UTC)
CLOSES = OPENED + timedelta(hours=24)  # 2020-06-29 12:00 UTC, 08:00 in New York
JUST_BEFORE = CLOSES - timedelta(milliseconds=1)
PASSWORD = "correct horse battery"


@dataclass
class Vote:
    council: Council
    clock: ManualClock
    client: TestClient
    key: Ed25519PrivateKey
    token: str

    def api_letter(self, position: str = "yes") -> int:
        """France's letter on S/2020/600, signed and sent now; returns the status."""
        now = self.clock()
        letter = {"kind": "council/letter-of-position/1",
                  "procedure": self.council.procedure_id("S/2020/600"), "draft": "S/2020/600",
                  "member": "FRA", "position": position,
                  "signatory": {"name": "Nicolas de Rivière",
                                "title": "permanent-representative"},
                  "sent_at": format_time(now)}
        self.last = self.client.post("/api/drafts/2020/600/letters",
                                     json=sign_letter(letter, self.key),
                                     headers={"Authorization": f"Bearer {self.token}"})
        return self.last.status_code

    def form_letter(self, position: str = "yes") -> int:
        """The signed-in PR's letter through the form."""
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get("/account").text)
        assert csrf is not None
        self.last = self.client.post("/drafts/2020/600/vote", data={
            "csrf_token": csrf.group(1), "position": position, "confirm": "yes"})
        return self.last.status_code

    def ready(self) -> None:
        """Sign in and use the token at the clock's time, so that what a refused letter must
        not change is not confused with the credentials' own bookkeeping (last use)."""
        login = self.client.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
        assert csrf is not None
        signed_in = self.client.post("/login", data={
            "csrf_token": csrf.group(1), "username": "fra-pr", "password": PASSWORD})
        assert signed_in.status_code == 303
        me = self.client.get("/api/me", headers={"Authorization": f"Bearer {self.token}"})
        assert me.json()["member"] == "FRA"


@pytest.fixture
def vote(sqlite_url: str) -> Iterator[Vote]:
    """S/2020/600 put to the vote at noon on 28 June 2020 for 24 hours; France's PR with a
    registered key and an API token (signed in by ``Vote.ready``)."""
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": sqlite_url}, dotenv=None)
    store = Store(settings.database_url)
    clock = ManualClock(OPENED - timedelta(hours=1))
    council = Council(settings, store, clock=clock)
    council.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    council.init()
    account = council.access.add_user("fra-pr", PASSWORD, "permanent-representative", "FRA",
                                      "Nicolas de Rivière")
    key = Ed25519PrivateKey.generate()
    council.access.register_key(council.access.actor(account), public_key_pem(key.public_key()))
    council.add_draft("S/2020/600", ["France"], "The situation in Mali",
                      (RECORDS / "S_2020_600.txt").read_text(encoding="utf-8"))
    council.open_vote("S/2020/600", at=OPENED)
    with TestClient(create_app(council), follow_redirects=False) as client:
        yield Vote(council, clock, client, key, council.access.token_for("fra-pr"))
    store.dispose()


@pytest.mark.parametrize("send", [Vote.api_letter, Vote.form_letter], ids=["api", "form"])
def test_a_letter_one_millisecond_before_the_deadline_is_accepted(vote: Vote, send: object
                                                                  ) -> None:
    vote.clock.set(JUST_BEFORE)
    vote.ready()

    status = send(vote)  # type: ignore[operator]

    assert status in (201, 303), vote.last.text
    ballot = vote.council.procedure("S/2020/600").ballot_of("FRA")
    assert ballot is not None and ballot.received_at == JUST_BEFORE
    receipt = vote.council.receipt("S/2020/600", "FRA").signed["receipt"]
    assert receipt["received_at"] == "2020-06-29T11:59:59.999Z"


@pytest.mark.parametrize("send", [Vote.api_letter, Vote.form_letter], ids=["api", "form"])
def test_a_letter_at_the_deadline_is_refused_with_409_giving_the_deadline(vote: Vote,
                                                                         send: object) -> None:
    vote.clock.set(CLOSES)
    vote.ready()
    before = vote.council.store.dump()

    status = send(vote)  # type: ignore[operator]

    assert status == 409
    message = (vote.last.json()["error"] if vote.last.headers["content-type"].startswith(
        "application/json") else vote.last.text)
    assert ("Letter from France received at 2020-06-29 12:00 UTC, after the voting period on "
            "S/2020/600 ended at 2020-06-29 12:00 UTC") in message
    assert vote.council.procedure("S/2020/600").ballot_of("FRA") is None
    assert vote.council.store.dump() == before


def test_the_deadline_is_the_clock_at_arrival_not_the_letters_sent_at(vote: Vote) -> None:
    vote.clock.set(CLOSES + timedelta(seconds=1))
    vote.ready()
    letter = {"kind": "council/letter-of-position/1",
              "procedure": vote.council.procedure_id("S/2020/600"), "draft": "S/2020/600",
              "member": "FRA", "position": "yes",
              "signatory": {"name": "Nicolas de Rivière", "title": "permanent-representative"},
              "sent_at": format_time(CLOSES - timedelta(minutes=1))}  # "sent" in time

    response = vote.client.post("/api/drafts/2020/600/letters",
                                json=sign_letter(letter, vote.key),
                                headers={"Authorization": f"Bearer {vote.token}"})

    assert response.status_code == 409
    assert "ended at 2020-06-29 12:00 UTC" in response.json()["error"]


def test_the_draft_page_shows_the_deadline_in_utc_and_new_york_time(vote: Vote) -> None:
    vote.clock.set(JUST_BEFORE)

    page = vote.client.get("/drafts/2020/600").text
    api = vote.client.get("/api/drafts/2020/600").json()

    assert "<strong>2020-06-29 12:00 UTC</strong> · 2020-06-29 08:00 EDT (New York)" in page
    assert api["closes_at"] == {"utc": "2020-06-29T12:00:00Z", "local": "2020-06-29 08:00 EDT",
                                "zone": "America/New_York"}
