"""The IOM 2020 appeal on a map and in a ranking: the pieces the overview and the funding page share.

The offices' totals (cached per pillar choice), and plain functions of such a table and the language that
the callers build inside their own cached builders, so each map and figure is made once per view and
language.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, maps, queries
from dashboard.components import freeze
from dashboard.i18n import format_int, format_pct, format_usd, translate

APPEAL_ID = "MI2020"


def appeal_2020() -> pd.DataFrame:
    """The rows of the IOM 2020 appeal (MI2020) only: a total or a share is never computed across appeals.
    TableUnavailable if the table is unreadable."""
    appeal = data.load("appeal")
    return appeal[appeal["appeal_id"] == APPEAL_ID]


@st.cache_data(show_spinner=False)
def office_totals(pillar: str = "all") -> pd.DataFrame:
    """The 2020 requirement of the 21 offices for a pillar choice ("all", "principles", "objectives" or a
    pillar id): queries.appeal_totals, largest first."""
    pillar_ids = None if pillar == "all" else tuple(queries.pillar_ids_for(pillar, data.load("pillars")))
    return queries.appeal_totals(appeal_2020(), data.load("entities"), pillar_ids)


def requirement_map(
    totals: pd.DataFrame,
    lang: str,
    *,
    colorbar_title: str,
    hover_cols: Mapping[str, str],
    context_label: str,
    label: str,
    highlight: str | None = None,
) -> maps.MapSpec:
    """The region's countries coloured by `totals["amount_usd"]` (rows not on the map, such as the Regional
    Office, are left out by the map); the hover keeps the exact dollars, the colour bar writes money as
    the language does."""
    geojson = data.boundaries(lang)
    largest = float(totals["amount_usd"].max()) if len(totals) else 0.0
    return maps.choropleth_map(
        totals,
        "amount_usd",
        geojson,
        hover_name_col=f"name_{lang}",
        hover_cols=hover_cols,
        colorscale=charts.SEQUENTIAL,
        colorbar_title=colorbar_title,
        value_text=lambda v: format_int(v, lang),
        tick_text=lambda v: format_usd(v, lang),
        ticks=maps.nice_ticks(largest),
        highlight=highlight,
        missing_label=translate("common.not_known", lang),
        context_label=context_label,
        frame=maps.region_frame(geojson),
        lang=lang,
        label=label,
    )


def requirement_ranking(
    totals: pd.DataFrame,
    lang: str,
    *,
    x_title: str,
    title: str | None = None,
    highlight: str | None = None,
) -> go.Figure:
    """Offices ranked by requirement, each bar labelled "amount · share" and keyed by its entity_id (a
    click selects it); frozen, as it is shared by sessions."""
    fig = charts.ranked_bar(
        totals[f"name_{lang}"].tolist(),
        totals["amount_usd"].tolist(),
        value_texts=[
            translate("funding.bar_value", lang, amount=format_usd(a, lang), share=format_pct(s, lang))
            for a, s in zip(totals["amount_usd"], totals["share"], strict=True)
        ],
        keys=totals["entity_id"].tolist(),
        highlight=highlight,
        x_title=x_title,
        title=title,
        labels_outside=True,
    )
    return freeze(charts.localise(fig, lang))
