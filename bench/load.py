"""Concurrent sessions against ONE dashboard server: time to a rendered page (p50/p95) and every error.

    .venv/bin/python bench/load.py                         # 30 sessions x 6 steps; docs/performance.md
    .venv/bin/python bench/load.py --sessions 3 --steps 2  # the smoke test's run (no docs write)

The script starts `streamlit run app.py` on a free 127.0.0.1 port, opens `--sessions` browser sessions
(each its own context, i.e. its own Streamlit session and cache, spread over `--browsers` headless
Chromium processes) that all start together. Each session makes `--steps` navigations by URL (page
switches and filter changes, e.g. /funding?pillar=O2, /country?country=NER, ?lang=fr), waiting
`--think` seconds between steps, then stops. A step counts as done when the script has finished, every
plotly figure it sent is drawn and the DOM has been still for 400 ms; its time is the browser's time
from navigation to the page's main element (map / chart / table) drawn. Errors: console errors
(Streamlit's own base-path probe 404s excepted, see bench/common.py), uncaught page errors, Streamlit
exceptions, timeouts. Bounded: each step at most --step-timeout s, the whole run at most --timeout s.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (bench/ is not a package: run as a script)

common.ensure_venv()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
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


async def session(browser, base_url: str, urls: list[str], think: float, step_timeout: float) -> list:
    context = await common.new_context(browser)
    records = []
    try:
        tracked = await common.TrackedPage.create(context)
        for url in urls:
            records.append(await tracked.load(base_url + url, step_timeout))
            await asyncio.sleep(think)
    finally:
        await context.close()
    return records


async def run_load(server, args) -> tuple[list, float, float, int]:
    from playwright.async_api import async_playwright

    plans = plan(args.sessions, args.steps)
    async with async_playwright() as playwright:
        browsers = [await common.launch_chromium(playwright) for _ in range(max(1, args.browsers))]
        cpu_before = common.proc_cpu_seconds(server.pid)
        started = time.perf_counter()
        tasks = [
            asyncio.ensure_future(
                session(browsers[i % len(browsers)], server.url, urls, args.think, args.step_timeout)
            )
            for i, urls in enumerate(plans)
        ]
        done, pending = await asyncio.wait(tasks, timeout=args.timeout)
        for task in pending:
            task.cancel()
        elapsed = time.perf_counter() - started
        server_cpu = common.proc_cpu_seconds(server.pid) - cpu_before
        records = []
        for task in done:
            if task.exception() is None:
                records.extend(task.result())
        for browser in browsers:
            await browser.close()
    return records, elapsed, server_cpu, len(pending)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--steps", type=int, default=6, help="navigations per session")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium processes the sessions share")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a session's steps")
    parser.add_argument("--step-timeout", type=float, default=60.0)
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
        f"({args.browsers} Chromium process(es), think {args.think} s)…",
        flush=True,
    )
    with common.StreamlitServer(common.APP) as server:
        idle = server.memory()
        records, elapsed, server_cpu, cancelled = asyncio.run(run_load(server, args))
        memory = server.memory()

    expected = args.sessions * args.steps
    times = [r.main_ms / 1000 for r in records if r.done and r.main_ms is not None]
    p50, p95 = common.percentile(times, 50), common.percentile(times, 95)
    answers = [r.finished_ms / 1000 for r in records if r.done and r.finished_ms is not None]
    timeouts = [r for r in records if r.timed_out] + [None] * (expected - len(records))
    console = [
        (r.url, e) for r in records for e in r.console_errors if not e.startswith(("timeout", "navigation"))
    ]
    exceptions = [(r.url, r.exceptions) for r in records if r.exceptions]
    alerts = [(r.url, a) for r in records for a in r.error_alerts]
    benign = sum(r.benign_404 for r in records)
    errors = len(timeouts) + len(console) + len(exceptions)
    rows = [
        ["steps done", f"{len(times)} of {expected}", "", ""],
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
    for r in [r for r in timeouts if r is not None][:5]:
        print(f"timeout: {r.url}: {r.console_errors[-1:]}")
    if cancelled:
        print(f"{cancelled} session(s) did not finish within {args.timeout:.0f} s and were stopped.")

    if write_docs:
        body = [
            "## Load (`bench/load.py`)",
            "",
            f"Measured {info['date']} on the machine above ({info['cores (nproc)']} cores, {info['cpu']}): "
            f"{args.sessions} browser sessions at once against one server, {args.steps} navigations each by "
            f"URL over {len(step_urls())} page/filter URLs, {args.think} s between steps, "
            f"{args.browsers} Chromium processes on the same machine as the server. Server memory idle "
            f"{common.mib(idle['VmRSS'])}.",
            "",
            common.markdown_table(header, rows),
            "",
            "Per page (time from navigation to its map / chart / table drawn):",
            "",
            common.markdown_table(["page", "steps", "p50", "p95"], page_rows),
        ]
        if console or alerts:
            body += ["", "Errors seen:", ""] + [f"- `{u}`: {e[:200]}" for u, e in (console + alerts)[:10]]
        common.write_section("load", "\n".join(body))
        print(f"Wrote {common.PERFORMANCE_DOC.relative_to(common.PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
