"""Country profile: displacement in every country from IDMC (conflict IDPs at year end, both releases side by
side where they differ) and UNHCR (refugees and asylum-seekers hosted and originating), each with its year;
trends since 2009, one line per source and series, never added across them. The DTM's Lake Chad Basin
figures stay in dashboard.sections.country.show_displacement.

Builders are cached on their explicit arguments and load their tables inside (data.load); the figures come
from dashboard.queries.forced_displacement, as in the briefing pack. Renderers (show_*) draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_int
from dashboard.queries import forced_displacement
from dashboard.sections.country import CHART_CONFIG, REGIONAL_OFFICE, office_names, open_section, tr

if TYPE_CHECKING:
    import plotly.graph_objects as go

TABLES = ("idmc_conflict_idps", "unhcr_population")
# One line per measure of forced_displacement.displacement_trends: colour and dash. IDMC blue (the later
# release dashed), UNHCR refugees orange and green (asylum-seekers dotted), UNHCR's IDPs of concern pink.
LINE_STYLES: dict[str, tuple[str, str]] = {
    "conflict_idps_idmc_gidd": (charts.PALETTE[0], "solid"),
    "conflict_idps_idmc_via_unhcr": (charts.PALETTE[0], "dash"),
    "refugees_hosted": (charts.PALETTE[1], "solid"),
    "asylum_seekers_hosted": (charts.PALETTE[1], "dot"),
    "refugees_originating": (charts.PALETTE[2], "solid"),
    "asylum_seekers_originating": (charts.PALETTE[2], "dot"),
    "idps_of_concern": (charts.PALETTE[3], "dashdot"),
}


# --- builders ------------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def idmc_latest(office: str) -> list[dict[str, Any]]:
    """forced_displacement.conflict_idps_headline: each IDMC release's latest figure, where they differ."""
    return forced_displacement.conflict_idps_headline(data.load("idmc_conflict_idps"), office)


@st.cache_data(show_spinner=False)
def unhcr_latest(office: str, role: str) -> dict[str, Any] | None:
    """forced_displacement.latest_refugees: the latest year's refugees hosted / originating, and the year
    before it."""
    return forced_displacement.latest_refugees(data.load("unhcr_population"), office, role)


@st.cache_data(show_spinner=False)
def forcibly_displaced(office: str, year: int) -> dict[str, Any] | None:
    """forced_displacement.unhcr_forcibly_displaced: UNHCR's own total of one year, with what it adds."""
    return forced_displacement.unhcr_forcibly_displaced(data.load("unhcr_population"), office, year)


@st.cache_data(show_spinner=False)
def trends(office: str) -> pd.DataFrame:
    """forced_displacement.displacement_trends since 2009: year, measure, value, source_id."""
    return forced_displacement.displacement_trends(
        data.load("idmc_conflict_idps"), data.load("unhcr_population"), office
    )


@st.cache_resource(show_spinner=False, max_entries=128)
def trend_figure(office: str, lang: str) -> go.Figure:
    """One line per source and series, at year end (shared by sessions: never modify it)."""
    table = trends(office)
    lines = []
    for measure in forced_displacement.TREND_MEASURES:
        colour, dash = LINE_STYLES[measure]
        rows = table[table["measure"] == measure]
        if rows.empty:
            continue
        name = tr(f"forced.measure_{measure}", lang)
        lines.append({
            "name": name,
            "x": [int(year) for year in rows["year"]],
            "y": [int(v) for v in rows["value"]],
            "hover": [tr("forced.hover", lang, measure=name, year=int(y), value=format_int(v, lang))
                      for y, v in zip(rows["year"], rows["value"], strict=True)],
            "colour": colour,
            "dash": dash,
        })  # fmt: skip
    fig = charts.dated_lines(lines, y_title=tr("forced.axis_people", lang), height=420)
    # Year-end stocks on a year axis: drawn at 31 December on a date axis, a 2025 figure would sit on the
    # tick of 2026.
    fig.update_xaxes(type="linear", tickformat="d", dtick=1 if len(table["year"].unique()) <= 12 else 2)
    return freeze(charts.localise(fig, lang))


