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

# A map is a Streamlit custom component (components.show_map: dashboard/assets/map.js, no style isolation),
# mounted in a div[data-testid="stBidiComponentRegular"] inside the element container of its widget key
# (.st-key-<key>). map.js draws div.wca-map > svg.wca-map-svg (path[data-iso3][data-layer], circle) with a
# tooltip div.wca-map-tip and a legend div.wca-map-legend, and sets data-drawn once everything is drawn.
MAP_WRAPPER = '[data-testid="stMainBlockContainer"] [data-testid="stBidiComponentRegular"]'

# No element is still waiting for its code (a lazily loaded element, e.g. a plotly chart while plotly's
# bundle loads, is a skeleton until then), every plotly chart has its SVG, every map holds a drawn map.
CHARTS_DRAWN = (
    """() =>
    !document.querySelector('[data-testid="stSkeleton"]')
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every(el => el.querySelector('.js-plotly-plot .main-svg'))
    && [...document.querySelectorAll('"""
    + MAP_WRAPPER
    + """')].every(el => el.querySelector('.wca-map[data-drawn]'))"""
)

# Each drawn map, by widget key: shape and circle counts, ISO3 codes per layer, the values layer's numbers,
# circles' numbers, the legend's text and the drawing's size on the screen.
MAP_STATE = """() => Object.fromEntries([...document.querySelectorAll('.wca-map[data-drawn]')].map(map => {
  const holder = map.closest('[data-testid="stElementContainer"]');
  const keyClass = holder && [...holder.classList].find(c => c.startsWith('st-key-'));
  const paths = [...map.querySelectorAll('svg.wca-map-svg path')];
  const layers = {};
  for (const p of paths) (layers[p.dataset.layer] = layers[p.dataset.layer] || []).push(p.dataset.iso3);
  const values = Object.fromEntries(paths.filter(p => p.dataset.layer === 'values')
                                         .map(p => [p.dataset.iso3, Number(p.dataset.value)]));
  const circles = [...map.querySelectorAll('svg.wca-map-svg circle')];
  const box = map.querySelector('svg.wca-map-svg').getBoundingClientRect();
  const legend = map.querySelector('.wca-map-legend');
  return [keyClass ? keyClass.slice('st-key-'.length) : '', {
    drawn: Number(map.dataset.drawn),
    shapes: paths.length,
    circles: circles.length,
    circleValues: circles.map(c => c.dataset.value === undefined ? null : Number(c.dataset.value)),
    layers,
    values,
    clickable: paths.filter(p => p.classList.contains('clickable')).map(p => p.dataset.iso3),
    legend: legend ? legend.innerText : '',
    ticks: [...map.querySelectorAll('.wca-map-tick')].map(t => t.textContent),
    legendItems: [...map.querySelectorAll('.wca-map-legend-item')].map(i => i.textContent),
    width: box.width,
    height: box.height,
    geometryFetches: performance.getEntriesByType('resource').map(e => e.name)
                       .filter(name => name.includes('geojson')),
  }];
}))"""

# A point inside one country's shape (not a no-pointer highlight/outline) that the pointer would hit there:
# the one nearest the middle of its box on a grid, in screen coordinates; null if none.
SHAPE_POINT = """([mapSelector, iso3]) => {
  const map = document.querySelector(mapSelector);
  const path = map && [...map.querySelectorAll(`path[data-iso3="${iso3}"]`)]
      .find(p => p.getAttribute('pointer-events') !== 'none');
  if (!path) return null;
  path.scrollIntoView({block: 'center'});
  const box = path.getBoundingClientRect();
  const mid = [box.left + box.width / 2, box.top + box.height / 2];
  let best = null;
  for (let i = 1; i < 32; i++) {
    for (let j = 1; j < 32; j++) {
      const x = box.left + box.width * i / 32, y = box.top + box.height * j / 32;
      if (document.elementFromPoint(x, y) !== path) continue;
      const distance = (x - mid[0]) ** 2 + (y - mid[1]) ** 2;
      if (!best || distance < best.distance) best = {x, y, distance};
    }
  }
  return best && {x: best.x, y: best.y};
}"""


