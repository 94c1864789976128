"""IDMC's internal displacement figures for the region: conflict IDPs at year end, and disaster events.

Read from data/raw/displacement/ (see data/raw/SOURCES.md):

- the Global Internal Displacement Database (GIDD) as HDX publishes it: conflict and violence IDPs at
  year end per country, 2009-2024 (series ``idmc_gidd``), and one row per disaster event, 2008-2024;
- IDMC's later release of conflict IDPs (to 2025) as UNHCR's Refugee Data Finder republishes it
  (series ``idmc_via_unhcr``).

The two IDMC releases differ for some countries (IDMC revises past years), so they are two series of one
table, never merged; the checks list their 2024 differences. Event rows count displacements (movements),
not people: one person displaced twice is counted twice, and no sum of events is IDMC's IDP figure.

The helpers for count files (SourceFile, read_counts, year checks) are shared with etl/sources/unhcr.py.

Tables returned: "idmc_conflict_idps", "idmc_disaster_events", "sources", "checks".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from etl.common import EtlError, french_country_name, read_reference_csv
from etl.messages import CHECK_COLUMNS, Join, Local, Message, check_row

FOLDER = "displacement"


@dataclass(frozen=True)
class SourceFile:
    """One raw file and the release it comes from: its `sources` row and the years it covers."""

    source_id: str
    file: str  # under data/raw/displacement/
    title: str
    short_title: str
    publisher: str
    date: str
    date_note: str
    url: str
    licence: str
    first_year: int
    last_year: int
    short_title_fr: str = ""  # the short title in French (the project's words)

    @property
    def short_name(self) -> Local:
        """The short title a check names the release by, in English and French."""
        return Local(self.short_title, self.short_title_fr or self.short_title)

    @property
    def label(self) -> str:
        return f"{FOLDER}/{self.file}"

    def sources_row(self) -> dict[str, str]:
        return {
            "source_id": self.source_id, "title": self.title, "short_title": self.short_title,
            "short_title_fr": self.short_title_fr,
            "publisher": self.publisher, "date": self.date, "date_note": self.date_note, "url": self.url,
            "file": f"data/raw/{self.label}", "licence": self.licence,
        }


SOURCE_FILES_PATH = Path(__file__).resolve().parent.parent / "displacement_sources.yaml"


def load_source_files(path: Path = SOURCE_FILES_PATH) -> dict[str, SourceFile]:
    """The files' provenance (etl/displacement_sources.yaml): what and where is configuration, not code."""
    with path.open(encoding="utf-8") as fh:
        return {key: SourceFile(**entry) for key, entry in yaml.safe_load(fh).items()}


SOURCE_FILES = load_source_files()
GIDD_CONFLICT = SOURCE_FILES["gidd_conflict"]
GIDD_DISASTERS = SOURCE_FILES["gidd_disasters"]
IDMC_VIA_UNHCR = SOURCE_FILES["idmc_via_unhcr"]
SERIES = {"idmc_gidd": GIDD_CONFLICT, "idmc_via_unhcr": IDMC_VIA_UNHCR}

CONFLICT_COLUMNS = ["series", "entity_id", "year", "idps", "idps_rounded", "new_displacements", "note",
                    "source_id"]
EVENT_COLUMNS = ["event_row", "entity_id", "year", "event_name", "start_date", "start_date_accuracy",
                 "end_date", "end_date_accuracy", "hazard_category", "hazard_sub_category", "hazard_type",
                 "displacements", "displacements_rounded", "idps_year_end", "idps_year_end_rounded",
                 "event_codes", "source_id"]
ZERO_STOCK_NOTE = ("IDMC's year-end total is 0 here and its rounded (published) figure is empty; kept as "
                   "published.")
# Spot values stated in the README of the reference files (/work/shared/reference/displacement/README.md):
# (series, ISO3, year, figure). Reproducing them shows the files were read as published.
SPOT_IDPS = (("idmc_gidd", "BFA", 2023, 2_062_534), ("idmc_gidd", "NGA", 2024, 3_359_007),
             ("idmc_via_unhcr", "NGA", 2024, 3_472_000))
VINTAGE_YEAR = 2024


# --- helpers shared with the UNHCR step ----------------------------------------------------------------


def region_names(context: dict[str, pd.DataFrame]) -> dict[str, Local]:
    """The region's 20 countries (context["entities"], kind country), ISO3 -> names in both languages."""
    entities = context.get("entities")
    if entities is None or not {"entity_id", "name_en", "name_fr"} <= set(entities.columns):
        raise EtlError("displacement (IDMC, UNHCR): context['entities'] with entity_id, name_en and name_fr "
                       "is needed to keep the region's countries; build the entities table first.")
    countries = entities[entities["entity_id"].str.fullmatch(r"[A-Z]{3}")]
    return {row.entity_id: Local(row.name_en, row.name_fr) for row in countries.itertuples()}


