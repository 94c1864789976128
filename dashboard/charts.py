"""Shared plotly chart builders: one look, colour-blind-safe colours, no external fonts or assets.

Every text given (labels, names, bar and hover texts, titles) is plain text, escaped here (text.for_plotly):
data draws as itself, never as a link, image, bold text or maths. A "\n" in a text is a line break."""

from __future__ import annotations

import re
from collections.abc import Iterable

import plotly.graph_objects as go

from dashboard.style import CHART_TEXT, HIGHLIGHT, NEUTRAL, PALETTE, PILLAR_COLOURS, SEQUENTIAL  # noqa: F401
from dashboard.text import for_plotly

GRID = {"showgrid": True, "gridcolor": "#EEEEEE"}  # light grid lines along a value axis
# System fonts only: nothing is fetched from a font server.
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def _plain(texts: Iterable[object]) -> list[str | None]:
    """Each text escaped for plotly (for_plotly); None (no text) stays None."""
    return [None if text is None else for_plotly(text) for text in texts]


def style(fig: go.Figure, *, height: int = 420, title: str | None = None) -> go.Figure:
    """The common layout (presentation_views.projected re-sizes it for a projector)."""
    fig.update_layout(
        height=height,
        title={"text": for_plotly(title)} if title else None,
        font={"family": FONT_FAMILY, "size": 13},
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        separators=".,",
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    # Streamlit's chart theme sets the axes' own tick font (small, faint grey): size and colour set here.
    fig.update_xaxes(tickfont={"color": CHART_TEXT}, title_font_color=CHART_TEXT)
    fig.update_yaxes(tickfont={"color": CHART_TEXT}, title_font_color=CHART_TEXT)
    fig.update_traces(textfont_color=CHART_TEXT, selector={"type": "bar"})
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
    labels_outside: bool = False,
) -> go.Figure:
    """Horizontal bars, largest on top; `keys` go in customdata so a click selects the bar's entity.

    `labels_outside`: every value text beside its bar, with room right of the longest one, and no tick
    labels on the value axis (the texts carry the values): for narrow columns, where a text inside a
    bar would be cut.
    """
    colours = [HIGHLIGHT if keys and key == highlight else PALETTE[0] for key in (keys or labels)]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=_plain(labels),
            orientation="h",
            marker_color=colours,
            text=_plain(value_texts),
            textposition="auto",
            customdata=keys or labels,  # selection keys, never drawn
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=for_plotly(x_title), **GRID)
    if labels_outside:
        fig.update_traces(textposition="outside", cliponaxis=False, textfont={"size": 11})
        fig.update_xaxes(range=[0, max([*values, 1.0]) * 2.3], showticklabels=False)
    fig = style(fig, height=max(260, 28 * len(labels) + 60), title=title)
    if labels_outside:
        fig.update_layout(margin={"r": 24})
    return fig


# --- count matrix (themes page) ---------------------------------------------------------------------------

# White for zero, then Okabe-Ito blue: an empty cell reads as "none" (Viridis would paint it dark purple).
COUNT_SCALE = [[0.0, "#FFFFFF"], [0.001, "#DEEBF7"], [1.0, "#0072B2"]]


