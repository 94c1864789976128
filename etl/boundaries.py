"""Natural Earth country boundaries -> static/ and data/geo/ (run by hand when boundaries change).

    cd /tmp/wa && npm install world-atlas@2          # outside the repo
    python -m etl.boundaries --npm-dir /tmp/wa/node_modules

Writes two committed files the app reads at run time (so the app never needs a network):
- static/wca_countries.geojson: the countries of the 2020 appeal ("focus") and their land neighbours
  ("context", drawn grey), simplified as a coverage so shared borders stay shared. In static/ because
  the browser fetches it from there (the maps reference it by URL instead of carrying it);
- data/geo/label_points.csv: a point inside each focus country's largest polygon.

This is the only ETL module that imports geopandas: the regular build (`python -m etl`) must not need it.
Every step is a pure function; `main` alone touches the disk. Output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pycountry
import shapely
from shapely.geometry import mapping
from shapely.ops import polylabel

from etl.common import GEO_DIR, PROCESSED_DIR, STATIC_DIR, EtlError
from i18n import is_missing

GEOJSON_NAME = "wca_countries.geojson"
LABELS_NAME = "label_points.csv"
DEFAULT_NPM_DIR = Path("/tmp/wa/node_modules")
ATLAS_FILE = Path("world-atlas") / "countries-50m.json"

# Coverage simplification (Visvalingam-Whyatt); the tolerance is roughly the square root of the area of
# the triangles removed, in degrees. 0.03 keeps the file near 85 KB and every Cabo Verde island.
DEFAULT_TOLERANCE = 0.03
# Buffer around the focus countries when looking for land neighbours: bridges the tiny gaps the source
# leaves between borders without reaching across the sea (Sao Tome is ~2 degrees off Gabon).
NEIGHBOUR_BUFFER_DEG = 0.1
DECIMALS = 3
GRID = 10.0**-DECIMALS

_ISO3 = re.compile(r"^[A-Z]{3}$")


# --- inputs -------------------------------------------------------------------------------------------


def focus_iso3_from_entities(path: Path) -> list[str]:
    """ISO3 codes of the country offices listed in entities.csv (kind == country), sorted."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "entity_id" not in table.columns:
        raise EtlError(f"{path}: no entity_id column; rebuild it with `python -m etl`.")
    if "kind" in table.columns:
        ids = table.loc[table["kind"] == "country", "entity_id"]
    else:  # older layout: countries are the rows with an ISO3 id (RO-DAKAR is not)
        ids = table["entity_id"][table["entity_id"].str.fullmatch(_ISO3.pattern)]
    codes = sorted(set(ids))
    if not codes:
        raise EtlError(f"{path}: no country rows (kind == country); rebuild it with `python -m etl`.")
    return validate_iso3(codes, where=str(path))


def validate_iso3(codes: Iterable[str], where: str) -> list[str]:
    """Upper-case, de-duplicated, sorted ISO3 codes; an unknown code is an EtlError naming it."""
    out = sorted({c.strip().upper() for c in codes if c.strip()})
    bad = [c for c in out if not _ISO3.match(c) or pycountry.countries.get(alpha_3=c) is None]
    if bad:
        raise EtlError(f"{where}: not ISO 3166 alpha-3 codes: {', '.join(bad)}.")
    if not out:
        raise EtlError(f"{where}: no country codes given.")
    return out


def numeric_to_iso3(numeric_id: Any) -> str | None:
    """ISO3 for world-atlas's `id` (ISO 3166 numeric as a string, e.g. "140"); None if it has none.

    Natural Earth leaves disputed areas without a code (Somaliland, Kosovo, N. Cyprus...).
    """
    if is_missing(numeric_id):
        return None
    text = str(numeric_id).strip()
    if not text.isdigit():
        return None
    country = pycountry.countries.get(numeric=text.zfill(3))
    return country.alpha_3 if country else None


