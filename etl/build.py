"""Build every table from a raw folder: run the source modules in order, then validate.

Each source module exposes `build(raw_dir, config, context) -> {table name: frame}`; tables
returned by several modules under one name (sources, checks) are concatenated.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.common import EtlError, load_config
from etl.messages import Message
from etl.validate import load_table_specs, validate_tables
from etl.write import write_tables

# Order matters: later modules read earlier tables from `context` (entities before everything else).
SOURCE_MODULES = (
    "etl.sources.entities",
    "etl.sources.appeal",
    "etl.sources.priorities",
    "etl.sources.themes",
    "etl.sources.displacement",
    "etl.sources.imports",
    "etl.sources.funding",
    "etl.sources.events",
    "etl.sources.idmc",
    "etl.sources.unhcr",
)
# Tables several modules add rows to (imports add displacement rows after the reference ones).
CONCATENATED = ("sources", "checks", "displacement")


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    references_checked: int
    checks: pd.DataFrame = field(repr=False)

    def summary(self) -> str:
        lines = ["Tables:"]
        for name, table in self.tables.items():
            lines.append(f"  {name + '.csv':<24}{len(table):>6} rows")
        passed = int((self.checks["status"] == "pass").sum())
        warnings = self.checks[self.checks["status"] == "warning"]
        lines.append(
            f"Checks: every table matches etl/tables.yaml; {self.references_checked} key references resolve; "
            f"{passed} source checks passed; {len(warnings)} warnings the sources themselves publish:"
        )
        lines += [f"  ! {row.message}" for row in warnings.itertuples()]
        return "\n".join(lines)


def document_sources(config: dict) -> pd.DataFrame:
    """Sources rows for the documents named in etl/config.yaml."""
    rows = [
        {
            "source_id": doc["source_id"],
            "title": doc["title"],
            "short_title": doc.get("short_title", ""),
            "publisher": doc["publisher"],
            "date": doc["date"],
            "date_note": doc.get("date_note", ""),
            "url": doc.get("url", ""),
            "file": f"data/raw/{doc['file']}",
        }
        for doc in config["documents"].values()
    ]
    return pd.DataFrame(rows)


def build_tables(raw_dir: Path, config: dict | None = None) -> BuildResult:
    """All tables, validated against etl/tables.yaml; raises EtlError with a plain message on failure."""
    config = config or load_config()
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise EtlError(Message("etl.error.raw_folder_missing", folder=str(raw_dir)))
    context: dict[str, pd.DataFrame] = {"sources": document_sources(config)}
    for module_name in SOURCE_MODULES:
        module = importlib.import_module(module_name)
        for name, table in module.build(raw_dir, config, context).items():
            if name in CONCATENATED and name in context:
                context[name] = pd.concat([context[name], table], ignore_index=True)
            elif name in context:
                raise EtlError(Message("etl.error.two_modules", table=name))
            else:
                context[name] = table
    sources = context["sources"].reindex(columns=[f["name"] for f in load_table_specs()["sources"]["fields"]])
    context["sources"] = sources.sort_values("source_id", kind="stable").reset_index(drop=True)
    context["checks"] = context["checks"].reset_index(drop=True)
    ordered = {name: context[name] for name in load_table_specs() if name in context}
    ordered.update({name: table for name, table in context.items() if name not in ordered})
    tables, references = validate_tables(ordered)
    return BuildResult(tables=tables, references_checked=references, checks=tables["checks"])


def write_build_info(path: Path) -> None:
    """Record the build time for the dashboard's "data as of" footer."""
    built_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    path.write_text(json.dumps({"built_at": built_at}) + "\n", encoding="utf-8")


def run(raw_dir: Path, out_dir: Path) -> BuildResult:
    """Build, validate and only then replace out_dir; on any error out_dir is left as it was."""
    result = build_tables(raw_dir)
    write_tables(result.tables, out_dir)
    return result
