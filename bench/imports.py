"""Imports at scale (issue #15): the Lake Chad Basin page and `python -m etl` before and after importing
29,475 made-up displacement rows, on copies of data/raw and data/processed (the checkout is not touched).

    .venv/bin/python bench/imports.py          # 3 runs each; writes docs/performance.md's "imports" section
    .venv/bin/python bench/imports.py --quick  # 1 run each, no docs write

The rows: 131 months (January 2014 to November 2024, month-end dates) x 15 admin-1 areas of the four
basin countries x 3 categories (IDPs, returnees, refugees) x 5 made-up publishers, one file per publisher
in the project's own format (a), imported with `python -m etl import` like any user's file. Figures:
the page's first run, cold run (caches cleared) and warm rerun (AppTest, bench/run.py's worker, with
WCA_PROCESSED_DIR on the copy), `python -m etl --raw <copy>` wall time, and each import's wall time.
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


def month_ends() -> list[str]:
    import calendar

    year, month = FIRST_MONTH
    dates = []
    for _ in range(MONTHS):
        dates.append(f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def made_up_files() -> list[tuple[str, bytes]]:
    """One CSV per publisher; every figure made up (deterministic), none a real count."""
    files = []
    dates = month_ends()
    for p, publisher in enumerate(PUBLISHERS):
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


def measure_page(processed: Path, runs: int, reruns: int) -> dict[str, float | None]:
    """Medians of the Lake Chad Basin page's first run (fresh process), cold run and warm rerun."""
    os.environ["WCA_PROCESSED_DIR"] = str(processed)
    try:
        results = [r for _ in range(runs) for r in bench_run.run_worker([lake_chad_path()], reruns)]
    finally:
        del os.environ["WCA_PROCESSED_DIR"]
    problems = [e for r in results for e in r["exception"] + r["errors"]]
    if problems:
        print("  page problems: " + " / ".join(problems[:3]), flush=True)
    return {
        "first": median([r["first"] for r in results]),
        "cold": median([r["cold"] for r in results]),
        "warm": median([w for r in results for w in r["warm"]]),
        "widget": median([w for r in results for w in r["widget"]]) if results[0]["widget"] else None,
    }


def etl_seconds(raw: Path, runs: int) -> float | None:
    """Median wall time of `python -m etl --raw raw --out <tmp>`."""
    times = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(prefix="bench-etl-")) / "processed"
        try:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "etl", "--raw", str(raw), "--out", str(out)],
                cwd=common.PROJECT_DIR,
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise RuntimeError(f"python -m etl failed:\n{done.stderr[-2000:]}")
        finally:
            shutil.rmtree(out.parent, ignore_errors=True)
    return median(times)


def displacement_rows(processed: Path) -> int:
    with (processed / "displacement.csv").open(encoding="utf-8") as fh:
        return sum(1 for _ in fh) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1 run each, no docs write")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3; 1 with --quick)")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    reruns = 3 if args.quick else 5
    info = common.machine_info()
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)

    work = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    try:
        raw, processed = work / "raw", work / "processed"
        shutil.copytree(common.PROJECT_DIR / "data" / "raw", raw)
        shutil.copytree(common.PROJECT_DIR / "data" / "processed", processed)
        rows_before = displacement_rows(processed)
        print(f"[1/4] bundled data ({rows_before:,} displacement rows): the page…", flush=True)
        page_before = measure_page(processed, runs, reruns)
        print("[2/4] bundled data: python -m etl…", flush=True)
        etl_before = etl_seconds(raw, runs)

        files = made_up_files()
        made_up = sum(data.count(b"\n") - 1 for _, data in files)
        print(f"[3/4] importing {made_up:,} made-up rows in {len(files)} files…", flush=True)
        import_times = []
        for name, data in files:
            path = work / name
            path.write_bytes(data)
            started = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "etl",
                    "--raw",
                    str(raw),
                    "--out",
                    str(processed),
                    "import",
                    str(path),
                ],
                cwd=common.PROJECT_DIR,
                capture_output=True,
                text=True,
            )
            import_times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise RuntimeError(f"import of {name} failed:\n{done.stderr[-2000:]}")
        rows_after = displacement_rows(processed)
        print(
            f"[4/4] with the imports ({rows_after:,} displacement rows): the page, python -m etl…", flush=True
        )
        page_after = measure_page(processed, runs, reruns)
        etl_after = etl_seconds(raw, runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio = page_after["warm"] / page_before["warm"] if page_before["warm"] else None
    verdict = "–" if ratio is None else ("PASS" if ratio <= WARM_RATIO_MAX else "FAIL")
    page = "Lake Chad Basin page:"
    table = [
        ["displacement rows", f"{rows_before:,}", f"{rows_after:,}", "", ""],
        [f"{page} first run (fresh process)", ms(page_before["first"]), ms(page_after["first"]), "", ""],
        [f"{page} cold run (caches cleared)", ms(page_before["cold"]), ms(page_after["cold"]), "", ""],
        [f"{page} warm rerun", ms(page_before["warm"]), ms(page_after["warm"]),
         f"{ratio:.2f}× (≤ {WARM_RATIO_MAX}×)" if ratio else "–", verdict],
        [f"{page} warm, after a widget change", ms(page_before["widget"]), ms(page_after["widget"]), "", ""],
        ["python -m etl wall time", f"{etl_before:.1f} s", f"{etl_after:.1f} s", "", ""],
        ["python -m etl import, per file (median)", "", f"{median(import_times):.1f} s", "", ""],
    ]  # fmt: skip
    header = ["figure", "bundled data", f"+ {made_up:,} imported rows", "ratio", "result"]
    print("\n" + common.text_table(header, table), flush=True)
    if not args.quick:
        body = "\n".join(
            [
                "## Imports at scale (`bench/imports.py`)",
                "",
                f"{info.get('date', '')}; {', '.join(f'{k} {v}' for k, v in info.items() if k != 'date')}. "
                f"Medians of {runs} run(s) ({reruns} warm reruns each). {made_up:,} made-up rows ({MONTHS} "
                f"months x {len(AREAS)} admin-1 areas x {len(CATEGORIES)} categories x {len(PUBLISHERS)} "
                "publishers, one file each) imported with `python -m etl import` into copies of data/raw and "
                "data/processed.",
                "",
                common.markdown_table(header, table),
            ]
        )
        common.write_section("imports", body)
        print(f"Wrote {common.PERFORMANCE_DOC}", flush=True)
    return 0 if verdict != "FAIL" else 1


if __name__ == "__main__":
    sys.exit(main())
