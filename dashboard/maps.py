"""Offline maps: the one place for map settings (choropleth, proportional circles, locator).

Every figure here works with no internet at all:
- plotly "map" traces (MapLibre) with the built-in "white-bg" style: no basemap tiles, no token;
- no text on map traces (map text makes MapLibre fetch glyphs from a font server): names go in the
  hover, the legend and the colour bar, which plotly draws itself;
- never `px.choropleth` / `go.Choropleth` (geo): they fetch a world topojson from a CDN.
Geometry comes from the bundled static/wca_countries.geojson (feature id = ISO3, properties iso3,
name, role "focus" | "context"). Builders read names, roles and bounds from the GeoJSON they are given
and never modify it (pages share one copy through st.cache_resource). What the traces carry:
- with `geometry_url` (what the app passes): the URL of that same file, which Streamlit serves from
  static/ (server.enableStaticServing). The browser fetches it once per page and plotly.js keeps it, so
  no figure carries geometry: reruns do not copy and send ~80 KiB per map, and `locations` still picks
  the features each trace draws;
- without it (tests, exports): each trace embeds a FeatureCollection of only its own features.

No Streamlit import: builders return plotly figures; pages call st.plotly_chart.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

__all__ = [
    "GEOJSON_STATIC_PATH",
    "GEO_PATH",
    "REGION_CENTER",
    "REGION_ZOOM",
    "bubble_map",
    "bubble_sizeref",
    "choropleth_map",
    "feature_bounds",
    "fit_view",
    "load_boundaries",
    "locator_map",
    "selected_iso3",
]

GEO_PATH = Path(__file__).resolve().parent.parent / "static" / "wca_countries.geojson"
# Where the app serves GEO_PATH: Streamlit serves static/<file> at <base URL>/app/static/<file>.
GEOJSON_STATIC_PATH = "app/static/" + GEO_PATH.name

MAP_STYLE = "white-bg"  # built into plotly.js: a white background, no tiles, no glyphs
REGION_CENTER = {"lat": 10.0, "lon": 3.0}
REGION_ZOOM = 2.6  # the 20 countries, Cabo Verde included, in a ~700 px wide chart
MARGIN = {"l": 0, "r": 0, "t": 0, "b": 0}
FONT_COLOR = "#333333"

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
MISSING_SIZE_PX = 8.0  # a circle of unknown size: small, grey, fixed
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_TRANSPARENT = [[0.0, "rgba(0,0,0,0)"], [1.0, "rgba(0,0,0,0)"]]

TILE_SIZE = 512  # MapLibre: at zoom z the world is 512 * 2**z pixels wide


# --- geometry helpers ---------------------------------------------------------------------------------


def load_boundaries(path: Path = GEO_PATH) -> dict[str, Any]:
    """The bundled GeoJSON FeatureCollection (plain function: pages wrap it in st.cache_resource)."""
    with Path(path).open(encoding="utf-8") as fh:
        return json.load(fh)


def _features(geojson: Mapping[str, Any], iso3: Iterable[str] | None = None, role: str | None = None
              ) -> list[dict[str, Any]]:
    """Features of `geojson` (same objects, not copies) filtered by id and/or role, in file order."""
    wanted = None if iso3 is None else set(iso3)
    return [
        f for f in geojson["features"]
        if (wanted is None or f["id"] in wanted) and (role is None or f["properties"].get("role") == role)
    ]


def _geometry(features: Sequence[Mapping[str, Any]], geometry_url: str | None, layer: str
              ) -> str | dict[str, Any]:
    """A trace's geojson: the served file's URL if there is one, else a FeatureCollection of `features`.

    The URL gets a fragment naming the trace's layer (never sent to the server; the browser's HTTP cache
    serves the one file to all of them). Why: plotly.js fetches a URL once per page and makes every
    other trace with the SAME string poll for it, giving up after 5 s, so on a slow link or a busy
    server a map with several layers would fail to draw; distinct strings make each layer wait for its
    own response instead.
    """
    if geometry_url:
        return f"{geometry_url}#{layer}"
    return {"type": "FeatureCollection", "features": list(features)}


def _names(geojson: Mapping[str, Any]) -> dict[str, str]:
    return {f["id"]: f["properties"].get("name", f["id"]) for f in geojson["features"]}


def _walk_points(coords: Any) -> Iterable[tuple[float, float]]:
    if coords and isinstance(coords[0], (int, float)):
        yield float(coords[0]), float(coords[1])
        return
    for part in coords:
        yield from _walk_points(part)


def feature_bounds(geojson: Mapping[str, Any], iso3: Iterable[str]) -> tuple[float, float, float, float]:
    """(lon_min, lat_min, lon_max, lat_max) of the listed countries; KeyError if none is in the file."""
    points = [p for f in _features(geojson, iso3) for p in _walk_points(f["geometry"]["coordinates"])]
    if not points:
        raise KeyError(f"none of {sorted(iso3)} is in the boundaries file")
    lons, lats = zip(*points, strict=True)
    return min(lons), min(lats), max(lons), max(lats)


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(bounds: tuple[float, float, float, float], width_px: float = 700, height_px: float = 480,
             padding: float = 0.15) -> tuple[dict[str, float], float]:
    """Centre and zoom that show `bounds` (lon_min, lat_min, lon_max, lat_max) in a chart of that size.

    `padding` is the share of the chart left around the box. Streamlit sizes charts to their column,
    so `width_px` is a hint: the narrowest width the page expects.
    """
    lon_min, lat_min, lon_max, lat_max = bounds
    y_min, y_max = _mercator_y(lat_min), _mercator_y(lat_max)
    usable = 1.0 - padding
    span_lon = max(lon_max - lon_min, 1e-6)
    span_y = max(y_max - y_min, 1e-6)
    zoom_lon = math.log2(usable * width_px * 360.0 / (TILE_SIZE * span_lon))
    zoom_lat = math.log2(usable * height_px * 2 * math.pi / (TILE_SIZE * span_y))
    lat_c = math.degrees(2 * math.atan(math.exp((y_min + y_max) / 2)) - math.pi / 2)
    center = {"lat": round(lat_c, 3), "lon": round((lon_min + lon_max) / 2, 3)}
    return center, round(max(min(zoom_lon, zoom_lat, 12.0), 0.0), 2)


# --- shared layout ------------------------------------------------------------------------------------


def _layout(fig: go.Figure, *, center: Mapping[str, float], zoom: float, height: int, uirevision: str,
            interactive: bool = True) -> go.Figure:
    """White-bg map, fixed margins, legend inside the map (Atlantic side), uirevision kept across reruns."""
    fig.update_layout(
        map={
            "style": MAP_STYLE,
            "center": dict(center),
            "zoom": zoom,
            "fitbounds": False,  # our centre/zoom, not plotly's auto-fit to every (context) feature
            "uirevision": uirevision,
        },
        height=height,
        margin=MARGIN,
        autosize=True,
        paper_bgcolor="white",
        font={"color": FONT_COLOR, "size": 12},
        uirevision=uirevision,
        clickmode="event+select" if interactive else "none",
        dragmode="pan" if interactive else False,
        hovermode="closest" if interactive else False,
        showlegend=True,
        legend={
            "x": 0.01, "y": 0.02, "xanchor": "left", "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)", "bordercolor": "#cccccc", "borderwidth": 1,
            "itemclick": False, "itemdoubleclick": False,  # hiding a country from the legend confuses
        },
    )
    return fig


def _base_trace(features: Sequence[Mapping[str, Any]], *, fill: str, line: str, line_width: float,
                geometry_url: str | None, layer: str, name: str = "", showlegend: bool = False,
                hover: bool = False) -> go.Choroplethmap:
    """Countries in one flat colour (context, base layers); customdata [iso3, name, role]."""
    ids = [f["id"] for f in features]
    return go.Choroplethmap(
        geojson=_geometry(features, geometry_url, layer),
        locations=ids,
        z=[0] * len(ids),
        colorscale=[[0.0, fill], [1.0, fill]],
        showscale=False,
        marker={"line": {"color": line, "width": line_width}},
        customdata=[[f["id"], f["properties"].get("name", f["id"]), f["properties"].get("role", "")]
                    for f in features],
        hovertemplate="%{customdata[1]}<extra></extra>" if hover else None,
        hoverinfo=None if hover else "skip",
        name=name,
        showlegend=showlegend,
    )


def _outline_trace(features: Sequence[Mapping[str, Any]], *, color: str, width: float,
                   geometry_url: str | None, layer: str, name: str = "", showlegend: bool = False
                   ) -> go.Choroplethmap:
    """Borders only (transparent fill), inert to the mouse: basin or crisis-area countries."""
    ids = [f["id"] for f in features]
    return go.Choroplethmap(
        geojson=_geometry(features, geometry_url, layer),
        locations=ids,
        z=[0] * len(ids),
        colorscale=_TRANSPARENT,
        showscale=False,
        marker={"line": {"color": color, "width": width}},
        hoverinfo="skip",
        name=name,
        showlegend=showlegend,
    )


def _label(text: object) -> str:
    """A user string safe inside a hovertemplate (no HTML, no %{...} placeholders)."""
    return html.escape(str(text)).replace("%", "&#37;")


def _hover_columns(hover_cols: Sequence[str] | Mapping[str, str]) -> list[tuple[str, str]]:
    if isinstance(hover_cols, Mapping):
        return [(col, str(label)) for col, label in hover_cols.items()]
    return [(col, col) for col in hover_cols]


def _cell(value: object) -> object:
    """A hover cell: numbers and strings as they are, missing values as an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if hasattr(value, "item"):  # numpy scalar -> Python (JSON-friendly)
        return value.item()
    return value


