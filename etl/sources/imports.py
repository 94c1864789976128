"""Displacement figures imported by staff (`python -m etl import FILE`), kept in raw/imports/.

Two file formats are read (data/raw/imports/README.md is the user's guide):

- a CSV in the project's own schema (the columns of data/processed/displacement.csv, ISO3 codes);
- a DTM API export (IOM DTM admin-0/1 IDP figures, the HDX "global-iom-dtm-from-api" columns).
  Rows of one admin area, round and assessment type are summed over their displacement reasons;
  baseline (BA) and site (SA) assessment rows are never added together: BA rows (every IDP in the
  area) go to series "import", SA rows (IDPs in displacement sites only, a subset) to series
  "import_site_assessment", so the page shows BA by default and SA only when labelled as such.

`parse_import` is the one parser: the importer (etl/importer.py) runs it to validate a file before
anything changes, and `build` runs it again on every file listed in imports/manifest.csv, so a rebuild
gives the same rows. Tables returned by `build`: "displacement" (concatenated after the reference
rows, the shared_tables of etl/steps.yaml), "sources" (one per imported file), "checks".
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.common import EtlError
from etl.messages import SEMICOLON, Join, Local, Message, check_row
from etl.sources.displacement import (
    CATEGORIES,
    CHECKS_COLUMNS,
    DISPLACEMENT_COLUMNS,
    QUALIFIERS,
    SORT_KEYS,
    SOURCES_COLUMNS,
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
    problems = []
    blank = [i for i, name in enumerate(header, start=1) if not name]
    if blank:
        problems.append(Message("etl.import.unnamed_column", label=label, row=header_row, column=blank[0]))
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        problems.append(
            Message("etl.import.repeated_columns", label=label, row=header_row, columns=_quoted(repeated))
        )
    for number, cells in body:
        if len(cells) != len(header):
            problems.append(
                Message(
                    "etl.import.cell_count", label=label, row=number, cells=len(cells), columns=len(header)
                )
            )
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
# (a) displacement.csv schema


def _parse_own(
    header: list[str],
    body: list[tuple[int, list[str]]],
    label: str,
    *,
    source_id: str,
    entities: Collection[str],
    known_sources: Collection[str],
) -> tuple[pd.DataFrame, list[str]]:
    problems: list[str] = []
    rows = []
    for number, cells in body:
        cell = dict(zip(header, cells, strict=True))
        found = [
            _date_problem(cell["as_of"], _where(label, number, "as_of")),
            _country_problem(cell["entity_id"], _where(label, number, "entity_id"), entities),
            _count_problem(cell["value"], _where(label, number, "value")),
        ]
        if cell["category"] not in CATEGORIES:
            found.append(
                Message(
                    "etl.import.not_one_of",
                    where=_where(label, number, "category"),
                    value=_quote(cell["category"]),
                    allowed=", ".join(CATEGORIES),
                )
            )
        qualifier = cell.get("qualifier", "") or "exact"
        if qualifier not in QUALIFIERS:
            found.append(
                Message(
                    "etl.import.not_one_of",
                    where=_where(label, number, "qualifier"),
                    value=_quote(qualifier),
                    allowed=", ".join(QUALIFIERS),
                )
            )
        dashboard_no = cell.get("dashboard_no", "")
        if dashboard_no and not dashboard_no.isdigit():
            found.append(
                Message(
                    "etl.import.not_whole",
                    where=_where(label, number, "dashboard_no"),
                    value=_quote(dashboard_no),
                )
            )
        if cell.get("series", "") not in ("", SERIES_IMPORT):
            found.append(
                Message(
                    "etl.import.series_given",
                    where=_where(label, number, "series"),
                    value=_quote(cell["series"]),
                    series=_quote(SERIES_IMPORT),
                )
            )
        cited = cell.get("source_id", "")
        if cited and cited not in known_sources:
            found.append(
                Message(
                    "etl.import.source_unknown", where=_where(label, number, "source_id"), value=_quote(cited)
                )
            )
        if not cell["source_org"]:
            found.append(Message("etl.import.source_org_empty", where=_where(label, number, "source_org")))
        problems += [p for p in found if p]
        rows.append(
            {
                "as_of": cell["as_of"],
                "entity_id": cell["entity_id"].upper(),
                "admin1": cell.get("admin1", ""),
                "category": cell["category"],
                "value": cell["value"],
                "qualifier": qualifier,
                "value_text": cell.get("value_text", ""),
                "series": SERIES_IMPORT,
                "dashboard_no": dashboard_no,
                "source_org": cell["source_org"],
                "note": cell.get("note", ""),
                "source_id": cited or source_id,
                "_file_row": number,
            }
        )
    return pd.DataFrame(rows), problems


# --------------------------------------------------------------------------------------------------
# (b) DTM API export


def _dtm_level(cell: dict[str, str]) -> str:
    level = cell.get("adminLevel", "")
    if level:
        return level
    if cell.get("admin2Name"):
        return "2"
    return "1" if cell["admin1Name"] else "0"


def _parse_dtm(
    header: list[str],
    body: list[tuple[int, list[str]]],
    label: str,
    *,
    source_id: str,
    entities: Collection[str],
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Rows summed over displacement reasons per (country, admin-1, operation, round, assessment)."""
    problems: list[str] = []
    notes: list[str] = []
    kept = []
    skipped_admin2 = 0
    for number, cells in body:
        cell = dict(zip(header, cells, strict=True))
        level = _dtm_level(cell)
        if level not in ("0", "1", "2"):
            problems.append(
                Message(
                    "etl.import.admin_level", where=_where(label, number, "adminLevel"), value=_quote(level)
                )
            )
            continue
        if level == "2":
            skipped_admin2 += 1  # admin-2 rows repeat the admin-1 figures in smaller parts
            continue
        found = [
            _country_problem(cell["admin0Pcode"], _where(label, number, "admin0Pcode"), entities),
            _count_problem(cell["numPresentIdpInd"], _where(label, number, "numPresentIdpInd")),
        ]
        date_match = _DTM_DATE.match(cell["reportingDate"])
        date = date_match.group(1) if date_match else ""
        if not cell["reportingDate"]:
            found.append(
                Message("etl.import.reporting_date_empty", where=_where(label, number, "reportingDate"))
            )
        elif not date_match or parse_iso_date(date) is None:
            found.append(
                Message(
                    "etl.import.reporting_date_invalid",
                    where=_where(label, number, "reportingDate"),
                    value=_quote(cell["reportingDate"]),
                )
            )
        if not cell["roundNumber"].isdigit():
            found.append(
                Message(
                    "etl.import.not_whole",
                    where=_where(label, number, "roundNumber"),
                    value=_quote(cell["roundNumber"]),
                )
            )
        assessment = cell["assessmentType"].upper()
        if assessment not in ASSESSMENTS:
            found.append(
                Message(
                    "etl.import.assessment_type",
                    where=_where(label, number, "assessmentType"),
                    value=_quote(cell["assessmentType"]),
                )
            )
        if level == "1" and not cell["admin1Name"]:
            found.append(Message("etl.import.admin1_empty", where=_where(label, number, "admin1Name")))
        found = [p for p in found if p]
        problems += found
        if found:
            continue
        kept.append(
            {
                "_file_row": number,
                "iso3": cell["admin0Pcode"].upper(),
                "admin1": cell["admin1Name"] if level == "1" else "",
                "admin1_pcode": cell.get("admin1Pcode", "") if level == "1" else "",
                "operation": cell["operation"],
                "round": int(cell["roundNumber"]),
                "assessment": assessment,
                "reason": cell.get("displacementReason", ""),
                "date": date,
                "value": int(float(cell["numPresentIdpInd"])),
            }
        )
    if skipped_admin2:
        notes.append(Message("etl.import.admin2_left_out", count=skipped_admin2))
    if problems or not kept:
        if not problems:
            problems.append(Message("etl.import.no_rows", label=label))
        return pd.DataFrame(), problems, notes

    raw = pd.DataFrame(kept)
    key = ["iso3", "admin1", "admin1_pcode", "operation", "round", "assessment"]
    rows = []
    for values, group in raw.groupby(key, sort=True, dropna=False):
        iso3, admin1, pcode, operation, round_no, assessment = values
        place = admin1 or iso3
        first = int(group["_file_row"].min())
        repeated = group[group.duplicated("reason", keep=False)]
        if not repeated.empty:
            lines = ", ".join(str(n) for n in repeated["_file_row"])
            reason = repeated["reason"].iloc[0]
            reason_text = _quote(reason) if reason else Local("'(none given)'", "« (non indiqué) »")
            problems.append(
                Message(
                    "etl.import.reason_repeated",
                    label=label,
                    rows=lines,
                    place=place,
                    round=round_no,
                    assessment=assessment,
                    reason=reason_text,
                )
            )
            continue
        dates = sorted(set(group["date"]))
        if len(dates) > 1:
            problems.append(
                Message(
                    "etl.import.several_dates",
                    where=_where(label, first, "reportingDate"),
                    place=place,
                    round=round_no,
                    assessment=assessment,
                    dates=", ".join(dates),
                )
            )
            continue
        reasons = [f"{r or 'not stated'} {v:,}" for r, v in zip(group["reason"], group["value"], strict=True)]
        total = int(group["value"].sum())
        rows.append(
            {
                "as_of": dates[0],
                "entity_id": iso3,
                "admin1": admin1,
                "category": "idps",
                "value": total,
                "qualifier": "exact",
                "value_text": "",
                "series": SERIES_IMPORT if assessment == "BA" else SERIES_SITE_ASSESSMENT,
                "dashboard_no": "",
                "source_org": f"IOM DTM {operation}, round {round_no} ({assessment})",
                "note": (
                    f"DTM API export: operation '{operation}', round {round_no}, {ASSESSMENTS[assessment]} "
                    f"({assessment}){f', admin-1 P-code {pcode}' if pcode else ''}; "
                    + (
                        f"sum of {len(group)} displacement reasons: {'; '.join(reasons)}"
                        if len(group) > 1
                        else f"displacement reason: {reasons[0]}"
                    )
                    + (
                        ""
                        if assessment == "BA"
                        else "; site assessment: IDPs in displacement sites only, "
                        "a subset of the baseline figure, never added to it"
                    )
                ),
                "source_id": source_id,
                "_file_row": first,
            }
        )
    return pd.DataFrame(rows), problems, notes


