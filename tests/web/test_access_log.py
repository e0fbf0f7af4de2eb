"""The server's access log (council/web/access_log.py): a real ``council serve`` on loopback
writes one line per request, with the request's time and the answer's status; a line reaches
the log while the server runs (within FLUSH_SECONDS) and every line is there after it stops.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from council.web.access_log import FLUSH_SECONDS, AccessLog

STARTUP_TIMEOUT = 60.0
LINE = re.compile(r'127\.0\.0\.1:\d+ - \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\] '
                  r'"(\w+) (\S+) HTTP/1\.1" (\d{3})')


def test_council_serve_logs_every_request_with_its_time_and_status(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    env = {**os.environ, "COUNCIL_DATABASE_URL": f"sqlite:///{tmp_path / 'council.db'}"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "council", "serve", "--host", "127.0.0.1", "--port",
             str(port)], env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT
        with httpx.Client(base_url=base, timeout=5) as client:
            while True:
                assert server.poll() is None, log.read_text(errors="replace")
                try:
                    if client.get("/api/drafts").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.05)
            before = datetime.now(UTC)
            assert client.get("/api/nothing-here", params={"q": "1"}).status_code == 404
            # The line reaches the file while the server runs, without waiting for more.
            wait_until = time.monotonic() + FLUSH_SECONDS + 10
            while "/api/nothing-here" not in log.read_text(errors="replace"):
                assert time.monotonic() < wait_until, log.read_text(errors="replace")
                time.sleep(0.05)
            assert client.post("/api/drafts/2020/600/letters", json={},
                               headers={"Authorization": "Bearer nobody"}).status_code == 401
    finally:
        server.terminate()
        server.wait(20)
    lines = [LINE.search(line) for line in log.read_text(errors="replace").splitlines()]
    seen = [(m.group(2), m.group(3), m.group(4)) for m in lines if m is not None]
    assert ("GET", "/api/drafts", "200") in seen
    assert ("GET", "/api/nothing-here?q=1", "404") in seen
    assert seen[-1] == ("POST", "/api/drafts/2020/600/letters", "401")  # flushed at the stop
    for match in lines:  # the server's clock, in UTC
        if match is not None:
            at = datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S.%f%z")
            assert abs((at - before).total_seconds()) < 60
    # uvicorn's own access log is off: one line per request, not two.
    assert "HTTP/1.1\" 404 Not Found" not in log.read_text(errors="replace")


def test_an_app_that_fails_before_answering_is_logged_as_500() -> None:
    async def failing(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("a bug")

    stream = io.StringIO()
    at = datetime(2020, 6, 28, 14, 0, tzinfo=UTC)
    client = TestClient(AccessLog(failing, stream, lambda: at), raise_server_exceptions=False)
    assert client.get("/broken").status_code == 500
    assert stream.getvalue().endswith(
        '- [2020-06-28T14:00:00.000Z] "GET /broken HTTP/1.1" 500\n')


def test_lines_are_written_once_per_response_with_the_time_the_app_read() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        scope.setdefault("state", {})["now"] = datetime(2020, 6, 28, 13, 59, 59, 999_000,
                                                        tzinfo=UTC)
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    stream = io.StringIO()
    client = TestClient(AccessLog(app, stream, lambda: datetime(2099, 1, 1, tzinfo=UTC)))
    client.post("/api/drafts/2020/600/letters")
    client.post("/api/drafts/2020/600/letters?x=%20y")
    assert [line.split(" - ", 1)[1] for line in stream.getvalue().splitlines()] == [
        '[2020-06-28T13:59:59.999Z] "POST /api/drafts/2020/600/letters HTTP/1.1" 201',
        '[2020-06-28T13:59:59.999Z] "POST /api/drafts/2020/600/letters?x=%20y HTTP/1.1" 201',
    ]


@pytest.mark.parametrize("status", [200, 404])
def test_the_line_names_the_status_sent(status: int) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    stream = io.StringIO()
    TestClient(AccessLog(app, stream, lambda: datetime(2020, 1, 1, tzinfo=UTC))).get("/x")
    assert stream.getvalue().rstrip("\n").endswith(f'"GET /x HTTP/1.1" {status}')


def test_a_closed_log_stream_does_not_fail_the_request() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    stream = io.StringIO()
    stream.close()  # as when the server's stdout is gone
    client = TestClient(AccessLog(app, stream, lambda: datetime(2020, 1, 1, tzinfo=UTC)))
    assert client.post("/api/drafts/2020/600/letters").status_code == 201
