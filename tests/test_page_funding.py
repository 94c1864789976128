"""The funding page in AppTest, its IOM 2020 appeal section and IOM's own crisis response plans: every
control value runs, the numbers shown equal the tables', unknowns stay unknown, the URL holds the view, and
a broken table breaks only what needs it. (The OCHA FTS section: tests/test_page_funding_fts.py.)

Expected values are computed here from data/processed with plain pandas, not with the page's helpers.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.i18n import format_pct, format_usd, translate
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
from tests.test_page_funding_fts import map_with_key

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
    """The 2020 appeal's map (the FTS map above it: tests/test_page_funding_fts.py)."""
    return map_with_key(at, "funding_map")


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


def test_the_fts_year_leaves_the_2020_appeal_alone():
    at = run_page(PAGE, "en", year="2019", metric="percent", plans="regional")
    assert not at.exception
    assert _coloured(at) == pytest.approx({k: float(v) for k, v in _country_amounts("all").items()})
    assert _metrics(at)[translate("funding.regional_total", "en")] == "$380M"
    # the appeal's hover says nothing of funding: its figures are requirements only
    tips = [line for shape in _map(at)["shapes"] if shape["layer"] == "values" for line in shape["tip"]]
    assert not any("fund" in line.lower() for line in tips)


# --- headline figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "shown"), [("en", "$380M"), ("fr", "380\u00a0M\u00a0$US")])
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
    assert sum(c == "As of 12 March 2026 | OCHA FTS, requirements and funding (HDX)" for c in captions) >= 4
    # IOM's crisis response plans: each row of their list names its own source
    from dashboard.citations import citation_index

    cited = citation_index(read_table("sources"), "en")
    listing = _frame_with(at, translate("funding.col_source", "en"))
    rows = _iom_plans("NGA").set_index("appeal")
    for appeal, source in zip(listing[translate("funding.col_appeal", "en")],
                              listing[translate("funding.col_source", "en")], strict=True):
        assert source == cited[rows.loc[appeal, "source_id"]]


# --- the selected country -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_nigeria_selected_from_the_url(lang):
    at = run_page(PAGE, lang, country="NGA")
    assert not at.exception
    metrics = _metrics(at)
    total = int(_appeal().query("entity_id == 'NGA'")["amount_usd"].sum())
    assert total == sum(NGA_BY_PILLAR.values()) == 110_475_810
    label = translate("funding.selected_total", lang, country="Nigeria")
    shown = "$110.5M" if lang == "en" else "110,5\u00a0M\u00a0$US"
    assert metrics[label] == format_usd(total, lang) == shown
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
    assert _metrics(at)[translate("funding.selected_total", "en", country="Nigeria")] == "$110.5M"
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
    assert set(views) == {
        "fts-map-view", "fts-trend-region-view", "fts-trend-NGA-view",
        "map-view", "pillars-view", "themes-view",
    }
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
    assert not {"pillars-csv", "themes-csv", "fts-map-csv"} & {b.key for b in at.get("download_button")}

    at.session_state["map-view"] = False  # closed again: gone again
    at.run()
    assert [list(f.value.columns) for f in at.dataframe if plans not in f.value.columns] == []


# --- per-person figures: only of the same year ---------------------------------------------------------


def test_no_2020_requirement_per_person_of_a_later_count():
    """The 2020 appeal divided by the February 2024 DTM count set figures of different years against each
    other: the page no longer shows it."""
    at = run_page(PAGE, "en", country="NGA")
    assert not at.exception
    assert translate("funding.lcb_heading", "en") not in texts(at)
    footer = translate("footer.data_as_of", "en", items="").strip()
    assert not any("DTM" in c.value for c in at.caption if not c.value.startswith(footer))
    assert "lcb-view" not in data_view_keys(at)
    basin = {"Cameroon", "The Niger", "Nigeria", "Chad"}
    assert not basin & set(_metrics(at))


# --- IOM's own crisis response plans: what FTS lacks, gaps only where funding received is known --------


def _iom_plans(country: str | None = None) -> pd.DataFrame:
    """The hand-collected rows FTS does not list (fts_funding_coverage: iom_plan), covering `country`."""
    coverage = read_table("fts_funding_coverage")
    funding = read_table("funding")
    iom = coverage.loc[coverage["status"] == "iom_plan", "funding_id"]
    funding = funding[funding["funding_id"].isin(iom)]
    if country:
        own = funding["entity_id"] == country
        scope = funding["scope_iso3"].fillna("").map(lambda s: country in [p.strip() for p in s.split(";")])
        funding = funding[own.fillna(False).astype(bool) | scope]
    return funding


