"""Soak: 500 sessions connect and leave in turn against one replica; its memory must come back (issue #19).

Sessions arrive a few at a time (--concurrency), each opens the websocket, loads --pages pages of the menu
and leaves. Streamlit keeps a session that left for server.disconnectedSessionTTL (120 s by default, at
most 128 of them) in case its browser reconnects, so memory is compared when no such session is left:

- baseline: after the first --baseline sessions (50) have left and that time has passed;
- end: after all --sessions (500) have left and that time has passed.

Passes if the end is within 20 % (--tolerance) of the baseline and no session saw an error. A leak of the
app (a cache keyed per session, a growing module-level list) shows as memory that does not come back.

    python bench/soak.py                      # ~6 minutes with the default 120 s TTL
    python bench/soak.py --sessions 100 --baseline 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import APP, StreamlitServer, load_average, machine_info, mib, proc_memory, run_async_main  # noqa: E402
from ws_load import Outcome, WsSession, page_requests  # noqa: E402

SESSION_TTL_S = 120  # Streamlit's server.disconnectedSessionTTL default, which the replica keeps


async def one_visit(base_url: str, outcome: Outcome, index: int, pages: int) -> None:
    menu = page_requests()
    session = WsSession(base_url, outcome)
    try:
        await session.connect()
        for step in range(pages):
            await session.load(*menu[(index + step) % len(menu)])
    except Exception as err:  # noqa: BLE001 - a failed session is a result
        outcome.errors.append(f"session {index}: {type(err).__name__}: {str(err)[:200]}")
    finally:
        await session.close()


async def visits(
    base_url: str, outcome: Outcome, first: int, last: int, concurrency: int, pages: int
) -> None:
    """Sessions first..last-1, at most `concurrency` at a time, each leaving before the next one comes."""
    gate = asyncio.Semaphore(concurrency)

    async def gated(index: int) -> None:
        async with gate:
            await one_visit(base_url, outcome, index, pages)

    await asyncio.gather(*(gated(i) for i in range(first, last)))


async def settled_memory(base_url: str, pid: int, wait_s: float) -> int:
    """RSS once the sessions that left have outlived their TTL: one short visit afterwards makes Streamlit
    drop the expired ones (its store expires entries when one is added)."""
    await asyncio.sleep(wait_s)
    await one_visit(base_url, Outcome(), 0, 1)
    await asyncio.sleep(2)
    return proc_memory(pid)["VmRSS"]


async def main_async(args: argparse.Namespace) -> int:
    print("\n".join(f"{k}: {v}" for k, v in machine_info().items()))
    wait_s = args.ttl + 5
    with StreamlitServer(APP, env={"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(args.ttl)}) as server:
        started = time.monotonic()
        outcome = Outcome()
        start_rss = proc_memory(server.pid)["VmRSS"]
        await visits(server.url, outcome, 0, args.baseline, args.concurrency, args.pages)
        print(f"{args.baseline} sessions done in {time.monotonic() - started:.0f} s; waiting {wait_s:g} s")
        baseline = await settled_memory(server.url, server.pid, wait_s)
        print(f"baseline after {args.baseline} sessions: {mib(baseline)} (load average {load_average()})")
        peak = 0

        async def sample() -> None:
            nonlocal peak
            while True:
                peak = max(peak, proc_memory(server.pid)["VmRSS"])
                await asyncio.sleep(1)

        sampler = asyncio.create_task(sample())
        await visits(server.url, outcome, args.baseline, args.sessions, args.concurrency, args.pages)
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
        print(f"{args.sessions} sessions done in {time.monotonic() - started:.0f} s; waiting {wait_s:g} s")
        end = await settled_memory(server.url, server.pid, wait_s)
        change = (end - baseline) / baseline
        ok = abs(change) <= args.tolerance and not outcome.errors
        print()
        print(f"sessions: {args.sessions} ({args.concurrency} at a time, {args.pages} pages each)")
        print(f"pages loaded: {len(outcome.times)}; errors: {len(outcome.errors)}")
        for error in outcome.errors[:10]:
            print(f"    {error}")
        print(f"memory at start (before any session): {mib(start_rss)}")
        print(f"memory after the first {args.baseline}, settled: {mib(baseline)}")
        print(f"memory peak while sessions came and went: {mib(peak)}")
        print(f"memory after all {args.sessions}, settled: {mib(end)} ({change:+.1%} against the baseline)")
        print(f"duration: {time.monotonic() - started:.0f} s; load average at the end: {load_average()}")
        print(f"soak: {'PASS' if ok else 'FAIL'} (within {args.tolerance:.0%}, no error)")
        return 0 if ok else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python bench/soak.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=500, help="sessions in all (default 500)")
    parser.add_argument("--baseline", type=int, default=50, help="sessions before the baseline (default 50)")
    parser.add_argument("--concurrency", type=int, default=10, help="sessions open at a time (default 10)")
    parser.add_argument("--pages", type=int, default=2, help="pages each session loads (default 2)")
    parser.add_argument(
        "--ttl",
        type=int,
        default=SESSION_TTL_S,
        help="server.disconnectedSessionTTL of the replica, seconds (default 120, Streamlit's own)",
    )
    parser.add_argument("--tolerance", type=float, default=0.20, help="allowed memory change (default 0.20)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    run_async_main(parse_args, main_async)
