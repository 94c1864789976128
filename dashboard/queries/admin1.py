"""Lake Chad Basin countries' admin-1 areas in the shapes pydeck's layers take. Pure pandas, no Streamlit.

`areas` is the admin1_areas table (geometry: a GeoJSON string per area), `names` the admin1_names table.
These parse geometry on every call: a page builds its layer data once per country selection and caches it.
The countries' outlines are not here: they are static/wca_countries.geojson.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from etl.admin1_match import match_admin1, match_admin1_areas

__all__ = [
    "admin1_class_breaks",
    "admin1_class_of",
    "admin1_figures",
    "admin1_shown_figures",
    "admin1_simplified",
    "admin1_areas_of",
    "admin1_bounds",
    "admin1_feature_collection",
    "admin1_polygon_records",
    "admin1_match_name",
    "admin1_match_names",
]

_PROPERTIES = ("area_id", "entity_id", "name_en", "name_fr", "label_lat", "label_lon")


def admin1_areas_of(areas: pd.DataFrame, entity_ids: Iterable[str]) -> pd.DataFrame:
    """The areas of the given countries (ISO3), by country then area id."""
    wanted = list(entity_ids)
    chosen = areas[areas["entity_id"].isin(wanted)]
    return chosen.sort_values(["entity_id", "area_id"], kind="stable").reset_index(drop=True)


def _properties(area: Any, lang: str | None) -> dict[str, Any]:
    record = {key: getattr(area, key) for key in _PROPERTIES}
    record["label_lat"], record["label_lon"] = float(area.label_lat), float(area.label_lon)
    if lang is not None:
        record["name"] = area.name_fr if lang == "fr" else area.name_en
    return record


def _polygons(geometry: str) -> list[list[list[list[float]]]]:
    """Each polygon of a GeoJSON Polygon or MultiPolygon as its rings (outer ring first, then holes)."""
    shape = json.loads(geometry)
    return [shape["coordinates"]] if shape["type"] == "Polygon" else list(shape["coordinates"])


def admin1_polygon_records(
    areas: pd.DataFrame, entity_ids: Iterable[str], lang: str | None = None
) -> list[dict[str, Any]]:
    """Rows for pydeck's PolygonLayer (`get_polygon="polygon"`): one per polygon, so an area drawn in
    several parts (islands) gives several rows with the same area_id. Each row: polygon (rings of
    [lon, lat]: outer ring first, then holes), area_id, entity_id, name_en, name_fr, label_lat, label_lon,
    and with `lang` name (the name in that language, for a tooltip's {name})."""
    records = []
    for area in admin1_areas_of(areas, entity_ids).itertuples(index=False):
        properties = _properties(area, lang)
        for rings in _polygons(area.geometry):
            records.append({"polygon": rings, **properties})
    return records


def admin1_feature_collection(
    areas: pd.DataFrame, entity_ids: Iterable[str], lang: str | None = None
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection for pydeck's GeoJsonLayer: one feature per area, its properties those of
    `admin1_polygon_records` (a tooltip reads them as {properties.name_en} ... in pydeck)."""
    features = [
        {"type": "Feature", "geometry": json.loads(area.geometry), "properties": _properties(area, lang)}
        for area in admin1_areas_of(areas, entity_ids).itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}


def admin1_bounds(areas: pd.DataFrame, entity_ids: Iterable[str]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) in degrees around the given countries' areas; None when there are none."""
    lons: list[float] = []
    lats: list[float] = []
    for geometry in admin1_areas_of(areas, entity_ids)["geometry"]:
        for rings in _polygons(geometry):
            for ring in rings:
                lons.extend(point[0] for point in ring)
                lats.extend(point[1] for point in ring)
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def admin1_match_name(name: str, entity_id: str | None, names: pd.DataFrame) -> str | None:
    """The area id of one admin-1 name as a source writes it (etl.admin1_match.match_admin1)."""
    return match_admin1(name, entity_id, names)


def admin1_match_names(name: str, entity_id: str | None, names: pd.DataFrame) -> list[str] | None:
    """Area ids of a name that may list several areas ("Adamawa, Borno, Yobe"); None if any is unknown."""
    return match_admin1_areas(name, entity_id, names)


# --- figures on the areas: which figure colours an area, and the colour classes -------------------------

FIGURE_COLUMNS = ["area_id", "entity_id", "admin1", "as_of", "category", "value", "source_org", "source_id",
                  "note", "areas_named"]


def admin1_figures(rows: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """Each figure of `rows` (admin-1 rows of the displacement table) once per area it covers, through the
    name table: the figure's columns plus area_id and areas_named (how many areas the source names together: a
    figure for "Adamawa, Borno, Yobe" is one figure for three areas, never divided between them). A figure
    whose name matches no area keeps one row with area_id missing."""
    matched: dict[tuple[str, str], list[str] | None] = {}
    records = []
    for row in rows.itertuples(index=False):
        key = (str(row.admin1), str(row.entity_id))
        if key not in matched:
            matched[key] = match_admin1_areas(key[0], key[1], names)
        ids = matched[key] or [None]
        for area_id in ids:
            record = {c: getattr(row, c, None) for c in FIGURE_COLUMNS if c not in ("area_id", "areas_named")}
            records.append({**record, "area_id": area_id, "areas_named": len(ids) if matched[key] else 0})
    return pd.DataFrame(records, columns=FIGURE_COLUMNS)


def admin1_shown_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """The one figure that colours each area, out of `figures` (admin1_figures of one category and month):
    the figure naming the fewest areas (the area's own before a group's), then the latest, then by source.
    The others stay listed beside it (tooltip, table), never added to it. Columns: those of `figures` plus
    `figures`, how many figures of `figures` cover the area. One row per area_id, by area_id."""
    placed = figures[figures["area_id"].notna()]
    if placed.empty:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "figures"])
    ordered = placed.assign(_org=placed["source_org"].fillna(""), _date=placed["as_of"].astype(str))
    ordered = ordered.sort_values(
        ["area_id", "areas_named", "_date", "_org", "source_id"], ascending=[True, True, False, True, True],
        kind="stable",
    )
    counts = ordered.groupby("area_id")["value"].size()
    shown = ordered.drop_duplicates("area_id").drop(columns=["_org", "_date"])
    return shown.assign(figures=shown["area_id"].map(counts).astype(int)).reset_index(drop=True)


# Round steps for class bounds, densest first: 1, 1.5, 2 ... x 10^k, then fewer per power of ten.
_STEPS = ((1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8), (1, 2, 3, 5), (1, 2, 5), (1, 3), (1,))


def admin1_class_breaks(values: Iterable[float], classes: int = 5) -> list[int]:
    """Lower bounds of the colour classes after the first: round numbers (1, 2, 5 x 10^k and the like) above
    the smallest of `values` and up to the largest, the densest series giving at most classes - 1 bounds.
    `values` are every figure of a category, all months: one scale for the category, whatever the month.
    A value v is in class admin1_class_of(v, breaks)."""
    known = [float(v) for v in values if v is not None and v == v]
    if not known:
        return []
    low, high = min(known), max(known)
    powers = range(0, len(str(int(high))) + 1)
    breaks: list[int] = []
    for steps in _STEPS:
        bounds = sorted({int(m * 10**k) for k in powers for m in steps if low < m * 10**k <= high})
        if len(bounds) <= classes - 1:
            breaks = bounds
            break
    if not breaks and high > low:  # a range wider than classes - 1 powers of ten: every other power
        tens = [10**k for k in powers if low < 10**k <= high]
        breaks = tens[:: math.ceil(len(tens) / (classes - 1))]
    return breaks


def admin1_class_of(value: float, breaks: list[int]) -> int:
    """The class of `value`: how many lower bounds in `breaks` it reaches (0 .. len(breaks))."""
    return sum(1 for bound in breaks if value >= bound)


def admin1_simplified(areas: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """`areas` with their geometry thinned again for a map of the whole basin (coverage simplification:
    borders two areas share stay shared, no gaps or overlaps), `tolerance` in degrees; other columns as given.

    Why: the build keeps 13,000 points for the four countries; a browser drawing WebGL in software (a
    projector laptop, headless Chromium) then spends so long picking the area under a click that deck.gl
    no longer counts it as one. At 0.04 degrees (about one pixel at the basin's scale) 4,500 points remain."""
    import shapely

    shapes = shapely.coverage_simplify([shapely.from_geojson(g) for g in areas["geometry"]], tolerance)
    geometry = [shapely.to_geojson(shapely.set_precision(s, 0.001)) for s in shapes]
    return areas.assign(geometry=geometry)
