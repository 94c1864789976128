"""Imports at scale (issue #15): the Lake Chad Basin page and `python -m etl` before and after importing
29,475 made-up displacement rows, on copies of data/raw and data/processed (the checkout is not touched).

    .venv/bin/python bench/imports.py          # 3 runs each; writes docs/performance.md's "imports" section
    .venv/bin/python bench/imports.py --quick  # 1 run each, no docs write
    .venv/bin/python bench/imports.py --quick --months 6 --publishers 1   # the smoke test (tests/)

The rows: 131 months (January 2014 to November 2024, month-end dates) x 15 admin-1 areas of the four
basin countries x 3 categories (IDPs, returnees, refugees) x 5 made-up publishers, one file per publisher
in the project's own format (a), imported with `python -m etl import` like any user's file. Figures:
the page's first run, cold run (caches cleared), warm rerun and rerun after a widget change (AppTest,
bench/run.py's worker, with WCA_PROCESSED_DIR on the copy; wall and CPU time), `python -m etl --raw <copy>`
wall time, and each import's wall time. The bundled data and the imports are measured in turn in each run.
Target (issue #15): the warm rerun with the imports within 1.5x of the warm rerun on the bundled data.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (bench/ is not a package: run as a script)

common.ensure_venv()

import argparse  # noqa: E402
import csv  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import run as bench_run  # noqa: E402  (its AppTest worker measures the page)
from common import median, ms  # noqa: E402

WARM_RATIO_MAX = 1.5  # warm rerun with the imports / warm rerun on the bundled data
FIRST_MONTH = (2014, 1)
MONTHS = 131
AREAS = [
    ("NGA", "Borno"), ("NGA", "Adamawa"), ("NGA", "Yobe"), ("NGA", "Gombe"), ("NGA", "Bauchi"),
    ("CMR", "Far North"), ("CMR", "North"), ("CMR", "Adamaoua"),
    ("NER", "Diffa"), ("NER", "Zinder"), ("NER", "Tillabéri"),
    ("TCD", "Lac"), ("TCD", "Hadjer-Lamis"), ("TCD", "Kanem"), ("TCD", "Batha"),
]  # fmt: skip
CATEGORIES = ("idps", "returnees", "refugees")
PUBLISHERS = [f"Made-up publisher {letter} (benchmark)" for letter in "ABCDE"]
HEADER = ["as_of", "entity_id", "admin1", "category", "value", "source_org", "note"]


def month_ends(months: int = MONTHS) -> list[str]:
    import calendar

    year, month = FIRST_MONTH
    dates = []
    for _ in range(months):
        dates.append(f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def made_up_files(months: int = MONTHS, publishers: int = len(PUBLISHERS)) -> list[tuple[str, bytes]]:
    """One CSV per publisher; every figure made up (deterministic), none a real count."""
    files = []
    dates = month_ends(months)
    for p, publisher in enumerate(PUBLISHERS[:publishers]):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADER)
        for a, (iso3, area) in enumerate(AREAS):
            for c, category in enumerate(CATEGORIES):
                for m, date in enumerate(dates):
                    value = 10_000 * (a + 1) + 1_000 * c + 37 * m + 11 * p
                    writer.writerow(
                        [date, iso3, area, category, value, publisher, "made up for bench/imports.py"]
                    )
        files.append((f"bench_publisher_{p + 1}.csv", buffer.getvalue().encode("utf-8")))
    return files


def lake_chad_path() -> str:
    return next(p.path for p in common.registered_pages() if p.name == "lake-chad")


def measure_page(processed: Path, reruns: int) -> list[dict]:
    """One run of bench/run.py's AppTest worker on the Lake Chad Basin page with WCA_PROCESSED_DIR on
    `processed`: app.py's first run in a fresh process (the default page), then this page's cold run
    (caches cleared: its first visitor), warm reruns, reruns after a widget change."""
    os.environ["WCA_PROCESSED_DIR"] = str(processed)
    try:
        results = bench_run.run_worker([lake_chad_path()], reruns)
    finally:
        del os.environ["WCA_PROCESSED_DIR"]
    problems = [e for r in results for e in r["exception"] + r["errors"]]
    if problems:
        raise RuntimeError("the page failed: " + " / ".join(problems[:3]))
    return results


def page_medians(results: list[dict]) -> dict[str, float | None]:
    """Medians over runs: first and cold of each run; every warm and widget rerun of every run."""

    def every(key: str) -> list[float]:
        return [value for r in results for value in r[key]]

    return {
        "first": median([r["first"] for r in results]),
        "cold": median([r["cold"] for r in results]),
        "cold_cpu": median([r["cold_cpu"] for r in results]),
        "warm": median(every("warm")),
        "warm_cpu": median(every("warm_cpu")),
        "widget": median(every("widget")),
        "widget_cpu": median(every("widget_cpu")),
    }


def etl_seconds(raw: Path) -> float:
    """Wall time of one `python -m etl --raw raw --out <tmp>`."""
    out = Path(tempfile.mkdtemp(prefix="bench-etl-")) / "processed"
    try:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "etl", "--raw", str(raw), "--out", str(out)],
            cwd=common.PROJECT_DIR,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"python -m etl failed:\n{done.stderr[-2000:]}")
        return elapsed
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


def import_files(files: list[tuple[str, bytes]], work: Path, raw: Path, processed: Path) -> list[float]:
    """`python -m etl import` of each file into `raw` / `processed`, as a user would; wall time of each."""
    times = []
    for name, content in files:
        path = work / name
        path.write_bytes(content)
        command = [sys.executable, "-m", "etl", "--raw", str(raw), "--out", str(processed)]
        command += ["import", str(path)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=common.PROJECT_DIR, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"import of {name} failed:\n{done.stderr[-2000:]}")
    return times


def displacement_rows(processed: Path) -> int:
    with (processed / "displacement.csv").open(encoding="utf-8") as fh:
        return sum(1 for _ in fh) - 1


def ratio_cells(before: float | None, after: float | None) -> tuple[float | None, str, str]:
    """(after / before, the ratio as text, PASS/FAIL against WARM_RATIO_MAX)."""
    if not before or after is None:
        return None, "–", "–"
    value = after / before
    return value, f"{value:.2f}× (≤ {WARM_RATIO_MAX}×)", "PASS" if value <= WARM_RATIO_MAX else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1 run each, no docs write")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3; 1 with --quick)")
    parser.add_argument("--no-docs", action="store_true", help="print the figures only")
    parser.add_argument(
        "--months", type=int, default=MONTHS, help=f"months of made-up figures (default {MONTHS})"
    )
    parser.add_argument(
        "--publishers",
        type=int,
        default=len(PUBLISHERS),
        help=f"made-up publishers, one file each (default {len(PUBLISHERS)})",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    reruns = 3 if args.quick else 5
    # The doc's figures are those of the issue's case only: a smaller run (the smoke test's) never writes.
    issue_case = (args.months, args.publishers) == (MONTHS, len(PUBLISHERS))
    write_docs = issue_case and not (args.quick or args.no_docs)
    info = common.machine_info()
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)

    work = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    try:
        # Two copies side by side: the bundled data, and the same with the imports. The page and the ETL
        # are then measured on both in turn, run after run, so that a change of load on the machine
        # touches both columns alike.
        raw, processed = work / "bundled" / "raw", work / "bundled" / "processed"
        big_raw, big_processed = work / "imported" / "raw", work / "imported" / "processed"
        for source, copies in (("raw", (raw, big_raw)), ("processed", (processed, big_processed))):
            for copy in copies:
                shutil.copytree(common.PROJECT_DIR / "data" / source, copy)
        files = made_up_files(args.months, args.publishers)
        made_up = sum(content.count(b"\n") - 1 for _, content in files)
        print(f"[1/2] importing {made_up:,} made-up rows in {len(files)} file(s)…", flush=True)
        import_times = import_files(files, work, big_raw, big_processed)
        rows_before, rows_after = displacement_rows(processed), displacement_rows(big_processed)
        pages: dict[str, list[dict]] = {"before": [], "after": []}
        etl: dict[str, list[float]] = {"before": [], "after": []}
        for run in range(runs):
            print(f"[2/2] run {run + 1}/{runs}: page and python -m etl, bundled then imported…", flush=True)
            pages["before"] += measure_page(processed, reruns)
            pages["after"] += measure_page(big_processed, reruns)
            etl["before"].append(etl_seconds(raw))
            etl["after"].append(etl_seconds(big_raw))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    before, after = page_medians(pages["before"]), page_medians(pages["after"])
    warm_ratio, warm_text, verdict = ratio_cells(before["warm"], after["warm"])
    _, cpu_text, cpu_verdict = ratio_cells(before["warm_cpu"], after["warm_cpu"])
    _, widget_text, _ = ratio_cells(before["widget"], after["widget"])
    page = "Lake Chad Basin page:"
    etl_before, etl_after = median(etl["before"]), median(etl["after"])
    table = [
        ["displacement rows", f"{rows_before:,}", f"{rows_after:,}", "", ""],
        ["app.py first run, fresh process (default page)", ms(before["first"]), ms(after["first"]), "", ""],
        [f"{page} first run (caches cleared)", ms(before["cold"]), ms(after["cold"]), "", ""],
        [f"{page} first run, CPU", ms(before["cold_cpu"]), ms(after["cold_cpu"]), "", ""],
        [f"{page} warm rerun", ms(before["warm"]), ms(after["warm"]), warm_text, verdict],
        [f"{page} warm rerun, CPU", ms(before["warm_cpu"]), ms(after["warm_cpu"]), cpu_text, cpu_verdict],
        [f"{page} warm, after a widget change", ms(before["widget"]), ms(after["widget"]), widget_text, ""],
        [f"{page} warm, after a widget change, CPU", ms(before["widget_cpu"]), ms(after["widget_cpu"]),
         "", ""],
        ["python -m etl wall time", f"{etl_before:.1f} s", f"{etl_after:.1f} s", "", ""],
        ["python -m etl import, per file (median)", "", f"{median(import_times):.1f} s", "", ""],
    ]  # fmt: skip
    header = ["figure", "bundled data", f"+ {made_up:,} imported rows", "ratio", "result"]
    print("\n" + common.text_table(header, table), flush=True)
    if write_docs:
        body = "\n".join(
            [
                "## Imports at scale (`bench/imports.py`)",
                "",
                f"{info.get('date', '')}; {', '.join(f'{k} {v}' for k, v in info.items() if k != 'date')}. "
                f"Medians of {runs} run(s) ({reruns} warm reruns each), the bundled data and the imports "
                f"measured in turn in each run. {made_up:,} made-up rows ({args.months} months x "
                f"{len(AREAS)} admin-1 areas x {len(CATEGORIES)} categories x {args.publishers} publishers, "
                "one file each) "
                "imported with `python -m etl import` into copies of data/raw and data/processed. "
                "CPU: the process's CPU time (all threads), which other work on the machine barely moves.",
                "",
                common.markdown_table(header, table),
            ]
        )
        common.write_section("imports", body)
        print(f"Wrote {common.PERFORMANCE_DOC}", flush=True)
    # A quick run (the smoke test's) reports; only a full run judges the target.
    return 0 if args.quick or verdict != "FAIL" else 1


if __name__ == "__main__":
    sys.exit(main())
