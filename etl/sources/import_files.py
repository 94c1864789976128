"""Reading an imported displacement file: size, encoding, CSV records, which format its header is.

The first half of `python -m etl import FILE`'s checks (etl/sources/imports.py describes the formats);
etl/sources/import_rows.py then checks every row. Every refusal is a catalogue message naming the file,
row and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from etl.common import EtlError
from etl.messages import Join, Local, Message
from etl.sources.displacement import (
    parse_iso_date,
)

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ["imported_at", "original_name", "stored_name", "sha256", "format", "rows"]
MAX_BYTES = 5 * 1024 * 1024  # 5 MB: far above any admin-1 export, small enough to read at once
SHA_PREFIX = 12  # characters of the sha256 in file names and source ids
SOURCE_PREFIX = "IMPORT-"
SERIES_IMPORT = "import"
SERIES_SITE_ASSESSMENT = "import_site_assessment"
DTM_PUBLISHER = "IOM Displacement Tracking Matrix (DTM)"
MAX_PROBLEMS = 25  # listed in one message; the rest are counted

# (a) The project's own schema: displacement.csv's columns. `series` may be given but is set here.
OWN_REQUIRED = ("as_of", "entity_id", "category", "value", "source_org")
OWN_OPTIONAL = ("admin1", "qualifier", "value_text", "dashboard_no", "note", "source_id", "series")
OWN_FORMAT = "displacement_csv"
# The columns that say "the same figure" (named in duplicate messages).
OWN_KEY_COLUMNS = "as_of, entity_id, admin1, category, source_org/source_id"

# (b) DTM API export (dtmapi.iom.int IdpAdmin0/1/2Data, as HDX publishes it).
DTM_REQUIRED = (
    "operation",
    "admin0Pcode",
    "admin1Name",
    "numPresentIdpInd",
    "reportingDate",
    "roundNumber",
    "assessmentType",
)
DTM_OPTIONAL = (
    "id",
    "admin0Name",
    "admin1Pcode",
    "admin2Name",
    "admin2Pcode",
    "adminLevel",
    "displacementReason",
    "yearReportingDate",
    "monthReportingDate",
    "operationStatus",
    "numberMales",
    "numberFemales",
    "idpOriginAdmin1Name",
    "idpOriginAdmin1Pcode",
    "idpOriginAdmin2Name",
    "idpOriginAdmin2Pcode",
)
DTM_FORMAT = "dtm_api"
DTM_KEY_COLUMNS = "reportingDate, admin0Pcode, admin1Name, operation, roundNumber, assessmentType"
ASSESSMENTS = {"BA": "baseline assessment", "SA": "site assessment"}
# The two formats as a message names them.
FORMAT_NAMES = {
    DTM_FORMAT: Local("DTM API export", "export de l’API de la DTM"),
    OWN_FORMAT: Local("displacement CSV", "CSV de déplacements"),
}
_DTM_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$")
_COUNT = re.compile(r"^\d+(?:\.0+)?$")  # 1234, or 1234.0 as spreadsheets write whole numbers


@dataclass
class ParsedImport:
    """One file read and validated: its displacement rows and what its source row needs."""

    format: str
    rows: pd.DataFrame  # DISPLACEMENT_COLUMNS + "_file_row" (the first file row behind each row)
    title: str
    short_title: str
    publisher: str
    date: str
    notes: list[str] = field(default_factory=list)
    key_columns: str = OWN_KEY_COLUMNS


def source_id_for(sha256: str) -> str:
    return f"{SOURCE_PREFIX}{sha256[:SHA_PREFIX].upper()}"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------------
# Reading a file


def problems_error(problems: list[str]) -> EtlError:
    """One error listing the problems (catalogue messages: English and French), one per line."""
    shown = problems[:MAX_PROBLEMS]
    more = len(problems) - len(shown)
    if more:
        shown.append(Message("etl.import.more_problems", count=more))
    return EtlError(Message("etl.import.problems", lines=Join(shown, "\n")))


def too_large(label: str, size: int) -> EtlError:
    return EtlError(
        Message("etl.import.too_large", label=label, size=size / 1_048_576, limit=MAX_BYTES // 1_048_576)
    )


def check_file_bytes(data: bytes, label: str) -> str:
    """The file as text, or EtlError when it is too large, not a CSV or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise too_large(label, len(data))
    if not data.strip():
        raise EtlError(Message("etl.import.empty", label=label))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EtlError(Message("etl.import.utf16", label=label))
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")) or b"\x00" in data[:4096]:
        raise EtlError(Message("etl.import.binary", label=label))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise EtlError(Message("etl.import.not_utf8", label=label, line=line)) from None
    return text.removeprefix("\ufeff")