def count_heatmap(
    counts: list[list[int]],
    column_labels: list[str],
    row_labels: list[str],
    *,
    row_groups: list[str] | None = None,
    hover_texts: list[list[str]] | None = None,
    colorbar_title: str = "",
    separate_last_column: bool = False,
    title: str | None = None,
) -> go.Figure:
    """A matrix of counts (rows x columns), each non-zero cell labelled with its number.

    `row_groups` (one per row, consecutive rows sharing a group) draws a two-level row axis: the group
    label outside, the row label inside (e.g. MiGOF pillar, then theme), with a thin line between groups.
    `hover_texts` are plain strings (escaped here). `separate_last_column` draws a line before the last
    column (e.g. the Regional Office after the countries)."""
    rows = [_plain(row_groups), _plain(row_labels)] if row_groups else _plain(row_labels)
    cell_texts = [[str(v) if v else "" for v in row] for row in counts]
    hover = None
    if hover_texts:
        hover = [_plain(row) for row in hover_texts]
    peak = max((v for row in counts for v in row), default=0)
    bar_title = {"text": for_plotly(colorbar_title), "side": "top"}
    fig = go.Figure(
        go.Heatmap(
            z=counts,
            x=_plain(column_labels),
            y=rows,
            text=cell_texts,
            texttemplate="%{text}",
            colorscale=COUNT_SCALE,
            zmin=0,
            zmax=max(peak, 1),
            xgap=1,
            ygap=1,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>" if hover else None,
            colorbar={"title": bar_title, "thickness": 12, "len": 0.6},
        )
    )
    shapes = []
    if row_groups:
        for i in range(1, len(row_groups)):
            if row_groups[i] != row_groups[i - 1]:
                shapes.append(
                    {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": i - 0.5,
                     "y1": i - 0.5, "line": {"color": "#333333", "width": 1.5}}
                )  # fmt: skip
    if separate_last_column and len(column_labels) > 1:
        last = len(column_labels) - 1.5
        shapes.append(
            {"type": "line", "yref": "paper", "y0": 0, "y1": 1, "xref": "x", "x0": last, "x1": last,
             "line": {"color": "#333333", "width": 1.5}}
        )  # fmt: skip
    fig.update_layout(shapes=shapes)
    fig.update_yaxes(autorange="reversed", automargin=True, showgrid=False)
    fig.update_xaxes(side="top", tickangle=-45, automargin=True, showgrid=False)
    return style(fig, height=max(320, 34 * len(row_labels) + 220), title=title)


# --- funding page: selections, localised separators, bars by pillar, funding gaps -------------------


def selected_keys(event: object) -> list[str]:
    """Keys (customdata) of the bars selected in a ranked_bar figure, from what
    `st.plotly_chart(..., on_select=...)` returns (or its `selection`); in order, no repeats."""

    def _get(obj: object, key: str) -> object:
        return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)

    if event is None:
        return []
    selection = _get(event, "selection") or event
    keys: list[str] = []
    for point in _get(selection, "points") or []:
        key = _get(point, "customdata")
        if isinstance(key, (list, tuple)):
            key = key[0] if key else None
        if isinstance(key, str) and key and key not in keys:
            keys.append(key)
    return keys


def localise(fig: go.Figure, lang: str) -> go.Figure:
    """Decimal and thousands separators as the language writes them (1,234.5 / 1 234,5); in French, the
    hover's "label: value" gets its narrow no-break space before the colon."""
    fig.update_layout(separators=".," if lang == "en" else ",\u00a0")
    if lang == "fr":
        for trace in fig.data:
            template = getattr(trace, "hovertemplate", None)
            if isinstance(template, str):
                trace.hovertemplate = re.sub(r"(?<=[}\w)]): ", "\u202f: ", template)
    return fig


def pillar_bar(
    pillar_ids: list[str],
    labels: list[str],
    values: list[float],
    *,
    value_texts: list[str],
    x_title: str = "",
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars in pillar order (first on top), each in its pillar's colour; a long label may be
    given on several lines ("\n", or plotly's <br>)."""
    labels = _plain(labels)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=[PILLAR_COLOURS.get(p, PALETTE[0]) for p in pillar_ids],
            text=_plain(value_texts),
            textposition="outside",  # upright beside each bar, however thin the bar
            textangle=0,
            cliponaxis=False,
            customdata=pillar_ids,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    top = max((float(v) for v in values), default=0.0)
    fig.update_xaxes(title=for_plotly(x_title), **GRID, range=[0, top * 1.3 or 1.0])
    # Labels wrapped on several lines (<br>) need taller rows, or they run into each other.
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    row = 16 * lines + 14
    return style(fig, height=max(260, row * len(labels) + 90), title=title)


def gap_bar(
    labels: list[str],
    funded: list[float],
    gaps: list[float],
    *,
    funded_texts: list[str],
    gap_texts: list[str],
    hover_lines: list[list[str]],
    funded_name: str,
    gap_name: str,
    x_title: str = "",
    title: str | None = None,
) -> go.Figure:
    """One stacked bar per appeal: funded (blue) + gap (orange) = requirement, first appeal on top.

    Only for appeals whose requirement and funding received are both known: a gap is never drawn for
    an unknown. `hover_lines` (per appeal, lines of plain text) name the appeal, its date and source.
    """
    # Data text shown as plain text: escaped, then joined with plotly's line breaks.
    hover_texts = ["<br>".join(_plain(lines)) for lines in hover_lines]
    hover = "%{customdata}<extra></extra>"
    labels = _plain(labels)
    parts = ((funded, funded_name, funded_texts, PALETTE[0]), (gaps, gap_name, gap_texts, PALETTE[1]))
    fig = go.Figure(
        [
            go.Bar(
                x=values, y=labels, orientation="h", name=for_plotly(name), marker_color=colour,
                text=_plain(texts), textposition="inside", customdata=hover_texts, hovertemplate=hover,
            )
            for values, name, texts, colour in parts
        ]
    )
    fig.update_layout(
        barmode="stack",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=for_plotly(x_title), **GRID)
    style(fig, height=max(260, 40 * len(labels) + 110), title=title)
    fig.update_layout(margin={"t": 60 if title else 40})
    return fig


# --- country profile (app_pages/country.py) -----------------------------------------------------------------


def grouped_pillar_bars(
    offices: list[str],
    pillar_labels: list[str],
    pillar_ids: list[str],
    values: list[list[float]],
    value_texts: list[list[str]],
    *,
    y_title: str = "",
    money: Callable[[float], str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Several offices side by side: one group of bars per office, one bar (and legend entry) per pillar,
    in the pillar colours. `values[i][j]` is office i's requirement for pillar j; `value_texts` the same,
    formatted for the hover. Axis ticks are written by `money` (e.g. i18n.format_usd, so that the axis
    reads like every other amount of the language), never plotly's SI "20M"; plain numbers without it."""
    fig = go.Figure()
    offices = _plain(offices)
    for j, (pillar_id, label) in enumerate(zip(pillar_ids, pillar_labels, strict=True)):
        name = for_plotly(label)
        fig.add_trace(
            go.Bar(
                x=offices,
                y=[row[j] for row in values],
                name=name,
                marker_color=PILLAR_COLOURS.get(pillar_id, PALETTE[j % len(PALETTE)]),
                text=_plain(row[j] for row in value_texts),
                textposition="none",
                customdata=[name] * len(offices),  # in the data: a "%{...}" in it is no placeholder
                hovertemplate="%{x}<br>%{customdata}: %{text}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="group", legend={"orientation": "h", "y": -0.15, "x": 0, "xanchor": "left", "yanchor": "top"}
    )
    fig.update_yaxes(title=for_plotly(y_title), **GRID)
    if money is not None:
        money_axis(fig, max((v for row in values for v in row), default=0.0), money, axis="y")
    fig = style(fig, height=460, title=title)
    fig.update_layout(margin={"b": 10})
    return fig


def grouped_theme_bars(
    themes: list[str],
    offices: list[str],
    counts: list[list[int]],
    *,
    x_title: str = "",
    title: str | None = None,
) -> go.Figure:
    """Theme counts of several offices: horizontal groups, one per theme (taxonomy order, first on top),
    one bar per office in the Okabe-Ito palette. `counts[i][k]` is office i's count for theme k."""
    fig = go.Figure()
    shown_themes = _plain(themes)
    for i, office in enumerate(offices):
        name = for_plotly(office)
        fig.add_trace(
            go.Bar(
                x=counts[i],
                y=shown_themes,
                orientation="h",
                name=name,
                marker_color=PALETTE[i % len(PALETTE)],
                customdata=[name] * len(themes),  # in the data: a "%{...}" in it is no placeholder
                hovertemplate="%{customdata}<br>%{y}: %{x}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=for_plotly(x_title), **GRID, dtick=1, rangemode="tozero")
    return style(fig, height=max(360, len(themes) * (12 * len(offices) + 14) + 120), title=title)


# --- Lake Chad Basin page: lines over time with flagged points and marked events; grouped bars ---------


def dated_lines(
    lines: list[dict],
    *,
    flags: dict | None = None,
    events: list[dict] | tuple = (),
    y_title: str = "",
    title: str | None = None,
    large: bool = False,
    height: int = 460,
) -> go.Figure:
    """Lines over time (x: ISO dates), e.g. one per country and the total as published.

    - `lines`: dicts with name, x, y, hover (one plain-text string per point, escaped here), colour,
      and optional dash / width.
    - `flags`: dict with name, x, y, hover: open circles drawn around the points they flag (values are
      not changed; the hover says why).
    - `events`: dicts with x, name (legend entry) and label (text above the chart): a dashed vertical
      line each, e.g. a change of definition.
    - `large`: bigger points and event labels, for a projector (presentation_views.projected sets the
      chart's height and fonts).
    Date ticks show years only: numbers read the same in every language (plotly's month names are English).
    """
    fig = go.Figure()
    top = max((max(line["y"]) for line in lines if len(line["y"])), default=0)
    for line in lines:
        fig.add_trace(
            go.Scatter(
                x=list(line["x"]),
                y=list(line["y"]),
                mode="lines+markers",
                name=for_plotly(line["name"]),
                line={
                    "color": line["colour"],
                    "width": line.get("width", 2),
                    "dash": line.get("dash", "solid"),
                },
                marker={"size": 7 if large else 6},
                customdata=_plain(line["hover"]),
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    if flags and len(flags["x"]):
        fig.add_trace(
            go.Scatter(
                x=list(flags["x"]),
                y=list(flags["y"]),
                mode="markers",
                name=for_plotly(flags["name"]),
                marker={"symbol": "circle-open", "size": 20 if large else 16, "color": HIGHLIGHT,
                        "line": {"width": 2.5}},
                customdata=_plain(flags["hover"]),
                hovertemplate="%{customdata}<extra></extra>",
            )
        )  # fmt: skip
    for event in events:
        # A trace rather than a shape: the line gets a legend entry, so it is named off the plot too.
        fig.add_trace(
            go.Scatter(
                x=[event["x"], event["x"]],
                y=[0, top * 1.05],
                mode="lines",
                name=for_plotly(event["name"]),
                line={"color": "#555555", "width": 1.5, "dash": "dash"},
                hoverinfo="skip",
            )
        )
        fig.add_annotation(
            x=event["x"], y=1.0, yref="paper", yanchor="bottom", xanchor="right", showarrow=False,
            text=for_plotly(event["label"]),
            font={"size": 14 if large else 11, "color": "#333333"},
        )  # fmt: skip
    fig.update_xaxes(type="date", tickformat="%Y", dtick="M12", **GRID)
    fig.update_yaxes(title=for_plotly(y_title), rangemode="tozero", tickformat=",d", **GRID)
    style(fig, height=height, title=title)
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        margin={"t": 70 if title else 36, "b": 10},
        hovermode="closest",
    )
    return fig


def grouped_bars(
    group_labels: list[str],
    series: list[dict],
    *,
    x_title: str = "",
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars side by side, one bar group per label (first on top), one colour per series.

    Bars are grouped, never stacked: figures from different sources or categories are shown next to each
    other, not added up. `series`: dicts with name, values (None = no figure, no bar), texts, colour and
    hover (plain-text strings, escaped here)."""
    fig = go.Figure()
    labels = _plain(group_labels)
    for item in series:
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[None if v is None else float(v) for v in item["values"]],
                orientation="h",
                name=for_plotly(item["name"]),
                marker_color=item["colour"],
                text=_plain(item["texts"]),
                textposition="outside",
                cliponaxis=False,
                customdata=_plain(item["hover"]),
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="group", bargap=0.25, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=for_plotly(x_title), tickformat=",d", **GRID)
    bars = max(1, sum(1 for item in series if any(v is not None for v in item["values"])))
    height = max(300, len(group_labels) * (26 * min(bars, 4) + 30) + 120)
    style(fig, height=height, title=title)
    fig.update_layout(margin={"t": 70 if title else 50, "r": 60})
    return fig


# --- funding page: money axes in the reader's language ----------------------------------------------

# Appended section: the top of this shared file is left as it is.
from collections.abc import Callable  # noqa: E402

from dashboard.maps import nice_ticks  # noqa: E402  (one tick rule for the maps' colour bars and the axes)


def money_axis(
    fig: go.Figure, max_value: float, formatter: Callable[[float], str], *, axis: str = "x", count: int = 4
) -> go.Figure:
    """Ticks of a money axis written by `formatter` (e.g. i18n.format_usd: "$50 M" / "50 M$") instead of
    plotly's "50M" / "0.2B", which read as English in French; about `count` ticks."""
    ticks = nice_ticks(max_value, count)
    fig.update_layout({f"{axis}axis": {"tickvals": ticks, "ticktext": _plain(formatter(v) for v in ticks)}})
    return fig
