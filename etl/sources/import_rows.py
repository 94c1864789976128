"""Rows of an imported displacement file turned into displacement rows, one mapping per format.

Each cell has been checked by its column's type in etl/import_formats.yaml (import_files.check_cells);
the format's `mapping` (MAPPINGS below) turns checked rows into displacement rows. `parse_import` is the one
parser: the importer runs it before anything changes, and the imports step runs it again on every file of
imports/manifest.csv, so a rebuild gives the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import pandas as pd

from etl.messages import SEMICOLON, Join, Local, Message, in_language
from etl.sources.displacement import DISPLACEMENT_COLUMNS
from etl.sources.import_duplicates import dashboard_date_problems, duplicate_problems
from etl.sources.import_files import (
    DTM_FORMAT,
    DTM_FORMATS,
    DTM_PUBLISHER,
    HAPI_FORMAT,
    SERIES_DASHBOARD,
    SERIES_IMPORT,
    SERIES_SITE_ASSESSMENT,
    ImportFormat,
    ParsedImport,
    _quote,
    _where,
    check_cells,
    check_file_bytes,
    detect_format,
    problems_error,
    read_records,
    select_countries,
)
from i18n import is_missing, named
from i18n import text as in_french_catalogue

Body = list[tuple[int, list[str]]]


def displacement_rows(
    fmt: ImportFormat, header: list[str], body: Body, label: str, *, source_id: str, entities, known_sources
) -> tuple[pd.DataFrame, list[Message], list[Message]]:
    """Format (a): one displacement row per file row, the cells as checked. A national or basin figure
    with a `dashboard_no` joins the DTM dashboard series (series dtm_lcb_dashboard: the trend, the latest
    dashboard, the country pages read it); the basin total (entity_id LCB, stored empty) needs one."""
    problems: list[Message] = []
    rows = []
    for number, cells in body:
        values, found = check_cells(
            fmt,
            dict(zip(header, cells, strict=True)),
            number,
            label,
            entities=entities,
            known_sources=known_sources,
        )
        if not found and values["entity_id"] == "":
            if values["admin1"]:
                found.append(Message("etl.import.basin_admin1", where=_where(label, number, "admin1")))
            if values["dashboard_no"] is None:
                found.append(Message("etl.import.basin_dashboard", where=_where(label, number, "entity_id")))
        problems += found
        if found:
            continue
        dashboard = values["dashboard_no"] is not None and not values["admin1"]
        rows.append(
            {
                **{col: values[col] for col in ("as_of", "entity_id", "category", "value", "qualifier")},
                **{
                    col: values[col] for col in ("admin1", "value_text", "dashboard_no", "source_org", "note")
                },
                "note_fr": "",  # the file's own note, as its author wrote it: no French of it is known
                "series": SERIES_DASHBOARD if dashboard else SERIES_IMPORT,
                "source_id": values["source_id"] or source_id,
                "_file_row": number,
            }
        )
    return pd.DataFrame(rows), problems, []


# --------------------------------------------------------------------------------------------------
# (b) DTM API export, (c) HDX HAPI IDPs table: the same DTM figures


DTM_ORG = "IOM DTM {operation}, round {round} ({assessment})"  # import_duplicates reads it back


@dataclass(frozen=True)
class _DtmColumns:
    """Where a DTM-like format keeps what _dtm_rows groups and adds up (column names of the format)."""

    iso3: str
    admin1_pcode: str
    round: str
    assessment: str
    value: str


_DTM_API_COLUMNS = _DtmColumns(
    iso3="admin0Pcode", admin1_pcode="admin1Pcode", round="roundNumber", assessment="assessmentType",
    value="numPresentIdpInd",
)
_HAPI_COLUMNS = _DtmColumns(
    iso3="location_code", admin1_pcode="admin1_code", round="reporting_round", assessment="assessment_type",
    value="population",
)


def _dtm_level(cell: dict[str, str]) -> str:
    level = cell.get("adminLevel", "")
    if level:
        return level
    if cell.get("admin2Name"):
        return "2"
    return "1" if cell["admin1Name"] else "0"


def dtm_admin_rows(
    fmt: ImportFormat, header: list[str], body: Body, label: str, *, source_id: str, entities, known_sources
) -> tuple[pd.DataFrame, list[Message], list[Message]]:
    """Format (b): rows summed over displacement reasons per (country, admin-1, operation, round,
    assessment); admin-2 rows left out; baseline and site assessments kept apart."""
    problems: list[Message] = []
    notes: list[Message] = []
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
        values, found = check_cells(fmt, cell, number, label, entities=entities, known_sources=known_sources)
        if level == "1" and not cell["admin1Name"]:
            found.append(Message("etl.import.admin1_empty", where=_where(label, number, "admin1Name")))
        problems += found
        if found:
            continue
        reason = cell.get("displacementReason", "")
        kept.append(_kept_row(_DTM_API_COLUMNS, number, level, cell, values, admin1=cell["admin1Name"],
                              reason=reason, date=values["reportingDate"], extra=()))  # fmt: skip
    if skipped_admin2:
        notes.append(Message("etl.import.admin2_left_out", count=skipped_admin2))
    return _summed(kept, problems, notes, label, source_id, "DTM API export", by_reason=True)


def hapi_idps_rows(
    fmt: ImportFormat, header: list[str], body: Body, label: str, *, source_id: str, entities, known_sources
) -> tuple[pd.DataFrame, list[Message], list[Message]]:
    """Format (c): HDX HAPI's IDPs table, one row per area, operation, round and assessment type with the
    reasons already added up. Read as the DTM API export is: admin-2 rows left out, BA and SA apart; rows
    HAPI marks with an `error` are left out (the note says how many), a `warning` goes into the row's note."""
    problems: list[Message] = []
    notes: list[Message] = []
    kept = []
    skipped_admin2, with_error = 0, []
    for number, cells in body:
        cell = dict(zip(header, cells, strict=True))
        level = cell["admin_level"]
        if level not in ("0", "1", "2"):
            where = _where(label, number, "admin_level")
            problems.append(Message("etl.import.admin_level", where=where, value=_quote(level)))
            continue
        if level == "2":
            skipped_admin2 += 1
            continue
        if cell.get("error"):
            with_error.append(number)  # HAPI itself says the figure is wrong: not imported
            continue
        values, found = check_cells(fmt, cell, number, label, entities=entities, known_sources=known_sources)
        admin1 = cell.get("provider_admin1_name") or cell.get("admin1_name", "")
        if not found and not (values["reference_period_end"] or values["reference_period_start"]):
            where = _where(label, number, "reference_period_end")
            found.append(Message("etl.import.reporting_date_empty", where=where))
        if level == "1" and not admin1:
            found.append(
                Message("etl.import.admin1_empty", where=_where(label, number, "provider_admin1_name"))
            )
        problems += found
        if found:
            continue
        extra = tuple(
            Message(key, **{param: cell[column]})
            for key, param, column in (("etl.import_note.hdx_dataset", "id", "dataset_hdx_id"),
                                       ("etl.import_note.hapi_warning", "warning", "warning"))
            if cell.get(column)
        )  # fmt: skip
        date = values["reference_period_end"] or values["reference_period_start"]
        kept.append(_kept_row(_HAPI_COLUMNS, number, level, cell, values, admin1=admin1, reason="", date=date,
                              extra=extra))  # fmt: skip
    if skipped_admin2:
        notes.append(Message("etl.import.admin2_left_out", count=skipped_admin2))
    if with_error:
        notes.append(Message("etl.import.hapi_errors_left_out", count=len(with_error),
                             rows=", ".join(map(str, with_error[:10]))))  # fmt: skip
    return _summed(kept, problems, notes, label, source_id, "HDX HAPI IDPs table", by_reason=False)


