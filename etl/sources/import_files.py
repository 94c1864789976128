"""Reading an imported displacement file: size, encoding, CSV records, which format its header is, and
each cell checked by the type etl/import_formats.yaml gives its column.

The first half of `python -m etl import FILE`'s checks; etl/sources/import_rows.py then maps each format's
rows to displacement rows. Every refusal is a catalogue message naming the file, row and column.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import charset_normalizer
import pandas as pd
import yaml

from etl.common import EtlError
from etl.messages import Join, Local, Message
from etl.sources.displacement import CATEGORIES, QUALIFIERS, parse_iso_date

FORMATS_PATH = Path(__file__).resolve().parent.parent / "import_formats.yaml"
MANIFEST_NAME = "manifest.csv"
# The columns every manifest has; etl/sources/imports.py's MANIFEST_OPTIONAL adds as_of (the as-of date
# given at import, `--as-of`, OCHA FTS files only) and countries (`--countries`), empty otherwise.
MANIFEST_COLUMNS = ["imported_at", "original_name", "stored_name", "sha256", "format", "rows"]
MAX_BYTES = 5 * 1024 * 1024  # 5 MB: far above any admin-1 export, small enough to read at once
SHA_PREFIX = 12  # characters of the sha256 in file names and source ids
SOURCE_PREFIX = "IMPORT-"
SERIES_IMPORT = "import"
SERIES_SITE_ASSESSMENT = "import_site_assessment"
DTM_PUBLISHER = "IOM Displacement Tracking Matrix (DTM)"
MAX_PROBLEMS = 25  # listed in one message; the rest are counted
OWN_FORMAT = "displacement_csv"  # the columns of displacement.csv
DTM_FORMAT = "dtm_api"  # a DTM API export
HAPI_FORMAT = "hapi_idps"  # HDX HAPI's IDPs table (the same DTM figures, reasons already added up)
DTM_FORMATS = (DTM_FORMAT, HAPI_FORMAT)  # one row per area, operation, round and assessment type
SERIES_DASHBOARD = "dtm_lcb_dashboard"  # the DTM Lake Chad Basin dashboards (etl/sources/displacement.py)
FTS_FORMAT = "fts_requirements_funding"  # an OCHA FTS download: read by the FTS step, not here
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$")
_COUNT = re.compile(r"^(\d+)(?:\.0+)?$")  # 1234, or 1234.0 as spreadsheets write whole numbers
# Lists a `code` column may take its allowed values from (allowed_from in etl/import_formats.yaml).
_ALLOWED_FROM = {"categories": CATEGORIES, "qualifiers": QUALIFIERS}


@dataclass(frozen=True)
class ImportFormat:
    """One entry of etl/import_formats.yaml."""

    id: str
    name: Local
    detect_by: tuple[str, ...]
    key_columns: str
    mapping: str
    columns: Mapping[str, Mapping[str, Any]]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, column in self.columns.items() if column.get("required"))

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(name for name, column in self.columns.items() if not column.get("required"))


@functools.cache
def _formats_file(path: Path = FORMATS_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_formats() -> dict[str, ImportFormat]:
    """The accepted formats by id, in the order a header is matched against them."""
    return {
        fmt_id: ImportFormat(
            id=fmt_id,
            name=Local(entry["name"]["en"], entry["name"]["fr"]),
            detect_by=tuple(entry["detect_by"]),
            key_columns=entry["key_columns"],
            mapping=entry["mapping"],
            columns=entry["columns"],
        )
        for fmt_id, entry in _formats_file()["formats"].items()
    }


def max_people() -> int:
    """The ceiling of any count of people in one row (etl/import_formats.yaml explains it)."""
    return int(_formats_file()["max_people"])


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
    key_columns: str = ""
    short_title_fr: str = ""  # the short title in French (the sources table's short_title_fr)


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


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: CSV text in it has a zero byte in every other position."""
    if len(head) < 4 or b"\x00" not in head:
        return False
    even, odd = head[0::2], head[1::2]
    for zeros, text in ((even, odd), (odd, even)):  # big-endian, little-endian
        if zeros.count(0) > 0.9 * len(zeros) and text.count(0) < 0.1 * len(text):
            return not data_is_binary(head)
    return False


def data_is_binary(head: bytes) -> bool:
    """A spreadsheet, PDF or other binary file, by its first bytes."""
    return head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF"))


