"""Checks that fail the build: every table against its contract in etl/tables.yaml, through Frictionless.

Each table is rendered as the text the writer will put in its CSV (`cell_text`), and the whole set is
validated as one Frictionless data package (types, required cells, minimum/maximum, allowed values,
primary keys, foreign keys), with the schemas that data/processed/datapackage.json publishes
(`table_schema`). Frictionless's errors become the catalogue's bilingual messages naming table, line,
column and value. Differences the sources themselves publish are not failures; the source modules
record them as `warning` rows of the checks table instead.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.common import EtlError
from etl.messages import Join, Local, Message
from i18n import is_missing

TABLES_SPEC_PATH = Path(__file__).resolve().parent / "tables.yaml"
MAX_PROBLEMS = 25  # listed in one message; the rest are counted
# Digests of table contents that passed validation (with their schema and the tables they reference):
# Frictionless takes ~0.3 ms a row, and most tables are the same from one build or import to the next.
# Only content that passed is recorded, so a changed or broken table is always validated.
VALIDATED_PATH = Path(
    os.environ.get("WCA_ETL_VALIDATED", Path(tempfile.gettempdir()) / "wca-etl-validated.json")
)
# Constraints of etl/tables.yaml passed to Frictionless (and published in datapackage.json).
CONSTRAINTS = ("required", "minimum", "maximum", "enum")


@functools.cache
def load_table_specs(path: Path = TABLES_SPEC_PATH) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def table_columns(name: str) -> list[str]:
    """The columns of a table as etl/tables.yaml declares them, in order (e.g. every `sources` row's)."""
    return [field["name"] for field in load_table_specs()[name]["fields"]]


def table_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """The Frictionless Table Schema of one table of etl/tables.yaml (as datapackage.json publishes it)."""
    fields = []
    for field in spec["fields"]:
        constraints = {k: field[k] for k in CONSTRAINTS if k in field}
        entry = {"name": field["name"], "type": field["type"], "description": field["description"]}
        if field["type"] == "boolean":
            entry.update(trueValues=["true"], falseValues=["false"])
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if spec.get("primary_key"):
        schema["primaryKey"] = spec["primary_key"]
    if spec.get("foreign_keys"):
        schema["foreignKeys"] = [
            {"fields": fk["fields"], "reference": fk["reference"]} for fk in spec["foreign_keys"]
        ]
    return schema


def cell_text(value: Any, kind: str) -> str:
    """A cell as the CSV holds it: empty for unknown, true/false, integers without ".0", floats by repr.

    Steps hand over Python and numpy values; a whole float in an integer column is what pandas makes of
    an integer column with gaps, so it is written as the integer. Anything else is written as it is and
    left to Frictionless to judge."""
    if is_missing(value) or (isinstance(value, str) and value == ""):
        return ""
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if kind == "number" and not isinstance(value, (bool, str)):
        return repr(float(value))
    if kind == "boolean" and str(value) in ("True", "False", "true", "false"):
        return str(value).lower()
    return str(value)


def _typed(text: str, kind: str) -> Any:
    """A validated cell in its Python type (integers as int, never through float)."""
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text == "true"
    return text


# The types of etl/tables.yaml, as a message names them.
_KINDS = {
    "integer": Local("integer", "nombre entier"),
    "number": Local("number", "nombre"),
    "boolean": Local("boolean", "booléen (true ou false)"),
    "date": Local("date", "date (AAAA-MM-JJ)"),
    "string": Local("string", "texte"),
}


def _names(columns: list[str]) -> Local:
    """['a', 'b'] as the message has always written it; none: none / aucune."""
    return Local(str(columns), str(columns)) if columns else Local("none", "aucune")


def _where(table: str, row: int, column: str) -> Message:
    return Message("etl.error.where_table", table=table, row=row, column=column)


def _problem(table: str, error: Any, spec: dict[str, Any]) -> Message:
    """One Frictionless error as a catalogue message naming table, line, column and value."""
    kind = error.type
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", "")
    cell = getattr(error, "cell", "")
    field = next((f for f in spec["fields"] if f["name"] == column), {})
    if kind == "type-error":
        return Message(
            "etl.error.cell_type",
            where=_where(table, row, column),
            value=repr(cell),
            kind=_KINDS[field["type"]],
        )
    if kind == "constraint-error":
        constraint = next((c for c in CONSTRAINTS if f'constraint "{c}"' in error.note), "")
        where = _where(table, row, column)
        if constraint == "required":
            return Message("etl.error.cell_required", where=where, column=column)
        if constraint in ("minimum", "maximum"):
            return Message(f"etl.error.cell_{constraint}", where=where, value=cell, limit=field[constraint])
        if constraint == "enum":
            return Message(
                "etl.error.cell_enum",
                where=where,
                value=repr(cell),
                allowed=", ".join(map(str, field["enum"])),
            )
    if kind == "primary-key":
        key = spec["primary_key"]
        values = [error.cells[[f["name"] for f in spec["fields"]].index(name)] for name in key]
        return Message(
            "etl.error.duplicate_key", table=table, row=row, values=str(dict(zip(key, values, strict=True)))
        )
    if kind == "foreign-key":
        (column,) = error.field_names
        (target_column,) = error.reference_field_names
        return Message(
            "etl.error.foreign_key",
            where=_where(table, row, column),
            value=repr(error.field_cells[0]),
            column=target_column,
            target=error.reference_name or table,
        )
    return Message("etl.error.table_problem", table=table, row=row or "-", error=kind, note=error.message)


def _text_rows(table: pd.DataFrame, spec: dict[str, Any]) -> list[list[str]]:
    kinds = [next(f["type"] for f in spec["fields"] if f["name"] == col) for col in table.columns]
    return [
        [cell_text(value, kind) for value, kind in zip(row, kinds, strict=True)]
        for row in table.itertuples(index=False)
    ]


def validate_tables(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], int]:
    """Every table checked against its contract; returns (tables with exactly the contract's columns, each
    cell in its Python type; references checked). Raises EtlError listing the problems found."""

    specs = load_table_specs()
    unknown = sorted(set(tables) - set(specs))
    absent = sorted(set(specs) - set(tables))
    if unknown or absent:
        raise EtlError(Message("etl.error.tables_differ", absent=str(absent), unknown=str(unknown)))
    for name, spec in specs.items():
        expected = [field["name"] for field in spec["fields"]]
        columns = list(tables[name].columns)
        if columns != expected:  # Frictionless's missing-label / extra-label, said once per table
            missing = [col for col in expected if col not in columns]
            extra = [col for col in columns if col not in expected]
            raise EtlError(
                Message(
                    "etl.error.columns_differ", table=name, missing=_names(missing), unexpected=_names(extra)
                )
            )
    texts = {name: _text_rows(tables[name], spec) for name, spec in specs.items()}
    digests = _content_digests(specs, texts)
    validated = _read_validated()
    known = set(validated)
    pending = [name for name in specs if digests[name] not in known]
    problems = _frictionless_problems(specs, texts, pending) if pending else []
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(Message("etl.import.more_problems", count=len(problems) - MAX_PROBLEMS))
        raise EtlError(Message("etl.import.problems", lines=Join(shown, "\n")))
    _record_validated(validated, [digests[name] for name in pending])
    conformed = {}
    references = 0
    for name, spec in specs.items():
        kinds = [field["type"] for field in spec["fields"]]
        columns = list(zip(*texts[name], strict=True)) or [() for _ in kinds]
        conformed[name] = pd.DataFrame(
            {
                field["name"]: pd.Series([_typed(text, kind) for text in cells], dtype=object)
                for field, kind, cells in zip(spec["fields"], kinds, columns, strict=True)
            }
        )
        for fk in spec.get("foreign_keys", []):
            references += sum(1 for text in conformed[name][fk["fields"][0]] if text is not None)
    return conformed, references


