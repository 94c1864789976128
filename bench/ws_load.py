"""How many concurrent sessions one replica serves: websocket clients only, no browsers (issue #19).

Each simulated visitor opens Streamlit's websocket (/_stcore/stream) as the browser does, asks for a page
(a rerun message with the page's name and query string), waits for the script's "finished" message, thinks
a few seconds (random, around --think), and asks for the next page of the menu, for as long as the step
lasts. A step holds a fixed number of such sessions; the steps grow (--levels) until the 95th percentile
of page times exceeds --target (1 s), or a message is an error, or the time budget (--max-minutes) is spent.

The response time of a page is from the rerun message sent to the script's "finished" message received: the
server's whole answer, every element of the page sent (the browser's drawing time is not included; see
docs/performance.md for that). The server's resident memory is read from /proc at each step's end.

    python bench/ws_load.py                         # a replica of its own on a free port
    python bench/ws_load.py --levels 10,20,40 --step-seconds 30
    python bench/ws_load.py --url http://127.0.0.1:8501 --pid 1234   # a running replica (memory from --pid)

The load generator runs on the same machine: on 2 cores it takes part of the CPU the replica would have.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402 - after the path set-up
    APP,
    StreamlitServer,
    load_average,
    machine_info,
    mib,
    percentile,
    proc_cpu_seconds,
    proc_memory,
    registered_pages,
    run_async_main,
    text_table,
)

# Page name (as the browser sends it: the URL path) and the query string of a shared link.
PAGE_QUERIES = {"country": "country=NGA"}


def page_requests() -> list[tuple[str, str]]:
    """(page_name, query_string) for every registered page, the menu's order; "" is the default page."""
    pages = []
    for page in registered_pages():
        name = "" if page.url_path == "/" else page.name
        pages.append((name, PAGE_QUERIES.get(page.name, "")))
    return pages


@dataclass
class Outcome:
    """What the sessions of one step saw."""

    times: list[float] = field(default_factory=list)  # seconds per page, rerun sent → script finished
    errors: list[str] = field(default_factory=list)
    bytes_received: int = 0
    connect_times: list[float] = field(default_factory=list)


