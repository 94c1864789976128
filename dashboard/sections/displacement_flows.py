"""Where people fled from and to: for one country and one year (UNHCR), the main countries of origin of the
refugees it hosts, the main countries hosting its refugees, and the year's headline figures, including
UNHCR's "forcibly displaced" total (UNHCR's own figures of that one year, labelled with what it adds).

`flows(entity_id, year, lang)` is the one renderer: the displacement page calls it, and so can the country
profile. Builders are cached on explicit arguments and load their tables inside; what they return is
shared by every session, so nobody modifies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_int
from dashboard.queries import forced_displacement as fd
from dashboard.search import escape_markdown
from dashboard.sections.displacement import CHART_CONFIG, country_names, plot_text, tr

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from streamlit.delta_generator import DeltaGenerator

TOP = 10
# The two directions: which query, which column names the other country, the heading's catalogue key.
DIRECTIONS = {
    "origins": (fd.top_origins, "origin", "origins_heading"),
    "hosts": (fd.top_hosts, "asylum", "hosts_heading"),
}


@st.cache_data(show_spinner=False)
def flow_year(entity_id: str, year: int | None) -> int | None:
    """`year`, or UNHCR's latest year with refugees into or out of the country when year is None."""
    if year is not None:
        return year
    return fd.latest_flow_year(data.load("unhcr_population"), entity_id)


@st.cache_data(show_spinner=False)
def ranked_flows(entity_id: str, year: int, direction: str) -> pd.DataFrame:
    """fd.top_origins or fd.top_hosts of the country in that year: the TOP countries, most refugees first."""
    query = DIRECTIONS[direction][0]
    return query(data.load("unhcr_population"), entity_id, year, TOP)


@st.cache_resource(show_spinner=False, max_entries=256)
def flow_figure(entity_id: str, year: int, direction: str, lang: str) -> go.Figure:
    """Bars of the refugees per country of origin (or of asylum), largest first. Shared: never modify it."""
    rows = ranked_flows(entity_id, year, direction)
    other = DIRECTIONS[direction][1]
    names = rows[f"{other}_name" if lang == "en" else f"{other}_name_{lang}"]
    fig = charts.ranked_bar(
        [plot_text(name) for name in names],
        rows["refugees"].astype(float).tolist(),
        value_texts=[format_int(v, lang) for v in rows["refugees"]],
        x_title=tr("axis_refugees", lang, year=year),
        labels_outside=True,
    )
    return freeze(charts.localise(fig, lang))


@st.cache_data(show_spinner=False)
def flows_download(entity_id: str, year: int, lang: str) -> pd.DataFrame:
    """The table behind both charts, as shown and downloaded."""
    parts = []
    for direction, (_, other, _) in DIRECTIONS.items():
        rows = ranked_flows(entity_id, year, direction)
        names = rows[f"{other}_name" if lang == "en" else f"{other}_name_{lang}"]
        parts.append(
            pd.DataFrame(
                {
                    tr("col_direction", lang): tr(f"direction_{direction}", lang),
                    tr("col_iso3", lang): rows[f"{other}_iso3"],
                    tr("col_country", lang): names,
                    tr("col_year", lang): rows["year"].astype("int64"),
                    tr("col_refugees", lang): rows["refugees"].astype("Int64"),
                    tr("col_asylum_seekers", lang): rows["asylum_seekers"].astype("Int64"),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


@st.cache_data(show_spinner=False)
def headline(entity_id: str, year: int) -> dict[str, object]:
    """The year's UNHCR figures for the country: refugees hosted and originating (rows of refugees_hosted /
    refugees_originating, or None) and the forcibly displaced total (fd.unhcr_forcibly_displaced, or None)."""
    population = data.load("unhcr_population")

    def year_row(frame: pd.DataFrame) -> dict[str, object] | None:
        rows = frame[frame["year"] == year]
        return None if rows.empty else rows.iloc[0].to_dict()

    return {
        "hosted": year_row(fd.refugees_hosted(population, entity_id)),
        "originating": year_row(fd.refugees_originating(population, entity_id)),
        "forcibly_displaced": fd.unhcr_forcibly_displaced(population, entity_id, year),
    }


def _refugee_metric(column: DeltaGenerator, label: str, row: dict | None, lang: str) -> None:
    """Refugees as the metric (unknown: a dash, never 0), asylum-seekers counted apart in its caption."""
    column.metric(label, format_int(None if row is None else row["refugees"], lang))
    if row is not None and pd.notna(row["asylum_seekers"]):
        column.caption(tr("plus_asylum_seekers", lang, count=format_int(row["asylum_seekers"], lang)))


def _show_headline(entity_id: str, year: int, name: str, lang: str) -> None:
    figures = headline(entity_id, year)
    hosted_col, originating_col, total_col = st.columns(3)
    _refugee_metric(hosted_col, tr("metric_hosted", lang, year=year), figures["hosted"], lang)
    _refugee_metric(originating_col, tr("metric_originating", lang, year=year), figures["originating"], lang)
    total = figures["forcibly_displaced"]
    total_col.metric(
        tr("metric_forcibly_displaced", lang, name=name, year=year),
        format_int(None if total is None else total["total"], lang),
        help=tr("forcibly_displaced_help", lang),
    )
    if total is not None:
        parts = " + ".join(tr(f"component_{c}", lang) for c in total["components"])
        total_col.caption(tr("forcibly_displaced_adds", lang, parts=parts))
    sources = [f["source_id"] for f in figures.values() if f is not None]
    source_caption(sources)


def flows(entity_id: str, year: int | None, lang: str) -> None:
    """Where the refugees a country hosts come from and where its own refugees are hosted, in `year` (the
    latest year with figures when None), with the year's UNHCR figures and their source."""
    name = escape_markdown(country_names(lang)[entity_id])  # shown in headings and metric labels
    st.subheader(tr("flows_heading", lang, name=name))
    if data.optional("unhcr_population") is None:
        return
    shown_year = flow_year(entity_id, year)
    if shown_year is None:
        st.info(tr("flows_none", lang, name=name))
        return
    _show_headline(entity_id, shown_year, name, lang)
    columns = st.columns(2, gap="large")
    for column, (direction, (_, _, heading)) in zip(columns, DIRECTIONS.items(), strict=True):
        with column:
            st.markdown(f"##### {tr(heading, lang, name=name, year=shown_year)}")
            rows = ranked_flows(entity_id, shown_year, direction)
            if rows.empty:
                st.info(tr(f"{direction}_none", lang, name=name, year=shown_year))
                continue
            st.plotly_chart(
                flow_figure(entity_id, shown_year, direction, lang),
                key=f"displacement-flows-{direction}",
                config=CHART_CONFIG,
            )
            source_caption(rows["source_id"])
    data_view(
        lambda: flows_download(entity_id, shown_year, lang),
        f"displacement-flows-{entity_id}-{shown_year}-{lang}",
        "displacement-flows",
    )
