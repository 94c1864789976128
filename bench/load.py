"""Concurrent sessions against ONE dashboard server: time to a rendered view (p50/p95) and every error.

    .venv/bin/python bench/load.py                         # 30 sessions x 6 steps; docs/performance.md
    .venv/bin/python bench/load.py --sessions 3 --steps 2  # the smoke test's run (no docs write)

The script starts `streamlit run app.py` on a free 127.0.0.1 port and opens `--sessions` browser
sessions: each its own page and websocket, i.e. its own Streamlit session; the pages of one of the
`--browsers` headless Chromium processes share its browser cache. Sessions start over `--ramp` seconds.
Each session is a visitor: it opens the app on an entry link (a page with filters in its URL, e.g.
/funding?pillar=O2, /country?country=NER&lang=fr), then makes `--steps` - 1 moves the way a person does
in the open app: a click on another page in the sidebar, or a new option in one of the page's filters
(a selectbox picked at random, an option other than the current one). Between moves it reads the view
for a random 0.5x-1.5x `--think` seconds. A step counts as done when the script has finished, every
plotly figure it sent is drawn and the DOM has been still for 400 ms; its time runs from the navigation
(entry) or the click (moves) to the last change of the page before it settled. Errors: console errors
(Streamlit's own base-path probe 404s excepted, see bench/common.py), uncaught page errors, Streamlit
exceptions, failed clicks, timeouts. Bounded: each step at most --step-timeout s, the whole run at most
--timeout s (steps completed by then are reported).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (bench/ is not a package: run as a script)

common.ensure_venv()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

P95_TARGET_S = 3.0

# Filter variants per page, keyed by url_path: pages come from the registry, these only add query
# parameters (a page not listed here is visited with its defaults; a key with no page is ignored).
VARIANTS: dict[str, list[dict[str, str]]] = {
    "funding": [{"pillar": "O2"}, {"theme": "health"}, {"country": "NGA"}, {"pillar": "P1", "lang": "fr"}],
    "country": [
        {"country": "NER"},
        {"country": "TCD", "lang": "fr"},
        {"country": "NGA", "compare": "NGA,NER"},
    ],
    "lake-chad": [{"category": "returnees_total"}, {"country": "CMR"}, {"lang": "fr"}],
    "themes": [{"theme": "health"}, {"theme": "counter_trafficking", "lang": "fr"}],
    "methods": [{"lang": "fr"}],
    "overview": [{"lang": "fr"}],
}


def step_urls() -> list[str]:
    """Every page of the registry with its defaults, then its filter variants."""
    urls = []
    for page in common.registered_pages():
        urls.append(page.url_path)
        for params in VARIANTS.get(page.name, []):
            urls.append(f"{page.url_path}?{urlencode(params)}")
    return urls


def plan(sessions: int, steps: int, seed: int = 2020) -> list[list[str]]:
    """Each session's fixed list of URLs: different orders, no URL twice in a row, reproducible (the
    entry links of the browser run; every step of the websocket-only run)."""
    urls = step_urls()
    plans = []
    for i in range(sessions):
        rng = random.Random(seed + i)
        chosen: list[str] = []
        while len(chosen) < steps:
            url = rng.choice(urls)
            if not chosen or url != chosen[-1]:
                chosen.append(url)
        plans.append(chosen)
    return plans


# Moves inside the open app. Sidebar links and selectboxes are Streamlit's own elements.
SIDEBAR_LINK = '[data-testid="stSidebarNav"] a[href$="/{path}"]'
VISIBLE_SELECTBOXES = '[data-testid="stMain"] [data-testid="stSelectbox"]:visible'
LISTBOX = '[role="listbox"]'
# A busy machine makes the page slow to answer a click: that is a slow step, not a failed one.
ACTION_TIMEOUT_MS = 30_000
OTHER_OPTIONS = '[role="listbox"] [role="option"]:not([aria-selected="true"])'


def chromium_args(args: argparse.Namespace) -> list[str]:
    """The load run's extra Chromium flags: --process-per-site unless others are given. Why: with a
    renderer process per tab, 30 tabs each compile Streamlit's and plotly's bundles and saturate two
    cores by themselves (opens p95 28 s with the server at 15 % of one core); sharing a renderer per
    browser keeps the load generator from being what is measured."""
    return list(args.chromium_arg) if args.chromium_arg is not None else ["--process-per-site"]


def page_name(url_path: str) -> str:
    return url_path.strip("/") or "overview"


async def _open_page(page, url_path: str) -> None:
    """A click on the page's link in the sidebar (the first link is the default page, at /)."""
    path = url_path.strip("/")
    link = page.locator(SIDEBAR_LINK.format(path=path) if path else '[data-testid="stSidebarNav"] a')
    await link.first.click(timeout=ACTION_TIMEOUT_MS)


