"""The Lake Chad Basin page's sections: the 2020 appeal's figures, the latest DTM dashboard, the trend across
DTM dashboards, what each source counts in one country, and the appeal next to the displaced.

Builders (cached, explicit arguments, tables loaded inside) make the figures and tables; renderers draw
them. The map is in lake_chad_map.py, the import of new figures in lake_chad_import.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, queries
from dashboard.citations import organisation_label
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_date, format_int, format_usd, name_column, translate
from dashboard.search import escape_markdown
from i18n import colon

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
LATEST_SETS = 12  # figure sets (area · source · date) the breakdown chart shows before "show all"
CATEGORY_COLOURS = dict(zip(queries.LCB_BREAKDOWN_CATEGORIES, charts.PALETTE, strict=False))


# --- names ------------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def office_names(lang: str) -> dict[str, str]:
    """{entity_id: name in `lang`} of every office (shared: never modify it)."""
    entities = data.load("entities")
    return dict(zip(entities["entity_id"], entities[name_column(lang)], strict=True))


@st.cache_resource(show_spinner=False, max_entries=4)
def basin_ids(lang: str) -> tuple[str, ...]:
    """The Lake Chad Basin countries' ISO3 codes, by their name in `lang`."""
    entities = data.load("entities")
    return tuple(entities[entities["lake_chad_basin"]].sort_values(name_column(lang))["entity_id"])


def table_view(lang: str, **columns: object) -> pd.DataFrame:
    """A "Show the data" table whose columns are named by the catalogue: table_view(lang, date=…, area=…)
    has the columns lake_chad.col.date and lake_chad.col.area in `lang`."""
    return pd.DataFrame({translate(f"lake_chad.col.{key}", lang): values for key, values in columns.items()})


def source_names(source_org: pd.Series, lang: str) -> list[object]:
    """The figures' organisations as `lang` writes them (citations.organisation_label), for a table."""
    return [organisation_label(org, lang) if isinstance(org, str) and org else org for org in source_org]


def country_label(entity_id: object, lang: str) -> str:
    """A country's name, or "Lake Chad Basin" for the basin's own total (no entity_id)."""
    if pd.isna(entity_id):
        return translate("lake_chad.basin_total", lang)
    return office_names(lang).get(entity_id, str(entity_id))


# --- the 2020 appeal's figures and the latest DTM dashboard ----------------------------------------------


@st.cache_data(show_spinner=False, max_entries=4)
def statement_figures(lang: str) -> pd.DataFrame:
    """queries.lcb_statement_figures with `written`: each figure worded as the document words it."""
    table = queries.lcb_statement_figures(data.load("displacement"))
    written = [
        queries.lcb_written_figure(row.value_text, row.qualifier, row.value, lang)
        for row in table.itertuples(index=False)
    ]
    return table.assign(written=written)


@st.cache_data(show_spinner=False)
def latest_dashboard() -> pd.DataFrame:
    return queries.lcb_latest_dashboard(data.load("displacement"))


def show_statement(lang: str) -> None:
    st.subheader(translate("lake_chad.statement_heading", lang))
    statement = statement_figures(lang)
    # Worded figures ("an estimated 10.7 million") are too long for st.metric's one-line value: a
    # heading wraps.
    columns = st.columns(max(len(statement), 1))
    for column, row in zip(columns, statement.itertuples(index=False), strict=False):
        # Figure first, what it counts beneath: the figures line up even where a label wraps.
        column.markdown(f"### {escape_markdown(row.written)}")
        column.caption(translate(f"lake_chad.statement.{row.category}", lang))
    st.caption(translate("lake_chad.statement_note", lang))
    source_caption(statement["source_id"])