def country_name(iso3: str, english: str, region: dict[str, Local]) -> Local:
    """A country's names: the project's own for the region, else the source's English and ISO's French."""
    if iso3 in region:
        return region[iso3]
    try:
        return Local(english, french_country_name(iso3))
    except EtlError:
        return Local(english)


def parse_years(values: pd.Series, source: SourceFile) -> pd.Series:
    """Years as integers; a cell that is not a four-digit year is an EtlError naming its row."""
    bad = ~values.str.fullmatch(r"\d{4}")
    if bad.any():
        row = int(bad.idxmax())
        raise EtlError(Message("etl.error.forced_displacement.not_year", file=source.label, row=row + 2,
                               value=repr(values[row])))
    return values.astype("int64")


def parse_counts(values: pd.Series, source: SourceFile, column: str) -> pd.Series:
    """Whole numbers of people or displacements (Int64; an empty cell stays unknown, never 0).

    "2529.0" is read as 2529 (HDX writes some counts as floats); a negative count or any other text is an
    EtlError naming file, row and column. The frame's index is the row's position in the file."""
    valid = values.eq("") | values.str.fullmatch(r"\d+(?:\.0*)?")
    if not valid.all():
        row = int((~valid).idxmax())
        value = values[row]
        kind = "negative" if re.fullmatch(r"-\s*\d+(?:\.\d*)?", value) else "not_count"
        raise EtlError(Message(f"etl.error.forced_displacement.{kind}", file=source.label, row=row + 2,
                               column=column, value=value))
    whole = values.str.replace(r"\.0*$", "", regex=True)
    return whole.where(whole != "").astype("string").astype("Int64")


def read_counts(raw_dir: Path, source: SourceFile, columns: list[str]) -> pd.DataFrame:
    """The raw file as text, every column of `columns` required; the index is the row's position."""
    return read_reference_csv(raw_dir / source.label, source.label, columns)


def year_checks(years: pd.Series, source: SourceFile, table: str) -> list[dict]:
    """One pass row when every year is within the release's coverage; else a warning per row outside it
    (kept as published: a year outside the coverage is suspect, not impossible)."""
    outside = years[(years < source.first_year) | (years > source.last_year)]
    # Read by visitors (the methods page): the source by its short title, not its file.
    span = {"source": source.short_name, "first": source.first_year, "last": source.last_year}
    if outside.empty:
        subject = Message("etl.check.forced_displacement.years_subject", **span)
        message = Message("etl.check.forced_displacement.years_within", rows=len(years), **span)
        return [check_row(f"{source.source_id}-years", table, "pass", subject, message, source.source_id)]
    return [
        check_row(f"{source.source_id}-year-row{row + 2}", table, "warning",
                  Message("etl.check.forced_displacement.year_outside_subject", row=row + 2, year=year,
                          **span),
                  Message("etl.check.forced_displacement.year_outside", row=row + 2, year=year, **span),
                  source.source_id)
        for row, year in outside.items()
    ]


def figure_or(value: object, absent: str) -> Message:
    """A count as the language writes it, or the catalogue's word for its absence ("no figure", "empty")."""
    if pd.isna(value):
        return Message(f"etl.check.forced_displacement.{absent}")
    return Message("etl.check.forced_displacement.figure", value=int(value))


def spot_check(check_id: str, table: str, source: SourceFile, subject: Message, value: object,
               expected: int) -> dict:
    """A README spot value against the table: pass when equal, warning (kept as in the file) otherwise."""
    if pd.notna(value) and int(value) == expected:
        status = "pass"
        message = Message("etl.check.forced_displacement.spot_equal", subject=subject, value=int(value))
    else:
        shown = figure_or(value, "no_figure")
        status = "warning"
        message = Message("etl.check.forced_displacement.spot_differs", subject=subject, value=shown,
                          expected=expected, file=source.label)
    subject_row = Message("etl.check.forced_displacement.spot_subject", subject=subject)
    return check_row(check_id, table, status, subject_row, message, source.source_id)


# --- conflict IDPs -------------------------------------------------------------------------------------


def gidd_conflict_rows(raw_dir: Path, region: dict[str, Local]) -> pd.DataFrame:
    source = GIDD_CONFLICT
    raw = read_counts(raw_dir, source, ["iso3", "year", "new_displacement", "total_displacement",
                                        "total_displacement_rounded"])
    raw = raw[raw["iso3"].isin(region)]
    idps = parse_counts(raw["total_displacement"], source, "total_displacement")
    rounded = parse_counts(raw["total_displacement_rounded"], source, "total_displacement_rounded")
    zero_stock = idps.eq(0).fillna(False) & rounded.isna()
    return pd.DataFrame({
        "series": "idmc_gidd",
        "entity_id": raw["iso3"],
        "year": parse_years(raw["year"], source),
        "idps": idps,
        "idps_rounded": rounded,
        "new_displacements": parse_counts(raw["new_displacement"], source, "new_displacement"),
        "note": zero_stock.map({True: ZERO_STOCK_NOTE, False: ""}),
        "source_id": source.source_id,
    })


