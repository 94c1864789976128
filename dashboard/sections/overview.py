"""Overview: the region's headline figures and where the 2020 appeal goes (a map and a ranking), each with
its source. Builders are cached and shared by sessions (never modify what they return); renderers draw."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data, maps, queries
from dashboard.components import data_view, show_map, source_caption
from dashboard.i18n import format_date, format_int, format_pct, format_usd, translate
from dashboard.sections.appeal import appeal_2020, office_totals, requirement_map, requirement_ranking

OPEN_COUNTRY = "overview-open-country"  # a clicked country, kept for the page to open its profile


@st.cache_data(show_spinner=False)
def basin_figures() -> tuple[pd.Series | None, pd.Series | None]:
    """The Lake Chad Basin's people affected: the 2020 appeal's statement, and DTM's latest dashboard."""
    displacement = data.load("displacement")
    return (
        queries.basin_figure(displacement, "mi2020_statement", "affected_total"),
        queries.basin_figure(displacement, "dtm_lcb_dashboard", "affected_total"),
    )


def headline(lang: str) -> None:
    """The 2020 appeal's total, its offices, and the basin's people affected (two sources, side by side)."""
    appeal, entities = appeal_2020(), data.load("entities")
    total_col, offices_col, statement_col, dtm_col = st.columns(4)
    with total_col:
        st.metric(translate("overview.total_appeal", lang), format_usd(appeal["amount_usd"].sum(), lang))
        source_caption(appeal["source_id"])
    with offices_col:
        offices = translate(
            "overview.offices_value", lang, countries=int((entities["kind"] == "country").sum())
        )
        st.metric(translate("overview.offices", lang), format_int(len(entities), lang), help=offices)
        st.caption(offices)
    statement, latest = data.or_warning(basin_figures) or (None, None)
    if statement is not None:
        with statement_col:
            st.metric(translate("overview.lcb_displaced", lang), format_int(statement["value"], lang))
            source_caption([statement["source_id"]])
    if latest is not None:
        with dtm_col:
            label = translate("overview.lcb_latest", lang, date=format_date(latest["as_of"], lang))
            st.metric(label, format_int(latest["value"], lang))
            source_caption([latest["source_id"]])


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


def _open_profile(iso3: str) -> None:
    # A callback may not switch pages: the choice is kept and acted on in the script run (open_clicked).
    st.session_state[OPEN_COUNTRY] = iso3


def map_section(lang: str, presenting: bool) -> None:
    """The map; a click on a country opens its profile."""
    if data.optional_boundaries() is None:
        return
    show_map(appeal_map(lang), key="overview-map", on_click=_open_profile)
    source_caption(appeal_2020()["source_id"])
    if not presenting:
        st.caption(translate("overview.map_hint", lang))
    picked = st.session_state.pop(OPEN_COUNTRY, None)
    if picked in set(office_totals()["entity_id"]):
        st.switch_page("app_pages/country.py", query_params={"country": picked, "lang": lang})


@st.cache_resource(show_spinner=False, max_entries=8)
def ranking_figure(lang: str, large: bool) -> go.Figure:
    """The 21 offices ranked by their 2020 requirement."""
    return requirement_ranking(
        office_totals(), lang, x_title=translate("overview.axis_usd", lang), large=large
    )


def ranking_section(lang: str, presenting: bool) -> None:
    st.plotly_chart(
        ranking_figure(lang, presenting), key="overview-offices", config={"displayModeBar": False}
    )
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
    data_view(lambda: offices_table(lang), f"appeal_2020_by_office_{lang}", key="overview-offices-table")
