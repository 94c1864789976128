"""Shared by bench/run.py and bench/load.py: venv, machine, a Streamlit server, a tracked browser page.

Nothing here is timed by itself; the two scripts decide what to measure. The page registry
(dashboard.pages.PAGES) is the only list of pages: a page added there is benchmarked with no change here.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENV_PYTHON = PROJECT_DIR / ".venv" / "bin" / "python"
APP = PROJECT_DIR / "app.py"
HELLO_APP = PROJECT_DIR / "bench" / "hello_app.py"
PERFORMANCE_DOC = PROJECT_DIR / "docs" / "performance.md"


def ensure_venv() -> None:
    """`python bench/run.py` with a system Python that lacks Streamlit: re-run under the project's venv."""
    try:
        import streamlit  # noqa: F401
    except ImportError:
        if VENV_PYTHON.exists() and Path(sys.executable).resolve() != VENV_PYTHON.resolve():
            os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])
        raise


def run_async_main(
    parse_args: Callable[[], argparse.Namespace], main_async: Callable[[argparse.Namespace], Awaitable[int]]
) -> NoReturn:
    """The command line of an asyncio benchmark (bench/soak.py, bench/ws_load.py): its arguments read
    first, so that --help answers even outside the venv, then re-run under the project's venv if need be;
    exits with `main_async`'s code."""
    arguments = parse_args()
    ensure_venv()
    sys.exit(asyncio.run(main_async(arguments)))


if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))


# --- pages ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchPage:
    """A registered page as the benchmarks see it: its file, its name in tables, its URL path."""

    path: str  # "app_pages/funding.py"
    name: str  # "funding"
    url_path: str  # "/funding"; "/" for the default page


def registered_pages() -> list[BenchPage]:
    """Every page of dashboard.pages.PAGES, in menu order (the first one is served at "/")."""
    from dashboard.pages import PAGES

    return [
        BenchPage(spec.path, spec.url_path, "/" if i == 0 else f"/{spec.url_path}")
        for i, spec in enumerate(PAGES)
    ]


# --- machine -------------------------------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    """Date, cores, memory, CPU model, Python and Streamlit versions: the context of every figure."""
    import streamlit

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    chromium = "unknown"
    try:
        from tests.browser.conftest import CHROMIUM

        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start (1/5/15 min)": load_average(),
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "chromium": chromium or "unknown",
    }


def load_average() -> str:
    """/proc/loadavg: on 2 cores, anything well above 2 means other work competed with the benchmark."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (p95 of 180 steps is the 171st fastest): no interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return ordered[rank - 1]


# --- processes -----------------------------------------------------------------------------------------


def proc_memory(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak since start) of a process, in bytes, from /proc (psutil is not needed)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) * 1024
    return values


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run <script>` on a free 127.0.0.1 port, as a context manager; its pid for memory figures.

    The file watcher is off: other people editing the checkout must not trigger reruns mid-measurement,
    and a deployed dashboard does not watch its files either.
    """

    def __init__(self, script: Path, env: dict[str, str] | None = None, start_timeout: float = 60):
        self.script = script
        self.env = {**os.environ, **(env or {})}
        self.start_timeout = start_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def memory(self) -> dict[str, int]:
        return proc_memory(self.pid)

    def __enter__(self) -> StreamlitServer:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(self.script),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"Streamlit did not start for {self.script.name}: {self.log()[-2000:]}")

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# --- browser -------------------------------------------------------------------------------------------

