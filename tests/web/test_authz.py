"""The authorisation matrix (issue 4): every route × every role × the procedure's state.

The expected answer of each cell is written below as a table, by hand, from the rules in the
README ("The web app and the API") and DOMAIN.md; it is *not* computed with ``authorise``,
which would only test that the code agrees with itself. Routes are read from the app, so a
route added without a row in the table fails ``test_every_route_has_a_row_in_the_matrix``.

The set-up is the seed's month: June 2020, France presides (Nicolas de Rivière), draft
S/2020/600 with the text of the real draft. One Council on a SQLite file serves the whole
module; the clock stands at 28 June 2020 16:30 UTC, and each state has its own draft, put in
that state with the façade's ``at=`` times:

=============  ==========  =========================================================
state          draft       how
=============  ==========  =========================================================
registered     S/2020/601  registered, not put to the vote
in_voting      S/2020/600  opened 2 hours ago; the United Kingdom and the United States
                           have sent their letters
period_over    S/2020/602  opened 26 hours ago, the 24-hour period ended 2 hours ago,
                           not yet closed; the same two letters
closed         S/2020/603  all 15 letters (the United Kingdom abstains), closed 2 hours ago
announced      S/2020/604  the same, announced an hour ago: resolution 2531 (2020)
=============  ==========  =========================================================

A cell whose expected answer is a success changes the store (a vote, an opening), so it runs on
a fresh draft in the same state, never on the shared one; a refused cell runs on the shared
draft, which must come out unchanged.

The roles (columns): ``anon`` anonymous; ``pub`` a public account; ``pr``/``cda``/``stf`` the
Permanent Representative, Chargé d'affaires and staff of the United Kingdom (GBR), the member
whose letter the cells concern; ``opr``/``ocda``/``ostf`` the same roles of another member, the
United States; ``dir``/``off`` the Secretariat's director and officer; ``pres`` the President of
the month (France's PR); ``past`` the PR of Estonia, which presided in May 2020.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

from council.council import Council
from council.due import calendar_items
from council.settings import load_settings
from council.signing import format_time, public_key_pem, sign_letter
from council.store.repository import Store
from council.web.app import create_app
from tests.web.clock import ManualClock

RECORDS = Path(__file__).resolve().parents[2] / "src" / "council" / "data" / "records"
DRAFT_TEXT = (RECORDS / "S_2020_600.txt").read_text(encoding="utf-8")
AGENDA_ITEM = "The situation in Mali"
NOW = datetime(2020, 6, 28, 16, 30, tzinfo=UTC)
PASSWORD = "correct horse battery"

# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    key: str
    username: str | None  # None: anonymous
    role: str = "public"
    member: str | None = None
    name: str | None = None


ROLES = (
    Role("anon", None),
    Role("pub", "reader", "public", None, "A. Reader"),
    Role("pr", "gbr-pr", "permanent-representative", "GBR", "Karen Pierce"),
    Role("cda", "gbr-cda", "charge-d-affaires", "GBR", "Jonathan Allen"),
    Role("stf", "gbr-staff", "delegation-staff", "GBR", "G. Staff"),
    Role("opr", "usa-pr", "permanent-representative", "USA", "Kelly Craft"),
    Role("ocda", "usa-cda", "charge-d-affaires", "USA", "Cherith Norman Chalet"),
    Role("ostf", "usa-staff", "delegation-staff", "USA", "U. Staff"),
    Role("dir", "scad", "secretariat-director", None, "SCAD Director"),
    Role("off", "scad-officer", "secretariat-officer", None, "SCAD Officer"),
    Role("pres", "fra-pr", "permanent-representative", "FRA", "Nicolas de Rivière"),
    Role("past", "est-pr", "permanent-representative", "EST", "Sven Jürgenson"),
)
ROLE = {r.key: r for r in ROLES}
STATES = ("registered", "in_voting", "period_over", "closed", "announced")
TARGET = "GBR"  # the member whose letter, receipt and keys the cells concern

# ---------------------------------------------------------------------------------------------
# The matrix: expected status per route, state and role. "*" in the state column: the route
# concerns no procedure, and the row holds in every state (it is checked once).
# 303 is a page's redirect after success (or to the sign-in page); 401 not signed in;
# 403 not allowed; 404 no such document; 409 the procedure's state forbids it.
# ---------------------------------------------------------------------------------------------

MATRIX = """
               anon pub  pr   cda  stf  opr  ocda ostf dir  off  pres past
GET /openapi.json
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/docs
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /docs/oauth2-redirect
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /static
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/me
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/drafts
  *            200  200  200  200  200  200  200  200  200  200  200  200
POST /api/drafts
  *            401  403  403  403  403  403  403  403  201  201  403  403
GET /api/documents
  *            200  200  200  200  200  200  200  200  200  200  200  200
POST /api/tokens
  *            401  201  201  201  201  201  201  201  201  201  201  201
GET /api/keys/{member}
  *            200  200  200  200  200  200  200  200  200  200  200  200
POST /api/keys
  *            401  403  201  201  403  201  201  403  403  403  201  201
GET /api/secretariat-key
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/log/head
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/log/inclusion
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/log/consistency
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /documents
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /login
  *            200  200  200  200  200  200  200  200  200  200  200  200
