"""Country profile, comparison mode: two to four offices side by side (?compare=NGA,NER,TCD): their 2020
appeal and latest DTM figure, the appeal by pillar, and their priorities by theme. Offices are passed as a
tuple of ids, in the order the reader chose them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import charts, data, queries
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_date, format_int, format_pct, format_usd
from dashboard.search import escape_markdown
from dashboard.sections.country import (
    CHART_CONFIG,
    MAX_COMPARE,
    appeal_totals,
    office_names,
    open_section,
    tables_readable,
    tr,
)
from dashboard.sections.country_priorities import PRIORITY_TABLES

if TYPE_CHECKING:
    import plotly.graph_objects as go


@st.cache_data(show_spinner=False)
def latest_displacement() -> pd.DataFrame:
    """queries.latest_dtm_by_country, indexed by entity_id: the latest DTM dashboard figure per country."""
    return queries.latest_dtm_by_country(data.load("displacement")).set_index("entity_id")


def _show_office(office: str, lang: str, latest: pd.DataFrame | None) -> None:
    totals = appeal_totals()
    row = totals.set_index("entity_id").loc[office]
    st.markdown(f"**{escape_markdown(office_names(lang)[office])}**")
    st.metric(tr("appeal_total", lang), format_usd(row["amount_usd"], lang))
    st.caption(
        tr(
            "compare_rank",
            lang,
            rank=int(row["rank"]),
            total=len(totals),
            share=format_pct(row["share"], lang),
        )
    )
    if latest is None or office not in latest.index:
        st.metric(tr("dtm_latest", lang), "–", help=tr("compare_dtm_unknown", lang))  # not known, never 0
        return
    st.metric(tr("dtm_latest", lang), format_int(latest.loc[office, "value"], lang))
    st.caption(
        tr(
            "dtm_single",
            lang,
            no=int(latest.loc[office, "dashboard_no"]),
            date=format_date(latest.loc[office, "as_of"], lang),
        )
    )


def show_headline(offices: tuple[str, ...], lang: str) -> None:
    """A column per office: its appeal, rank and share, and its latest DTM figure where there is one."""
    latest = latest_displacement() if tables_readable("displacement") else None
    for column, office in zip(st.columns(len(offices)), offices, strict=True):
        with column:
            _show_office(office, lang, latest)
    totals = appeal_totals().set_index("entity_id")
    sources = [totals.loc[o, "source_id"] for o in offices]
    if latest is not None:
        sources += [latest.loc[o, "source_id"] for o in offices if o in latest.index]
    source_caption(sources)


# --- appeal by pillar ------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def pillar_table(offices: tuple[str, ...]) -> pd.DataFrame:
    """queries.comparison_pillars: each office's requirement per pillar, long."""
    return queries.comparison_pillars(data.load("appeal"), data.load("pillars"), list(offices))


@st.cache_resource(show_spinner=False, max_entries=64)
def pillar_figure(offices: tuple[str, ...], lang: str) -> go.Figure:
    """A group of bars per office, a bar per pillar (shared: never modify it)."""
    table = pillar_table(offices)
    pillar_ids = list(dict.fromkeys(table["pillar_id"]))
    labels = table.drop_duplicates("pillar_id").set_index("pillar_id")[f"name_{lang}"]
    amounts = table.pivot(index="entity_id", columns="pillar_id", values="amount_usd")
    values = [[int(amounts.loc[o, p]) for p in pillar_ids] for o in offices]
    names = office_names(lang)
    fig = charts.grouped_pillar_bars(
        [names[o] for o in offices],
        [labels[p] for p in pillar_ids],
        pillar_ids,
        values,
        [[format_usd(v, lang) for v in row] for row in values],
        y_title=tr("axis_usd", lang),
        money=lambda v: format_usd(v, lang),
    )
    return freeze(charts.localise(fig, lang))


@st.cache_data(show_spinner=False)
def pillar_download(offices: tuple[str, ...], lang: str) -> pd.DataFrame:
    table = pillar_table(offices)
    return pd.DataFrame(
        {
            tr("col_office", lang): table["entity_id"].map(office_names(lang)),
            tr("col_pillar", lang): table[f"name_{lang}"],
            tr("col_requirement_usd", lang): table["amount_usd"].astype("int64"),
        }
    )


def show_pillars(offices: tuple[str, ...], lang: str) -> None:
    st.subheader(tr("pillars_heading", lang))
    st.plotly_chart(pillar_figure(offices, lang), key="country-compare-pillars", config=CHART_CONFIG)
    source_caption(pillar_table(offices)["source_id"].dropna())
    data_view(
        lambda: pillar_download(offices, lang),
        "appeal-by-pillar-" + "-".join(offices),
        "country-compare-pillars-data",
    )


# --- priorities by theme -----------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def theme_table(offices: tuple[str, ...], lang: str) -> pd.DataFrame:
    """How many texts of each office every theme tags (queries.theme_matrix, zeros included), themes
    grouped by pillar as on the themes page: a theme column, then a column per office (named in `lang`).
    What the chart shows and the table downloads."""
    tables = [data.load(name) for name in PRIORITY_TABLES]
    matrix = queries.theme_matrix(*tables, data.load("entities"))
    grid = matrix.pivot(index="entity_id", columns="theme_id", values="count")
    ordered = queries.ordered_themes(data.load("themes"), data.load("pillars"))
    table = pd.DataFrame({tr("col_theme", lang): ordered[f"name_{lang}"]})
    names = office_names(lang)
    for office in offices:
        table[names[office]] = [int(grid.loc[office, theme]) for theme in ordered["theme_id"]]
    return table


@st.cache_resource(show_spinner=False, max_entries=64)
def theme_figure(offices: tuple[str, ...], lang: str) -> go.Figure:
    """Horizontal groups, one per theme, a bar per office (shared: never modify it)."""
    table = theme_table(offices, lang)
    names = office_names(lang)
    fig = charts.grouped_theme_bars(
        table[tr("col_theme", lang)].tolist(),
        [names[o] for o in offices],
        [table[names[o]].tolist() for o in offices],
        x_title=tr("axis_texts", lang),
    )
    return freeze(charts.localise(fig, lang))


@st.cache_data(show_spinner=False)
def theme_sources(offices: tuple[str, ...]) -> list[str]:
    """The sources of the counts: the offices' texts and the theme assignment."""
    priorities, priority_themes = data.load("priorities"), data.load("priority_themes")
    texts = priorities.loc[priorities["entity_id"].isin(offices), "source_id"]
    return list(dict.fromkeys([*texts, *priority_themes["source_id"]]))


def show_themes(offices: tuple[str, ...], lang: str) -> None:
    if not open_section("compare_themes_heading", lang, *PRIORITY_TABLES):
        return
    st.plotly_chart(theme_figure(offices, lang), key="country-compare-themes", config=CHART_CONFIG)
    st.caption(tr("themes_note", lang))
    source_caption(theme_sources(offices))
    data_view(
        lambda: theme_table(offices, lang), "themes-" + "-".join(offices), "country-compare-themes-data"
    )


def show_comparison(offices: tuple[str, ...], lang: str) -> None:
    """Every comparison section, or a note asking for a second office."""
    if len(offices) < 2:
        st.info(tr("compare_pick_more", lang, limit=MAX_COMPARE))
        return
    show_headline(offices, lang)
    show_pillars(offices, lang)
    show_themes(offices, lang)