# --------------------------------------------------------------------------------------------------
# The one parser


def parse_import(
    data: bytes,
    label: str,
    *,
    source_id: str,
    entities: Collection[str],
    known_sources: Collection[str] = (),
) -> ParsedImport:
    """Read and validate one file; EtlError listing every problem (file, row, column) if any."""
    text = check_file_bytes(data, label)
    header, body = read_records(text, label)
    fmt = detect_format(header, label)
    entities = {e.upper() for e in entities}
    notes: list[str] = []
    if fmt == OWN_FORMAT:
        rows, problems = _parse_own(
            header, body, label, source_id=source_id, entities=entities, known_sources=set(known_sources)
        )
    else:
        rows, problems, notes = _parse_dtm(header, body, label, source_id=source_id, entities=entities)
    if problems:
        raise problems_error(problems)
    rows = rows.copy()
    rows["value"] = rows["value"].map(lambda v: int(float(v)))
    rows["dashboard_no"] = pd.array(
        [int(v) if str(v).strip() else pd.NA for v in rows["dashboard_no"]], dtype="Int64"
    )
    keys = OWN_KEY_COLUMNS if fmt == OWN_FORMAT else DTM_KEY_COLUMNS
    within = duplicate_problems(
        rows, pd.DataFrame(columns=DISPLACEMENT_COLUMNS), label, within_file=True, key_columns=keys
    )
    if within:
        raise problems_error(within)
    date = max(rows["as_of"])
    if fmt == DTM_FORMAT:
        operations = sorted(set(rows["source_org"].str.extract(r"^IOM DTM (.*), round", expand=False)))
        rounds = sorted({int(r) for r in rows["source_org"].str.extract(r"round (\d+)", expand=False)})
        round_text = f"round {rounds[0]}" if len(rounds) == 1 else f"rounds {rounds[0]}-{rounds[-1]}"
        title = f"DTM API export: {'; '.join(operations)}, {round_text} (file {label})"
        short_title = f"IOM DTM, {'; '.join(operations)}, {round_text}"
        publisher = DTM_PUBLISHER
    else:
        orgs = sorted(set(rows["source_org"]))
        title = f"Imported displacement figures (file {label})"
        short_title = f"Imported file {label}"
        publisher = "; ".join(orgs) if len(orgs) <= 3 else "several publishers (see the rows' source_org)"
    return ParsedImport(fmt, rows, title, short_title, publisher, date, notes, keys)


