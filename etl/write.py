"""The only ETL code that touches data/processed/: write a complete, validated folder, then swap it in.

A failed build never reaches this module. The new folder is written beside out_dir (.etl-tmp-*), then a
pointer file (.<name>.current, switched with os.replace) sends readers (dashboard/tables.py) to it while
out_dir is replaced by a copy of it, and is removed afterwards. A process killed at any moment leaves
readers one complete set of tables, old or new; the next write (`python -m etl`, an import) finishes or
undoes what was left (`recover_tables`).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from etl.common import checkpoint
from etl.validate import load_table_specs, table_schema
from i18n import is_missing

try:  # POSIX file locks; elsewhere (Windows) writes simply run unlocked
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

PACKAGE_NAME = "wca-displacement-response"


def _cell(value: Any) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """UTF-8 CSV with \\n line ends and canonical cell text, so rebuilds are byte for byte."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(table.columns)
        for row in table.itertuples(index=False):
            writer.writerow([_cell(v) for v in row])


def datapackage_descriptor(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Frictionless data package descriptor of the tables, from etl/tables.yaml and the sources table."""
    specs = load_table_specs()
    sources = tables["sources"].set_index("source_id")
    resources = []
    for name, spec in specs.items():
        schema = table_schema(spec)
        cited = sorted(set(tables[name]["source_id"].dropna())) if "source_id" in tables[name] else []
        resource = {
            "name": name,
            "path": f"{name}.csv",
            "title": spec["title"],
            "description": spec["description"],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": schema,
        }
        if cited and name != "sources":
            resource["sources"] = [
                {
                    "title": sources.loc[sid, "title"],
                    "path": sources.loc[sid, "url"] or sources.loc[sid, "file"] or "",
                }
                for sid in cited
            ]
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "West and Central Africa displacement and response",
        "description": (
            "Tables built by `python -m etl` from the documents in data/raw/ (see data/raw/SOURCES.md); "
            "each row cites its source in source_id, and each source keeps its own terms of use."
        ),
        "resources": resources,
    }


def pointer_path(out_dir: Path) -> Path:
    """The small file that, while a new version is being moved into out_dir, names the folder holding it.

    dashboard/tables.py reads through it: when it exists, the tables are read from the folder it names."""
    return out_dir.with_name(f".{out_dir.name}.current")


def _point(out_dir: Path, version: Path | None) -> None:
    """Switch readers to `version` (or back to out_dir itself) in one atomic step."""
    pointer = pointer_path(out_dir)
    if version is None:
        pointer.unlink(missing_ok=True)
        return
    staging = pointer.with_name(pointer.name + ".tmp")
    staging.write_text(version.name + "\n", encoding="utf-8")
    os.replace(staging, pointer)


def _settle(out_dir: Path, version: Path) -> None:
    """Make out_dir a copy of `version` while readers read `version` through the pointer, then point them
    back at out_dir. Every moment leaves one complete set of tables for readers."""
    fresh = out_dir.with_name(f".etl-new-{out_dir.name}")
    backup = out_dir.with_name(f".etl-old-{out_dir.name}")
    for leftover in (fresh, backup):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(version, fresh)
    checkpoint("write.copied")
    if out_dir.exists():
        os.replace(out_dir, backup)
    checkpoint("write.moved_old")
    os.replace(fresh, out_dir)
    checkpoint("write.moved_new")
    _point(out_dir, None)
    checkpoint("write.unpointed")
    shutil.rmtree(version)
    checkpoint("write.removed_version")
    if backup.exists():
        shutil.rmtree(backup)


def recover_tables(out_dir: Path) -> bool:
    """Finish a swap an interrupted run left half done and remove its leftovers; True if there were any.

    Safe at any moment of an earlier run: the pointer is only written once the folder it names is complete,
    so that folder becomes out_dir; without a pointer out_dir is complete (or, after a run of the former
    two-rename swap, its previous version waits in .etl-old-<name>)."""
    out_dir = out_dir.resolve()
    pointer = pointer_path(out_dir)
    found = False
    if pointer.exists():
        version = out_dir.with_name(pointer.read_text(encoding="utf-8").strip())
        if version.name.startswith(".etl-tmp-") and (version / "datapackage.json").is_file():
            _settle(out_dir, version)
        else:
            _point(out_dir, None)
        found = True
    backup = out_dir.with_name(f".etl-old-{out_dir.name}")
    if not out_dir.exists() and backup.is_dir():
        os.replace(backup, out_dir)
        found = True
    leftovers = [
        *out_dir.parent.glob(".etl-tmp-*"),
        *out_dir.parent.glob(f".etl-???-{out_dir.name}"),
        pointer.with_name(pointer.name + ".tmp"),
    ]
    for leftover in leftovers:
        if leftover.is_dir():
            shutil.rmtree(leftover)
            found = True
        elif leftover.exists():
            leftover.unlink()
            found = True
    return found


def writing(out_dir: Path) -> contextlib.AbstractContextManager[None]:
    """One writer at a time for out_dir (a build and an import, or two imports, never interleave)."""
    return folder_lock("tables", out_dir)


@contextlib.contextmanager
def folder_lock(kind: str, folder: Path) -> Iterator[None]:
    """An exclusive lock for one job on one folder, in the system temp folder (nothing left in the folder)."""
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"wca-{kind}-{key}.lock"
    if fcntl is None:  # pragma: no cover
        yield
        return
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Write every table and datapackage.json into a new folder, then make it out_dir without a moment in
    which readers find no complete set of tables (readers follow the pointer while out_dir is replaced)."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with writing(out_dir):
        recover_tables(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=".etl-tmp-", dir=out_dir.parent))
        try:
            for name, table in tables.items():
                write_csv(table, staging / f"{name}.csv")
            descriptor = datapackage_descriptor(tables)
            # Size and checksum of each file: a reader tells a truncated or edited table from a good one.
            for resource in descriptor["resources"]:
                content = (staging / resource["path"]).read_bytes()
                resource["bytes"] = len(content)
                resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
            (staging / "datapackage.json").write_text(
                json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        except BaseException:
            shutil.rmtree(staging)
            raise
        checkpoint("write.staged")
        _point(out_dir, staging)
        checkpoint("write.pointed")
        _settle(out_dir, staging)