def _kept_row(columns: _DtmColumns, number: int, level: str, cell: dict[str, str], values: dict[str, Any], *,
              admin1: str, reason: str, date: object, extra: tuple[Message, ...]
              ) -> dict[str, Any]:  # fmt: skip
    """A file row as _dtm_rows reads it: `values` (the cells as checked) and `cell` (as written) under the
    format's `columns`; an admin-1 name and P-code on admin-1 rows only (a national row has none)."""
    on_admin1 = level == "1"
    return {
        "_file_row": number,
        "iso3": values[columns.iso3],
        "admin1": admin1 if on_admin1 else "",
        "admin1_pcode": cell.get(columns.admin1_pcode, "") if on_admin1 else "",
        "operation": cell["operation"],
        "round": values[columns.round],
        "assessment": values[columns.assessment],
        "reason": reason,
        "date": date,
        "value": values[columns.value],
        "extra": extra,
    }


def _summed(
    kept: list[dict[str, Any]], problems: list[Message], notes: list[Message], label: str, source_id: str,
    kind: str, *, by_reason: bool
) -> tuple[pd.DataFrame, list[Message], list[Message]]:
    """A DTM-like file's result: no rows and the problems (or, where no row was kept, a problem saying so)
    when any row was refused; else the kept rows added up by _dtm_rows, and its problems."""
    if problems or not kept:
        if not problems:
            problems.append(Message("etl.import.no_rows", label=label))
        return pd.DataFrame(), problems, notes
    rows, problems = _dtm_rows(pd.DataFrame(kept), label, source_id, kind, by_reason=by_reason)
    return rows, problems, notes