async def _open_filter(page, rng: random.Random) -> tuple[object, str]:
    """Open one of the page's selectboxes (a click, then the down arrow, as a keyboard user would) and
    choose an option other than the selected one: (its locator, its text). Not timed: what a person
    does before the app has anything to answer. Raises if no selectbox has a second option."""
    boxes = page.locator(VISIBLE_SELECTBOXES)
    count = await boxes.count()
    for k in rng.sample(range(count), count):
        combo = boxes.nth(k).locator('input[role="combobox"]')
        await combo.scroll_into_view_if_needed(timeout=ACTION_TIMEOUT_MS)
        await combo.click(timeout=ACTION_TIMEOUT_MS)
        await page.keyboard.press("ArrowDown")
        await page.locator(LISTBOX).first.wait_for(timeout=ACTION_TIMEOUT_MS)
        options = page.locator(OTHER_OPTIONS)
        texts = [text.strip() for text in await options.all_inner_texts()]
        if texts:
            j = rng.randrange(len(texts))
            return options.nth(j), texts[j]
        await page.keyboard.press("Escape")
    raise RuntimeError("no selectbox with another option on this page")


async def session(context, base_url: str, entry: str, args, index: int, records: list) -> None:
    """One visitor: waits its turn in the ramp-up, opens its entry link, then moves around the app by
    sidebar and filters; each record is kept as soon as it exists, so a run cut short by --timeout still
    reports the steps it completed."""
    rng = random.Random(4040 + index)
    await asyncio.sleep(args.ramp * index / max(1, args.sessions))
    tracked = await common.TrackedPage.create(context)
    current = entry.split("?")[0]
    try:
        record = await tracked.load(base_url + entry, args.step_timeout)
        record.url = f"open {page_name(current)}"
        records.append(record)
        pages = [p.url_path for p in common.registered_pages()]
        for _ in range(args.steps - 1):
            await asyncio.sleep(rng.uniform(0.5, 1.5) * args.think)
            wants_filter = rng.random() < 0.5
            if not wants_filter or not await tracked.page.locator(VISIBLE_SELECTBOXES).count():
                target = rng.choice([p for p in pages if p != current])
                record = await tracked.act(
                    f"sidebar {page_name(target)}",
                    lambda page, target=target: _open_page(page, target),
                    args.step_timeout,
                )
                if record.done:
                    current = target
            else:
                try:
                    option, _text = await _open_filter(tracked.page, rng)
                except Exception as err:  # noqa: BLE001 - a filter that will not open is a failed step
                    option = err

                async def pick(page, option=option) -> None:
                    if isinstance(option, Exception):
                        raise option
                    await option.click(timeout=ACTION_TIMEOUT_MS)

                record = await tracked.act(f"filter {page_name(current)}", pick, args.step_timeout)
            records.append(record)
    finally:
        with contextlib.suppress(Exception):  # the browser may already be closing at the deadline
            await tracked.page.close()


