"""The funding page's OCHA FTS section in AppTest: what a donor checks. The default view shows the latest
year's unmet requirement (Chad 2026: $797.4 M) on the map and in the ranking, equal to the tables, which
equal the raw file; a country without a plan is "no plan", never 0; the region's sums equal the table rows
they claim to sum; regional plans are never added to country plans; the trends keep funding outside plans
apart.

Expected values are read here from data/processed (and data/raw for the source) with plain pandas.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.i18n import format_int, format_usd, translate
from dashboard.tables import read_table
from tests.apptest_helpers import coloured, layer, map_specs, open_data_views, rerun, run_page, texts

PAGE = "app_pages/funding.py"
RAW = Path(__file__).resolve().parent.parent / "data" / "raw" / "fts" / "fts_requirements_funding_global.csv"
CHAD_2026_UNMET = 986_069_627 - 188_686_311  # 797,383,316: $797.4 M
TITLE = {
    "en": "Unmet requirement, country plans, 2026 — as of March 2026",
    "fr": "Besoins non couverts, plans de pays, 2026 — situation en mars 2026",
}


def map_with_key(at, key: str) -> dict:
    """The MapSpec of the map of widget key `key` (the page draws several)."""
    from streamlit.runtime.state.common import user_key_from_element_id

    found = [json.loads(el.proto.json) for el in at.get("bidi_component")
             if el.proto.component_name == "wca_map" and user_key_from_element_id(el.proto.id) == key]
    assert len(found) == 1, f"{len(found)} maps of key {key}"
    return found[0]


def chart_with_key(at, key: str) -> dict:
    from streamlit.runtime.state.common import user_key_from_element_id

    found = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")
             if user_key_from_element_id(chart.proto.id) == key]
    assert len(found) == 1, f"{len(found)} charts of key {key}"
    return found[0]


def plan_rows(year: int, regional: bool) -> pd.DataFrame:
    """The fts_plan_funding rows of one year's country plans (or regional plans' shares), with plan names."""
    plans = read_table("fts_plans")
    chosen = plans[(plans["year"] == year) & (plans["is_regional"] == regional)]
    return read_table("fts_plan_funding").merge(chosen[["plan_id", "name"]], on="plan_id")


def _tip(spec: dict, iso3: str) -> list[str]:
    return next(shape["tip"] for shape in spec["shapes"] if shape["id"] == iso3 and shape.get("tip"))


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _param(at, name: str) -> str | None:
    value = at.query_params.get(name)
    return (value[0] if value else None) if isinstance(value, list) else value


# --- the default view: the latest year's unmet requirement --------------------------------------------


def test_chads_2026_plan_in_the_tables_is_the_raw_files_row():
    raw = pd.read_csv(RAW, dtype={"id": "Int64"})
    row = raw[(raw["countryCode"] == "TCD") & (raw["code"] == "HTCD26")].iloc[0]
    table = plan_rows(2026, regional=False).set_index("entity_id").loc["TCD"]
    assert (table["requirement_usd"], table["funding_usd"]) == (row["requirements"], row["funding"])
    assert table["plan_id"] == row["id"] and table["gap_usd"] == CHAD_2026_UNMET == 797_383_316


@pytest.mark.parametrize(("lang", "short"), [("en", "$797.4M"), ("fr", "797,4\u00a0M\u00a0$US")])
def test_the_default_view_shows_chads_2026_unmet_requirement_on_the_map_and_in_the_ranking(lang, short):
    at = run_page(PAGE, lang)
    assert not at.exception
    assert at.selectbox(key="funding_year").value == "2026" and _param(at, "year") is None
    assert _param(at, "metric") is None and _param(at, "plans") is None  # defaults stay out of the URL
    assert TITLE[lang] in [s.value for s in at.subheader]
    spec = map_with_key(at, "fts_map")
    assert spec["label"] == TITLE[lang]
    rows = plan_rows(2026, regional=False)
    expected = {iso3: float(gap) for iso3, gap in zip(rows["entity_id"], rows["gap_usd"], strict=True)}
    assert coloured(spec) == expected and expected["TCD"] == CHAD_2026_UNMET
    assert format_usd(CHAD_2026_UNMET, lang) == short
    # the hover: every figure to the dollar, the plan's name as published, % funded, as of
    tip = _tip(spec, "TCD")
    assert tip[0] == ("Chad" if lang == "en" else "Tchad")
    assert short in tip[1] and format_int(CHAD_2026_UNMET, lang) in tip[1]
    assert any(format_int(986_069_627, lang) in line for line in tip)
    assert any(format_int(188_686_311, lang) in line for line in tip)
    assert any(line.endswith("19%" if lang == "en" else "19\u202f%") for line in tip)
    assert any(line.endswith("Tchad Besoins Humanitaires et Plan de Réponse 2026") for line in tip)
    assert tip[-1].endswith("12 March 2026" if lang == "en" else "12 mars 2026")
    # the ranking beside it: the same figures, largest first, Chad's written as a reader scans it
    bars = chart_with_key(at, "fts_ranking")["data"][0]
    assert dict(zip(bars["customdata"], bars["x"], strict=True)) == expected
    assert bars["x"] == sorted(bars["x"], reverse=True)
    # plotly text is markup: "$" is written as its entity (plotly would read $…$ as LaTeX); it shows "$"
    assert html.unescape(bars["text"][bars["customdata"].index("TCD")]) == short


def test_a_country_without_a_plan_that_year_is_no_plan_never_zero():
    at = run_page(PAGE, "en")
    spec = map_with_key(at, "fts_map")
    with_plan = set(plan_rows(2026, regional=False)["entity_id"])
    countries = read_table("entities").query("kind == 'country'").set_index("entity_id")["name_en"]
    without = set(countries.index) - with_plan
    assert "SEN" in without and "TCD" not in without
    assert set(layer(spec, "missing")) == without and not without & set(coloured(spec))
    assert _tip(spec, "SEN") == ["Senegal", "Unmet requirement: no plan in 2026"]
    assert {"fill": "#c9c9c9", "stroke": "#8a8a8a", "label": "no plan in 2026"} in spec["legend"]["items"]
    bars = chart_with_key(at, "fts_ranking")["data"][0]
    assert not without & set(bars["customdata"])
    names = ", ".join(sorted(countries[list(without)]))
    assert f"No plan in 2026: {names}." in texts(at)


@pytest.mark.parametrize(("year", "plans", "lang"), [(2026, "country", "en"), (2025, "country", "fr"),
                                                     (2008, "regional", "en")])
def test_the_regions_sums_equal_the_table_rows_they_sum(year, plans, lang):
    at = run_page(PAGE, lang, **({} if year == 2026 else {"year": str(year)}),
                  **({} if plans == "country" else {"plans": plans}))
    assert not at.exception
    rows = plan_rows(year, regional=plans == "regional")
    both = rows[rows["requirement_usd"].notna() & rows["funding_usd"].notna()]
    assert len(both) > 1
    metrics = _metrics(at)

    def label(metric: str) -> str:
        name = translate(f"funding.fts.metric_{metric}", lang)
        return translate("funding.fts.region_metric", lang, metric=name, year=year)

    assert metrics[label("requirement")] == format_usd(both["requirement_usd"].sum(), lang)
    assert metrics[label("funding")] == format_usd(both["funding_usd"].sum(), lang)
    assert metrics[label("unmet")] == format_usd(both["gap_usd"].sum(), lang)
    key = "funding.fts.sum_country" if plans == "country" else "funding.fts.sum_regional"
    summed = translate(key, lang, count=len(both), countries=both["entity_id"].nunique(), year=year)
    assert any(c.value.startswith(summed) for c in at.caption)
    # the countries on the map add up to the region's unmet requirement
    assert sum(coloured(map_with_key(at, "fts_map")).values()) == both["gap_usd"].sum()


def test_regional_plans_are_never_added_to_country_plans():
    # Central African Republic 2024: its HRP, and its share of the Sudan regional refugee response plan
    country = run_page(PAGE, "en", year="2024", metric="requirement")
    regional = run_page(PAGE, "en", year="2024", metric="requirement", plans="regional")
    own = plan_rows(2024, regional=False).set_index("entity_id").loc["CAF", "requirement_usd"]
    share = plan_rows(2024, regional=True).set_index("entity_id").loc["CAF", "requirement_usd"]
    assert (own, share) == (367_670_976, 46_173_991)
    assert coloured(map_with_key(country, "fts_map"))["CAF"] == own
    assert coloured(map_with_key(regional, "fts_map"))["CAF"] == share
    assert "Sudan Emergency: Regional Refugee Response Plan 2024" in " ".join(
        _tip(map_with_key(regional, "fts_map"), "CAF")
    )
    no_sum = format_usd(own + share, "en")
    for at in (country, regional):
        assert no_sum not in texts(at)
    assert map_with_key(regional, "fts_map")["label"].startswith(
        "Requirement, regional plans (country shares), 2024"
    )


@pytest.mark.parametrize(("metric", "value", "shown"), [("percent", 19, "19%"),
                                                        ("requirement", 986_069_627, "$986.1M"),
                                                        ("funding", 188_686_311, "$188.7M")])
def test_every_measure_of_the_map_equals_chads_row(metric, value, shown):
    at = run_page(PAGE, "en", metric=metric)
    assert not at.exception and _param(at, "metric") == metric
    assert coloured(map_with_key(at, "fts_map"))["TCD"] == value
    bars = chart_with_key(at, "fts_ranking")["data"][0]
    assert html.unescape(bars["text"][bars["customdata"].index("TCD")]) == shown


def test_every_year_is_in_one_control_and_the_last_complete_year_one_click_away():
    at = run_page(PAGE, "en")
    assert at.selectbox(key="funding_year").options == [str(y) for y in range(2026, 1999, -1)]
    jump = at.button(key="funding_year_jump")
    assert jump.label == "Last complete year: 2025"
    jump.click().run()
    assert not at.exception and _param(at, "year") == "2025"
    assert at.selectbox(key="funding_year").value == "2025"
    nigeria = plan_rows(2025, regional=False).set_index("entity_id").loc["NGA"]
    assert (nigeria["requirement_usd"], nigeria["funding_usd"]) == (910_246_471, 286_229_072)
    assert coloured(map_with_key(at, "fts_map"))["NGA"] == nigeria["gap_usd"]
    back = at.button(key="funding_year_jump")
    assert back.label == "Latest year: 2026"
    back.click().run()
    assert _param(at, "year") is None and coloured(map_with_key(at, "fts_map"))["TCD"] == CHAD_2026_UNMET


def test_choosing_a_year_in_french_writes_it_to_the_url():
    at = run_page(PAGE, "fr")
    at.selectbox(key="funding_year").set_value("2003")
    rerun(at)
    assert not at.exception and _param(at, "year") == "2003"
    expected = plan_rows(2003, regional=False)
    shown = coloured(map_with_key(at, "fts_map"))
    assert shown == {i: float(g) for i, g in zip(expected["entity_id"], expected["gap_usd"], strict=True)}


def test_the_table_behind_the_map_equals_the_tables_rows():
    at = open_data_views(run_page(PAGE, "en", year="2025"), "fts-map")
    assert not at.exception
    table = next(f.value for f in at.dataframe if "Unmet requirement (US$)" in f.value.columns)
    assert len(table) == 20  # every country, a plan or not
    rows = plan_rows(2025, regional=False).set_index("entity_id")
    shown = table.set_index("ISO3 code")
    for iso3, row in rows.iterrows():
        assert shown.loc[iso3, "Unmet requirement (US$)"] == row["gap_usd"]
        assert shown.loc[iso3, "Requirement (US$)"] == row["requirement_usd"]
        assert shown.loc[iso3, "Plans (as published)"] == row["name"]
    no_plan = shown.loc[~shown.index.isin(rows.index)]
    assert no_plan["Unmet requirement (US$)"].isna().all() and (no_plan["Number of plans"] == 0).all()
    assert {"fts-map-csv", "fts-map-xlsx"} <= {b.key for b in at.get("download_button")}


# --- trends --------------------------------------------------------------------------------------------


def test_trends_of_the_region_and_of_a_country_with_funding_outside_plans_apart():
    at = run_page(PAGE, "en", country="TCD")
    assert not at.exception
    chad = chart_with_key(at, "fts-trend-TCD")
    requirement, funding, outside = chad["data"]
    assert outside["name"] == "Funding outside any plan (context)" and outside["type"] == "scatter"
    def by_year(trace: dict) -> dict:
        return dict(zip(trace["x"], trace["y"], strict=True))

    assert by_year(requirement)[2026] == 986_069_627 and by_year(funding)[2026] == 188_686_311
    table = read_table("fts_outside_plans").query("entity_id == 'TCD' and year <= 2026").set_index("year")
    assert by_year(outside)[2026] == table.loc[2026, "funding_usd"] == 4_415_355
    assert max(requirement["x"]) == 2026  # committed funding for later years is left out
    # the hover names the plan and the gap of the plan alone, outside funding beside it
    hover = funding["customdata"][funding["x"].index(2026)]
    assert "Tchad Besoins Humanitaires et Plan de Réponse 2026" in hover
    assert f"Unmet requirement: ${format_int(CHAD_2026_UNMET, 'en')}" in hover
    assert f"Funding outside any plan (context): ${format_int(4_415_355, 'en')}" in hover
    # the region: each year the sum of the countries' plan rows with both figures known
    region = chart_with_key(at, "fts-trend-region")["data"][0]
    plans = read_table("fts_plans").query("not is_regional")
    rows = read_table("fts_plan_funding").merge(plans[["plan_id", "year"]], on="plan_id")
    rows = rows[rows["requirement_usd"].notna() & rows["funding_usd"].notna()]
    expected = rows.groupby("year")["requirement_usd"].sum()
    shown = {x: y for x, y in zip(region["x"], region["y"], strict=True) if y is not None}
    assert shown == {int(y): float(v) for y, v in expected.items()}


def test_trend_hover_escapes_plan_names():
    from dashboard.sections.funding_trend import _hover

    row = pd.Series({"year": 2026, "plans": 1, "requirement_usd": 10, "funding_usd": 4, "gap_usd": 6,
                     "percent_funded": 40, "plan_names": "<b>Plan</b> & co", "plans_not_summed": "",
                     "outside_usd": pd.NA})
    text = _hover(row, "country", "en")
    assert "&lt;b&gt;Plan&lt;/b&gt; &amp; co" in text and "<b>" not in text


# --- the overview shares the map --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_overview_leads_with_the_same_gap_as_the_tables(lang):
    at = run_page("app_pages/overview.py", lang)
    assert not at.exception
    rows = plan_rows(2026, regional=False)
    both = rows[rows["requirement_usd"].notna() & rows["funding_usd"].notna()]
    metrics = _metrics(at)
    def label(metric: str) -> str:
        name = translate(f"funding.fts.metric_{metric}", lang)
        return translate("funding.fts.region_metric", lang, metric=name, year=2026)

    unmet, requirement, percent = label("unmet"), label("requirement"), label("percent")
    assert metrics[unmet] == format_usd(both["gap_usd"].sum(), lang) == format_usd(3_140_286_329, lang)
    assert metrics[requirement] == format_usd(both["requirement_usd"].sum(), lang)
    assert metrics[percent] == ("16.7%" if lang == "en" else "16,7\u202f%")
    assert round(100 * both["funding_usd"].sum() / both["requirement_usd"].sum(), 1) == 16.7
    summed = translate("funding.fts.sum_country", lang, count=7, countries=7, year=2026)
    assert any(c.value.startswith(summed) for c in at.caption)
    # first the gap, then the 2020 appeal: the first metric is the region's, the first map FTS's
    assert list(metrics)[0] == requirement
    first, second = map_specs(at)
    assert first["label"] == TITLE[lang] and coloured(first)["TCD"] == CHAD_2026_UNMET
    assert second["label"] == translate("overview.by_office", lang)
