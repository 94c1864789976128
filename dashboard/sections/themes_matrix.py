"""The themes page's matrix: how many priorities each office has under each theme, themes grouped by MiGOF
pillar, in the orders the reader picks (the codes of queries.OFFICE_ORDERS and queries.THEME_ORDERS)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, queries
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_int, translate
from dashboard.sections.themes import CHART_CONFIG, esc, names, ordered_themes, pillar_short, priority_sources


@st.cache_data(show_spinner=False)
def theme_matrix() -> pd.DataFrame:
    return queries.theme_matrix(
        data.load("priorities"), data.load("priority_themes"), data.load("themes"), data.load("entities")
    )


@st.cache_data(show_spinner=False, max_entries=16)
def matrix_counts(office_order: str, theme_order: str, lang: str) -> pd.DataFrame:
    """Counts with a row per theme and a column per office (ids), in the chosen orders."""
    matrix = theme_matrix()
    offices = queries.office_order(matrix, data.load("entities"), office_order, lang)
    rows = queries.theme_order(matrix, ordered_themes(), theme_order, lang)
    return matrix.pivot(index="theme_id", columns="entity_id", values="count").loc[rows, offices]


@st.cache_resource(show_spinner=False, max_entries=16)
def matrix_figure(office_order: str, theme_order: str, lang: str) -> go.Figure:
    """The heatmap: a labelled cell per office and theme, the pillar groups on the theme axis, the Regional
    Office set apart in the last column."""
    wide, shown = matrix_counts(office_order, theme_order, lang), names(lang)
    offices, rows = wide.columns.tolist(), wide.index.tolist()
    hover = [
        [
            translate(
                "themes.matrix_hover",
                lang,
                office=shown.offices[office],
                theme=shown.themes[theme],
                pillar=shown.pillar_label(shown.theme_pillar[theme], lang),
                count=format_int(wide.loc[theme, office], lang),
            )
            for office in offices
        ]
        for theme in rows
    ]
    fig = charts.count_heatmap(
        wide.to_numpy().tolist(),
        [shown.offices[o] for o in offices],
        [shown.themes[th] for th in rows],
        row_groups=[pillar_short(shown.theme_pillar[th], lang) for th in rows],
        hover_texts=hover,
        colorbar_title=translate("themes.priorities_axis", lang),
        separate_last_column=shown.office_kinds[offices[-1]] != "country",
    )
    return freeze(charts.localise(fig, lang))


def show_matrix(office_order: str, theme_order: str, lang: str) -> None:
    st.plotly_chart(matrix_figure(office_order, theme_order, lang), key="themes-matrix", config=CHART_CONFIG)
    shown = names(lang)
    legend = [
        translate("themes.pillar_legend_item", lang, pillar=pillar_short(p, lang), name=esc(shown.pillars[p]))
        for p in queries.PILLAR_ORDER
        if p in shown.pillars
    ]
    st.caption(" · ".join(legend))
    source_caption(priority_sources())

    def table() -> pd.DataFrame:
        wide = matrix_counts(office_order, theme_order, lang)
        by_office = wide.T.rename(columns=dict(shown.themes))
        by_office.insert(0, translate("themes.col.office", lang), [shown.offices[o] for o in by_office.index])
        return by_office.reset_index(drop=True)

    data_view(table, "themes-by-office", key="themes-matrix-data")