async def run_load(server, args) -> tuple[list, float, float, float, int]:
    from playwright.async_api import async_playwright

    plans = plan(args.sessions, args.steps)
    records: list = []
    async with async_playwright() as playwright:
        browsers = [
            await common.launch_chromium(playwright, [*common.LOCAL_ONLY_ARGS, *chromium_args(args)])
            for _ in range(max(1, args.browsers))
        ]
        # One context per Chromium process: its pages share the HTTP cache (Streamlit's and plotly's
        # bundles are fetched once per process, as a real browser caches them), while each page keeps
        # its own websocket, i.e. its own Streamlit session.
        contexts = [await common.new_context(b, route=False) for b in browsers]
        cpu_before = common.proc_cpu_seconds(server.pid)
        self_before = time.process_time()
        browser_cpu_before = descendants_cpu_seconds(os.getpid(), server.pid)
        started = time.perf_counter()
        tasks = [
            asyncio.ensure_future(
                session(contexts[i % len(contexts)], server.url, urls[0], args, i, records)
            )
            for i, urls in enumerate(plans)
        ]
        done, pending = await asyncio.wait(tasks, timeout=args.timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=30)
        elapsed = time.perf_counter() - started
        server_cpu = common.proc_cpu_seconds(server.pid) - cpu_before
        # before the browsers close: their processes' CPU time is lost once they exit
        browser_cpu = descendants_cpu_seconds(os.getpid(), server.pid) - browser_cpu_before
        browser_cpu += time.process_time() - self_before  # this process drives them
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                print(f"session failed: {task.exception()!r}"[:300])
        for browser in browsers:
            with contextlib.suppress(Exception):
                await browser.close()
    return records, elapsed, server_cpu, browser_cpu, len(pending)


def descendants_cpu_seconds(root: int, exclude: int) -> float:
    """CPU seconds used so far by the live descendants of `root` (the Playwright driver and the Chromium
    processes), leaving out the `exclude` subtree (the Streamlit server)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0.0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid == exclude:
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += common.proc_cpu_seconds(pid)
        todo += children.get(pid, [])
    return total


@dataclass
class ProtocolStep:
    """One navigation over Streamlit's websocket protocol, with no browser: the server's own answer time."""

    url: str
    seconds: float | None = None
    ws_bytes: int = 0
    exceptions: int = 0
    error: str = ""


async def protocol_step(ws_url: str, url: str, timeout: float) -> ProtocolStep:
    """Open a session (as a page load does), ask for the page and its parameters, wait for the end of the
    run: the messages a browser would get, timed from the connection to the script-finished message."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    record = ProtocolStep(url)
    path, _, query = url.partition("?")
    request = BackMsg()
    request.rerun_script.page_name = path.strip("/")
    request.rerun_script.query_string = query
    started = time.perf_counter()

    async def run() -> None:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
            await ws.send(request.SerializeToString())
            while True:
                data = await ws.recv()
                record.ws_bytes += len(data)
                msg = ForwardMsg.FromString(data)
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
                    record.exceptions += 1
                if kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    record.seconds = time.perf_counter() - started
                    return

    try:
        await asyncio.wait_for(run(), timeout)
    except Exception as err:  # noqa: BLE001 - a refused or timed-out session is a result
        record.error = f"{type(err).__name__}: {str(err)[:150]}"
    return record


async def protocol_session(ws_url: str, urls: list[str], args, start_delay: float, records: list) -> None:
    await asyncio.sleep(start_delay)
    for url in urls:
        records.append(await protocol_step(ws_url, url, args.step_timeout))
        await asyncio.sleep(args.think)  # the mean pause of the browser run


async def warm_up(server, args) -> None:
    """One visit of every entry link over the websocket, before the clock starts: a deployed server has
    had its first visitors (imports done, tables and shared views cached); browsers stay cold."""
    ws_url = server.url.replace("http://", "ws://") + "/_stcore/stream"
    for url in step_urls():
        await protocol_step(ws_url, url, args.step_timeout)


