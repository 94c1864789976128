"""Regional displacement sections: one measure in one year for the region's 20 countries, on the offline map
and as a ranking, with the table behind them; and the lookups the page's controls need.

Each measure has one source and one definition (dashboard/queries/forced_displacement.py): IDMC's conflict
IDPs (one release at a time), UNHCR's refugees hosted and originating, IDMC's disaster displacements
(events, not people). Nothing here adds figures of two measures, sources or years. A country without a
figure is drawn as "no data" and left out of the ranking, never shown as 0.

Builders are cached on their explicit arguments and load their tables inside (data.load); what they return
is shared by every session, so nobody modifies it. Renderers (show_*) call them and draw.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import charts, data, maps
from dashboard.components import data_view, freeze, show_map, source_caption
from dashboard.i18n import format_int, translate
from dashboard.queries import forced_displacement as fd
from dashboard.search import escape_markdown
from dashboard.sections.country import names_by_id

if TYPE_CHECKING:
    import plotly.graph_objects as go

MEASURES: tuple[str, ...] = tuple(fd.REGIONAL_MEASURES)
DEFAULT_MEASURE = "conflict_idps"
IDMC_SERIES = fd.IDMC_SERIES
DEFAULT_SERIES = fd.DEFAULT_IDMC_SERIES
# Stocks are counted at the end of the year; disaster displacements are movements during the year.
DURING_THE_YEAR = {"disaster_displacements"}
CHART_CONFIG = {"displayModeBar": False}
COUNTRY_PAGE = "app_pages/country.py"


def tr(key: str, lang: str, **values: object) -> str:
    """A text of the page's catalogue section (displacement.<key>) in `lang`."""
    return translate(f"displacement.{key}", lang, **values)


def plot_text(text: object) -> str:
    """A name from the data as plotly shows it: as text, never as markup."""
    return html.escape(str(text), quote=False)


def year_text(measure: str, year: int, lang: str) -> str:
    """When a figure counts: "end 2024" for stocks, "during 2024" for disaster displacements."""
    return tr("year_during" if measure in DURING_THE_YEAR else "year_end", lang, year=year)


def measure_label(measure: str, series: str, lang: str) -> str:
    """The measure's name with its source (and, for conflict IDPs, IDMC's release)."""
    if measure == "conflict_idps" and series != DEFAULT_SERIES:
        return tr("measure_conflict_idps_later", lang)
    return tr(f"measure_{measure}", lang)


# --- lookups -------------------------------------------------------------------------------------------


def country_names(lang: str) -> dict[str, str]:
    """Every entity's name in `lang`, by entity_id."""
    return names_by_id("entities", "entity_id", lang)


@st.cache_data(show_spinner=False)
def region_countries() -> list[str]:
    """The region's 20 country ids (not the Regional Office), in the entities table's order."""
    return fd.region_countries(data.load("entities")).tolist()


@st.cache_data(show_spinner=False)
def years(measure: str, series: str) -> list[int]:
    """Years with a figure for one of the region's countries, oldest first. TableUnavailable if the
    measure's table cannot be read."""
    return fd.measure_years(measure, data.load(fd.REGIONAL_MEASURES[measure]), data.load("entities"), series)


def default_country() -> str:
    """The country whose flows show when the URL names none: the largest host of refugees (UNHCR's
    latest year), else the first country when UNHCR's table cannot be read."""
    try:
        host = _largest_host()
    except data.TableUnavailable:
        host = None
    return host or region_countries()[0]


@st.cache_data(show_spinner=False)
def _largest_host() -> str | None:
    return fd.largest_host(data.load("unhcr_population"), data.load("entities"))


# --- the region: one measure, one year -------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def regional_table(measure: str, year: int, series: str) -> pd.DataFrame:
    """fd.regional_displacement: entity_id, year, value (NA without a figure), source_id."""
    table = data.load(fd.REGIONAL_MEASURES[measure])
    return fd.regional_displacement(measure, year, data.load("entities"), table, series)


