"""Admin-1 areas of the Lake Chad Basin countries: boundaries thinned for the browser, and the name table.

Reads the four boundary files named in etl/admin1_names.yaml (data/raw/geo/lcb_admin1/, one GeoJSON per
country) and that file's name table. Tables returned:

- admin1_areas: one row per feature (area id, country, names as in the file and for display in English and
  French, OCHA p-code and ISO 3166-2 code where the file has them, a point inside the area for labels, the
  simplified geometry as a GeoJSON string), citing its boundary file;
- admin1_names: every spelling of an area (the file's names and codes, the table's display names and
  variants) -> area id, matched as etl/admin1_match.py does;
- sources: one row per boundary file (with its licence) and one for the name table;
- checks: each file's count and validity; then every admin-1 name of the displacement table (reference
  rows and imports, built before this step) matched through the name table, one warning per name that
  matches no area, and warnings for features the name table knows under another name or not at all.

A file that is missing, cut, of another edition (not the official number of areas) or not valid GeoJSON
stops the build with an EtlError naming it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
import yaml

from etl.admin1_match import name_key, unmatched_parts
from etl.common import EtlError, french_country_name
from etl.messages import CHECK_COLUMNS, Join, Local, Message, check_row
from etl.validate import table_columns

NAMES_PATH = Path(__file__).resolve().parent.parent / "admin1_names.yaml"
NAMES_FILE_LABEL = "etl/admin1_names.yaml"
PROPERTIES = ("iso3", "admin1_name", "admin1_name_alt", "admin1_pcode", "iso_3166_2")
AREA_COLUMNS = [
    "area_id",
    "entity_id",
    "name",
    "name_en",
    "name_fr",
    "pcode",
    "iso_3166_2",
    "label_lat",
    "label_lon",
    "geometry",
    "source_id",
]
NAME_COLUMNS = ["entity_id", "name_key", "name", "area_id", "origin", "used_by", "source_id"]
SOURCE_COLUMNS = table_columns("sources")
BASIN = Local("Lake Chad Basin", "bassin du lac Tchad")


def country_names(iso3: str) -> Local:
    """A Lake Chad Basin country's name in English and French (ISO 3166 names, pycountry)."""
    import pycountry

    return Local(pycountry.countries.get(alpha_3=iso3).name, french_country_name(iso3))


def load_name_table(path: Path = NAMES_PATH) -> dict[str, Any]:
    with Path(path).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --- boundaries ------------------------------------------------------------------------------------------


def read_boundaries(path: Path, label: str) -> tuple[pd.DataFrame, np.ndarray]:
    """A boundary file's feature properties (one row per feature) and geometries; EtlError naming the
    file if it cannot be read.

    Read with json and shapely, not geopandas: etl/boundaries.py is the only ETL module allowed geopandas,
    whose import alone would add about a second to every `python -m etl`."""
    if not path.exists():
        raise EtlError(Message("etl.error.raw_missing", file=label))
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        properties = pd.DataFrame([feature["properties"] for feature in features])
        geometries = np.array(
            [None if f["geometry"] is None else shapely.geometry.shape(f["geometry"]) for f in features],
            dtype=object,
        )
    except (ValueError, KeyError, TypeError, AttributeError, shapely.errors.ShapelyError) as err:
        raise EtlError(Message("etl.error.admin1.unreadable", file=label, error=str(err)[:200])) from None
    missing = [column for column in PROPERTIES if column not in properties.columns]
    if missing:
        raise EtlError(Message("etl.error.admin1.properties", file=label, columns=", ".join(missing)))
    return properties, geometries


def simplified(geometries: np.ndarray, tolerance: float, grid: float) -> np.ndarray:
    """Geometries thinned for the browser: a coverage simplification (neighbours keep one shared border,
    unlike simplifying each polygon alone, which opens gaps and overlaps between them), then snapped to a
    `grid`-degree grid with coordinates written at that precision, rings oriented as RFC 7946 asks."""
    thinned = shapely.coverage_simplify(geometries, tolerance)
    snapped = shapely.set_precision(thinned, grid)
    decimals = max(0, round(-np.log10(grid)))
    rounded = shapely.transform(snapped, lambda coords: np.round(coords, decimals))
    return shapely.orient_polygons(rounded, exterior_cw=False)


