"""Offline maps drawn by the server: the one place for map settings (choropleth, circles, locator).

Why not plotly: a plotly map needs plotly.js (a 4.7 MB bundle compiled on first use) and MapLibre
(WebGL, in software on most projector laptops); on this project's 2-core reference machine that alone
took the first map past 2 s. Here the server projects the bundled boundaries (dashboard/projection.py)
into the builder's frame and each builder returns a `MapSpec`: a JSON-ready dict of SVG path strings,
colours, hover lines and a legend. `components.show_map` hands it to a small script
(dashboard/assets/map.js) that builds the SVG with DOM calls and `textContent`, so no text from the data
is ever parsed as HTML: a spec carries names and hover lines as they are, never escaped (an escape would
show as "&lt;"; see dashboard/text.py). Nothing is fetched: no tiles, fonts or geometry requests.

Builders read names, roles and bounds from the GeoJSON they are given and never modify it (pages share
one copy through st.cache_resource); they project it anew on each call, so callers build a spec once per
view in a cached builder. No Streamlit import.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard import style
from dashboard.projection import (
    GEO_PATH,
    Bounds,
    Frame,
    country_paths,
    feature_bounds,
    feature_names,
    focus_bounds,
    load_boundaries,
    region_frame,
)
from i18n import colon

__all__ = [
    "GEO_PATH",
    "Frame",
    "MapSpec",
    "bubble_map",
    "choropleth_map",
    "feature_bounds",
    "focus_bounds",
    "interpolate_colour",
    "load_boundaries",
    "locator_map",
    "nice_ticks",
    "region_frame",
]

MapSpec = dict[str, Any]

# Colours. Greys for what is not measured; colour-blind-safe scales and the Okabe-Ito palette otherwise.
CONTEXT_FILL = "#ececec"  # neighbours outside the appeal: present, but quiet
CONTEXT_LINE = "#ffffff"
FOCUS_LINE = "#ffffff"
MISSING_FILL = "#c9c9c9"  # a value that is not known: darker than context, never on the colour scale
MISSING_LINE = "#8a8a8a"
HIGHLIGHT_LINE = "#111111"
HIGHLIGHT_WIDTH = 3.0
OUTLINE_LINE = "#D55E00"  # Okabe-Ito vermillion: crisis areas, basins
LOCATOR_FILL = "#0072B2"  # Okabe-Ito blue
LOCATOR_FOCUS_FILL = "#d4d4d4"
BUBBLE_BASE_FILL = "#e0e0e0"  # focus countries under circles; neighbours use CONTEXT_FILL
BUBBLE_COLOR = "#0072B2"
MISSING_RADIUS_PX = 4.0  # a circle of unknown size: small, grey, fixed
OKABE_ITO = style.PALETTE
# Viridis, as plotly.js samples it: the default sequential scale (perceptually uniform, colour-blind safe).
VIRIDIS = (
    (0.0, "#440154"), (0.111, "#482878"), (0.222, "#3e4989"), (0.333, "#31688e"), (0.444, "#26828e"),
    (0.556, "#1f9e89"), (0.667, "#35b779"), (0.778, "#6ece58"), (0.889, "#b5de2b"), (1.0, "#fde725"),
)


# --- colours and numbers ------------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.strip()
    if colour.startswith("#"):
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
    inner = colour[colour.index("(") + 1 : colour.index(")")]
    r, g, b = (float(v) for v in inner.split(",")[:3])
    return r, g, b


def _stops(colorscale: str | Sequence[Sequence[Any]]) -> list[tuple[float, str]]:
    if isinstance(colorscale, str):
        if colorscale.lower() != "viridis":
            raise ValueError(f"unknown colour scale {colorscale!r}: pass [[0, colour], ..., [1, colour]]")
        return list(VIRIDIS)
    return [(float(position), str(colour)) for position, colour in colorscale]


def interpolate_colour(colorscale: str | Sequence[Sequence[Any]], share: float) -> str:
    """The colour at `share` (0..1, clipped) of a scale given as "Viridis" or [[position, colour], ...]."""
    stops = _stops(colorscale)
    share = min(max(share, 0.0), 1.0)
    for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
        if share <= p1:
            mix = 0.0 if p1 == p0 else (share - p0) / (p1 - p0)
            rgb = [a + (b - a) * mix for a, b in zip(_rgb(c0), _rgb(c1), strict=True)]
            return "#" + "".join(f"{round(v):02x}" for v in rgb)
    return "#" + "".join(f"{round(v):02x}" for v in _rgb(stops[-1][1]))


def nice_ticks(max_value: float, count: int = 4) -> list[float]:
    """About `count` round tick values from 0 to at least `max_value` (steps of 1, 2, 2.5 or 5 x 10^k)."""
    if not max_value or max_value <= 0:
        return [0.0]
    raw = max_value / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [k * step for k in range(int(math.ceil(max_value / step)) + 1)]


def _plain(value: float) -> str:
    return f"{value:,.0f}"


def _known(value: object) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str:
    return str(value) if _known(value) else ""


# --- spec pieces ----------------------------------------------------------------------------------------


def _shape(iso3: str, d: str, fill: str, stroke: str, width: float, *, tip: Sequence[str] = (),
           layer: str, value: float | None = None, clickable: bool = False) -> dict[str, Any]:
    shape: dict[str, Any] = {"id": iso3, "d": d, "fill": fill, "stroke": stroke, "width": width,
                             "layer": layer}
    if tip:
        shape["tip"] = [str(line) for line in tip]
    if value is not None:
        shape["value"] = value
    if clickable:
        shape["click"] = True
    return shape


def _spec(frame: Frame, shapes: list[dict[str, Any]], *, label: str, circles: Sequence[dict[str, Any]] = (),
          legend: Mapping[str, Any] | None = None, interactive: bool = True) -> MapSpec:
    return {
        "width": frame.width,
        "height": frame.height,
        "label": label,
        "shapes": shapes,
        "circles": list(circles),
        "legend": dict(legend or {}),
        "interactive": interactive,
    }


# --- choropleth ---------------------------------------------------------------------------------------


def choropleth_map(
    values: pd.DataFrame,
    value_col: str,
    geojson: Mapping[str, Any],
    *,
    id_col: str = "entity_id",
    hover_name_col: str | None = None,
    hover_cols: Sequence[str] | Mapping[str, str] = (),
    colorscale: str | Sequence[Sequence[Any]] = "Viridis",
    colorbar_title: str = "",
    value_text: Callable[[float], str] = _plain,
    tick_text: Callable[[float], str] | None = None,
    ticks: Sequence[float] | None = None,
    zmin: float | None = None,
    zmax: float | None = None,
    highlight: str | Iterable[str] | None = None,
    missing_label: str = "not known",
    context_label: str | None = None,
    frame: Frame | None = None,
    label: str = "",
    lang: str = "en",
) -> MapSpec:
    """Countries coloured by `values[value_col]`, neighbours in light grey beneath.

    - Rows of `values` whose `id_col` is not in the GeoJSON (e.g. RO-DAKAR) are ignored.
    - A row with a NaN value is drawn in a neutral grey (darker than the neighbours, with a darker
      border), named in the legend and the hover as `missing_label` ("not known"), never coloured as
      zero. Countries with no row at all are drawn like the grey neighbours (name only in the hover).
    - `highlight`: ISO3 code(s) outlined in a thick dark line (the selected country), drawn last.
    - Countries with a row can be clicked (`components.show_map` returns the ISO3 code).
    - Hover: name (`hover_name_col`, else the GeoJSON name), "`colorbar_title`: value_text(value)", then
      `hover_cols` (column names, or {column: label}) as they are: pass formatted strings. The colon is
      written as `lang` writes it (a narrow no-break space before it in French).
    - Legend: a colour bar from zmin (default 0 or the least value if negative) to zmax (default the
      largest value) with `ticks` (default: round values) written by `tick_text` (default value_text);
      swatches for `missing_label` (if any) and `context_label` (if given).
    """
    frame = frame or Frame(focus_bounds(geojson))
    paths = country_paths(geojson, frame)
    names = feature_names(geojson)
    highlighted = [highlight] if isinstance(highlight, str) else list(dict.fromkeys(highlight or ()))
    extra = list(hover_cols.items()) if isinstance(hover_cols, Mapping) else [(c, c) for c in hover_cols]
    title = colorbar_title or value_col
    sep = colon(lang)

    table = values[values[id_col].isin(names)].drop_duplicates(subset=[id_col], keep="first")
    numbers = pd.to_numeric(table[value_col], errors="coerce")
    known = numbers.dropna().astype(float)
    top = float(zmax) if zmax is not None else (float(known.max()) if len(known) else 1.0)
    bottom = float(zmin) if zmin is not None else min(0.0, float(known.min()) if len(known) else 0.0)
    span = top - bottom if top > bottom else 1.0

    shapes: list[dict[str, Any]] = []
    rows = {row[id_col]: (row, numbers[index]) for index, row in table.iterrows()}
    for feature in geojson["features"]:
        iso3 = feature["id"]
        if iso3 not in paths or iso3 in rows:
            continue
        shapes.append(_shape(iso3, paths[iso3], CONTEXT_FILL, CONTEXT_LINE, 0.6, tip=[names[iso3]],
                             layer="context"))
    missing_any = False
    for iso3, (row, number) in rows.items():
        if iso3 not in paths:
            continue
        name = _text(row[hover_name_col]) if hover_name_col else ""
        lines = [f"{lab}{sep}{_text(row[c])}" for c, lab in extra if _known(row[c])]
        if _known(number):
            colour = interpolate_colour(colorscale, (float(number) - bottom) / span)
            tip = [name or names[iso3], f"{title}{sep}{value_text(float(number))}", *lines]
            shapes.append(_shape(iso3, paths[iso3], colour, FOCUS_LINE, 0.8, tip=tip, layer="values",
                                 value=float(number), clickable=True))
        else:
            missing_any = True
            tip = [name or names[iso3], f"{title}{sep}{missing_label}", *lines]
            shapes.append(_shape(iso3, paths[iso3], MISSING_FILL, MISSING_LINE, 1.0, tip=tip,
                                 layer="missing", clickable=True))
    # Last, on top of everything, so neighbours' white borders do not cut through the outline.
    for iso3 in highlighted:
        if iso3 in paths:
            shapes.append(_shape(iso3, paths[iso3], "none", HIGHLIGHT_LINE, HIGHLIGHT_WIDTH,
                                 layer="highlight"))

    tick_values = [v for v in (ticks if ticks is not None else nice_ticks(top)) if bottom <= v <= top]
    legend: dict[str, Any] = {
        "title": title,
        "bar": [[position, interpolate_colour(colorscale, position)] for position in
                (k / 10 for k in range(11))],
        "ticks": [[(v - bottom) / span, (tick_text or value_text)(v)] for v in tick_values],
        "items": [],
    }
    if missing_any:
        legend["items"].append({"fill": MISSING_FILL, "stroke": MISSING_LINE, "label": missing_label})
    if context_label is not None:
        legend["items"].append({"fill": CONTEXT_FILL, "stroke": "#bbbbbb", "label": context_label})
    return _spec(frame, shapes, label=label or title, legend=legend)


# --- proportional circles -----------------------------------------------------------------------------


def bubble_map(
    points: pd.DataFrame,
    lat_col: str,
    lon_col: str,
    size_col: str,
    color_col: str | None = None,
    geojson: Mapping[str, Any] | None = None,
    outline_iso3: Iterable[str] = (),
    *,
    name_col: str | None = None,
    legend_format: Callable[[float], str] | None = None,
    hover_cols: Sequence[str] | Mapping[str, str] = (),
    size_label: str = "",
    value_text: Callable[[float], str] = _plain,
    missing_label: str = "not known",
    max_radius_px: float = 28.0,
    min_radius_px: float = 2.0,
    palette: Sequence[str] = OKABE_ITO,
    outline_label: str | None = None,
    frame: Frame | None = None,
    label: str = "",
    lang: str = "en",
) -> MapSpec:
    """Proportional circles (area proportional to `size_col`) over grey countries.

    - Circle area is proportional to value: the largest is `max_radius_px` in radius, none smaller than
      `min_radius_px` (so they stay visible). Largest circles are drawn first, small ones on top.
    - With `color_col`, circles are coloured by category (palette in sorted category order); the legend
      lists every circle under its category, as "name: legend_format(value)".
    - A NaN value is a small fixed grey circle named "<name>: `missing_label`", never a zero; values
      <= 0 get no circle (and no legend entry).
    - `outline_iso3`: countries outlined (e.g. the Lake Chad Basin countries), named `outline_label`.
    - Frame: `frame`, else the circles' extent (at least 10 degrees each way), else the outlined countries.
    """
    geojson = load_boundaries() if geojson is None else geojson
    outline = list(dict.fromkeys(outline_iso3))
    extra = list(hover_cols.items()) if isinstance(hover_cols, Mapping) else [(c, c) for c in hover_cols]
    title = size_label or size_col
    sep = colon(lang)
    table = points.reset_index(drop=True)
    frame = frame or Frame(_bubble_box(table, lat_col, lon_col, geojson, outline), height=480, padding=0.1)
    paths = country_paths(geojson, frame)

    shapes = [
        _shape(f["id"], paths[f["id"]], BUBBLE_BASE_FILL if f["properties"].get("role") == "focus"
               else CONTEXT_FILL, "#ffffff", 0.6, layer=f["properties"].get("role", "context"),
               tip=[f["properties"].get("name", f["id"])])
        for f in geojson["features"] if f["id"] in paths
    ]
    shapes += [_shape(i, paths[i], "none", OUTLINE_LINE, 2.0, layer="outline") for i in outline if i in paths]

    sizes = pd.to_numeric(table[size_col], errors="coerce")
    largest = float(sizes[sizes > 0].max()) if (sizes > 0).any() else 0.0
    categories = sorted(table[color_col].dropna().astype(str).unique()) if color_col else []
    colours = {c: palette[k % len(palette)] for k, c in enumerate(categories)}
    placed = pd.to_numeric(table[lat_col], errors="coerce").notna() & pd.to_numeric(
        table[lon_col], errors="coerce").notna()  # a row without a place gets no circle
    order = sorted(table.index[placed], key=lambda i: (-(sizes[i] if pd.notna(sizes[i]) else -1.0), i))
    circles: list[dict[str, Any]] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for i in order:
        row, value = table.loc[i], sizes[i]
        known = pd.notna(value)
        if known and value <= 0:
            continue
        name = str(row[name_col]) if name_col else str(i)
        category = str(row[color_col]) if color_col and pd.notna(row[color_col]) else ""
        colour = colours.get(category, BUBBLE_COLOR) if known else MISSING_LINE
        x, y = frame.project(float(row[lon_col]), float(row[lat_col]))
        radius = max(max_radius_px * math.sqrt(float(value) / largest), min_radius_px) if known \
            else MISSING_RADIUS_PX
        lines = [f"{lab}{sep}{_text(row[c])}" for c, lab in extra if _known(row[c])]
        if not known:
            entry = f"{name}{sep}{missing_label}"
        elif legend_format is not None:
            entry = f"{name}{sep}{legend_format(float(value))}"
        else:
            entry = name
        circles.append({
            "cx": round(x, 1), "cy": round(y, 1), "r": round(radius, 2), "fill": colour,
            "opacity": 0.7 if known else 0.9, "value": float(value) if known else None, "label": entry,
            "tip": [name, f"{title}{sep}{value_text(float(value)) if known else missing_label}", *lines],
        })
        groups.setdefault(category, []).append({"fill": colour, "shape": "circle", "label": entry})

    items: list[dict[str, Any]] = []
    for category in sorted(groups, key=lambda c: (c == "", c)):
        if category:
            items.append({"heading": category})
        items += groups[category]
    if outline and outline_label is not None:
        items.append({"fill": "none", "stroke": OUTLINE_LINE, "label": outline_label})
    legend = {"title": title, "items": items}
    return _spec(frame, shapes, circles=circles, label=label or title, legend=legend)


def _bubble_box(table: pd.DataFrame, lat_col: str, lon_col: str, geojson: Mapping[str, Any],
                outline: Sequence[str], min_span: float = 10.0) -> Bounds:
    """The circles' extent (at least `min_span` degrees each way), else the outlined countries, else
    the focus countries."""
    lats = pd.to_numeric(table[lat_col], errors="coerce").dropna()
    lons = pd.to_numeric(table[lon_col], errors="coerce").dropna()
    if len(lats) and len(lons):
        lon_c, lat_c = (lons.min() + lons.max()) / 2, (lats.min() + lats.max()) / 2
        half_lon = max(lons.max() - lons.min(), min_span) / 2
        half_lat = max(lats.max() - lats.min(), min_span) / 2
        return lon_c - half_lon, lat_c - half_lat, lon_c + half_lon, lat_c + half_lat
    if outline:
        return feature_bounds(geojson, outline)
    return focus_bounds(geojson)


# --- locator ------------------------------------------------------------------------------------------


def locator_map(
    geojson: Mapping[str, Any],
    highlight_iso3: str | Iterable[str],
    outline_iso3: Iterable[str] = (),
    *,
    frame: Frame | None = None,
    label: str = "",
) -> MapSpec:
    """A small static map: the region in grey, `highlight_iso3` filled, `outline_iso3` outlined.
    No hover, no click. By default the frame holds the focus countries."""
    frame = frame or Frame(focus_bounds(geojson), width=320, height=240, padding=0.04)
    paths = country_paths(geojson, frame)
    shown = [highlight_iso3] if isinstance(highlight_iso3, str) else list(dict.fromkeys(highlight_iso3))
    shapes = []
    for feature in geojson["features"]:
        iso3 = feature["id"]
        if iso3 not in paths:
            continue
        if iso3 in shown:
            shapes.append(_shape(iso3, paths[iso3], LOCATOR_FILL, LOCATOR_FILL, 0.8, layer="shown"))
        elif feature["properties"].get("role") == "focus":
            shapes.append(_shape(iso3, paths[iso3], LOCATOR_FOCUS_FILL, "#ffffff", 0.5, layer="focus"))
        else:
            shapes.append(_shape(iso3, paths[iso3], CONTEXT_FILL, "#ffffff", 0.5, layer="context"))
    shapes += [_shape(i, paths[i], "none", OUTLINE_LINE, 1.8, layer="outline")
               for i in dict.fromkeys(outline_iso3) if i in paths]
    return _spec(frame, shapes, label=label, interactive=False)