def _dtm_rows(raw: pd.DataFrame, label: str, source_id: str, kind: str, *, by_reason: bool
              ) -> tuple[pd.DataFrame, list[Message]]:  # fmt: skip
    """One displacement row per (country, admin-1, operation, round, assessment): the reasons added up
    (`by_reason`; the same reason twice is refused) or, where the file has one row per group already, that
    row (a second one is refused). BA rows go to series import, SA rows to import_site_assessment."""
    problems: list[Message] = []
    key = ["iso3", "admin1", "admin1_pcode", "operation", "round", "assessment"]
    rows = []
    for values, group in raw.groupby(key, sort=True, dropna=False):
        iso3, admin1, pcode, operation, round_no, assessment = values
        place = admin1 or iso3
        first = int(group["_file_row"].min())
        repeated = group[group.duplicated("reason", keep=False)]
        if not repeated.empty:
            lines = ", ".join(str(n) for n in repeated["_file_row"])
            # the group as both refusals name it
            group_named = dict(label=label, rows=lines, place=place, round=round_no, assessment=assessment)
            if not by_reason:
                problems.append(Message("etl.import.hapi_repeated", operation=operation, **group_named))
                continue
            reason = repeated["reason"].iloc[0]
            reason_text = _quote(reason) if reason else Local("'(none given)'", "« (non indiqué) »")
            problems.append(Message("etl.import.reason_repeated", reason=reason_text, **group_named))
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
        note = _dtm_note(group, kind, operation, round_no, assessment, pcode, by_reason=by_reason)
        rows.append(
            {
                "as_of": dates[0],
                "entity_id": iso3,
                "admin1": admin1,
                "category": "idps",
                "value": int(group["value"].sum()),
                "qualifier": "exact",
                "value_text": "",
                "series": SERIES_IMPORT if assessment == "BA" else SERIES_SITE_ASSESSMENT,
                "dashboard_no": "",
                "source_org": DTM_ORG.format(operation=operation, round=round_no, assessment=assessment),
                "note": in_language(note, "en"),
                "note_fr": in_language(note, "fr"),
                "source_id": source_id,
                "_file_row": first,
            }
        )
    return pd.DataFrame(rows), problems


def _dtm_note(group: pd.DataFrame, kind: str, operation: str, round_no: int, assessment: str, pcode: str, *,
              by_reason: bool) -> Join:  # fmt: skip
    """An imported DTM row's note from its parts, in either language: the file's kind, operation, round,
    assessment and P-code; the displacement reasons added up (or that the publisher added them up); HAPI's
    dataset and warning; for a site assessment, that it is a subset never added to the baseline. The
    operation and reasons as the DTM names them, in French where the catalogue has their French."""
    def reason_name(reason: str) -> Local | Message:
        if not reason:
            return Message("etl.import_note.not_stated")
        return Local(named("etl.import_note.reason_names", reason, "en"),
                     named("etl.import_note.reason_names", reason, "fr"))

    reasons = [Message("etl.import_note.reason_value", reason=reason_name(r), value=int(v))
               for r, v in zip(group["reason"], group["value"], strict=True)]  # fmt: skip
    if not by_reason:
        counted = Message("etl.import_note.reasons_added")
    elif len(reasons) > 1:
        counted = Message("etl.import_note.reasons", count=len(reasons), reasons=Join(reasons, SEMICOLON))
    else:
        counted = Message("etl.import_note.reason", reason=reasons[0])
    described = Message(
        "etl.import_note.operation",
        kind=Local(kind, named("etl.import_note.kinds", kind, "fr")),
        operation=Local(operation, named("source_labels.dtm_operations", operation, "fr")),
        round=round_no,
        assessment_name=Message(f"etl.import_note.assessments.{assessment}"),
        assessment=assessment,
        pcode=Message("etl.import_note.pcode", pcode=pcode) if pcode else "",
    )
    extra = [message for messages in group["extra"] for message in messages]
    site = [] if assessment == "BA" else [Message("etl.import_note.site_assessment")]
    return Join([described, counted, *extra, *site], SEMICOLON)


