"""Reading and validating an OCHA FTS requirements-and-funding file (HDX's columns), row by row.

Shared by the FTS step (etl/sources/fts.py: the file under data/raw/fts/ and every later download kept under
data/raw/imports/) and by `python -m etl import FILE` (etl/sources/import_fts.py), so a file is refused for
the same reasons wherever it is read. Only the region's rows are checked: the global file has negative
"Not specified" amounts elsewhere in the world (data/raw/fts/README.md), which the project never reads.
Every problem is one line naming the file, the row (header = row 1) and the column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.common import EtlError, read_reference_csv
from etl.messages import Local, Message
from etl.sources.import_files import FTS_FORMAT

FTS_COLUMNS = [
    "countryCode",
    "id",
    "name",
    "code",
    "typeId",
    "typeName",
    "startDate",
    "endDate",
    "year",
    "requirements",
    "funding",
    "percentFunded",
]
NOT_SPECIFIED = "Not specified"
# The columns that describe a plan, the same on each of its rows in one file.
PLAN_ATTRIBUTES = ["name", "code", "typeName", "startDate", "endDate", "year"]


@dataclass(frozen=True)
class FtsFile:
    """One FTS file read and validated: every row (text cells, indexed by file row, header = 1), the
    region's rows, the source its rows cite and the date its figures are as of.

    The file under data/raw/fts/ has no import fields; a file kept under data/raw/imports/ has them."""

    source_id: str
    label: str  # the file as messages name it
    as_of: str  # ISO date
    world: pd.DataFrame
    region: pd.DataFrame
    original_name: str = ""
    stored_name: str = ""
    imported_at: str = ""
    sha256: str = ""
    as_of_given: bool = False  # True: the date given at import; False: the import date (or source.yaml)

    @property
    def format(self) -> str:
        """The import format, as imports/manifest.csv names it."""
        return FTS_FORMAT

    @property
    def rows(self) -> pd.DataFrame:
        """The rows the tables read (the manifest's `rows` counts them): the region's."""
        return self.region


def read_fts_csv(path: Path, file_label: str) -> pd.DataFrame:
    """The FTS file as text cells, indexed by spreadsheet row (header = 1); HDX's HXL tag row dropped."""
    frame = read_reference_csv(path, file_label, FTS_COLUMNS)
    unknown = [col for col in frame.columns if col not in FTS_COLUMNS]
    if unknown:
        raise EtlError(
            Message(
                "etl.error.fts.unknown_columns",
                file=file_label,
                columns=", ".join(unknown),
                allowed=", ".join(FTS_COLUMNS),
            )
        )
    frame.index = frame.index + 2
    if len(frame) and frame.iloc[0]["countryCode"].startswith("#"):
        frame = frame.iloc[1:]
    return frame


def _where(file_label: str, row: int, column: str) -> Message:
    return Message("etl.error.fts.where", file=file_label, row=row, column=column)


def row_problems(rows: pd.DataFrame, file_label: str) -> list[Message]:
    """Problems in the region's rows, each naming file, row and column."""
    problems: list[Message] = []
    for row_no, row in rows.iterrows():
        for col in ("requirements", "funding", "percentFunded"):
            value = row[col]
            if re.fullmatch(r"-\d+(\.\d+)?", value):
                problems.append(
                    Message("etl.error.fts.negative", where=_where(file_label, row_no, col), value=value)
                )
            elif value and not value.isdigit():
                problems.append(
                    Message(
                        "etl.error.fts.not_whole", where=_where(file_label, row_no, col), value=repr(value)
                    )
                )
        if not re.fullmatch(r"\d{4}", row["year"]):
            problems.append(
                Message(
                    "etl.error.fts.year", where=_where(file_label, row_no, "year"), value=repr(row["year"])
                )
            )
        if not row["id"]:
            if row["name"] != NOT_SPECIFIED:
                problems.append(
                    Message(
                        "etl.error.fts.no_plan_id",
                        where=_where(file_label, row_no, "id"),
                        name=repr(row["name"]),
                    )
                )
            continue
        if not row["id"].isdigit():
            problems.append(
                Message(
                    "etl.error.fts.plan_id", where=_where(file_label, row_no, "id"), value=repr(row["id"])
                )
            )
        for col in ("startDate", "endDate"):
            if not _is_date(row[col]):
                problems.append(
                    Message("etl.error.fts.date", where=_where(file_label, row_no, col), value=repr(row[col]))
                )
    return problems


def _is_date(value: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _repeated(rows: pd.DataFrame, key: list[str], file_label: str, names: dict[str, Local]) -> list[Message]:
    """One plan twice for a country, or two "Not specified" rows for one country and year."""
    problems = []
    for _, group in rows[rows.duplicated(key, keep=False)].groupby(key, sort=True):
        first = group.iloc[0]
        problems.append(
            Message(
                "etl.error.fts.repeated",
                file=file_label,
                rows=", ".join(map(str, group.index)),
                country=names[first["countryCode"]],
                what=Local(f"plan {first['id']}", f"le plan {first['id']}")
                if first["id"]
                else Local(f"'{NOT_SPECIFIED}'", f"« {NOT_SPECIFIED} »"),
                year=first["year"],
            )
        )
    return problems


def region_problems(region: pd.DataFrame, file_label: str, names: dict[str, Local]) -> list[Message]:
    """Every problem of the region's rows: cells (amounts, year, plan id, dates), then one plan twice for a
    country or two "Not specified" rows for one country and year."""
    plan_rows, outside_rows = region[region["id"] != ""], region[region["id"] == ""]
    problems = row_problems(region, file_label)
    problems += _repeated(plan_rows, ["id", "countryCode"], file_label, names)
    problems += _repeated(outside_rows, ["countryCode", "year"], file_label, names)
    return problems


def check_plan_attributes(plan_rows: pd.DataFrame, file_label: str) -> None:
    """EtlError when the rows of one plan differ in name, code, type, dates or year within one file."""
    differing = plan_rows.groupby("id")[PLAN_ATTRIBUTES].nunique()
    differing = differing[(differing > 1).any(axis=1)]
    if not differing.empty:
        plan_id = differing.index[0]
        columns = [col for col in PLAN_ATTRIBUTES if differing.loc[plan_id, col] > 1]
        raise EtlError(
            Message(
                "etl.error.fts.plan_differs", file=file_label, plan_id=plan_id, columns=", ".join(columns)
            )
        )