POST /login
  *            401  303  303  303  303  303  303  303  303  303  303  303
POST /logout
  *            401  303  303  303  303  303  303  303  303  303  303  303
GET /account
  *            303  200  200  200  200  200  200  200  200  200  200  200
POST /account/tokens
  *            401  200  200  200  200  200  200  200  200  200  200  200
POST /account/keys
  *            401  403  200  200  403  200  200  403  403  403  200  200
GET /drafts/new
  *            303  403  403  403  403  403  403  403  200  200  403  403
POST /drafts
  *            401  403  403  403  403  403  403  403  303  303  403  403
GET /api/drafts/{year}/{serial}
  registered   200  200  200  200  200  200  200  200  200  200  200  200
  in_voting    200  200  200  200  200  200  200  200  200  200  200  200
  period_over  200  200  200  200  200  200  200  200  200  200  200  200
  closed       200  200  200  200  200  200  200  200  200  200  200  200
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /drafts/{year}/{serial}
  registered   200  200  200  200  200  200  200  200  200  200  200  200
  in_voting    200  200  200  200  200  200  200  200  200  200  200  200
  period_over  200  200  200  200  200  200  200  200  200  200  200  200
  closed       200  200  200  200  200  200  200  200  200  200  200  200
  announced    200  200  200  200  200  200  200  200  200  200  200  200
POST /api/drafts/{year}/{serial}/open
  registered   401  403  403  403  403  403  403  403  403  403  200  403
  in_voting    401  403  403  403  403  403  403  403  403  403  409  403
  period_over  401  403  403  403  403  403  403  403  403  403  409  403
  closed       401  403  403  403  403  403  403  403  403  403  409  403
  announced    401  403  403  403  403  403  403  403  403  403  409  403
POST /drafts/{year}/{serial}/open
  registered   401  403  403  403  403  403  403  403  403  403  303  403
  in_voting    401  403  403  403  403  403  403  403  403  403  409  403
  period_over  401  403  403  403  403  403  403  403  403  403  409  403
  closed       401  403  403  403  403  403  403  403  403  403  409  403
  announced    401  403  403  403  403  403  403  403  403  403  409  403
GET /api/drafts/{year}/{serial}/opening-letter
  registered   401  403  409  409  409  409  409  409  409  409  409  409
  in_voting    401  403  200  200  200  200  200  200  200  200  200  200
  period_over  401  403  200  200  200  200  200  200  200  200  200  200
  closed       401  403  200  200  200  200  200  200  200  200  200  200
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /drafts/{year}/{serial}/opening-letter
  registered   401  403  409  409  409  409  409  409  409  409  409  409
  in_voting    401  403  200  200  200  200  200  200  200  200  200  200
  period_over  401  403  200  200  200  200  200  200  200  200  200  200
  closed       401  403  200  200  200  200  200  200  200  200  200  200
  announced    200  200  200  200  200  200  200  200  200  200  200  200
POST /api/drafts/{year}/{serial}/letters
  registered   401  403  409  409  409  403  403  403  403  403  403  403
  in_voting    401  403  201  201  201  403  403  403  403  403  403  403
  period_over  401  403  409  409  409  403  403  403  403  403  403  403
  closed       401  403  409  409  409  403  403  403  403  403  403  403
  announced    401  403  409  409  409  403  403  403  403  403  403  403
POST /drafts/{year}/{serial}/vote
  registered   401  403  409  409  403  409  409  403  403  403  409  409
  in_voting    401  403  303  303  403  303  303  403  403  403  303  303
  period_over  401  403  409  409  403  409  409  403  403  403  409  409
  closed       401  403  409  409  403  409  409  403  403  403  409  409
  announced    401  403  409  409  403  409  409  403  403  403  409  409
POST /api/drafts/{year}/{serial}/prepared
  registered   401  403  409  409  409  409  409  409  403  403  409  409
  in_voting    401  403  200  200  200  200  200  200  403  403  200  200
  period_over  401  403  409  409  409  409  409  409  403  403  409  409
  closed       401  403  409  409  409  409  409  409  403  403  409  409
  announced    401  403  409  409  409  409  409  409  403  403  409  409
POST /drafts/{year}/{serial}/prepare
  registered   401  403  409  409  409  409  409  409  403  403  409  409
  in_voting    401  403  303  303  303  303  303  303  403  403  303  303
  period_over  401  403  409  409  409  409  409  409  403  403  409  409
  closed       401  403  409  409  409  409  409  409  403  403  409  409
  announced    401  403  409  409  409  409  409  409  403  403  409  409
GET /api/drafts/{year}/{serial}/receipt
  registered   401  403  409  409  409  403  403  403  409  409  403  403
  in_voting    401  403  200  200  200  403  403  403  200  200  403  403
  period_over  401  403  200  200  200  403  403  403  200  200  403  403
  closed       401  403  200  200  200  403  403  403  200  200  403  403
  announced    401  403  200  200  200  403  403  403  200  200  403  403
GET /drafts/{year}/{serial}/receipt
  registered   303  403  409  409  409  409  409  409  403  403  409  409
  in_voting    303  403  200  200  200  200  200  200  403  403  404  404
  period_over  303  403  200  200  200  200  200  200  403  403  404  404
  closed       303  403  200  200  200  200  200  200  403  403  200  200
  announced    303  403  200  200  200  200  200  200  403  403  200  200