DUPLICATE_KEY = ["as_of", "entity_id", "admin1", "category"]


def _norm(text: object) -> str:
    return " ".join(str(text).casefold().split()) if isinstance(text, str) else ""


def _figure_keys(row: dict) -> set[tuple[str, ...]]:
    """The ways a row says "this figure": place, date and category, with the source it cites (a listed
    source_id) or the organisation that published it (source_org). Two rows sharing a key are the same
    figure: a re-exported or renamed file is caught by its publisher, while one DTM file's BA and SA
    rows, or two rounds, have different publishers' labels and stay distinct."""
    base = tuple("" if _lcb_missing(row[col]) else str(row[col]) for col in DUPLICATE_KEY)
    keys = set()
    source_id = "" if _lcb_missing(row["source_id"]) else str(row["source_id"])
    if source_id and not source_id.startswith(SOURCE_PREFIX):
        keys.add((*base, "source_id", source_id))
    org = _norm(row["source_org"])
    if org:
        keys.add((*base, "source_org", org))
    return keys


def _lcb_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def duplicate_problems(
    rows: pd.DataFrame,
    held: pd.DataFrame,
    label: str,
    *,
    within_file: bool = False,
    key_columns: str = OWN_KEY_COLUMNS,
) -> list[str]:
    """Rows repeating a held row (or, `within_file`, an earlier row of the same file): same as_of,
    entity_id, admin1 and category from the same source (source_id or source_org)."""
    problems = []
    seen: dict[tuple[str, ...], int] = {}
    held_keys = set()
    if not within_file:
        for record in held.to_dict("records"):
            held_keys |= _figure_keys(record)
    for record in rows.to_dict("records"):
        row = int(record["_file_row"])
        keys = _figure_keys(record)
        if within_file:
            earlier = sorted(seen[k] for k in keys if k in seen)
            if earlier:
                problems.append(
                    Message(
                        "etl.import.repeats_row",
                        label=label,
                        row=row,
                        earlier=earlier[0],
                        columns=key_columns,
                    )
                )
            for key in keys:
                seen.setdefault(key, row)
            continue
        if keys & held_keys:
            as_of, entity, admin1, category = (record[c] for c in DUPLICATE_KEY)
            place = f"{entity}{', ' + admin1 if admin1 else ''}"
            source = record["source_org"] or record["source_id"]
            problems.append(
                Message(
                    "etl.import.already_held",
                    label=label,
                    row=row,
                    columns=key_columns,
                    category=category,
                    place=place,
                    as_of=as_of,
                    source=source,
                )
            )
    return problems