# Recorded in the page itself (performance.now() = ms since the navigation started), checked on every DOM
# change and every 25 ms:
# - content: the first text (heading or markdown) in the main block: the page's first paint;
# - maps: when the last of the page's maps was drawn (dashboard/assets/map.js marks a map's root
#   `data-drawn` once its SVG holds every shape; a pydeck map once its WebGL canvas has a size);
# - plots: when the last of the page's plotly charts was drawn (its SVG holds paths);
# - table / metric: the first data grid drawn, the first metric value.
TRACKER_JS = """
(() => {
  if (window.__bench) return;
  const b = window.__bench = {content: null, plots: null, firstPlot: null, nPlots: 0, drawn: 0,
                              maps: null, mapsDrawn: 0, table: null, metric: null, lastMutation: 0};
  const check = () => {
    const now = performance.now();
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main) return;
    if (b.content === null && main.querySelector('h1, [data-testid="stMarkdownContainer"] p'))
      b.content = now;
    // deck.gl maps (st.pydeck_chart): counted once their WebGL canvas is in place with a size; deck.gl
    // draws its layers in the frames that follow (the canvas does not say when), so a proxy, a frame early.
    const decks = Array.from(main.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas'))
      .filter(c => c.width > 0 && c.height > 0).length;
    const mapsDrawn = main.querySelectorAll('.wca-map[data-drawn]').length + decks;
    if (mapsDrawn > b.mapsDrawn) b.maps = now;
    b.mapsDrawn = mapsDrawn;
    const plots = main.querySelectorAll('.js-plotly-plot');
    let drawn = 0;
    for (const gd of plots) if (gd._fullLayout && gd.querySelector('.main-svg path') !== null) drawn++;
    b.nPlots = plots.length;
    if (b.firstPlot === null && plots.length) b.firstPlot = now;
    if (drawn > b.drawn || (drawn === plots.length && drawn > 0 && b.plots === null)) b.plots = now;
    b.drawn = drawn;
    if (b.table === null && main.querySelector('[data-testid="stDataFrame"] canvas, [data-testid="stTable"]'))
      b.table = now;
    if (b.metric === null && main.querySelector('[data-testid="stMetricValue"]')) b.metric = now;
  };
  // Checks run only while a step is being timed (b.active): 30 idle tabs scanning their DOM 40 times a
  // second would load the machine more than the app does.
  b.active = true;
  // A move is timed from the user's input as the page received it (the click event), not from when
  // the automation began it: Playwright's actionability checks are not the app's time.
  document.addEventListener('click', () => { b.lastInput = performance.now(); }, true);
  new MutationObserver(() => { b.lastMutation = performance.now(); if (b.active) check(); })
    .observe(document, {childList: true, subtree: true});
  setInterval(() => { if (b.active) check(); }, 25);
})();
"""

STATE_JS = """() => {
  const b = window.__bench || {};
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  return {...b, now: performance.now(),
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    errors: Array.from(document.querySelectorAll('[data-testid="stAlertContentError"]'))
      .map(e => e.innerText),
    running: !!document.querySelector('[data-testid="stStatusWidget"]'), hasMain: !!main};
}"""

QUIET_MS = 400  # the DOM must stay still this long after the script finished before a load counts as done

# In the page: drawn and settled (the same test as _drawn below, plus the quiet period after `since`).
DONE_JS = """([expected, expectedMaps, since, quiet]) => {
  const b = window.__bench;
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!b || !main || b.content === null || document.querySelector('[data-testid="stStatusWidget"]'))
    return false;
  const now = performance.now();
  const done = b.drawn >= Math.max(expected, b.nPlots) && b.mapsDrawn >= expectedMaps
    && b.lastMutation > since
    && now - b.lastMutation >= quiet;
  if (done) b.active = false;  // idle until the next step
  return done;
}"""

# Streamlit's frontend, opened on a deep link (/funding), first probes /funding/_stcore/health and
# /funding/_stcore/host-config to find its base path; the 404s show up as console errors in every
# Streamlit app with st.navigation URL paths. They are counted apart, not as the dashboard's errors.
BENIGN_404_SUFFIXES = ("/_stcore/health", "/_stcore/host-config")


def is_static(url: str) -> bool:
    """Streamlit's own bundle (JS, CSS, fonts): the same for every app, left out of the page's bytes."""
    return urlparse(url).path.startswith("/static/")


@dataclass
class PageLoad:
    """One navigation: when its parts were drawn (ms since navigation), what it cost, what went wrong."""

    url: str
    done: bool = False
    timed_out: bool = False
    content_ms: float | None = None  # first heading or text: first paint
    main_ms: float | None = None  # the map(s) / charts / table / metric drawn: the page is usable
    main_kind: str = ""
    finished_ms: float | None = None  # the script's "finished" message received: the server has answered
    first_plot_ms: float | None = None  # the first plotly figure element created (plotly bundle loaded)
    plots_ms: float | None = None  # every plotly figure drawn
    ws_bytes: int = 0  # websocket frames received (the app's elements, figures, data)
    http_bytes: int = 0  # HTTP responses outside /static/ (HTML shell, health, config, media, favicon)
    http_static_bytes: int = 0
    console_errors: list[str] = field(default_factory=list)
    benign_404: int = 0
    exceptions: int = 0  # Streamlit exception elements (websocket deltas or stException in the DOM)
    error_alerts: list[str] = field(default_factory=list)  # st.error boxes (e.g. a table unavailable)
    script_runs: int = 0
    wall_s: float = 0.0
    complete_ms: float | None = None  # the last DOM change before the page settled: everything shown
    ws_bytes_by_kind: dict[str, int] = field(default_factory=dict)  # "plotly_chart", "dataframe", ...

    @property
    def page_bytes(self) -> int:
        return self.ws_bytes + self.http_bytes

    @property
    def failed(self) -> bool:
        return self.timed_out or bool(self.console_errors) or self.exceptions > 0


