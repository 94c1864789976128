"""The bundled boundaries and the Mercator frame a map is drawn in: what dashboard/maps.py makes its
SVG paths from (static/wca_countries.geojson: feature id = ISO3, properties iso3, name, role "focus" |
"context"). Reads the GeoJSON it is given and never modifies it. No Streamlit import.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GEO_PATH = Path(__file__).resolve().parent.parent / "static" / "wca_countries.geojson"
WIDTH_PX = 700  # the SVG's own units; it scales to its column (viewBox), lines keep their pixel width

Bounds = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


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


def renamed(geojson: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """A copy of `geojson` whose features are named `names[iso3]` where given (the file's names are
    English); geometries are shared, not copied, and `geojson` itself is left as it is."""
    features = [
        {**f, "properties": {**f["properties"], "name": names[f["id"]]}} if f["id"] in names else f
        for f in geojson["features"]
    ]
    return {**geojson, "features": features}


def feature_names(geojson: Mapping[str, Any]) -> dict[str, str]:
    return {f["id"]: f["properties"].get("name", f["id"]) for f in geojson["features"]}


def _walk_points(coords: Any) -> Iterable[tuple[float, float]]:
    if coords and isinstance(coords[0], (int, float)):
        yield float(coords[0]), float(coords[1])
        return
    for part in coords:
        yield from _walk_points(part)


def feature_bounds(geojson: Mapping[str, Any], iso3: Iterable[str]) -> Bounds:
    """(lon_min, lat_min, lon_max, lat_max) of the listed countries; KeyError if none is in the file."""
    points = [p for f in _features(geojson, iso3) for p in _walk_points(f["geometry"]["coordinates"])]
    if not points:
        raise KeyError(f"none of {sorted(iso3)} is in the boundaries file")
    lons, lats = zip(*points, strict=True)
    return min(lons), min(lats), max(lons), max(lats)


def focus_bounds(geojson: Mapping[str, Any]) -> Bounds:
    """The box of the focus countries (the 20 of the appeal, Cabo Verde included)."""
    return feature_bounds(geojson, [f["id"] for f in _features(geojson, role="focus")])


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class Frame:
    """A Mercator view: `bounds` fitted into `width` x `height` SVG units with `padding` (share) around."""

    bounds: Bounds
    width: float = WIDTH_PX
    height: float = 520
    padding: float = 0.05

    @property
    def _scale_and_centre(self) -> tuple[float, float, float]:
        lon_min, lat_min, lon_max, lat_max = self.bounds
        x0, x1 = math.radians(lon_min), math.radians(lon_max)
        y0, y1 = _mercator_y(lat_min), _mercator_y(lat_max)
        usable = 1.0 - self.padding
        scale = min(usable * self.width / max(x1 - x0, 1e-9), usable * self.height / max(y1 - y0, 1e-9))
        return scale, (x0 + x1) / 2, (y0 + y1) / 2

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG coordinates (x right, y down) of a point."""
        scale, cx, cy = self._scale_and_centre
        return (self.width / 2 + (math.radians(lon) - cx) * scale,
                self.height / 2 - (_mercator_y(lat) - cy) * scale)


def region_frame(geojson: Mapping[str, Any]) -> Frame:
    """The region's map view (funding, overview and themes maps): the 20 countries of the appeal, Cabo Verde
    included, with a little room around."""
    return Frame(focus_bounds(geojson), height=460, padding=0.04)


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _path(geometry: Mapping[str, Any], frame: Frame) -> str | None:
    """An SVG path in whole units, relative moves (short: ~25 KB for all 29 countries), None if the
    shape lies wholly outside the frame. Shared borders round alike, so neighbours meet without gaps."""
    parts: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    scale, cx, cy = frame._scale_and_centre
    half_w, half_h = frame.width / 2, frame.height / 2
    for ring in _rings(geometry):
        points: list[tuple[int, int]] = []
        for lon, lat, *_ in ring:
            x = round(half_w + (math.radians(lon) - cx) * scale)
            y = round(half_h - (_mercator_y(lat) - cy) * scale)
            if not points or points[-1] != (x, y):
                points.append((x, y))
        if len(points) < 3:  # an islet smaller than a unit: nothing to see
            continue
        xs.extend(p[0] for p in points)
        ys.extend(p[1] for p in points)
        (x0, y0), steps, last = points[0], [], points[0]
        for x, y in points[1:]:
            steps.append(f"{x - last[0]} {y - last[1]}")
            last = (x, y)
        parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    if not parts or max(xs) < 0 or min(xs) > frame.width or max(ys) < 0 or min(ys) > frame.height:
        return None
    return "".join(parts)


def country_paths(geojson: Mapping[str, Any], frame: Frame) -> dict[str, str]:
    """{iso3: SVG path} of every feature of `geojson` inside `frame`. Not cached here: the pages build each
    map spec once per view and language in a cached builder (dashboard/sections), and ~6 ms a frame for
    the region's 29 countries is what such a builder pays once."""
    return {f["id"]: p for f in geojson["features"] if (p := _path(f["geometry"], frame)) is not None}