def read_countries(path: Path) -> gpd.GeoDataFrame:
    """World-atlas countries TopoJSON -> GeoDataFrame (iso3, name, geometry) in EPSG:4326, sorted by iso3.

    Features without an ISO numeric code are dropped (none of them is in or next to the region). A few
    codes have several features (AUS: Australia and Ashmore and Cartier Is.); select_region refuses
    them only if they fall in the region.
    """
    if not path.exists():
        raise EtlError(
            f"Missing {path}. Install it outside the repo: `mkdir -p /tmp/wa && cd /tmp/wa && "
            "npm install world-atlas@2`, then pass --npm-dir /tmp/wa/node_modules."
        )
    raw = gpd.read_file(path, layer="countries")
    # TopoJSON has no CRS member; world-atlas is longitude/latitude on WGS 84.
    raw = raw.set_crs(4326, allow_override=True)
    raw["iso3"] = raw["id"].map(numeric_to_iso3)
    countries = raw.loc[raw["iso3"].notna(), ["iso3", "name", "geometry"]]
    return countries.sort_values(["iso3", "name"]).reset_index(drop=True)


# --- transform ----------------------------------------------------------------------------------------


def select_region(
    countries: gpd.GeoDataFrame, focus_iso3: Sequence[str], buffer_deg: float = NEIGHBOUR_BUFFER_DEG
) -> gpd.GeoDataFrame:
    """The focus countries (role "focus") plus every country that touches them on land (role "context").

    A neighbour is a country whose geometry intersects the union of the focus countries buffered by
    `buffer_deg` degrees. Sorted: focus first, then context, each by iso3.
    """
    missing = sorted(set(focus_iso3) - set(countries["iso3"]))
    if missing:
        raise EtlError(f"Natural Earth boundaries have no feature for: {', '.join(missing)}.")
    is_focus = countries["iso3"].isin(focus_iso3)
    zone = shapely.union_all(countries.loc[is_focus, "geometry"].values).buffer(buffer_deg)
    is_context = ~is_focus & countries.intersects(zone)
    region = countries.loc[is_focus | is_context].copy()
    dupes = sorted(set(region["iso3"][region["iso3"].duplicated()]))
    if dupes:
        codes = ", ".join(dupes)
        raise EtlError(f"Several Natural Earth features share the ISO code {codes}; merge them first.")
    region["role"] = ["focus" if f else "context" for f in is_focus[is_focus | is_context]]
    region["_order"] = (region["role"] == "context").astype(int)  # focus first, then context
    region = region.sort_values(["_order", "iso3"])
    return region[["iso3", "name", "role", "geometry"]].reset_index(drop=True)


def simplify_region(region: gpd.GeoDataFrame, tolerance: float = DEFAULT_TOLERANCE) -> gpd.GeoDataFrame:
    """Simplify all countries together so shared borders stay identical, then snap to a 0.001 deg grid.

    shapely's coverage simplification moves a shared edge once for both neighbours (no slivers, no gaps);
    snapping identical vertices gives identical results, so the coverage survives the rounding. Small
    islands are kept (coverage simplification never drops a ring), e.g. all of Cabo Verde.
    Exterior rings are made counter-clockwise (RFC 7946).
    """
    geoms = shapely.coverage_simplify(region.geometry.values, tolerance)
    geoms = shapely.set_precision(geoms, GRID)
    geoms = shapely.orient_polygons(geoms, exterior_cw=False)
    empty = region["iso3"][shapely.is_empty(geoms)].tolist()
    if empty:
        raise EtlError(f"Simplification at tolerance {tolerance} erased: {', '.join(empty)}; lower it.")
    out = region.copy()
    out["geometry"] = geoms
    return out


def _round_coords(obj: Any) -> Any:
    """Nested coordinate lists with every number rounded to DECIMALS (removes float noise from snapping)."""
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), DECIMALS) + 0.0 for v in obj]  # + 0.0 turns -0.0 into 0.0
        return [_round_coords(v) for v in obj]
    return obj


