"""The country profile's computations (dashboard/queries/: appeal, displacement, themes, events) against the
real tables and small hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import queries
from dashboard.queries import forced_displacement, fts
from dashboard.tables import read_table


@pytest.fixture(scope="module")
def tb() -> dict[str, pd.DataFrame]:
    names = ("appeal", "entities", "pillars", "displacement", "priorities", "priority_themes", "events",
             "event_participants")  # fmt: skip
    return {name: read_table(name) for name in names}


def _dtm(tb: dict[str, pd.DataFrame]) -> pd.DataFrame:
    d = tb["displacement"]
    return d[(d["series"] == "dtm_lcb_dashboard") & (d["category"] == "affected_total")]


def test_dtm_series_of_a_country_and_of_the_basin(tb):
    nga = queries.dtm_series(tb["displacement"], "NGA")
    expected = _dtm(tb)[_dtm(tb)["entity_id"] == "NGA"].sort_values("as_of")
    assert nga["value"].tolist() == expected["value"].tolist()
    assert nga["as_of"].is_monotonic_increasing
    assert nga.iloc[-1]["value"] == 4_456_360 and nga.iloc[-1]["dashboard_no"] == 61
    basin = queries.dtm_series(tb["displacement"])
    expected = _dtm(tb)[_dtm(tb)["entity_id"].isna()].sort_values("as_of")
    assert basin["value"].tolist() == expected["value"].tolist()
    assert basin.iloc[-1]["value"] == 6_031_612
    assert queries.dtm_series(tb["displacement"], "SEN").empty


def test_dtm_trend(tb):
    trend = queries.dtm_trend(tb["displacement"], "NGA")
    assert trend["latest"]["value"] == 4_456_360
    assert trend["previous"]["value"] == 4_339_352
    assert trend["change"] == 117_008
    assert queries.dtm_trend(tb["displacement"], "TCD")["change"] == 286_865 - 505_120
    basin = queries.dtm_trend(tb["displacement"])
    assert basin["change"] == 6_031_612 - 5_949_994  # dashboard #56 has the basin total only
    assert queries.dtm_trend(tb["displacement"], "GIN") is None
    single = _dtm(tb)[_dtm(tb)["dashboard_no"] == 61]
    only = queries.dtm_trend(single, "NGA")
    assert only["previous"] is None and only["change"] is None


def test_office_priorities_intro_first_with_their_themes(tb):
    for entity_id in tb["entities"]["entity_id"]:
        rows = queries.office_priorities(tb["priorities"], tb["priority_themes"], entity_id)
        own = tb["priorities"][tb["priorities"]["entity_id"] == entity_id]
        assert sorted(rows["priority_id"]) == sorted(own["priority_id"])
        kinds = rows["kind"].tolist()
        if "intro" in kinds:
            assert kinds[0] == "intro" and kinds.count("intro") == 1
        tags = tb["priority_themes"].groupby("priority_id")["theme_id"].agg(set)
        for _, row in rows.iterrows():
            assert set(row["theme_ids"]) == tags.get(row["priority_id"], set())
    regional = queries.office_priorities(tb["priorities"], tb["priority_themes"], "RO-DAKAR")
    assert regional["pillar"].tolist() == ["P1", "P2", "P3", "O1", "O2", "O3"]


def test_office_events_hosted_or_attended(tb):
    events, people = tb["events"], tb["event_participants"]

    def roles(entity_id: str) -> dict[str, str]:
        table = queries.office_events(events, people, entity_id, regional_office=entity_id == "RO-DAKAR")
        return dict(zip(table["event_id"], table["role"], strict=True))

    assert roles("SEN") == {"EMM2-DAKAR-2023": "host_participant", "SMUGGLING-DAKAR-2013": "host"}
    assert roles("NGA") == {"EMM2-DAKAR-2023": "participant"}
    assert roles("TGO") == {"ACBC-WEBINAR-2022": "participant"}
    assert roles("BEN") == {}
    # The Regional Office is shown the region's events, never those outside it.
    assert set(roles("RO-DAKAR")) == set(events.loc[events["in_region"], "event_id"])
    assert "EMM2-CARIBBEAN-2021" not in roles("RO-DAKAR")


def test_events_outside_the_region_only_when_the_country_took_part():
    events = pd.DataFrame(
        {
            "event_id": ["OUT-HOSTED", "OUT-JOINED", "IN-HOSTED"],
            "start_date": ["2021-01-01", "2022-01-01", "2020-01-01"],
            "host_iso3": ["SEN", pd.NA, "SEN"],
            "in_region": [False, False, True],
        }
    )
    people = pd.DataFrame({"event_id": ["OUT-JOINED"], "iso3": ["SEN"]})
    table = queries.office_events(events, people, "SEN")
    assert table["event_id"].tolist() == ["OUT-JOINED", "IN-HOSTED"]  # newest first
    assert table["role"].tolist() == ["participant", "host"]


def test_comparison_pillars_equal_the_appeal(tb):
    table = queries.comparison_pillars(tb["appeal"], tb["pillars"], ["NGA", "NER", "TCD"])
    assert table["entity_id"].tolist() == ["NGA"] * 6 + ["NER"] * 6 + ["TCD"] * 6
    assert table["pillar_id"].tolist()[:6] == ["P1", "P2", "P3", "O1", "O2", "O3"]
    appeal = tb["appeal"].set_index(["entity_id", "pillar"])["amount_usd"]
    for _, row in table.iterrows():
        assert row["amount_usd"] == appeal.loc[(row["entity_id"], row["pillar_id"])]
    assert table.groupby("entity_id")["amount_usd"].sum().to_dict() == {
        "NGA": 110_475_810,
        "NER": 60_391_000,
        "TCD": 27_500_000,
    }
    assert queries.comparison_pillars(tb["appeal"], tb["pillars"], []).empty


def test_default_comparison(tb):
    totals = queries.appeal_totals(tb["appeal"], tb["entities"])
    assert queries.default_comparison(tb["entities"], totals, "NGA") == ["NGA", "CMR", "NER", "TCD"]
    assert queries.default_comparison(tb["entities"], totals, "BFA") == ["BFA", "MLI", "NER"]
    assert queries.default_comparison(tb["entities"], totals, "GIN") == ["GIN", "NGA", "NER"]
    assert queries.default_comparison(tb["entities"], totals, "NGA", limit=2) == ["NGA", "CMR"]
    for entity_id in tb["entities"]["entity_id"]:
        chosen = queries.default_comparison(tb["entities"], totals, entity_id)
        assert chosen[0] == entity_id and 2 <= len(chosen) <= 4 and len(set(chosen)) == len(chosen)


# --- current figures of the profile and the pack: OCHA FTS, IDMC, UNHCR ------------------------------------


@pytest.fixture(scope="module")
def current() -> dict[str, pd.DataFrame]:
    names = ("fts_plans", "fts_plan_funding", "fts_outside_plans", "fts_funding_coverage", "funding",
             "sources", "idmc_conflict_idps", "unhcr_population")  # fmt: skip
    tables = {name: read_table(name) for name in names}
    tables["rows"] = fts.plan_rows(tables["fts_plans"], tables["fts_plan_funding"], tables["sources"])
    return tables


def test_country_plan_of_a_year_is_the_response_plan_as_in_the_table(current):
    rows = current["rows"]
    nigeria = fts.country_plan(rows, "NGA", 2025)
    row = current["fts_plan_funding"].set_index("plan_id").loc[nigeria["plan_id"]]
    assert nigeria["code"] == "HNGA25" and nigeria["plan_kind"] == "response_plan"
    assert (nigeria["requirement_usd"], nigeria["funding_usd"]) == (910_246_471, 286_229_072)
    assert (row["requirement_usd"], row["funding_usd"]) == (910_246_471, 286_229_072)
    assert fts.country_plan(rows, "NGA") == fts.latest_plan(rows, "NGA")
    assert fts.country_plan(rows, "SEN", 2026) is None  # no plan that year: nothing, not a zero


def test_country_trend_has_every_year_and_no_zero_for_a_missing_plan(current):
    trend = fts.country_trend(current["rows"], current["fts_outside_plans"], "GIN", 2026)
    assert trend["year"].tolist() == list(range(2017, 2027))
    assert (trend["plans"] == 0).all()
    assert trend["requirement_usd"].isna().all() and trend["gap_usd"].isna().all()
    chad = fts.country_trend(current["rows"], current["fts_outside_plans"], "TCD", 2026).set_index("year")
    assert chad.loc[2026, "gap_usd"] == 797_383_316 and chad.loc[2026, "outside_usd"] == 4_415_355
    outside = current["fts_outside_plans"].set_index(["entity_id", "year"])["funding_usd"]
    assert chad.loc[2025, "outside_usd"] == outside.loc[("TCD", 2025)]
    # funding outside plans is context: the gap is the plan's own
    assert chad.loc[2025, "gap_usd"] == chad.loc[2025, "requirement_usd"] - chad.loc[2025, "funding_usd"]


def test_regional_shares_are_kept_apart(current):
    rows = current["rows"]
    shares = fts.regional_shares(rows, "CAF")
    assert shares["code"].tolist() == ["RRSDN24"] and shares["year"].tolist() == [2024]
    own = fts.country_plan(rows, "CAF", 2024)
    assert own["plan_id"] not in shares["plan_id"].tolist()
    assert fts.regional_shares(rows, "TCD").empty  # FTS lists no regional share for Chad


def test_iom_plans_are_the_rows_fts_lacks(current):
    rows = fts.iom_plans(current["funding"], current["fts_funding_coverage"], "NGA")
    status = current["fts_funding_coverage"].set_index("funding_id")["status"]
    assert set(rows["funding_id"].map(status)) == {"iom_plan"} and len(rows) == 6
    assert rows["year"].is_monotonic_decreasing
    assert rows.iloc[0]["funding_id"] == "2024-iom-nigeria-crisis-response-plan-2024-2025-total"
    covered = current["funding"][current["funding"]["funding_id"].map(status) == "fts_plan"]
    assert not set(rows["funding_id"]) & set(covered["funding_id"])


def test_idmc_headline_keeps_both_releases_apart_where_they_differ(current):
    idps = current["idmc_conflict_idps"]
    burkina = forced_displacement.conflict_idps_headline(idps, "BFA")
    assert [(f["series"], f["year"], f["idps"]) for f in burkina] == [
        ("idmc_gidd", 2024, 2_062_534), ("idmc_via_unhcr", 2025, 2_063_000)]  # fmt: skip
    # Senegal: the later release gives the GIDD's own rounded 2024 figure: one figure, not two
    senegal = forced_displacement.conflict_idps_headline(idps, "SEN")
    assert [(f["series"], f["year"], f["idps"]) for f in senegal] == [("idmc_gidd", 2024, 5_922)]
    assert forced_displacement.conflict_idps_headline(idps, "GIN") == []


def test_latest_refugees_with_the_year_before(current):
    chad = forced_displacement.latest_refugees(current["unhcr_population"], "TCD", "hosted")
    assert (chad["year"], chad["refugees"], chad["previous_year"], chad["previous_refugees"]) == (
        2025, 1_502_263, 2024, 1_278_866)  # fmt: skip
    with pytest.raises(ValueError):
        forced_displacement.latest_refugees(current["unhcr_population"], "TCD", "stateless")


def test_unmet_per_displaced_person_uses_one_year_for_all_three(current):
    figure = forced_displacement.unmet_per_displaced(
        current["rows"], current["idmc_conflict_idps"], current["unhcr_population"], "NGA"
    )
    assert figure["year"] == 2025 and figure["plan_id"] == 1274
    assert figure["gap_usd"] == 910_246_471 - 286_229_072
    assert (figure["idps"], figure["idps_series"]) == (3_496_000, "idmc_via_unhcr")  # IDMC's 2025 figure
    hosted = forced_displacement.refugees_hosted(current["unhcr_population"], "NGA").set_index("year")
    assert figure["hosted"] == hosted.loc[2025, "refugees_and_asylum_seekers"] == 142_040
    assert figure["usd_per_person"] == figure["gap_usd"] / (3_496_000 + 142_040)


def test_unmet_per_displaced_person_skips_a_year_missing_one_figure(current):
    """Without UNHCR's 2025 rows, Nigeria's figure falls back to 2024 (the 2024 plan, IDMC's and UNHCR's
    2024 figures), never mixing the 2025 plan with 2024 counts."""
    population = current["unhcr_population"]
    figure = forced_displacement.unmet_per_displaced(
        current["rows"], current["idmc_conflict_idps"], population[population["year"] < 2025], "NGA"
    )
    assert figure["year"] == 2024
    assert figure["plan_id"] == fts.country_plan(current["rows"], "NGA", 2024)["plan_id"]
    assert (figure["idps"], figure["idps_series"]) == (3_359_007, "idmc_gidd")  # the GIDD's own 2024 figure
    assert forced_displacement.unmet_per_displaced(
        current["rows"], current["idmc_conflict_idps"], population, "GIN"
    ) is None  # no response plan since 2006 with IDMC figures: not shown