GET /drafts/{year}/{serial}/receipt.json
  registered   401  403  409  409  409  409  409  409  403  403  409  409
  in_voting    401  403  200  200  200  200  200  200  403  403  404  404
  period_over  401  403  200  200  200  200  200  200  403  403  404  404
  closed       401  403  200  200  200  200  200  200  403  403  200  200
  announced    401  403  200  200  200  200  200  200  403  403  200  200
POST /api/drafts/{year}/{serial}/explanations
  registered   401  403  409  409  403  409  409  403  403  403  409  409
  in_voting    401  403  409  409  403  409  409  403  403  403  409  409
  period_over  401  403  201  201  403  201  201  403  403  403  201  201
  closed       401  403  201  201  403  201  201  403  403  403  201  201
  announced    401  403  201  201  403  201  201  403  403  403  201  201
POST /drafts/{year}/{serial}/explain
  registered   401  403  409  409  403  409  409  403  403  403  409  409
  in_voting    401  403  409  409  403  409  409  403  403  403  409  409
  period_over  401  403  303  303  403  303  303  403  403  403  303  303
  closed       401  403  303  303  403  303  303  403  403  403  303  303
  announced    401  403  303  303  403  303  303  403  403  403  303  303
POST /api/drafts/{year}/{serial}/close
  registered   401  403  403  403  403  403  403  403  409  409  403  403
  in_voting    401  403  403  403  403  403  403  403  409  409  403  403
  period_over  401  403  403  403  403  403  403  403  200  200  403  403
  closed       401  403  403  403  403  403  403  403  409  409  403  403
  announced    401  403  403  403  403  403  403  403  409  409  403  403
POST /drafts/{year}/{serial}/close
  registered   401  403  403  403  403  403  403  403  409  409  403  403
  in_voting    401  403  403  403  403  403  403  403  409  409  403  403
  period_over  401  403  403  403  403  403  403  403  303  303  403  403
  closed       401  403  403  403  403  403  403  403  409  409  403  403
  announced    401  403  403  403  403  403  403  403  409  409  403  403
POST /api/drafts/{year}/{serial}/announce
  registered   401  403  403  403  403  403  403  403  409  409  409  403
  in_voting    401  403  403  403  403  403  403  403  409  409  409  403
  period_over  401  403  403  403  403  403  403  403  409  409  409  403
  closed       401  403  403  403  403  403  403  403  200  200  200  403
  announced    401  403  403  403  403  403  403  403  409  409  409  403
POST /drafts/{year}/{serial}/announce
  registered   401  403  403  403  403  403  403  403  409  409  409  403
  in_voting    401  403  403  403  403  403  403  403  409  409  409  403
  period_over  401  403  403  403  403  403  403  403  409  409  409  403
  closed       401  403  403  403  403  403  403  403  303  303  303  403
  announced    401  403  403  403  403  403  403  403  409  409  409  403
GET /api/letters/{year}/{serial}
  registered   404  404  404  404  404  404  404  404  404  404  404  404
  in_voting    404  404  404  404  404  404  404  404  404  404  404  404
  period_over  404  404  404  404  404  404  404  404  404  404  404  404
  closed       404  404  404  404  404  404  404  404  404  404  404  404
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /letters/{year}/{serial}
  registered   404  404  404  404  404  404  404  404  404  404  404  404
  in_voting    404  404  404  404  404  404  404  404  404  404  404  404
  period_over  404  404  404  404  404  404  404  404  404  404  404  404
  closed       404  404  404  404  404  404  404  404  404  404  404  404
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /letters/{year}/{serial}.pdf
  registered   404  404  404  404  404  404  404  404  404  404  404  404
  in_voting    404  404  404  404  404  404  404  404  404  404  404  404
  period_over  404  404  404  404  404  404  404  404  404  404  404  404
  closed       404  404  404  404  404  404  404  404  404  404  404  404
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /api/resolutions/{number}
  registered   404  404  404  404  404  404  404  404  404  404  404  404
  in_voting    404  404  404  404  404  404  404  404  404  404  404  404
  period_over  404  404  404  404  404  404  404  404  404  404  404  404
  closed       404  404  404  404  404  404  404  404  404  404  404  404
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /resolutions/{number}
  registered   404  404  404  404  404  404  404  404  404  404  404  404
  in_voting    404  404  404  404  404  404  404  404  404  404  404  404
  period_over  404  404  404  404  404  404  404  404  404  404  404  404
  closed       404  404  404  404  404  404  404  404  404  404  404  404
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /resolutions/{number}.pdf
  registered   404  404  404  404  404  404  404  404  404  404  404  404
  in_voting    404  404  404  404  404  404  404  404  404  404  404  404
  period_over  404  404  404  404  404  404  404  404  404  404  404  404
  closed       404  404  404  404  404  404  404  404  404  404  404  404
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /resolutions/{number}/citations
  registered   404  404  404  404  404  404  404  404  404  404  404  404
  in_voting    404  404  404  404  404  404  404  404  404  404  404  404
  period_over  404  404  404  404  404  404  404  404  404  404  404  404
  closed       404  404  404  404  404  404  404  404  404  404  404  404
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /api/resolutions/{number}/citations
  registered   404  404  404  404  404  404  404  404  404  404  404  404
  in_voting    404  404  404  404  404  404  404  404  404  404  404  404
  period_over  404  404  404  404  404  404  404  404  404  404  404  404
  closed       404  404  404  404  404  404  404  404  404  404  404  404
  announced    200  200  200  200  200  200  200  200  200  200  200  200