def to_feature_collection(region: gpd.GeoDataFrame) -> dict[str, Any]:
    """GeoJSON FeatureCollection; each feature has id = iso3 and properties iso3, name, role."""
    features = []
    for row in region.itertuples(index=False):
        geom = mapping(row.geometry)
        features.append(
            {
                "type": "Feature",
                "id": row.iso3,
                "properties": {"iso3": row.iso3, "name": row.name, "role": row.role},
                "geometry": {"type": geom["type"], "coordinates": _round_coords(geom["coordinates"])},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dumps_geojson(collection: dict[str, Any]) -> str:
    """Compact, stable text: one feature per line so a diff shows which country changed."""
    head = '{"type":"FeatureCollection","features":[\n'
    body = ",\n".join(
        json.dumps(f, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        for f in collection["features"]
    )
    return head + body + "\n]}\n"


def largest_polygon(geom: shapely.Geometry) -> shapely.Polygon:
    """The polygon with the largest area (ties broken by the first in order)."""
    parts = list(getattr(geom, "geoms", [geom]))
    return max(parts, key=lambda p: p.area)


def label_points(region: gpd.GeoDataFrame) -> pd.DataFrame:
    """iso3, label_lat, label_lon for the focus countries, sorted by iso3.

    The point is the pole of inaccessibility of the largest polygon (inside it, away from its borders),
    so a label or a circle placed there sits visibly inside the country.
    """
    rows = []
    for row in region[region["role"] == "focus"].itertuples(index=False):
        poly = largest_polygon(row.geometry)
        point = polylabel(poly, tolerance=GRID)
        if not poly.contains(point):  # polylabel is inside by construction; stay safe on slivers
            point = poly.representative_point()
        rows.append({"iso3": row.iso3, "label_lat": round(point.y, DECIMALS),
                     "label_lon": round(point.x, DECIMALS)})
    labels = pd.DataFrame(rows, columns=["iso3", "label_lat", "label_lon"])
    return labels.sort_values("iso3").reset_index(drop=True)


def label_points_csv(labels: pd.DataFrame) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["iso3", "label_lat", "label_lon"])
    for row in labels.itertuples(index=False):
        writer.writerow([row.iso3, f"{row.label_lat:.{DECIMALS}f}", f"{row.label_lon:.{DECIMALS}f}"])
    return buf.getvalue()


def build(
    atlas_path: Path, focus_iso3: Sequence[str], tolerance: float = DEFAULT_TOLERANCE
) -> dict[str, str]:
    """Both output files as text, keyed by file name."""
    region = simplify_region(select_region(read_countries(atlas_path), focus_iso3), tolerance)
    return {
        GEOJSON_NAME: dumps_geojson(to_feature_collection(region)),
        LABELS_NAME: label_points_csv(label_points(region)),
    }


# --- command line -------------------------------------------------------------------------------------


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)  # mkstemp creates 0600; these files are committed and read by the app
    os.replace(tmp, path)


def _atlas_version(atlas_path: Path) -> str:
    package = atlas_path.parent / "package.json"
    if package.exists():
        return json.loads(package.read_text(encoding="utf-8")).get("version", "?")
    return "?"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.boundaries", description=__doc__.splitlines()[0])
    parser.add_argument("atlas", nargs="?", type=Path, help="path to world-atlas countries-50m.json")
    parser.add_argument(
        "--npm-dir", type=Path, default=DEFAULT_NPM_DIR,
        help=f"node_modules folder holding world-atlas (default {DEFAULT_NPM_DIR})",
    )
    parser.add_argument(
        "--iso3", nargs="+",
        help="focus countries (default: kind == country rows of data/processed/entities.csv)",
    )
    parser.add_argument("--entities", type=Path, default=PROCESSED_DIR / "entities.csv")
    parser.add_argument(
        "--out-dir", type=Path,
        help=f"write both files here (default: {GEOJSON_NAME} to static/, {LABELS_NAME} to data/geo/)",
    )
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    args = parser.parse_args(argv)

    atlas = args.atlas or args.npm_dir / ATLAS_FILE
    if args.iso3:
        focus = validate_iso3(args.iso3, where="--iso3")
    elif args.entities.exists():
        focus = focus_iso3_from_entities(args.entities)
    else:
        raise EtlError(f"{args.entities} does not exist: run `python -m etl` first or pass --iso3 ISO3 ...")

    outputs = build(atlas, focus, args.tolerance)
    default_dirs = {GEOJSON_NAME: STATIC_DIR, LABELS_NAME: GEO_DIR}
    for name, text in outputs.items():
        path = (args.out_dir or default_dirs[name]) / name
        _write_atomic(path, text)
        print(f"wrote {path} ({len(text.encode('utf-8')):,} bytes)")
    print(f"world-atlas {_atlas_version(atlas)}, {len(focus)} focus countries, tolerance {args.tolerance}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
