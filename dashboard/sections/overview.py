"""Overview: the region's funding gap first (OCHA FTS, the latest year's country plans: the total, the map
of unmet requirement and its ranking), then the IOM 2020 appeal as its own appeal (its total, offices,
the basin's people affected as the appeal states them, a map and a ranking), each with its source.
A click on a country of either map opens its profile.

No figure here is set against one of another date: the 2020 appeal sits beside the appeal's own
statement of people affected (both December 2019), never beside or divided by a later count.
Builders are cached and shared by sessions (never modify what they return); renderers draw.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data, maps, queries
from dashboard.components import data_view, show_map, source_caption
from dashboard.i18n import format_int, format_pct, format_usd, translate
from dashboard.queries import fts
from dashboard.sections import funding_fts
from dashboard.sections.appeal import appeal_2020, office_totals, requirement_map, requirement_ranking

OPEN_COUNTRY = "overview-open-country"  # a clicked country, kept for the page to open its profile


def _open_profile(iso3: str) -> None:
    # A callback may not switch pages: the choice is kept and acted on in the script run (open_clicked).
    st.session_state[OPEN_COUNTRY] = iso3


def open_clicked(lang: str) -> None:
    """After a click on a country of a map: open that country's profile."""
    picked = st.session_state.pop(OPEN_COUNTRY, None)
    if picked is not None and picked in set(data.load("entities")["entity_id"]):
        st.switch_page("app_pages/country.py", query_params={"country": picked, "lang": lang})


# --- the gap: OCHA FTS, the latest year, country plans -----------------------------------------------------


def gap_section(lang: str) -> None:
    """The region's requirement, funding, unmet requirement and % funded of the latest year's country plans
    ("sum of N country plans", as of), the map of unmet requirement and the ranking beside it."""
    year = funding_fts.years()["latest"]
    if year is None:
        return
    scope, metric = fts.COUNTRY, funding_fts.DEFAULT_METRIC
    st.subheader(translate("overview.gap_heading", lang, year=year))
    st.caption(translate("overview.gap_intro", lang, year=year))
    funding_fts.headline(year, scope, lang)
    st.markdown(f"**{funding_fts.map_title(year, scope, metric, lang)}**")
    map_col, bar_col = st.columns([3, 2])
    with map_col:
        funding_fts.map_section(
            year, scope, metric, None, lang, key="overview-gap-map", on_click=_open_profile
        )
    with bar_col:
        funding_fts.ranking_section(year, scope, metric, None, lang, key="overview-gap-ranking")
    st.caption(translate("overview.gap_map_hint", lang))
    st.page_link("app_pages/funding.py", label=translate("overview.funding_link", lang),
                 icon=":material/payments:", query_params={"lang": lang})


# --- the IOM 2020 appeal, its own appeal -------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def basin_statement() -> pd.Series | None:
    """The Lake Chad Basin's people affected as the 2020 appeal states them (December 2019)."""
    return queries.basin_figure(data.load("displacement"), "mi2020_statement", "affected_total")


def appeal_headline(lang: str) -> None:
    """The 2020 appeal's total, its offices, and the basin's people affected as the appeal states them
    (the same document and date)."""
    appeal, entities = appeal_2020(), data.load("entities")
    total_col, offices_col, statement_col = st.columns(3)
    with total_col:
        st.metric(translate("overview.total_appeal", lang), format_usd(appeal["amount_usd"].sum(), lang))
        source_caption(appeal["source_id"])
    with offices_col:
        offices = translate(
            "overview.offices_value", lang, countries=int((entities["kind"] == "country").sum())
        )
        st.metric(translate("overview.offices", lang), format_int(len(entities), lang), help=offices)
        st.caption(offices)
    statement = data.or_warning(basin_statement)
    if statement is not None:
        with statement_col:
            st.metric(translate("overview.lcb_displaced", lang), format_int(statement["value"], lang))
            st.caption(translate("overview.lcb_statement_note", lang))
            source_caption([statement["source_id"]])


@st.cache_resource(show_spinner=False, max_entries=4)
def appeal_map(lang: str) -> maps.MapSpec:
    """The country offices coloured by their 2020 requirement, their share in the hover."""
    totals = office_totals()
    return requirement_map(
        totals.assign(share_text=totals["share"].map(lambda v: format_pct(v, lang))),
        lang,
        colorbar_title=translate("overview.axis_usd", lang),
        hover_cols={"share_text": translate("overview.col.share", lang)},
        context_label=translate("funding.map_context", lang),
        label=translate("overview.by_office", lang),
    )


def map_section(lang: str) -> None:
    """The 2020 appeal's map; a click on a country opens its profile."""
    if data.optional_boundaries() is None:
        return
    show_map(appeal_map(lang), key="overview-map", on_click=_open_profile)
    source_caption(appeal_2020()["source_id"])
    st.caption(translate("overview.map_hint", lang))


@st.cache_resource(show_spinner=False, max_entries=8)
def ranking_figure(lang: str) -> go.Figure:
    """The 21 offices ranked by their 2020 requirement."""
    return requirement_ranking(office_totals(), lang, x_title=translate("overview.axis_usd", lang))


def ranking_section(lang: str) -> None:
    st.plotly_chart(ranking_figure(lang), key="overview-offices", config={"displayModeBar": False})
    source_caption(appeal_2020()["source_id"])


@st.cache_data(show_spinner=False)
def offices_table(lang: str) -> pd.DataFrame:
    """The ranking as a table: office code, office, requirement, share, rank."""
    names = f"name_{lang}"
    columns = {
        "entity_id": "office_id",
        names: "office",
        "amount_usd": "amount_usd",
        "share": "share",
        "rank": "rank",
    }
    table = office_totals()[list(columns)]
    return table.rename(
        columns={column: translate(f"overview.col.{key}", lang) for column, key in columns.items()}
    )


def table_section(lang: str) -> None:
    """The table behind the map and the ranking (sent only when opened)."""
    data_view(lambda: offices_table(lang), f"appeal_2020_by_office_{lang}", key="overview-offices-table",
              kinds={translate("overview.col.share", lang): "share"})
