"""Funding map: where the money is missing, from OCHA's Financial Tracking Service (FTS), and — as its own
appeal — what IOM's Migration Initiatives 2020 appeal asks for.

Three kinds of figures, never mixed: FTS requirements and funding per plan, country and year (map, ranking,
trends; country plans and regional plans' country shares are separate choices, never summed together);
the IOM 2020 appeal (requirements only: map, ranking, a country's pillars and themes); IOM's own crisis
response plans, which FTS does not list. The view lives in the URL as codes (?year=2025&metric=percent
&plans=regional&country=TCD, ?pillar=O2&theme=health), so a link reopens it. This file reads the filters
and lays out the sections (dashboard/sections/funding*.py).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import data, state
from dashboard.i18n import current_language, t
from dashboard.queries import fts
from dashboard.sections import funding, funding_country, funding_fts, funding_plans, funding_trend
from dashboard.sections.funding import ALL

lang = current_language()

st.title(t("funding.fts_title"))
st.write(t("funding.fts_intro"))

data.require("entities")
# Each missing table is named once, and only the sections that need it are left out.
with_fts = all([data.optional(name) is not None for name in funding_fts.TABLES])
with_appeal = all([data.optional(name) is not None for name in ("appeal", "pillars")])
with_themes = with_appeal and all(
    [data.optional(name) is not None for name in ("themes", "priorities", "priority_themes")]
)
with_iom_plans = all([data.optional(name) is not None for name in ("funding", "fts_funding_coverage")])

# --- filters of the FTS view: codes in the URL, names on the screen ------------------------------------
# ?year= (default: the latest year, 2026), ?metric=, ?plans=country|regional, ?country= (also selects the
# country of the 2020 appeal's views below). Not bind="query-params": see dashboard/state.py.

country_labels = funding.country_labels(lang)
year_col, latest_col, metric_col, plans_col, country_col = st.columns(
    [2, 4, 3, 3, 3], vertical_alignment="bottom"
)
year = scope = metric = None
if with_fts:
    choice = funding_fts.years()
    latest, last_complete = str(choice["latest"]), str(choice["last_complete"])
    year = int(state.url_selectbox(
        year_col, t("funding.fts.year_label"), {option: option for option in choice["options"]},
        param="year", key="funding_year", default=latest,
    ))  # fmt: skip
    # The last complete year one click away, and back to the latest.
    go_to = latest if str(year) == last_complete else last_complete
    latest_col.button(
        t("funding.fts.go_latest" if go_to == latest else "funding.fts.go_last_complete", year=go_to),
        on_click=state.set_query,
        kwargs={"year": None if go_to == latest else go_to},
        icon=":material/event:",
        key="funding_year_jump",
    )
    metric = state.url_selectbox(
        metric_col, t("funding.fts.metric_label"),
        {m: t(f"funding.fts.metric_{m}") for m in funding_fts.METRICS},
        param="metric", key="funding_metric", default=funding_fts.DEFAULT_METRIC, normalise=state.lower_code,
    )  # fmt: skip
    scope = state.url_selectbox(
        plans_col, t("funding.fts.plans_label"),
        {s: t(f"funding.fts.scope_{s}") for s in fts.SCOPES},
        param="plans", key="funding_plans", default=fts.COUNTRY, normalise=state.lower_code,
    )  # fmt: skip
country = state.url_selectbox(
    country_col, t("funding.country_label"), country_labels,
    param="country", key="funding_country", default=ALL, normalise=state.upper_code,
)  # fmt: skip
country_id = None if country == ALL else country

# --- OCHA FTS: the region's gap, the map and ranking, the trends -----------------------------------------

if with_fts and year is not None and scope is not None and metric is not None:
    funding_fts.headline(year, scope, lang)
    st.subheader(funding_fts.map_title(year, scope, metric, lang))
    map_col, bar_col = st.columns([3, 2])
    with map_col:
        funding_fts.map_section(
            year, scope, metric, country_id, lang, key="fts_map", on_click=funding.select_country
        )
    with bar_col:
        funding_fts.ranking_section(
            year, scope, metric, country_id, lang, key="fts_ranking",
            on_select=partial(funding.select_from_chart, "fts_ranking"),
        )
    st.caption(t("funding.click_hint"))
    funding_fts.table_section(year, scope, lang, "fts-map")
    if data.optional("fts_outside_plans") is not None:
        funding_trend.trend_section(scope, country_id, lang)

# --- the IOM Migration Initiatives 2020 appeal, its own appeal ------------------------------------------

st.header(t("funding.iom_heading"))
st.info(t("funding.iom_intro"))
if with_appeal:
    pillar_labels = funding.pillar_labels(lang)
    theme_labels = funding.theme_labels(lang) if with_themes else {ALL: t("funding.theme_all")}
    pillar_col, theme_col = st.columns(2)
    pillar = state.url_selectbox(
        pillar_col, t("funding.pillar_label"), pillar_labels,
        param="pillar", key="funding_pillar", default=ALL, normalise=funding.normalise_pillar,
    )  # fmt: skip
    theme = state.url_selectbox(
        theme_col, t("funding.theme_label"), theme_labels,
        param="theme", key="funding_theme", default=ALL, normalise=state.lower_code, disabled=not with_themes,
    )  # fmt: skip
    theme_id = None if theme == ALL else theme

    funding.headline(pillar, theme_id, lang)
    st.subheader(funding.map_heading(pillar, lang))
    map_col, bar_col = st.columns([3, 2])
    with map_col:
        funding.map_section(pillar, theme_id, country_id, lang)
    with bar_col:
        funding.ranking_section(pillar, theme_id, country_id, lang)
    funding.table_section(pillar, theme_id, lang)
    if country_id:
        funding_country.selected_country(country_id, pillar, theme_id, lang, with_themes)

# --- IOM's own crisis response plans (not in FTS) --------------------------------------------------------

if with_iom_plans:
    funding_plans.response_plans(country_id, lang)
