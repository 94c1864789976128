"""OCHA FTS funding gaps, shared by the funding page and the overview: the region's total, the map of the
countries' plans for one year and one kind of plan, the ranking beside it and the table behind both.

Filters as plain values: `year` (int), `scope` ("country": the countries' own plans; "regional": their
shares of regional refugee and other multi-country plans; never summed together), `metric` (a key of
METRICS), `country` (ISO3 or None, outlined). Builders are cached and shared by sessions (never modify
what they return); renderers draw. The sums are dashboard.queries.fts's: each says what it sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_date as babel_date

from dashboard import charts, data, maps, style
from dashboard.components import data_view, freeze, show_map, source_caption
from dashboard.i18n import format_date, format_int, format_pct, format_usd, translate
from dashboard.queries import fts
from i18n import colon

# The map's measures: control value -> column of fts.gap_by_country.
METRICS = {
    "unmet": "gap_usd",
    "percent": "percent_funded",
    "requirement": "requirement_usd",
    "funding": "funding_usd",
}
DEFAULT_METRIC = "unmet"
NOT_KNOWN_FILL = "#ffffff"  # a plan whose figure FTS does not give: white, unlike the grey "no plan"
TABLES = ("fts_plans", "fts_plan_funding", "sources", "entities")


def tr(key: str, lang: str, **values: object) -> str:
    return translate(f"funding.fts.{key}", lang, **values)


# --- builders -------------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def fts_rows() -> pd.DataFrame:
    """One row per plan and country with the plan's year, kind and as-of date (fts.plan_rows)."""
    return fts.plan_rows(data.load("fts_plans"), data.load("fts_plan_funding"), data.load("sources"))


@st.cache_resource(show_spinner=False, max_entries=2)
def years() -> dict[str, Any]:
    """The years a control offers (every year from the first plan's to the latest, newest first, as text),
    the latest year and the last complete one (read-only)."""
    rows = fts_rows()
    return {
        "options": [str(y) for y in fts.plan_years(rows)],
        "latest": fts.latest_year(rows),
        "last_complete": fts.last_complete_year(rows),
        "as_of": fts.as_of_date(rows),
    }


@st.cache_data(show_spinner=False)
def country_gaps(year: int, scope: str) -> pd.DataFrame:
    """Every country of the region for the year and scope (fts.gap_by_country): no plan = empty figures."""
    return fts.gap_by_country(fts_rows(), data.load("entities"), year, scope)


@st.cache_resource(show_spinner=False, max_entries=128)
def region_total(year: int, scope: str) -> dict[str, Any]:
    """The region's sum over the scope's plan rows of the year (fts.regional_total; read-only)."""
    return fts.regional_total(fts_rows(), year, scope)


# --- how figures read -------------------------------------------------------------------------------------


def month_text(iso: str | None, lang: str) -> str:
    """ "March 2026" / "mars 2026": the month of an as-of date; unknown dates say so."""
    if not iso:
        return translate("common.date_unknown", lang)
    return babel_date(dt.date.fromisoformat(iso[:10]), format="MMMM y", locale=lang)


def usd_exact(value: object, lang: str) -> str:
    """Every dollar: $797,383,316 / 797 383 316 $ (a dash when unknown)."""
    if pd.isna(value):
        return format_int(None, lang)
    return tr("usd_exact", lang, amount=format_int(value, lang))


def usd_both(value: object, lang: str) -> str:
    """Every dollar, then as a reader scans it: $797,383,316 ($797.4 M)."""
    return f"{usd_exact(value, lang)} ({format_usd(value, lang)})"


def pct_text(value: object, lang: str) -> str:
    """A % funded (0-100 and above): FTS's whole number as is, a computed one with one decimal."""
    if pd.isna(value):
        return format_pct(None, lang)
    number = float(value)
    return format_pct(number / 100, lang, digits=0 if number.is_integer() else 1)


def metric_text(metric: str, value: object, lang: str) -> str:
    """A figure of the metric as a reader scans it ($797.4 M, 19%)."""
    return pct_text(value, lang) if metric == "percent" else format_usd(value, lang)


def scope_text(scope: str, lang: str) -> str:
    return tr(f"scope_{scope}", lang)


def map_title(year: int, scope: str, metric: str, lang: str) -> str:
    """ "Unmet requirement, country plans, 2026 — as of March 2026"."""
    return tr(
        "map_title", lang, metric=tr(f"metric_{metric}", lang), scope=scope_text(scope, lang).lower(),
        year=year, month=month_text(years()["as_of"], lang),
    )