# --- choropleth ---------------------------------------------------------------------------------------


def choropleth_map(
    values: pd.DataFrame,
    value_col: str,
    geojson: Mapping[str, Any],
    *,
    id_col: str = "entity_id",
    hover_name_col: str | None = None,
    hover_cols: Sequence[str] | Mapping[str, str] = (),
    colorscale: str | list = "Viridis",
    colorbar_title: str = "",
    value_format: str = ",.0f",
    zmin: float | None = None,
    zmax: float | None = None,
    highlight: str | Iterable[str] | None = None,
    missing_label: str = "not known",
    context_label: str | None = None,
    height: int = 520,
    center: Mapping[str, float] | None = None,
    zoom: float | None = None,
    uirevision: str = "wca-choropleth",
    geometry_url: str | None = None,
) -> go.Figure:
    """Countries coloured by `values[value_col]`, neighbours in light grey beneath.

    - Rows of `values` whose `id_col` is not in the GeoJSON (e.g. RO-DAKAR) are ignored.
    - A row with a NaN value is drawn in a neutral grey (darker than the neighbours, with a darker
      border), listed in the legend and the hover as `missing_label` ("not known"), never coloured as
      zero. Countries with no row at all are drawn like the grey neighbours (name only in the hover).
    - `highlight`: ISO3 code(s) outlined in a thick dark line (the selected country), drawn as a last,
      mouse-inert trace.
    - Each country is a selectable point: `customdata[0]` is its ISO3 code (see selected_iso3), so
      `st.plotly_chart(fig, on_select="rerun", selection_mode="points")` returns the clicked country.
    - Hover: name (`hover_name_col`, else the GeoJSON name), the value in d3 `value_format` under
      `colorbar_title` (or `value_col`), then `hover_cols` (column names, or {column: label}); pass
      already formatted strings for language-specific formats.
    - `context_label`, if given, adds a legend entry for the grey neighbours.
    """
    names = _names(geojson)
    highlighted = {highlight} if isinstance(highlight, str) else set(highlight or ())
    extra = _hover_columns(hover_cols)
    title = colorbar_title or value_col

    table = values[values[id_col].isin(names)].drop_duplicates(subset=[id_col], keep="first")
    vals = pd.to_numeric(table[value_col], errors="coerce")
    known = table[vals.notna()]
    known_vals = vals[vals.notna()].astype(float)
    focus_ids = {f["id"] for f in _features(geojson, role="focus")}
    missing_ids = sorted(set(table.loc[vals.isna(), id_col]))

    def _row_data(iso3: str, row: pd.Series | None) -> list[object]:
        name = names[iso3]
        if row is not None and hover_name_col is not None and _cell(row[hover_name_col]) != "":
            name = str(row[hover_name_col])
        role = "focus" if iso3 in focus_ids else "context"
        cells = [_cell(row[col]) if row is not None else "" for col, _ in extra]
        return [iso3, name, role, *cells]

    extra_lines = "".join(
        f"<br>{_label(label)}: %{{customdata[{3 + k}]}}" for k, (_, label) in enumerate(extra)
    )
    fig = go.Figure()
    drawn = set(known[id_col]) | set(missing_ids)
    context = [f for f in geojson["features"] if f["id"] not in drawn]
    if context:
        fig.add_trace(_base_trace(context, fill=CONTEXT_FILL, line=CONTEXT_LINE, line_width=0.6,
                                  name=context_label or "", showlegend=context_label is not None, hover=True,
                                  geometry_url=geometry_url, layer="context"))

    if missing_ids:
        rows = table.set_index(id_col)
        fig.add_trace(go.Choroplethmap(
            geojson=_geometry(_features(geojson, missing_ids), geometry_url, "missing"),
            locations=missing_ids,
            z=[0] * len(missing_ids),
            colorscale=[[0.0, MISSING_FILL], [1.0, MISSING_FILL]],
            showscale=False,
            marker={"line": {"color": MISSING_LINE, "width": 1.0}},
            customdata=[_row_data(i, rows.loc[i] if i in rows.index else None) for i in missing_ids],
            hovertemplate=f"<b>%{{customdata[1]}}</b><br>{_label(title)}: {_label(missing_label)}"
                          f"{extra_lines}<extra></extra>",
            name=missing_label,
            showlegend=True,
            unselected={"marker": {"opacity": 0.5}},
        ))

    ids = known[id_col].tolist()
    if ids:
        fig.add_trace(go.Choroplethmap(
            geojson=_geometry(_features(geojson, ids), geometry_url, "values"),
            locations=ids,
            z=known_vals.tolist(),
            zmin=zmin,
            zmax=zmax,
            colorscale=colorscale,
            marker={"line": {"color": FOCUS_LINE, "width": 0.8}, "opacity": 1.0},
            colorbar={
                "title": {"text": _label(colorbar_title), "side": "top"},
                "x": 0.99, "xanchor": "right", "y": 0.5, "len": 0.6, "thickness": 12,
                "tickformat": value_format, "bgcolor": "rgba(255,255,255,0.85)", "outlinewidth": 0,
            },
            customdata=[_row_data(i, r) for i, (_, r) in zip(ids, known.iterrows(), strict=True)],
            hovertemplate=f"<b>%{{customdata[1]}}</b><br>{_label(title)}: %{{z:{value_format}}}"
                          f"{extra_lines}<extra></extra>",
            name=title,
            showlegend=False,
            unselected={"marker": {"opacity": 0.5}},
        ))
    if highlighted:
        # On top of everything, so neighbours' white borders do not cut through the outline.
        fig.add_trace(_outline_trace(_features(geojson, sorted(highlighted)), color=HIGHLIGHT_LINE,
                                     width=HIGHLIGHT_WIDTH, geometry_url=geometry_url, layer="highlight"))
    return _layout(fig, center=center or REGION_CENTER, zoom=REGION_ZOOM if zoom is None else zoom,
                   height=height, uirevision=uirevision)


