"""Funding page, OCHA FTS trends: requirement against funding received per year, with % funded and the
plans' names, for the region (the sum of the countries' plans of one scope) or one country; funding
outside any plan beside it as context (no requirement: it never reduces a gap).

Builders are cached and shared by sessions (never modify what they return); renderers draw.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, style
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_usd, translate
from dashboard.queries import fts
from dashboard.sections.funding_fts import fts_rows, pct_text, scope_text, tr, usd_exact, years
from i18n import SEMICOLON, colon, render

REQUIREMENT_COLOUR = style.NEUTRAL
FUNDING_COLOUR = style.PALETTE[0]
OUTSIDE_COLOUR = style.PALETTE[1]


@st.cache_data(show_spinner=False)
def trend_table(scope: str, country: str | None) -> pd.DataFrame:
    """fts.trend for the country (the region without one), with the funding outside any plan of each year
    beside it (outside_usd; empty where there is none), years up to the latest plan year."""
    trend = fts.trend(fts_rows(), scope, country)
    outside = fts.outside_plans_by_year(data.load("fts_outside_plans"), country)
    outside = outside[outside["year"] <= years()["latest"]]
    table = trend.merge(
        outside[["year", "funding_usd", "source_id"]].rename(
            columns={"funding_usd": "outside_usd", "source_id": "outside_source_id"}
        ),
        on="year",
        how="outer",
    )
    return table.sort_values("year").reset_index(drop=True)


def place_name(country: str | None, lang: str) -> str:
    if country is None:
        return translate("common.region", lang)
    entities = data.load("entities").set_index("entity_id")
    return str(entities.loc[country, f"name_{lang}"])


def _hover(row: pd.Series, scope: str, lang: str) -> str:
    """A year's figures, one per line, escaped: the plans' names are data."""
    lines, c = [str(int(row["year"]))], colon(lang)
    plan_names = str(row["plan_names"]).replace("; ", render(SEMICOLON, lang))
    if pd.notna(row["plans"]) and row["plans"]:
        lines += [
            f"{tr('hover_requirement', lang)}{c}{usd_exact(row['requirement_usd'], lang)}",
            f"{tr('hover_funding', lang)}{c}{usd_exact(row['funding_usd'], lang)}",
            f"{tr('hover_unmet', lang)}{c}{usd_exact(row['gap_usd'], lang)}",
            f"{tr('hover_percent', lang)}{c}{pct_text(row['percent_funded'], lang)}",
            f"{tr(f'hover_plans_{scope}', lang)}{c}{plan_names}",
        ]
        if isinstance(row["plans_not_summed"], str) and row["plans_not_summed"]:
            lines.append(tr("not_summed", lang, plans=row["plans_not_summed"]))
    else:
        lines.append(tr("trend_no_plan", lang, scope=scope_text(scope, lang).lower()))
    if pd.notna(row["outside_usd"]):
        lines.append(f"{tr('trend_outside', lang)}{c}{usd_exact(row['outside_usd'], lang)}")
    return "<br>".join(html.escape(line, quote=False) for line in lines)


@st.cache_resource(show_spinner=False, max_entries=256)
def trend_figure(scope: str, country: str | None, lang: str) -> go.Figure:
    """Requirement and funding received side by side per year (% funded and the plans in the hover),
    funding outside any plan as a dotted line: context, never subtracted from a gap."""
    table = trend_table(scope, country)
    hover = [_hover(row, scope, lang) for _, row in table.iterrows()]
    years_ = table["year"].astype(int).tolist()

    def _values(column: str) -> list[float | None]:
        return [None if pd.isna(v) else float(v) for v in table[column]]

    common = {"x": years_, "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>"}
    fig = go.Figure([
        go.Bar(y=_values("requirement_usd"), name=tr("metric_requirement", lang),
               marker_color=REQUIREMENT_COLOUR, **common),
        go.Bar(y=_values("funding_usd"), name=tr("metric_funding", lang), marker_color=FUNDING_COLOUR,
               **common),
        go.Scatter(y=_values("outside_usd"), name=tr("trend_outside", lang), mode="lines+markers",
                   line={"color": OUTSIDE_COLOUR, "dash": "dot"}, **common),
    ])  # fmt: skip
    title = tr("trend_title", lang, place=place_name(country, lang), scope=scope_text(scope, lang).lower())
    charts.style(fig, height=380, title=title)
    fig.update_layout(barmode="group", bargap=0.2, hovermode="closest",
                      legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0})
    first, last = min(years_, default=0), max(years_, default=0)
    # Every fourth year labelled, upright: a narrow column would otherwise tilt them into each other.
    fig.update_xaxes(dtick=4, tick0=2000, tickangle=0, showgrid=False, range=[first - 0.6, last + 0.6])
    fig.update_yaxes(showgrid=True, gridcolor="#EEEEEE", rangemode="tozero")
    charts.localise(fig, lang)
    bars = [*_values("requirement_usd"), *_values("funding_usd")]
    top = max((v for v in bars if v is not None), default=0.0)
    charts.money_axis(fig, top, lambda v: format_usd(v, lang), axis="y", count=4)
    return freeze(fig)


def trend_download(scope: str, country: str | None, lang: str) -> pd.DataFrame:
    """The trend in numbers, for the table view and its downloads (empty = no plan or not known)."""
    table = trend_table(scope, country)
    columns = {
        "year": "col_year", "plans": "col_plans", "plan_names": "col_plan_names",
        "requirement_usd": "col_requirement", "funding_usd": "col_funding", "gap_usd": "col_unmet",
        "percent_funded": "col_percent", "plans_not_summed": "col_not_summed",
        "outside_usd": "col_outside", "as_of": "col_as_of", "source_id": "col_source",
    }
    return table[list(columns)].rename(columns={col: tr(key, lang) for col, key in columns.items()})


def trend_section(scope: str, country: str | None, lang: str) -> None:
    """The region's trend and, for a chosen country, the country's, side by side."""
    st.subheader(tr("trend_heading", lang))
    st.caption(tr("trend_note", lang))
    places = [None] if country is None else [None, country]
    for column, place in zip(st.columns(len(places)), places, strict=True):
        with column:
            table = trend_table(scope, place)
            key = f"fts-trend-{place or 'region'}"
            st.plotly_chart(trend_figure(scope, place, lang), key=key,
                            config=style.CHART_CONFIG, width="stretch")
            source_caption([*table["source_id"].dropna(), *table["outside_source_id"].dropna()])
            data_view(lambda place=place: trend_download(scope, place, lang),
                      f"fts-trend-{scope}-{place or 'region'}", key,
                      kinds={tr("col_percent", lang): "percent"})