def unhcr_republished_rows(raw_dir: Path, region: dict[str, Local]) -> pd.DataFrame:
    source = IDMC_VIA_UNHCR
    raw = read_counts(raw_dir, source, ["year", "coo_iso", "coa_iso", "total"])
    raw = raw[raw["coo_iso"].isin(region)]
    other = raw[raw["coa_iso"] != raw["coo_iso"]]
    if not other.empty:  # IDPs are displaced inside their own country: origin = asylum on every row
        row = int(other.index[0])
        raise EtlError(Message("etl.error.forced_displacement.idp_abroad", file=source.label, row=row + 2,
                               origin=other.at[row, "coo_iso"], asylum=other.at[row, "coa_iso"]))
    total = parse_counts(raw["total"], source, "total")
    return pd.DataFrame({
        "series": "idmc_via_unhcr",
        "entity_id": raw["coo_iso"],
        "year": parse_years(raw["year"], source),
        "idps": total,
        "idps_rounded": total,  # UNHCR republishes IDMC's rounded figure
        "new_displacements": pd.array([pd.NA] * len(raw), dtype="Int64"),
        "note": "",
        "source_id": source.source_id,
    })


def conflict_checks(table: pd.DataFrame, region: dict[str, Local]) -> list[dict]:
    checks = []
    for series, source in SERIES.items():
        rows = table[table["series"] == series]
        missing = [iso3 for iso3 in region if iso3 not in set(rows["entity_id"])]
        if missing:
            subject = Message("etl.check.forced_displacement.no_rows_subject", source=source.short_name)
            names = Join(region[c] for c in missing)
            message = Message("etl.check.forced_displacement.no_rows", countries=names)
            checks.append(check_row(f"{source.source_id}-no-rows", "idmc_conflict_idps", "pass", subject,
                                    message, source.source_id))
    for series, iso3, year, expected in SPOT_IDPS:
        source = SERIES[series]
        found = table[(table["series"] == series) & (table["entity_id"] == iso3) & (table["year"] == year)]
        subject = Message("etl.check.forced_displacement.spot_conflict_idps", country=region[iso3], year=year,
                          source=source.short_name)
        value = found["idps"].iloc[0] if len(found) else pd.NA
        checks.append(spot_check(f"{source.source_id}-spot-{iso3}-{year}", "idmc_conflict_idps", source,
                                 subject, value, expected))
    zero = table[table["note"] == ZERO_STOCK_NOTE]
    if not zero.empty:
        listed = Join(Message("etl.check.forced_displacement.country_year", country=region[r.entity_id],
                              year=r.year)
                      for r in zero.itertuples())
        checks.append(check_row(f"{GIDD_CONFLICT.source_id}-zero-stock", "idmc_conflict_idps", "warning",
                                Message("etl.check.forced_displacement.zero_stock_subject",
                                        source=GIDD_CONFLICT.short_name),
                                Message("etl.check.forced_displacement.zero_stock", rows=len(zero),
                                        list=listed),
                                GIDD_CONFLICT.source_id))
    return checks + vintage_checks(table, region)


def vintage_checks(table: pd.DataFrame, region: dict[str, Local]) -> list[dict]:
    """The two IDMC releases for the same year, country by country: a warning naming both figures where
    they differ (GIDD's rounded figure against UNHCR's, which republishes rounded figures)."""
    year = table[(table["year"] == VINTAGE_YEAR) & table["idps"].notna()]
    gidd = year[year["series"] == "idmc_gidd"].set_index("entity_id")
    unhcr = year[year["series"] == "idmc_via_unhcr"].set_index("entity_id")
    checks, equal, one_only = [], [], []
    for iso3 in region:
        if iso3 in gidd.index and iso3 in unhcr.index:
            exact, rounded, republished = (gidd.at[iso3, "idps"], gidd.at[iso3, "idps_rounded"],
                                           unhcr.at[iso3, "idps"])
            if pd.notna(rounded) and rounded == republished:
                equal.append(region[iso3])
                continue
            checks.append(check_row(
                f"IDMC-VINTAGES-{VINTAGE_YEAR}-{iso3}", "idmc_conflict_idps", "warning",
                Message("etl.check.forced_displacement.vintage_subject", country=region[iso3],
                        year=VINTAGE_YEAR),
                Message("etl.check.forced_displacement.vintage_differs", country=region[iso3],
                        year=VINTAGE_YEAR, gidd=int(exact),
                        gidd_rounded=figure_or(rounded, "empty"),
                        unhcr=int(republished), gidd_source=GIDD_CONFLICT.short_name,
                        unhcr_source=IDMC_VIA_UNHCR.short_name),
                IDMC_VIA_UNHCR.source_id))
        elif iso3 in gidd.index or iso3 in unhcr.index:
            one_only.append(region[iso3])
    checks.append(check_row(
        f"IDMC-VINTAGES-{VINTAGE_YEAR}", "idmc_conflict_idps", "pass",
        Message("etl.check.forced_displacement.vintage_summary_subject", year=VINTAGE_YEAR),
        Message("etl.check.forced_displacement.vintage_summary", year=VINTAGE_YEAR, equal=Join(equal),
                one_only=Join(one_only),
                differ=len(checks)),
        IDMC_VIA_UNHCR.source_id))
    return checks