GET /search
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/search
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /chain
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/chain
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /api/due
  *            200  200  200  200  200  200  200  200  200  200  200  200
POST /api/due/{item_id}/delivered
  *            401  403  403  403  403  403  403  403  200  200  403  403
GET /calendar
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /calendar.ics
  *            200  200  200  200  200  200  200  200  200  200  200  200
GET /calendar/{agenda}.ics
  *            200  200  200  200  200  200  200  200  200  200  200  200
"""

Route = tuple[str, str]  # (method, path)


def parse_matrix(table: str) -> dict[Route, dict[str, dict[str, int]]]:
    """{(method, path): {state or "*": {role key: status}}}: a route's line, then its states."""
    lines = [line for line in table.splitlines() if line.strip()]
    roles = lines[0].split()
    assert tuple(roles) == tuple(r.key for r in ROLES), roles
    matrix: dict[Route, dict[str, dict[str, int]]] = {}
    cells: dict[str, dict[str, int]] = {}
    for line in lines[1:]:
        if not line.startswith(" "):
            method, path = line.split()
            assert (method, path) not in matrix, f"two entries for {method} {path}"
            cells = matrix.setdefault((method, path), {})
            continue
        state, *statuses = line.split()
        assert state == "*" or state in STATES, state
        assert len(statuses) == len(roles) and state not in cells, line
        cells[state] = dict(zip(roles, map(int, statuses), strict=True))
    for route, states in matrix.items():
        assert set(states) in ({"*"}, set(STATES)), f"{route}: give '*' or all five states"
    return matrix


EXPECTED = parse_matrix(MATRIX)


def app_routes(app: FastAPI) -> set[Route]:
    """Every (method, path) the app answers, HEAD aside; a mount counts as GET of its path."""
    routes: set[Route] = set()
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, Mount):
            routes.add(("GET", str(context.path)))
            continue
        for method in context.methods or ():
            if method != "HEAD":
                routes.add((method, str(context.path)))
    return routes


# ---------------------------------------------------------------------------------------------
# The world: one Council for the module
# ---------------------------------------------------------------------------------------------


@dataclass
class Session:
    role: Role
    page: TestClient  # carries the session cookie (the anonymous one carries none)
    csrf: str = ""
    token: str = ""  # API token (Authorization: Bearer)


@dataclass
class World:
    council: Council
    app: FastAPI
    api: TestClient  # no cookies: API calls authenticate with their bearer token only
    sessions: dict[str, Session]
    shared: dict[str, str]  # state -> draft symbol
    keys: dict[str, Ed25519PrivateKey]
    resolution: int
    outcome_letter: str
    serials: Iterator[int] = field(default_factory=lambda: itertools.count(1000))
    fresh: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    used: set[tuple[str, str, str]] = field(default_factory=set)

    def new_symbol(self) -> str:
        taken = set(self.council.drafts())
        while True:
            symbol = f"S/2020/{next(self.serials)}"
            if symbol not in taken:
                return symbol

    def put_in_state(self, symbol: str, state: str, ballots: dict[str, str] | None = None
                     ) -> None:
        """Register ``symbol`` and take it to ``state`` with the façade's ``at=`` times."""
        council = self.council
        council.add_draft(symbol, ["France"], AGENDA_ITEM, DRAFT_TEXT,
                          at=NOW - timedelta(hours=30))
        if state == "registered":
            return
        opened = NOW - timedelta(hours=2 if state == "in_voting" else 26)
        council.open_vote(symbol, at=opened)
        for member, position in (ballots or {}).items():
            council.cast_vote(symbol, member, position, signatory_name=signatory(member),
                              at=opened + timedelta(minutes=30))
        if state in ("in_voting", "period_over"):
            return
        council.close_vote(symbol, at=NOW - timedelta(hours=2))
        if state == "announced":
            council.announce(symbol, at=NOW - timedelta(hours=1))

    def fresh_procedure(self, state: str, use: tuple[str, str] | None) -> str:
        """A draft in ``state`` on which ``use`` (member, kind of act) has not happened yet,
        among drafts used only for that kind of act; with ``use`` None, a new draft (the cell
        changes the procedure's state)."""
        if use is not None:
            for symbol in self.fresh.get((state, use[1]), []):
                if (symbol, *use) not in self.used:
                    self.used.add((symbol, *use))
                    return symbol
        symbol = self.new_symbol()
        self.put_in_state(symbol, state)
        if use is not None:
            self.fresh.setdefault((state, use[1]), []).append(symbol)
            self.used.add((symbol, *use))
        return symbol


def signatory(member: str) -> str:
    return next((r.name for r in ROLES if r.member == member and r.role ==
                 "permanent-representative" and r.name), f"PR of {member}")