async def run_protocol(server, args) -> tuple[list, float, float]:
    """The same sessions and steps as the browser run, over the websocket only (no rendering)."""
    records: list = []
    ws_url = server.url.replace("http://", "ws://") + "/_stcore/stream"
    cpu_before = common.proc_cpu_seconds(server.pid)
    started = time.perf_counter()
    tasks = [
        asyncio.ensure_future(
            protocol_session(ws_url, urls, args, args.ramp * i / max(1, args.sessions), records)
        )
        for i, urls in enumerate(plan(args.sessions, args.steps))
    ]
    _, pending = await asyncio.wait(tasks, timeout=args.timeout)
    for task in pending:
        task.cancel()
    return records, time.perf_counter() - started, common.proc_cpu_seconds(server.pid) - cpu_before


# --- rows of the result tables, the browser run's and the websocket run's alike ---------------------------


def _count_row(label: str, done: int, expected: int) -> list[str]:
    return [label, f"{done} of {expected}", str(expected), "PASS" if done == expected else "FAIL"]


def _p95_row(label: str, p95: float | None) -> list[str]:
    """A p95 against the target; an unknown p95 (nothing answered) fails."""
    passed = p95 is not None and p95 < P95_TARGET_S
    return [label, common.ms(p95), f"< {P95_TARGET_S:.0f} s", "PASS" if passed else "FAIL"]


def _cpu_text(cpu_seconds: float, elapsed: float) -> str:
    return f"{cpu_seconds:.0f} s ({cpu_seconds / max(elapsed, 1e-9):.0%} of one core)"