@st.cache_data(show_spinner=False)
def trend_download(office: str, lang: str) -> pd.DataFrame:
    """The figures behind the lines, one row per year and series, with their source."""
    table = trends(office)
    return pd.DataFrame(
        {
            tr("forced.col_year", lang): table["year"],
            tr("forced.col_measure", lang): [tr(f"forced.measure_{m}", lang) for m in table["measure"]],
            tr("forced.col_value", lang): table["value"],
            tr("forced.col_source", lang): table["source_id"],
        }
    )


# --- renderers -----------------------------------------------------------------------------------------


def _no_data(column: Any, label: str, lang: str) -> None:
    column.metric(label, tr("forced.no_data", lang))  # no figure in the source: said so, never 0


def _show_idmc(column: Any, figures: list[dict[str, Any]], lang: str) -> list[str]:
    if not figures:
        _no_data(column, tr("forced.idps_none", lang), lang)
        return []
    for figure in figures:
        later = figure["series"] != forced_displacement.DEFAULT_IDMC_SERIES
        column.metric(
            tr("forced.idps_later" if later else "forced.idps", lang, year=figure["year"]),
            format_int(figure["idps"], lang),
            help=tr("forced.idps_later_help" if later else "forced.idps_help", lang),
        )
    return [figure["source_id"] for figure in figures]


def _show_refugees(column: Any, office: str, role: str, lang: str) -> list[str]:
    figure = unhcr_latest(office, role)
    if figure is None:
        _no_data(column, tr(f"forced.{role}_none", lang), lang)
        return []
    refugees = figure["refugees"]
    column.metric(
        tr(f"forced.{role}", lang, year=figure["year"]),
        format_int(refugees, lang) if refugees is not None else tr("forced.no_data", lang),
        help=tr("forced.refugees_help", lang),
    )
    notes = []
    if figure["asylum_seekers"] is not None:
        notes.append(tr("forced.asylum_seekers", lang, count=format_int(figure["asylum_seekers"], lang)))
    if figure["previous_refugees"] is not None:
        count = format_int(figure["previous_refugees"], lang)
        notes.append(tr("forced.previous", lang, year=figure["previous_year"], count=count))
    if notes:
        column.caption(" · ".join(notes))
    return [figure["source_id"]]


def _show_forcibly_displaced(office: str, lang: str) -> None:
    """UNHCR's own "forcibly displaced" total of the latest UNHCR year, labelled with what it adds."""
    latest = unhcr_latest(office, "originating")
    figure = None if latest is None else forcibly_displaced(office, latest["year"])
    if figure is None or len(figure["components"]) < 2:
        return  # a total of one part would only repeat it
    parts = " + ".join(
        tr(f"forced.part_{part}", lang, count=format_int(figure[part], lang)) for part in figure["components"]
    )
    st.caption(
        tr("forced.forcibly", lang, year=figure["year"], total=format_int(figure["total"], lang),
           name=office_names(lang)[office], parts=parts)
    )  # fmt: skip


def show_forced_displacement(office: str, lang: str) -> None:
    """The latest year's conflict IDPs (IDMC), refugees hosted and originating (UNHCR), each with its year
    ("no data" where the source has none, never 0), then the trends since 2009 and their table."""
    if office == REGIONAL_OFFICE:
        return
    if not open_section("forced.heading", lang, *TABLES):
        return
    idmc_col, hosted_col, originating_col = st.columns(3)
    sources = _show_idmc(idmc_col, idmc_latest(office), lang)
    sources += _show_refugees(hosted_col, office, "hosted", lang)
    sources += _show_refugees(originating_col, office, "originating", lang)
    _show_forcibly_displaced(office, lang)
    source_caption(sources)
    table = trends(office)
    if table.empty:
        if not sources:
            st.info(tr("forced.none", lang, name=office_names(lang)[office]))
        return
    st.markdown(f"**{tr('forced.trend_heading', lang, first=int(table['year'].min()))}**")
    st.plotly_chart(trend_figure(office, lang), key="country-forced-trend", config=CHART_CONFIG)
    st.caption(tr("forced.trend_note", lang))
    source_caption(table["source_id"])
    data_view(lambda: trend_download(office, lang), f"displacement-{office}", "country-forced-data")