def cheap_hasher(council: Council) -> None:
    """Real argon2, with the lowest cost: the matrix signs in dozens of times, and the default
    parameters take about half a second a hash on a busy machine. The cost is not what these
    tests check; the hash and its verification are still argon2's."""
    council.access.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def form_csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the real form (its CSRF cookie included); returns the session's CSRF."""
    login = client.get("/login")
    response = client.post("/login", data={"csrf_token": form_csrf(login.text),
                                           "username": username, "password": password})
    assert response.status_code == 303, response.text
    return form_csrf(client.get("/account").text)


def seed_positions() -> dict[str, str]:
    """Every member in favour but the United Kingdom, which abstains (so its position is the
    one the others must never see)."""
    from council.catalog import load_catalog

    codes = [m.code for m in load_catalog().membership.council(2020).members]
    return {code: ("abstain" if code == TARGET else "yes") for code in codes}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("authz") / "council.db"
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": f"sqlite:///{path}",
                                      "COUNCIL_LOGIN_MAX_FAILURES": "1000"}, dotenv=None)
    store = Store(settings.database_url)
    council = Council(settings, store, clock=ManualClock(NOW))
    cheap_hasher(council)
    council.init(resolution_start=2531)
    for role in ROLES:
        if role.username:
            council.access.add_user(role.username, PASSWORD, role.role, role.member, role.name,
                                    at=NOW - timedelta(days=30))
    keys: dict[str, Ed25519PrivateKey] = {}
    for role in ROLES:
        if role.member and role.role == "permanent-representative":
            keys[role.member] = Ed25519PrivateKey.generate()
            account = next(a for a in council.access.users() if a.username == role.username)
            council.access.register_key(council.access.actor(account),
                                        public_key_pem(keys[role.member].public_key()))
    app = create_app(council)
    with contextlib.ExitStack() as stack:
        api = stack.enter_context(TestClient(app, follow_redirects=False))
        sessions: dict[str, Session] = {}
        for role in ROLES:
            client = stack.enter_context(TestClient(app, follow_redirects=False))
            session = Session(role, client)
            if role.username:
                session.csrf = sign_in(client, role.username)
                session.token = council.access.token_for(role.username, "matrix")
            sessions[role.key] = session
        world = World(council, app, api, sessions, {}, keys, 0, "")
        two = {TARGET: "abstain", "USA": "yes"}
        for state, serial, ballots in (
            ("registered", 601, None), ("in_voting", 600, two), ("period_over", 602, two),
            ("closed", 603, seed_positions()), ("announced", 604, seed_positions()),
        ):
            world.shared[state] = f"S/2020/{serial}"
            world.put_in_state(f"S/2020/{serial}", state, ballots)
        issued = {kind: symbol for kind, symbol, _, draft in council.issued()
                  if draft == world.shared["announced"]}
        world.outcome_letter = issued["outcome_letter"]
        world.resolution = int(issued["resolution"].split("/")[-1].split(" ")[0])
        yield world
    store.dispose()


# ---------------------------------------------------------------------------------------------
# What each cell sends
# ---------------------------------------------------------------------------------------------

# Routes whose success changes the procedure, and what a success uses up: "procedure" (the
# state moves on: a fresh draft for each success), or a kind of act a member does once per
# procedure. Prepared letters can be prepared again, so any fresh draft in voting will do.
CONSUMES = {
    "/drafts/{year}/{serial}/open": "procedure",
    "/api/drafts/{year}/{serial}/open": "procedure",
    "/drafts/{year}/{serial}/close": "procedure",
    "/api/drafts/{year}/{serial}/close": "procedure",
    "/drafts/{year}/{serial}/announce": "procedure",
    "/api/drafts/{year}/{serial}/announce": "procedure",
    "/drafts/{year}/{serial}/vote": "letter",
    "/api/drafts/{year}/{serial}/letters": "letter",
    "/drafts/{year}/{serial}/explain": "explanation",
    "/api/drafts/{year}/{serial}/explanations": "explanation",
    "/drafts/{year}/{serial}/prepare": "prepared",
    "/api/drafts/{year}/{serial}/prepared": "prepared",
}


@dataclass(frozen=True)
class Request:
    client: TestClient
    method: str
    url: str
    kwargs: dict[str, Any]


def target_letter(world: World, symbol: str) -> dict[str, Any]:
    """The United Kingdom's letter on ``symbol``, signed with its registered key."""
    letter = {
        "kind": "council/letter-of-position/1",
        "procedure": world.council.procedure_id(symbol),
        "draft": symbol,
        "member": TARGET,
        "position": "yes",
        "signatory": {"name": "Karen Pierce", "title": "permanent-representative"},
        "sent_at": format_time(NOW),
    }
    return sign_letter(letter, world.keys[TARGET])


API_BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "/api/drafts": lambda world: {"symbol": world.new_symbol(), "sponsors": ["France"],
                                  "agenda_item": AGENDA_ITEM, "text": DRAFT_TEXT},
    "/api/tokens": lambda world: {"label": "matrix"},
    "/api/keys": lambda world: {"public_key": new_public_key()},
    "/api/drafts/{year}/{serial}/prepared": lambda world: {"position": "yes"},
    "/api/drafts/{year}/{serial}/explanations": lambda world: {"text": "We voted as we did."},
    "/api/due/{item_id}/delivered": lambda world: {"by": "S/2020/952"},
}


