"""Rows of an imported displacement file turned into displacement rows, one mapping per format.

Each cell has been checked by its column's type in etl/import_formats.yaml (import_files.check_cells);
the format's `mapping` (MAPPINGS below) turns checked rows into displacement rows. `parse_import` is the one
parser: the importer runs it before anything changes, and the imports step runs it again on every file of
imports/manifest.csv, so a rebuild gives the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import pandas as pd

from etl.messages import Local, Message
from etl.sources.displacement import DISPLACEMENT_COLUMNS
from etl.sources.import_files import (
    ASSESSMENTS,
    DTM_FORMAT,
    DTM_PUBLISHER,
    SERIES_IMPORT,
    SERIES_SITE_ASSESSMENT,
    SOURCE_PREFIX,
    ImportFormat,
    ParsedImport,
    _quote,
    _where,
    check_cells,
    check_file_bytes,
    detect_format,
    problems_error,
    read_records,
)
from i18n import is_missing

Body = list[tuple[int, list[str]]]


def displacement_rows(
    fmt: ImportFormat, header: list[str], body: Body, label: str, *, source_id: str, entities, known_sources
) -> tuple[pd.DataFrame, list[Message], list[Message]]:
    """Format (a): one displacement row per file row, the cells as checked."""
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
        problems += found
        if found:
            continue
        rows.append(
            {
                **{col: values[col] for col in ("as_of", "entity_id", "category", "value", "qualifier")},
                **{
                    col: values[col] for col in ("admin1", "value_text", "dashboard_no", "source_org", "note")
                },
                "series": SERIES_IMPORT,
                "source_id": values["source_id"] or source_id,
                "_file_row": number,
            }
        )
    return pd.DataFrame(rows), problems, []


# --------------------------------------------------------------------------------------------------
# (b) DTM API export


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
        kept.append(
            {
                "_file_row": number,
                "iso3": values["admin0Pcode"],
                "admin1": cell["admin1Name"] if level == "1" else "",
                "admin1_pcode": cell.get("admin1Pcode", "") if level == "1" else "",
                "operation": cell["operation"],
                "round": values["roundNumber"],
                "assessment": values["assessmentType"],
                "reason": cell.get("displacementReason", ""),
                "date": values["reportingDate"],
                "value": values["numPresentIdpInd"],
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


# The mapping functions etl/import_formats.yaml names.
MAPPINGS: dict[str, Callable[..., tuple[pd.DataFrame, list[Message], list[Message]]]] = {
    "displacement_rows": displacement_rows,
    "dtm_admin_rows": dtm_admin_rows,
}


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
    mapping = MAPPINGS[fmt.mapping]
    rows, problems, notes = mapping(
        fmt,
        header,
        body,
        label,
        source_id=source_id,
        entities={e.upper() for e in entities},
        known_sources=set(known_sources),
    )
    if problems:
        raise problems_error(problems)
    rows = rows.copy()
    rows["dashboard_no"] = pd.array(
        [pd.NA if is_missing(v) or v == "" else int(v) for v in rows["dashboard_no"]], dtype="Int64"
    )
    within = duplicate_problems(
        rows, pd.DataFrame(columns=DISPLACEMENT_COLUMNS), label, within_file=True, key_columns=fmt.key_columns
    )
    if within:
        raise problems_error(within)
    date = max(rows["as_of"])
    if fmt.id == DTM_FORMAT:
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
    return ParsedImport(fmt.id, rows, title, short_title, publisher, date, notes, fmt.key_columns)


DUPLICATE_KEY = ["as_of", "entity_id", "admin1", "category"]


def _norm(text: object) -> str:
    return " ".join(str(text).casefold().split()) if isinstance(text, str) else ""


def _figure_keys(row: dict) -> set[tuple[str, ...]]:
    """The ways a row says "this figure": place, date and category, with the source it cites (a listed
    source_id) or the organisation that published it (source_org). Two rows sharing a key are the same
    figure: a re-exported or renamed file is caught by its publisher, while one DTM file's BA and SA
    rows, or two rounds, have different publishers' labels and stay distinct."""
    base = tuple("" if is_missing(row[col]) else str(row[col]) for col in DUPLICATE_KEY)
    keys = set()
    source_id = "" if is_missing(row["source_id"]) else str(row["source_id"])
    if source_id and not source_id.startswith(SOURCE_PREFIX):
        keys.add((*base, "source_id", source_id))
    org = _norm(row["source_org"])
    if org:
        keys.add((*base, "source_org", org))
    return keys


def duplicate_problems(
    rows: pd.DataFrame,
    held: pd.DataFrame,
    label: str,
    *,
    within_file: bool = False,
    key_columns: str = "as_of, entity_id, admin1, category, source_org/source_id",
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