def selected_iso3(event: Any) -> list[str]:
    """ISO3 codes of the focus countries selected in a figure from this module.

    `event` is what `st.plotly_chart(..., on_select="rerun")` returns (or its `selection`); grey
    neighbours and base layers are ignored. Order of selection, no duplicates.
    """
    def _get(obj: Any, key: str, default: Any = None) -> Any:
        return obj.get(key, default) if isinstance(obj, Mapping) else getattr(obj, key, default)

    if event is None:
        return []
    selection = _get(event, "selection", event)
    out: list[str] = []
    for point in _get(selection, "points", None) or []:
        data = _get(point, "customdata")
        if isinstance(data, (list, tuple)) and len(data) >= 3 and data[2] == "focus" and data[0] not in out:
            out.append(str(data[0]))
    return out


# --- proportional circles -----------------------------------------------------------------------------


def bubble_sizeref(max_value: float, max_size_px: float) -> float:
    """plotly's sizeref for sizemode "area": the largest value gets a circle `max_size_px` wide."""
    return 2.0 * max_value / (max_size_px**2) if max_value > 0 else 1.0


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
    value_format: str = ",.0f",
    missing_label: str = "not known",
    max_size_px: float = 50.0,
    min_size_px: float = 4.0,
    palette: Sequence[str] = OKABE_ITO,
    outline_label: str | None = None,
    height: int = 480,
    width_hint: int = 700,
    center: Mapping[str, float] | None = None,
    zoom: float | None = None,
    uirevision: str = "wca-bubbles",
    geometry_url: str | None = None,
) -> go.Figure:
    """Proportional circles (area proportional to `size_col`) over grey countries; no map text.

    - One trace per circle, named by `name_col` (plus `legend_format(value)` if given), so the legend
      names every circle; with `color_col` circles are coloured by category (Okabe-Ito palette, in sorted
      category order) and grouped in the legend under the category.
    - Sizes: marker.size is the value itself with sizemode "area" and one shared sizeref, so circle area
      is proportional to value; the largest circle is `max_size_px` wide. Circles smaller than
      `min_size_px` are drawn at that size (so they stay visible). Largest circles are drawn first.
    - A NaN value is a small fixed-size grey circle named "<name>: `missing_label`", never a zero;
      values <= 0 get no circle (and no legend entry).
    - `outline_iso3`: countries outlined (e.g. the Lake Chad Basin countries).
    - View: `center`/`zoom`, else fitted to the circles (at least 10 degrees each way; the outlined
      countries if there are no circles) for a chart `width_hint` x `height` pixels.
    """
    geojson = load_boundaries() if geojson is None else geojson
    outline = [i for i in dict.fromkeys(outline_iso3)]
    extra = _hover_columns(hover_cols)
    label = size_label or size_col

    table = points.reset_index(drop=True)
    sizes = pd.to_numeric(table[size_col], errors="coerce")
    positive = sizes[sizes > 0]
    sizeref = bubble_sizeref(float(positive.max()) if len(positive) else 0.0, max_size_px)
    order = sorted(table.index, key=lambda i: (-(sizes[i] if pd.notna(sizes[i]) else -1.0), i))
    categories = sorted(table[color_col].dropna().astype(str).unique()) if color_col else []
    colours = {c: palette[k % len(palette)] for k, c in enumerate(categories)}

    fig = go.Figure()
    fig.add_trace(_base_trace(_features(geojson, role="context"), fill=CONTEXT_FILL, line="#ffffff",
                              line_width=0.6, geometry_url=geometry_url, layer="context"))
    fig.add_trace(_base_trace(_features(geojson, role="focus"), fill=BUBBLE_BASE_FILL, line="#ffffff",
                              line_width=0.6, geometry_url=geometry_url, layer="focus"))
    if outline:
        fig.add_trace(_outline_trace(_features(geojson, outline), color=OUTLINE_LINE, width=2.0,
                                     name=outline_label or "", showlegend=outline_label is not None,
                                     geometry_url=geometry_url, layer="outline"))

    extra_lines = "".join(
        f"<br>{_label(col_label)}: %{{customdata[{2 + k}]}}" for k, (_, col_label) in enumerate(extra)
    )
    for i in order:
        row = table.loc[i]
        value = sizes[i]
        name = str(row[name_col]) if name_col else str(i)
        known = pd.notna(value)
        if known and value <= 0:
            continue
        category = str(row[color_col]) if color_col and pd.notna(row[color_col]) else None
        colour = colours.get(category, BUBBLE_COLOR) if known else MISSING_LINE
        if not known:
            legend_name = f"{name}: {missing_label}"
        elif legend_format is not None:
            legend_name = f"{name}: {legend_format(float(value))}"
        else:
            legend_name = name
        value_text = f"%{{customdata[1]:{value_format}}}" if known else _label(missing_label)
        fig.add_trace(go.Scattermap(
            lat=[float(row[lat_col])],
            lon=[float(row[lon_col])],
            mode="markers",
            marker={
                "size": [float(value) if known else MISSING_SIZE_PX],
                "sizemode": "area" if known else "diameter",
                "sizeref": sizeref if known else 1.0,
                "sizemin": min_size_px,
                "color": colour,
                "opacity": 0.7 if known else 0.9,
            },
            customdata=[[name, float(value) if known else None, *[_cell(row[c]) for c, _ in extra]]],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{_label(label)}: {value_text}"
                          f"{extra_lines}<extra></extra>",
            name=legend_name,
            legendgroup=category or "",
            legendgrouptitle={"text": category} if category else None,
            showlegend=True,
        ))

    if center is None or zoom is None:
        fitted_center, fitted_zoom = fit_view(_bubble_box(table, lat_col, lon_col, geojson, outline),
                                              width_px=width_hint, height_px=height)
        center = center or fitted_center
        zoom = fitted_zoom if zoom is None else zoom
    _layout(fig, center=center, zoom=zoom, height=height, uirevision=uirevision)
    fig.update_layout(legend={"x": 0.99, "xanchor": "right", "y": 0.99, "yanchor": "top"})
    return fig


