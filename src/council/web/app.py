"""The web app: ``create_app(council)`` gives the FastAPI application that ``council serve``
runs on uvicorn, with the pages (``pages.py``) and the JSON API (``api.py``).

Two things happen to every request before any handler runs: the one clock is read and the
time kept as the request's time (issue 4, point 5), and the body is counted, so that a body
over MAX_REQUEST_BYTES is refused with 413 before anything is stored. Errors are translated
here, once: the domain's errors become the API's one JSON shape ``{ok, status, error,
errors}``, or an error page.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from council.access import SignInFailed, TooManyAttempts
from council.council import Council
from council.domain.accounts import NotAuthorised, NotSignedIn
from council.domain.errors import (
    CouncilError,
    DuplicateBallot,
    InvalidInput,
    NotFound,
    ProcedureError,
)
from council.receiving import Intake
from council.signing import BadSignature
from council.store.repository import StoreError

HERE = Path(__file__).parent

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def status_of(exc: CouncilError) -> int:
    """The HTTP status of a domain error."""
    if isinstance(exc, TooManyAttempts):
        return 429
    if isinstance(exc, NotSignedIn | SignInFailed):
        return 401
    if isinstance(exc, NotAuthorised):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, ProcedureError | DuplicateBallot):
        return 409
    if isinstance(exc, BadSignature | InvalidInput):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


def error_body(status: int, message: str,
               errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"ok": False, "status": status, "error": message, "errors": errors or []}


class RequestGuard:
    """Pure ASGI middleware: the request's time, and the body-size limit."""

    def __init__(self, app: ASGIApp, council: Council) -> None:
        self.app = app
        self.council = council

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # One time per request: the letters' lane, outside, may have read it already.
        state = scope.setdefault("state", {})
        if "now" not in state:
            state["now"] = self.council.clock()
        limit = int(self.council.settings["MAX_REQUEST_BYTES"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and over_limit(declared, limit):
            await _too_large(scope, send, limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # An HTTPException passes through FastAPI's body parsing unchanged.
                    raise StarletteHTTPException(
                        413, f"The request body is over {limit} bytes (MAX_REQUEST_BYTES); "
                             "nothing was stored.")
            return message

        await self.app(scope, counted, send)


def over_limit(declared: bytes, limit: int) -> bool:
    """Whether a declared Content-Length is not a length, or over ``limit`` bytes."""
    return not declared.isdigit() or int(declared) > limit


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    message = (f"The request body is over {limit} bytes (MAX_REQUEST_BYTES); nothing was "
               "stored.")
    response = JSONResponse(error_body(413, message), status_code=413)
    await response(scope, _no_receive, send)


async def _no_receive() -> Message:  # pragma: no cover - a response never reads
    return {"type": "http.disconnect"}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app(council: Council, *, secure_cookies: bool | None = None,
               letter_lane: bool = True) -> FastAPI:
    """The application over ``council``.

    Args:
        council: the façade (its clock is the one the app reads).
        secure_cookies: mark cookies Secure; by default, when the request came over HTTPS.
        letter_lane: signed letters sent with an API token go through ``lane.LetterLane``
            and are recorded in batches (group commit); without it, through the route.
    """
    intake = Intake(council.desk)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await asyncio.to_thread(intake.close)  # what is queued is recorded and answered

    app = CouncilApp(
        lifespan=lifespan,
        title="Council",
        version=version("council"),
        description=("The Security Council's written procedure: drafts, votes by signed "
                     "letters of position, receipts, and the published outcome. Errors have "
                     "one shape: {ok, status, error, errors}."),
        docs_url="/api/docs", redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.council = council
    app.state.intake = intake
    app.state.secure_cookies = secure_cookies
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # The routers need the app's templates only at run time.
    from council.web import api, calendar, corpus, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(calendar.router)
    app.include_router(corpus.api_router)
    app.include_router(corpus.page_router)

    @app.exception_handler(CouncilError)
    async def council_error(request: Request, exc: CouncilError) -> Response:
        status = status_of(exc)
        headers = ({"Retry-After": str(exc.retry_after)}
                   if isinstance(exc, TooManyAttempts) else None)
        if wants_json(request):
            return JSONResponse(error_body(status, exc.message), status_code=status,
                                headers=headers)
        return pages.error_page(request, status, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
                   "message": str(e.get("msg", "invalid"))} for e in exc.errors()]
        message = "The request has invalid fields: " + "; ".join(
            f"{e['field'] or 'body'}: {e['message']}" for e in errors)
        if wants_json(request):
            return JSONResponse(error_body(422, message, errors), status_code=422)
        return pages.error_page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "Error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"Nothing at {request.url.path}."
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}."
        if wants_json(request):
            return JSONResponse(error_body(exc.status_code, message),
                                status_code=exc.status_code, headers=exc.headers)
        return pages.error_page(request, exc.status_code, message)

    def openapi() -> dict[str, Any]:
        # The bearer token is optional: anonymous callers read public data, and only a bad
        # token gets 401. OpenAPI says so with an empty alternative, which FastAPI omits.
        if app.openapi_schema is None:
            for item in FastAPI.openapi(app).get("paths", {}).values():
                for operation in item.values():
                    if operation.get("security") == [{"HTTPBearer": []}]:
                        operation["security"].append({})
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(RequestGuard, council=council)
    if letter_lane:
        from council.web.lane import LetterLane

        app.lane = LetterLane(functools.partial(FastAPI.__call__, app), intake, council)
    return app


class CouncilApp(FastAPI):
    """The FastAPI application, with the letters' lane (``lane.LetterLane``) in front of it.

    The lane sees every request first and hands on those it does not take, so that a letter
    sent with an API token passes through none of FastAPI's own layers (its telemetry check,
    server errors, body limit), in or out: together about a fifth of what the event loop
    spent on a letter (docs/bench-ballots.md)."""

    lane: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.lane is None:
            await super().__call__(scope, receive, send)
        else:
            await self.lane(scope, receive, send)


__all__ = ["create_app"]