class TrackedPage:
    """A Playwright page whose websocket frames, non-static responses and console errors are recorded.

    Reused across navigations (load.py): `load(url)` resets the record, navigates, and waits until the
    script has finished, the page is drawn and the DOM has been still for QUIET_MS.
    """

    def __init__(self, page: object):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._forward_msg = ForwardMsg
        self.page = page
        self.record = PageLoad("")
        self._finished = False
        self._finished_event = asyncio.Event()
        self._plots: set[tuple[int, ...]] = set()  # plotly figures the script sent (by delta path)
        self._maps: set[tuple[int, ...]] = set()  # maps (components.show_map) the script sent
        self._started = time.perf_counter()
        self._size_tasks: list[asyncio.Task] = []
        page.on("websocket", self._on_websocket)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.record.console_errors.append(f"pageerror: {err}"))

    @classmethod
    async def create(cls, context: object) -> TrackedPage:
        page = await context.new_page()
        await page.add_init_script(TRACKER_JS)
        return cls(page)

    def _on_websocket(self, ws: object) -> None:
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        self.record.ws_bytes += len(payload)
        if not isinstance(payload, bytes | bytearray):
            return
        try:
            msg = self._forward_msg.FromString(bytes(payload))
        except Exception:  # noqa: BLE001 - not a ForwardMsg: count its bytes, nothing else
            return
        kind = msg.WhichOneof("type")
        label = kind or "other"
        if kind == "delta":
            delta_kind = msg.delta.WhichOneof("type")
            label = msg.delta.new_element.WhichOneof("type") if delta_kind == "new_element" else delta_kind
        by_kind = self.record.ws_bytes_by_kind
        by_kind[label] = by_kind.get(label, 0) + len(payload)
        if kind == "script_finished" and self.record.finished_ms is None:
            self.record.finished_ms = (time.perf_counter() - self._started) * 1000
        if kind == "new_session":  # a script run starts: what it sends replaces the previous run's
            self._plots, self._maps = set(), set()
        elif kind == "script_finished":
            self.record.script_runs += 1
            if msg.script_finished != self._forward_msg.FINISHED_EARLY_FOR_RERUN:
                self._finished = True
                self._finished_event.set()
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element.WhichOneof("type")
            if element == "exception":
                self.record.exceptions += 1
            elif element == "plotly_chart":
                self._plots.add(tuple(msg.metadata.delta_path))
            elif element == "deck_gl_json_chart" or (element == "bidi_component" and _is_map(msg)):
                self._maps.add(tuple(msg.metadata.delta_path))

    def _on_response(self, response: object) -> None:
        self._size_tasks.append(asyncio.ensure_future(self._count_response(response)))

    async def _count_response(self, response: object) -> None:
        try:
            sizes = await response.request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        except Exception:  # noqa: BLE001 - an aborted or redirected response has no size
            return
        if is_static(response.url):
            self.record.http_static_bytes += size
        else:
            self.record.http_bytes += size

    def _on_console(self, msg: object) -> None:
        if msg.type != "error":
            return
        location = (msg.location or {}).get("url", "") if isinstance(msg.location, dict) else ""
        if "404" in msg.text and urlparse(location).path.endswith(BENIGN_404_SUFFIXES):
            self.record.benign_404 += 1
            return
        self.record.console_errors.append(msg.text)

    def _reset(self, label: str) -> float:
        self.record = PageLoad(label)
        self._finished = False
        self._finished_event = asyncio.Event()
        self._plots, self._maps = set(), set()
        self._size_tasks = []
        self._started = time.perf_counter()
        return self._started

    async def _wait_until_drawn(self, deadline: float, since_ms: float = 0.0) -> dict:
        """Wait until the script has finished (its websocket message), every map and plotly figure it
        sent is drawn (the plotly bundle is loaded lazily, so the DOM can be still for a while before a figure
        appears) and nothing has changed for QUIET_MS after `since_ms` (page clock); marks the record
        timed out otherwise. The page polls itself (no round trip to this process per poll): with tens
        of sessions, polling from here would make the load generator the bottleneck."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        try:
            await asyncio.wait_for(self._finished_event.wait(), max(0.1, deadline - time.monotonic()))
            await self.page.wait_for_function(
                DONE_JS,
                arg=[len(self._plots), len(self._maps), since_ms, QUIET_MS],
                polling=100,
                timeout=max(100.0, (deadline - time.monotonic()) * 1000),
            )
            return await self.page.evaluate(STATE_JS)
        except (TimeoutError, PlaywrightTimeout):
            state: dict = {}
            with contextlib.suppress(Exception):
                state = await self.page.evaluate(STATE_JS)
            self.record.timed_out = True
            self.record.console_errors.append(
                f"timeout: script finished={self._finished}, maps drawn {state.get('mapsDrawn', 0)} of "
                f"{len(self._maps)}, plotly figures drawn "
                f"{state.get('drawn', 0)} of {max(len(self._plots), state.get('nPlots', 0))}"
            )
            return state

    async def _finish(self, started: float, state: dict) -> PageLoad:
        if self._size_tasks:
            await asyncio.wait(self._size_tasks, timeout=5)
        self.record.wall_s = time.perf_counter() - started
        if state:
            _fill(self.record, state)
        self.record.done = not self.record.timed_out
        return self.record

    async def load(self, url: str, timeout_s: float = 60.0) -> PageLoad:
        """Navigate to url and wait until it is drawn; never raises on a slow page (timed_out instead)."""
        started = self._reset(url)
        state: dict = {}
        try:
            await self.page.goto(url, timeout=timeout_s * 1000, wait_until="commit")
            state = await self._wait_until_drawn(time.monotonic() + timeout_s)
        except Exception as err:  # noqa: BLE001 - a crashed or timed-out navigation is a result, not a bug
            self.record.timed_out = True
            self.record.console_errors.append(f"navigation: {type(err).__name__}: {str(err)[:200]}")
        return await self._finish(started, state)

    async def act(self, label: str, action, timeout_s: float = 60.0) -> PageLoad:
        """Do something in the open page (click a sidebar link, pick a filter option: the app reruns over
        its websocket, nothing is reloaded) and wait until the result is drawn. The record's main_ms is
        the time from the action to the last change of the page before it settled; never raises."""
        started = self._reset(label)
        state: dict = {}
        try:
            since = await self.page.evaluate(
                "() => { if (window.__bench) window.__bench.active = true; return performance.now(); }"
            )
            await action(self.page)
            state = await self._wait_until_drawn(time.monotonic() + timeout_s, since)
            if not self.record.timed_out:
                clicked = state.get("lastInput") or 0.0
                start = clicked if clicked > since else since
                self.record.main_ms, self.record.main_kind = state["lastMutation"] - start, "settled"
        except Exception as err:  # noqa: BLE001 - a failed click is a result, not a bug
            self.record.timed_out = True
            self.record.console_errors.append(f"action: {type(err).__name__}: {str(err)[:200]}")
        return await self._finish(started, {})


def _is_map(msg: object) -> bool:
    """A delta that mounts a map (components.show_map), not another custom component."""
    return msg.delta.new_element.bidi_component.component_name == "wca_map"


def _fill(record: PageLoad, state: dict) -> None:
    record.content_ms = state.get("content")
    record.complete_ms = state.get("lastMutation") or None
    record.first_plot_ms = state.get("firstPlot")
    record.plots_ms = state.get("plots") if state.get("nPlots") else None
    if state.get("mapsDrawn") and state.get("maps") is not None:
        record.main_ms, record.main_kind = state["maps"], "map"
    elif state.get("nPlots") and state.get("plots") is not None:
        record.main_ms, record.main_kind = state["plots"], "chart"
    elif state.get("table") is not None:
        record.main_ms, record.main_kind = state["table"], "table"
    elif state.get("metric") is not None:
        record.main_ms, record.main_kind = state["metric"], "metric"
    else:  # text only: the page is usable once it has stopped changing
        record.main_ms, record.main_kind = record.complete_ms or state.get("content"), "page"
    record.exceptions = max(record.exceptions, state.get("exceptions", 0))
    record.error_alerts = list(state.get("errors", []))


# Chromium resolves no host name but localhost: the load test's offline guard without sending every
# request through this process (which, with tens of sessions, would slow the run down by itself).
LOCAL_ONLY_ARGS = ("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",)


async def launch_chromium(playwright: object, extra_args: Sequence[str] = ()) -> object:
    """Debian's chromium with the browser tests' flags (tests/browser/conftest.py)."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: `make chromium` (or apt-get install chromium).")
    return await playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], headless=True
    )


async def new_context(browser: object, route: bool = True) -> object:
    """A fresh browser context (empty cache), the browser tests' viewport; only localhost is reachable
    (each request checked here; `route=False` leaves that to the browser, see LOCAL_ONLY_ARGS)."""
    from tests.browser.conftest import LOCAL_HOSTS

    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    if not route:
        return context

    async def route(route_request: object) -> None:
        url = route_request.request.url
        if url.startswith(("data:", "blob:")) or (urlparse(url).hostname or "") in LOCAL_HOSTS:
            await route_request.continue_()
        else:
            await route_request.abort()

    await context.route("**/*", route)
    return context


# --- docs/performance.md sections ----------------------------------------------------------------------


def write_section(name: str, body: str, path: Path = PERFORMANCE_DOC) -> None:
    """Replace the `<!-- bench:name -->` ... `<!-- /bench:name -->` block of the doc (append it if absent)."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def kib(n: float | None) -> str:
    return "–" if n is None else f"{n / 1024:,.1f} KiB"


def mib(n: float | None) -> str:
    return "–" if n is None else f"{n / 1024 / 1024:,.0f} MiB"


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f} ms"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(map(str, header))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
