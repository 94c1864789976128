"""The next OCHA FTS download, imported with `python -m etl import FILE [--as-of YYYY-MM-DD]`.

A file with the columns of HDX's fts_requirements_funding_global.csv (with or without HDX's HXL tag row)
is recognised by its header (etl/import_formats.yaml, format `fts_requirements_funding`), checked like
the file under data/raw/fts/ (etl/sources/fts_rows.py: the region's rows only, each problem naming row and
column), kept byte for byte under data/raw/imports/ and listed in imports/manifest.csv like the
displacement imports (etl/importer.py: journaled, all or nothing, a file imported once). It is not
displacement: the FTS step (etl/sources/fts.py) reads it, with the file under data/raw/fts/, on every
build.

Superseding. Every FTS file has an as-of date: data/raw/fts/source.yaml's for the first, and for an
imported one the date given with --as-of or else the day it was imported (the file carries no date).
Files are applied oldest as-of date first (same date: in import order); a file replaces the rows of
earlier files for the plans it lists, by FTS plan id and country, and for the years of funding outside any
plan it lists, by country and year. Rows it does not list stay from the earlier files, so every row of
the tables cites the one file its figures come from (source_id IMPORT-<sha256 prefix>).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd

from etl.common import EtlError
from etl.messages import Local, Message, check_row
from etl.sources.fts_rows import FTS_COLUMNS, FtsFile, check_plan_attributes, region_problems
from etl.sources.import_files import (
    FTS_FORMAT,
    SHA_PREFIX,
    check_file_bytes,
    detect_format,
    load_formats,
    problems_error,
    read_records,
    source_id_for,
)
from etl.sources.imports import read_manifest, read_stored

__all__ = [
    "FTS_FORMAT",
    "as_of_date",
    "by_as_of",
    "counts_message",
    "how_dated",
    "import_checks",
    "is_fts_file",
    "parse_fts_import",
    "plan_countries",
    "sources_rows",
    "stored_files",
    "supersede",
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- recognising and validating a file -----------------------------------------------------------------


def is_fts_file(data: bytes) -> bool:
    """True when the file's header names a column only the FTS format has (etl/import_formats.yaml's
    detect_by); nothing else is checked here. A file that is not UTF-8 or not CSV is not recognised, so
    the displacement import's checks name its problem."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    header = {cell.strip() for cell in next(csv.reader([first]), [])}
    return bool(header & set(load_formats()[FTS_FORMAT].detect_by))


def as_of_date(given: str | None, label: str, imported_at: dt.datetime) -> str:
    """The as-of date of an imported FTS file: the date given (YYYY-MM-DD, not after the import day), or
    else the import day. EtlError naming the file when the date given is not a real date or is later."""
    today = imported_at.date()
    if not given:
        return today.isoformat()
    value = given.strip()
    try:
        day = dt.date.fromisoformat(value) if _ISO_DATE.match(value) else None
    except ValueError:
        day = None
    if day is None:
        raise EtlError(Message("etl.import.fts.as_of_invalid", label=label, value=value))
    if day > today:
        raise EtlError(
            Message("etl.import.fts.as_of_future", label=label, value=value, today=today.isoformat())
        )
    return value


def parse_fts_import(
    data: bytes, label: str, *, source_id: str, names: dict[str, Local], as_of: str, **imported: Any
) -> FtsFile:
    """Read and validate an FTS file: EtlError listing every problem (file, row, column) if any.

    `names` are the region's countries (ISO3 -> names); `imported` the FtsFile's import fields."""
    text = check_file_bytes(data, label)
    header, body = read_records(text, label)
    fmt = detect_format(header, label)  # unknown or missing columns refused here, naming them
    if fmt.id != FTS_FORMAT:
        raise EtlError(Message("etl.import.fts.not_fts", label=label, kind=fmt.name))
    world = pd.DataFrame([cells for _, cells in body], columns=header, index=[n for n, _ in body])
    world = world[FTS_COLUMNS]
    region = world[world["countryCode"].isin(list(names))]
    if region.empty:
        raise EtlError(
            Message("etl.import.fts.no_region_rows", label=label, countries=", ".join(sorted(names)))
        )
    problems = region_problems(region, label, names)
    if problems:
        raise problems_error(problems)
    check_plan_attributes(region[region["id"] != ""], label)
    return FtsFile(source_id=source_id, label=label, as_of=as_of, world=world, region=region, **imported)


def stored_files(raw_dir: Path, config: dict, names: dict[str, Local]) -> list[FtsFile]:
    """The FTS files listed in imports/manifest.csv, read and validated again, in import order."""
    folder = config.get("imports_dir", "imports")
    imports_dir = Path(raw_dir) / folder
    manifest = read_manifest(imports_dir)
    files = []
    for entry in manifest[manifest["format"] == FTS_FORMAT].itertuples(index=False):
        label, data = read_stored(imports_dir, entry, folder)
        given = str(getattr(entry, "as_of", "") or "")
        files.append(
            parse_fts_import(
                data,
                label,
                source_id=source_id_for(entry.sha256),
                names=names,
                as_of=given or entry.imported_at[:10],
                original_name=entry.original_name,
                stored_name=entry.stored_name,
                imported_at=entry.imported_at,
                sha256=entry.sha256,
                as_of_given=bool(given),
            )
        )
    return files


