"""Plotly chart builders of the country profile's current figures (OCHA FTS funding per year), beside the
shared ones of dashboard/charts.py (style, palette), which is kept to its size."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from dashboard.charts import PALETTE, style


def funding_trend(
    years: list[int],
    requirement: list[float | None],
    funding: list[float | None],
    outside: list[float | None],
    *,
    names: tuple[str, str, str],
    funding_texts: list[str],
    hover: list[str],
    outside_hover: list[str],
    y_title: str = "",
    title: str | None = None,
) -> go.Figure:
    """Requirement and funding received per year, side by side (never stacked: funding is not a part of the
    requirement), and funding outside any plan as a third, hatched bar: context, with no requirement, so it
    fills no gap. None = no figure (no bar, never 0). `names`: the three series' names; `funding_texts`: a
    short text on each funding bar (e.g. its % funded); `hover` / `outside_hover`: one plain-text string per
    year (lines separated by newlines), escaped here."""
    def _escaped(texts: list[str]) -> list[str]:
        return [html.escape(str(text), quote=False).replace("\n", "<br>") for text in texts]

    def _values(values: list[float | None]) -> list[float | None]:
        return [None if v is None else float(v) for v in values]

    plan_hover = _escaped(hover)
    fig = go.Figure(
        [
            go.Bar(x=years, y=_values(requirement), name=names[0], marker_color="#9DB9D5",
                   customdata=plan_hover, hovertemplate="%{customdata}<extra></extra>"),
            go.Bar(x=years, y=_values(funding), name=names[1], marker_color=PALETTE[0], text=funding_texts,
                   textposition="outside", cliponaxis=False, customdata=plan_hover,
                   hovertemplate="%{customdata}<extra></extra>"),
            go.Bar(x=years, y=_values(outside), name=names[2], marker={"color": "#FFFFFF",
                   "line": {"color": "#777777", "width": 1}, "pattern": {"shape": "/", "fgcolor": "#999999"}},
                   customdata=_escaped(outside_hover), hovertemplate="%{customdata}<extra></extra>"),
        ]
    )  # fmt: skip
    fig.update_layout(barmode="group", bargap=0.2, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom",
                                                           "x": 0})  # fmt: skip
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years])
    fig.update_yaxes(title=y_title, rangemode="tozero", showgrid=True, gridcolor="#EEEEEE")
    style(fig, height=400, title=title)
    fig.update_layout(margin={"t": 70 if title else 40})
    return fig