def _memory_row(memory: dict[str, int]) -> list[str]:
    rss_and_peak = f"{common.mib(memory['VmRSS'])} / {common.mib(memory['VmHWM'])}"
    return ["server memory after (RSS / peak)", rss_and_peak, "", "–"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--steps", type=int, default=6, help="steps per session: the entry link, then moves")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium processes the sessions share")
    parser.add_argument(
        "--think", type=float, default=20.0,
        help="mean seconds a visitor reads a view before the next move (each pause 0.5x-1.5x this)",
    )
    parser.add_argument(
        "--ramp", type=float, default=60.0, help="sessions start spread over this many seconds"
    )
    parser.add_argument("--step-timeout", type=float, default=60.0)
    parser.add_argument(
        "--chromium-arg",
        action="append",
        default=None,
        help="Chromium flags for the load run (repeatable; default: --process-per-site, i.e. the tabs of a "
        "browser share one renderer process, as the load generator's own CPU is not what is measured)",
    )
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up visit of the entry links before the timed run"
    )
    parser.add_argument(
        "--browser-only", action="store_true", help="skip the websocket-only run of the same plan"
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="the whole run stops after this")
    docs = parser.add_mutually_exclusive_group()
    docs.add_argument("--docs", action="store_true", help="write docs/performance.md even for a small run")
    docs.add_argument("--no-docs", action="store_true")
    args = parser.parse_args(argv)
    write_docs = args.docs or (not args.no_docs and args.sessions >= 30 and args.steps >= 6)

    info = common.machine_info()
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    print(
        f"{args.sessions} sessions x {args.steps} steps over {len(step_urls())} URLs "
        f"({args.browsers} Chromium process(es) with {' '.join(chromium_args(args)) or 'no extra flags'}, "
        f"think {args.think} s, ramp-up {args.ramp} s)…",
        flush=True,
    )
    with common.StreamlitServer(common.APP) as server:
        idle = server.memory()
        if not args.cold:
            asyncio.run(warm_up(server, args))
        records, elapsed, server_cpu, browser_cpu, cancelled = asyncio.run(run_load(server, args))
        memory = server.memory()
    protocol: list[ProtocolStep] = []
    if not args.browser_only:
        print("the same plan over the websocket only (no browser)…", flush=True)
        with common.StreamlitServer(common.APP) as server:
            if not args.cold:
                asyncio.run(warm_up(server, args))
            protocol, protocol_elapsed, protocol_cpu = asyncio.run(run_protocol(server, args))
            protocol_memory = server.memory()

    expected = args.sessions * args.steps
    times = [r.main_ms / 1000 for r in records if r.done and r.main_ms is not None]
    p50, p95 = common.percentile(times, 50), common.percentile(times, 95)
    answers = [r.finished_ms / 1000 for r in records if r.done and r.finished_ms is not None]
    timeouts = [r for r in records if r.timed_out]
    not_run = expected - len(records)  # steps never started: the whole run hit --timeout
    console = [
        (r.url, e)
        for r in records
        for e in r.console_errors
        if not e.startswith(("timeout", "navigation", "action"))
    ]
    failed_actions = [(r.url, e) for r in records for e in r.console_errors if e.startswith("action")]
    timed = [r for r in records if r.done and r.main_ms is not None]
    opens = [r.main_ms / 1000 for r in timed if r.url.startswith("open")]
    moves = [r.main_ms / 1000 for r in timed if not r.url.startswith("open")]
    exceptions = [(r.url, r.exceptions) for r in records if r.exceptions]
    alerts = [(r.url, a) for r in records for a in r.error_alerts]
    benign = sum(r.benign_404 for r in records)
    errors = len(timeouts) + len(console) + len(exceptions)  # a failed action is also a timed-out step
    rows = [
        _count_row("steps done", len(times), expected),
        ["steps not run (whole run stopped at --timeout)", str(not_run), "0", "–"],
        ["time to rendered page p50", common.ms(p50), "", "–"],
        _p95_row("time to rendered page p95", p95),
        ["time to rendered page max", common.ms(max(times) if times else None), "", "–"],
        [
            "… moves in the open app (sidebar, filters) p50 / p95",
            f"{common.ms(common.percentile(moves, 50))} / {common.ms(common.percentile(moves, 95))}",
            "",
            "–",
        ],
        [
            "… opening the app in a new tab p50 / p95",
            f"{common.ms(common.percentile(opens, 50))} / {common.ms(common.percentile(opens, 95))}",
            "",
            "–",
        ],
        ["server answered (script finished) p50", common.ms(common.percentile(answers, 50)), "", "–"],
        ["server answered (script finished) p95", common.ms(common.percentile(answers, 95)), "", "–"],
        ["errors (timeouts + console + exceptions)", str(errors), "0", "PASS" if errors == 0 else "FAIL"],
        ["timeouts", str(len(timeouts)), "0", "–"],
        ["console errors", str(len(console)), "0", "–"],
        ["clicks that failed (within the timeouts above)", str(len(failed_actions)), "0", "–"],
        ["Streamlit exceptions", str(len(exceptions)), "0", "–"],
        ["st.error boxes shown", str(len(alerts)), "0", "–"],
        ["Streamlit base-path 404s (not counted)", str(benign), "", "–"],
        ["wall time", f"{elapsed:.0f} s", f"≤ {args.timeout:.0f} s", "–"],
        ["server CPU", _cpu_text(server_cpu, elapsed), "", "–"],
        [
            "browsers' CPU (Chromium, Playwright driver, this script)",
            f"{browser_cpu:.0f} s ({browser_cpu / max(elapsed, 1e-9):.0%} of one core; "
            f"{os.cpu_count()} cores on this machine)",
            "",
            "–",
        ],
        _memory_row(memory),
    ]
    header = ["figure", "value", "target", "result"]
    print()
    print(common.text_table(header, rows))
    by_page: dict[str, list[float]] = {}
    for r in records:
        if r.done and r.main_ms is not None:
            by_page.setdefault(r.url, []).append(r.main_ms / 1000)
    page_rows = [
        [name, len(v), common.ms(common.percentile(v, 50)), common.ms(common.percentile(v, 95))]
        for name, v in sorted(by_page.items())
    ]
    print()
    print(common.text_table(["step (kind, page)", "steps", "p50", "p95"], page_rows))
    for url, error in (console + alerts + failed_actions)[:10]:
        print(f"error: {url}: {error[:200]}")
    for r in timeouts[:5]:
        print(f"timeout: {r.url}: {r.console_errors[-1:]}")
    if cancelled:
        print(f"{cancelled} session(s) did not finish within {args.timeout:.0f} s and were stopped.")
    print(f"{len(times)} of {expected} steps done; p95 {common.ms(p95)}; {errors} error(s).")

    protocol_rows: list[list[str]] = []
    if not args.browser_only:
        answered = [r.seconds for r in protocol if r.seconds is not None]
        failures = [r for r in protocol if r.seconds is None or r.exceptions]
        p95_protocol = common.percentile(answered, 95)
        protocol_rows = [
            _count_row("steps answered", len(answered), expected),
            ["server answer p50", common.ms(common.percentile(answered, 50)), "", "–"],
            _p95_row("server answer p95", p95_protocol),
            ["server answer max", common.ms(max(answered) if answered else None), "", "–"],
            [
                "errors (refused, timed out, exceptions)",
                str(len(failures)),
                "0",
                "PASS" if not failures else "FAIL",
            ],
            ["server CPU per page load", common.ms(protocol_cpu / max(1, len(answered))), "", "–"],
            [
                "bytes per page load p50",
                common.kib(common.percentile([r.ws_bytes for r in protocol], 50)),
                "",
                "–",
            ],
            ["wall time", f"{protocol_elapsed:.0f} s", f"≤ {args.timeout:.0f} s", "–"],
            ["server CPU", _cpu_text(protocol_cpu, protocol_elapsed), "", "–"],
            _memory_row(protocol_memory),
        ]
        print("\nThe same plan over the websocket only (no browser rendering): the server's own answer times")
        print(common.text_table(header, protocol_rows))
        for r in failures[:5]:
            print(f"error: {r.url}: {r.error or f'{r.exceptions} exception(s)'}")

    if write_docs:
        body = [
            "## Load (`bench/load.py`)",
            "",
            f"Measured {info['date']} on the machine above ({info['cores (nproc)']} cores, {info['cpu']}): "
            f"{args.sessions} browser sessions at once against one server, {args.steps} steps each (an "
            f"entry link out of {len(step_urls())} page/filter URLs, then clicks on sidebar pages and "
            f"filter options), {0.5 * args.think:.0f}-{1.5 * args.think:.0f} s of reading between steps, "
            f"sessions started over {args.ramp:.0f} s, {args.browsers} Chromium processes (one shared "
            f"browser cache each; flags: `{' '.join(chromium_args(args)) or 'none'}`, so that the tabs of a "
            "browser share one renderer process) on the same machine as the server"
            + (
                "; the server was started cold"
                if args.cold
                else "; before the clock started, the server answered every entry link once over its "
                "websocket (a deployed server has had its first visitors; the browsers start cold)"
            )
            + ". Server memory idle "
            f"{common.mib(idle['VmRSS'])}. Load average at the start (1/5/15 min): "
            f"{info['load average at start (1/5/15 min)']}. The browsers share the 2 cores with the "
            "server: the websocket-only run below shows the server alone.",
            "",
            common.markdown_table(header, rows),
            "",
            "Per kind of step and page (open: the entry link loaded in a new tab, from navigation to its "
            "map / chart / table drawn; sidebar: a click on that page's link; filter: a new option in one "
            "of that page's selectboxes, opened beforehand; both from the click event in the page to the "
            "page settled):",
            "",
            common.markdown_table(["step (kind, page)", "steps", "p50", "p95"], page_rows),
        ]
        if console or alerts:
            body += ["", "Errors seen:", ""] + [f"- `{u}`: {e[:200]}" for u, e in (console + alerts)[:10]]
        if protocol_rows:
            body += [
                "",
                "The same number of sessions and steps over Streamlit's websocket protocol only (a fresh "
                "server; every step opens a new session, asks for a page with its URL parameters and waits "
                "for the end of the script run: what a browser opening that link receives, without any "
                "rendering; heavier for the server than the browser run's clicks, which rerun an open "
                "session). The same pauses between steps. This is the server's own capacity:",
                "",
                common.markdown_table(header, protocol_rows),
            ]
        common.write_section("load", "\n".join(body))
        print(f"Wrote {common.PERFORMANCE_DOC.relative_to(common.PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