LOG_PARAMS = {"/api/log/inclusion": {"index": 0, "size": 2},
              "/api/log/consistency": {"old": 1, "new": 2},
              "/api/search": {"q": "Mali"}, "/api/chain": {"agenda_item": AGENDA_ITEM}}


def new_public_key() -> str:
    return public_key_pem(Ed25519PrivateKey.generate().public_key())


def build_request(world: World, route: Route, state: str, role: Role, success: bool
                  ) -> Request:
    method, path = route
    session = world.sessions[role.key]
    symbol = world.shared.get(state, world.shared["in_voting"])
    kind = CONSUMES.get(path)
    if success and kind is not None:
        use = None if kind == "procedure" else (role.member or role.key, kind)
        symbol = world.fresh_procedure(state, use)
    year, serial = symbol.split("/")[1:]
    url = (path.replace("{year}", year).replace("{serial}", serial)
           .replace("{member}", TARGET))
    if "/letters/" in path:
        letter = world.outcome_letter if state == "announced" else symbol
        url = path.replace("{year}", letter.split("/")[1]).replace(
            "{serial}", letter.split("/")[2])
    if "{number}" in path:
        number = world.resolution if state == "announced" else world.resolution + 1
        url = path.replace("{number}", str(number))
    if path == "/static":
        url = "/static/style.css"
    if "{item_id}" in path:  # a due item of resolution 2531, announced above (issue 6)
        url = path.replace("{item_id}", str(calendar_items(world.council.store)[1][0].id))
    if "{agenda}" in path:
        url = path.replace("{agenda}", "the-situation-in-mali")
    kwargs: dict[str, Any] = {}
    if url.startswith("/api/"):
        if path == "/api/drafts/{year}/{serial}/letters":
            kwargs["json"] = target_letter(world, symbol)
        elif method == "POST" and path in API_BODIES:
            kwargs["json"] = API_BODIES[path](world)
        if role.username:
            kwargs["headers"] = {"Authorization": f"Bearer {session.token}"}
        if path == "/api/drafts/{year}/{serial}/receipt":
            kwargs["params"] = {"member": TARGET}
        if path in LOG_PARAMS:
            kwargs["params"] = LOG_PARAMS[path]
        return Request(world.api, method, url, kwargs)
    client = session.page
    if path == "/drafts/{year}/{serial}/receipt.json":
        kwargs["params"] = {"member": TARGET}  # ignored: a page shows one's own receipt only
    if method == "POST":
        data = {"csrf_token": session.csrf, "position": "yes", "confirm": "yes",
                "text": "We voted as we did.", "label": "matrix",
                "public_key": new_public_key()}
        if path == "/drafts":
            data.update(symbol=world.new_symbol(), sponsors="France", agenda_item=AGENDA_ITEM,
                        text=DRAFT_TEXT, matter="substantive")
        if path == "/login":
            client = TestClient(world.app, follow_redirects=False)
            form = client.get("/login")
            data = {"csrf_token": form_csrf(form.text), "username": role.username or "nobody",
                    "password": PASSWORD if role.username else "wrong password"}
        if path == "/logout" and role.username:
            client = TestClient(world.app, follow_redirects=False)
            data = {"csrf_token": sign_in(client, role.username)}
        kwargs["data"] = data
    return Request(client, method, url, kwargs)


def snapshot(world: World) -> list[Any]:
    """The shared drafts as they stand (ballots, explanations, state), and prepared letters."""
    council = world.council
    return [(council.procedure(symbol),
             [council.prepared_letter(symbol, member) for member in ("GBR", "USA", "FRA")])
            for symbol in world.shared.values()]


# ---------------------------------------------------------------------------------------------
# What an allowed answer may show: before the announcement a delegation sees only its own
# letter, on the draft's page and JSON, its turnout, and the receipt pages and JSON.
# ---------------------------------------------------------------------------------------------

OTHERS = {"GBR": ("Karen Pierce", "abstain", "Abstention"), "USA": ("Kelly Craft", None, None)}


def leaks(text: str, role: Role) -> list[str]:
    """What in ``text`` would tell ``role`` another member's letter. The United Kingdom
    abstains and Karen Pierce signed; the United States is in favour, Kelly Craft signed. The
    forms are left out: they name every position as a choice."""
    text = re.sub(r"<form.*?</form>", "", text, flags=re.S)
    found = []
    for member, (name, position, label) in OTHERS.items():
        if member == role.member:
            continue
        if name in text:
            found.append(f"{member}'s signatory {name}")
        if position and (f'"{position}"' in text or re.search(rf"\b{label}\b", text)):
            found.append(f"{member}'s position {position}")
        if f'data-member="{member}"' in text:
            found.append(f"the turnout row of {member}")
    if 'id="turnout"' in text or 'id="result"' in text:
        found.append("the turnout or result section")
    return found


