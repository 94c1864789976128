"""Country profile: humanitarian funding from OCHA's Financial Tracking Service (FTS). The country's latest
own plan (requirement, funding received, unmet requirement, % funded), its shares of regional plans shown
apart (never summed with it), the requirement against funding received over ten years with funding outside
any plan as context, and the unmet requirement per displaced person of one year.

Builders are cached on their explicit arguments and load their tables inside (data.load); figures come from
dashboard.queries.fts and forced_displacement, as in the briefing pack. Renderers (show_*) draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_int, format_usd
from dashboard.queries import forced_displacement, fts
from dashboard.search import escape_markdown
from dashboard.sections.country import CHART_CONFIG, REGIONAL_OFFICE, headed, office_names, open_section, tr
from dashboard.sections.country_charts import funding_trend
from dashboard.sections.country_plans import published_pct, usd_or_unknown

if TYPE_CHECKING:
    import plotly.graph_objects as go

FTS_TABLES = ("fts_plans", "fts_plan_funding", "fts_outside_plans", "sources")
DISPLACEMENT_TABLES = ("idmc_conflict_idps", "unhcr_population")
TREND_YEARS = 10
# The trend's figures as downloaded: column -> catalogue key of its header, in order
TREND_DOWNLOAD_COLUMNS = {
    "year": "fts.col_year",
    "plan_names": "fts.col_plans",
    "requirement_usd": "fts.col_requirement_usd",
    "funding_usd": "fts.col_funding_usd",
    "gap_usd": "fts.col_unmet_usd",
    "percent_funded": "fts.col_percent",
    "outside_usd": "fts.col_outside_usd",
    "source": "fts.col_source",
}


# --- builders ------------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def plan_rows() -> pd.DataFrame:
    """fts.plan_rows: one row per plan and country with the plan's year, kind and as-of date."""
    return fts.plan_rows(data.load("fts_plans"), data.load("fts_plan_funding"), data.load("sources"))


@st.cache_data(show_spinner=False)
def fts_files() -> list[str]:
    """The FTS files the plans come from: the source of a "no plan in FTS"."""
    return list(dict.fromkeys(plan_rows()["source_id"]))


@st.cache_data(show_spinner=False)
def latest_plan(office: str) -> dict[str, Any] | None:
    """fts.latest_plan of the country: its latest own plan, None when FTS lists none."""
    return fts.latest_plan(plan_rows(), office)


@st.cache_data(show_spinner=False)
def fts_year() -> int | None:
    """The latest year FTS has a plan for (the year of the file's as-of date): the trend ends there."""
    return fts.latest_year(plan_rows())


@st.cache_data(show_spinner=False)
def regional_shares(office: str) -> pd.DataFrame:
    """fts.regional_shares: the country's shares of regional plans in the latest year it has any."""
    return fts.regional_shares(plan_rows(), office)


@st.cache_data(show_spinner=False)
def trend_table(office: str) -> pd.DataFrame:
    """fts.country_trend over the ten years ending with the latest FTS year."""
    return fts.country_trend(plan_rows(), data.load("fts_outside_plans"), office, fts_year(), TREND_YEARS)


def _hover_lines(row: pd.Series, lang: str) -> str:
    year = int(row["year"])
    if row["plans"] == 0:
        return tr("fts.hover_no_plan", lang, year=year)
    lines = [
        tr("fts.hover_plans", lang, year=year, plans=row["plan_names"]),
        tr("fts.hover_requirement", lang, amount=format_usd(row["requirement_usd"], lang)),
        tr("fts.hover_funding", lang, amount=format_usd(row["funding_usd"], lang),
           pct=published_pct(row["percent_funded"], lang)),
        tr("fts.hover_unmet", lang, amount=format_usd(row["gap_usd"], lang)),
    ]  # fmt: skip
    return "\n".join(lines)


def _or_none(value: object) -> float | None:
    return None if pd.isna(value) else float(value)


@st.cache_resource(show_spinner=False, max_entries=128)
def trend_figure(office: str, lang: str) -> go.Figure:
    """Requirement against funding received per year, funding outside plans as context (never modify it)."""
    table = trend_table(office)
    fig = funding_trend(
        table["year"].tolist(),
        [_or_none(v) for v in table["requirement_usd"]],
        [_or_none(v) for v in table["funding_usd"]],
        [_or_none(v) for v in table["outside_usd"]],
        names=(tr("fts.series_requirement", lang), tr("fts.series_funding", lang),
               tr("fts.series_outside", lang)),
        funding_texts=["" if pd.isna(p) else published_pct(p, lang) for p in table["percent_funded"]],
        hover=[_hover_lines(row, lang) for _, row in table.iterrows()],
        outside_hover=[
            tr("fts.hover_outside", lang, year=int(y), amount=format_usd(v, lang))
            for y, v in zip(table["year"], table["outside_usd"], strict=True)
        ],
        y_title=tr("fts.axis_usd", lang),
    )  # fmt: skip
    charts.localise(fig, lang)
    top = max([float(v) for v in table[["requirement_usd", "funding_usd", "outside_usd"]].stack()] or [1.0])
    charts.money_axis(fig, top, lambda v: format_usd(v, lang), axis="y")
    return freeze(fig)


@st.cache_data(show_spinner=False)
def trend_download(office: str, lang: str) -> pd.DataFrame:
    """The figures behind the trend chart, unformatted, with their source, as shown and downloaded."""
    table = trend_table(office)
    # a year's source: its plans', else (no plan that year) that of its funding outside plans
    sourced = table.assign(source=table["source_id"].fillna(table["outside_source_id"]))
    return headed(sourced, TREND_DOWNLOAD_COLUMNS, lang)


