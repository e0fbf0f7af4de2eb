"""The letters' lane: ``POST /api/drafts/{year}/{serial}/letters`` with an API token, taken
straight to the letter desk's queue.

On the last day of a vote, fifteen delegations (and their retries) send their signed letters
within minutes, often several votes at once. A letter sent by a program with its API token is
the API's busiest request, and the one whose answer a delegation waits for, so it does not
go through FastAPI's routing, dependency solving and thread pool: this pure ASGI middleware
reads the body, checks it with the same model as the route (``SignedLetterIn``), and puts
the letter on ``council.receiving.Intake``, whose one writer thread records the letters that
arrived meanwhile in one transaction and one commit; each request then gets its own signed
receipt, or its own error, in the API's one error shape.

It answers exactly as the FastAPI route (``api.send_letter``) does, which stays in the
OpenAPI schema and serves everything else: requests signed in by cookie, and every request
the lane is not sure of (no ``Authorization: Bearer``, another content type, a body that is
not a valid ``SignedLetterIn``, an Idempotency-Key of the wrong length, a year or serial out
of range) is passed on to FastAPI untouched, body included, so that its answer, and its
error messages, are the route's own. tests/web/test_lane.py holds the two to the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from council.council import Council
from council.domain.errors import CouncilError
from council.receiving import Incoming, Intake, api_json
from council.web.app import error_body, over_limit, status_of
from council.web.models import ReceiptOut, SignedLetterIn

_PATH = re.compile(r"/api/drafts/(\d{4})/(\d{1,5})/letters")
_JSON = re.compile(rb"application/json\s*(;.*)?", re.IGNORECASE | re.DOTALL)
YEARS = range(1946, 3000)  # as api.Year and api.Serial
SERIALS = range(1, 100_000)


class LetterLane:
    """Pure ASGI middleware outside all of FastAPI's (``create_app`` puts it there): for the
    requests it takes, it reads the clock and checks the declared body size itself, as
    ``RequestGuard`` does for the others, and the time it reads is the request's time for the
    app too when it passes a request on."""

    def __init__(self, app: Any, intake: Intake, council: Council) -> None:
        self.app = app
        self.intake = intake
        self.council = council

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        match = (_PATH.fullmatch(scope["path"])
                 if scope["type"] == "http" and scope["method"] == "POST" else None)
        if match is None:
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["now"] = self.council.clock()
        headers = dict(scope.get("headers") or [])
        letter = _incoming(scope, headers, match)
        declared = headers.get(b"content-length")
        if letter is None or declared is None or over_limit(
                declared, int(self.council.settings["MAX_REQUEST_BYTES"])):
            await self.app(scope, receive, send)  # RequestGuard answers a body too large
            return
        body, messages = await _read(receive)
        try:
            data = json.loads(body)
            envelope = SignedLetterIn.model_validate(data).model_dump(exclude_none=True)
        except (ValueError, ValidationError):  # FastAPI says what is wrong, in its words
            await self.app(scope, _replay(messages, receive), send)
            return
        try:
            result = await self.intake.receive(replace(letter, envelope=envelope))
        except CouncilError as exc:  # the store itself failed (503), for the whole batch
            result = exc
        if isinstance(result, CouncilError):
            status = status_of(result)
            body = api_json(error_body(status, result.message))
        else:
            status = 200 if result.replayed else 201
            # ReceiptOut's fields in its order, as the route's response model renders them;
            # a receipt just issued comes encoded so (SIGNED_FIELDS).
            body = result.signed_json or api_json(
                {name: result.signed.get(name) for name in ReceiptOut.model_fields})
        await _respond(send, status, body)


def _incoming(scope: Any, headers: dict[bytes, bytes], match: re.Match[str]
              ) -> Incoming | None:
    """The request's letter without its body, if the lane takes it; else None."""
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    if not _JSON.fullmatch(headers.get(b"content-type", b"")):
        return None
    year, serial = int(match.group(1)), int(match.group(2))
    if year not in YEARS or serial not in SERIALS:
        return None
    key = headers.get(b"idempotency-key")
    idempotency_key = key.decode("latin-1") if key is not None else None
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        return None
    return Incoming(f"S/{year}/{serial}", None, scope["state"]["now"],
                    idempotency_key=idempotency_key, token=token)


async def _read(receive: Any) -> tuple[bytes, list[Any]]:
    messages, chunks = [], []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def _replay(messages: list[Any], receive: Any) -> Any:
    pending = list(messages)

    async def replayed() -> Any:
        return pending.pop(0) if pending else await receive()

    return replayed


async def _respond(send: Any, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-length", str(len(body)).encode("ascii")),
                            (b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


__all__ = ["LetterLane"]
