"""Concurrent sessions against ONE dashboard server: time to a rendered page (p50/p95) and every error.

    .venv/bin/python bench/load.py                         # 30 sessions x 6 steps; docs/performance.md
    .venv/bin/python bench/load.py --sessions 3 --steps 2  # the smoke test's run (no docs write)

The script starts `streamlit run app.py` on a free 127.0.0.1 port and opens `--sessions` browser
sessions: each its own page and websocket, i.e. its own Streamlit session; the pages of one of the
`--browsers` headless Chromium processes share its browser cache. Sessions start over `--ramp` seconds;
each makes `--steps` navigations by URL (page switches and filter changes, e.g. /funding?pillar=O2,
/country?country=NER, ?lang=fr), waiting `--think` seconds between steps, then stops. A step counts as
done when the script has finished, every plotly figure it sent is drawn and the DOM has been still for
400 ms; its time is the browser's time from navigation to the page's main element (map / chart / table)
drawn. Errors: console errors (Streamlit's own base-path probe 404s excepted, see bench/common.py),
uncaught page errors, Streamlit exceptions, timeouts. Bounded: each step at most --step-timeout s, the
whole run at most --timeout s (steps completed by then are reported).
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
    """Each session's fixed list of URLs: different orders, no URL twice in a row, reproducible."""
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


async def session(context, base_url: str, urls: list[str], args, start_delay: float, records: list) -> None:
    """One visitor: waits its turn in the ramp-up, then makes its navigations; each record is kept as
    soon as it exists, so a run cut short by --timeout still reports the steps it completed."""
    await asyncio.sleep(start_delay)
    tracked = await common.TrackedPage.create(context)
    try:
        for url in urls:
            records.append(await tracked.load(base_url + url, args.step_timeout))
            await asyncio.sleep(args.think)
    finally:
        with contextlib.suppress(Exception):  # the browser may already be closing at the deadline
            await tracked.page.close()


