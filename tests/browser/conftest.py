"""Real headless Chromium (Debian's /usr/bin/chromium driven by Playwright) against the app on localhost.

Every page opened through `browse` records requests to any host but localhost and console errors,
so a test can assert that nothing left the machine.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = PROJECT_DIR / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
STREAMLIT_BASE_PATH_PROBES = ("/_stcore/health", "/_stcore/host-config")

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` on a free localhost port; yields its URL and stops it afterwards."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian chromium is missing: run `make test` (it installs it) or `apt-get install chromium`."
        )
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads fills up (64 KiB) and then blocks the server
    # on its next log line, which hung every later test of a long run.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=PROJECT_DIR,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.3)
            else:
                log.seek(0)
                pytest.fail(f"Streamlit did not start: {log.read().decode(errors='replace')[-2000:]}")
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """One server for the whole session."""
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """What one browser page did: requests that left localhost, console errors."""

    page: object
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def wait_for_app(self, timeout_ms: int = 30_000) -> None:
        """Wait until Streamlit has finished running the script and the page has content."""
        self.page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout_ms)
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
        )
        self.page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)

    def wait_for_page_complete(self, timeout_ms: int = 60_000) -> None:
        """Wait until the whole script has run: app.py's footer ("Data as of" / "Données au") is drawn
        last, and no element is still a loading skeleton."""
        self.wait_for_app(timeout_ms)
        self.page.wait_for_function(
            """() => {
                const main = document.querySelector('[data-testid="stMain"]') || document.body;
                const text = main.innerText;
                return (text.includes('Data as of') || text.includes('Données au'))
                    && !document.querySelector('[data-testid="stSkeleton"]');
            }""",
            timeout=timeout_ms,
        )

    def wait_for_charts(self, timeout_ms: int = 30_000) -> None:
        """Wait until every plotly chart on the page has drawn (maps included), then let paint settle."""
        self.page.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                     .every(el => el.querySelector('.js-plotly-plot .main-svg'))""",
            timeout=timeout_ms,
        )
        self.page.wait_for_timeout(800)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def browse(browser) -> Iterator[callable]:
    """browse(url) -> Visit; blocks (and records) any request to a host other than localhost."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    visits: list[Visit] = []

    def open_page(url: str) -> Visit:
        page = context.new_page()
        visit = Visit(page)

        def route(route_request):
            host = urlparse(route_request.request.url).hostname or ""
            if route_request.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                route_request.continue_()
            else:
                visit.external_requests.append(route_request.request.url)
                route_request.abort()

        page.route("**/*", route)

        def on_console(msg) -> None:
            if msg.type != "error":
                return
            source = (msg.location or {}).get("url", "")
            # Opened at /<page>, Streamlit's front end first probes /<page>/_stcore/{health,host-config}
            # to find its base path, gets 404 and falls back to /: its own probe, not an app error.
            if "404" in msg.text and source.endswith(STREAMLIT_BASE_PATH_PROBES):
                return
            visit.console_errors.append(f"{msg.text} ({source})" if source else msg.text)

        page.on("console", on_console)
        page.on("pageerror", lambda err: visit.console_errors.append(str(err)))
        page.goto(url)
        visits.append(visit)
        return visit

    yield open_page
    context.close()
