"""Who is asking: session cookies (pages), bearer tokens (API), CSRF checks.

A browser signs in and gets an HttpOnly, SameSite=Lax cookie (Secure when served over TLS);
every form carries the session's CSRF token, and an API call authenticated by that cookie must
send it as ``X-CSRF-Token``. Programs use ``Authorization: Bearer <token>`` instead, which no
browser sends on its own, so it needs no CSRF token.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from council.access import INVALID_TOKEN, SignedIn
from council.council import Council
from council.domain.accounts import Actor, NotAuthorised, NotSignedIn

SESSION_COOKIE = "council_session"
LOGIN_CSRF_COOKIE = "council_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

bearer_scheme = HTTPBearer(auto_error=False, description="An API token: `council user token "
                                                         "USERNAME` or the account page.")


class CsrfFailed(NotAuthorised):
    """A form or cookie-authenticated call without the session's CSRF token."""


def council_of(request: Request) -> Council:
    council = request.app.state.council
    assert isinstance(council, Council)
    return council


def now_of(request: Request) -> datetime:
    """The request's time: the clock read once when it arrived."""
    at = request.scope.get("state", {}).get("now")
    assert isinstance(at, datetime)
    return at


def signed_in(request: Request) -> SignedIn | None:
    """The browser session, read once per request."""
    state: dict[str, Any] = request.scope.setdefault("state", {})
    if "signed_in" not in state:
        token = request.cookies.get(SESSION_COOKIE)
        state["signed_in"] = (council_of(request).access.session(token, now_of(request))
                              if token else None)
    result = state["signed_in"]
    assert result is None or isinstance(result, SignedIn)
    return result


def page_actor(request: Request) -> Actor:
    """The actor of a page request: the session's, or the anonymous public."""
    session = signed_in(request)
    return session.actor if session else Actor()


def check_login_csrf(request: Request, submitted: object) -> None:
    """The sign-in form, before any session: the token must match its cookie."""
    _compare(submitted, request.cookies.get(LOGIN_CSRF_COOKIE, ""))


def check_form_csrf(request: Request, submitted: object) -> None:
    session = signed_in(request)
    if session is None:
        raise NotSignedIn("You are not signed in, or your session has ended; sign in and "
                          "send the form again. Nothing was stored.")
    _compare(submitted, session.csrf_token)


def _compare(submitted: object, expected: str) -> None:
    if not (isinstance(submitted, str) and expected
            and secrets.compare_digest(submitted, expected)):
        raise CsrfFailed("The form has expired or did not come from this site (CSRF check "
                         "failed); reload the page and submit it again.")


def api_actor(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Actor:
    """The actor of an API call: bearer token, else session cookie (+ CSRF on writes)."""
    council = council_of(request)
    if credentials is not None:
        actor = council.access.token_actor(credentials.credentials, now_of(request))
        if actor is None:
            raise NotSignedIn(INVALID_TOKEN)
        return actor
    session = signed_in(request)
    if session is None:
        return Actor()
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        sent = request.headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(sent, session.csrf_token):
            raise CsrfFailed(f"A call signed in by cookie must send the {CSRF_HEADER} header "
                             "of its session; programs should use an API token instead.")
    return session.actor