class WsSession:
    """One visitor's websocket to a Streamlit server, as its browser would open it."""

    def __init__(self, base_url: str, outcome: Outcome):
        self.ws_url = base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.origin = base_url.rstrip("/")
        self.outcome = outcome
        self.ws = None

    async def connect(self, timeout_s: float = 30) -> None:
        import websockets

        started = time.perf_counter()
        self.ws = await asyncio.wait_for(
            websockets.connect(
                self.ws_url,
                subprotocols=["streamlit"],
                origin=self.origin,
                max_size=None,
                open_timeout=timeout_s,
                compression="deflate",  # as browsers do (permessage-deflate)
            ),
            timeout_s,
        )
        self.outcome.connect_times.append(time.perf_counter() - started)

    async def load(self, page_name: str, query: str, timeout_s: float = 60) -> float | None:
        """Ask for a page and wait until its script has finished; its time in seconds, None if it failed."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page_name
        message.rerun_script.context_info.timezone = "UTC"
        message.rerun_script.context_info.locale = "en-GB"
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        deadline = started + timeout_s
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                self.outcome.errors.append(f"timeout: /{page_name}?{query}")
                return None
            try:
                data = await asyncio.wait_for(self.ws.recv(), remaining)
            except TimeoutError:
                continue
            self.outcome.bytes_received += len(data)
            msg = ForwardMsg.FromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
                self.outcome.errors.append(
                    f"exception on /{page_name}: {msg.delta.new_element.exception.message}"
                )
            elif kind == "page_not_found":
                self.outcome.errors.append(f"page not found: /{page_name}")
            elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                elapsed = time.perf_counter() - started
                self.outcome.times.append(elapsed)
                return elapsed

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()


async def visitor(base_url: str, outcome: Outcome, until: float, think: float, rng: random.Random) -> None:
    """Open the app, then move from page to page with think time in between, until `until`."""
    pages = page_requests()
    index = rng.randrange(len(pages))
    session = WsSession(base_url, outcome)
    try:
        await session.connect()
        while time.monotonic() < until:
            await session.load(*pages[index % len(pages)])
            index += 1
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
    except Exception as err:  # noqa: BLE001 - a failed session is a result, counted, not a crash
        outcome.errors.append(f"{type(err).__name__}: {str(err)[:200]}")
    finally:
        await session.close()


@dataclass
class Step:
    sessions: int
    outcome: Outcome
    rss_bytes: int | None
    server_cpu_share: float | None  # CPU seconds of the server per wall second during the step
    load_average: str
    server_cpu_s: float | None = None  # CPU seconds the server used during the step

    @property
    def cpu_per_page(self) -> float | None:
        """Server CPU per page: what a page costs whatever else the machine is doing."""
        if self.server_cpu_s is None or not self.outcome.times:
            return None
        return self.server_cpu_s / len(self.outcome.times)

    @property
    def p50(self) -> float | None:
        return percentile(self.outcome.times, 50)

    @property
    def p95(self) -> float | None:
        return percentile(self.outcome.times, 95)


async def run_step(base_url: str, sessions: int, seconds: float, think: float, ramp: float, pid: int | None,
                   seed: int) -> Step:  # fmt: skip
    outcome = Outcome()
    rng = random.Random(seed)
    cpu_before = proc_cpu_seconds(pid) if pid else None
    started = time.monotonic()
    until = started + seconds
    peak_rss = [0]

    async def sample_memory() -> None:  # while the sessions are open: they leave at the step's end
        while pid:
            peak_rss[0] = max(peak_rss[0], proc_memory(pid)["VmRSS"])
            await asyncio.sleep(1)

    sampler = asyncio.create_task(sample_memory())
    tasks = []
    for i in range(sessions):  # arrivals spread over `ramp` seconds, as people open a link
        await asyncio.sleep(ramp / sessions if i else 0)
        person = visitor(base_url, outcome, until, think, random.Random(rng.random()))
        tasks.append(asyncio.create_task(person))
    await asyncio.gather(*tasks)
    wall = time.monotonic() - started
    sampler.cancel()
    rss = peak_rss[0] or None
    cpu_s = proc_cpu_seconds(pid) - cpu_before if pid and cpu_before is not None else None
    return Step(sessions, outcome, rss, None if cpu_s is None else cpu_s / wall, load_average(), cpu_s)


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f} ms"


def report(steps: list[Step], idle_rss: int | None, target: float, think: float) -> str:
    rows = []
    for step in steps:
        per_session = "–"
        if step.rss_bytes and idle_rss:
            per_session = f"{(step.rss_bytes - idle_rss) / step.sessions / 2**20:.1f} MiB"
        rows.append(
            [
                step.sessions,
                len(step.outcome.times),
                _ms(step.p50),
                _ms(step.p95),
                len(step.outcome.errors),
                mib(step.rss_bytes),
                per_session,
                "–" if step.server_cpu_share is None else f"{step.server_cpu_share:.2f}",
                _ms(step.cpu_per_page),
                step.load_average,
            ]
        )
    header = ["sessions", "pages", "p50", "p95", "errors", "peak RSS", "(peak − idle)/session", "server CPU",
              "CPU/page", "load avg"]  # fmt: skip
    passing = [s for s in steps if s.p95 is not None and s.p95 < target and not s.outcome.errors]
    verdict = (
        f"capacity: {passing[-1].sessions} concurrent sessions at p95 < {target:g} s"
        if passing
        else f"capacity: no step met p95 < {target:g} s"
    )
    costs = [s.cpu_per_page for s in steps if s.cpu_per_page]
    if costs:
        # One core kept 70 % busy serves 0.7 / (CPU per page / think time) sessions, contention aside.
        cost = sorted(costs)[len(costs) // 2]
        verdict += (
            f"\nserver CPU per page (median of steps): {cost * 1000:.0f} ms → on one idle core at 70 % "
            f"busy: {0.7 * think / cost:.0f} sessions thinking {think:g} s between pages"
        )
    return text_table(header, rows) + "\n" + verdict


async def memory_per_session(base_url: str, pid: int | None, count: int) -> float | None:
    """RSS growth per session while `count` sessions that each loaded every page are held open."""
    if not pid or count <= 0:
        return None
    before = proc_memory(pid)["VmRSS"]
    outcome = Outcome()
    sessions = [WsSession(base_url, outcome) for _ in range(count)]
    try:
        for session in sessions:
            await session.connect()
            for page in page_requests():
                await session.load(*page)
        await asyncio.sleep(3)
        grown = proc_memory(pid)["VmRSS"] - before
    finally:
        for session in sessions:
            await session.close()
    await asyncio.sleep(3)
    return grown / count


async def main_async(args: argparse.Namespace) -> int:
    info = machine_info()
    print("\n".join(f"{k}: {v}" for k, v in info.items()))
    print(f"think {args.think:g} s (±50 %), steps of {args.step_seconds:g} s, ramp {args.ramp:g} s")
    budget_end = time.monotonic() + args.max_minutes * 60
    server_cm = contextlib.nullcontext(None) if args.url else StreamlitServer(APP)
    with server_cm as server:
        base_url = args.url or server.url
        pid = args.pid or (server.pid if server else None)
        # warm the caches as a first visitor would: every page once
        warm = Outcome()
        first = WsSession(base_url, warm)
        await first.connect()
        for page in page_requests():
            await first.load(*page)
        await first.close()
        await asyncio.sleep(2)
        idle_rss = proc_memory(pid)["VmRSS"] if pid else None
        print(f"server RSS after one visit of every page: {mib(idle_rss)}; errors: {len(warm.errors)}")
        per_session = await memory_per_session(base_url, pid, args.memory_sessions)
        if per_session is not None:
            print(
                f"memory per open session: {per_session / 2**20:.2f} MiB "
                f"({args.memory_sessions} sessions, each having loaded every page once, held open)"
            )
        steps: list[Step] = []
        for i, sessions in enumerate(args.levels):
            if time.monotonic() + args.step_seconds + args.ramp + 60 > budget_end:
                print(f"time budget ({args.max_minutes:g} min) reached before {sessions} sessions")
                break
            step = await run_step(base_url, sessions, args.step_seconds, args.think, args.ramp, pid, seed=i)
            steps.append(step)
            print(
                f"{sessions:5d} sessions: p50 {_ms(step.p50)}, p95 {_ms(step.p95)}, "
                f"{len(step.outcome.times)} pages, {len(step.outcome.errors)} errors, "
                f"peak RSS {mib(step.rss_bytes)}",
                flush=True,
            )
            for error in step.outcome.errors[:5]:
                print(f"    {error}")
            if step.p95 is None or step.p95 >= args.target or step.outcome.errors:
                break
            await asyncio.sleep(3)  # the previous step's sessions have closed; let the server settle
        print()
        print(report(steps, idle_rss, args.target, args.think))
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python bench/ws_load.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", help="a running replica (default: start one on a free 127.0.0.1 port)")
    parser.add_argument("--pid", type=int, help="that replica's process id, for its memory and CPU")
    parser.add_argument(
        "--levels",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[10, 20, 40, 60, 80, 100, 130, 160, 200, 250],
        help="concurrent sessions per step, comma-separated (default: 10,20,40,60,80,100,130,160,200,250)",
    )
    parser.add_argument("--step-seconds", type=float, default=40, help="length of each step (default 40)")
    parser.add_argument("--think", type=float, default=10, help="mean seconds between pages (default 10)")
    parser.add_argument("--ramp", type=float, default=5, help="seconds over which a step's sessions arrive")
    parser.add_argument(
        "--target", type=float, default=1.0, help="p95 page time to meet, seconds (default 1)"
    )
    parser.add_argument(
        "--memory-sessions", type=int, default=50, help="sessions held open to measure memory (default 50)"
    )
    parser.add_argument("--max-minutes", type=float, default=10, help="time budget of the run (default 10)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    run_async_main(parse_args, main_async)