def _table_problems(
    header: list[str], header_row: int, body: list[tuple[int, list[str]]], label: str
) -> list[Message]:
    """Frictionless's table checks (blank-label, duplicate-label, missing-cell, extra-cell) of the header and
    rows, as catalogue messages; rows keep their numbers in the file (blank lines and HXL row left out)."""
    from frictionless import Detector, Resource

    resource = Resource(data=[header] + [cells for _, cells in body], detector=Detector(field_type="string"))
    errors = resource.validate(limit_errors=MAX_PROBLEMS * 4).tasks[0].errors
    problems: list[Message] = []
    blank = [e.field_number for e in errors if e.type == "blank-label"]
    if blank:
        problems.append(Message("etl.import.unnamed_column", label=label, row=header_row, column=blank[0]))
    repeated = sorted({e.label for e in errors if e.type == "duplicate-label"})
    if repeated:
        problems.append(
            Message("etl.import.repeated_columns", label=label, row=header_row, columns=_quoted(repeated))
        )
    uneven = sorted({e.row_number for e in errors if e.type in ("missing-cell", "extra-cell")})
    for position in uneven:
        number, cells = body[position - 2]  # Frictionless's row 2 is the first row after the header
        problems.append(
            Message("etl.import.cell_count", label=label, row=number, cells=len(cells), columns=len(header))
        )
    return problems


def read_records(text: str, label: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(row number, cells)]) with the header as row 1; blank lines skipped, numbers kept.

    A second row of HXL hashtags (#country+code, as HDX files carry) is not data and is dropped.
    """
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        raise EtlError(Message("etl.import.not_readable", label=label, error=str(err))) from None
    numbered = [(n, [cell.strip() for cell in rec]) for n, rec in enumerate(records, start=1)]
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    if not numbered:
        raise EtlError(Message("etl.import.empty", label=label))
    header_row, header = numbered[0]
    if len(header) < 2:
        raise EtlError(Message("etl.import.single_column", label=label, row=header_row))
    body = numbered[1:]
    if body and all(cell.startswith("#") for cell in body[0][1] if cell):
        body = body[1:]
    problems = _table_problems(header, header_row, body, label)
    if problems:
        raise problems_error(problems)
    if not body:
        raise EtlError(Message("etl.import.no_data_rows", label=label))
    return header, body


def detect_format(header: list[str], label: str) -> str:
    """Which of the two formats the header is, or EtlError naming the unknown or missing columns."""
    columns = set(header)
    if columns & {"numPresentIdpInd", "admin0Pcode", "assessmentType"}:
        fmt, required, optional = DTM_FORMAT, DTM_REQUIRED, DTM_OPTIONAL
    elif columns & {"as_of", "entity_id", "category", "value"}:
        fmt, required, optional = OWN_FORMAT, OWN_REQUIRED, OWN_OPTIONAL
    else:
        raise EtlError(
            Message(
                "etl.import.not_displacement",
                label=label,
                own=", ".join(OWN_REQUIRED),
                optional=", ".join(OWN_OPTIONAL[:-1]),
                dtm=", ".join(DTM_REQUIRED),
            )
        )
    unknown = [name for name in header if name not in required and name not in optional]
    missing = [name for name in required if name not in columns]
    problems = []
    if unknown:
        problems.append(
            Message(
                "etl.import.unknown_columns",
                label=label,
                columns=_quoted(unknown),
                kind=FORMAT_NAMES[fmt],
                allowed=", ".join(required + optional),
            )
        )
    if missing:
        problems.append(Message("etl.import.missing_columns", label=label, columns=_quoted(missing)))
    if problems:
        raise problems_error(problems)
    return fmt


# --------------------------------------------------------------------------------------------------
# Checks shared by both formats


def _where(label: str, row: int, column: str) -> Message:
    """ "x.csv row 2, column 'value'" (English) / "x.csv ligne 2, colonne « value »" (French)."""
    return Message("etl.import.where", label=label, row=row, column=column)


def _quote(value: str) -> Local:
    """A cell or name quoted as each language quotes it: 'a' / « a »."""
    return Local(repr(value), f"« {value} »")


def _quoted(names: Collection[str]) -> Join:
    """Several names quoted: 'a', 'b' / « a », « b »."""
    return Join([_quote(n) for n in names], ", ")


def _count_problem(raw: str, where: Message) -> Message | None:
    if not raw:
        return Message("etl.import.count_empty", where=where)
    if re.fullmatch(r"-\s*\d+(?:\.\d+)?", raw):
        return Message("etl.import.count_negative", where=where, value=raw)
    if not _COUNT.fullmatch(raw):
        return Message("etl.import.count_not_whole", where=where, value=_quote(raw))
    return None


def _date_problem(raw: str, where: Message) -> Message | None:
    if not raw:
        return Message("etl.import.date_empty", where=where)
    if parse_iso_date(raw) is None:
        return Message("etl.import.date_invalid", where=where, value=_quote(raw))
    return None


def _country_problem(raw: str, where: Message, entities: Collection[str]) -> Message | None:
    if raw.upper() in entities:
        return None
    return Message(
        "etl.import.country_unknown", where=where, value=_quote(raw), allowed=", ".join(sorted(entities))
    )


# --------------------------------------------------------------------------------------------------
