"""Shared plotly chart builders: one look, colour-blind-safe colours, no external fonts or assets."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PILLAR_COLOURS = {
    "P1": "#0072B2",
    "P2": "#56B4E9",
    "P3": "#009E73",
    "O1": "#E69F00",
    "O2": "#D55E00",
    "O3": "#CC79A7",
}
SEQUENTIAL = "Viridis"  # perceptually uniform and colour-blind safe
NEUTRAL = "#BBBBBB"
HIGHLIGHT = "#D55E00"
# System fonts only: nothing is fetched from a font server.
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def style(fig: go.Figure, *, height: int = 420, title: str | None = None, large: bool = False) -> go.Figure:
    """The common layout; `large` for presentation mode (readable from the back of a room)."""
    fig.update_layout(
        height=height,
        title={"text": title} if title else None,
        font={"family": FONT_FAMILY, "size": 20 if large else 13},
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        separators=".,",
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    return fig


def ranked_bar(
    labels: list[str],
    values: list[float],
    *,
    value_texts: list[str],
    keys: list[str] | None = None,
    highlight: str | None = None,
    x_title: str = "",
    title: str | None = None,
    large: bool = False,
) -> go.Figure:
    """Horizontal bars, largest on top; `keys` go in customdata so a click selects the bar's entity."""
    colours = [HIGHLIGHT if keys and key == highlight else PALETTE[0] for key in (keys or labels)]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=colours,
            text=value_texts,
            textposition="auto",
            customdata=keys or labels,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=x_title, showgrid=True, gridcolor="#EEEEEE")
    return style(fig, height=max(260, 28 * len(labels) + 60), title=title, large=large)