def check_file_bytes(data: bytes, label: str) -> str:
    """The file as text, or EtlError when it is too large, not a CSV or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise too_large(label, len(data))
    if not data.strip():
        raise EtlError(Message("etl.import.empty", label=label))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data[:4096]):
        raise EtlError(Message("etl.import.utf16", label=label))
    if data_is_binary(data) or b"\x00" in data[:4096]:
        raise EtlError(Message("etl.import.binary", label=label))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        guess = charset_normalizer.from_bytes(data[:65536]).best()
        unknown = Local("an unknown encoding", "un encodage inconnu")
        encoding = guess.encoding.replace("_", "-") if guess else unknown
        raise EtlError(Message("etl.import.not_utf8", label=label, line=line, encoding=encoding)) from None
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


def detect_format(header: list[str], label: str) -> ImportFormat:
    """The format of etl/import_formats.yaml the header is; EtlError naming unknown or missing columns."""
    formats = load_formats()
    fmt = next((f for f in formats.values() if set(header) & set(f.detect_by)), None)
    if fmt is None:
        own, dtm, hapi = formats[OWN_FORMAT], formats[DTM_FORMAT], formats[HAPI_FORMAT]
        raise EtlError(
            Message(
                "etl.import.not_displacement",
                label=label,
                own=", ".join(own.required),
                optional=", ".join(name for name in own.optional if own.columns[name]["type"] != "fixed"),
                dtm=", ".join(dtm.required),
                hapi=", ".join(hapi.required),
            )
        )
    unknown = [name for name in header if name not in fmt.columns]
    missing = [name for name in fmt.required if name not in header]
    problems = []
    if unknown:
        problems.append(
            Message(
                "etl.import.unknown_columns",
                label=label,
                columns=_quoted(unknown),
                kind=fmt.name,
                allowed=", ".join(fmt.required + fmt.optional),
            )
        )
    if missing:
        problems.append(Message("etl.import.missing_columns", label=label, columns=_quoted(missing)))
    if problems:
        raise problems_error(problems)
    return fmt


# --------------------------------------------------------------------------------------------------
# Countries: a multi-country export is summarised per country, or filtered with --countries


def _country_column(fmt: ImportFormat, header: list[str]) -> str | None:
    return next((n for n, c in fmt.columns.items() if c["type"] == "country" and n in header), None)


def _per_country(codes: list[tuple[str, int]]) -> Join:
    """'AFG' 300 row(s) (first: row 3), ... one entry per country, the most rows first."""
    counts: dict[str, list[int]] = {}
    for code, number in codes:
        counts.setdefault(code, []).append(number)
    ordered = sorted(counts.items(), key=lambda item: (-len(item[1]), item[0]))
    return Join(
        [Message("etl.import.country_rows", country=_quote(c), rows=len(n), first=n[0]) for c, n in ordered],
        ", ",
    )


def select_countries(
    fmt: ImportFormat,
    header: list[str],
    body: list[tuple[int, list[str]]],
    label: str,
    *,
    entities: Collection[str],
    countries: Collection[str] | None = None,
) -> tuple[list[tuple[int, list[str]]], list[Message], list[Message]]:
    """(rows kept, problems, notes) by the rows' country.

    Without `countries`, rows of countries outside the region are summarised in one problem (one entry per
    country with its row count, not one line per row) and dropped from the rows checked further, so the
    other problems are still listed. With `countries` (`--countries NGA,TCD`), only those countries' rows
    are kept and a note says how many rows of which countries were left out."""
    column = _country_column(fmt, header)
    if column is None:
        return body, [], []
    index = header.index(column)
    basin = fmt.columns[column].get("basin")
    region = {e.upper() for e in entities} | ({basin} if basin else set())
    if countries is not None:
        wanted = [c.strip().upper() for c in countries if c.strip()]
        unknown = [c for c in wanted if c not in region]
        if unknown or not wanted:
            allowed = ", ".join(sorted(region))
            return (
                body,
                [Message("etl.import.countries_unknown", countries=_quoted(unknown), allowed=allowed)],
                [],
            )
        kept = [(n, cells) for n, cells in body if cells[index].upper() in wanted]
        left = [(cells[index].upper() or "-", n) for n, cells in body if cells[index].upper() not in wanted]
        if not kept:
            return (
                body,
                [Message("etl.import.countries_no_rows", label=label, countries=", ".join(wanted))],
                [],
            )
        notes = [Message("etl.import.countries_kept", countries=", ".join(wanted), rows=len(left),
                         by=_per_country(left) if left else "-")]  # fmt: skip
        return kept, [], notes
    outside = [
        (cells[index].upper(), n) for n, cells in body if cells[index] and cells[index].upper() not in region
    ]
    if not outside:
        return body, [], []
    inside = sorted({cells[index].upper() for _, cells in body if cells[index].upper() in region} - {""})
    problem = Message(
        "etl.import.outside_region",
        label=label,
        column=column,
        rows=len(outside),
        countries=len({code for code, _ in outside}),
        by=_per_country(outside),
        allowed=", ".join(sorted(region)),
        hint=Message("etl.import.outside_region_hint", countries=",".join(inside))
        if inside
        else Message("etl.import.outside_region_none"),
    )
    kept = [(n, cells) for n, cells in body if not cells[index] or cells[index].upper() in region]
    return kept, [problem], []


# --------------------------------------------------------------------------------------------------
# Cells, checked by their column's type in etl/import_formats.yaml


def _where(label: str, row: int, column: str) -> Message:
    """ "x.csv row 2, column 'value'" (English) / "x.csv ligne 2, colonne « value »" (French)."""
    return Message("etl.import.where", label=label, row=row, column=column)


def _quote(value: str) -> Local:
    """A cell or name quoted as each language quotes it: 'a' / « a »."""
    return Local(repr(value), f"« {value} »")


def _quoted(names: Collection[str]) -> Join:
    """Several names quoted: 'a', 'b' / « a », « b »."""
    return Join([_quote(n) for n in names], ", ")


def _count(raw: str, place: tuple[str, int, str]) -> tuple[int | None, Message | None]:
    """A count of people as an exact integer (digits read as digits, never through float)."""
    if not raw:
        return None, Message("etl.import.count_empty", where=_where(*place))
    if re.fullmatch(r"-\s*\d+(?:\.\d+)?", raw):
        return None, Message("etl.import.count_negative", where=_where(*place), value=raw)
    match = _COUNT.fullmatch(raw)
    if not match:
        return None, Message("etl.import.count_not_whole", where=_where(*place), value=_quote(raw))
    value = int(match.group(1))
    if value > max_people():
        return None, Message(
            "etl.import.count_too_large", where=_where(*place), value=match.group(1), limit=max_people()
        )
    return value, None


def _cell(
    raw: str,
    column: Mapping[str, Any],
    place: tuple[str, int, str],
    entities: Collection[str],
    known_sources: Collection[str],
) -> tuple[Any, Message | None]:
    """(the cell's value, None) or (None, the problem), by the column's type."""
    kind = column["type"]
    refused = column.get("message")
    if not raw and column.get("not_empty"):
        return None, Message(column["not_empty"], where=_where(*place), value=_quote(raw))
    if kind == "count":
        return _count(raw, place)
    if kind == "date":
        if not raw:
            return None, Message("etl.import.date_empty", where=_where(*place))
        if parse_iso_date(raw) is None:
            return None, Message(
                refused or "etl.import.date_invalid", where=_where(*place), value=_quote(raw)
            )
        return raw, None
    if kind == "date_time":
        if not raw and column.get("allow_empty"):
            return "", None
        match = _DATE_TIME.match(raw)
        if not match or parse_iso_date(match.group(1)) is None:
            return None, Message(
                refused or "etl.import.date_invalid", where=_where(*place), value=_quote(raw)
            )
        return match.group(1), None
    if kind == "country":
        if raw.upper() in entities:
            return raw.upper(), None
        if column.get("basin") and raw.upper() == column["basin"]:
            return "", None  # the basin as a whole: stored with an empty entity_id, as the dashboards' totals
        allowed = ", ".join(sorted(entities))
        return None, Message(
            "etl.import.country_unknown", where=_where(*place), value=_quote(raw), allowed=allowed
        )
    if kind == "whole":
        if raw and not raw.isdigit():
            return None, Message(refused or "etl.import.not_whole", where=_where(*place), value=_quote(raw))
        return (int(raw) if raw else None), None
    if kind == "code":
        value = (raw.upper() if column.get("upper") else raw) or column.get("default", "")
        allowed = column.get("allowed") or _ALLOWED_FROM[column["allowed_from"]]
        if value not in allowed:
            message = refused or "etl.import.not_one_of"
            return None, Message(
                message, where=_where(*place), value=_quote(value), allowed=", ".join(allowed)
            )
        return value, None
    if kind == "source":
        if raw and raw not in known_sources:
            return None, Message(
                refused or "etl.import.source_unknown", where=_where(*place), value=_quote(raw)
            )
        return raw, None
    if kind == "fixed":
        if raw not in ("", column["value"]):
            message = refused or "etl.import.not_one_of"
            fixed = _quote(column["value"])
            return None, Message(
                message, where=_where(*place), value=_quote(raw), series=fixed, allowed=fixed
            )
        return column["value"], None
    return raw, None


def check_cells(
    fmt: ImportFormat,
    cells: Mapping[str, str],
    number: int,
    label: str,
    *,
    entities: Collection[str],
    known_sources: Collection[str] = (),
) -> tuple[dict[str, Any], list[Message]]:
    """One row's cells checked by their columns' types: ({column: value}, problems naming row and column).

    Columns the file leaves out read as empty cells."""
    values: dict[str, Any] = {}
    problems: list[Message] = []
    for name, column in fmt.columns.items():
        # (label, row, column): the message naming the cell is made only for a cell that is refused
        place = (label, number, name)
        values[name], problem = _cell(cells.get(name, ""), column, place, entities, known_sources)
        if problem is not None:
            problems.append(problem)
    return values, problems
