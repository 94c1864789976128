"""Checks that fail the build: every table against its contract in etl/tables.yaml.

Differences the sources themselves publish are not failures; the source modules record them
as `warning` rows of the checks table instead.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.common import EtlError
from etl.messages import Local, Message
from i18n import is_missing

TABLES_SPEC_PATH = Path(__file__).resolve().parent / "tables.yaml"
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BOOLEAN_VALUES = {True: True, False: False, "True": True, "False": False, "true": True, "false": False}


@functools.cache
def load_table_specs(path: Path = TABLES_SPEC_PATH) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _is_empty(value: Any) -> bool:
    """An empty cell: unknown (i18n.is_missing) or an empty text."""
    return is_missing(value) or value == ""


# The types of etl/tables.yaml, as a message names them.
_KINDS = {
    "integer": Local("integer", "nombre entier"),
    "number": Local("number", "nombre"),
    "boolean": Local("boolean", "booléen (True ou False)"),
    "date": Local("date", "date (AAAA-MM-JJ)"),
    "string": Local("string", "texte"),
}


def _kind(kind: str) -> Local:
    return _KINDS.get(kind, Local(kind))


def _names(columns: list[str]) -> Local:
    """['a', 'b'] as the message has always written it; none: none / aucune."""
    return Local(str(columns), str(columns)) if columns else Local("none", "aucune")


def _where(table: str, row: int, column: str) -> Message:
    return Message("etl.error.where_table", table=table, row=row, column=column)


def _coerce_cell(value: Any, field: dict[str, Any], where: tuple[str, int]) -> Any:
    """Return the cell in its canonical Python type, or raise naming table, row and column.

    `where` is (table, row number); the message is only written when there is a problem."""
    if _is_empty(value):
        if field.get("required"):
            raise EtlError(
                Message("etl.error.cell_required", where=_where(*where, field["name"]), column=field["name"])
            )
        return None
    kind = field["type"]
    try:
        if kind == "integer":
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            result: Any = int(value)
        elif kind == "number":
            result = float(value)
        elif kind == "boolean":
            result = BOOLEAN_VALUES[value]
        elif kind == "date":
            result = str(value)
            if not DATE_PATTERN.match(result):
                raise ValueError
            pd.Timestamp(result)  # rejects impossible dates such as 2023-02-30
        else:
            result = str(value)
    except (ValueError, KeyError, TypeError):
        raise EtlError(
            Message(
                "etl.error.cell_type",
                where=_where(*where, field["name"]),
                value=repr(value),
                kind=_kind(kind),
            )
        ) from None
    if "minimum" in field and result < field["minimum"]:
        raise EtlError(
            Message(
                "etl.error.cell_minimum",
                where=_where(*where, field["name"]),
                value=result,
                minimum=field["minimum"],
            )
        )
    if "enum" in field and result not in field["enum"]:
        raise EtlError(
            Message(
                "etl.error.cell_enum",
                where=_where(*where, field["name"]),
                value=repr(result),
                allowed=", ".join(map(str, field["enum"])),
            )
        )
    return result


def conform_table(name: str, table: pd.DataFrame, spec: dict[str, Any]) -> pd.DataFrame:
    """The table with exactly the contract's columns, in order, each cell checked and typed."""
    expected = [field["name"] for field in spec["fields"]]
    missing = [col for col in expected if col not in table.columns]
    extra = [col for col in table.columns if col not in expected]
    if missing or extra:
        raise EtlError(
            Message("etl.error.columns_differ", table=name, missing=_names(missing), unexpected=_names(extra))
        )
    columns = {}
    for field in spec["fields"]:
        col = field["name"]
        columns[col] = [
            _coerce_cell(value, field, (name, i + 1)) for i, value in enumerate(table[col].tolist())
        ]
    # object columns keep integers as integers next to empty cells (no 25 -> 25.0)
    conformed = pd.DataFrame({col: pd.Series(values, dtype=object) for col, values in columns.items()})
    key = spec.get("primary_key")
    if key:
        duplicated = conformed[conformed.duplicated(subset=key, keep=False)]
        if not duplicated.empty:
            first = duplicated.iloc[0][key].tolist()
            raise EtlError(
                Message("etl.error.duplicate_key", table=name, key=str(dict(zip(key, first, strict=True))))
            )
    return conformed


def check_foreign_keys(tables: dict[str, pd.DataFrame], specs: dict[str, dict[str, Any]]) -> int:
    """Raise when a key does not resolve; return how many references were checked."""
    checked = 0
    for name, spec in specs.items():
        for fk in spec.get("foreign_keys", []):
            (col,) = fk["fields"]
            target = fk["reference"]["resource"]
            (target_col,) = fk["reference"]["fields"]
            known = set(tables[target][target_col].dropna())
            values = tables[name][col]
            for i, value in enumerate(values.tolist()):
                if _is_empty(value):
                    continue
                checked += 1
                if value not in known:
                    raise EtlError(
                        Message(
                            "etl.error.foreign_key",
                            where=_where(name, i + 1, col),
                            value=repr(value),
                            column=target_col,
                            target=target,
                        )
                    )
    return checked


def validate_tables(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], int]:
    """Conform every table to its contract and resolve every key. Returns (tables, references checked)."""
    specs = load_table_specs()
    unknown = sorted(set(tables) - set(specs))
    absent = sorted(set(specs) - set(tables))
    if unknown or absent:
        raise EtlError(Message("etl.error.tables_differ", absent=str(absent), unknown=str(unknown)))
    conformed = {name: conform_table(name, tables[name], specs[name]) for name in specs}
    return conformed, check_foreign_keys(conformed, specs)