@pytest.mark.parametrize("country", [None, "NGA", "MLI", "GHA"])
def test_only_iom_plans_are_listed_and_a_gap_only_where_funding_received_is_known(country):
    at = run_page(PAGE, "en", **({"country": country} if country else {}))
    assert not at.exception
    rows = _iom_plans(country)
    assert translate("funding.iom_plans_heading", "en") in texts(at)
    if rows.empty:
        assert not [f for f in at.dataframe if translate("funding.col_gap", "en") in f.value.columns]
        return
    listing = _frame_with(at, translate("funding.col_gap", "en"))
    appeal_col = translate("funding.col_appeal", "en")
    assert sorted(listing[appeal_col]) == sorted(rows["appeal"])
    assert all(name.startswith("IOM ") for name in listing[appeal_col])
    # every plan FTS lists is gone from the hand-collected list (shown from FTS above)
    coverage = read_table("fts_funding_coverage")
    replaced = read_table("funding").merge(coverage[coverage["status"] != "iom_plan"], on="funding_id")
    assert not set(replaced["appeal"]) & set(listing[appeal_col])
    gap_col, funded_col = translate("funding.col_gap", "en"), translate("funding.col_funded", "en")
    by_appeal = rows.set_index("appeal")
    for _, shown in listing.iterrows():
        source = by_appeal.loc[[shown[appeal_col]]]
        known = source["funded_usd"].notna() & source["required_usd"].notna()
        if not known.any():
            assert shown[gap_col] == "–"  # unknown, never a 100 % gap
            assert shown[funded_col] == "–"
        else:
            pairs = zip(source["required_usd"], source["funded_usd"], strict=True)
            gaps = {format_usd(max(r - f, 0), "en") for r, f in pairs if pd.notna(r) and pd.notna(f)}
            assert shown[gap_col] in gaps
    both = rows[rows["funded_usd"].notna() & rows["required_usd"].notna()]
    charts = [s for s in _specs(at) if (s["layout"].get("title") or {}).get("text")
              == translate("funding.gaps_chart_title", "en")]
    assert len(charts) == (0 if both.empty else 1)
    if both.empty:
        assert translate("funding.gaps_none", "en") in texts(at)


def test_published_shares_are_shown_as_published():
    at = run_page(PAGE, "en", country="NGA")
    listing = _frame_with(at, translate("funding.col_funded_pct", "en"))
    appeal = translate("funding.col_appeal", "en")
    row = listing[listing[appeal].str.contains("Objective 1 'Saving")].iloc[0]
    expected = _iom_plans("NGA").query("appeal.str.contains(\"Objective 1 'Saving\")", engine="python")
    assert expected["funded_pct"].iloc[0] == 23.0
    assert row[translate("funding.col_funded_pct", "en")] == "23%"
    assert row[translate("funding.col_required", "en")] == format_usd(expected["required_usd"].iloc[0], "en")
    assert row[translate("funding.col_org", "en")] == translate("funding.org_iom", "en")


# --- the URL: bad values fall back with a notice -----------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value"),
    [("pillar", "P9"), ("theme", "nope"), ("country", "XXX"), ("year", "1990"), ("country", "N" * 300),
     ("metric", "gap"), ("plans", "all")],
)
def test_bad_url_values_fall_back_with_a_notice(param, value):
    at = run_page(PAGE, "en", **{param: value})
    assert not at.exception
    assert at.toast, "no notice"
    assert _param(at, param) is None
    assert _metrics(at)[translate("funding.regional_total", "en")] == "$380M"
    assert len(_coloured(at)) == 20


# --- presentation, French, broken tables ------------------------------------------------------------


@pytest.mark.parametrize(
    "params", [{"country": "NGA", "theme": "health"}, {"pillar": "principles", "year": "2020"}]
)
def test_no_english_interface_text_in_french(params):
    at = open_data_views(run_page(PAGE, "fr", **params))  # table headers and download labels included
    assert not at.exception
    shown = without_data(interface_text(at))
    leaked = sorted(fragment for fragment in english_fragments() if fragment in shown)
    assert leaked == []


def test_missing_appeal_table_leaves_the_fts_sections(processed_copy):
    (processed_copy / "appeal.csv").unlink()
    at = run_page(PAGE, "en")
    assert not at.exception
    assert any("appeal" in w.value for w in at.warning)
    assert [spec["label"] for spec in map_specs(at)] == [
        "Unmet requirement, country plans, 2026 — as of March 2026"
    ]
    assert translate("funding.regional_total", "en") not in _metrics(at)


def test_missing_funding_table_leaves_the_appeal_map(processed_copy):
    (processed_copy / "funding.csv").unlink()
    at = run_page(PAGE, "en", country="NGA")
    assert not at.exception
    assert any("funding" in w.value for w in at.warning)
    assert len(_coloured(at)) == 20
    assert translate("funding.iom_plans_heading", "en") not in texts(at)


def test_missing_theme_table_disables_the_theme_filter_only(processed_copy):
    (processed_copy / "priority_themes.csv").unlink()
    at = run_page(PAGE, "en", theme="health")
    assert not at.exception
    assert any("priority_themes" in w.value for w in at.warning)
    assert at.selectbox(key="funding_theme").disabled
    assert len(_coloured(at)) == 20
