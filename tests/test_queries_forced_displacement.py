"""Displacement queries on the committed tables (which tests/test_etl_build.py proves equal a rebuild from
the raw files): the figures a page shows equal the raw files, a country without a figure is NA, never 0,
and no figure adds IDPs of two sources."""

from __future__ import annotations

import csv
from collections import defaultdict

import pandas as pd
import pytest

from dashboard.queries import forced_displacement as fd
from dashboard.tables import read_table
from etl.common import RAW_DIR

DISPLACEMENT = RAW_DIR / "displacement"
NO_IDMC_CONFLICT_ROWS = {"CPV", "GAB", "GIN", "GNB", "MRT"}


def raw_rows(name: str) -> list[dict[str, str]]:
    with (DISPLACEMENT / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def idps() -> pd.DataFrame:
    return read_table("idmc_conflict_idps")


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return read_table("unhcr_population")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return read_table("idmc_disaster_events")


@pytest.fixture(scope="module")
def entities() -> pd.DataFrame:
    return read_table("entities")


@pytest.fixture(scope="module")
def hosted_refugees_in_raw_file() -> dict[tuple[str, int], int]:
    """Refugees hosted per (country of asylum, year), summed from the raw file, rows of people who crossed
    a border only."""
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for row in raw_rows("unhcr_population_wca.csv"):
        if row["coo_iso"] != row["coa_iso"]:
            totals[(row["coa_iso"], int(row["year"]))] += int(row["refugees"])
    return totals


def test_burkina_faso_conflict_idps_end_2023_and_latest_year(idps):
    series = fd.conflict_idps_series(idps, "BFA").set_index("year")
    assert series.at[2023, "idps"] == 2_062_534
    latest = fd.latest_conflict_idps(idps, "BFA")
    assert (latest["year"], latest["idps"]) == (2024, 2_062_534)
    assert latest["source_id"] == "IDMC-GIDD-2025-CONFLICT"
    later = fd.latest_conflict_idps(idps, "BFA", series="idmc_via_unhcr")
    assert (later["year"], later["source_id"]) == (2025, "UNHCR-GT2025-IDMC-IDPS")
    assert fd.latest_conflict_idps(idps, "MRT") is None


def test_both_idmc_releases_side_by_side_never_merged(idps):
    nigeria = fd.conflict_idps_by_series(idps, "NGA").set_index("year")
    assert nigeria.loc[2024].tolist() == [3_359_007, 3_472_000]
    assert pd.isna(nigeria.at[2025, "idmc_gidd"]) and nigeria.at[2025, "idmc_via_unhcr"] == 3_496_000


def test_chad_refugees_hosted_end_2024_and_2025(population):
    chad = fd.refugees_hosted(population, "TCD").set_index("year")
    # README: 1,278,866 refugees (incl. refugee-like) at the end of 2024; asylum-seekers are counted apart.
    assert chad.at[2024, "refugees"] == 1_278_866
    assert chad.at[2025, "refugees"] == 1_502_263
    assert chad.at[2024, "refugees_and_asylum_seekers"] == 1_278_866 + chad.at[2024, "asylum_seekers"]
    assert set(chad["source_id"]) == {"UNHCR-GT2025-POPULATION"}


def test_refugees_originating_equal_the_raw_file(population):
    mali = fd.refugees_originating(population, "MLI").set_index("year")
    published = sum(int(r["refugees"]) for r in raw_rows("unhcr_population_wca.csv")
                    if r["coo_iso"] == "MLI" and r["coa_iso"] != "MLI" and r["year"] == "2025")
    assert mali.at[2025, "refugees"] == published == 519_738


def test_regional_refugees_hosted_2025_colours_countries_with_figures_and_leaves_others_na(
    population, entities, hosted_refugees_in_raw_file
):
    region = fd.regional_displacement("refugees_hosted", 2025, entities, population)
    countries = list(entities.loc[entities["kind"] == "country", "entity_id"])
    assert list(region["entity_id"]) == countries and len(countries) == 20
    for row in region.itertuples():
        published = hosted_refugees_in_raw_file.get((row.entity_id, 2025), 0)
        if published:
            assert row.value == published and row.source_id == "UNHCR-GT2025-POPULATION", row.entity_id
        else:  # UNHCR's 2025 rows for Cabo Verde and Sierra Leone are about stateless and others of concern
            assert pd.isna(row.value) and pd.isna(row.source_id), row.entity_id
    assert set(region.loc[region["value"].isna(), "entity_id"]) == {"CPV", "SLE"}
    assert not (region["value"] == 0).any()
    assert region.set_index("entity_id").at["TCD", "value"] == 1_502_263


def test_regional_conflict_idps_leave_countries_without_idmc_rows_empty(idps, entities):
    region = fd.regional_displacement("conflict_idps", 2023, entities, idps).set_index("entity_id")
    published = {r["iso3"]: int(r["total_displacement"])
                 for r in raw_rows("idmc_gidd_conflict_internal_displacements.csv")
                 if r["year"] == "2023" and r["iso3"] in region.index and r["total_displacement"]}
    assert region["value"].dropna().to_dict() == published
    assert set(region.index[region["value"].isna()]) == NO_IDMC_CONFLICT_ROWS | {"LBR"}  # LBR: none for 2023
    assert region.at["BFA", "value"] == 2_062_534
    # The later release is its own map, with its own figure: never the sum of the two.
    later = fd.regional_displacement("conflict_idps", 2024, entities, idps, series="idmc_via_unhcr")
    assert later.set_index("entity_id").at["NGA", "value"] == 3_472_000


def test_regional_disaster_displacements_are_the_events_of_the_year(events, entities):
    region = fd.regional_displacement("disaster_displacements", 2024, entities, events).set_index("entity_id")
    rows = [r for r in raw_rows("idmc_gidd_disaster_events_wca.csv") if r["year"] == "2024"]
    for iso3 in region.index:
        published = [int(r["new_displacement"]) for r in rows if r["iso3"] == iso3]
        if published:
            assert region.at[iso3, "value"] == sum(published), iso3
        else:
            assert pd.isna(region.at[iso3, "value"]), iso3
    assert fd.measure_years("disaster_displacements", events, entities)[0] == 2008


def test_top_origins_and_hosts_with_their_year(population):
    origins = fd.top_origins(population, "TCD", year=2024)
    assert origins.iloc[0][["origin_iso3", "origin_name_fr", "refugees", "year"]].tolist() == [
        "SDN", "Soudan", 1_109_357, 2024]
    assert origins["refugees"].is_monotonic_decreasing and len(origins) == 10
    hosts = fd.top_hosts(population, "MLI")
    assert set(hosts["year"]) == {2025}  # the latest year by default
    assert hosts.iloc[0]["asylum_iso3"] == "MRT"
    assert "MLI" not in set(hosts["asylum_iso3"])  # IDPs of concern are not refugees hosted abroad


def test_forcibly_displaced_adds_only_unhcr_figures_of_one_year(population, idps):
    nigeria = fd.unhcr_forcibly_displaced(population, "NGA", 2024)
    assert nigeria["idps"] == 3_432_959 and nigeria["source_id"] == "UNHCR-GT2025-POPULATION"
    assert nigeria["components"] == ("refugees", "asylum_seekers", "idps")
    originating = fd.refugees_originating(population, "NGA").set_index("year").loc[2024]
    assert nigeria["total"] == originating["refugees"] + originating["asylum_seekers"] + 3_432_959
    assert nigeria["total"] != nigeria["refugees"] + nigeria["asylum_seekers"] + 3_359_007  # not IDMC's
    ghana = fd.unhcr_forcibly_displaced(population, "GHA", 2024)
    assert ghana["components"] == ("refugees", "asylum_seekers") and ghana["idps"] is None


def test_trends_keep_each_source_and_series_apart(idps, population, entities):
    expected_sources = {
        "conflict_idps_idmc_gidd": "IDMC-GIDD-2025-CONFLICT",
        "conflict_idps_idmc_via_unhcr": "UNHCR-GT2025-IDMC-IDPS",
        "refugees_hosted": "UNHCR-GT2025-POPULATION",
        "asylum_seekers_hosted": "UNHCR-GT2025-POPULATION",
        "refugees_originating": "UNHCR-GT2025-POPULATION",
        "asylum_seekers_originating": "UNHCR-GT2025-POPULATION",
        "idps_of_concern": "UNHCR-GT2025-POPULATION",
    }
    for iso3 in fd.region_countries(entities):
        trends = fd.displacement_trends(idps, population, iso3)
        assert trends["year"].min() >= fd.TRENDS_SINCE if len(trends) else True
        assert not trends.duplicated(["measure", "year"]).any(), iso3
        assert (trends["measure"].map(expected_sources) == trends["source_id"]).all(), iso3
        for series in fd.IDMC_SERIES:
            shown = trends[trends["measure"] == f"conflict_idps_{series}"].set_index("year")["value"]
            table = idps[(idps["entity_id"] == iso3) & (idps["series"] == series) & idps["idps"].notna()]
            table = table[table["year"] >= fd.TRENDS_SINCE].set_index("year")["idps"]
            assert shown.sort_index().tolist() == table.sort_index().tolist(), (iso3, series)
    nigeria = fd.displacement_trends(idps, population, "NGA")
    idps_2024 = nigeria[nigeria["year"] == 2024].set_index("measure")["value"]
    assert idps_2024["conflict_idps_idmc_gidd"] == 3_359_007
    assert idps_2024["idps_of_concern"] == 3_432_959


def test_a_figure_over_two_sources_is_refused(population):
    mixed = population.copy()
    mixed.loc[mixed.index[0], "source_id"] = "SOMEONE-ELSE"
    with pytest.raises(ValueError, match="several sources"):
        fd.refugees_hosted(mixed, "TCD")
    with pytest.raises(ValueError, match="unknown measure"):
        fd.regional_displacement("idps_all_sources", 2024, pd.DataFrame(), population)


def test_regional_page_defaults_latest_year_largest_host_flow_year(idps, population, events, entities):
    assert fd.latest_measure_year("conflict_idps", idps, entities) == 2024
    assert fd.latest_measure_year("conflict_idps", idps, entities, series="idmc_via_unhcr") == 2025
    assert fd.latest_measure_year("refugees_hosted", population, entities) == 2025
    assert fd.latest_measure_year("disaster_displacements", events, entities) == 2024
    assert fd.latest_measure_year("refugees_hosted", population.iloc[0:0], entities) is None
    # Chad hosts the most refugees of the region at the end of 2025 (README: 1,502,263)
    hosted_2025: dict[str, int] = defaultdict(int)
    for row in raw_rows("unhcr_population_wca.csv"):
        if row["year"] == "2025" and row["coo_iso"] != row["coa_iso"]:
            hosted_2025[row["coa_iso"]] += int(row["refugees"])
    largest = max(fd.region_countries(entities), key=lambda iso3: hosted_2025[iso3])
    assert fd.largest_host(population, entities) == largest == "TCD"
    assert fd.latest_flow_year(population, "TCD") == 2025
    # a country UNHCR counts no refugees into or out of has no flow year
    assert fd.latest_flow_year(population, "XXX") is None
