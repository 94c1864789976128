"""Build every table from a raw folder: run the steps of etl/steps.yaml in order, then validate.

Each step's module exposes `build(raw_dir, config, context) -> {table name: frame}`; `context` holds the
tables (and parsed documents) the step declares as inputs. Tables several steps add rows to (the
`shared_tables` of etl/steps.yaml: sources, checks, displacement) are concatenated in step order.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.common import EtlError, load_config
from etl.messages import Message
from etl.validate import load_table_specs, validate_tables
from etl.write import write_tables

STEPS_PATH = Path(__file__).resolve().parent / "steps.yaml"


@dataclass(frozen=True)
class Step:
    """One entry of etl/steps.yaml."""

    name: str
    module: str
    doc: str
    files: tuple[str, ...]  # raw files it reads (documentation)
    inputs: tuple[str, ...]  # tables and results of earlier steps it reads
    outputs: tuple[str, ...]  # tables it writes (described in etl/tables.yaml)
    provides: tuple[str, ...]  # results for later steps only, never written

    def run(self, raw_dir: Path, config: dict, context: dict[str, Any]) -> dict[str, Any]:
        build_function = getattr(importlib.import_module(self.module), "build", None)
        if not callable(build_function):
            raise EtlError(Message("etl.error.step_module", step=self.name, module=self.module))
        produced = build_function(raw_dir, config, context)
        undeclared = sorted(set(produced) - set(self.outputs) - set(self.provides))
        if undeclared:
            tables = ", ".join(undeclared)
            raise EtlError(Message("etl.error.step_output_undeclared", step=self.name, tables=tables))
        return produced


@functools.cache
def load_steps(path: Path = STEPS_PATH) -> tuple[tuple[Step, ...], frozenset[str]]:
    """(steps in run order, shared tables), after checking that every input is written by an earlier step,
    every output is described in etl/tables.yaml and no table but a shared one has two writers."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    shared = frozenset(data.get("shared_tables", []))
    described = set(load_table_specs())
    available: set[str] = {"sources"}  # the documents of etl/config.yaml, cited before any step runs
    written: set[str] = set()
    steps = []
    for name, entry in data["steps"].items():
        inputs = entry.get("inputs") or {}
        step = Step(
            name=name,
            module=entry["module"],
            doc=entry.get("doc", ""),
            files=tuple(inputs.get("files", [])),
            inputs=tuple(inputs.get("tables", [])),
            outputs=tuple(entry.get("outputs", [])),
            provides=tuple(entry.get("provides", [])),
        )
        for table in step.inputs:
            if table not in available:
                raise EtlError(Message("etl.error.step_input_unknown", step=name, table=table))
        for table in step.outputs:
            if table not in described:
                raise EtlError(Message("etl.error.step_output_undescribed", step=name, table=table))
            if table in written and table not in shared:
                raise EtlError(Message("etl.error.two_modules", table=table))
            written.add(table)
        available.update(step.outputs, step.provides)
        steps.append(step)
    return tuple(steps), shared


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
            "short_title_fr": doc.get("short_title_fr", ""),
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
    steps, shared = load_steps()
    context: dict[str, Any] = {"sources": document_sources(config)}
    for step in steps:
        produced = step.run(raw_dir, config, {name: context[name] for name in step.inputs if name in context})
        for name, table in produced.items():
            if name in shared and name in context:
                context[name] = pd.concat([context[name], table], ignore_index=True)
            else:
                context[name] = table
    provided = {name for step in steps for name in step.provides}
    context = {name: value for name, value in context.items() if name not in provided}
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