@st.cache_resource(show_spinner=False, max_entries=256)
def map_spec(measure: str, year: int, series: str, lang: str) -> maps.MapSpec:
    """The measure on the region's map: countries coloured by their figure, "no data" (grey, never the
    colour of 0) where the source has none; the hover gives the exact figure, its year and its source.
    TableUnavailable when the boundaries or the sources cannot be read."""
    region = regional_table(measure, year, series)
    citation = data.citation_index(lang)
    shown = region.assign(
        name=region["entity_id"].map(country_names(lang)),
        when=year_text(measure, year, lang),
        source=region["source_id"].map(lambda s: citation.get(s) if isinstance(s, str) else None),
    )
    geometry = data.boundaries(lang)
    known = shown["value"].dropna()
    label = measure_label(measure, series, lang)
    return maps.choropleth_map(
        shown,
        "value",
        geometry,
        hover_name_col="name",
        hover_cols={"when": tr("hover_year", lang), "source": tr("hover_source", lang)},
        colorscale=charts.SEQUENTIAL,
        colorbar_title=label,
        value_text=lambda v: format_int(v, lang),
        ticks=maps.nice_ticks(float(known.max()) if len(known) else 0.0),
        missing_label=tr("no_data", lang),
        context_label=tr("map_context", lang),
        frame=maps.region_frame(geometry),
        lang=lang,
        label=f"{label}, {year_text(measure, year, lang)}",
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def ranking_figure(measure: str, year: int, series: str, highlight: str, lang: str) -> go.Figure:
    """Bars of the countries with a figure, largest first (the selected country in the highlight colour);
    countries without one have no bar (see missing_names). Shared: never modify it."""
    ranked = regional_table(measure, year, series).dropna(subset=["value"])
    ranked = ranked.sort_values(["value", "entity_id"], ascending=[False, True])
    names = country_names(lang)
    fig = charts.ranked_bar(
        [plot_text(names[e]) for e in ranked["entity_id"]],
        ranked["value"].astype(float).tolist(),
        value_texts=[format_int(v, lang) for v in ranked["value"]],
        keys=ranked["entity_id"].tolist(),
        highlight=highlight,
        # Two lines: the column beside the map is narrow, and a one-line title was cut.
        x_title=f"{measure_label(measure, series, lang)}<br>{year_text(measure, year, lang)}",
        labels_outside=True,
    )
    return freeze(charts.localise(fig, lang))


def missing_names(measure: str, year: int, series: str, lang: str) -> list[str]:
    """The countries the source gives no figure for that year, by name."""
    region = regional_table(measure, year, series)
    names = country_names(lang)
    return [names[e] for e in region.loc[region["value"].isna(), "entity_id"]]


@st.cache_data(show_spinner=False)
def regional_download(measure: str, year: int, series: str, lang: str) -> pd.DataFrame:
    """The table behind the map and the ranking, as shown and downloaded: every country, an empty cell
    where the source has no figure."""
    region = regional_table(measure, year, series)
    try:
        citation = data.citation_index(lang)
    except data.TableUnavailable:
        citation = {}
    return pd.DataFrame(
        {
            tr("col_iso3", lang): region["entity_id"],
            tr("col_country", lang): region["entity_id"].map(country_names(lang)),
            tr("col_year", lang): region["year"].astype("int64"),
            measure_label(measure, series, lang): region["value"],
            tr("col_source", lang): region["source_id"].map(
                lambda s: citation.get(s, s) if isinstance(s, str) else None
            ),
        }
    )


def _open_profile(iso3: str) -> None:
    # A callback may not switch pages: the choice is kept and acted on in the script run.
    st.session_state["displacement-open-country"] = iso3


def show_regional(measure: str, year: int, series: str, country: str, lang: str) -> None:
    """The map (a click opens the country's profile) beside the ranking, their sources, what the measure
    counts, and the table with its downloads."""
    label = measure_label(measure, series, lang)
    st.subheader(tr("regional_heading", lang, measure=label, when=year_text(measure, year, lang)))
    st.caption(tr(f"note_{measure}" if series == DEFAULT_SERIES else "note_conflict_idps_later", lang))
    region = regional_table(measure, year, series)
    sources = region["source_id"].dropna()
    map_col, bar_col = st.columns([3, 2], gap="large")
    with map_col:
        spec = data.or_warning(lambda: map_spec(measure, year, series, lang))
        if spec is not None:
            show_map(spec, key="displacement-map", on_click=_open_profile)
            source_caption(sources)
            st.caption(tr("map_hint", lang))
    picked = st.session_state.pop("displacement-open-country", None)
    if picked in region_countries():
        st.switch_page(COUNTRY_PAGE, query_params={"country": picked, "lang": lang})
    with bar_col:
        st.plotly_chart(
            ranking_figure(measure, year, series, country, lang),
            key="displacement-ranking",
            config=CHART_CONFIG,
        )
        source_caption(sources)
        missing = missing_names(measure, year, series, lang)
        if missing:
            st.caption(tr("no_figure_for", lang, countries=escape_markdown(", ".join(missing))))
    data_view(
        lambda: regional_download(measure, year, series, lang),
        f"displacement-{measure}-{year}-{lang}",
        "displacement-regional",
    )