# --------------------------------------------------------------------------------------------------
# Manifest and build


def read_manifest(imports_dir: Path) -> pd.DataFrame:
    """The imports so far (empty frame when nothing was imported), in import order."""
    path = imports_dir / MANIFEST_NAME
    if not path.exists():
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    try:
        manifest = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise EtlError(
            Message("etl.import.manifest_unreadable", manifest=f"imports/{MANIFEST_NAME}", error=str(err))
        ) from None
    missing = [col for col in MANIFEST_COLUMNS if col not in manifest.columns]
    if missing:
        raise EtlError(
            Message(
                "etl.import.manifest_columns", manifest=f"imports/{MANIFEST_NAME}", columns=", ".join(missing)
            )
        )
    return manifest


def allowed_entities(entities: pd.DataFrame) -> set[str]:
    """Countries a figure may be imported for: the offices' countries (ISO3), not the Regional Office."""
    return set(entities.loc[entities["kind"] == "country", "entity_id"].astype(str))


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    imports_dir = Path(raw_dir) / config.get("imports_dir", "imports")
    manifest = read_manifest(imports_dir)
    if manifest.empty:
        return {}
    entities = allowed_entities(context["entities"])
    held = context.get("displacement", pd.DataFrame(columns=DISPLACEMENT_COLUMNS))
    known_sources = set(context["sources"]["source_id"]) | set(held["source_id"])
    all_rows, sources, checks = [], [], []
    for entry in manifest.itertuples(index=False):
        path = imports_dir / entry.stored_name
        label = f"imports/{entry.stored_name}"
        if not path.exists():
            raise EtlError(
                Message("etl.import.stored_missing", label=label, manifest=f"imports/{MANIFEST_NAME}")
            )
        data = path.read_bytes()
        if sha256_of(data) != entry.sha256:
            raise EtlError(
                Message("etl.import.stored_changed", label=label, manifest=f"imports/{MANIFEST_NAME}")
            )
        sid = source_id_for(entry.sha256)
        parsed = parse_import(data, label, source_id=sid, entities=entities, known_sources=known_sources)
        rows = parsed.rows
        # Imports hold no row twice (the importer refuses them); a reference row added later that
        # repeats an imported one is flagged, not dropped.
        subject = Message("etl.check.import.subject", name=entry.original_name)
        for problem in duplicate_problems(rows, held, label):
            checks.append(
                check_row(
                    f"{sid}-duplicate-{len(checks) + 1:03d}", "displacement", "warning", subject, problem, sid
                )
            )
        held = pd.concat([held, rows[DISPLACEMENT_COLUMNS]], ignore_index=True)
        all_rows.append(rows[DISPLACEMENT_COLUMNS])
        sources.append(
            {
                "source_id": sid,
                "title": parsed.title.replace(label, entry.original_name),
                "short_title": parsed.short_title.replace(label, entry.original_name),
                "publisher": parsed.publisher,
                "date": parsed.date,
                "date_note": f"Latest date of the figures in the file; imported {entry.imported_at} "
                f"(sha256 {entry.sha256[:SHA_PREFIX]}).",
                "url": "",
                "file": f"data/raw/{config.get('imports_dir', 'imports')}/{entry.stored_name}",
            }
        )
        message = Message(
            "etl.check.import.imported",
            name=entry.original_name,
            format=parsed.format,
            rows=len(rows),
            notes=Join(parsed.notes, " ", before=SEMICOLON),
        )
        checks.append(check_row(f"{sid}-imported", "displacement", "pass", subject, message, sid))
    rows = pd.concat(all_rows, ignore_index=True)
    rows["dashboard_no"] = rows["dashboard_no"].astype("Int64")
    rows["value"] = rows["value"].astype("int64")
    # Stable sort on the same keys as the reference rows: the final table is the same on every build.
    rows = rows.sort_values(SORT_KEYS + ["value"], kind="mergesort").reset_index(drop=True)
    return {
        "displacement": rows,
        "sources": pd.DataFrame(sources, columns=[*SOURCES_COLUMNS, "short_title"]),
        "checks": pd.DataFrame(checks, columns=CHECKS_COLUMNS),
    }