def show_latest_dashboard(lang: str) -> None:
    latest = latest_dashboard()
    if latest.empty:
        return
    first = latest.iloc[0]
    date = format_date(first["as_of"], lang)
    st.subheader(translate("lake_chad.latest_heading", lang, no=int(first["dashboard_no"]), date=date))
    for column, row in zip(st.columns(len(latest)), latest.itertuples(index=False), strict=True):
        column.metric(country_label(row.entity_id, lang), format_int(row.value, lang))
    st.caption(translate("lake_chad.latest_note", lang))
    source_caption(latest["source_id"])


# --- trend across DTM dashboards ----------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """The trend chart and the notes under it, in one language (shared: never modified)."""

    figure: go.Figure
    change_notes: tuple[str, ...]
    flag_notes: tuple[str, ...]
    sources_label: str
    source_ids: tuple[str, ...]


@st.cache_data(show_spinner=False)
def trend_rows() -> pd.DataFrame:
    return queries.lcb_dtm_trend(data.load("displacement"))


@st.cache_resource(show_spinner=False, max_entries=8)
def trend(lang: str, flagged: bool, large: bool) -> Trend:
    """The basin total and each country as published; with `flagged`, the totals checks.csv flags
    (circled, not corrected) and the definition changes it records (dashed lines); `large` for the
    presentation's view (charts.dated_lines)."""
    displacement = data.load("displacement")
    checks = data.load("checks") if flagged else None
    rows = trend_rows()
    flags = queries.lcb_total_flags(displacement, checks)
    changes = queries.lcb_definition_changes(displacement, checks)
    ids = basin_ids(lang)
    # Colours follow the countries' codes, not their names: the same in both languages.
    colours = {iso3: charts.PALETTE[k % len(charts.PALETTE)] for k, iso3 in enumerate(sorted(ids))}
    lines = []
    for entity_id in [None, *[e for e in ids if e in set(rows["entity_id"].dropna())]]:
        mine = rows[rows["entity_id"].isna() if entity_id is None else rows["entity_id"] == entity_id]
        if mine.empty:
            continue
        hover = [
            "\n".join([
                country_label(entity_id, lang),
                translate("lake_chad.trend_point", lang, date=format_date(as_of, lang), no=int(no)),
                format_int(value, lang),
            ])
            for as_of, no, value in zip(mine["as_of"], mine["dashboard_no"], mine["value"], strict=True)
        ]  # fmt: skip
        total = entity_id is None
        lines.append({
            "name": translate("lake_chad.trend_total", lang) if total else country_label(entity_id, lang),
            "x": mine["as_of"].tolist(),
            "y": [int(v) for v in mine["value"]],
            "hover": hover,
            "colour": "#000000" if total else colours[entity_id],
            "width": 3 if total else 2,
        })  # fmt: skip
    flag_notes = tuple(
        translate(
            "lake_chad.trend_flag_note",
            lang,
            no=int(flag.dashboard_no),
            date=format_date(flag.as_of, lang),
            total=format_int(flag.total, lang),
            sum=format_int(flag.country_sum, lang),
            difference=format_int(abs(int(flag.difference)), lang),
        )
        for flag in flags.itertuples(index=False)
    )
    events = [
        {
            "x": change.as_of,
            "name": translate("lake_chad.trend_change_legend", lang, no=int(change.dashboard_no)),
            "label": translate("lake_chad.trend_change_label", lang, no=int(change.dashboard_no)),
        }
        for change in changes.itertuples(index=False)
    ]
    fig = charts.dated_lines(
        lines,
        flags={
            "name": translate("lake_chad.trend_flag", lang),
            "x": flags["as_of"].tolist(),
            "y": [int(v) for v in flags["total"]],
            "hover": list(flag_notes),
        },
        events=events,
        y_title=translate("lake_chad.trend_y", lang),
        large=large,
    )
    charts.localise(fig, lang)
    change_notes = tuple(
        translate("lake_chad.trend_change_note", lang, no=int(no), date=format_date(as_of, lang))
        for no, as_of in zip(changes["dashboard_no"], changes["as_of"], strict=True)
    )
    sources_label = translate(
        "lake_chad.trend_sources",
        lang,
        count=rows["source_id"].nunique(),
        first=format_date(rows["as_of"].min(), lang),
        last=format_date(rows["as_of"].max(), lang),
    )
    return Trend(freeze(fig), change_notes, flag_notes, sources_label, distinct(rows["source_id"]))


