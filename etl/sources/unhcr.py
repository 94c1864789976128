"""UNHCR Refugee Population Statistics for flows that touch the region: population and solutions.

Read from data/raw/displacement/ (see data/raw/SOURCES.md): UNHCR's R package `refugees`, Global Trends
2025 release, by year x country of origin x country of asylum. Only rows whose origin or asylum is one
of the region's 20 countries are kept (filtered first, so a global file costs little more).

Counts are kept as UNHCR publishes them: a 0 in a row UNHCR publishes is UNHCR's zero; a country-year
with no row at all has no figure (the queries leave it unknown, never 0); an empty cell (solutions, and
`oip`, which this release never fills) stays empty. UNHCR's IDPs of concern count people IDMC and DTM
also count, differently: they are never added to either.

Tables returned: "unhcr_population", "unhcr_solutions", "sources", "checks".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.common import EtlError
from etl.messages import CHECK_COLUMNS, Local, Message, check_row
from etl.sources.idmc import (
    SOURCE_FILES,
    SourceFile,
    country_name,
    parse_counts,
    parse_years,
    read_counts,
    region_names,
    spot_check,
    year_checks,
)

POPULATION = SOURCE_FILES["population"]
SOLUTIONS = SOURCE_FILES["solutions"]

PLACE_COLUMNS = ["year", "origin_iso3", "origin_name", "origin_name_fr", "asylum_iso3", "asylum_name",
                 "asylum_name_fr"]
# raw column -> table column
POPULATION_COUNTS = {"refugees": "refugees", "asylum_seekers": "asylum_seekers", "idps": "idps",
                     "ooc": "others_of_concern", "oip": "other_in_need", "stateless": "stateless"}
SOLUTIONS_COUNTS = {"returned_refugees": "returned_refugees", "resettlement": "resettlement",
                    "naturalisation": "naturalisation", "returned_idps": "returned_idps"}
RAW_PLACES = ["year", "coo_name", "coo_iso", "coa_name", "coa_iso"]
# UNHCR's codes for people whose origin is not a country (no ISO 3166 entry, hence no French name there).
NOT_COUNTRIES = {"UNK": Local("Unknown", "Inconnu"), "XXA": Local("Stateless", "Apatride")}

# README spot values (/work/shared/reference/displacement/README.md): (check id, role, ISO3, other ISO3
# or None, year, column, figure). role "asylum": the country hosts them; "origin": they come from it.
SPOT_VALUES = (
    ("TCD-hosted-2024", "asylum", "TCD", None, 2024, "refugees", 1_278_866),
    ("TCD-hosted-SDN-2024", "asylum", "TCD", "SDN", 2024, "refugees", 1_109_357),
    ("TCD-hosted-2025", "asylum", "TCD", None, 2025, "refugees", 1_502_263),
    ("NGA-idps-2024", "origin", "NGA", "NGA", 2024, "idps", 3_432_959),
)


def place_rows(raw: pd.DataFrame, source: SourceFile, region: dict[str, Local]) -> pd.DataFrame:
    """Year and origin/asylum with both names of each country (looked up once per country)."""
    names: dict[str, Local] = {}
    for iso3, english in pd.concat([raw[["coo_iso", "coo_name"]].set_axis(["iso3", "name"], axis=1),
                                    raw[["coa_iso", "coa_name"]].set_axis(["iso3", "name"], axis=1)]
                                   ).drop_duplicates("iso3").itertuples(index=False):
        names[iso3] = NOT_COUNTRIES.get(iso3) or country_name(iso3, english, region)
    return pd.DataFrame({
        "year": parse_years(raw["year"], source),
        "origin_iso3": raw["coo_iso"],
        "origin_name": raw["coo_iso"].map(lambda c: names[c].en),
        "origin_name_fr": raw["coo_iso"].map(lambda c: names[c].fr),
        "asylum_iso3": raw["coa_iso"],
        "asylum_name": raw["coa_iso"].map(lambda c: names[c].en),
        "asylum_name_fr": raw["coa_iso"].map(lambda c: names[c].fr),
    })


def read_flows(raw_dir: Path, source: SourceFile, counts: dict[str, str], region: dict[str, Local],
               table: str) -> tuple[pd.DataFrame, list[dict]]:
    """The rows whose origin or asylum is in the region, typed; and the check row saying how many."""
    raw = read_counts(raw_dir, source, RAW_PLACES + list(counts))
    in_region = raw["coo_iso"].isin(region) | raw["coa_iso"].isin(region)
    raw = raw[in_region]
    frame = place_rows(raw, source, region)
    for column, name in counts.items():
        frame[name] = parse_counts(raw[column], source, column)
    repeated = frame[frame.duplicated(["year", "origin_iso3", "asylum_iso3"], keep=False)]
    if not repeated.empty:
        first, second = (int(i) + 2 for i in repeated.index[:2])
        flow = repeated.iloc[0]
        raise EtlError(Message("etl.error.forced_displacement.repeated_flow", file=source.label, first=first,
                               second=second, year=int(flow["year"]), origin=flow["origin_iso3"],
                               asylum=flow["asylum_iso3"]))
    frame["source_id"] = source.source_id
    checks = year_checks(frame["year"], source, table)  # the index is still the rows' position in the file
    kept = check_row(f"{source.source_id}-rows", table, "pass",
                     Message("etl.check.forced_displacement.kept_subject", source=source.short_name),
                     Message("etl.check.forced_displacement.kept", source=source.short_name, kept=len(frame),
                             left=int((~in_region).sum()),
                             countries=len(region)),
                     source.source_id)
    return frame.reset_index(drop=True), [kept, *checks]


def spot_value(population: pd.DataFrame, role: str, iso3: str, other: str | None, year: int,
               column: str) -> object:
    """The sum of one column over the rows of a country-year in one role (NA when UNHCR has no row)."""
    other_role = "origin" if role == "asylum" else "asylum"
    rows = population[(population[f"{role}_iso3"] == iso3) & (population["year"] == year)]
    if other is not None:
        rows = rows[rows[f"{other_role}_iso3"] == other]
    return rows[column].sum(min_count=1)


def population_checks(population: pd.DataFrame, region: dict[str, Local]) -> list[dict]:
    checks = []
    names = population.drop_duplicates("origin_iso3").set_index("origin_iso3")
    for check_id, role, iso3, other, year, column, expected in SPOT_VALUES:
        other_name = None if other in (None, iso3) else Local(names.at[other, "origin_name"],
                                                              names.at[other, "origin_name_fr"])
        what = Message(f"etl.check.forced_displacement.spot_{column}_{role}", country=region[iso3], year=year,
                       source=POPULATION.short_name)
        if other_name is not None:
            what = Message("etl.check.forced_displacement.spot_from", what=what, origin=other_name)
        value = spot_value(population, role, iso3, other, year, column)
        checks.append(spot_check(f"{POPULATION.source_id}-spot-{check_id}", "unhcr_population", POPULATION,
                                 what, value, expected))
    return checks


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    region = region_names(context)
    population, checks = read_flows(raw_dir, POPULATION, POPULATION_COUNTS, region, "unhcr_population")
    solutions, solution_checks = read_flows(raw_dir, SOLUTIONS, SOLUTIONS_COUNTS, region, "unhcr_solutions")
    checks += population_checks(population, region) + solution_checks
    keys = ["year", "origin_iso3", "asylum_iso3"]
    checks_frame = pd.DataFrame(checks, columns=CHECK_COLUMNS)
    return {
        "unhcr_population": population.sort_values(keys, kind="mergesort").reset_index(drop=True),
        "unhcr_solutions": solutions.sort_values(keys, kind="mergesort").reset_index(drop=True),
        "sources": pd.DataFrame([POPULATION.sources_row(), SOLUTIONS.sources_row()]),
        "checks": checks_frame.sort_values("check_id", kind="mergesort").reset_index(drop=True),
    }