async def run_load(server, args) -> tuple[list, float, float, int]:
    from playwright.async_api import async_playwright

    plans = plan(args.sessions, args.steps)
    records: list = []
    async with async_playwright() as playwright:
        browsers = [await common.launch_chromium(playwright) for _ in range(max(1, args.browsers))]
        # One context per Chromium process: its pages share the HTTP cache (Streamlit's and plotly's
        # bundles are fetched once per process, as a real browser caches them), while each page keeps
        # its own websocket, i.e. its own Streamlit session.
        contexts = [await common.new_context(b) for b in browsers]
        cpu_before = common.proc_cpu_seconds(server.pid)
        started = time.perf_counter()
        tasks = [
            asyncio.ensure_future(
                session(
                    contexts[i % len(contexts)],
                    server.url,
                    urls,
                    args,
                    args.ramp * i / max(1, args.sessions),
                    records,
                )
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
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                print(f"session failed: {task.exception()!r}"[:300])
        for browser in browsers:
            with contextlib.suppress(Exception):
                await browser.close()
    return records, elapsed, server_cpu, len(pending)


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
        await asyncio.sleep(args.think)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--steps", type=int, default=6, help="navigations per session")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium processes the sessions share")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a session's steps")
    parser.add_argument(
        "--ramp", type=float, default=15.0, help="sessions start spread over this many seconds"
    )
    parser.add_argument("--step-timeout", type=float, default=60.0)
    parser.add_argument(
        "--browser-only", action="store_true", help="skip the websocket-only run of the same plan"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="the whole run stops after this")
    docs = parser.add_mutually_exclusive_group()
    docs.add_argument("--docs", action="store_true", help="write docs/performance.md even for a small run")
    docs.add_argument("--no-docs", action="store_true")
    args = parser.parse_args(argv)
    write_docs = args.docs or (not args.no_docs and args.sessions >= 30 and args.steps >= 6)

    info = common.machine_info()
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    print(
        f"{args.sessions} sessions x {args.steps} steps over {len(step_urls())} URLs "
        f"({args.browsers} Chromium process(es), think {args.think} s, ramp-up {args.ramp} s)…",
        flush=True,
    )
    with common.StreamlitServer(common.APP) as server:
        idle = server.memory()
        records, elapsed, server_cpu, cancelled = asyncio.run(run_load(server, args))
        memory = server.memory()
    protocol: list[ProtocolStep] = []
    if not args.browser_only:
        print("the same plan over the websocket only (no browser)…", flush=True)
        with common.StreamlitServer(common.APP) as server:
            protocol, protocol_elapsed, protocol_cpu = asyncio.run(run_protocol(server, args))
            protocol_memory = server.memory()

    expected = args.sessions * args.steps
    times = [r.main_ms / 1000 for r in records if r.done and r.main_ms is not None]
    p50, p95 = common.percentile(times, 50), common.percentile(times, 95)
    answers = [r.finished_ms / 1000 for r in records if r.done and r.finished_ms is not None]
    timeouts = [r for r in records if r.timed_out]
    not_run = expected - len(records)  # steps never started: the whole run hit --timeout
    console = [
        (r.url, e) for r in records for e in r.console_errors if not e.startswith(("timeout", "navigation"))
    ]
    exceptions = [(r.url, r.exceptions) for r in records if r.exceptions]
    alerts = [(r.url, a) for r in records for a in r.error_alerts]
    benign = sum(r.benign_404 for r in records)
    errors = len(timeouts) + len(console) + len(exceptions)
    rows = [
        [
            "steps done",
            f"{len(times)} of {expected}",
            str(expected),
            "PASS" if len(times) == expected else "FAIL",
        ],
        ["steps not run (whole run stopped at --timeout)", str(not_run), "0", "–"],
        ["time to rendered page p50", common.ms(p50), "", "–"],
        [
            "time to rendered page p95",
            common.ms(p95),
            f"< {P95_TARGET_S:.0f} s",
            "PASS" if p95 is not None and p95 < P95_TARGET_S else "FAIL",
        ],
        ["time to rendered page max", common.ms(max(times) if times else None), "", "–"],
        ["server answered (script finished) p50", common.ms(common.percentile(answers, 50)), "", "–"],
        ["server answered (script finished) p95", common.ms(common.percentile(answers, 95)), "", "–"],
        ["errors (timeouts + console + exceptions)", str(errors), "0", "PASS" if errors == 0 else "FAIL"],
        ["timeouts", str(len(timeouts)), "0", "–"],
        ["console errors", str(len(console)), "0", "–"],
        ["Streamlit exceptions", str(len(exceptions)), "0", "–"],
        ["st.error boxes shown", str(len(alerts)), "0", "–"],
        ["Streamlit base-path 404s (not counted)", str(benign), "", "–"],
        ["wall time", f"{elapsed:.0f} s", f"≤ {args.timeout:.0f} s", "–"],
        ["server CPU", f"{server_cpu:.0f} s ({server_cpu / max(elapsed, 1e-9):.0%} of one core)", "", "–"],
        [
            "server memory after (RSS / peak)",
            f"{common.mib(memory['VmRSS'])} / {common.mib(memory['VmHWM'])}",
            "",
            "–",
        ],
    ]
    header = ["figure", "value", "target", "result"]
    print()
    print(common.text_table(header, rows))
    by_page: dict[str, list[float]] = {}
    for r in records:
        if r.done and r.main_ms is not None:
            by_page.setdefault(
                r.url.split("//", 1)[1].split("/", 1)[1].split("?")[0] or "overview", []
            ).append(r.main_ms / 1000)
    page_rows = [
        [name, len(v), common.ms(common.percentile(v, 50)), common.ms(common.percentile(v, 95))]
        for name, v in sorted(by_page.items())
    ]
    print()
    print(common.text_table(["page", "steps", "p50", "p95"], page_rows))
    for url, error in (console + alerts)[:10]:
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
            [
                "steps answered",
                f"{len(answered)} of {expected}",
                str(expected),
                "PASS" if len(answered) == expected else "FAIL",
            ],
            ["server answer p50", common.ms(common.percentile(answered, 50)), "", "–"],
            [
                "server answer p95",
                common.ms(p95_protocol),
                f"< {P95_TARGET_S:.0f} s",
                "PASS" if p95_protocol is not None and p95_protocol < P95_TARGET_S else "FAIL",
            ],
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
            [
                "server CPU",
                f"{protocol_cpu:.0f} s ({protocol_cpu / max(protocol_elapsed, 1e-9):.0%} of one core)",
                "",
                "–",
            ],
            [
                "server memory after (RSS / peak)",
                f"{common.mib(protocol_memory['VmRSS'])} / {common.mib(protocol_memory['VmHWM'])}",
                "",
                "–",
            ],
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
            f"{args.sessions} browser sessions at once against one server, {args.steps} navigations each by "
            f"URL over {len(step_urls())} page/filter URLs, {args.think} s between steps, "
            f"sessions started over {args.ramp:.0f} s, {args.browsers} Chromium processes (one shared "
            "browser cache each) on the same machine as the server. Server memory idle "
            f"{common.mib(idle['VmRSS'])}. Load average at the start (1/5/15 min): "
            f"{info['load average at start (1/5/15 min)']}. The browsers share the 2 cores with the "
            "server (and draw WebGL maps in software): the websocket-only run below shows the server alone.",
            "",
            common.markdown_table(header, rows),
            "",
            "Per page (time from navigation to its map / chart / table drawn):",
            "",
            common.markdown_table(["page", "steps", "p50", "p95"], page_rows),
        ]
        if console or alerts:
            body += ["", "Errors seen:", ""] + [f"- `{u}`: {e[:200]}" for u, e in (console + alerts)[:10]]
        if protocol_rows:
            body += [
                "",
                "The same sessions and steps over Streamlit's websocket protocol only (a fresh server; each "
                "step opens a session, asks for the page with its URL parameters and waits for the end of "
                "the script run: what the browser receives, without any rendering). This is the server's "
                "own capacity under the same concurrency:",
                "",
                common.markdown_table(header, protocol_rows),
            ]
        common.write_section("load", "\n".join(body))
        print(f"Wrote {common.PERFORMANCE_DOC.relative_to(common.PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
