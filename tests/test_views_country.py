"""The country profile's computations (dashboard/queries/: appeal, displacement, themes, events) against the
real tables and small hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import queries
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
