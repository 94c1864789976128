"""FTS queries over the committed tables: the figures a page will show equal the table rows they sum."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.queries import fts as q
from dashboard.tables import read_table


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    names = ("fts_plans", "fts_plan_funding", "fts_outside_plans", "sources", "entities")
    return {name: read_table(name) for name in names}


@pytest.fixture(scope="module")
def rows(tables) -> pd.DataFrame:
    return q.plan_rows(tables["fts_plans"], tables["fts_plan_funding"], tables["sources"])


def table_rows(tables, year: int, regional: bool) -> pd.DataFrame:
    """The fts_plan_funding rows of one year and scope, read straight from the tables."""
    plans = tables["fts_plans"]
    chosen = plans[(plans["year"] == year) & (plans["is_regional"] == regional)]["plan_id"]
    return tables["fts_plan_funding"][tables["fts_plan_funding"]["plan_id"].isin(chosen)]


def test_years_and_as_of(rows):
    assert q.latest_year(rows) == 2026
    assert q.last_complete_year(rows) == 2025
    assert q.as_of_date(rows) == "2026-03-12"
    assert len(rows) == 239 and rows["as_of"].eq("2026-03-12").all()


def test_gap_by_country_2026_country_plans(rows, tables):
    gaps = q.gap_by_country(rows, tables["entities"], 2026).set_index("entity_id")
    assert len(gaps) == 20  # every country of the region, with or without a plan
    chad = gaps.loc["TCD"]
    assert (chad["requirement_usd"], chad["funding_usd"], chad["gap_usd"]) == (
        986_069_627,
        188_686_311,
        797_383_316,
    )
    assert chad["percent_funded"] == 19 and chad["plans"] == 1
    assert (
        chad["plan_names"] == "Tchad Besoins Humanitaires et Plan de Réponse 2026"
        and chad["as_of"] == "2026-03-12"
    )
    # a country without a plan that year: no plan, never a zero gap
    senegal = gaps.loc["SEN"]
    assert senegal["plans"] == 0 and pd.isna(senegal["gap_usd"]) and pd.isna(senegal["requirement_usd"])
    assert set(gaps.index[gaps["plans"] > 0]) == {"BFA", "CAF", "CMR", "MLI", "NER", "NGA", "TCD"}
    # each country's figures equal its table row
    expected = table_rows(tables, 2026, regional=False).set_index("entity_id")
    for col in ("requirement_usd", "funding_usd", "gap_usd"):
        assert gaps.loc[list(expected.index), col].tolist() == expected[col].tolist(), col


def test_country_plans_and_regional_shares_are_never_summed(rows, tables):
    # Central African Republic, 2024: its HRP, and its share of the Sudan regional refugee plan
    country = q.gap_by_country(rows, tables["entities"], 2024, q.COUNTRY).set_index("entity_id").loc["CAF"]
    regional = q.gap_by_country(rows, tables["entities"], 2024, q.REGIONAL).set_index("entity_id").loc["CAF"]
    assert (country["requirement_usd"], country["plan_names"]) == (
        367_670_976,
        "République Centrafricaine Plan de Réponse Humanitaire 2024",
    )
    assert (regional["requirement_usd"], regional["plan_names"]) == (
        46_173_991,
        "Sudan Emergency: Regional Refugee Response Plan 2024",
    )
    with pytest.raises(ValueError):
        q.gap_by_country(rows, tables["entities"], 2024, "all")


def test_regional_total_equals_the_sum_of_the_table_rows(rows, tables):
    for year in (2026, 2025, 2014):
        for scope, regional in ((q.COUNTRY, False), (q.REGIONAL, True)):
            total = q.regional_total(rows, year, scope)
            expected = table_rows(tables, year, regional)
            both = expected[expected["requirement_usd"].notna() & expected["funding_usd"].notna()]
            assert total["plans"] == len(expected) and total["plans_summed"] == len(both), (year, scope)
            for col in ("requirement_usd", "funding_usd", "gap_usd"):
                assert total[col] == (int(both[col].sum()) if len(both) else None), (year, scope, col)
    total = q.regional_total(rows, 2026)
    assert (total["plans_summed"], total["countries"], total["year"], total["scope"]) == (
        7,
        7,
        2026,
        "country",
    )
    assert total["requirement_usd"] == 3_770_895_430 and total["gap_usd"] == 3_140_286_329
    assert total["percent_funded"] == pytest.approx(100 * 630_609_101 / 3_770_895_430)
    # and equals the sum of the countries' figures the map shows
    gaps = q.gap_by_country(rows, tables["entities"], 2026)
    assert total["gap_usd"] == gaps["gap_usd"].sum() and total["funding_usd"] == gaps["funding_usd"].sum()


def test_rows_without_both_amounts_are_named_not_summed(rows):
    # 2014 regional plans: the Ebola plan's countries and the Sahel plan give funding only
    total = q.regional_total(rows, 2014, q.REGIONAL)
    assert total["plans"] == 4 and total["plans_summed"] == 0
    assert total["requirement_usd"] is None and total["gap_usd"] is None and total["percent_funded"] is None
    assert "Ebola Outbreak Response Plan 2014" in total["plans_not_summed"]


def test_an_overfunded_plan_does_not_fill_another_gap(rows):
    # 2007 regional (West Africa 2007): several countries funded above their share; each gap is >= 0
    total = q.regional_total(rows, 2007, q.REGIONAL)
    shares = rows[(rows["year"] == 2007) & rows["is_regional"]]
    assert total["gap_usd"] == int(shares["gap_usd"].sum())
    assert total["gap_usd"] > total["requirement_usd"] - total["funding_usd"]


def test_trend_per_country_and_for_the_region(rows):
    nigeria = q.trend(rows, q.COUNTRY, "NGA").set_index("year")
    assert (nigeria.loc[2025, "requirement_usd"], nigeria.loc[2025, "funding_usd"]) == (
        910_246_471,
        286_229_072,
    )
    assert nigeria.loc[2025, "percent_funded"] == 31
    assert nigeria.loc[2025, "plan_names"] == "Nigeria Humanitarian Needs and Response Plan 2025"
    assert nigeria.index.max() == 2026 and nigeria.index.is_monotonic_increasing
    region = q.trend(rows).set_index("year")
    for year in (2000, 2014, 2025, 2026):
        total = q.regional_total(rows, year)
        assert region.loc[year, "requirement_usd"] == total["requirement_usd"]
        assert region.loc[year, "gap_usd"] == total["gap_usd"] and region.loc[year, "plans"] == total["plans"]


def test_funding_outside_plans_is_context_only(rows, tables):
    outside = q.outside_plans_by_year(tables["fts_outside_plans"], "TCD").set_index("year")
    assert outside.loc[2026, "funding_usd"] == 4_415_355
    # the country's 2026 gap is its plan's alone
    chad = q.trend(rows, q.COUNTRY, "TCD").set_index("year")
    assert chad.loc[2026, "gap_usd"] == 986_069_627 - 188_686_311
    region = q.outside_plans_by_year(tables["fts_outside_plans"]).set_index("year")
    table = tables["fts_outside_plans"]
    assert region.loc[2025, "funding_usd"] == table[table["year"] == 2025]["funding_usd"].sum()
    assert region.loc[2025, "countries"] == table[table["year"] == 2025]["funding_usd"].notna().sum()


def test_latest_plan_of_a_country(rows):
    chad = q.latest_plan(rows, "TCD")
    assert (chad["code"], chad["year"], chad["as_of"]) == ("HTCD26", 2026, "2026-03-12")
    assert (chad["requirement_usd"], chad["funding_usd"], chad["gap_usd"], chad["percent_funded"]) == (
        986_069_627,
        188_686_311,
        797_383_316,
        19,
    )
    assert chad["name"] == "Tchad Besoins Humanitaires et Plan de Réponse 2026" and chad["other_plans"] == 0
    # Ghana's latest own plan is the 2007 floods flash appeal (its later rows are regional shares)
    assert q.latest_plan(rows, "GHA")["code"] == "FGHA0708"
    assert q.latest_plan(rows, "CPV") is None
