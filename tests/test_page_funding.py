"""The funding page in AppTest: every control value runs, the numbers shown equal the tables', unknowns
stay unknown, the URL holds the view, and a broken table breaks only what needs it.

Expected values are computed here from data/processed with plain pandas, not with the page's helpers.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.i18n import format_date, format_int, format_pct, format_usd, translate
from dashboard.tables import read_table
from tests.apptest_helpers import (
    coloured,
    data_view_keys,
    layer,
    map_specs,
    open_data_views,
    rerun,
    run_page,
    texts,
)
from tests.test_french import english_fragments, interface_text, without_data

PAGE = "app_pages/funding.py"
PILLAR_OPTIONS = ["all", "principles", "objectives", "P1", "P2", "P3", "O1", "O2", "O3"]
NGA_BY_PILLAR = {
    "P1": 5_750_000,
    "P2": 4_050_000,
    "P3": 2_500_000,
    "O1": 16_000_000,
    "O2": 75_412_058,
    "O3": 6_763_752,
}


# --- expected values, straight from the tables --------------------------------------------------------


def _appeal() -> pd.DataFrame:
    appeal = read_table("appeal")
    return appeal[appeal["appeal_id"] == "MI2020"]


def _entities() -> pd.DataFrame:
    return read_table("entities")


def _pillars_of(option: str) -> list[str]:
    pillars = read_table("pillars")
    if option == "all":
        return pillars["pillar_id"].tolist()
    if option == "principles":
        return pillars.loc[pillars["group"] == "principle", "pillar_id"].tolist()
    if option == "objectives":
        return pillars.loc[pillars["group"] == "objective", "pillar_id"].tolist()
    return [option]


def _country_amounts(option: str) -> dict[str, int]:
    appeal = _appeal()
    countries = set(_entities().query("kind == 'country'")["entity_id"])
    selected = appeal[appeal["pillar"].isin(_pillars_of(option)) & appeal["entity_id"].isin(countries)]
    return {k: int(v) for k, v in selected.groupby("entity_id")["amount_usd"].sum().items()}


def _countries_with_theme(theme_id: str) -> set[str]:
    tagged = read_table("priority_themes").query("theme_id == @theme_id")["priority_id"]
    priorities = read_table("priorities")
    offices = set(priorities.loc[priorities["priority_id"].isin(tagged), "entity_id"])
    return offices & set(_entities().query("kind == 'country'")["entity_id"])


# --- what the page shows ------------------------------------------------------------------------------


def _specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _map(at) -> dict:
    found = map_specs(at)
    assert len(found) == 1
    return found[0]


def _coloured(at) -> dict[str, float]:
    """Countries the map colours by value, with their value."""
    return coloured(_map(at))


def _bar_with_title(at, title: str) -> dict:
    found = [s for s in _specs(at) if (s["layout"].get("title") or {}).get("text") == title]
    assert len(found) == 1, [(s["layout"].get("title") or {}).get("text") for s in _specs(at)]
    return found[0]


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _frame_with(at, column: str) -> pd.DataFrame:
    found = [f.value for f in at.dataframe if column in f.value.columns]
    assert found, [list(f.value.columns) for f in at.dataframe]
    return found[0]


def _param(at, name: str) -> str | None:
    value = at.query_params.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


# --- every control value ------------------------------------------------------------------------------


@pytest.mark.parametrize("pillar", PILLAR_OPTIONS)
def test_every_pillar_option_runs_and_the_map_equals_the_table(pillar):
    at = run_page(PAGE, "en", pillar=pillar)
    assert not at.exception
    expected = _country_amounts(pillar)
    assert _coloured(at) == pytest.approx({k: float(v) for k, v in expected.items()})
    appeal = _appeal()
    regional = int(appeal.loc[appeal["pillar"].isin(_pillars_of(pillar)), "amount_usd"].sum())
    assert _metrics(at)[translate("funding.regional_total", "en")] == format_usd(regional, "en")
    # the ranking beside the map shows the same amounts, largest first
    ranking = _bar_with_title(at, translate("funding.bar_title", "en"))["data"][0]
    assert dict(zip(ranking["customdata"], ranking["x"], strict=True)) == expected
    assert ranking["x"] == sorted(ranking["x"], reverse=True)


@pytest.mark.parametrize("pillar", ["principles", "O2"])
def test_pillar_options_in_french(pillar):
    at = run_page(PAGE, "fr", pillar=pillar)
    assert not at.exception
    assert _coloured(at) == pytest.approx({k: float(v) for k, v in _country_amounts(pillar).items()})


THEMES = read_table("themes")["theme_id"].tolist()


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_restricts_the_coloured_countries_to_exactly_those_with_the_theme(theme):
    at = run_page(PAGE, "en", theme=theme)
    assert not at.exception
    expected = _countries_with_theme(theme)
    assert set(_coloured(at)) == expected
    # the others are drawn grey, and the page says so
    note = translate("funding.map_context_theme", "en")
    assert any(item.get("label") == note for item in _map(at)["legend"]["items"])
    theme_name = read_table("themes").set_index("theme_id").loc[theme, "name_en"]
    if expected:
        assert translate("funding.map_theme_note", "en", count=len(expected), theme=theme_name) in texts(at)
        ranking = _bar_with_title(at, translate("funding.bar_title", "en"))["data"][0]
        assert set(ranking["customdata"]) == expected


@pytest.mark.parametrize(
    ("theme", "pillar"),
    [("health", "all"), ("border_management", "P1"), ("diaspora_remittances", "objectives")],
)
def test_themes_in_french_with_pillars(theme, pillar):
    at = run_page(PAGE, "fr", theme=theme, pillar=pillar)
    assert not at.exception
    expected = {k: v for k, v in _country_amounts(pillar).items() if k in _countries_with_theme(theme)}
    assert _coloured(at) == pytest.approx({k: float(v) for k, v in expected.items()})


@pytest.mark.parametrize("year", ["2019", "2020", "2024"])
def test_a_year_lists_that_years_response_plans_only_and_leaves_the_appeal_alone(year):
    at = run_page(PAGE, "en", year=year)
    assert not at.exception
    assert _param(at, "year") == year
    # the response plans: exactly that year's rows of funding.csv
    listing = _frame_with(at, translate("funding.col_gap", "en"))
    rows = read_table("funding").query("year == @year_number", local_dict={"year_number": int(year)})
    assert len(listing) == len(rows) > 0
    assert set(listing[translate("funding.col_year", "en")]) == {year}
    assert sorted(listing[translate("funding.col_appeal", "en")]) == sorted(rows["appeal"])
    # the 2020 appeal does not change with the year; the map's funding line names the year
    assert _coloured(at) == pytest.approx({k: float(v) for k, v in _country_amounts("all").items()})
    assert _metrics(at)[translate("funding.regional_total", "en")] == "$380.0\u00a0M"
    label = translate("funding.hover_funding", "en", year=year)
    hovers = [shape["tip"][-1] for shape in _map(at)["shapes"] if shape["layer"] == "values"]
    assert hovers and all(line.startswith(label + ": ") for line in hovers)


def test_choosing_a_year_in_french_lists_that_years_plans():
    # Streamlit's browser client writes a bound widget's value to the URL (AppTest does not):
    # tests/browser/test_funding_browser.py checks ?year=2020.
    at = run_page(PAGE, "fr")
    at.selectbox(key="year").set_value("2020")
    rerun(at)
    assert not at.exception
    listing = _frame_with(at, translate("funding.col_gap", "fr"))
    assert set(listing[translate("funding.col_year", "fr")]) == {"2020"}


# --- headline figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "shown"), [("en", "$380.0\u00a0M"), ("fr", "380,0\u00a0M$")])
def test_regional_total_and_the_regional_office(lang, shown):
    at = run_page(PAGE, lang)
    assert not at.exception
    metrics = _metrics(at)
    assert metrics[translate("funding.regional_total", lang)] == shown
    assert _appeal()["amount_usd"].sum() == 380_026_059
    office = int(_appeal().query("entity_id == 'RO-DAKAR'")["amount_usd"].sum())
    assert metrics[translate("funding.ro_metric", lang)] == format_usd(office, lang)
    # the Regional Office is not a country on the map
    assert "RO-DAKAR" not in _coloured(at)
    share = format_pct(office / 380_026_059, lang)
    assert translate("funding.ro_note", lang, share=share) in texts(at)
    countries = sum(_country_amounts("all").values())
    assert metrics[translate("funding.countries_metric", lang, count=20)] == format_usd(countries, lang)


def test_every_figure_has_an_as_of_and_source_line():
    at = run_page(PAGE, "en", country="NGA")
    captions = [c.value for c in at.caption]
    assert sum("Migration Initiatives 2020" in c or "MI2020" in c for c in captions) >= 4
    assert any(c.startswith("As of") and "DTM" in c for c in captions)


# --- the selected country -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_nigeria_selected_from_the_url(lang):
    at = run_page(PAGE, lang, country="NGA")
    assert not at.exception
    metrics = _metrics(at)
    total = int(_appeal().query("entity_id == 'NGA'")["amount_usd"].sum())
    assert total == sum(NGA_BY_PILLAR.values()) == 110_475_810
    label = translate("funding.selected_total", lang, country="Nigeria")
    assert metrics[label] == format_usd(total, lang) == ("$110.5\u00a0M" if lang == "en" else "110,5\u00a0M$")
    # by pillar: the data view equals appeal.csv
    open_data_views(at, "pillars")
    assert not at.exception
    by_pillar = _frame_with(at, translate("funding.col_pillar", lang))
    shown = dict(
        zip(
            by_pillar[translate("funding.col_pillar", lang)],
            by_pillar[translate("funding.col_requirement", lang)],
            strict=True,
        )
    )
    assert shown == NGA_BY_PILLAR
    expected = _appeal().query("entity_id == 'NGA'").groupby("pillar")["amount_usd"].sum().to_dict()
    assert shown == expected
    chart = _bar_with_title(at, translate("funding.by_pillar_title", lang, country="Nigeria"))["data"][0]
    assert dict(zip(chart["customdata"], chart["x"], strict=True)) == NGA_BY_PILLAR
    # highlighted on the map, and the link to its country page carries the selection
    assert layer(_map(at), "highlight") == ["NGA"]
    links = [link.proto for link in at.get("page_link")]
    assert any(link.page.endswith("country") and "country=NGA" in link.query_string for link in links), links
    assert _param(at, "country") == "NGA"


def test_nigeria_top_themes_count_its_priorities():
    at = run_page(PAGE, "en", country="NGA")
    priorities = read_table("priorities").query("entity_id == 'NGA'")["priority_id"]
    tagged = read_table("priority_themes")
    counts = tagged[tagged["priority_id"].isin(priorities)].groupby("theme_id")["priority_id"].nunique()
    open_data_views(at, "themes")
    assert not at.exception
    frame = _frame_with(at, translate("funding.col_theme_id", "en"))
    shown = dict(
        zip(
            frame[translate("funding.col_theme_id", "en")],
            frame[translate("funding.col_priorities", "en")],
            strict=True,
        )
    )
    assert shown and all(counts[k] == v for k, v in shown.items())
    assert sorted(shown.values(), reverse=True) == sorted(counts.values, reverse=True)[: len(shown)]


def test_selected_country_with_a_pillar_shows_both_totals():
    at = run_page(PAGE, "en", country="NGA", pillar="O2")
    pillar_name = read_table("pillars").set_index("pillar_id").loc["O2", "name_en"]
    label = translate(
        "funding.selected_pillars",
        "en",
        pillars=translate("funding.pillar_option", "en", id="O2", name=pillar_name),
    )
    assert _metrics(at)[label] == format_usd(75_412_058, "en")


def test_selecting_in_the_controls_writes_the_url():
    at = run_page(PAGE, "en")
    at.selectbox(key="funding_country").set_value("NGA").run()
    assert not at.exception
    assert _param(at, "country") == "NGA"
    assert _metrics(at)[translate("funding.selected_total", "en", country="Nigeria")] == "$110.5\u00a0M"
    at.selectbox(key="funding_pillar").set_value("principles").run()
    at.selectbox(key="funding_theme").set_value("health").run()
    assert _param(at, "pillar") == "principles" and _param(at, "theme") == "health"
    assert set(_coloured(at)) == _countries_with_theme("health")
    assert layer(_map(at), "highlight") == ["NGA"]
    clear = next(b for b in at.button if b.label == translate("funding.clear_selection", "en"))
    clear.click().run()
    assert _param(at, "country") is None
    assert layer(_map(at), "highlight") == []  # the map of the view without a country, not the last one
    assert (_param(at, "pillar"), _param(at, "theme")) == ("principles", "health")


def test_choices_in_french_put_codes_in_the_url_not_names():
    at = run_page(PAGE, "fr")
    at.selectbox(key="funding_country").set_value("NER")
    at.selectbox(key="funding_pillar").set_value("O2")
    at.selectbox(key="funding_theme").set_value("border_management")
    rerun(at)
    assert not at.exception
    shown = (_param(at, "country"), _param(at, "pillar"), _param(at, "theme"))
    assert shown == ("NER", "O2", "border_management")
    niger = int(_appeal().query("entity_id == 'NER'")["amount_usd"].sum())
    assert _metrics(at)[translate("funding.selected_total", "fr", country="Niger")] == format_usd(niger, "fr")


def test_url_spelling_is_made_canonical():
    at = run_page(PAGE, "en", pillar="o2", country="nga", theme="HEALTH")
    assert not at.exception
    assert (_param(at, "pillar"), _param(at, "country"), _param(at, "theme")) == ("O2", "NGA", "health")
    assert not at.toast


# --- the tables behind the figures: made and sent only when opened ------------------------------------


def test_a_closed_table_view_sends_nothing_and_an_opened_one_shows_the_map_numbers():
    at = run_page(PAGE, "en", country="NGA")
    assert not at.exception
    views = data_view_keys(at)
    assert {"map-view", "pillars-view", "themes-view", "lcb-view"} <= set(views)
    assert not any(at.session_state[key] for key in views)  # closed until a reader opens one
    # closed: no table and no download of any view; only the list of response plans (not a view) is sent
    plans = translate("funding.col_scope", "en")
    assert [list(f.value.columns) for f in at.dataframe if plans not in f.value.columns] == []
    assert {b.key for b in at.get("download_button")} == {"appeals-csv", "appeals-xlsx"}

    open_data_views(at, "map")
    assert not at.exception
    table = _frame_with(at, translate("funding.col_rank", "en"))
    iso3, amount = translate("funding.col_iso3", "en"), translate("funding.col_requirement", "en")
    assert dict(zip(table[iso3], table[amount], strict=True)) == _country_amounts("all")
    share = translate("funding.col_share", "en")
    total = int(_appeal()["amount_usd"].sum())  # a share of the regional total
    assert dict(zip(table[iso3], table[share], strict=True)) == pytest.approx(
        {k: round(v / total * 100, 2) for k, v in _country_amounts("all").items()}, abs=0.01
    )
    assert {"map-csv", "map-xlsx"} <= {b.key for b in at.get("download_button")}
    # the other views stay closed and unsent
    assert len([f for f in at.dataframe if plans not in f.value.columns]) == 1
    assert not {"pillars-csv", "themes-csv", "lcb-csv"} & {b.key for b in at.get("download_button")}

    at.session_state["map-view"] = False  # closed again: gone again
    at.run()
    assert [list(f.value.columns) for f in at.dataframe if plans not in f.value.columns] == []


def test_requirement_per_person_affected_table_equals_the_metrics():
    at = open_data_views(run_page(PAGE, "en"), "lcb")
    assert not at.exception
    table = _frame_with(at, translate("funding.col_per_person", "en"))
    iso3 = translate("funding.col_iso3", "en")
    assert sorted(table[iso3]) == ["CMR", "NER", "NGA", "TCD"]
    for _, row in table.iterrows():
        amount = int(_appeal().query("entity_id == @row[@iso3]")["amount_usd"].sum())
        assert row[translate("funding.col_requirement", "en")] == amount
        per_person = row[translate("funding.col_per_person", "en")]
        assert per_person == round(amount / row[translate("funding.col_affected", "en")], 2)


# --- Lake Chad Basin: requirement per person affected ------------------------------------------------


def test_requirement_per_person_affected_is_context_with_two_sources():
    at = run_page(PAGE, "en")
    displacement = read_table("displacement")
    dtm = displacement[
        (displacement["series"] == "dtm_lcb_dashboard")
        & (displacement["category"] == "affected_total")
        & displacement["entity_id"].notna()
    ]
    latest = dtm.sort_values("as_of").groupby("entity_id").tail(1).set_index("entity_id")
    metrics = _metrics(at)
    for iso3, name in {"CMR": "Cameroon", "NER": "The Niger", "NGA": "Nigeria", "TCD": "Chad"}.items():
        amount = int(_appeal().query("entity_id == @iso3")["amount_usd"].sum())
        assert metrics[name] == format_usd(amount / int(latest.loc[iso3, "value"]), "en")
        assert translate(
            "funding.lcb_affected",
            "en",
            people=format_int(latest.loc[iso3, "value"], "en"),
            date=format_date(latest.loc[iso3, "as_of"], "en"),
        ) in texts(at)
    assert translate("funding.lcb_note", "en") in texts(at)
    assert "context" in translate("funding.lcb_note", "en").lower() and "not a funding gap" in translate(
        "funding.lcb_note", "en"
    )


# --- response plans: gaps only where funding received is known ---------------------------------------


def _funding_rows(country: str | None = None, year: int | None = None) -> pd.DataFrame:
    funding = read_table("funding")
    if country:
        own = funding["entity_id"] == country
        scope = funding["scope_iso3"].fillna("").map(lambda s: country in [p.strip() for p in s.split(";")])
        funding = funding[own.fillna(False).astype(bool) | scope]
    if year:
        funding = funding[funding["year"] == year]
    return funding


@pytest.mark.parametrize(("country", "year"), [(None, None), ("NGA", None), (None, 2020), ("MLI", 2019)])
def test_a_gap_appears_only_where_funding_received_is_known(country, year):
    params = {k: str(v) for k, v in (("country", country), ("year", year)) if v}
    at = run_page(PAGE, "en", **params)
    assert not at.exception
    rows = _funding_rows(country, year)
    listing = _frame_with(at, translate("funding.col_gap", "en"))
    assert len(listing) == len(rows)
    gap_col, appeal_col = translate("funding.col_gap", "en"), translate("funding.col_appeal", "en")
    funded_col = translate("funding.col_funded", "en")
    by_appeal = rows.set_index("appeal")
    for _, shown in listing.iterrows():
        source = by_appeal.loc[[shown[appeal_col]]]
        known = source["funded_usd"].notna() & source["required_usd"].notna()
        if not known.any():
            assert shown[gap_col] == "–"  # unknown, never a 100 % gap
            if source["funded_usd"].isna().all():
                assert shown[funded_col] == "–"
        else:
            gaps = {
                format_usd(max(int(r) - int(f), 0), "en")
                for r, f in zip(source["required_usd"], source["funded_usd"], strict=True)
                if pd.notna(r) and pd.notna(f)
            }
            assert shown[gap_col] in gaps
    # the chart of gaps: exactly the rows whose requirement and funding received are both published
    both = rows[rows["funded_usd"].notna() & rows["required_usd"].notna()]
    charts = [
        s
        for s in _specs(at)
        if (s["layout"].get("title") or {}).get("text") == translate("funding.gaps_chart_title", "en")
    ]
    if both.empty:
        assert charts == []
        assert translate("funding.gaps_none", "en") in texts(at)
    else:
        funded, gap = charts[0]["data"]
        assert sorted(funded["x"]) == sorted(float(v) for v in both["funded_usd"])
        assert sorted(gap["x"]) == sorted(
            float(max(r - f, 0)) for r, f in zip(both["required_usd"], both["funded_usd"], strict=True)
        )


def test_published_shares_and_unmet_amounts_are_shown_as_published():
    at = run_page(PAGE, "en", country="NGA", year="2020")
    listing = _frame_with(at, translate("funding.col_unmet", "en"))
    row = listing[
        listing[translate("funding.col_appeal", "en")]
        == "Nigeria Humanitarian Response Plan 2020 (revised, incl. COVID-19)"
    ].iloc[0]
    assert row[translate("funding.col_unmet", "en")] == format_usd(531_200_000, "en")
    assert row[translate("funding.col_funded", "en")] == format_usd(549_200_000, "en")
    # the gap is computed inside the appeal (1.1 B rounded - 549.2 M), the published unmet stays as published
    assert row[translate("funding.col_gap", "en")] == format_usd(1_100_000_000 - 549_200_000, "en")
    mid_year = listing[listing[translate("funding.col_appeal", "en")].str.contains("mid-year")].iloc[0]
    assert mid_year[translate("funding.col_funded_pct", "en")] == "34%"
    assert mid_year[translate("funding.col_gap", "en")] == "–"
    # one block per appeal with the appeal named, its date and its source beneath
    captions = [c.value for c in at.caption]
    assert any("Funding as of 4 January 2021" in c and "531.2" in c for c in captions)


def test_countries_without_known_funding_are_listed_and_hovered_as_not_known():
    at = run_page(PAGE, "en", year="2020")
    funding = read_table("funding").query("year == 2020")
    with_figure = set(
        funding.loc[
            funding["entity_id"].notna() & (funding["funded_usd"].notna() | funding["funded_pct"].notna()),
            "entity_id",
        ]
    )
    countries = _entities().query("kind == 'country'").set_index("entity_id")["name_en"]
    unknown = sorted(countries[~countries.index.isin(with_figure)])
    line = translate("funding.not_known_list", "en", year="2020", countries=", ".join(unknown))
    assert line in texts(at)
    hover = {shape["id"]: shape["tip"][-1] for shape in _map(at)["shapes"] if shape["layer"] == "values"}
    for iso3 in countries.index:
        if iso3 in with_figure:
            assert not hover[iso3].endswith(": " + translate("funding.funding_not_known", "en"))
        else:
            assert hover[iso3].endswith(": " + translate("funding.funding_not_known", "en"))
    assert "100" not in hover["GIN"]


# --- the URL: bad values fall back with a notice -----------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value"),
    [("pillar", "P9"), ("theme", "nope"), ("country", "XXX"), ("year", "1990"), ("country", "N" * 300)],
)
def test_bad_url_values_fall_back_with_a_notice(param, value):
    at = run_page(PAGE, "en", **{param: value})
    assert not at.exception
    assert at.toast, "no notice"
    assert _param(at, param) is None
    assert _metrics(at)[translate("funding.regional_total", "en")] == "$380.0\u00a0M"
    assert len(_coloured(at)) == 20


# --- presentation, French, broken tables ------------------------------------------------------------


def test_presentation_mode_shows_the_essentials_only():
    at = run_page(PAGE, "en", present="1", country="NGA")
    assert not at.exception
    assert len(at.dataframe) == 0 and len(at.get("download_button")) == 0
    assert _coloured(at) and _metrics(at)[translate("funding.regional_total", "en")] == "$380.0\u00a0M"


@pytest.mark.parametrize(
    "params", [{"country": "NGA", "theme": "health"}, {"pillar": "principles", "year": "2020"}]
)
def test_no_english_interface_text_in_french(params):
    at = open_data_views(run_page(PAGE, "fr", **params))  # table headers and download labels included
    assert not at.exception
    shown = without_data(interface_text(at))
    leaked = sorted(fragment for fragment in english_fragments() if fragment in shown)
    assert leaked == []


def test_missing_appeal_table_shows_a_clear_error(processed_copy):
    (processed_copy / "appeal.csv").unlink()
    at = run_page(PAGE, "en")
    assert not at.exception
    assert any("appeal" in e.value for e in at.error)
    assert not at.get("plotly_chart") and not map_specs(at)


def test_missing_funding_table_leaves_the_appeal_map(processed_copy):
    (processed_copy / "funding.csv").unlink()
    at = run_page(PAGE, "en", country="NGA")
    assert not at.exception
    assert any("funding" in w.value for w in at.warning)
    assert len(_coloured(at)) == 20
    assert translate("funding.gaps_heading", "en") not in texts(at)


def test_missing_theme_table_disables_the_theme_filter_only(processed_copy):
    (processed_copy / "priority_themes.csv").unlink()
    at = run_page(PAGE, "en", theme="health")
    assert not at.exception
    assert any("priority_themes" in w.value for w in at.warning)
    assert at.selectbox(key="funding_theme").disabled
    assert len(_coloured(at)) == 20
