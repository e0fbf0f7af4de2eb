"""Fixtures for the web tests that need a real server and a real browser.

Most web tests go through the ASGI client in-process. The few that must see what a user sees
(layout, fonts, JavaScript, cookies over a socket) use these fixtures, as httpx's ``TestServer``
and Datasette's ``ds_localhost_http_server`` do:

``live_server(app) -> str``
    serves an ASGI app with uvicorn in a background thread on 127.0.0.1 and returns its base
    URL (``http://127.0.0.1:PORT``, no trailing slash); stopped after the test. Call it more
    than once for several servers.
``chromium_browser``
    one headless Debian Chromium per session, driven by Playwright's sync API. We never run
    ``playwright install``: ``scripts/browser-for-tests.sh`` installs ``/usr/bin/chromium`` and
    exports ``COUNCIL_TEST_CHROMIUM``. Missing Chromium fails the test, unless
    ``COUNCIL_SKIP_BROWSER=1`` says to skip.
``browser_page``
    a fresh page in its own browser context (own cookies and storage), closed after the test.
``artifacts_dir``
    ``test-artifacts/<test name>/`` under the repository root, emptied for each test, for
    screenshots that outlive the run (CI keeps the folder).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from starlette.types import ASGIApp

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
STARTUP_TIMEOUT = 10.0
SHUTDOWN_TIMEOUT = 10.0

LiveServer = Callable[[ASGIApp], str]


class _ServerThread:
    """One uvicorn server on a socket we bind first, so the port is known and never raced for."""

    def __init__(self, app: ASGIApp) -> None:
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only when
        # the listening socket names its protocol; without it each reused connection waits
        # ~40 ms for the peer's delayed ACK (Nagle).
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.socket.bind(("127.0.0.1", 0))
        port = self.socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on",
            # HTTP only: the app has no websockets, and uvicorn's websockets backends can emit
            # DeprecationWarnings, which filterwarnings = error turns into failures.
            ws="none",
            timeout_graceful_shutdown=5,
        )
        self.server = uvicorn.Server(config)
        self.url = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(
            target=self._run,
            name=f"uvicorn-{port}",
            daemon=True,
        )

    def _run(self) -> None:
        # uvicorn calls sys.exit when the app's lifespan start-up fails; start() reports that.
        with contextlib.suppress(SystemExit):
            self.server.run(sockets=[self.socket])

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self.server.started:
            if not self.thread.is_alive():
                self.socket.close()
                pytest.fail(
                    f"live_server: uvicorn on {self.url} stopped during start-up "
                    "(did the app's lifespan start-up raise? see the log above)"
                )
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(
                    f"live_server: uvicorn on {self.url} did not start within "
                    f"{STARTUP_TIMEOUT:.0f}s"
                )
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(SHUTDOWN_TIMEOUT)
        if self.thread.is_alive():
            # Open connections kept it waiting; uvicorn cancels them when forced.
            self.server.force_exit = True
            self.thread.join(SHUTDOWN_TIMEOUT)
        self.socket.close()  # uvicorn closes it on shutdown; this covers a failed start
        if self.thread.is_alive():
            pytest.fail(
                f"live_server: uvicorn on {self.url} did not stop within "
                f"{2 * SHUTDOWN_TIMEOUT:.0f}s"
            )


@pytest.fixture
def live_server() -> Iterator[LiveServer]:
    """Serve ASGI apps on real sockets for this test: ``base_url = live_server(app)``."""
    servers: list[_ServerThread] = []

    def serve(app: ASGIApp) -> str:
        server = _ServerThread(app)
        servers.append(server)
        server.start()
        return server.url

    yield serve
    for server in reversed(servers):
        server.stop()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """Headless Debian Chromium for the whole session."""
    executable = os.environ.get("COUNCIL_TEST_CHROMIUM", DEFAULT_CHROMIUM)
    if not os.access(executable, os.X_OK):
        if os.environ.get("COUNCIL_SKIP_BROWSER") == "1":
            pytest.skip(f"COUNCIL_SKIP_BROWSER=1 and no Chromium at {executable}")
        pytest.fail(
            f"No Chromium at {executable}. Run `source scripts/browser-for-tests.sh` (make test "
            "does), which installs Debian's chromium and fonts, or set COUNCIL_SKIP_BROWSER=1 to "
            "skip the browser tests.",
            pytrace=False,
        )
    # Playwright's sync API runs its own event loop in this (the main) thread; each uvicorn
    # server runs its loop in its own thread, so the two never meet.
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as error:
            pytest.fail(f"Chromium at {executable} did not start: {error}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium_browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context, so no cookies leak between tests."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts_dir(request: pytest.FixtureRequest) -> Path:
    """``test-artifacts/<test name>/``, empty at the start of the test and kept afterwards."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    directory = ARTIFACTS / name
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory
