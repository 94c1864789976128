"""One palette and one chart configuration for every chart, map and slide (no plotly import here, so maps and
the briefing pack can use it without loading plotly)."""

from __future__ import annotations

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PILLAR_COLOURS = {
    "P1": "#0072B2",
    "P2": "#56B4E9",
    "P3": "#009E73",
    "O1": "#E69F00",
    "O2": "#D55E00",
    "O3": "#CC79A7",
}
NEUTRAL = "#BBBBBB"
HIGHLIGHT = "#D55E00"
# Chart text (ticks, bar labels, axis titles): Streamlit's chart theme draws them in #808495, 3.7:1 on white;
# this is 9.7:1 (WCAG AA asks 4.5:1).
CHART_TEXT = "#444444"
SEQUENTIAL = "Viridis"  # perceptually uniform and colour-blind safe

# Plotly's mode bar without its logo and the selection tools nobody needs on these charts.
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
