"""The web app's plumbing (issue 4, points 2 and 6): one error shape, the body-size limit,
sign-in throttling, sessions and their cookies, CSRF, API tokens, forms that keep what the user
typed, and who may read the opening letter while the vote runs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from council.council import Council
from council.settings import load_settings
from council.store.repository import Store
from council.web.app import create_app
from tests.web.clock import ManualClock

RECORDS = Path(__file__).resolve().parents[2] / "src" / "council" / "data" / "records"
DRAFT_TEXT = (RECORDS / "S_2020_600.txt").read_text(encoding="utf-8")
NOW = datetime(2020, 6, 28, 16, 30, tzinfo=UTC)
PASSWORD = "correct horse battery"
ACCOUNTS = (
    ("scad", "secretariat-director", None, "SCAD Director"),
    ("fra-pr", "permanent-representative", "FRA", "Nicolas de Rivière"),
    ("gbr-staff", "delegation-staff", "GBR", "G. Staff"),
    ("reader", "public", None, "A. Reader"),
)


@dataclass
class Web:
    council: Council
    clock: ManualClock
    app_settings: dict[str, str]

    def client(self, address: str = "testclient", secure_cookies: bool | None = None
               ) -> TestClient:
        app = create_app(self.council, secure_cookies=secure_cookies)
        return TestClient(app, follow_redirects=False, client=(address, 50000))


@pytest.fixture
def web(sqlite_url: str, request: pytest.FixtureRequest) -> Iterator[Web]:
    """A Council on SQLite at 28 June 2020 16:30 UTC, with S/2020/600 in voting since noon;
    settings from the test's ``settings`` marker-free parametrisation (``web_settings``)."""
    overrides = getattr(request, "param", {})
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": sqlite_url}, dotenv=None)
    settings = settings.replace(**overrides) if overrides else settings
    store = Store(settings.database_url)
    clock = ManualClock(NOW)
    council = Council(settings, store, clock=clock)
    # Real argon2 at its lowest cost: the throttling tests sign in wrongly many times.
    council.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    council.init()
    for username, role, member, name in ACCOUNTS:
        council.access.add_user(username, PASSWORD, role, member, name)
    council.add_draft("S/2020/600", ["France"], "The situation in Mali", DRAFT_TEXT,
                      at=NOW - timedelta(hours=5))
    council.open_vote("S/2020/600", at=NOW - timedelta(hours=4, minutes=30))
    yield Web(council, clock, overrides)
    store.dispose()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found is not None, "no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    """Post the real sign-in form with its CSRF cookie; returns the status."""
    form = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_of(form.text),
                                           "username": username, "password": password})
    client.last = response  # type: ignore[attr-defined]
    return response.status_code


def who(client: TestClient) -> str | None:
    username: str | None = client.get("/api/me").json()["username"]
    return username


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- one error shape ----------------------------------------------------------------------------


def test_api_errors_have_one_shape(web: Web) -> None:
    with web.client() as client:
        token = web.council.access.token_for("scad")
        not_found = client.get("/api/drafts/2020/999")
        invalid = client.post("/api/drafts", headers=bearer(token),
                              json={"symbol": "S/2020/601", "sponsors": [], "colour": "blue"})
        conflict = client.post("/api/drafts/2020/600/open", headers=bearer(
            web.council.access.token_for("fra-pr")))
        no_route = client.get("/api/nothing-here")

    for response in (not_found, invalid, conflict, no_route):
        body = response.json()
        assert set(body) == {"ok", "status", "error", "errors"}
        assert body["ok"] is False and body["status"] == response.status_code
    assert (not_found.status_code, conflict.status_code, no_route.status_code) == (404, 409, 404)
    assert "No draft 'S/2020/999' in the store" in not_found.json()["error"]
    assert invalid.status_code == 422
    fields = {e["field"]: e["message"] for e in invalid.json()["errors"]}
    assert set(fields) == {"sponsors", "agenda_item", "colour"}
    assert fields["agenda_item"] == "Field required"
    assert invalid.json()["error"].startswith("The request has invalid fields: ")
    assert no_route.json()["error"] == "Nothing at /api/nothing-here."


# -- body size ----------------------------------------------------------------------------------


@pytest.mark.parametrize("web", [{"MAX_REQUEST_BYTES": "4000"}], indirect=True)
def test_a_body_over_the_limit_is_refused_with_413_and_nothing_stored(web: Web) -> None:
    token = web.council.access.token_for("scad")
    body = ('{"symbol": "S/2020/601", "sponsors": ["France"], "agenda_item": "Mali", '
            '"text": "' + "x" * 5000 + '"}').encode()
    before = web.council.store.dump()

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(body), 1000):
            yield body[i:i + 1000]

    with web.client() as client:
        declared = client.post("/api/drafts", content=body, headers={
            **bearer(token), "Content-Type": "application/json"})
        chunked = client.post("/api/drafts", content=chunks(), headers={
            **bearer(token), "Content-Type": "application/json"})
        sign_in(client, "scad")
        form = client.post("/drafts", data={"csrf_token": csrf_of(client.get("/account").text),
                                            "symbol": "S/2020/601", "sponsors": "France",
                                            "agenda_item": "Mali", "text": "x" * 5000})

    assert "content-length" not in {k.lower() for k in chunked.request.headers}
    for response in (declared, chunked):
        assert response.status_code == 413
        assert response.json() == {
            "ok": False, "status": 413, "errors": [],
            "error": "The request body is over 4000 bytes (MAX_REQUEST_BYTES); nothing was "
                     "stored."}
    assert form.status_code == 413
    assert web.council.drafts() == ["S/2020/600"]
    after = [row for row in web.council.store.dump() if row[0] not in ("sessions",
                                                                         "login_failures")]
    assert after == [row for row in before if row[0] not in ("sessions", "login_failures")]


# -- sign-in throttling ---------------------------------------------------------------------------


@pytest.mark.parametrize("web", [{"LOGIN_MAX_FAILURES": "3", "LOGIN_LOCKOUT_MINUTES": "15"}],
                         indirect=True)
def test_failed_sign_ins_are_throttled_per_account(web: Web) -> None:
    statuses = []
    for i in range(3):  # three addresses, one account
        with web.client(address=f"10.0.0.{i}") as client:
            statuses.append(sign_in(client, "scad", "wrong password"))
    with web.client(address="10.0.0.9") as client:
        locked = sign_in(client, "scad")  # the right password, from a fresh address
        response = client.last  # type: ignore[attr-defined]
        other_account = sign_in(client, "fra-pr")

    assert statuses == [401, 401, 401]
    assert locked == 429
    assert response.headers["Retry-After"] == "900"
    assert "Too many failed sign-ins for this account; try again after 16:45 UTC." in (
        response.text.replace("&#39;", "'"))
    assert other_account == 303
    web.clock.advance(minutes=15)
    with web.client(address="10.0.0.9") as client:
        assert sign_in(client, "scad") == 303


@pytest.mark.parametrize("web", [{"LOGIN_MAX_FAILURES": "3", "LOGIN_LOCKOUT_MINUTES": "15"}],
                         indirect=True)
def test_failed_sign_ins_are_throttled_per_address(web: Web) -> None:
    with web.client(address="10.0.0.1") as client:
        statuses = [sign_in(client, name, "wrong password")
                    for name in ("nobody", "somebody", "reader")]
        web.clock.advance(minutes=5)
        locked = sign_in(client, "fra-pr")  # a good password, from the same address
        retry_after = client.last.headers["Retry-After"]  # type: ignore[attr-defined]
    with web.client(address="10.0.0.2") as client:
        elsewhere = sign_in(client, "fra-pr")

    assert statuses == [401, 401, 401]
    assert (locked, retry_after) == (429, "600")
    assert elsewhere == 303


# -- sessions, cookies, logout ---------------------------------------------------------------------


@pytest.mark.parametrize("web", [{"SESSION_HOURS": "1", "SESSION_IDLE_MINUTES": "30"}],
                         indirect=True)
def test_a_session_ends_after_idle_minutes_after_session_hours_and_at_logout(web: Web) -> None:
    with web.client() as client:
        assert sign_in(client, "fra-pr") == 303
        web.clock.advance(minutes=29)
        still = who(client)
        web.clock.advance(minutes=29)
        still_later = who(client)  # used 29 minutes ago: not idle
        web.clock.advance(minutes=2)
        expired = who(client)  # an hour after signing in
    with web.client() as client:
        assert sign_in(client, "fra-pr") == 303
        web.clock.advance(minutes=30)
        idle = who(client)
    with web.client() as client:
        assert sign_in(client, "fra-pr") == 303
        cookie = client.cookies["council_session"]
        logout_without_token = client.post("/logout")
        logout = client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
        after_logout = who(client)
        client.cookies.set("council_session", cookie)  # the old cookie, sent again
        replayed = who(client)

    assert (still, still_later, expired, idle) == ("fra-pr", "fra-pr", None, None)
    assert logout_without_token.status_code == 403
    assert logout.status_code == 303 and logout.headers["location"] == "/"
    assert 'council_session=""' in logout.headers["set-cookie"]
    assert (after_logout, replayed) == (None, None)


@pytest.mark.parametrize(("secure_cookies", "base_url", "secure"), [
    (None, "http://testserver", False),  # by default: Secure when the request came over TLS
    (None, "https://testserver", True),
    (True, "https://testserver", True),  # council serve --secure-cookies
    (False, "https://testserver", False),
])
def test_cookies_are_httponly_samesite_lax_and_secure_over_tls(
        web: Web, secure_cookies: bool | None, base_url: str, secure: bool) -> None:
    with web.client(secure_cookies=secure_cookies) as client:
        client.base_url = client.base_url.copy_with(scheme=base_url.split(":")[0])
        form = client.get("/login")
        assert sign_in(client, "scad") == 303
        response = client.last  # type: ignore[attr-defined]

    cookies = [form.headers["set-cookie"]] + [
        c for c in response.headers.get_list("set-cookie") if c.startswith("council_session=")]
    assert [c.split("=")[0] for c in cookies] == ["council_login_csrf", "council_session"]
    for cookie in cookies:
        attributes = {a.strip().split("=")[0].lower() for a in cookie.split(";")[1:]}
        assert "httponly" in attributes
        assert "samesite=lax" in cookie.lower()
        assert ("secure" in attributes) is secure


# -- CSRF ------------------------------------------------------------------------------------------


def test_forms_without_the_csrf_token_are_refused_and_store_nothing(web: Web) -> None:
    draft = {"symbol": "S/2020/601", "sponsors": "France", "agenda_item": "Mali",
             "text": DRAFT_TEXT}
    with web.client() as client:
        sign_in(client, "scad")
        before = web.council.store.dump()
        without = client.post("/drafts", data=draft)
        wrong = client.post("/drafts", data={**draft, "csrf_token": "forged"})
        after = web.council.store.dump()
        with_token = client.post("/drafts", data={**draft,
                                                  "csrf_token": csrf_of(client.get("/").text)})

    for response in (without, wrong):
        assert response.status_code == 403
        assert "CSRF check failed" in response.text
    assert after == before
    assert with_token.status_code == 303
    assert web.council.drafts() == ["S/2020/600", "S/2020/601"]


def test_a_cookie_signed_in_api_post_needs_the_csrf_header(web: Web) -> None:
    body = {"symbol": "S/2020/601", "sponsors": ["France"], "agenda_item": "Mali",
            "text": DRAFT_TEXT}
    with web.client() as client:
        sign_in(client, "scad")
        csrf = csrf_of(client.get("/").text)
        without = client.post("/api/drafts", json=body)
        wrong = client.post("/api/drafts", json=body, headers={"X-CSRF-Token": "forged"})
        read = client.get("/api/me")  # reading needs no token
        with_header = client.post("/api/drafts", json=body, headers={"X-CSRF-Token": csrf})

    for response in (without, wrong):
        assert response.status_code == 403
        assert response.json()["error"] == (
            "A call signed in by cookie must send the X-CSRF-Token header of its session; "
            "programs should use an API token instead.")
    assert read.json()["username"] == "scad"
    assert with_header.status_code == 201


# -- API tokens ------------------------------------------------------------------------------------


def test_api_tokens_authenticate_and_revoked_or_unknown_tokens_get_401(web: Web) -> None:
    access = web.council.access
    token = access.token_for("fra-pr", "mission system")
    account = next(a for a in access.users() if a.username == "fra-pr")
    with web.client() as client:
        me = client.get("/api/me", headers=bearer(token)).json()
        created = client.post("/api/tokens", json={"label": "second"}, headers=bearer(token))
        token_id = next(i for i, label, _, _ in access.tokens(access.actor(account))
                        if label == "mission system")
        access.revoke_token(access.actor(account), token_id)
        revoked = client.get("/api/me", headers=bearer(token))
        unknown = client.get("/api/me", headers=bearer("council_not-a-token"))
        second = client.get("/api/me", headers=bearer(created.json()["token"]))

    assert me == {"username": "fra-pr", "name": "Nicolas de Rivière",
                  "role": "permanent-representative", "member": "FRA", "presiding": True}
    assert created.status_code == 201 and created.json()["label"] == "second"
    for response in (revoked, unknown):
        assert response.status_code == 401
        assert response.json()["error"] == (
            "The API token is not valid (unknown, revoked, or its account disabled); create a "
            "new one on the account page.")
    assert second.json()["username"] == "fra-pr"


# -- forms keep what was typed --------------------------------------------------------------------


def test_a_refused_draft_form_is_shown_again_with_what_was_typed(web: Web) -> None:
    with web.client() as client:
        sign_in(client, "scad")
        before = web.council.store.dump()
        response = client.post("/drafts", data={
            "csrf_token": csrf_of(client.get("/").text), "symbol": "S/2020/six hundred",
            "sponsors": "France, Niger", "agenda_item": "The situation in Mali",
            "text": "The Security Council,\n\n1. Decides to remain seized."})

    assert response.status_code == 422
    assert 'value="S/2020/six hundred"' in response.text
    assert 'value="The situation in Mali"' in response.text
    assert 'value="France, Niger"' in response.text
    assert "1. Decides to remain seized.</textarea>" in response.text
    assert re.search(r'class="error"[^>]*>[^<]*S/2020/six hundred', response.text)
    assert web.council.store.dump() == before


# -- the opening letter while the vote runs ------------------------------------------------------


def test_the_opening_letter_goes_to_members_and_the_secretariat_not_the_public(web: Web
                                                                               ) -> None:
    answers = {}
    for username in ("fra-pr", "gbr-staff", "scad", "reader", None):
        with web.client() as client:
            if username:
                sign_in(client, username)
            answers[username] = (client.get("/api/drafts/2020/600/opening-letter"),
                                 client.get("/drafts/2020/600/opening-letter"),
                                 client.get("/api/drafts/2020/600").json()["opening_letter_url"])

    for username in ("fra-pr", "gbr-staff", "scad"):
        api, page, url = answers[username]
        assert api.status_code == 200 and page.status_code == 200
        assert "S/2020/600" in api.json()["text"] and "Nicolas de Rivière" in api.json()["text"]
        assert url == "/drafts/2020/600/opening-letter"
    public, anonymous = answers["reader"], answers[None]
    assert [public[0].status_code, public[1].status_code, public[2]] == [403, 403, None]
    assert [anonymous[0].status_code, anonymous[1].status_code, anonymous[2]] == [401, 401, None]
    assert public[0].json()["error"] == (
        "The opening letter goes to the members of the Council and the Secretariat until the "
        "result is announced.")
