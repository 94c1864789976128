"""The Lake Chad Basin page's computations (dashboard/queries.py, lcb_*) and its admin-1 points file."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from shapely.geometry import Point, shape

from dashboard import data, maps, queries
from dashboard.tables import read_table

POINTS_PATH = data.LCB_POINTS_PATH


@pytest.fixture(scope="module")
def displacement() -> pd.DataFrame:
    return read_table("displacement")


@pytest.fixture(scope="module")
def checks() -> pd.DataFrame:
    return read_table("checks")


@pytest.fixture(scope="module")
def points() -> pd.DataFrame:
    return pd.read_csv(POINTS_PATH, comment="#", keep_default_na=False)


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
    # September 2020 has figures for three countries' areas (Far North, north-east Nigeria, Lac)
    assert queries.lcb_default_month(rows, "idps") == "2020-09-30"


@pytest.mark.parametrize(
    ("admin1", "entity_id", "expected"),
    [
        ("Lac", "TCD", (13.6, 14.5)),
        ("Far North / Extrême-Nord", "CMR", (10.9, 14.4)),
        ("extreme-nord", "CMR", (10.9, 14.4)),
        ("Adamawa, Borno, Yobe", "NGA", (11.133, 12.333)),
        ("Lac", "NER", None),  # no Lac in Niger
        ("Borno, Atlantis", "NGA", None),  # one unknown part: not placed rather than misplaced
    ],
)
def test_locate(points, admin1, entity_id, expected):
    assert queries.lcb_locate(admin1, entity_id, points) == expected


def test_points_file_lies_inside_its_countries(points):
    geo = json.loads(maps.GEO_PATH.read_text(encoding="utf-8"))
    countries = {f["id"]: shape(f["geometry"]) for f in geo["features"]}
    for point in points.itertuples(index=False):
        assert countries[point.entity_id].contains(Point(point.lon, point.lat)), point.admin1
    lines = POINTS_PATH.read_text(encoding="utf-8").splitlines()
    header = " ".join(line.lstrip("# ") for line in lines if line.startswith("#"))
    assert "approximate" in header and "Natural Earth" in header and "COD-AB" in header  # says where from


def test_map_points_one_circle_per_figure_side_by_side(displacement, points):
    rows = queries.lcb_area_rows(displacement)
    october = queries.lcb_map_points(rows, "idps", "2020-10-31", points)
    nigeria = october[october["entity_id"] == "NGA"]
    # DTM round 34 and ECHO give north-east Nigeria in October 2020: two circles, never one sum
    assert sorted(nigeria["value"].astype(int)) == [2_118_550, 2_144_135]
    assert nigeria["placed"].all() and nigeria["lon"].nunique() == 2 and nigeria["lat"].nunique() == 1
    assert (
        october["value"].sum()
        == rows[(rows["category"] == "idps") & rows["as_of"].str.startswith("2020-10")]["value"].sum()
    )


def test_map_points_report_places_not_located(points):
    rows = pd.DataFrame(
        {
            "as_of": ["2023-01-31", "2023-01-31"],
            "entity_id": ["NGA", "NGA"],
            "admin1": ["Borno", "Kano"],
            "category": ["idps", "idps"],
            "value": [10, 20],
            "source_org": ["A", "A"],
            "source_id": ["S", "S"],
        }
    )
    shown = queries.lcb_map_points(rows, "idps", "2023-01-31", points)
    assert shown.set_index("admin1")["placed"].to_dict() == {"Borno": True, "Kano": False}


# --- what each source counts ------------------------------------------------------------------------------


def test_breakdown_keeps_sources_side_by_side(displacement):
    breakdown = queries.lcb_breakdown(displacement, "TCD")
    table = queries.lcb_breakdown_table(breakdown)
    lac_idps = table.dropna(subset=["idps"]).set_index("as_of")["idps"]
    # Lac, late 2020: USAID citing IOM (September) and ECHO citing UNHCR/IOM (November), not merged
    assert int(lac_idps["2020-09-30"]) == 297_187 and int(lac_idps["2020-11-30"]) == 336_124
    assert table["idps"].sum() == breakdown.loc[breakdown["category"] == "idps", "value"].sum()
    assert len(table) == breakdown.groupby(["as_of", "source_id"]).ngroups


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