def _bubble_box(table: pd.DataFrame, lat_col: str, lon_col: str, geojson: Mapping[str, Any],
                outline: Sequence[str], min_span: float = 10.0) -> tuple[float, float, float, float]:
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
    return feature_bounds(geojson, [f["id"] for f in _features(geojson, role="focus")])


# --- locator ------------------------------------------------------------------------------------------


def locator_map(
    geojson: Mapping[str, Any],
    highlight_iso3: str | Iterable[str],
    outline_iso3: Iterable[str] = (),
    *,
    height: int = 220,
    width_hint: int = 320,
    center: Mapping[str, float] | None = None,
    zoom: float | None = None,
    uirevision: str = "wca-locator",
    geometry_url: str | None = None,
) -> go.Figure:
    """A small static map: the region in grey, `highlight_iso3` filled, `outline_iso3` outlined.

    No hover, no pan or zoom (pass `config={"staticPlot": True}` to st.plotly_chart as well to drop
    the mode bar). By default the view fits the 20 focus countries in `width_hint` x `height`.
    """
    highlighted = [highlight_iso3] if isinstance(highlight_iso3, str) else list(dict.fromkeys(highlight_iso3))
    outline = list(dict.fromkeys(outline_iso3))
    fig = go.Figure()
    fig.add_trace(_base_trace(_features(geojson, role="context"), fill=CONTEXT_FILL, line="#ffffff",
                              line_width=0.5, geometry_url=geometry_url, layer="context"))
    fig.add_trace(_base_trace(_features(geojson, role="focus"), fill=LOCATOR_FOCUS_FILL, line="#ffffff",
                              line_width=0.5, geometry_url=geometry_url, layer="focus"))
    shown = _features(geojson, highlighted)
    if shown:
        fig.add_trace(_base_trace(shown, fill=LOCATOR_FILL, line=LOCATOR_FILL, line_width=0.8,
                                  geometry_url=geometry_url, layer="shown"))
    if outline:
        fig.add_trace(_outline_trace(_features(geojson, outline), color=OUTLINE_LINE, width=1.8,
                                     geometry_url=geometry_url, layer="outline"))
    if center is None or zoom is None:
        focus_ids = [f["id"] for f in _features(geojson, role="focus")]
        fitted_center, fitted_zoom = fit_view(feature_bounds(geojson, focus_ids), width_px=width_hint,
                                              height_px=height, padding=0.05)
        center = center or fitted_center
        zoom = fitted_zoom if zoom is None else zoom
    _layout(fig, center=center, zoom=zoom, height=height, uirevision=uirevision, interactive=False)
    fig.update_layout(showlegend=False)
    return fig
