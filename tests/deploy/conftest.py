"""Fixtures of the deployment tests: the proxied stack (tests/deploy/stack.py) and Chromium pages on it.

A page opened with `visit(url)` records what the browser tests record (requests leaving 127.0.0.1, console
errors) and, in addition, every Content-Security-Policy violation the page reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS, STREAMLIT_BASE_PATH_PROBES, Visit
from tests.deploy.stack import NginxMissing, ProxyStack, nginx_binary

CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile || ''}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def nginx() -> str:
    try:
        return nginx_binary()
    except NginxMissing as err:
        pytest.skip(f"deploy test skipped: {err} (Debian: apt-get install nginx-light)")


@pytest.fixture(scope="module")
def stack(nginx, tmp_path_factory) -> Iterator[ProxyStack]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: `make chromium` (or apt-get install chromium).")
    running = ProxyStack.create(tmp_path_factory.mktemp("nginx-prefix"))
    try:
        running.start(nginx)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Visitor:
    """One person: a browser context of their own (own cookies, so their own replica), pages in it."""

    def __init__(self, browser: object):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
        self.context.add_init_script(CSP_RECORDER)
        self.visits: list[Visit] = []

    def open(self, url: str) -> Visit:
        page = self.context.new_page()
        visit = Visit(page)

        def route(route_request) -> None:
            url = route_request.request.url
            if url.startswith(("data:", "blob:")) or (urlparse(url).hostname or "") in LOCAL_HOSTS:
                route_request.continue_()
            else:
                visit.external_requests.append(url)
                route_request.abort()

        def on_console(msg) -> None:
            source = (msg.location or {}).get("url", "")
            # Streamlit's base-path probe (/<page>/_stcore/health → 404) is its own, not an error.
            probe = "404" in msg.text and source.endswith(STREAMLIT_BASE_PATH_PROBES)
            if msg.type == "error" and not probe:
                visit.console_errors.append(f"{msg.text} ({source})")

        page.route("**/*", route)
        page.on("console", on_console)
        page.on("pageerror", lambda err: visit.console_errors.append(str(err)))
        page.goto(url)
        self.visits.append(visit)
        return visit

    def affinity(self) -> str:
        """The value of the affinity cookie nginx gave this visitor."""
        return next(c["value"] for c in self.context.cookies() if c["name"] == "wca_affinity")

    def close(self) -> None:
        self.context.close()


def csp_violations(visit: Visit) -> list[str]:
    return visit.page.evaluate("() => window.__cspViolations || []")


@pytest.fixture
def visitor(chromium) -> Iterator[Callable[[], Visitor]]:
    """visitor() -> a new Visitor; all closed after the test."""
    made: list[Visitor] = []

    def make() -> Visitor:
        made.append(Visitor(chromium))
        return made[-1]

    yield make
    for one in made:
        one.close()