def sum_label(total: dict[str, Any], lang: str) -> str:
    """What a regional total sums: "Sum of 7 country plans (7 countries), 2026"."""
    key = "sum_country" if total["scope"] == fts.COUNTRY else "sum_regional"
    return tr(key, lang, count=total["plans_summed"], countries=total["countries"], year=total["year"])


# --- the map --------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=512)
def gap_map(year: int, scope: str, metric: str, country: str | None, lang: str) -> maps.MapSpec:
    """Countries coloured by the metric for the year and scope; a country without a plan is grey ("no
    plan"), one whose plan lacks the figure is white ("not known"); the hover gives every figure to the
    dollar, the plan names as published, % funded and the as-of date."""
    gaps = country_gaps(year, scope)
    column = METRICS[metric]
    figures = {
        "requirement_usd": tr("hover_requirement", lang),
        "funding_usd": tr("hover_funding", lang),
        "gap_usd": tr("hover_unmet", lang),
    }
    shown = gaps.assign(
        value=gaps[column].astype("Float64").astype("float64"),
        **{f"{col}_text": gaps[col].map(lambda v: usd_exact(v, lang)).where(gaps[col].notna())
           for col in figures},
        pct_text=gaps["percent_funded"].map(lambda v: pct_text(v, lang)).where(
            gaps["percent_funded"].notna()
        ),
        plans_text=gaps["plan_names"].where(gaps["plans"] > 0),
        as_of_text=gaps["as_of"].map(lambda v: format_date(v, lang)).where(gaps["as_of"].notna()),
    )
    hover = {f"{col}_text": label for col, label in figures.items() if col != column}
    if metric != "percent":
        hover["pct_text"] = tr("hover_percent", lang)
    hover.update(plans_text=tr(f"hover_plans_{scope}", lang), as_of_text=tr("hover_as_of", lang))
    geojson = data.boundaries(lang)
    title = tr(f"metric_{metric}", lang)
    top = float(shown["value"].max()) if shown["value"].notna().any() else 0.0
    percent = metric == "percent"
    spec = maps.choropleth_map(
        shown,
        "value",
        geojson,
        hover_name_col=f"name_{lang}",
        hover_cols=hover,
        colorscale=style.SEQUENTIAL,
        colorbar_title=title,
        value_text=(lambda v: pct_text(v, lang)) if percent else (lambda v: usd_both(v, lang)),
        tick_text=(lambda v: pct_text(v, lang)) if percent else (lambda v: format_usd(v, lang)),
        ticks=[0, 25, 50, 75, 100] if percent else maps.nice_ticks(top),
        zmin=0,
        zmax=100 if percent else None,
        highlight=country,
        missing_label=tr("no_plan", lang, year=year),
        context_label=translate("funding.fts.map_context", lang),
        frame=maps.region_frame(geojson),
        lang=lang,
        label=map_title(year, scope, metric, lang),
    )
    not_known = set(gaps.loc[(gaps["plans"] > 0) & gaps[column].isna(), "entity_id"])
    return _not_known(spec, not_known, title, lang)


def _not_known(spec: maps.MapSpec, iso3s: set[str], title: str, lang: str) -> maps.MapSpec:
    """Countries that have a plan but not the figure: white and "not known", not "no plan"."""
    if not iso3s:
        return spec
    for shape in spec["shapes"]:
        if shape["id"] in iso3s and shape["layer"] == "missing":
            shape.update(fill=NOT_KNOWN_FILL, layer="not_known")
            shape["tip"][1] = f"{title}{colon(lang)}{translate('common.not_known', lang)}"
    items = spec["legend"]["items"]
    if not any(shape["layer"] == "missing" for shape in spec["shapes"]):
        items[:] = [item for item in items if item["fill"] != maps.MISSING_FILL]
    label = tr("figure_not_known", lang)
    items.insert(0, {"fill": NOT_KNOWN_FILL, "stroke": maps.MISSING_LINE, "label": label})
    return spec


# --- the ranking and the table --------------------------------------------------------------------------


def ranked(year: int, scope: str, metric: str) -> pd.DataFrame:
    """The countries whose plans give the metric, largest first (the ranking's rows)."""
    gaps = country_gaps(year, scope)
    column = METRICS[metric]
    known = gaps[gaps[column].notna()]
    return known.sort_values([column, "entity_id"], ascending=[False, True], kind="mergesort")