def show_trend(lang: str) -> None:
    st.subheader(translate("lake_chad.trend_heading", lang))
    flagged = data.optional("checks") is not None  # without checks: the trend unflagged, with a warning
    shown = trend(lang, flagged, False)
    st.plotly_chart(shown.figure, key="lake_chad_trend", config=CHART_CONFIG, width="stretch")
    for note in shown.change_notes:
        st.caption(note)
    for note in shown.flag_notes:
        st.caption(f"⚠ {note}")
    # Eleven dashboards: their "as of | source" lines sit in an expander named by the range they cover.
    with st.expander(shown.sources_label):
        source_caption(shown.source_ids)

    def table() -> pd.DataFrame:
        rows = trend_rows()
        return table_view(
            lang,
            dashboard=rows["dashboard_no"],
            date=rows["as_of"],
            country=[country_label(e, lang) for e in rows["entity_id"]],
            value=rows["value"],
            source=rows["source_id"],
        )

    data_view(table, "lake_chad_dtm_trend", "lake_chad_trend_data")


# --- what each source counts, side by side ----------------------------------------------------------


# The breakdown's builders are shared (st.cache_resource: never modify what they return): with ~30,000
# imported rows a country holds thousands of figures, and st.cache_data would unpickle a copy of them on
# every rerun. A rerun reads only the summary (set count, distinct sources) and the finished figure.


@st.cache_resource(show_spinner=False, max_entries=8)
def breakdown(country: str) -> pd.DataFrame:
    """queries.lcb_breakdown of one country (shared: never modify it)."""
    return queries.lcb_breakdown(data.load("displacement"), country)


@st.cache_resource(show_spinner=False, max_entries=8)
def breakdown_table(country: str) -> pd.DataFrame:
    """queries.lcb_breakdown_table of one country (shared: never modify it)."""
    return queries.lcb_breakdown_table(breakdown(country))


@dataclass(frozen=True)
class BreakdownSummary:
    """What a rerun needs of a country's breakdown besides its figure."""

    set_count: int  # figure sets (area · source · date)
    source_ids: tuple[str, ...]  # distinct, in the order of the breakdown's rows


@st.cache_resource(show_spinner=False, max_entries=8)
def breakdown_summary(country: str) -> BreakdownSummary:
    rows = breakdown(country)
    return BreakdownSummary(len(breakdown_table(country)), distinct(rows["source_id"]))


def breakdown_set_count(country: str) -> int:
    """How many figure sets (area · source · date) the country's breakdown has."""
    return breakdown_summary(country).set_count


def distinct(source_ids: Iterable[object]) -> tuple[str, ...]:
    """The distinct source ids, first appearance first: what source_caption shows, without walking
    thousands of repeated ids on every rerun."""
    return tuple(dict.fromkeys(s for s in source_ids if isinstance(s, str)))


@st.cache_data(show_spinner=False, max_entries=4)
def breakdown_countries(lang: str) -> list[str]:
    """The basin countries (by name in `lang`) with at least one figure to break down."""
    return [e for e in basin_ids(lang) if not breakdown(e).empty]


