"""Presentation mode (?present=1&slide=<view>), in AppTest: each view of the sequence is one title, at most
one row of headline figures and one visual, projected large, with its "as of | source" line and no table; its
figures are the pages' own and the tables'. (Whether each view fits a screen: the browser test.)"""

from __future__ import annotations

import json

import pytest

from dashboard.i18n import format_usd, translate
from dashboard.pages import PRESENTATION, Step
from dashboard.tables import read_table
from tests.apptest_helpers import coloured, map_specs, run_page

STEPS = {step.view: step for step in PRESENTATION}


def _run(step: Step, lang: str = "en", **extra: str):
    return run_page(step.page, lang, present="1", slide=step.view, **step.params, **extra)


def _metrics(at) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def _specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _bars(at) -> dict[str, float]:
    (spec,) = _specs(at)
    (bars,) = [trace for trace in spec["data"] if trace["type"] == "bar"]
    return dict(zip(bars["y"], bars["x"], strict=True))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("step", PRESENTATION, ids=list(STEPS))
def test_each_view_is_a_title_a_headline_row_and_one_visual(step, lang):
    at = _run(step, lang)
    assert not at.exception and not at.error and not at.warning
    assert len(at.title) == 1 and not at.header and not at.subheader
    visuals = len(at.get("plotly_chart")) + len(map_specs(at)) + len(at.get("deck_gl_json_chart"))
    assert visuals == 1
    assert len(at.metric) <= 4
    assert not at.dataframe and not at.get("download_button") and not at.expander  # no table
    number = PRESENTATION.index(step) + 1
    counter = translate("present.step", lang, current=number, total=len(PRESENTATION))
    assert f"**{counter}**" in [m.value for m in at.markdown]
    assert any(" | " in caption.value for caption in at.caption)  # "as of | source"
    for spec in _specs(at):
        layout = spec["layout"]
        assert layout["font"]["size"] >= 18 and layout["legend"]["font"]["size"] >= 18
        assert layout["xaxis"]["tickfont"]["size"] >= 18 and layout["yaxis"]["tickfont"]["size"] >= 18
        assert not layout.get("title")  # the view's title says it


def test_the_gap_view_shows_the_overview_figures():
    at = _run(STEPS["gap"])
    overview = run_page("app_pages/overview.py", "en")
    region = [value for label, value in _metrics(overview) if label.startswith("Region: ")]
    assert [value for _, value in _metrics(at)] == region and len(region) == 4
    (spec,) = map_specs(at)
    assert coloured(spec)["TCD"] == 797_383_316  # unmet requirement, country plans, 2026


def test_the_ranking_view_ranks_the_maps_countries():
    bars = _bars(_run(STEPS["ranking"]))
    (spec,) = map_specs(_run(STEPS["gap"]))
    names = read_table("entities").set_index("name_en")["entity_id"]
    assert {names[name]: value for name, value in bars.items()} == coloured(spec)
    assert list(bars.values()) == sorted(bars.values(), reverse=True)


def test_the_appeal_view_shows_the_appeals_total_and_offices():
    at = _run(STEPS["appeal"])
    assert _metrics(at) == [("2020 appeal (IOM)", "$380M"), ("Offices in the appeal", "21")]
    appeal = read_table("appeal").groupby("entity_id")["amount_usd"].sum()
    (spec,) = map_specs(at)
    assert coloured(spec)["NGA"] == appeal["NGA"]
    assert format_usd(appeal.sum(), "en") == "$380M"


def test_the_flows_view_shows_the_displacement_pages_figures():
    at = _run(STEPS["flows"])
    # the page's flows follow its map's year: UNHCR's latest, 2025, as the view's
    page = run_page("app_pages/displacement.py", "en", country="TCD", measure="refugees_hosted", year="2025")
    shown = [value for _, value in _metrics(at)]
    assert shown == [value for _, value in _metrics(page)][-3:]  # the page's flows headline comes last
    assert shown[0] == "1,502,263"
    bars = _bars(at)
    assert next(iter(bars)) == "Sudan" and bars["Sudan"] == 1_330_950


def test_the_country_view_shows_the_country_pages_plan():
    at = _run(STEPS["country"])
    page = {label: value for label, value in _metrics(run_page("app_pages/country.py", "en", country="NGA"))}
    keys = ("fts.requirement", "fts.funding", "fts.unmet", "fts.percent")
    assert [value for _, value in _metrics(at)] == [page[translate(f"country.{k}", "en")] for k in keys]
    assert "Nigeria" in at.title[0].value


def test_the_lake_chad_map_rises_as_columns_on_its_fullest_month():
    at = _run(STEPS["lake_chad_map"])
    (element,) = at.get("deck_gl_json_chart")
    deck = json.loads(element.proto.json)
    (areas,) = [layer for layer in deck["layers"] if layer["id"] == "areas"]
    assert areas["extruded"] is True and deck["initialViewState"]["pitch"] > 0
    tallest = max(areas["data"], key=lambda r: r["elevation"])
    assert tallest["value"] == max(r["value"] or 0 for r in areas["data"])
    # the latest month holds one area's import; October 2020 covers eight areas of three countries
    assert "October 2020" in at.title[0].value


def test_the_themes_view_counts_the_offices_naming_each_theme():
    bars = _bars(_run(STEPS["themes"]))
    tagged = read_table("priority_themes").merge(read_table("priorities"), on="priority_id")
    offices = tagged.groupby("theme_id")["entity_id"].nunique()
    names = read_table("themes").set_index("theme_id")["name_en"]
    assert bars == {names[theme]: float(count) for theme, count in offices.items()}


def test_a_slide_unknown_to_the_page_opens_its_first_view():
    at = run_page("app_pages/funding.py", "en", present="1", slide="nope")
    assert not at.exception
    assert at.title[0].value == translate("present.view.ranking_title", "en", year=2026)


def test_a_page_outside_the_sequence_leaves_presentation_mode():
    """Methods has no view: its link with ?present=1 opens the page as it is, tables and downloads included,
    with the sidebar and without the presentation controls, and the URL forgets ?present=."""
    at = run_page("app_pages/methods.py", "en", present="1", slide="gap")
    normal = run_page("app_pages/methods.py", "en")
    assert not at.exception
    assert "present" not in at.query_params and "slide" not in at.query_params
    assert at.title[0].value == translate("methods.title", "en")
    assert len(at.get("download_button")) == len(normal.get("download_button")) > 0
    assert len(at.dataframe) == len(normal.dataframe) > 0
    assert [b.label for b in at.button] == [b.label for b in normal.button]  # no previous / next / exit
    assert translate("present.start", "en") in [link.label for link in at.sidebar.get("page_link")]


def test_every_view_is_in_both_catalogues():
    for lang in ("en", "fr"):
        for key in ("gap_title", "ranking_title", "trend_title", "appeal_title", "flows_title",
                    "lake_chad_map_title", "country_title", "themes_title", "themes_axis"):
            text = translate(f"present.view.{key}", lang)
            assert text != f"present.view.{key}"
            if lang == "fr":
                assert " :" not in text and "\u00a0:" not in text  # a narrow no-break space before ":"