@st.cache_resource(show_spinner=False, max_entries=512)
def ranking_figure(year: int, scope: str, metric: str, country: str | None, lang: str) -> go.Figure:
    """The countries ranked by the metric, the same figures as the map; `country` highlighted."""
    rows = ranked(year, scope, metric)
    values = rows[METRICS[metric]].astype("float64")
    fig = charts.ranked_bar(
        rows[f"name_{lang}"].tolist(),
        values.tolist(),
        value_texts=[metric_text(metric, v, lang) for v in values],
        keys=rows["entity_id"].tolist(),
        highlight=country,
        x_title=tr(f"metric_{metric}", lang),
        title=tr("ranking_title", lang, scope=scope_text(scope, lang).lower(), year=year),
        labels_outside=True,
    )
    return freeze(charts.localise(fig, lang))


@st.cache_data(show_spinner=False)
def gap_table(year: int, scope: str, lang: str) -> pd.DataFrame:
    """What the map and the ranking show, in numbers (empty = no plan or not known, never 0)."""
    gaps = country_gaps(year, scope)
    columns = {
        "entity_id": "col_iso3", f"name_{lang}": "col_country", "plans": "col_plans",
        "plan_names": "col_plan_names", "requirement_usd": "col_requirement", "funding_usd": "col_funding",
        "gap_usd": "col_unmet", "percent_funded": "col_percent", "plans_not_summed": "col_not_summed",
        "as_of": "col_as_of", "source_id": "col_source",
    }
    table = gaps[list(columns)].rename(columns={col: tr(key, lang) for col, key in columns.items()})
    table[tr("col_year", lang)] = year
    table[tr("col_scope", lang)] = scope_text(scope, lang)
    return table


# --- renderers --------------------------------------------------------------------------------------------


def headline(year: int, scope: str, lang: str) -> None:
    """The region's requirement, funding received, unmet requirement and % funded for the year and scope,
    with what they sum and their as-of line."""
    total = region_total(year, scope)
    if not total["plans"]:
        st.info(tr("no_plan_region", lang, scope=scope_text(scope, lang).lower(), year=year))
        return
    if not total["plans_summed"]:
        st.info(tr("none_summed", lang, scope=scope_text(scope, lang).lower(), year=year))
        st.caption(tr("not_summed", lang, plans=total["plans_not_summed"]))
        source_caption([total["source_id"]])
        return
    columns = st.columns(4)
    for col, (key, value) in zip(columns, (
        ("metric_requirement", format_usd(total["requirement_usd"], lang)),
        ("metric_funding", format_usd(total["funding_usd"], lang)),
        ("metric_unmet", format_usd(total["gap_usd"], lang)),
        ("metric_percent", pct_text(total["percent_funded"], lang)),
    ), strict=True):
        col.metric(tr("region_metric", lang, metric=tr(key, lang), year=year), value)
    notes = [sum_label(total, lang)]
    if total["plans_not_summed"]:
        notes.append(tr("not_summed", lang, plans=total["plans_not_summed"]))
    if year == dt.date.fromisoformat(years()["as_of"][:10]).year:
        notes.append(tr("partial_note", lang, date=format_date(years()["as_of"], lang)))
    st.caption(" · ".join(notes))
    source_caption([total["source_id"]])


def map_section(
    year: int, scope: str, metric: str, country: str | None, lang: str, *, key: str,
    on_click: Callable[[str], None],
) -> None:
    """The map with its as-of line; the countries without a plan named under it."""
    if data.optional_boundaries() is None:
        return
    show_map(gap_map(year, scope, metric, country, lang), key=key, on_click=on_click)
    gaps = country_gaps(year, scope)
    source_caption(gaps["source_id"].dropna())
    without = gaps.loc[gaps["plans"] == 0, f"name_{lang}"].sort_values()
    if len(without):
        st.caption(tr("no_plan_list", lang, year=year, countries=", ".join(without)))


def ranking_section(
    year: int, scope: str, metric: str, country: str | None, lang: str, *, key: str,
    on_select: Callable[[], None] | str = "ignore",
) -> None:
    rows = ranked(year, scope, metric)
    if rows.empty:
        st.info(tr("no_plan_region", lang, scope=scope_text(scope, lang).lower(), year=year))
        return
    st.plotly_chart(
        ranking_figure(year, scope, metric, country, lang), key=key, on_select=on_select,
        selection_mode="points", config=style.CHART_CONFIG, width="stretch",
    )
    source_caption(rows["source_id"])


def table_section(year: int, scope: str, lang: str, key: str) -> None:
    """The table behind the map and the ranking, with CSV/XLSX downloads (sent only when opened)."""
    data_view(lambda: gap_table(year, scope, lang), f"fts-funding-{scope}-plans-{year}", key,
              kinds={tr("col_percent", lang): "percent"})