# --- superseding -------------------------------------------------------------------------------------


def by_as_of(files: list[FtsFile]) -> list[FtsFile]:
    """Oldest as-of date first; files of one date keep their order (the data/raw/fts/ file, then imports)."""
    return sorted(files, key=lambda f: f.as_of)


def _keys(rows: pd.DataFrame) -> pd.Series:
    """What a row is the figure of: a plan in a country, or funding outside any plan in a country-year."""
    plan = "plan " + rows["id"] + " " + rows["countryCode"]
    outside = "outside " + rows["countryCode"] + " " + rows["year"]
    return plan.where(rows["id"] != "", outside)


def supersede(files: list[FtsFile]) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
    """The region's rows of all files, each file (in by_as_of order) replacing the rows of earlier files
    that it lists: (rows with their file's source_id, oldest file's rows first; per source_id the counts
    the import checks report: rows, region, replaced, changed, added, kept, later)."""
    merged = pd.DataFrame(columns=[*FTS_COLUMNS, "source_id", "_key"])
    counts: dict[str, dict[str, int]] = {}
    for fts_file in files:
        rows = fts_file.region.assign(source_id=fts_file.source_id)
        rows["_key"] = _keys(rows)
        replaced = merged["_key"].isin(rows["_key"])
        before = merged[replaced].set_index("_key")[FTS_COLUMNS]
        after = rows.set_index("_key").loc[before.index, FTS_COLUMNS]
        counts[fts_file.source_id] = {
            "rows": len(fts_file.world),
            "region": len(rows),
            "replaced": int(replaced.sum()),
            "changed": int((before != after).any(axis=1).sum()),
            "added": len(rows) - int(replaced.sum()),
            "kept": int((~replaced).sum()),
        }
        merged = pd.concat([merged[~replaced], rows], ignore_index=True) if len(merged) else rows
    merged = merged.reset_index(drop=True)
    for source_id, count in counts.items():
        count["later"] = count["region"] - int((merged["source_id"] == source_id).sum())
    return merged.drop(columns="_key"), counts


def plan_countries(files: list[FtsFile]) -> pd.Series:
    """Per plan id, how many countries (worldwide) any of the files has rows for under it."""
    pairs = pd.concat([f.world.loc[f.world["id"] != "", ["id", "countryCode"]] for f in files])
    return pairs.drop_duplicates().groupby("id")["countryCode"].nunique()


# --- sources, checks and what the importer says ----------------------------------------------------


def sources_rows(files: list[FtsFile], provenance: dict[str, Any], imports_dir: str) -> list[dict[str, str]]:
    """One sources row per imported file: its as-of date, how that date was set, its copy under raw/."""
    rows = []
    for f in files:
        if not f.sha256:
            continue
        how = (
            f"The file carries no date; {f.as_of} is the as-of date given at import (--as-of)."
            if f.as_of_given
            else f"The file carries no date; its figures are taken as of the day it was imported ({f.as_of})."
        )
        rows.append(
            {
                "source_id": f.source_id,
                "title": f"OCHA FTS requirements and funding by plan, country and year: {f.original_name} "
                f"(a later download of HDX's fts_requirements_funding_global.csv)",
                "short_title": str(provenance.get("short_title", "")),
                "short_title_fr": str(provenance.get("short_title_fr", "")),
                "publisher": str(provenance.get("publisher", "")),
                "date": f.as_of,
                "date_note": f"{how} Imported {f.imported_at} (sha256 {f.sha256[:SHA_PREFIX]}); it replaces "
                "the rows of FTS files dated earlier for the plans and years it lists.",
                "url": str(provenance.get("url", "") or ""),
                "file": f"data/raw/{imports_dir}/{f.stored_name}",
                "licence": str(provenance.get("licence", "") or ""),
            }
        )
    return rows


def counts_message(count: dict[str, int]) -> Message:
    later = Message("etl.import.fts.later", count=count["later"]) if count["later"] else ""
    return Message("etl.import.fts.counts", **{k: v for k, v in count.items() if k != "later"}, later=later)


def how_dated(fts_file: FtsFile) -> Message:
    return Message("etl.import.fts.as_of_given" if fts_file.as_of_given else "etl.import.fts.as_of_imported")


def import_checks(files: list[FtsFile], counts: dict[str, dict[str, int]]) -> list[dict]:
    """One `pass` row of the checks table per imported file: its as-of date and what it replaced."""
    checks = []
    for f in files:
        if not f.sha256:
            continue
        message = Message(
            "etl.check.fts.import.message",
            name=f.original_name,
            imported_at=f.imported_at,
            sha256=f.sha256[:SHA_PREFIX],
            as_of=f.as_of,
            how=how_dated(f),
            counts=counts_message(counts[f.source_id]),
        )
        subject = Message("etl.check.fts.import.subject", name=f.original_name)
        checks.append(
            check_row(f"fts-import-{f.source_id}", "fts_plan_funding", "pass", subject, message, f.source_id)
        )
    return checks
