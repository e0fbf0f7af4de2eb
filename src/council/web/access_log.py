"""The server's access log: one line per answered request, written by ``council serve``.

It replaces uvicorn's own access log, which goes through the ``logging`` module: a log
record, a formatter and a flush of the stream for every request, about 15 µs each, which on
the last day of a vote is a few percent of what a letter costs the event loop
(docs/bench-ballots.md). Here a line is one formatted string appended to the stream, and the
stream is flushed at most ``FLUSH_SECONDS`` after a line was written (as a web server's
buffered access log is), and when the server stops.

A line says who asked what, when, and the answer::

    127.0.0.1:50312 - [2020-06-28T14:00:00.123Z] "POST /api/drafts/2020/600/letters HTTP/1.1" 201

The time is the request's time as the app read it (the one clock; ``RequestGuard`` and the
letters' lane put it in the scope's state), so the log agrees with the records to the
millisecond; it is the time of the answer when the app read none.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO

from council.signing import format_time

FLUSH_SECONDS = 0.5


class AccessLog:
    """Pure ASGI middleware that writes one access-log line per HTTP response to ``stream``."""

    def __init__(self, app: Any, stream: TextIO, clock: Callable[[], datetime]) -> None:
        self.app = app
        self.stream = stream
        self.clock = clock
        self._flush_pending = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            try:
                await self.app(scope, receive, send)
            finally:
                self._flush()  # the server is stopping: nothing waits in the buffer
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def logged(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self.write(scope, message["status"])
            await send(message)

        try:
            await self.app(scope, receive, logged)
        except BaseException:
            if not started:  # the server answers 500 for an app that failed before answering
                self.write(scope, 500)
            raise

    def write(self, scope: Any, status: int) -> None:
        """Append the line of ``scope``'s request, answered with ``status``."""
        client = scope.get("client")
        who = f"{client[0]}:{client[1]}" if client else "-"
        now = scope.get("state", {}).get("now") or self.clock()
        query = scope.get("query_string", b"")
        target = scope.get("raw_path") or scope["path"].encode("utf-8")
        if query:
            target += b"?" + query
        line = (f'{who} - [{format_time(now)}] "{scope["method"]} '
                f'{target.decode("latin-1")} HTTP/{scope["http_version"]}" {status}\n')
        try:
            self.stream.write(line)
        except (OSError, ValueError):  # stdout closed or gone: the log never fails a request
            return
        if not self._flush_pending:
            self._flush_pending = True
            asyncio.get_running_loop().call_later(FLUSH_SECONDS, self._flush)

    def _flush(self) -> None:
        self._flush_pending = False
        with contextlib.suppress(OSError, ValueError):
            self.stream.flush()


__all__ = ["FLUSH_SECONDS", "AccessLog"]