def _frictionless_problems(
    specs: dict[str, dict[str, Any]], texts: dict[str, list[list[str]]], pending: list[str]
) -> list[Message]:
    """Frictionless's findings for the `pending` tables, as messages; every table is in the package so that
    foreign keys resolve."""
    from frictionless import Package, Resource, Schema  # its import takes most of a second: only here

    package = Package(
        resources=[
            Resource(
                name=name,
                data=[[field["name"] for field in spec["fields"]], *texts[name]],
                schema=Schema.from_descriptor(_validation_schema(spec)),
            )
            for name, spec in specs.items()
        ]
    )
    problems: list[Message] = []
    for name in pending:
        report = package.get_resource(name).validate(limit_errors=MAX_PROBLEMS + 1)
        problems += [_problem(name, error, specs[name]) for task in report.tasks for error in task.errors]
    return problems


def _validation_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """table_schema, with geojson cells checked as text: Frictionless validates each against the GeoJSON
    JSON Schema (~90 ms a polygon); the boundaries step has already checked every geometry with shapely."""
    schema = table_schema(spec)
    for field in schema["fields"]:
        if field["type"] == "geojson":
            field["type"] = "string"
    return schema


def _content_digests(specs: dict[str, dict[str, Any]], texts: dict[str, list[list[str]]]) -> dict[str, str]:
    """A digest per table of its schema and cells, combined with those of the tables it references."""
    own = {
        name: hashlib.blake2b(
            json.dumps([name, table_schema(spec), texts[name]], ensure_ascii=False).encode(), digest_size=16
        ).hexdigest()
        for name, spec in specs.items()
    }
    combined = {}
    for name, spec in specs.items():
        referenced = sorted({fk["reference"]["resource"] or name for fk in spec.get("foreign_keys", [])})
        parts = [own[name], *(own[ref] for ref in referenced if ref in own)]
        combined[name] = hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()
    return combined


VALIDATED_KEPT = 5000  # the most recent digests (tests build many edited copies)


def _read_validated() -> list[str]:
    try:
        kept = json.loads(VALIDATED_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [d for d in kept if isinstance(d, str)] if isinstance(kept, list) else []


def _record_validated(validated: list[str], new: list[str]) -> None:
    """Oldest first, newest kept; written whole and swapped in (a concurrent build may lose an entry,
    never corrupt the file)."""
    if not new:
        return
    kept = [d for d in validated if d not in set(new)] + new
    try:
        with tempfile.NamedTemporaryFile("w", dir=VALIDATED_PATH.parent, delete=False, suffix=".tmp") as fh:
            json.dump(kept[-VALIDATED_KEPT:], fh)
        os.replace(fh.name, VALIDATED_PATH)
    except OSError:
        pass
