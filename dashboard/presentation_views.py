"""The views of the guided presentation (?present=1&slide=<view>): one title, at most one row of headline
figures and one visual each, sized for a 1280×720 projector (and simply roomier at 1920×1080).

Each view calls the pages' own cached builders (the same figures as the pages and their tables) and only
re-sizes what they return for a projector: one height for the visual, tick, legend and bar texts at
least 18 px, no chart title (the view's title says it). app.py draws the step's view instead of its page.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping

import plotly.graph_objects as go
import streamlit as st

from dashboard import data
from dashboard.charts import ranked_bar
from dashboard.components import freeze, show_map, source_caption
from dashboard.i18n import format_int, format_usd, translate
from dashboard.pages import Step
from dashboard.queries import fts
from dashboard.sections import (
    country_funding,
    displacement,
    displacement_flows,
    funding_fts,
    funding_trend,
    lake_chad,
    overview,
    themes_matrix,
)
from dashboard.sections import lake_chad_map as area_map
from dashboard.sections.appeal import appeal_2020
from dashboard.sections.country import office_names
from dashboard.sections.themes import names as theme_names
from dashboard.sections.themes import priority_sources

# Heights in px for a 720 px screen: the rest of a view (controls, title, "as of | source" line, footer)
# takes about 190 px, a headline row about 90 more, and 50-70 px stay spare for fonts that run wider.
# tests/browser/test_presentation_browser.py checks that every view fits at 1280x720 and 1920x1080.
VISUAL_WITH_HEADLINE = 370
VISUAL_ALONE = 460
TEXT_PX = 20  # plotly's base font in a projected chart
SMALL_PX = 18  # ticks, legends and bar texts: the least a room reads at 1280×720
CHART_CONFIG = {"displayModeBar": False}


def tr(key: str, lang: str, **values: object) -> str:
    return translate(f"present.view.{key}", lang, **values)


def projected(fig: go.Figure, height: int) -> go.Figure:
    """A copy of a shared figure sized for the projector: `height`, no title, texts ≥ 18 px."""
    fig = go.Figure(copy.deepcopy(fig.to_dict()))
    # Texts written above the plot (e.g. "definition change" labels) keep room at the top.
    top = 40 if fig.layout.annotations else 10
    fig.update_layout(
        height=height, title=None, font={"size": TEXT_PX},
        legend={"font": {"size": SMALL_PX}}, margin={"t": top, "b": 10, "l": 10, "r": 30},
    )  # fmt: skip
    axis = {"tickfont": {"size": SMALL_PX}, "title": {"font": {"size": SMALL_PX}}}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    fig.update_traces(textfont={"size": SMALL_PX}, selector={"type": "bar"})
    return freeze(fig)


def _chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, key=key, config=CHART_CONFIG, width="stretch")


def _headline(figures: Iterable[tuple[str, str]]) -> None:
    """One row of figures (label, value); labels kept short so they never wrap or get cut."""
    figures = list(figures)
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value)


# --- funding (OCHA FTS), the latest year's country plans -------------------------------------------------


def _plan_headline(figures: Mapping[str, object], lang: str) -> None:
    """Requirement, funding, unmet and % funded of one plan (or of the region's plans summed, one year)."""
    _headline([
        (funding_fts.tr("metric_requirement", lang), format_usd(figures["requirement_usd"], lang)),
        (funding_fts.tr("metric_funding", lang), format_usd(figures["funding_usd"], lang)),
        (funding_fts.tr("metric_unmet", lang), format_usd(figures["gap_usd"], lang)),
        (funding_fts.tr("metric_percent", lang), funding_fts.pct_text(figures["percent_funded"], lang)),
    ])  # fmt: skip


def _fts_year() -> int | None:
    return funding_fts.years()["latest"]


def gap(lang: str) -> None:
    """The region's requirement, funding, unmet requirement and % funded; the map of unmet requirement."""
    year = _fts_year()
    if year is None:
        return
    total = funding_fts.region_total(year, fts.COUNTRY)
    st.title(tr("gap_title", lang, year=year))
    if total["plans_summed"]:
        _plan_headline(total, lang)
        st.caption(funding_fts.sum_label(total, lang))
    if data.optional_boundaries() is not None:
        with st.container(key="present-short"):  # under a headline row: a shorter map (presentation CSS)
            show_map(funding_fts.gap_map(year, fts.COUNTRY, "unmet", None, lang), key="present-gap-map")
    source_caption([total["source_id"]])


@st.cache_resource(show_spinner=False, max_entries=8)
def ranking_figure(year: int, lang: str) -> go.Figure:
    shared = funding_fts.ranking_figure(year, fts.COUNTRY, "unmet", None, lang)
    return projected(shared, VISUAL_ALONE)


def ranking(lang: str) -> None:
    """The countries ranked by unmet requirement (the map's figures)."""
    year = _fts_year()
    if year is None:
        return
    st.title(tr("ranking_title", lang, year=year))
    rows = funding_fts.ranked(year, fts.COUNTRY, "unmet")
    if rows.empty:
        return
    _chart(ranking_figure(year, lang), "present-ranking")
    source_caption(rows["source_id"])


@st.cache_resource(show_spinner=False, max_entries=4)
def trend_figure(lang: str) -> go.Figure:
    return projected(funding_trend.trend_figure(fts.COUNTRY, None, lang), VISUAL_ALONE)


def trend(lang: str) -> None:
    """The region's requirement and funding received per year (country plans)."""
    if data.optional("fts_outside_plans") is None:
        return
    st.title(tr("trend_title", lang))
    _chart(trend_figure(lang), "present-trend")
    table = funding_trend.trend_table(fts.COUNTRY, None)
    source_caption([*table["source_id"].dropna(), *table["outside_source_id"].dropna()])


# --- the IOM 2020 appeal ----------------------------------------------------------------------------------


def appeal(lang: str) -> None:
    """The 2020 appeal's total and offices; its map by office."""
    rows, entities = appeal_2020(), data.load("entities")
    st.title(tr("appeal_title", lang))
    _headline([
        (translate("overview.total_appeal", lang), format_usd(rows["amount_usd"].sum(), lang)),
        (translate("overview.offices", lang), format_int(len(entities), lang)),
    ])  # fmt: skip
    if data.optional_boundaries() is not None:
        with st.container(key="present-short"):
            show_map(overview.appeal_map(lang), key="present-appeal-map")
    source_caption(rows["source_id"])


# --- displacement -------------------------------------------------------------------------------------------


def idps(lang: str) -> None:
    """IDMC's conflict IDPs of the latest year on the region's map."""
    measure, series = "conflict_idps", displacement.DEFAULT_SERIES
    years = data.or_warning(lambda: displacement.years(measure, series))
    if not years:
        return
    year = years[-1]
    label = displacement.measure_label(measure, series, lang)
    st.title(translate("displacement.regional_heading", lang, measure=label,
                       when=displacement.year_text(measure, year, lang)))  # fmt: skip
    spec = data.or_warning(lambda: displacement.map_spec(measure, year, series, lang))
    if spec is not None:
        show_map(spec, key="present-idps-map")
    source_caption(displacement.regional_table(measure, year, series)["source_id"].dropna())


@st.cache_resource(show_spinner=False, max_entries=8)
def flows_figure(country: str, year: int, lang: str) -> go.Figure:
    shared = displacement_flows.flow_figure(country, year, "origins", lang)
    return projected(shared, VISUAL_WITH_HEADLINE)


def flows(lang: str, country: str = "TCD") -> None:
    """The refugees a country hosts: the year's UNHCR figures, then where they come from."""
    if data.optional("unhcr_population") is None:
        return
    year = displacement_flows.flow_year(country, None)
    name = displacement.country_names(lang)[country]
    st.title(tr("flows_title", lang, name=name, year=year))
    if year is None:
        return
    figures = displacement_flows.headline(country, year)
    total = figures["forcibly_displaced"]

    def refugees(row: dict | None) -> str:
        return format_int(None if row is None else row["refugees"], lang)

    _headline([
        (tr("hosted", lang), refugees(figures["hosted"])),
        (tr("originating", lang), refugees(figures["originating"])),
        (tr("forcibly_displaced", lang), format_int(None if total is None else total["total"], lang)),
    ])  # fmt: skip
    rows = displacement_flows.ranked_flows(country, year, "origins")
    if not rows.empty:
        _chart(flows_figure(country, year, lang), "present-flows")
    source_caption([f["source_id"] for f in figures.values() if f is not None])


# --- Lake Chad Basin -----------------------------------------------------------------------------------

LAKE_CHAD_MAP_HEIGHT = 440


@st.cache_data(show_spinner=False)
def fullest_month(category: str, months: list[str]) -> str:
    """The latest month whose figures cover the most areas: the latest month alone may hold one area's
    figure (one import), a nearly empty map on a screen."""
    covered = {month: area_map.month_figures(category, month)["area_id"].nunique() for month in months}
    return max(reversed(months), key=lambda month: covered[month])


def lake_chad_map(lang: str) -> None:
    """The basin's admin-1 areas of the latest month of IDP figures, rising as columns."""
    choices = area_map.map_choices()
    if not choices or not area_map.map_available():
        st.title(translate("lake_chad.map_heading", lang))
        return
    category = "idps" if "idps" in choices else next(iter(choices))
    month = fullest_month(category, choices[category][0])
    what = translate(f"lake_chad.category.{category}", lang)
    st.title(tr("lake_chad_map_title", lang, category=what, month=area_map.month_label(month, lang)))
    deck = area_map.area_deck(category, month, lang, True, None)
    map_col, legend_col = st.columns([3, 1])
    alt = translate("lake_chad.area_map.alt", lang, category=what, month=area_map.month_label(month, lang))
    with map_col:
        st.pydeck_chart(deck, height=LAKE_CHAD_MAP_HEIGHT, key="present-lake-chad-map", alt=alt)
    with legend_col, st.container(key="present-legend"):
        st.markdown(area_map.legend(category, month, lang))
    source_caption(area_map.month_rows(category, month)["source_id"])


@st.cache_resource(show_spinner=False, max_entries=4)
def lake_chad_trend_figure(lang: str, flagged: bool) -> go.Figure:
    return projected(lake_chad.trend(lang, flagged, True).figure, VISUAL_ALONE)


def lake_chad_trend(lang: str) -> None:
    """The basin's affected population across the DTM dashboards, the basin and each country."""
    st.title(translate("lake_chad.trend_heading", lang))
    flagged = data.optional("checks") is not None
    _chart(lake_chad_trend_figure(lang, flagged), "present-lake-chad-trend")
    st.caption(lake_chad.trend(lang, flagged, True).sources_label)


# --- a country --------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def country_trend_figure(office: str, lang: str) -> go.Figure:
    return projected(country_funding.trend_figure(office, lang), VISUAL_WITH_HEADLINE)


def country(lang: str, country: str = "NGA") -> None:
    """A country's latest FTS plan in four figures, then its requirement and funding per year."""
    name = office_names(lang)[country]
    plan = country_funding.latest_plan(country) if data.optional("fts_plans") is not None else None
    if plan is None:
        st.title(name)
        return
    st.title(tr("country_title", lang, name=name, year=plan["year"]))
    _plan_headline(plan, lang)
    _chart(country_trend_figure(country, lang), "present-country-trend")
    table = country_funding.trend_table(country)
    source_caption([plan["source_id"], *table["source_id"].dropna(), *table["outside_source_id"].dropna()])


# --- themes -----------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def themes_figure(lang: str) -> go.Figure:
    """The themes ranked by how many offices name them in their priorities (the matrix's non-zero cells)."""
    counts = themes_matrix.matrix_counts("name", "taxonomy", lang)
    offices = (counts > 0).sum(axis=1).sort_values(ascending=False, kind="mergesort")
    labels = theme_names(lang).themes
    fig = ranked_bar(
        [labels[theme] for theme in offices.index],
        offices.astype(float).tolist(),
        value_texts=[format_int(v, lang) for v in offices],
        x_title=tr("themes_axis", lang),
        labels_outside=True,
    )
    return projected(fig, VISUAL_ALONE)


def themes(lang: str) -> None:
    """What the region asks for: each theme by the number of offices whose priorities name it."""
    st.title(tr("themes_title", lang))
    _chart(themes_figure(lang), "present-themes")
    source_caption(priority_sources())


VIEWS: dict[str, Callable[..., None]] = {
    "gap": gap, "ranking": ranking, "trend": trend, "appeal": appeal, "idps": idps, "flows": flows,
    "lake_chad_map": lake_chad_map, "lake_chad_trend": lake_chad_trend, "country": country, "themes": themes,
}  # fmt: skip


def show(step: Step, lang: str) -> None:
    """Draw the step's view; a missing table is named by the builders' own warnings (data.or_warning)."""
    params = {name: value for name, value in step.params.items() if name == "country"}
    try:
        VIEWS[step.view](lang, **params)
    except data.TableUnavailable as error:
        st.warning(data.unavailable_text(error, lang))