def map_selector(key: str) -> str:
    """CSS selector of the drawn map of widget key `key` (e.g. "funding_map")."""
    return f".st-key-{key} .wca-map"


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
        """Wait until every plotly chart and every map on the page has drawn, then let paint settle."""
        self.page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)
        self.page.wait_for_timeout(800)

    def wait_for_map(self, key: str, selector: str = "", timeout_ms: int = 30_000) -> None:
        """Wait until the map of widget key `key` is drawn (and, if given, holds `selector`, e.g.
        'path[data-layer="highlight"][data-iso3="NGA"]' after a rerun)."""
        self.page.wait_for_selector(f"{map_selector(key)}[data-drawn] {selector}".strip(), timeout=timeout_ms)

    def maps(self) -> dict[str, dict]:
        """What each drawn map shows, by widget key (see MAP_STATE)."""
        return self.page.evaluate(MAP_STATE)

    def map_point(self, key: str, iso3: str) -> dict[str, float]:
        """A point on the screen inside country `iso3` of map `key` where that country is what the pointer
        hits (scrolled into view first)."""
        point = self.page.evaluate(SHAPE_POINT, [map_selector(key), iso3])
        assert point is not None, f"{iso3} is not visible on the map {key!r}"
        return point

    def hover_map(self, key: str, iso3: str, attempts: int = 3) -> list[str]:
        """Move a real mouse over country `iso3` on map `key`; the tooltip's lines (the first: the name).

        Why the check and retry: on a loaded machine the page can still move (a late element above the
        map) between finding the point and the pointer's arrival, leaving the pointer on a neighbour."""
        tip = self.page.locator(f"{map_selector(key)} .wca-map-tip")
        for attempt in range(attempts):
            point = self.map_point(key, iso3)
            self.page.mouse.move(point["x"] - 3, point["y"] - 3)
            self.page.mouse.move(point["x"], point["y"], steps=3)
            tip.wait_for(state="visible", timeout=5_000)
            self.page.wait_for_timeout(150)  # the tooltip follows the last pointer event
            under = self.page.evaluate(
                "([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-iso3')",
                [point["x"], point["y"]],
            )
            if under == iso3 or attempt == attempts - 1:
                break
        return [line.strip() for line in tip.evaluate("t => [...t.children].map(c => c.textContent)")]

    def open_table_view(self, key: str, timeout_ms: int = 30_000) -> None:
        """Open the table view of data_view key `key` (its expander has widget key `<key>-view`) if it is
        closed, and wait for what the click brings: the view holds nothing until the rerun it triggers
        has sent the table and its downloads; then until that run has finished."""
        view = self.page.locator(f".st-key-{key}-view")
        table = view.locator('[data-testid="stDataFrame"]')
        if not table.is_visible():
            view.locator("summary").click()
        table.wait_for(state="visible", timeout=timeout_ms)
        self.page.locator(f".st-key-{key}-csv button").wait_for(state="visible", timeout=timeout_ms)
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
        )

    def table_csv(self, key: str, timeout_ms: int = 30_000, attempts: int = 3) -> list[dict[str, str]]:
        """The rows of the table behind a figure, as its "Download CSV" button (widget key `<key>-csv`,
        see components.downloads) serves them; its view is opened first if it is closed.

        A click at once after the expander opened was lost now and then (1 in 10 on the Lake Chad page:
        no request left the page, no error showed): the click waits for the rerun that opening brings,
        and a click that brings no download is repeated."""
        import csv
        import io

        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.open_table_view(key, timeout_ms)
        button = self.page.locator(f".st-key-{key}-csv button")
        for attempt in range(attempts):
            try:
                with self.page.expect_download(timeout=timeout_ms // attempts) as download_info:
                    button.click()
                break
            except PlaywrightTimeout:
                if attempt == attempts - 1:
                    raise
        content = download_info.value.path().read_bytes().decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(content)))

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