@st.cache_data(show_spinner=False)
def per_displaced(office: str) -> dict[str, Any] | None:
    """forced_displacement.unmet_per_displaced: one year's unmet requirement ÷ displaced people."""
    return forced_displacement.unmet_per_displaced(
        plan_rows(), data.load("idmc_conflict_idps"), data.load("unhcr_population"), office
    )


# --- renderers -----------------------------------------------------------------------------------------


def _show_latest(office: str, plan: dict[str, Any], lang: str) -> None:
    kind = tr(f"fts.kind_{plan['plan_kind']}", lang)
    st.markdown(tr("fts.latest", lang, name=escape_markdown(plan["name"]), year=plan["year"], kind=kind))
    requirement, funding, unmet, percent = st.columns(4)
    requirement.metric(tr("fts.requirement", lang), format_usd(plan["requirement_usd"], lang))
    funding.metric(tr("fts.funding", lang), format_usd(plan["funding_usd"], lang))
    unmet.metric(tr("fts.unmet", lang), format_usd(plan["gap_usd"], lang), help=tr("fts.unmet_help", lang))
    percent_text = published_pct(plan["percent_funded"], lang)
    percent.metric(tr("fts.percent", lang), percent_text, help=tr("fts.percent_help", lang))
    notes = []
    if plan["other_plans"]:
        notes.append(tr("fts.other_plans", lang, count=plan["other_plans"], year=plan["year"]))
    if plan["year"] < (fts_year() or plan["year"]):
        notes.append(tr("fts.since", lang, name=office_names(lang)[office], year=plan["year"]))
    if notes:
        st.caption(" ".join(notes))
    source_caption([plan["source_id"]])


def _show_regional_shares(office: str, lang: str) -> None:
    shares = regional_shares(office)
    if shares.empty:
        return
    st.markdown(f"**{escape_markdown(tr('fts.regional_heading', lang, name=office_names(lang)[office]))}**")
    lines = [
        escape_markdown(tr(
            "fts.regional_line", lang, plan=row["name"], year=int(row["year"]),
            requirement=usd_or_unknown(row["requirement_usd"], lang),
            funding=usd_or_unknown(row["funding_usd"], lang), unmet=usd_or_unknown(row["gap_usd"], lang),
        ))
        for _, row in shares.iterrows()
    ]  # fmt: skip
    st.markdown("  \n".join(lines))
    st.caption(tr("fts.regional_note", lang))


def show_fts_funding(office: str, lang: str) -> None:
    """The country's latest FTS plan, its regional plans' shares apart, the ten-year trend and its table.
    A country without any plan in FTS says so (never a zero). Not for the Regional Office."""
    if office == REGIONAL_OFFICE:
        return
    if not open_section("fts.heading", lang, *FTS_TABLES):
        return
    plan = latest_plan(office)
    if plan is None:
        st.info(tr("fts.no_plan", lang, name=office_names(lang)[office]))
        source_caption(fts_files())
    else:
        _show_latest(office, plan, lang)
    _show_regional_shares(office, lang)
    table = trend_table(office)
    first, last = int(table["year"].min()), int(table["year"].max())
    if not (table["plans"] > 0).any():
        if plan is not None:
            st.caption(tr("fts.trend_none", lang, first=first, last=last))
        return
    st.markdown(f"**{tr('fts.trend_heading', lang, first=first, last=last)}**")
    st.plotly_chart(trend_figure(office, lang), key="country-fts-trend", config=CHART_CONFIG)
    st.caption(tr("fts.trend_note", lang, year=last))
    source_caption([*table["source_id"].dropna(), *table["outside_source_id"].dropna()])
    data_view(lambda: trend_download(office, lang), f"fts-funding-{office}", "country-fts-data",
              kinds={tr("fts.col_percent", lang): "percent"})


def show_per_displaced(office: str, lang: str) -> None:
    """The unmet requirement of one year's response plan per person displaced that year (IDMC conflict
    IDPs + UNHCR refugees and asylum-seekers hosted), with its parts beside it; only where all exist."""
    if office == REGIONAL_OFFICE:
        return
    if not open_section("per_person.heading", lang, *FTS_TABLES, *DISPLACEMENT_TABLES):
        return
    figure = per_displaced(office)
    if figure is None:
        st.caption(tr("per_person.none", lang, name=office_names(lang)[office]))
        return
    year = figure["year"]
    ratio, unmet, idps, hosted = st.columns(4)
    ratio.metric(tr("per_person.label", lang, year=year), format_usd(round(figure["usd_per_person"]), lang))
    unmet.metric(tr("per_person.unmet", lang, year=year), format_usd(figure["gap_usd"], lang))
    later = figure["idps_series"] != forced_displacement.DEFAULT_IDMC_SERIES
    idps.metric(tr("forced.idps_later" if later else "forced.idps", lang, year=year),
                format_int(figure["idps"], lang))  # fmt: skip
    hosted.metric(tr("per_person.hosted", lang, year=year), format_int(figure["hosted"], lang))
    formula = tr(
        "per_person.formula", lang, gap=format_usd(figure["gap_usd"], lang), plan=figure["plan_name"],
        displaced=format_int(figure["displaced"], lang), idps=format_int(figure["idps"], lang),
        hosted=format_int(figure["hosted"], lang), year=year,
    )  # fmt: skip
    st.caption(escape_markdown(formula) + " " + tr("per_person.note", lang))
    source_caption([figure["fts_source_id"], figure["idps_source_id"], figure["hosted_source_id"]])
