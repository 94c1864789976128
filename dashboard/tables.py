"""Read the processed tables with the types their datapackage.json declares. No Streamlit here.

Pages do not call this directly: they go through dashboard.data, which caches it per process.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

PROCESSED_DIR = Path(__file__).resolve().parent.parent / "data" / "processed"


def default_processed_dir() -> Path:
    """data/processed, or the folder named by WCA_PROCESSED_DIR (tests, benchmarks, a staging copy)."""
    override = os.environ.get("WCA_PROCESSED_DIR")
    return Path(override) if override else PROCESSED_DIR


_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string"}


class TableUnavailable(Exception):
    """A processed table is missing or unreadable; only the pages that need it are affected."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def read_schema(folder: Path | None = None) -> dict[str, dict]:
    path = (folder or default_processed_dir()) / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise TableUnavailable("datapackage.json", str(err)) from None
    return {res["name"]: res["schema"] for res in descriptor["resources"]}


def read_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """One table with typed columns; raises TableUnavailable when missing, empty or not as declared."""
    folder = folder or default_processed_dir()
    schema = read_schema(folder).get(name)
    if schema is None:
        raise TableUnavailable(name, "not described in datapackage.json")
    path = folder / f"{name}.csv"
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
