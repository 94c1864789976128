"""The only ETL code that touches data/processed/: write a complete, validated folder, then swap it in.

A failed build never reaches this module, and a failure while writing leaves the previous
folder in place, so the app always reads a consistent set of tables.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from etl.validate import load_table_specs, table_schema
from i18n import is_missing

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


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Write every table and datapackage.json into a temporary sibling folder, then swap it into out_dir."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".etl-tmp-", dir=out_dir.parent))
    try:
        for name, table in tables.items():
            write_csv(table, staging / f"{name}.csv")
        descriptor = datapackage_descriptor(tables)
        # Size and checksum of each file, so a reader can tell a truncated or edited table from a good one.
        for resource in descriptor["resources"]:
            content = (staging / resource["path"]).read_bytes()
            resource["bytes"] = len(content)
            resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        (staging / "datapackage.json").write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        backup = out_dir.with_name(f".etl-old-{out_dir.name}")
        if backup.exists():
            shutil.rmtree(backup)
        if out_dir.exists():
            os.replace(out_dir, backup)
        os.replace(staging, out_dir)
        if backup.exists():
            shutil.rmtree(backup)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
