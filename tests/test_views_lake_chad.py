"""The Lake Chad Basin page's computations (dashboard/queries: lcb_* and the admin-1 map's admin1_*)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import queries
from dashboard.queries import admin1
from dashboard.tables import read_table


@pytest.fixture(scope="module")
def displacement() -> pd.DataFrame:
    return read_table("displacement")


@pytest.fixture(scope="module")
def checks() -> pd.DataFrame:
    return read_table("checks")


@pytest.fixture(scope="module")
def names() -> pd.DataFrame:
    return read_table("admin1_names")


# --- the 2020 figures ------------------------------------------------------------------------------------


def test_statement_figures_in_reading_order(displacement):
    figures = queries.lcb_statement_figures(displacement)
    assert figures["category"].tolist() == list(queries.LCB_STATEMENT_ORDER)
    assert figures.set_index("category").loc["idps", "value_text"] == "almost 2.5 million"


@pytest.mark.parametrize(
    ("value_text", "qualifier", "value", "en", "fr"),
    [
        ("almost 2.5 million", "almost", 2_500_000, "almost 2.5 million", "près de 2,5 millions"),
        ("around 160,000", "around", 160_000, "around 160,000", "environ 160 000"),
        ("over 1.8 million", "over", 1_800_000, "over 1.8 million", "plus de 1,8 million"),
        ("an estimated 10.7 million", "estimated", 10_700_000, "an estimated 10.7 million",
         "10,7 millions (estimation)"),
        ("4,471,459", "exact", 4_471_459, "4,471,459", "4 471 459"),
        ("", "exact", 1234, "1,234", "1 234"),
        (None, "rounded", 2_700_000, "2,700,000 (rounded)", "2 700 000 (arrondi)"),
    ],
)  # fmt: skip
def test_written_figures_keep_the_sources_words(value_text, qualifier, value, en, fr):
    def plain(text: str) -> str:
        return text.replace("\u202f", " ").replace("\u00a0", " ")

    assert queries.lcb_written_figure(value_text, qualifier, value, "en") == en
    assert plain(queries.lcb_written_figure(value_text, qualifier, value, "fr")) == fr


# --- DTM dashboards --------------------------------------------------------------------------------------


def test_latest_dashboard_is_61_with_basin_total_first(displacement):
    latest = queries.lcb_latest_dashboard(displacement)
    assert set(latest["dashboard_no"]) == {61}
    assert pd.isna(latest["entity_id"].iloc[0]) and int(latest["value"].iloc[0]) == 6_031_612
    assert sorted(latest["entity_id"].dropna()) == ["CMR", "NER", "NGA", "TCD"]


def test_trend_equals_the_dashboard_rows(displacement):
    trend = queries.lcb_dtm_trend(displacement)
    dtm = displacement[
        (displacement["series"] == "dtm_lcb_dashboard") & (displacement["category"] == "affected_total")
    ]
    assert len(trend) == len(dtm) and trend["as_of"].is_monotonic_increasing
    assert trend["value"].sum() == dtm["value"].sum()
    assert trend["as_of"].min() >= "2018-01-01"


def test_flags_are_the_dashboards_whose_total_differs_as_checks_say(displacement, checks):
    flags = queries.lcb_total_flags(displacement, checks).set_index("dashboard_no")
    assert sorted(flags.index) == [25, 49]
    assert flags.loc[25, ["total", "country_sum", "difference"]].tolist() == [5_034_347, 5_034_570, 223]
    assert flags.loc[49, ["total", "country_sum", "difference"]].tolist() == [5_876_611, 5_876_511, -100]
    # the same numbers as the warning in checks.csv, and #56 (no country figures) is not flagged
    assert "5,034,570" in flags.loc[25, "message"] and "by 223" in flags.loc[25, "message"]
    assert 56 not in flags.index


def test_no_flag_without_a_warning(displacement, checks):
    passed = checks.assign(status="pass")
    assert queries.lcb_total_flags(displacement, passed).empty


def test_definition_change_is_read_from_checks(displacement, checks):
    changes = queries.lcb_definition_changes(displacement, checks)
    assert changes[["dashboard_no", "as_of"]].values.tolist() == [[49, "2022-10-26"]]
    # moved to another dashboard in checks.csv, the marked date follows
    moved = checks.copy()
    moved.loc[moved["check_id"].str.endswith("-definition-change"), "source_id"] = "DTM-LCB-43"
    assert queries.lcb_definition_changes(displacement, moved)["as_of"].tolist() == ["2022-04-30"]


# --- admin-1 areas: months, points, circles --------------------------------------------------------------


def test_area_rows_leave_out_basin_wide_undated_and_site_assessment_rows(displacement):
    rows = queries.lcb_area_rows(displacement)
    assert rows["entity_id"].notna().all() and rows["admin1"].notna().all() and rows["as_of"].notna().all()
    assert set(rows["series"]) <= set(queries.LCB_AREA_SERIES)
    assert "in_need" not in queries.lcb_categories(rows)  # the only in_need area row is basin-wide
    assert queries.lcb_categories(rows)[0] == "idps"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2020-10-10", "2020-10-31"), ("2020-02-15", "2020-02-29"), ("2023-02-30", None), ("2020-10", None),
     ("", None), (None, None)],
)  # fmt: skip
def test_month_end(value, expected):
    assert queries.lcb_month_end(value) == expected


def test_months_and_default_month(displacement):
    rows = queries.lcb_area_rows(displacement)
    months = queries.lcb_months(rows, "idps")
    assert months == sorted(months) and "2020-10-31" in months and "2020-11-30" in months
    # every month with an admin-1 figure, from the first to the latest; the map opens on the latest
    # (the latest: Lac in January 2025, from the bundled Chad DTM API export)
    assert months[0] == "2017-03-31" and months[-1] == "2025-01-31"
    assert queries.lcb_default_month(rows, "idps") == "2025-01-31"
    assert queries.lcb_months(rows, "affected_total")[-1] == "2021-07-31"


def made_up_rows(*figures: tuple[str, str, str, str, int, str]) -> pd.DataFrame:
    """Admin-1 rows (as_of, entity_id, admin1, category, value, source_org) as lcb_area_rows gives them."""
    columns = ["as_of", "entity_id", "admin1", "category", "value", "source_org"]
    rows = pd.DataFrame(figures, columns=columns)
    return rows.assign(source_id=[f"S-{k}" for k in range(len(rows))], note=None, series="import")


def test_month_rows_hold_every_figure_of_the_month_and_category():
    rows = made_up_rows(
        ("2024-02-10", "NGA", "Borno", "idps", 100, "A"),
        ("2024-02-29", "NGA", "Borno", "idps", 120, "B"),
        ("2024-02-29", "TCD", "Lac", "refugees", 7, "B"),
        ("2024-03-01", "TCD", "Lac", "idps", 9, "B"),
    )
    shown = queries.lcb_month_rows(rows, "idps", "2024-02-29")
    assert shown["value"].tolist() == [100, 120]  # both, never summed
    assert queries.lcb_months(rows, "idps") == ["2024-02-29", "2024-03-31"]
    assert queries.lcb_default_month(rows, "idps") == "2024-03-31"


# --- admin-1 areas: figures per area, the figure an area is coloured by, colour classes -----------------


def test_figures_reach_every_area_a_source_names_and_are_never_divided(displacement, names):
    rows = queries.lcb_month_rows(queries.lcb_area_rows(displacement), "idps", "2020-10-31")
    figures = admin1.admin1_figures(rows, names)
    borno = figures[figures["area_id"] == "NG008"]
    # DTM round 34 and ECHO both give north-east Nigeria (six states together) in October 2020
    assert sorted(borno["value"].astype(int)) == [2_118_550, 2_144_135]
    assert set(borno["areas_named"]) == {6}
    # Lac (336,124) from the bundled Chad DTM API export, round of 30 October 2020
    assert figures.groupby("value")["area_id"].nunique().to_dict() == {
        321_886: 1,
        336_124: 1,
        2_118_550: 6,
        2_144_135: 6,
    }
    assert figures.loc[figures["area_id"] == "CM-EN", "value"].tolist() == [321_886]


def test_an_area_is_coloured_by_its_own_figure_before_a_groups_then_by_the_latest(names):
    rows = made_up_rows(
        ("2024-02-10", "NGA", "Adamawa, Borno, Yobe", "idps", 900, "Group source"),
        ("2024-02-20", "NGA", "Borno", "idps", 500, "Area source"),
        ("2024-02-05", "NGA", "Yobe", "idps", 50, "Old"),
        ("2024-02-25", "NGA", "Yobe", "idps", 60, "New"),
        ("2024-02-25", "NGA", "Atlantis", "idps", 1, "Nowhere"),
    )
    figures = admin1.admin1_figures(rows, names)
    shown = admin1.admin1_shown_figures(figures).set_index("area_id")
    assert shown["value"].to_dict() == {"NG002": 900, "NG008": 500, "NG036": 60}
    assert shown["figures"].to_dict() == {"NG002": 1, "NG008": 2, "NG036": 3}
    # a name the table does not know stays listed, with no area, never placed on a neighbour
    unknown = figures[figures["area_id"].isna()]
    assert unknown["admin1"].tolist() == ["Atlantis"] and unknown["areas_named"].tolist() == [0]


@pytest.mark.parametrize(
    ("values", "breaks"),
    [
        ([102_726, 2_150_243, 321_886, 297_187, 1_900_000], [200_000, 500_000, 1_000_000, 2_000_000]),
        ([680, 121_325], [1_000, 10_000, 100_000]),
        ([100_000, 300_000], [150_000, 200_000, 250_000, 300_000]),
        ([5], []),
        ([], []),
    ],
)
def test_colour_classes_have_round_bounds(values, breaks):
    assert admin1.admin1_class_breaks(values, 5) == breaks
    for value in values:
        k = admin1.admin1_class_of(value, breaks)
        assert (k == 0 or value >= breaks[k - 1]) and (k == len(breaks) or value < breaks[k])


# --- what each source counts ------------------------------------------------------------------------------


def test_breakdown_keeps_sources_side_by_side(displacement):
    breakdown = queries.lcb_breakdown(displacement, "TCD")
    table = queries.lcb_breakdown_table(breakdown)
    lac_idps = table.dropna(subset=["idps"]).set_index("as_of")["idps"]
    # Lac, late 2020: USAID citing IOM (September) and ECHO citing UNHCR/IOM (November), not merged
    assert int(lac_idps["2020-09-30"]) == 297_187 and int(lac_idps["2020-11-30"]) == 336_124
    assert table["idps"].sum() == breakdown.loc[breakdown["category"] == "idps", "value"].sum()
    assert len(table) == breakdown.groupby(queries.LCB_FIGURE_SET, dropna=False).ngroups


def test_breakdown_table_never_adds_two_figures_of_one_set():
    rows = pd.DataFrame(
        {
            "as_of": ["2023-01-31"] * 3,
            "admin1": ["Lac"] * 3,
            "source_org": ["A"] * 3,
            "source_id": ["S"] * 3,
            "series": ["import"] * 3,
            "category": ["idps", "idps", "refugees"],
            "value": [10, 20, 5],
        }
    )
    table = queries.lcb_breakdown_table(rows)
    assert sorted(table["idps"].dropna().astype(int)) == [10, 20]  # two rows, not 30
    assert len(table) == 2


def test_breakdown_of_32_rounds_shows_the_latest_and_all_on_request():
    rounds = pd.date_range("2022-01-31", periods=32, freq="ME").strftime("%Y-%m-%d")
    rows = pd.DataFrame({
        "as_of": list(rounds) * 2, "entity_id": "TCD", "admin1": "Lac", "source_org": "IOM DTM Chad",
        "source_id": "IMPORT-1", "series": "import", "category": ["idps"] * 32 + ["returnees_total"] * 32,
        "value": list(range(1_000, 33_000, 1_000)) + list(range(1, 33)),
    })  # fmt: skip
    table = queries.lcb_breakdown_table(queries.lcb_breakdown(rows, "TCD"))
    assert len(table) == 32
    latest = queries.lcb_latest_sets(table, 12)
    assert latest["as_of"].tolist() == list(rounds[-12:])  # the latest twelve, oldest first
    assert latest["idps"].tolist() == list(range(21_000, 33_000, 1_000))
    assert queries.lcb_latest_sets(table, None).equals(table)
    assert queries.lcb_latest_sets(table.head(5), 12).equals(table.head(5))


def test_breakdown_includes_site_assessments_labelled_by_series():
    rows = pd.DataFrame(
        {
            "as_of": ["2023-08-31"] * 2,
            "entity_id": ["NGA"] * 2,
            "admin1": ["Borno"] * 2,
            "category": ["idps"] * 2,
            "value": [1_234_567, 520_000],
            "series": ["import", "import_site_assessment"],
            "source_org": ["IOM DTM X, round 45 (BA)", "IOM DTM X, round 45 (SA)"],
            "source_id": ["IMPORT-1"] * 2,
        }
    )
    breakdown = queries.lcb_breakdown(rows, "NGA")
    assert breakdown["series"].tolist() == ["import", "import_site_assessment"]
    assert queries.lcb_area_rows(rows)["value"].tolist() == [1_234_567]  # the map: baseline only


def test_areas_thinned_for_the_map_keep_every_area_and_their_shared_borders():
    import shapely

    areas = read_table("admin1_areas")
    thinned = admin1.admin1_simplified(areas, 0.04)
    assert thinned["area_id"].tolist() == areas["area_id"].tolist()
    before = [shapely.from_geojson(g) for g in areas["geometry"]]
    after = [shapely.from_geojson(g) for g in thinned["geometry"]]
    assert all(shapely.is_valid(after)) and sum(shapely.get_num_coordinates(after)) < 5_000
    for old, new in zip(before, after, strict=True):  # each keeps its size: within 2 %, or 0.005 sq. degree
        assert abs(new.area - old.area) <= max(0.02 * old.area, 0.005)
    # neighbours still meet: the four countries' files overlap a little along borders (different sources),
    # thinning adds no overlap and opens no gap
    union_before, union_after = shapely.union_all(before), shapely.union_all(after)
    overlap_before = sum(g.area for g in before) - union_before.area
    overlap_after = sum(g.area for g in after) - union_after.area
    assert overlap_after <= overlap_before * 1.1 + 0.01
    assert abs(union_after.area - union_before.area) <= 0.005 * union_before.area
