"""API fuzzing with schemathesis against a live server on 127.0.0.1 (issue 4, acceptance).

The app is served by uvicorn on a real socket over a SQLite file holding drafts in every state
(registered, in voting with some letters, closed, announced with its letter and resolution).
Schemathesis reads the schema from ``/openapi.json`` and, for every operation, generates
requests: valid ones (positive) and invalid ones (negative). Each is sent three times:
anonymously, with the Secretariat's bearer token and with France's Permanent Representative's.
In positive mode the path values of the stored drafts, letter, resolution and key, and a few
valid bodies (a draft, a correctly signed letter, a new public key), are mixed into the
generated ones, so that calls reach the handlers and not only the 404s and 422s.

No response may be a 5xx; every status code, content type and body must be one the schema
declares; invalid data must be refused with a 4xx (413 included: a body over
MAX_REQUEST_BYTES is refused before it is read). Hypothesis runs a bounded number of examples
per operation (EXAMPLES), derandomized so that a run is reproducible; each call has a timeout
and each example a deadline. All failures are collected and reported at once, one block per
operation and mode, each shrunk by Hypothesis.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from council.council import Council
from council.settings import load_settings
from council.signing import (
    LETTER_KIND,
    format_time,
    generate_private_key,
    public_key_pem,
    sign_letter,
)
from council.store.repository import Store
from council.web.app import create_app
from tests.factories import DRAFT_TEXT
from tests.web.clock import ManualClock
from tests.web.conftest import LiveServer

# Late June 2020: France holds the presidency, so its PR may also open a vote (R24).
NOW = datetime(2020, 6, 28, 18, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 15}
REQUEST_TIMEOUT = 10.0  # seconds; a hung request fails the example instead of the run
EXAMPLE_DEADLINE = timedelta(seconds=3 * REQUEST_TIMEOUT)  # one example is three calls
# Path values that exist in the populated store (S/2020/1 is the outcome letter).
KNOWN_PATHS: list[dict[str, Any]] = [
    *({"year": 2020, "serial": serial} for serial in (560, 580, 600, 700, 1)),
    {"number": 1},
    {"member": "FRA"},
]
MAX_REPORT = 4000  # characters of one failure's report (a generated body can be megabytes)
CONFIG = schemathesis.Config.from_dict({
    "checks": {"negative_data_rejection": {
        "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]}},
})
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

ValidInputs = dict[str, list[dict[str, Any]]]


def _populated_council(path: Path) -> tuple[Council, dict[str, str], ValidInputs]:
    """A Council with drafts in each state; a token per identity; valid inputs to mix in."""
    url = f"sqlite:///{path}"
    council = Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                      Store(url), clock=ManualClock(NOW))
    council.init()
    members = [m.code for m in council.members(2020).members]
    # Announced: all in favour, closed and announced, so a letter and a resolution exist.
    opened = NOW - timedelta(days=8)
    council.add_draft("S/2020/560", ["France"], "The situation in Mali", DRAFT_TEXT,
                      at=opened - timedelta(hours=1))
    council.open_vote("S/2020/560", at=opened)
    for i, member in enumerate(members):
        council.cast_vote("S/2020/560", member, "yes", "A. Representative",
                          at=opened + timedelta(minutes=i + 1))
    council.close_vote("S/2020/560", at=opened + timedelta(hours=24))
    council.announce("S/2020/560", at=opened + timedelta(hours=25),
                     letter_date=date(2020, 6, 21))
    # Closed, not announced: a veto.
    opened = NOW - timedelta(days=3)
    council.add_draft("S/2020/580", ["Germany"], "The situation in Mali", DRAFT_TEXT,
                      at=opened - timedelta(hours=1))
    council.open_vote("S/2020/580", at=opened)
    for i, (member, position) in enumerate((("CHN", "no"), ("DEU", "yes"), ("VNM", "abstain"))):
        council.cast_vote("S/2020/580", member, position, at=opened + timedelta(minutes=i + 1))
    council.close_vote("S/2020/580", at=opened + timedelta(hours=24))
    # In voting, with some letters (not France's, so that France may still send one).
    opened = NOW - timedelta(hours=2)
    council.add_draft("S/2020/600", ["France"], "The situation in Mali", DRAFT_TEXT,
                      at=opened - timedelta(hours=1))
    council.open_vote("S/2020/600", at=opened)
    for i, member in enumerate(("CHN", "USA", "GBR", "NER")):
        council.cast_vote("S/2020/600", member, "yes", at=opened + timedelta(minutes=i + 1))
    # Registered only.
    council.add_draft("S/2020/700", ["Niger", "Germany"], "The situation in Mali", DRAFT_TEXT,
                      at=NOW - timedelta(hours=1))

    access = council.access
    access.add_user("scad", PASSWORD, "secretariat-director", name="SCAD Director")
    pr = access.add_user("fra-pr", PASSWORD, "permanent-representative", "France",
                         "Nicolas de Rivière")
    key = generate_private_key()
    access.register_key(access.actor(pr, NOW), public_key_pem(key.public_key()), NOW)
    tokens = {"secretariat": access.token_for("scad", "fuzz", NOW),
              "delegation": access.token_for("fra-pr", "fuzz", NOW)}
    letter = {"kind": LETTER_KIND, "procedure": council.procedure_id("S/2020/600"),
              "draft": "S/2020/600", "member": "FRA", "position": "yes",
              "signatory": {"name": "Nicolas de Rivière", "title": "permanent-representative"},
              "sent_at": format_time(NOW)}
    valid_inputs: ValidInputs = {
        "POST /api/drafts": [{"body": {
            "symbol": "S/2020/800", "sponsors": ["France"],
            "agenda_item": "The situation in Mali", "text": DRAFT_TEXT}}],
        "POST /api/drafts/{year}/{serial}/letters": [{
            "path_parameters": {"year": 2020, "serial": 600},
            "body": sign_letter(letter, key)}],
        "POST /api/keys": [{"body": {
            "public_key": public_key_pem(generate_private_key().public_key())}}],
    }
    return council, tokens, valid_inputs


def _strategy(operation: APIOperation, mode: GenerationMode,
              valid_inputs: ValidInputs) -> st.SearchStrategy[Case]:
    """Generated cases; in positive mode mixed with stored path values and valid inputs."""
    strategies = [operation.as_strategy(generation_mode=mode)]
    if mode is GenerationMode.POSITIVE:
        names = {parameter.name for parameter in operation.path_parameters}
        fixed = [{"path_parameters": known} for known in KNOWN_PATHS
                 if names and set(known) == names]
        fixed += valid_inputs.get(operation.label, [])
        strategies += [operation.as_strategy(generation_mode=mode, **kwargs) for kwargs in fixed]
    return st.one_of(strategies)


def _fuzz_operation(operation: APIOperation, mode: GenerationMode, base_url: str,
                    session: requests.Session, identities: dict[str, dict[str, str]],
                    valid_inputs: ValidInputs) -> str | None:
    """Fuzz one operation in one mode: the failure found, shrunk by Hypothesis, or None."""

    @given(case=_strategy(operation, mode, valid_inputs))
    @settings(max_examples=EXAMPLES[mode], deadline=EXAMPLE_DEADLINE, database=None,
              derandomize=True, print_blob=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                     HealthCheck.data_too_large])
    def fuzz(case: Case) -> None:
        for identity, headers in identities.items():
            try:
                case.call_and_validate(base_url=base_url, session=session, headers=headers,
                                       checks=CHECKS, timeout=REQUEST_TIMEOUT)
            except BaseExceptionGroup as group:
                group.add_note(f"(sent as {identity})")
                raise

    try:
        fuzz()
    except Unsatisfiable:
        if mode is GenerationMode.NEGATIVE:
            return None  # nothing in this operation's input can be made invalid
        raise
    # Schemathesis raises its check failures as a FailureGroup, a BaseExceptionGroup.
    except (Exception, BaseExceptionGroup) as exc:
        notes = "".join(f"\n{note}" for note in getattr(exc, "__notes__", ()))
        text = f"{type(exc).__name__}: {exc}"
        if len(text) > MAX_REPORT:
            text = text[:MAX_REPORT] + f"... ({len(text) - MAX_REPORT} more characters)"
        return f"== {operation.label} ({mode.value}) ==\n{text}{notes}"
    return None


def test_fuzzed_api_calls_get_no_server_error_and_only_declared_responses(
    live_server: LiveServer, tmp_path: Path
) -> None:
    council, tokens, valid_inputs = _populated_council(tmp_path / "council.db")
    base_url = live_server(create_app(council))
    identities: dict[str, dict[str, str]] = {"anonymous": {}}
    identities |= {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    schema = schemathesis.openapi.from_url(base_url + "/openapi.json", config=CONFIG,
                                           timeout=REQUEST_TIMEOUT)
    failures: list[str] = []
    with requests.Session() as session:
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                failure = _fuzz_operation(operation, mode, base_url, session, identities,
                                          valid_inputs)
                if failure is not None:
                    failures.append(failure)
    council.store.dispose()
    assert not failures, (f"{len(failures)} operation(s) failed fuzzing:\n\n"
                          + "\n\n".join(failures))
