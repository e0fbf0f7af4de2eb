"""The real-server and browser fixtures work, shown on a throwaway app (not Council's)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import fastapi
import httpx
import pytest
from fastapi.responses import HTMLResponse
from playwright.sync_api import Page

from tests.web.clock import ManualClock
from tests.web.conftest import LiveServer

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Smoke</title></head>
<body>
  <h1>{heading}</h1>
  <p lang="zh">安全理事会 · Conseil de sécurité · Совет Безопасности · مجلس الأمن</p>
  <button id="vote" onclick="document.getElementById('out').textContent = 'Voted'">Vote</button>
  <p id="out"></p>
</body>
</html>"""


def make_app(heading: str, events: list[str] | None = None) -> fastapi.FastAPI:
    @asynccontextmanager
    async def lifespan(app: fastapi.FastAPI) -> AsyncIterator[None]:
        if events is not None:
            events.append("startup")
        yield
        if events is not None:
            events.append("shutdown")

    app = fastapi.FastAPI(lifespan=lifespan)

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        return PAGE.format(heading=heading)

    return app


def test_live_server_serves_over_a_real_socket_and_runs_the_lifespan(
    live_server: LiveServer,
) -> None:
    events: list[str] = []
    base_url = live_server(make_app("Smoke", events))

    response = httpx.get(base_url + "/")

    assert base_url.startswith("http://127.0.0.1:")
    assert response.status_code == 200
    assert '<button id="vote"' in response.text
    assert events == ["startup"]


def test_several_live_servers_run_side_by_side(live_server: LiveServer) -> None:
    first = live_server(make_app("First"))
    second = live_server(make_app("Second"))

    with httpx.Client() as client:
        assert first != second
        assert "<h1>First</h1>" in client.get(first + "/").text
        assert "<h1>Second</h1>" in client.get(second + "/").text


def test_chromium_clicks_a_button_and_saves_a_screenshot(
    live_server: LiveServer, browser_page: Page, artifacts_dir: Path
) -> None:
    base_url = live_server(make_app("Smoke"))

    browser_page.goto(base_url + "/")
    browser_page.click("#vote")
    browser_page.wait_for_selector("#out:has-text('Voted')")
    screenshot = artifacts_dir / "clicked.png"
    browser_page.screenshot(path=str(screenshot), full_page=True)

    assert browser_page.title() == "Smoke"
    assert browser_page.text_content("#out") == "Voted"
    assert screenshot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert screenshot.stat().st_size > 1000


def test_artifacts_dir_is_named_after_the_test_and_starts_empty(artifacts_dir: Path) -> None:
    assert artifacts_dir.name == "test_artifacts_dir_is_named_after_the_test_and_starts_empty"
    assert artifacts_dir.parent.name == "test-artifacts"
    assert list(artifacts_dir.iterdir()) == []


def test_manual_clock_moves_only_when_told() -> None:
    start = datetime(2020, 6, 27, 12, 0, tzinfo=UTC)
    clock = ManualClock(start)

    assert clock() == start
    assert clock.advance(hours=24) == start + timedelta(hours=24)
    assert clock() == start + timedelta(hours=24)
    clock.set(datetime(2020, 6, 29, 14, 0, tzinfo=UTC))
    assert clock() == datetime(2020, 6, 29, 14, 0, tzinfo=UTC)


def test_manual_clock_keeps_utc_and_refuses_naive_times() -> None:
    clock = ManualClock(datetime(2020, 6, 27, 14, 0, tzinfo=timezone(timedelta(hours=2))))

    assert clock() == datetime(2020, 6, 27, 12, 0, tzinfo=UTC)
    assert clock().tzinfo is UTC
    with pytest.raises(ValueError, match="needs an aware datetime"):
        clock.set(datetime(2020, 6, 27, 12, 0))


def test_manual_clock_is_safe_to_advance_from_several_threads() -> None:
    start = datetime(2020, 6, 27, 12, 0, tzinfo=UTC)
    clock = ManualClock(start)

    def tick() -> None:
        for _ in range(1000):
            clock.advance(seconds=1)

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert clock() == start + timedelta(seconds=4000)