@st.cache_resource(show_spinner=False, max_entries=32)
def breakdown_figure(country: str, lang: str, latest: int | None = LATEST_SETS) -> go.Figure:
    """One bar group per figure set (area · source · date), one bar per category: side by side, never
    stacked or added up; only the `latest` sets (None: all)."""
    table = queries.lcb_latest_sets(breakdown_table(country), latest)

    def set_label(row: pd.Series) -> str:
        area = row["admin1"] or translate("lake_chad.national", lang)
        source = organisation_label(row["source_org"], lang) if row["source_org"] else row["source_id"]
        if row["series"] == queries.LCB_SITE_ASSESSMENT:
            source = f"{source}, {translate('lake_chad.site_assessment', lang)}"
        return f"{area} · {source} · {format_date(row['as_of'] or None, lang)}"

    labels = [set_label(row) for _, row in table.iterrows()]
    sep = colon(lang)
    bars = []
    for category in [c for c in queries.LCB_BREAKDOWN_CATEGORIES if c in table.columns]:
        values = [None if pd.isna(v) else int(v) for v in table[category]]
        name = translate(f"lake_chad.category.{category}", lang)
        texts = [format_int(v, lang) for v in values]  # unknown: "–" in the hover, no text on the bar
        bars.append({
            "name": name,
            "values": values,
            "texts": ["" if v is None else text for v, text in zip(values, texts, strict=True)],
            "colour": CATEGORY_COLOURS.get(category, charts.NEUTRAL),
            "hover": [f"{label}\n{name}{sep}{text}" for label, text in zip(labels, texts, strict=True)],
        })  # fmt: skip
    fig = charts.grouped_bars(labels, bars, x_title=translate("lake_chad.breakdown_x", lang))
    return freeze(charts.localise(fig, lang))


def show_breakdown(country: str, lang: str, latest: int | None = LATEST_SETS) -> None:
    fig = breakdown_figure(country, lang, latest)
    st.plotly_chart(fig, key="lake_chad_breakdown", config=CHART_CONFIG, width="stretch")
    count = breakdown_set_count(country)
    if latest is not None and count > latest:
        st.caption(translate("lake_chad.breakdown_latest_note", lang, latest=latest, count=count))
    st.caption(translate("lake_chad.breakdown_caption", lang))
    source_caption(breakdown_summary(country).source_ids)

    def table() -> pd.DataFrame:
        shown = breakdown_table(country)
        present = [c for c in queries.LCB_BREAKDOWN_CATEGORIES if c in shown.columns]
        figure_set = table_view(lang, date=shown["as_of"], area=shown["admin1"],
                                source=source_names(shown["source_org"], lang), source_id=shown["source_id"])
        return figure_set.assign(**{translate(f"lake_chad.category.{c}", lang): shown[c] for c in present})

    data_view(table, f"lake_chad_breakdown_{country}", "lake_chad_breakdown_data")


# --- the basin countries' humanitarian plans (OCHA FTS), one year -----------------------------------------
# Figures of one source and one year only: the 2020 appeal divided by a 2024 DTM count set two years and two
# sources against each other (issue #14), so the page no longer shows a requirement per person.

BASIN_COUNTRIES = ("CMR", "NER", "NGA", "TCD")


def show_funding(lang: str) -> None:
    """The latest year's unmet requirement of each basin country's own plan (OCHA FTS), with its
    requirement and % funded; a country without a plan that year says so."""
    from dashboard.sections import funding_fts

    try:
        year = funding_fts.years()["latest"]
        gaps = funding_fts.country_gaps(year, "country")
    except data.TableUnavailable as err:
        st.warning(data.unavailable_text(err, lang))
        return
    basin = gaps[gaps["entity_id"].isin(BASIN_COUNTRIES)]
    st.subheader(translate("lake_chad.fts_heading", lang, year=year))
    for column, row in zip(st.columns(len(basin)), basin.itertuples(index=False), strict=True):
        name = getattr(row, name_column(lang))
        if not row.plans:
            column.metric(name, translate("lake_chad.fts_no_plan", lang, year=year))
            continue
        column.metric(
            translate("lake_chad.fts_unmet", lang, country=name), format_usd(row.gap_usd, lang),
            help=translate("lake_chad.fts_help", lang, requirement=format_usd(row.requirement_usd, lang),
                           funded=funding_fts.pct_text(row.percent_funded, lang)),
        )
    source_caption(basin["source_id"].dropna().unique())
    st.page_link("app_pages/funding.py", label=translate("lake_chad.fts_link", lang),
                 query_params={"year": str(year), "lang": lang})