# The mapping functions etl/import_formats.yaml names.
MAPPINGS: dict[str, Callable[..., tuple[pd.DataFrame, list[Message], list[Message]]]] = {
    "displacement_rows": displacement_rows,
    "dtm_admin_rows": dtm_admin_rows,
    "hapi_idps_rows": hapi_idps_rows,
}


# --------------------------------------------------------------------------------------------------
# The one parser


DTM_TITLES = {DTM_FORMAT: "DTM API export", HAPI_FORMAT: "HDX HAPI IDPs table"}


def dtm_short_title_fr(operations: list[str], rounds: list[int]) -> str:
    """An imported DTM file's short title in French: "OIM DTM, crise du bassin du lac Tchad, cycles 1 à 24"
    (the operations as the catalogue names them in French, else as the DTM names them)."""
    if len(rounds) == 1:
        rounds_text = in_french_catalogue("source_labels.dtm_round", "fr", first=rounds[0])
    else:
        rounds_text = in_french_catalogue("source_labels.dtm_rounds", "fr", first=rounds[0], last=rounds[-1])
    names = "; ".join(named("source_labels.dtm_operations", op, "fr") for op in operations)
    return in_french_catalogue("source_labels.dtm_short_title", "fr", operations=names, rounds=rounds_text)


def parse_import(
    data: bytes,
    label: str,
    *,
    source_id: str,
    entities: Collection[str],
    known_sources: Collection[str] = (),
    countries: Collection[str] | None = None,
) -> ParsedImport:
    """Read and validate one file; EtlError listing every problem (file, row, column) if any.

    `countries` (`--countries NGA,TCD`) keeps those countries' rows only; without it, rows of countries
    outside the region refuse the file with one line per country."""
    text = check_file_bytes(data, label)
    header, body = read_records(text, label)
    fmt = detect_format(header, label)
    entities = {e.upper() for e in entities}
    body, problems, notes = select_countries(fmt, header, body, label, entities=entities, countries=countries)
    if problems and not body:
        raise problems_error(problems)
    mapping = MAPPINGS[fmt.mapping]
    rows, found, mapped_notes = mapping(
        fmt, header, body, label, source_id=source_id, entities=entities, known_sources=set(known_sources)
    )
    problems += found
    notes += mapped_notes
    if problems:
        raise problems_error(problems)
    rows = rows.copy()
    rows["dashboard_no"] = pd.array(
        [pd.NA if is_missing(v) or v == "" else int(v) for v in rows["dashboard_no"]], dtype="Int64"
    )
    within = duplicate_problems(
        rows, pd.DataFrame(columns=DISPLACEMENT_COLUMNS), label, within_file=True, key_columns=fmt.key_columns
    )
    within += dashboard_date_problems(rows, pd.DataFrame(columns=DISPLACEMENT_COLUMNS), label)
    if within:
        raise problems_error(within)
    date = max(rows["as_of"])
    if fmt.id in DTM_FORMATS:
        operations = sorted(set(rows["source_org"].str.extract(r"^IOM DTM (.*), round", expand=False)))
        rounds = sorted({int(r) for r in rows["source_org"].str.extract(r"round (\d+)", expand=False)})
        round_text = f"round {rounds[0]}" if len(rounds) == 1 else f"rounds {rounds[0]}-{rounds[-1]}"
        title = f"{DTM_TITLES[fmt.id]}: {'; '.join(operations)}, {round_text} (file {label})"
        short_title = f"IOM DTM, {'; '.join(operations)}, {round_text}"
        short_title_fr = dtm_short_title_fr(operations, rounds)
        publisher = DTM_PUBLISHER if fmt.id == DTM_FORMAT else f"{DTM_PUBLISHER}, via HDX HAPI"
    else:
        orgs = sorted(set(rows["source_org"]))
        title = f"Imported displacement figures (file {label})"
        short_title = f"Imported file {label}"
        short_title_fr = in_french_catalogue("source_labels.imported_file", "fr", label=label)
        publisher = "; ".join(orgs) if len(orgs) <= 3 else "several publishers (see the rows' source_org)"
    return ParsedImport(
        fmt.id, rows, title, short_title, publisher, date, notes, fmt.key_columns, short_title_fr
    )
