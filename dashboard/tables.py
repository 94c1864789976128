"""Read the processed tables with the types their datapackage.json declares. No Streamlit here.

Pages do not call this directly: they go through dashboard.data, which caches it per process.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd

PROCESSED_DIR = Path(__file__).resolve().parent.parent / "data" / "processed"


def default_processed_dir() -> Path:
    """data/processed, or the folder named by WCA_PROCESSED_DIR (tests, benchmarks, a staging copy)."""
    override = os.environ.get("WCA_PROCESSED_DIR")
    return Path(override) if override else PROCESSED_DIR


def current_folder(folder: Path) -> Path:
    """Where the tables of `folder` are right now: while a build replaces the folder, a pointer file beside it
    (.<name>.current, written by etl/write.py) names the complete new version to read instead."""
    pointer = folder.with_name(f".{folder.name}.current")
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return folder
    version = folder.with_name(name)
    if name.startswith(".etl-tmp-") and "/" not in name and version.is_dir():
        return version
    return folder


_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string"}


class TableUnavailable(Exception):
    """A processed table is missing or unreadable; only the pages that need it are affected.
    `repair` names how an operator restores it: "tables" (python -m etl) or "boundaries" (the bundled map
    file, which the build does not write)."""

    def __init__(self, name: str, reason: str, repair: str = "tables"):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.repair = repair


def read_resources(folder: Path | None = None) -> dict[str, dict]:
    """The data package's resources by table name (schema, bytes, hash)."""
    path = current_folder(folder or default_processed_dir()) / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise TableUnavailable("datapackage.json", str(err)) from None
    return {res["name"]: res for res in descriptor["resources"]}


def read_schema(folder: Path | None = None) -> dict[str, dict]:
    return {name: res["schema"] for name, res in read_resources(folder).items()}


def _check_integrity(name: str, path: Path, resource: dict) -> None:
    """The file is exactly what the build wrote (size and sha256 in datapackage.json), not cut or edited."""
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise TableUnavailable(name, f"file {path.name} is missing") from None
    expected = resource.get("hash", "")
    if len(content) != resource.get("bytes", len(content)) or (
        expected and "sha256:" + hashlib.sha256(content).hexdigest() != expected
    ):
        raise TableUnavailable(name, f"file {path.name} is not the one the build wrote (truncated or edited)")


def read_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """One table with typed columns; raises TableUnavailable when missing, empty or not as declared."""
    folder = folder or default_processed_dir()
    where = current_folder(folder)
    try:
        return _read_table(name, where)
    except TableUnavailable:
        if current_folder(folder) == where:
            raise
        return _read_table(name, current_folder(folder))  # a build switched folders while we read: again


def _read_table(name: str, folder: Path) -> pd.DataFrame:
    resource = read_resources(folder).get(name)
    if resource is None:
        raise TableUnavailable(name, "not described in datapackage.json")
    schema = resource["schema"]
    path = folder / f"{name}.csv"
    _check_integrity(name, path, resource)
    fields = schema["fields"]
    dtypes = {f["name"]: _PANDAS_TYPES.get(f["type"], "string") for f in fields if f["type"] != "boolean"}
    try:
        table = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    except FileNotFoundError:
        raise TableUnavailable(name, f"file {path.name} is missing") from None
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise TableUnavailable(name, f"file {path.name} cannot be read ({err})") from None
    expected = [f["name"] for f in fields]
    if list(table.columns) != expected:
        raise TableUnavailable(name, f"file {path.name} does not have the declared columns")
    if table.empty:
        raise TableUnavailable(name, f"file {path.name} has no rows")
    for field in fields:
        if field["type"] == "boolean":
            table[field["name"]] = table[field["name"]].map(
                {"true": True, "false": False, True: True, False: False}
            )
    return table
