"""Imports are all or nothing at any moment: a process killed between any two of its steps leaves the
previous tables or the new ones, always readable; the next run finishes or undoes what was left, re-running
the import completes it, and `python -m etl` then rebuilds the very same bytes.

The kill is real (`os._exit` at a checkpoint named by WCA_KILL_AT, in a separate process), so nothing of
the killed run is cleaned up by Python. Works on copies of data/raw and data/processed.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import tables as app_tables
from etl import importer
from etl.__main__ import main
from etl.common import KILL_AT_VARIABLE, PROCESSED_DIR, RAW_DIR
from etl.sources import imports
from etl.validate import load_table_specs
from etl.write import pointer_path
from tests.test_import import DTM_ROWS, dtm_export

PROJECT = Path(__file__).resolve().parent.parent
# Every checkpoint of an import, in the order it passes them (etl/importer.py, etl/write.py).
CHECKPOINTS = [
    "import.journal",  # journal written, nothing else yet
    "import.stored",  # the file copied under imports/
    "import.listed",  # its manifest line written
    "write.staged",  # the new tables complete in .etl-tmp-*
    "write.pointed",  # readers sent to them
    "write.copied",  # the copy that will become out_dir complete
    "write.moved_old",  # out_dir moved aside: readers follow the pointer
    "write.moved_new",  # the new out_dir in place
    "write.unpointed",  # readers back on out_dir
    "write.removed_version",  # the staged version gone, the old folder not yet
    "import.built",  # tables rebuilt, journal not yet removed
]
ADDED = 3  # rows the DTM export adds: Borno baseline, Borno site assessment, Yobe (see test_import)


def imported(before: dict[str, int]) -> dict[str, int]:
    """Row counts once the export is in: its rows, one source and one check more."""
    return {
        **before,
        "displacement": before["displacement"] + ADDED,
        "sources": before["sources"] + 1,
        "checks": before["checks"] + 1,
    }


def every_table(folder: Path) -> dict[str, int]:
    """Rows of each table as the app reads them (through the pointer); fails if any is unreadable."""
    return {name: len(app_tables.read_table(name, folder)) for name in load_table_specs()}


def leftovers(out: Path) -> list[str]:
    names = [p.name for p in out.parent.iterdir() if p.name.startswith(".etl-") or p.suffix == ".current"]
    hidden = [p.name for p in (out.parent / "raw" / "imports").glob(".*") if p.name != ".gitkeep"]
    return sorted(names) + sorted(hidden)


@pytest.fixture
def world(tmp_path, raw_copy) -> tuple[Path, Path, Path]:
    out = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, out)
    incoming = tmp_path / "incoming" / "dtm.csv"
    incoming.parent.mkdir()
    incoming.write_bytes(dtm_export(DTM_ROWS))
    return raw_copy, out, incoming


def test_the_import_adds_rows(world):
    raw, out, incoming = world
    before = every_table(out)
    importer.import_file(incoming, raw_dir=raw, out_dir=out)
    assert every_table(out) == imported(before)


@pytest.mark.parametrize("point", CHECKPOINTS)
def test_an_import_killed_at_any_step_leaves_readable_tables_and_completes_when_rerun(world, point, tmp_path):
    raw, out, incoming = world
    before = every_table(out)
    env = {**os.environ, KILL_AT_VARIABLE: point}
    command = [sys.executable, "-m", "etl", "--raw", str(raw), "--out", str(out), "import", str(incoming)]
    killed = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == 137, killed.stderr  # it did die at that point

    # The app reads a complete set at once: the previous tables or the new ones, nothing between.
    after_kill = every_table(out)
    assert after_kill in (before, imported(before))

    # Running the import again finishes the interrupted one (or starts afresh after undoing it).
    message = importer.import_file(incoming, raw_dir=raw, out_dir=out)
    assert "Imported dtm.csv" in str(message) or "already imported" in str(message)
    assert every_table(out) == imported(before)
    manifest = imports.read_manifest(raw / "imports")
    bundled = imports.read_manifest(RAW_DIR / "imports")  # the import shipped with the project
    assert len(manifest) == len(bundled) + 1
    assert (raw / "imports" / manifest["stored_name"].iloc[-1]).read_bytes() == incoming.read_bytes()
    assert leftovers(out) == [] and not pointer_path(out).exists()

    # A plain rebuild gives the same bytes.
    rebuilt = tmp_path / "rebuilt"
    assert main(["--raw", str(raw), "--out", str(rebuilt)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in rebuilt.iterdir())
    assert filecmp.cmpfiles(out, rebuilt, names, shallow=False)[1:] == ([], [])


def test_python_m_etl_cleans_up_after_a_killed_import(world):
    raw, out, incoming = world
    before = every_table(out)
    command = [sys.executable, "-m", "etl", "--raw", str(raw), "--out", str(out), "import", str(incoming)]
    env = {**os.environ, KILL_AT_VARIABLE: "write.moved_old"}
    assert subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, timeout=300).returncode == 137
    assert not out.exists() and every_table(out) == imported(before)
    assert main(["--raw", str(raw), "--out", str(out)]) == 0
    assert out.is_dir() and leftovers(out) == [] and every_table(out) == imported(before)


def test_leftovers_of_the_former_two_rename_swap_are_repaired(world):
    """Killed between the two renames of the former swap: no out_dir, the old tables aside, a temp folder."""
    raw, out, _ = world
    os.replace(out, out.with_name(".etl-old-processed"))
    (out.parent / ".etl-tmp-abc123").mkdir()
    assert main(["--raw", str(raw), "--out", str(out)]) == 0
    assert leftovers(out) == [] and every_table(out)["appeal"] == 126


def test_readers_follow_the_pointer_while_the_folder_is_replaced(world, tmp_path):
    _, out, _ = world
    version = out.with_name(".etl-tmp-v1")
    shutil.copytree(out, version)
    pointer_path(out).write_text(version.name + "\n", encoding="utf-8")
    shutil.rmtree(out)
    assert app_tables.current_folder(out) == version
    assert every_table(out)["appeal"] == 126