def content_problems(route: Route, state: str, role: Role, text: str) -> list[str]:
    path = route[1]
    before = state != "announced"
    secretariat = role.role.startswith("secretariat")
    problems = []
    if before and not secretariat and path in (
            "/api/drafts/{year}/{serial}", "/drafts/{year}/{serial}",
            "/drafts/{year}/{serial}/receipt", "/drafts/{year}/{serial}/receipt.json"):
        problems += leaks(text, role)
    if path == "/api/drafts/{year}/{serial}":
        body = json.loads(text)
        own = body["own_letter"]
        if own is not None and own["member"] != role.member:
            problems.append(f"own_letter shows {own['member']}")
        if before and not secretariat and (body["turnout"] or body["result"]):
            problems.append("turnout or result before the announcement")
        if not before and body["result"] is None:
            problems.append("no result after the announcement")
    if path == "/drafts/{year}/{serial}" and not before and 'id="result"' not in text:
        problems.append("no result after the announcement")
    if path == "/drafts/{year}/{serial}/receipt.json":
        member = json.loads(text)["receipt"]["member"]
        if member != role.member:
            problems.append(f"receipt.json?member={TARGET} gave the receipt of {member}")
    if path == "/drafts/{year}/{serial}/receipt" and f"letter of {role.member} (" not in text:
        problems.append("the receipt page is not of the reader's own letter")
    if path == "/api/drafts/{year}/{serial}/receipt":
        member = json.loads(text)["receipt"]["member"]
        if member != TARGET:
            problems.append(f"receipt?member={TARGET} gave the receipt of {member}")
    return [f"{state:12} {role.key:5} {problem}" for problem in problems]


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------


def test_every_route_has_a_row_in_the_matrix(world: World) -> None:
    routes = app_routes(world.app)

    assert sorted(routes - set(EXPECTED)) == [], "routes without a row in MATRIX"
    assert sorted(set(EXPECTED) - routes) == [], "rows in MATRIX for routes that do not exist"


@pytest.mark.parametrize("route", sorted(EXPECTED), ids=" ".join)
def test_route_answers_each_role_in_each_state_as_the_matrix_says(world: World, route: Route
                                                                   ) -> None:
    before = snapshot(world)
    problems = []
    for state, row in EXPECTED[route].items():
        for role in ROLES:
            expected = row[role.key]
            success = expected in (200, 201) or (expected == 303 and role.username is not None
                                                 and route[0] == "POST")
            request = build_request(world, route, state, role, success)
            response = request.client.request(request.method, request.url, **request.kwargs)
            if response.status_code != expected:
                problems.append(f"{state:12} {role.key:5} expected {expected}, got "
                                f"{response.status_code}: {response.text[:300]!r}")
            elif expected == 200 and route[0] == "GET":
                problems += content_problems(route, state, role, response.text)
            elif request.url.startswith("/api/") and expected >= 400:
                body = response.json()
                if not (body["ok"] is False and body["status"] == expected and body["error"]):
                    problems.append(f"{state:12} {role.key:5} error body {body}")

    assert problems == [], "\n".join(problems)
    assert snapshot(world) == before, "a cell changed a shared draft"


def test_the_content_checks_would_see_a_leak() -> None:
    usa = ROLE["opr"]
    page = '<p id="own-position">Abstention, signed by Karen Pierce</p>'

    assert leaks(page, usa) == ["GBR's signatory Karen Pierce", "GBR's position abstain"]
    assert leaks('{"position":"abstain"}', usa) == ["GBR's position abstain"]
    assert leaks('<tr data-member="GBR">', usa) == ["the turnout row of GBR"]
    assert leaks(page, ROLE["pr"]) == []  # one's own letter
    assert leaks('<form><label><input> Abstention</label></form>', usa) == []


def test_a_delegation_reads_its_own_letter_and_receipt_while_voting(world: World) -> None:
    year, serial = world.shared["in_voting"].split("/")[1:]
    session = world.sessions["stf"]  # staff read what their PR signed

    body = world.api.get(f"/api/drafts/{year}/{serial}",
                         headers={"Authorization": f"Bearer {session.token}"}).json()
    receipt = session.page.get(f"/drafts/{year}/{serial}/receipt.json").json()

    assert body["own_letter"]["member"] == TARGET
    assert body["own_letter"]["position"] == "abstain"
    assert body["own_letter"]["signatory"] == "Karen Pierce, Permanent Representative"
    assert receipt["receipt"]["member"] == TARGET
    assert receipt["receipt"]["position"] == "abstain"


def test_the_secretariat_sees_who_has_voted_and_the_public_does_not(world: World) -> None:
    year, serial = world.shared["in_voting"].split("/")[1:]
    officer = world.sessions["off"]

    body = world.api.get(f"/api/drafts/{year}/{serial}",
                         headers={"Authorization": f"Bearer {officer.token}"}).json()
    page = officer.page.get(f"/drafts/{year}/{serial}").text
    public = world.sessions["pub"].page.get(f"/drafts/{year}/{serial}").text

    assert body["turnout"]["voted"] == 2 and body["turnout"]["missing"] == 13
    voted = {e["member"]["code"] for e in body["turnout"]["members"] if e["received_at"]}
    assert voted == {"GBR", "USA"}
    assert 'id="turnout"' in page and 'data-member="GBR"' in page
    assert 'id="turnout"' not in public