# --- disaster events -----------------------------------------------------------------------------------


def disaster_event_rows(raw_dir: Path, region: dict[str, Local]) -> pd.DataFrame:
    source = GIDD_DISASTERS
    raw = read_counts(raw_dir, source, ["iso3", "year", "start_date", "start_date_accuracy", "end_date",
                                        "end_date_accuracy", "event_name", "hazard_category_name",
                                        "hazard_sub_category_name", "hazard_type_name", "new_displacement",
                                        "new_displacement_rounded", "total_displacement",
                                        "total_displacement_rounded", "event_codes"])
    raw = raw[raw["iso3"].isin(region)]
    return pd.DataFrame({
        "event_row": raw.index + 2,
        "entity_id": raw["iso3"],
        "year": parse_years(raw["year"], source),
        "event_name": raw["event_name"],
        "start_date": raw["start_date"],
        "start_date_accuracy": raw["start_date_accuracy"],
        "end_date": raw["end_date"],
        "end_date_accuracy": raw["end_date_accuracy"],
        "hazard_category": raw["hazard_category_name"],
        "hazard_sub_category": raw["hazard_sub_category_name"],
        "hazard_type": raw["hazard_type_name"],
        "displacements": parse_counts(raw["new_displacement"], source, "new_displacement"),
        "displacements_rounded": parse_counts(raw["new_displacement_rounded"], source,
                                              "new_displacement_rounded"),
        "idps_year_end": parse_counts(raw["total_displacement"], source, "total_displacement"),
        "idps_year_end_rounded": parse_counts(raw["total_displacement_rounded"], source,
                                              "total_displacement_rounded"),
        "event_codes": raw["event_codes"].where(raw["event_codes"] != "[]", ""),
        "source_id": source.source_id,
    })


def event_checks(events: pd.DataFrame) -> list[dict]:
    """Year checks and repeated rows; events' index is still the rows' position in the file."""
    source = GIDD_DISASTERS
    checks = year_checks(events["year"], source, "idmc_disaster_events")
    repeated = events[events.drop(columns="event_row").duplicated(keep=False)]
    if not repeated.empty:
        checks.append(check_row(
            f"{source.source_id}-repeated-rows", "idmc_disaster_events", "warning",
            # Read by visitors (the methods page): the source by its title, the rows by what they are.
            Message("etl.check.forced_displacement.repeated_subject", source=source.short_title),
            Message("etl.check.forced_displacement.repeated", source=source.short_title, count=len(repeated),
                    names=Join(dict.fromkeys(repeated["event_name"]))),
            source.source_id))
    return checks


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    region = region_names(context)
    gidd, republished = gidd_conflict_rows(raw_dir, region), unhcr_republished_rows(raw_dir, region)
    # Year checks while each frame's index is still the rows' position in its file (for the row numbers).
    checks = year_checks(gidd["year"], GIDD_CONFLICT, "idmc_conflict_idps")
    checks += year_checks(republished["year"], IDMC_VIA_UNHCR, "idmc_conflict_idps")
    conflict = pd.concat([gidd, republished], ignore_index=True)
    conflict = conflict.sort_values(["series", "entity_id", "year"], kind="mergesort").reset_index(drop=True)
    events = disaster_event_rows(raw_dir, region)
    checks += conflict_checks(conflict, region) + event_checks(events)
    events = events.reset_index(drop=True)
    checks = pd.DataFrame(checks, columns=CHECK_COLUMNS)
    sources = pd.DataFrame([s.sources_row() for s in (GIDD_CONFLICT, GIDD_DISASTERS, IDMC_VIA_UNHCR)])
    return {
        "idmc_conflict_idps": conflict[CONFLICT_COLUMNS],
        "idmc_disaster_events": events[EVENT_COLUMNS],
        "sources": sources,
        "checks": checks.sort_values("check_id", kind="mergesort").reset_index(drop=True),
    }