def _geojson(geometry: shapely.Geometry) -> str:
    return json.dumps(shapely.geometry.mapping(geometry), separators=(",", ":"))


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def country_areas(
    iso3: str, spec: dict[str, Any], raw_dir: Path, simplify: dict[str, float]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One boundary file as admin1_areas rows (before display names), and what its check reports."""
    label = spec["file"]
    frame, original = read_boundaries(raw_dir / label, label)
    if len(frame) != spec["features"]:
        raise EtlError(
            Message(
                "etl.error.admin1.count",
                file=label,
                found=len(frame),
                country=iso3,
                expected=spec["features"],
            )
        )
    foreign = sorted({_text(v) for v in frame["iso3"]} - {iso3})
    if foreign:
        raise EtlError(
            Message("etl.error.admin1.country", file=label, found=", ".join(foreign), country=iso3)
        )
    ids = [_text(v) for v in frame[spec["area_id"]]]
    for number, area_id in enumerate(ids, start=1):
        if not area_id:
            raise EtlError(
                Message("etl.error.admin1.no_id", file=label, feature=number, column=spec["area_id"])
            )
    repeated = sorted({a for a in ids if ids.count(a) > 1})
    if repeated:
        raise EtlError(Message("etl.error.admin1.repeated_id", file=label, area_id=", ".join(repeated)))
    for area_id, geometry in zip(ids, original, strict=True):
        if geometry is None or geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            kind = "no geometry" if geometry is None else f"{geometry.geom_type}, empty: {geometry.is_empty}"
            raise EtlError(Message("etl.error.admin1.geometry", file=label, area_id=area_id, reason=kind))
    thin = simplified(original, simplify["tolerance"], simplify["grid"])
    for area_id, geometry in zip(ids, thin, strict=True):
        if not geometry.is_valid or geometry.is_empty:
            reason = shapely.is_valid_reason(geometry)
            raise EtlError(Message("etl.error.admin1.geometry", file=label, area_id=area_id, reason=reason))
    decimals = max(0, round(-np.log10(simplify["grid"])))
    points = shapely.point_on_surface(thin)
    areas = pd.DataFrame(
        {
            "area_id": ids,
            "entity_id": iso3,
            "name": [_text(v) for v in frame["admin1_name"]],
            "name_alt": [_text(v) for v in frame["admin1_name_alt"]],
            "pcode": [_text(v) for v in frame["admin1_pcode"]],
            "iso_3166_2": [_text(v) for v in frame["iso_3166_2"]],
            "label_lat": np.round(shapely.get_y(points), decimals),
            "label_lon": np.round(shapely.get_x(points), decimals),
            "geometry": [_geojson(g) for g in thin],
            "source_id": spec["source_id"],
        }
    )
    report = {
        "file": label,
        "features": len(frame),
        "before": int(shapely.get_num_coordinates(original).sum()),
        "after": int(shapely.get_num_coordinates(thin).sum()),
    }
    return areas, report


# --- names ---------------------------------------------------------------------------------------------


def apply_name_table(areas: pd.DataFrame, table: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Display names on the areas, the names table, and the check rows of features named differently
    (renamed in the file) or not listed. EtlError for a listed area the file lacks or a spelling given to
    two areas of one country."""
    listed: dict[str, dict[str, dict]] = table["areas"]
    names_source = table["names_source"]["source_id"]
    rows: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    name_en, name_fr = [], []

    def add(area: Any, name: str, origin: str, used_by: str, source_id: str) -> None:
        if name:
            rows.append(
                {
                    "entity_id": area.entity_id,
                    "name_key": name_key(name),
                    "name": name,
                    "area_id": area.area_id,
                    "origin": origin,
                    "used_by": used_by,
                    "source_id": source_id,
                }
            )

    for iso3, entries in listed.items():
        known = set(areas.loc[areas["entity_id"] == iso3, "area_id"])
        for area_id, entry in entries.items():
            if area_id not in known:
                raise EtlError(
                    Message(
                        "etl.error.admin1.not_in_file",
                        area_id=area_id,
                        name=entry.get("name", ""),
                        country=iso3,
                        file=table["files"][iso3]["file"],
                        table=NAMES_FILE_LABEL,
                    )
                )
    for area in areas.itertuples(index=False):
        entry = listed.get(area.entity_id, {}).get(area.area_id)
        file_label = table["files"][area.entity_id]["file"]
        if entry is None:
            checks.append(_area_warning("unlisted", area, file_label))
            entry = {}
        elif entry.get("name") and name_key(entry["name"]) != name_key(area.name):
            checks.append(_area_warning("renamed", area, file_label, listed=entry["name"]))
        english = entry.get("name_en") or area.name
        french = entry.get("name_fr") or area.name_alt or english
        name_en.append(english)
        name_fr.append(french)
        add(area, area.name, "file_name", "", area.source_id)
        add(area, area.name_alt, "file_name_fr", "", area.source_id)
        add(area, area.pcode, "pcode", "", area.source_id)
        add(area, area.iso_3166_2, "iso_3166_2", "", area.source_id)
        add(area, english, "display_en", "", names_source)
        add(area, french, "display_fr", "", names_source)
        add(area, entry.get("name", ""), "listed_name", "", names_source)
        for variant, used_by in (entry.get("also") or {}).items():
            add(area, str(variant), "variant", str(used_by), names_source)
    names = pd.DataFrame(rows, columns=NAME_COLUMNS)
    clash = names.drop_duplicates(["entity_id", "name_key", "area_id"])
    clash = clash[clash.duplicated(["entity_id", "name_key"], keep=False)]
    if not clash.empty:
        first, second = clash.iloc[0], clash.iloc[1]
        raise EtlError(
            Message(
                "etl.error.admin1.name_clash",
                table=NAMES_FILE_LABEL,
                name=second["name"],
                country=first["entity_id"],
                first=first["area_id"],
                second=second["area_id"],
            )
        )
    names = names.drop_duplicates(["entity_id", "name_key"], keep="first").reset_index(drop=True)
    shown = areas.assign(name_en=name_en, name_fr=name_fr)
    return shown, names, checks


def displacement_name_checks(displacement: pd.DataFrame | None, names: pd.DataFrame) -> list[dict[str, Any]]:
    """A pass row when every admin-1 name of the displacement table matches areas, else one warning per
    name (with its country) naming the parts that match none."""
    if displacement is None or displacement.empty:
        return []
    named = displacement[displacement["admin1"].map(_text) != ""]
    entity = named["entity_id"].map(_text)
    groups = named.assign(_entity=entity).groupby(["_entity", "admin1"], sort=True)
    checks = []
    for (iso3, admin1), rows in groups:
        missing = unmatched_parts(admin1, iso3 or None, names)
        if not missing:
            continue
        key = name_key(admin1).replace(" ", "-")
        place = Local(iso3) if iso3 else BASIN
        checks.append(
            check_row(
                f"admin1.unmatched.{iso3 or 'LCB'}.{key}",
                "displacement",
                "warning",
                Message("etl.check.admin1.unmatched_subject", name=admin1, country=place),
                Message(
                    "etl.check.admin1.unmatched",
                    name=admin1,
                    country=place,
                    rows=len(rows),
                    source=rows["source_id"].iloc[0],
                    parts=Join(missing, ", "),
                    table=NAMES_FILE_LABEL,
                ),
                rows["source_id"].iloc[0],
            )
        )
    if not checks:
        checks.append(
            check_row(
                "admin1.names",
                "displacement",
                "pass",
                Message("etl.check.admin1.names_subject"),
                Message(
                    "etl.check.admin1.names",
                    names=groups.ngroups,
                    rows=len(named),
                    spellings=len(names),
                    areas=names["area_id"].nunique(),
                ),
                None,
            )
        )
    return checks


# --- the step ------------------------------------------------------------------------------------------


def source_rows(table: dict[str, Any]) -> pd.DataFrame:
    rows = [
        {**{k: spec.get(k, "") for k in SOURCE_COLUMNS}, "file": f"data/raw/{spec['file']}"}
        for spec in table["files"].values()
    ]
    rows.append({k: table["names_source"].get(k, "") for k in SOURCE_COLUMNS})
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def _area_warning(kind: str, area: Any, file_label: str, **values: str) -> dict:
    """A warning row about one area of a boundary file: `unlisted` (not in the name table) or `renamed`
    (the file's name differs from the table's)."""
    return check_row(
        f"admin1.{kind}.{area.area_id}",
        "admin1_names",
        "warning",
        Message("etl.check.admin1.area_subject", area_id=area.area_id),
        Message(
            f"etl.check.admin1.{kind}", file=file_label, area_id=area.area_id, found=area.name,
            table=NAMES_FILE_LABEL, **values,
        ),
        area.source_id,
    )


def build(
    raw_dir: Path, config: dict, context: dict[str, pd.DataFrame], names_path: Path = NAMES_PATH
) -> dict[str, pd.DataFrame]:
    table = load_name_table(names_path)
    frames, checks = [], []
    for iso3, spec in table["files"].items():
        areas, report = country_areas(iso3, spec, Path(raw_dir), table["simplify"])
        frames.append(areas)
        checks.append(
            check_row(
                f"admin1.file.{iso3}",
                "admin1_areas",
                "pass",
                # Read by visitors (the methods page): the country by name, not the file.
                Message("etl.check.admin1.file_subject", country=country_names(iso3)),
                Message("etl.check.admin1.file", country=country_names(iso3), grid=table["simplify"]["grid"],
                        **report),
                spec["source_id"],
            )
        )
    areas = pd.concat(frames, ignore_index=True)
    areas, names, name_checks = apply_name_table(areas, table)
    checks += name_checks
    checks += displacement_name_checks(context.get("displacement"), names)
    areas = areas.sort_values(["entity_id", "area_id"], kind="stable")[AREA_COLUMNS].reset_index(drop=True)
    names = names.sort_values(["entity_id", "area_id", "name_key"], kind="stable").reset_index(drop=True)
    return {
        "admin1_areas": areas,
        "admin1_names": names,
        "sources": source_rows(table),
        "checks": pd.DataFrame(checks, columns=CHECK_COLUMNS),
    }
