"""Displacement figures imported by staff (`python -m etl import FILE`), kept in raw/imports/.

Three file formats are read, described in etl/import_formats.yaml (data/raw/imports/README.md is the
user's guide):

- a CSV in the project's own schema (the columns of data/processed/displacement.csv, ISO3 codes, or LCB
  for the basin as a whole). A national or basin figure with a `dashboard_no` joins the DTM dashboard
  series (dtm_lcb_dashboard), so the trend, the latest dashboard and the country pages move to it; each
  imported dashboard's basin total is checked against the sum of its countries (a checks warning);
- a DTM API export (IOM DTM admin-0/1 IDP figures, the HDX "global-iom-dtm-from-api" columns).
  Rows of one admin area, round and assessment type are summed over their displacement reasons;
  baseline (BA) and site (SA) assessment rows are never added together: BA rows (every IDP in the
  area) go to series "import", SA rows (IDPs in displacement sites only, a subset) to series
  "import_site_assessment", so the page shows BA by default and SA only when labelled as such;
- HDX HAPI's IDPs table: the same DTM figures, reasons already added up, read by the same rules.

A file imported with `--countries` keeps only those countries' rows; the manifest's `countries` column
records the choice, so every rebuild reads the file the same way.

`parse_import` is the one parser: the importer (etl/importer.py) runs it to validate a file before
anything changes, and `build` runs it again on every file listed in imports/manifest.csv, so a rebuild
gives the same rows. Tables returned by `build`: "displacement" (concatenated after the reference
rows, the shared_tables of etl/steps.yaml), "sources" (one per imported file), "checks".
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd

from etl.common import EtlError
from etl.messages import SEMICOLON, Join, Message, check_row
from etl.sources.displacement import (
    CHECKS_COLUMNS,
    DISPLACEMENT_COLUMNS,
    SORT_KEYS,
    SOURCES_COLUMNS,
    dtm_total_checks,
)
from etl.sources.import_duplicates import (  # noqa: F401 (the importer's names for them)
    dashboard_date_problems,
    duplicate_problems,
    figure_index,
)
from etl.sources.import_files import (  # noqa: F401 (the importer's and the app's names for them)
    DTM_FORMAT,
    DTM_FORMATS,
    DTM_PUBLISHER,
    FTS_FORMAT,
    HAPI_FORMAT,
    MANIFEST_COLUMNS,
    MANIFEST_NAME,
    MAX_BYTES,
    MAX_PROBLEMS,
    OWN_FORMAT,
    SERIES_DASHBOARD,
    SERIES_IMPORT,
    SERIES_SITE_ASSESSMENT,
    SHA_PREFIX,
    SOURCE_PREFIX,
    ParsedImport,
    check_file_bytes,
    detect_format,
    problems_error,
    read_records,
    sha256_of,
    too_large,
)
from etl.sources.import_files import source_id_for as _file_source_id
from etl.sources.import_rows import parse_import  # noqa: F401

# Columns absent from manifests written before them, read as empty: as_of (`--as-of`, OCHA FTS files only)
# and countries (`--countries`, the countries kept of a DTM export).
MANIFEST_OPTIONAL = ["as_of", "countries"]


def source_id_for(sha256: str, countries: str = "") -> str:
    """IMPORT-<sha256 prefix>, and the countries kept when the file was imported with --countries (the same
    file imported for other countries is another source)."""
    base = _file_source_id(sha256)
    return f"{base}-{countries.replace(',', '-')}" if countries else base


def countries_text(countries: object) -> str:
    """--countries as the manifest keeps it: ISO3 codes in capitals, comma-separated, sorted; "" for all."""
    if countries is None:
        return ""
    codes = str(countries).split(",") if isinstance(countries, str) else list(countries)
    return ",".join(sorted({c.strip().upper() for c in codes if c.strip()}))


def countries_list(text: str) -> list[str] | None:
    return text.split(",") if text else None


# --------------------------------------------------------------------------------------------------
# Manifest and build


def imported_dashboard_checks(rows: pd.DataFrame, reference: pd.DataFrame | None) -> list[dict]:
    """For each DTM dashboard (and category) an import adds figures to: its basin total against the sum of
    its countries, as the reference dashboards are checked (#25 and #49 are flagged there). The dashboard's
    reference rows, if any, count too; countries missing from the four of the basin are named."""
    imported = rows[(rows["series"] == SERIES_DASHBOARD) & rows["dashboard_no"].notna()]
    if imported.empty:
        return []
    held = pd.DataFrame(columns=DISPLACEMENT_COLUMNS) if reference is None else reference
    held = held[held["series"] == SERIES_DASHBOARD]
    countries = sorted(set(held["entity_id"].fillna("")) | set(imported["entity_id"].fillna("")) - {""})
    numbers = set(imported["dashboard_no"].astype(int))
    dashboards = pd.concat([held[held["dashboard_no"].isin(numbers)], imported], ignore_index=True)
    dashboards["entity_id"] = dashboards["entity_id"].fillna("")
    # The check belongs to the source of the dashboard's imported rows (the latest import that added some).
    owner = imported.groupby(imported["dashboard_no"].astype(int))["source_id"].last().to_dict()
    return dtm_total_checks(
        dashboards,
        countries=countries,
        ids=lambda no, category: (f"{owner[no]}-LCB-{no:02d}-{category}-total-vs-countries", owner[no]),
    )


def read_manifest(imports_dir: Path) -> pd.DataFrame:
    """The imports so far (empty frame when nothing was imported), in import order."""
    path = imports_dir / MANIFEST_NAME
    if not path.exists():
        return pd.DataFrame(columns=MANIFEST_COLUMNS + MANIFEST_OPTIONAL)
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
    for column in MANIFEST_OPTIONAL:
        if column not in manifest.columns:  # a manifest written before the column existed
            manifest[column] = ""
    return manifest


def read_stored(imports_dir: Path, entry: Any, folder: str = "imports") -> tuple[str, bytes]:
    """(label, bytes) of a file a manifest `entry` lists, labelled `folder`/stored name; refused when it is
    missing or no longer the file that was imported (its sha256 in the manifest)."""
    label = f"{folder}/{entry.stored_name}"
    path = imports_dir / entry.stored_name
    manifest = f"{folder}/{MANIFEST_NAME}"
    if not path.exists():
        raise EtlError(Message("etl.import.stored_missing", label=label, manifest=manifest))
    data = path.read_bytes()
    if sha256_of(data) != entry.sha256:
        raise EtlError(Message("etl.import.stored_changed", label=label, manifest=manifest))
    return label, data


def manifest_text(before: str | None) -> str:
    """The manifest to append a line to: a header alone (every column) when there is none yet; an older
    manifest without some optional column (as_of, countries) gets it at the end of its header, empty on
    its lines (their other cells unchanged)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not before:
        writer.writerow(MANIFEST_COLUMNS + MANIFEST_OPTIONAL)
        return buffer.getvalue()
    records = list(csv.reader(io.StringIO(before, newline="")))
    missing = [column for column in MANIFEST_OPTIONAL if records and column not in records[0]]
    if missing:
        blank = [""] * len(missing)
        writer.writerows([records[0] + missing, *(record + blank for record in records[1:] if record)])
        return buffer.getvalue()
    return before if before.endswith("\n") else before + "\n"


def manifest_line(text: str, record: dict[str, str]) -> str:
    """One manifest line for `record` (column -> cell), in the order of the header of `text` (the
    manifest_text it is appended to)."""
    header = next(csv.reader(io.StringIO(text, newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([record.get(column, "") for column in header])
    return buffer.getvalue()


def allowed_entities(entities: pd.DataFrame) -> set[str]:
    """Countries a figure may be imported for: the offices' countries (ISO3), not the Regional Office."""
    return set(entities.loc[entities["kind"] == "country", "entity_id"].astype(str))


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    imports_dir = Path(raw_dir) / config.get("imports_dir", "imports")
    manifest = read_manifest(imports_dir)
    manifest = manifest[manifest["format"] != FTS_FORMAT]  # OCHA FTS downloads: the FTS step reads them
    if manifest.empty:
        return {}
    entities = allowed_entities(context["entities"])
    held = context.get("displacement", pd.DataFrame(columns=DISPLACEMENT_COLUMNS))
    known_sources = set(context["sources"]["source_id"]) | set(held["source_id"])
    index = figure_index(held)  # the figures held so far, file after file (built once, not per file)
    all_rows, sources, checks = [], [], []
    for entry in manifest.itertuples(index=False):
        label, data = read_stored(imports_dir, entry)
        sid = source_id_for(entry.sha256, entry.countries)
        parsed = parse_import(
            data,
            label,
            source_id=sid,
            entities=entities,
            known_sources=known_sources,
            countries=countries_list(entry.countries),
        )
        rows = parsed.rows
        # Imports hold no row twice (the importer refuses them); a reference row added later that
        # repeats an imported one is flagged, not dropped.
        subject = Message("etl.check.import.subject", name=entry.original_name)
        for problem in duplicate_problems(rows, held, label, index=index):
            checks.append(
                check_row(
                    f"{sid}-duplicate-{len(checks) + 1:03d}", "displacement", "warning", subject, problem, sid
                )
            )
        figure_index(rows[DISPLACEMENT_COLUMNS], index)
        all_rows.append(rows[DISPLACEMENT_COLUMNS])
        sources.append(
            {
                "source_id": sid,
                "title": parsed.title.replace(label, entry.original_name),
                "short_title": parsed.short_title.replace(label, entry.original_name),
                "short_title_fr": parsed.short_title_fr.replace(label, entry.original_name),
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
    checks += imported_dashboard_checks(rows, context.get("displacement"))
    rows["value"] = rows["value"].astype("int64")
    # Stable sort on the same keys as the reference rows: the final table is the same on every build.
    rows = rows.sort_values(SORT_KEYS + ["value"], kind="mergesort").reset_index(drop=True)
    return {
        "displacement": rows,
        "sources": pd.DataFrame(sources, columns=[*SOURCES_COLUMNS, "short_title", "short_title_fr"]),
        "checks": pd.DataFrame(checks, columns=CHECKS_COLUMNS),
    }
