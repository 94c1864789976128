"""The funding page's computations (dashboard.views) and chart builders (dashboard.charts), on small
frames and on the real tables."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard import charts, queries
from dashboard.tables import read_table


def _funding(rows: list[dict]) -> pd.DataFrame:
    """A funding table with the real columns and types; unspecified cells empty."""
    columns = read_table("funding").dtypes
    frame = pd.DataFrame(rows).reindex(columns=columns.index)
    return frame.astype(columns.to_dict())


SMALL = _funding(
    [
        {"funding_id": "a", "appeal": "A", "year": 2020, "entity_id": "NGA", "scope_iso3": "NGA",
         "required_usd": 100, "funded_usd": 40, "as_of": "2020-12-31", "source_id": "S1"},
        {"funding_id": "b", "appeal": "B", "year": 2020, "entity_id": "NGA", "scope_iso3": "NGA",
         "required_usd": 200, "funded_pct": 30.0, "source_id": "S1"},
        {"funding_id": "c", "appeal": "C", "year": 2019, "entity_id": "NGA", "scope_iso3": "NGA",
         "funded_usd": 50, "unmet_usd": 70, "source_id": "S2"},
        {"funding_id": "d", "appeal": "D", "year": 2021, "scope_iso3": "CMR; TCD; NER; NGA",
         "required_usd": 500, "funded_usd": 600, "source_id": "S3"},
        {"funding_id": "e", "appeal": "E", "year": 2021, "entity_id": "TCD", "scope_iso3": "TCD",
         "required_usd": 90, "funded_pct": 8.0, "source_id": "S4"},
        {"funding_id": "f", "appeal": "F", "year": 2022, "entity_id": "MLI", "scope_iso3": "MLI",
         "required_usd": 10, "source_id": "S5"},
    ]
)  # fmt: skip


# --- pillars and themes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("all", ["P1", "P2", "P3", "O1", "O2", "O3"]),
        ("principles", ["P1", "P2", "P3"]),
        ("objectives", ["O1", "O2", "O3"]),
        ("O2", ["O2"]),
    ],
)
def test_pillar_ids_for(choice, expected):
    assert queries.pillar_ids_for(choice, read_table("pillars")) == expected


def test_pillar_ids_for_rejects_unknown_choices():
    with pytest.raises(ValueError):
        queries.pillar_ids_for("P9", read_table("pillars"))


def test_entities_with_theme_and_theme_counts_on_a_small_frame():
    priorities = pd.DataFrame(
        {"priority_id": ["N-1", "N-2", "N-3", "C-1"], "entity_id": ["NGA"] * 3 + ["CMR"]}
    )
    tagged = pd.DataFrame(
        {
            "priority_id": ["N-1", "N-2", "N-2", "N-3", "C-1"],
            "theme_id": ["health", "health", "border", "border", "border"],
            "source_id": "T",
        }
    )
    themes = pd.DataFrame(
        {
            "theme_id": ["health", "border", "unused"],
            "name_en": ["Health", "Border", "Unused"],
            "name_fr": ["Santé", "Frontière", "Inutilisé"],
            "pillar": ["O3", "O3", "O1"],
        }
    )
    assert queries.entities_with_theme(priorities, tagged, "health") == ["NGA"]
    assert queries.entities_with_theme(priorities, tagged, "border") == ["CMR", "NGA"]
    assert queries.entities_with_theme(priorities, tagged, "unused") == []
    counts = queries.theme_counts(priorities, tagged, themes, "NGA")
    assert counts[["theme_id", "priorities"]].values.tolist() == [["border", 2], ["health", 2]]
    assert queries.theme_counts(priorities, tagged, themes, "GHA").empty


def test_theme_counts_on_the_real_tables_add_up():
    priorities, tagged = read_table("priorities"), read_table("priority_themes")
    counts = queries.theme_counts(priorities, tagged, read_table("themes"), "NGA")
    own = tagged[tagged["priority_id"].isin(priorities.query("entity_id == 'NGA'")["priority_id"])]
    assert counts["priorities"].sum() == len(own)
    assert list(counts["priorities"]) == sorted(counts["priorities"], reverse=True)


# --- response plans -----------------------------------------------------------------------------------


def test_funding_appeals_computes_a_gap_only_inside_an_appeal_with_both_figures():
    table = queries.funding_appeals(SMALL).set_index("funding_id")
    assert table.loc["a", "gap_usd"] == 60 and table.loc["a", "funded_share"] == pytest.approx(0.4)
    assert table.loc["d", "gap_usd"] == 0  # over-funded: no negative gap
    for unknown in ("b", "c", "e", "f"):  # funding received or requirement not published
        assert pd.isna(table.loc[unknown, "gap_usd"]) and not table.loc[unknown, "gap_known"]
        assert pd.isna(table.loc[unknown, "funded_share"])
    # published figures stay as published
    assert table.loc["b", "funded_pct"] == 30.0 and table.loc["c", "unmet_usd"] == 70
    assert str(table["gap_usd"].dtype) == "Int64"


def test_funding_appeals_filters_by_country_scope_and_year():
    nga = queries.funding_appeals(SMALL, "NGA")
    assert list(nga["funding_id"]) == ["d", "a", "b", "c"]  # newest year first; the basin plan covers NGA
    assert list(queries.funding_appeals(SMALL, "NGA", 2020)["funding_id"]) == ["a", "b"]
    assert list(queries.funding_appeals(SMALL, "GHA")["funding_id"]) == []
    assert list(queries.funding_appeals(SMALL, year=2021)["funding_id"]) == ["d", "e"]


def test_funding_appeals_on_the_real_table_never_invents_a_gap():
    funding = read_table("funding")
    table = queries.funding_appeals(funding)
    assert len(table) == len(funding)
    known = funding["funded_usd"].notna() & funding["required_usd"].notna()
    assert table["gap_known"].sum() == known.sum()
    assert table.loc[~table["gap_known"], "gap_usd"].isna().all()
    row = table.set_index("funding_id").loc[
        "2020-nigeria-humanitarian-response-plan-2020-revised-incl-covid-19"
    ]
    assert row["gap_usd"] == 1_100_000_000 - 549_200_000


def test_latest_funding_by_country_prefers_dollars_then_newest():
    latest = queries.latest_funding_by_country(SMALL).set_index("entity_id")
    assert latest.loc["NGA", "funding_id"] == "a"  # 2020 US$ figure, not the share or the older US$ figure
    assert latest.loc["TCD", "funding_id"] == "e"  # a published share is a known figure
    assert "MLI" not in latest.index  # requirement only: funding received not known
    latest_2019 = queries.latest_funding_by_country(SMALL, 2019).set_index("entity_id")
    assert latest_2019.loc["NGA", "funding_id"] == "c"
    assert queries.latest_funding_by_country(SMALL, 2022).empty


def test_latest_funding_by_country_on_the_real_table():
    latest = queries.latest_funding_by_country(read_table("funding"), 2020).set_index("entity_id")
    assert set(latest.index) == {"BFA", "CAF", "MLI", "NER", "NGA"}
    assert latest.loc["NGA", "funded_usd"] == 549_200_000


# --- chart builders -----------------------------------------------------------------------------------


def test_selected_keys_reads_bar_clicks_in_either_shape():
    event = {"selection": {"points": [{"customdata": "NGA"}, {"customdata": "NGA"}, {"customdata": ["NER"]}]}}
    assert charts.selected_keys(event) == ["NGA", "NER"]
    as_attributes = SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": "TCD"}]))
    assert charts.selected_keys(as_attributes) == ["TCD"]
    assert charts.selected_keys(None) == [] and charts.selected_keys({"selection": {"points": []}}) == []


def test_ranked_bar_keys_round_trip_through_a_selection():
    fig = charts.ranked_bar(["Nigeria", "Niger"], [2.0, 1.0], value_texts=["2", "1"], keys=["NGA", "NER"])
    point = {"customdata": fig.data[0].customdata[1]}
    assert charts.selected_keys({"selection": {"points": [point]}}) == ["NER"]


def test_localise_sets_the_separators():
    assert charts.localise(charts.style(charts.go.Figure()), "fr").layout.separators == ",\u00a0"
    assert charts.localise(charts.style(charts.go.Figure()), "en").layout.separators == ".,"


def test_pillar_bar_colours_each_pillar():
    fig = charts.pillar_bar(["P1", "O2"], ["a", "b"], [1, 2], value_texts=["1", "2"])
    assert list(fig.data[0].marker.color) == [charts.PILLAR_COLOURS["P1"], charts.PILLAR_COLOURS["O2"]]
    assert list(fig.data[0].customdata) == ["P1", "O2"]


def test_gap_bar_stacks_funded_and_gap_and_escapes_data_text():
    fig = charts.gap_bar(
        ["A", "B"],
        [40, 10],
        [60, 0],
        funded_texts=["40", "10"],
        gap_texts=["60", "0"],
        hover_lines=[["<b>A</b> & co", "as of x"], ["B", "y"]],
        funded_name="Funded",
        gap_name="Gap",
    )
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Funded", "Gap"]
    assert list(fig.data[0].x) == [40, 10] and list(fig.data[1].x) == [60, 0]
    hover = json.loads(fig.to_json())["data"][0]["customdata"][0]
    assert "<b>" not in hover and hover == "&lt;b&gt;A&lt;/b&gt; &amp; co<br>as of x"


# --- OCHA FTS: the year control, and what the hand-collected rows still add ----------------------------


def test_plan_years_reach_every_year_from_the_first_plan_to_the_latest():
    from dashboard.queries import fts

    rows = pd.DataFrame({"year": [2003, 2001, 2003, 2006]})
    assert fts.plan_years(rows) == [2006, 2005, 2004, 2003, 2002, 2001]  # years without a plan included
    assert fts.plan_years(rows.iloc[0:0]) == []
    real = fts.plan_rows(read_table("fts_plans"), read_table("fts_plan_funding"), read_table("sources"))
    assert fts.plan_years(real) == list(range(2026, 1999, -1))


def test_plans_fts_lacks_are_iom_crisis_response_plans_only():
    from dashboard.queries import fts

    funding, coverage = read_table("funding"), read_table("fts_funding_coverage")
    kept = fts.plans_fts_lacks(funding, coverage)
    status = coverage.set_index("funding_id")["status"]
    assert len(kept) == (coverage["status"] == "iom_plan").sum() == 22
    assert set(status[kept["funding_id"]]) == {"iom_plan"}
    assert kept["appeal"].str.startswith("IOM ").all()
    # the Nigeria HRP 2020 is an FTS plan: shown from FTS, no longer from the hand-collected row
    replaced = funding[funding["appeal"].str.startswith("Nigeria Humanitarian Response Plan 2020")]
    assert len(replaced) and not set(replaced["funding_id"]) & set(kept["funding_id"])
    assert list(kept.columns) == list(funding.columns)
