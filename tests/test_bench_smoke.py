"""The benchmarks still run: `bench/run.py --quick`, a small `bench/load.py` and a small `bench/imports.py`
print every figure.

Not part of `make test`: `make bench-smoke` runs it, as its own CI step with a time budget (.ci/run).
A smoke run, not the timing targets: PASS/FAIL verdicts are not asserted here (a busy CI machine would
fail them); docs/performance.md is not written by these runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.pages import PAGES

pytestmark = [pytest.mark.bench, pytest.mark.browser, pytest.mark.timeout(1800)]

PROJECT_DIR = Path(__file__).resolve().parent.parent
DOC = PROJECT_DIR / "docs" / "performance.md"


def _run(*args: str, timeout: float) -> str:
    before = DOC.read_bytes() if DOC.exists() else None
    done = subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stdout
    assert (DOC.read_bytes() if DOC.exists() else None) == before, "a smoke run must not rewrite the doc"
    return done.stdout


def _has_row(output: str, metric: str, page: str) -> bool:
    """A table row naming this metric and page, with a measured value (not "–")."""
    pattern = re.compile(rf"^{re.escape(metric)}\s.*?\s{re.escape(page)}\s+(?!–)\S", re.MULTILINE)
    return bool(pattern.search(output))


def test_run_quick_prints_every_figure():
    out = _run("bench/run.py", "--quick", timeout=1500)
    names = [p.url_path for p in PAGES]
    for name in names:
        for metric in (
            "server cold (caches cleared)",
            "server warm rerun",
            "browser script finished (server answered)",
            "bytes per load beyond hello",
        ):
            assert _has_row(out, metric, name), f"no {metric!r} figure for {name}"
        assert re.search(rf"^browser [a-z/ ]+ drawn\s+{re.escape(name)}\s+\d", out, re.MULTILINE), name
    assert _has_row(out, "first run in a fresh process", "app.py")
    assert _has_row(out, "browser first paint", "hello")
    for metric in ("server memory idle (RSS)", "server memory 1 session (peak)", "server memory 3 sessions"):
        assert re.search(rf"^{re.escape(metric)}.*\d+ MiB", out, re.MULTILINE), metric
    assert re.search(r"^python -m etl wall time\s+etl\s+\d+\.\d+ s", out, re.MULTILINE)
    assert re.search(r"^python -m etl peak memory\s+etl\s+\d+ MiB", out, re.MULTILINE)
    assert re.search(r"\d+ target\(s\) missed", out)


def test_load_small_prints_percentiles_and_errors():
    out = _run(
        "bench/load.py", "--sessions", "3", "--steps", "2", "--think", "1", "--ramp", "1", timeout=900
    )
    # every visitor opened the app and then moved inside it (a sidebar click or a filter), without error
    assert re.search(r"^steps done\s+6 of 6", out, re.MULTILINE)
    assert re.search(r"^errors \(timeouts \+ console \+ exceptions\)\s+0\s", out, re.MULTILINE)
    assert re.search(r"^… moves in the open app \(sidebar, filters\) p50 / p95\s+[\d,]+ ms", out, re.M)
    for metric in ("time to rendered page p50", "time to rendered page p95"):
        assert re.search(rf"^{re.escape(metric)}\s+[\d,]+ ms", out, re.MULTILINE), metric
    for metric in (
        "errors (timeouts + console + exceptions)",
        "timeouts",
        "console errors",
        "Streamlit exceptions",
    ):
        assert re.search(rf"^{re.escape(metric)}\s+\d+", out, re.MULTILINE), metric
    assert re.search(r"^server memory after", out, re.MULTILINE)


def test_imports_small_prints_every_figure():
    """bench/imports.py on 270 made-up rows (6 months x 15 areas x 3 categories, one publisher): every row
    imported, and every figure of the page and the ETL measured on both copies."""
    out = _run("bench/imports.py", "--quick", "--months", "6", "--publishers", "1", timeout=900)
    rows = re.search(r"^displacement rows\s+([\d,]+)\s+([\d,]+)", out, re.MULTILINE)
    assert rows, out
    before, after = (int(n.replace(",", "")) for n in rows.groups())
    assert after - before == 270
    page = "Lake Chad Basin page: "
    for metric in (
        "first run (caches cleared)", "first run, CPU", "warm rerun",
        "warm rerun, CPU", "warm, after a widget change", "warm, after a widget change, CPU",
    ):  # fmt: skip
        assert re.search(rf"^{re.escape(page + metric)}\s+[\d,]+ ms\s+[\d,]+ ms", out, re.M), metric
    assert re.search(r"^app\.py first run, fresh process \(default page\)\s+[\d,]+ ms\s+[\d,]+ ms", out, re.M)
    assert re.search(r"^Lake Chad Basin page: warm rerun\s.*\d\.\d\d× \(≤ 1\.5×\)\s+(PASS|FAIL)", out, re.M)
    assert re.search(r"^python -m etl wall time\s+\d+\.\d s\s+\d+\.\d s", out, re.MULTILINE)
    assert re.search(r"^python -m etl import, per file \(median\)\s+\d+\.\d s", out, re.MULTILINE)
