"""Bundled boundaries (static/, data/geo/): what a map needs, checked on the committed files (no npm,
no network).

The rebuild from world-atlas is tested too when the npm file happens to be on this machine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pycountry
import pytest
import shapely
from shapely.geometry import Polygon, box, shape

from etl import boundaries as b
from etl.common import GEO_DIR, PROCESSED_DIR, STATIC_DIR, EtlError

GEOJSON = STATIC_DIR / b.GEOJSON_NAME
LABELS = GEO_DIR / b.LABELS_NAME
# The 20 country offices of the IOM Migration Initiatives 2020 appeal, West and Central Africa.
APPEAL_2020 = sorted([
    "BEN", "BFA", "CIV", "CMR", "CAF", "CPV", "GAB", "GHA", "GIN", "GMB",
    "GNB", "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TCD", "TGO",
])
AFRICA_BBOX = (-26.0, -36.0, 52.0, 38.0)  # lon_min, lat_min, lon_max, lat_max (Cabo Verde to Suez)
ATLAS_CANDIDATES = [Path(os.environ.get("WORLD_ATLAS_50M", "/nonexistent")), b.DEFAULT_NPM_DIR / b.ATLAS_FILE]


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def region(collection) -> gpd.GeoDataFrame:
    """The committed file read back into the shape the pure functions work on."""
    rows = [{**f["properties"], "geometry": shape(f["geometry"])} for f in collection["features"]]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def _rings(geometry: dict) -> list[list[list[float]]]:
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for poly in polys for ring in poly]


# --- the committed files ------------------------------------------------------------------------------


def test_twenty_focus_countries_of_the_appeal(collection):
    focus = [f for f in collection["features"] if f["properties"]["role"] == "focus"]
    assert sorted(f["id"] for f in focus) == APPEAL_2020
    for f in focus:
        assert f["id"] == f["properties"]["iso3"]
        assert pycountry.countries.get(alpha_3=f["id"]) is not None
        assert f["properties"]["name"]
    names = {f["id"]: f["properties"]["name"] for f in collection["features"]}
    assert names["CAF"] == "Central African Rep."  # Natural Earth's name, not ours


def test_focus_matches_entities_table_when_built(collection):
    path = PROCESSED_DIR / "entities.csv"
    if not path.exists():
        pytest.skip("data/processed/entities.csv not built yet")
    focus = sorted(f["id"] for f in collection["features"] if f["properties"]["role"] == "focus")
    assert focus == b.focus_iso3_from_entities(path)


def test_neighbours_are_context(collection):
    roles = {f["id"]: f["properties"]["role"] for f in collection["features"]}
    assert set(roles.values()) == {"focus", "context"}
    context = {iso for iso, role in roles.items() if role == "context"}
    # Land neighbours of the 20: Algeria, Libya, Sudan, South Sudan, the two Congos, Equatorial Guinea,
    # Western Sahara. Nothing overseas (Sao Tome) and nothing far away (Egypt).
    assert {"DZA", "LBY", "SDN", "SSD", "COD", "COG", "GNQ", "ESH"} <= context
    assert not context & set(APPEAL_2020)
    assert not {"STP", "EGY", "AGO", "ETH"} & context
    focus_union = shapely.union_all([shape(f["geometry"]) for f in collection["features"]
                                     if f["properties"]["role"] == "focus"]).buffer(0.2)
    for f in collection["features"]:
        if f["properties"]["role"] == "context":
            assert shape(f["geometry"]).intersects(focus_union), f["id"]


def test_cabo_verde_islands_kept(collection):
    cpv = next(f for f in collection["features"] if f["id"] == "CPV")
    assert cpv["geometry"]["type"] == "MultiPolygon"
    assert len(cpv["geometry"]["coordinates"]) >= 8  # Santo Antão ... Brava, none lost to simplification


def test_file_size_for_a_web_page():
    size = GEOJSON.stat().st_size
    assert 40_000 < size < 150_000  # small enough to ship with each map, detailed enough to recognise


def test_rings_closed_rounded_and_in_africa(collection):
    lon_min, lat_min, lon_max, lat_max = AFRICA_BBOX
    for f in collection["features"]:
        for ring in _rings(f["geometry"]):
            assert len(ring) >= 4, f["id"]
            assert ring[0] == ring[-1], f"{f['id']}: ring not closed"
            for lon, lat in ring:
                assert lon_min <= lon <= lon_max and lat_min <= lat <= lat_max, (f["id"], lon, lat)
                assert lon == round(lon, 3) and lat == round(lat, 3)


def test_valid_geometries_with_shared_borders(collection):
    geoms = [shape(f["geometry"]) for f in collection["features"]]
    assert all(g.is_valid for g in geoms)
    # A coverage: neighbours share identical borders, no overlaps (simplification kept the topology).
    assert shapely.coverage_is_valid(geoms)
    for f, g in zip(collection["features"], geoms, strict=True):  # RFC 7946: exteriors counter-clockwise
        for poly in getattr(g, "geoms", [g]):
            assert poly.exterior.is_ccw, f["id"]


def test_committed_file_is_a_fixed_point_of_the_writer(region):
    """Writing the committed geometry again gives the committed bytes: the writer is deterministic."""
    text = b.dumps_geojson(b.to_feature_collection(region))
    assert text == GEOJSON.read_text(encoding="utf-8")
    assert text == b.dumps_geojson(b.to_feature_collection(region.copy()))


def test_label_points_inside_their_country(region):
    labels = pd.read_csv(LABELS, dtype={"iso3": str})
    assert list(labels.columns) == ["iso3", "label_lat", "label_lon"]
    assert labels["iso3"].tolist() == APPEAL_2020
    geoms = dict(zip(region["iso3"], region.geometry, strict=True))
    for row in labels.itertuples():
        assert geoms[row.iso3].contains(shapely.Point(row.label_lon, row.label_lat)), row.iso3
    # Recomputing them from the committed geometry gives the committed file.
    assert b.label_points_csv(b.label_points(region)) == LABELS.read_text(encoding="utf-8")


def test_gambia_label_in_gambia_not_senegal(region):
    labels = b.label_points(region).set_index("iso3")
    senegal = region.loc[region["iso3"] == "SEN"].geometry.iloc[0]
    point = shapely.Point(labels.loc["GMB", "label_lon"], labels.loc["GMB", "label_lat"])
    assert not senegal.contains(point)


# --- pure functions on small inputs -------------------------------------------------------------------


def _countries(shapes: dict[str, Polygon]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"iso3": list(shapes), "name": [f"name {k}" for k in shapes], "geometry": list(shapes.values())},
        crs=4326,
    )


def test_select_region_finds_land_neighbours_only():
    countries = _countries({
        "NER": box(0, 0, 10, 10),
        "DZA": box(0, 10, 10, 20),        # shares a border
        "LBY": box(10.05, 0, 20, 10),     # a gap in the source smaller than the buffer
        "STP": box(12, -5, 13, -4),       # an island two degrees away
        "EGY": box(30, 0, 40, 10),
    })
    region = b.select_region(countries, ["NER"])
    assert region[["iso3", "role"]].values.tolist() == [["NER", "focus"], ["DZA", "context"],
                                                        ["LBY", "context"]]


def test_select_region_names_missing_focus_country():
    with pytest.raises(EtlError, match="CPV"):
        b.select_region(_countries({"NER": box(0, 0, 1, 1)}), ["NER", "CPV"])


def test_simplify_keeps_shared_border_and_small_islands():
    zigzag = [(5 + (0.01 if k % 2 else 0), k * 0.1) for k in range(1, 100)]  # a border worth simplifying
    west = Polygon([(0, 0), (5, 0), *zigzag, (5, 10), (0, 10)])
    east = box(0, 0, 10, 10).difference(west)
    island = box(-3, 3, -2.9, 3.1)  # 0.1 degree wide
    region = gpd.GeoDataFrame(
        {"iso3": ["AAA", "BBB"], "name": ["a", "b"], "role": ["focus", "context"],
         "geometry": [shapely.MultiPolygon([west, island]), east]}, crs=4326)
    out = b.simplify_region(region, tolerance=0.05)
    assert shapely.coverage_is_valid(out.geometry.values)
    assert len(out.geometry.iloc[0].geoms) == 2  # the island survives
    before, after = (shapely.get_num_coordinates(g.geometry.iloc[0]) for g in (region, out))
    assert after < before


def test_numeric_ids_to_iso3():
    assert b.numeric_to_iso3("140") == "CAF"
    assert b.numeric_to_iso3("132") == "CPV"
    assert b.numeric_to_iso3("36") == "AUS"  # zero-padded for pycountry
    assert b.numeric_to_iso3(None) is None
    assert b.numeric_to_iso3("-99") is None


def test_focus_list_from_entities_csv(tmp_path):
    path = tmp_path / "entities.csv"
    path.write_text(
        "entity_id,name_en,kind,source_id\nNER,Niger,country,MI2020\nRO-DAKAR,Regional Office,"
        "regional_office,MI2020\nCPV,Cabo Verde,country,MI2020\n",
        encoding="utf-8",
    )
    assert b.focus_iso3_from_entities(path) == ["CPV", "NER"]
    path.write_text("entity_id,kind\nXXX,country\n", encoding="utf-8")
    with pytest.raises(EtlError, match="XXX"):
        b.focus_iso3_from_entities(path)


def test_cli_without_a_country_list_says_what_to_do(tmp_path):
    with pytest.raises(EtlError, match="--iso3"):
        b.main(["--entities", str(tmp_path / "missing.csv"), "--out-dir", str(tmp_path)])


def test_cli_missing_npm_file_says_how_to_get_it(tmp_path):
    with pytest.raises(EtlError, match="npm install world-atlas@2"):
        b.main([str(tmp_path / "countries-50m.json"), "--iso3", "NER", "--out-dir", str(tmp_path)])


# --- full rebuild, only where the npm file is present --------------------------------------------------


def _atlas() -> Path | None:
    return next((p for p in ATLAS_CANDIDATES if p.exists()), None)


@pytest.mark.skipif(_atlas() is None, reason="world-atlas countries-50m.json not installed (npm)")
def test_rebuild_from_world_atlas_is_byte_identical(tmp_path):
    atlas = _atlas()
    first = b.build(atlas, APPEAL_2020)
    assert first == b.build(atlas, APPEAL_2020)
    assert b.main([str(atlas), "--iso3", *APPEAL_2020, "--out-dir", str(tmp_path)]) == 0
    assert (tmp_path / b.GEOJSON_NAME).read_bytes() == GEOJSON.read_bytes()
    assert (tmp_path / b.LABELS_NAME).read_bytes() == LABELS.read_bytes()