def test_after_the_announcement_anyone_sees_every_position(world: World) -> None:
    year, serial = world.shared["announced"].split("/")[1:]

    body = world.api.get(f"/api/drafts/{year}/{serial}").json()  # anonymous
    page = world.sessions["anon"].page.get(f"/drafts/{year}/{serial}").text

    assert [m["code"] for m in body["result"]["abstentions"]] == [TARGET]
    assert len(body["result"]["in_favour"]) == 14
    positions = {e["member"]["code"]: e["position"] for e in body["turnout"]["members"]}
    assert positions[TARGET] == "abstain"
    assert body["opening_letter_url"] == f"/drafts/{year}/{serial}/opening-letter"
    assert 'id="result"' in page and 'id="opening-letter"' in page


def test_a_delegation_cannot_send_or_prepare_a_letter_for_another_member(world: World) -> None:
    council = world.council
    voting = world.fresh_procedure("in_voting", None)
    year, serial = voting.split("/")[1:]
    usa_pr, usa_staff = world.sessions["opr"], world.sessions["ostf"]
    before = council.store.dump()

    gbr_letter = target_letter(world, voting)  # the UK's letter, signed with the UK's key
    usa_signed = sign_letter(gbr_letter["letter"], world.keys["USA"])
    as_gbr = world.api.post(f"/api/drafts/{year}/{serial}/letters", json=gbr_letter,
                            headers={"Authorization": f"Bearer {usa_pr.token}"})
    forged = world.api.post(f"/api/drafts/{year}/{serial}/letters", json=usa_signed,
                            headers={"Authorization": f"Bearer {usa_staff.token}"})
    prepared = world.api.post(f"/api/drafts/{year}/{serial}/prepared",
                              json={"position": "no", "member": TARGET},
                              headers={"Authorization": f"Bearer {usa_staff.token}"})

    assert as_gbr.status_code == 403, as_gbr.text
    assert as_gbr.json()["error"] == ("The letter is written for member GBR; your account "
                                      "belongs to the delegation of USA.")
    assert forged.status_code == 403, forged.text
    assert prepared.status_code == 422
    assert [e["field"] for e in prepared.json()["errors"]] == ["member"]
    assert council.store.dump() == before

    # The forms have no member field: one sent anyway is not read; the letter is USA's own.
    prepare = usa_staff.page.post(f"/drafts/{year}/{serial}/prepare",
                                  data={"csrf_token": usa_staff.csrf, "position": "no",
                                        "member": TARGET})
    vote = usa_pr.page.post(f"/drafts/{year}/{serial}/vote",
                            data={"csrf_token": usa_pr.csrf, "position": "no",
                                  "confirm": "yes", "member": TARGET})

    procedure = council.procedure(voting)
    assert (prepare.status_code, vote.status_code) == (303, 303)
    assert procedure.ballot_of(TARGET) is None
    assert council.prepared_letter(voting, TARGET) is None
    usa = procedure.ballot_of("USA")
    assert usa is not None and usa.signatory is not None
    assert usa.signatory.name == "Kelly Craft"


def test_a_delegation_cannot_explain_for_another_member(world: World) -> None:
    council = world.council
    closed = world.fresh_procedure("closed", None)
    year, serial = closed.split("/")[1:]
    usa_pr = world.sessions["opr"]

    api = world.api.post(f"/api/drafts/{year}/{serial}/explanations",
                         json={"text": "For the UK.", "member": TARGET},
                         headers={"Authorization": f"Bearer {usa_pr.token}"})
    page = usa_pr.page.post(f"/drafts/{year}/{serial}/explain",
                            data={"csrf_token": usa_pr.csrf, "text": "Ours.", "member": TARGET})

    assert api.status_code == 422
    assert page.status_code == 303
    explanations = {e.member: e.text for e in council.procedure(closed).explanations}
    assert explanations == {"USA": "Ours."}


def test_staff_may_transmit_the_signed_letter_but_not_sign_on_the_form(world: World) -> None:
    voting = world.fresh_procedure("in_voting", None)
    year, serial = voting.split("/")[1:]
    staff = world.sessions["stf"]

    form = staff.page.post(f"/drafts/{year}/{serial}/vote",
                           data={"csrf_token": staff.csrf, "position": "yes", "confirm": "yes"})
    api = world.api.post(f"/api/drafts/{year}/{serial}/letters",
                         json=target_letter(world, voting),
                         headers={"Authorization": f"Bearer {staff.token}"})

    assert form.status_code == 403
    assert "(R6)" in form.text
    assert api.status_code == 201
    assert api.json()["receipt"]["member"] == TARGET
    ballot = world.council.procedure(voting).ballot_of(TARGET)
    assert ballot is not None and ballot.signatory is not None
    assert ballot.signatory.name == "Karen Pierce"


def test_the_president_is_the_presiding_members_representative_in_its_month_only(
        world: World) -> None:
    def me(key: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {world.sessions[key].token}"}
        body: dict[str, Any] = world.api.get("/api/me", headers=headers).json()
        return body

    assert me("pres") == {"username": "fra-pr", "name": "Nicolas de Rivière",
                          "role": "permanent-representative", "member": "FRA",
                          "presiding": True}
    assert [me(k)["presiding"] for k in ("past", "pr", "dir")] == [False, False, False]
