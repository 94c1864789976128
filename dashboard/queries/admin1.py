"""Lake Chad Basin countries' admin-1 areas in the shapes pydeck's layers take. Pure pandas, no Streamlit.

`areas` is the admin1_areas table (geometry: a GeoJSON string per area), `names` the admin1_names table.
These parse geometry on every call: a page builds its layer data once per country selection and caches it.
The countries' outlines are not here: they are static/wca_countries.geojson.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

from etl.admin1_match import match_admin1, match_admin1_areas

__all__ = [
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
