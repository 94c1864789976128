"""Lake Chad Basin admin-1 boundaries and the name table: on the real files, and on edited copies.

What a reader of the map would check: every country has its official number of areas, Borno, Lac, Diffa and
Far North / Extrême-Nord are there, each area lies inside its country, and every admin-1 name the figures use
finds its area. Edited copies (tmp_path; data/raw is never touched) show what a renamed or cut file does.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import shapely

from dashboard.queries import admin1 as admin1_queries
from etl.admin1_match import match_admin1, match_admin1_areas, name_key
from etl.common import PROCESSED_DIR, PROJECT_DIR, RAW_DIR, EtlError, load_config
from etl.sources import displacement, lcb_admin1

CONFIG = load_config()
TABLE = lcb_admin1.load_name_table()
FILES = {iso3: spec["file"] for iso3, spec in TABLE["files"].items()}
BREAKDOWNS = RAW_DIR / CONFIG["reference"]["admin1_breakdowns"]["file"]
DTM_CHAD = "dtm_api_chad_admin0-2.csv"
COUNTRY_OF = {"Nigeria": "NGA", "Niger": "NER", "Cameroon": "CMR", "Chad": "TCD", "Total": None}


@pytest.fixture(scope="module")
def built() -> dict[str, pd.DataFrame]:
    """The step on the real files, after the displacement table it checks names against."""
    rows = displacement.build(RAW_DIR, CONFIG, {})["displacement"]
    return lcb_admin1.build(RAW_DIR, CONFIG, {"displacement": rows})


@pytest.fixture
def geo_copy(tmp_path) -> Path:
    """A raw folder holding only copies of the four boundary files."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / "geo", raw / "geo")
    return raw


def _edit_feature_name(raw: Path, iso3: str, old: str, new: str) -> None:
    path = raw / FILES[iso3]
    collection = json.loads(path.read_text(encoding="utf-8"))
    (feature,) = [f for f in collection["features"] if f["properties"]["admin1_name"] == old]
    feature["properties"]["admin1_name"] = new
    path.write_text(json.dumps(collection), encoding="utf-8")


# --- the real files ------------------------------------------------------------------------------------


def test_each_country_has_its_official_number_of_areas(built):
    counts = built["admin1_areas"].groupby("entity_id").size().to_dict()
    assert counts == {"NGA": 37, "NER": 8, "CMR": 10, "TCD": 23}
    for iso3 in counts:
        raw = json.loads((RAW_DIR / FILES[iso3]).read_text(encoding="utf-8"))["features"]
        names = sorted(f["properties"]["admin1_name"] for f in raw)
        assert sorted(built["admin1_areas"].query("entity_id == @iso3")["name"]) == names


def test_the_basin_areas_are_there_with_their_english_and_french_names(built):
    areas = built["admin1_areas"].set_index("area_id")
    assert areas.loc["NG008", ["entity_id", "name", "name_en", "name_fr"]].tolist() == [
        "NGA",
        "Borno",
        "Borno",
        "Borno",
    ]
    assert areas.loc["NE002", ["entity_id", "name_en", "pcode"]].tolist() == ["NER", "Diffa", "NE002"]
    assert areas.loc["TD-LC", ["entity_id", "name_en", "iso_3166_2"]].tolist() == ["TCD", "Lac", "TD-LC"]
    assert areas.loc["CM-EN", ["entity_id", "name_en", "name_fr"]].tolist() == [
        "CMR",
        "Far North",
        "Extrême-Nord",
    ]
    assert areas.loc["TD-ND", ["name", "name_en"]].tolist() == ["N'Djamena Region", "N'Djamena"]


def test_each_boundary_file_is_a_source_with_its_licence_and_date(built):
    sources = built["sources"].set_index("source_id")
    for iso3, spec in TABLE["files"].items():
        country = built["admin1_areas"][built["admin1_areas"]["entity_id"] == iso3]
        assert set(country["source_id"]) == {spec["source_id"]}
        row = sources.loc[spec["source_id"]]
        assert row["file"] == f"data/raw/{spec['file']}" and (RAW_DIR / spec["file"]).exists()
        assert row["licence"] and row["date"]
    assert sources.loc["GEO-ADM1-TCD", "licence"].startswith("ODbL")
    assert (RAW_DIR / "geo" / "lcb_admin1" / "SOURCE.md").exists()


def _country_boxes() -> dict[str, tuple[float, float, float, float]]:
    outlines = json.loads((PROJECT_DIR / "static" / "wca_countries.geojson").read_text(encoding="utf-8"))
    return {
        f["properties"]["iso3"]: shapely.bounds(shapely.geometry.shape(f["geometry"])).tolist()
        for f in outlines["features"]
    }


def test_simplified_areas_are_valid_and_inside_their_country(built):
    boxes = _country_boxes()
    margin = 0.1  # degrees: the country outlines are Natural Earth's, the areas OCHA's and geoBoundaries'
    for area in built["admin1_areas"].itertuples(index=False):
        shape = shapely.geometry.shape(json.loads(area.geometry))
        assert shape.geom_type in ("Polygon", "MultiPolygon") and shape.is_valid, area.area_id
        west, south, east, north = shapely.bounds(shape)
        box_west, box_south, box_east, box_north = boxes[area.entity_id]
        assert west >= box_west - margin and east <= box_east + margin, area.area_id
        assert south >= box_south - margin and north <= box_north + margin, area.area_id
        assert shape.contains(shapely.Point(area.label_lon, area.label_lat)), area.area_id


def test_neighbouring_areas_keep_one_shared_border(built):
    """Thinning keeps the areas a coverage: no overlaps between neighbours of one country."""
    for iso3, group in built["admin1_areas"].groupby("entity_id"):
        shapes = [shapely.geometry.shape(json.loads(g)) for g in group["geometry"]]
        union_area = shapely.union_all(shapes).area
        assert sum(s.area for s in shapes) == pytest.approx(union_area, rel=1e-6), iso3


def test_the_areas_table_is_small_enough_for_the_browser():
    size = (PROCESSED_DIR / "admin1_areas.csv").stat().st_size
    assert 100_000 < size < 400_000, size


def test_every_name_of_the_reference_table_resolves():
    with BREAKDOWNS.open(encoding="utf-8") as fh:
        used = {(row["admin1"], COUNTRY_OF[row["country"]]) for row in csv.DictReader(fh) if row["admin1"]}
    names = lcb_admin1.build(RAW_DIR, CONFIG, {})["admin1_names"]
    assert len(used) >= 5
    for admin1, iso3 in used:
        assert match_admin1_areas(admin1, iso3, names), (admin1, iso3)
    assert match_admin1_areas("Adamawa, Borno, Yobe + Bauchi, Gombe, Taraba", "NGA", names) == [
        "NG002",
        "NG008",
        "NG036",
        "NG005",
        "NG016",
        "NG035",
    ]
    assert match_admin1_areas("Far North, Lac, Diffa, Adamawa, Borno, Yobe", None, names) == [
        "CM-EN",
        "TD-LC",
        "NE002",
        "NG002",
        "NG008",
        "NG036",
    ]


def _dtm_chad_export() -> Path | None:
    bundled = sorted(RAW_DIR.rglob(f"*{DTM_CHAD}"))
    shared = PROJECT_DIR.parent.parent / "shared" / "reference" / "dtm" / DTM_CHAD
    return bundled[0] if bundled else shared if shared.exists() else None


def test_every_admin1_name_and_pcode_of_the_dtm_chad_export_resolves(built):
    path = _dtm_chad_export()
    if path is None:
        pytest.skip(f"{DTM_CHAD} is neither bundled in data/raw nor in the shared reference folder")
    with path.open(encoding="utf-8") as fh:
        rows = [row for row in csv.DictReader(fh) if not row["id"].startswith("#")]
    areas = {(row["admin1Name"], row["admin1Pcode"]) for row in rows if row["admin1Name"]}
    assert areas == {("Lac", "TD07")}
    for name, pcode in areas:
        assert match_admin1(name, "TCD", built["admin1_names"]) == "TD-LC"
        assert match_admin1(pcode, "TCD", built["admin1_names"]) == "TD-LC"


def test_names_match_whatever_their_case_accents_and_punctuation(built):
    names = built["admin1_names"]
    for spelling in (
        "EXTREME-NORD",
        "extrême nord",
        "Région de l’Extrême-Nord",
        "far-north",
        "Far North Region",
    ):
        assert match_admin1(spelling, "CMR", names) == "CM-EN", spelling
    assert name_key("Région de l'Extrême-Nord") == "region de l extreme nord"
    assert match_admin1("lac", None, names) == "TD-LC"  # basin-wide: one country has a Lac
    assert match_admin1("Lac", "NGA", names) is None  # not a Nigerian state
    assert match_admin1("Kanem-Bornu", "NGA", names) is None
    assert match_admin1_areas("Borno, Kanem-Bornu", "NGA", names) is None  # never a partial answer


def test_the_build_reports_that_every_displacement_name_matched(built):
    checks = built["checks"].set_index("check_id")
    assert checks.loc["admin1.names", "status"] == "pass"
    assert not checks.index.str.startswith(("admin1.unmatched", "admin1.renamed", "admin1.unlisted")).any()
    committed = pd.read_csv(PROCESSED_DIR / "checks.csv", dtype=str, keep_default_na=False)
    assert "admin1.names" in set(committed["check_id"])
    assert not committed["check_id"].str.startswith("admin1.unmatched").any()


def test_the_committed_tables_are_the_steps_output(built):
    for name in ("admin1_areas", "admin1_names"):
        committed = pd.read_csv(PROCESSED_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
        assert committed["area_id"].tolist() == built[name]["area_id"].tolist(), name
    committed = pd.read_csv(PROCESSED_DIR / "admin1_areas.csv", dtype=str, keep_default_na=False)
    assert committed["geometry"].tolist() == built["admin1_areas"]["geometry"].tolist()


# --- edited copies -------------------------------------------------------------------------------------


def test_a_renamed_feature_is_a_warning_naming_it(geo_copy):
    _edit_feature_name(geo_copy, "NGA", "Borno", "Bornu")
    result = lcb_admin1.build(geo_copy, CONFIG, {})
    checks = result["checks"].set_index("check_id")
    assert checks.loc["admin1.renamed.NG008", "status"] == "warning"
    message = checks.loc["admin1.renamed.NG008", "message"]
    assert "'Bornu'" in message and "'Borno'" in message and "NG008" in message
    assert "« Bornu »" in checks.loc["admin1.renamed.NG008", "message_fr"]
    # The sources keep writing Borno: both spellings still find the area.
    names = result["admin1_names"]
    assert match_admin1("Borno", "NGA", names) == match_admin1("Bornu", "NGA", names) == "NG008"


def test_a_name_the_table_does_not_know_is_a_warning_naming_it(geo_copy):
    rows = pd.DataFrame(
        [
            {"entity_id": "NGA", "admin1": "Borno", "source_id": "REF-LCB-01"},
            {"entity_id": "NGA", "admin1": "Borno, Kanem-Bornu", "source_id": "IMPORT-abc"},
            {"entity_id": "NGA", "admin1": "Borno, Kanem-Bornu", "source_id": "IMPORT-abc"},
            {"entity_id": "", "admin1": "Lake Fitri", "source_id": "REF-LCB-02"},
        ]
    )
    checks = lcb_admin1.build(geo_copy, CONFIG, {"displacement": rows})["checks"]
    warned = checks[checks["check_id"].str.startswith("admin1.unmatched")].set_index("check_id")
    assert sorted(warned.index) == [
        "admin1.unmatched.LCB.lake-fitri",
        "admin1.unmatched.NGA.borno-kanem-bornu",
    ]
    nigeria = warned.loc["admin1.unmatched.NGA.borno-kanem-bornu"]
    assert nigeria["status"] == "warning" and nigeria["source_id"] == "IMPORT-abc"
    assert "Kanem-Bornu matches no admin-1 area" in nigeria["message"] and "2 row(s)" in nigeria["message"]
    assert "Kanem-Bornu ne correspond à aucune zone" in nigeria["message_fr"]
    assert "Lake Chad Basin" in warned.loc["admin1.unmatched.LCB.lake-fitri", "message"]
    assert "admin1.names" not in set(checks["check_id"])


def test_a_cut_file_stops_the_build_naming_it(geo_copy):
    path = geo_copy / FILES["TCD"]
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(
        EtlError, match=r"TCD_admin1\.geojson: not a readable GeoJSON file .*Restore it from git"
    ):
        lcb_admin1.build(geo_copy, CONFIG, {})


def test_a_file_missing_features_stops_the_build_naming_the_count(geo_copy):
    path = geo_copy / FILES["NER"]
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"] = collection["features"][:-1]
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(
        EtlError, match=r"NER_admin1\.geojson: 7 features where NER has 8 admin-1 areas"
    ) as err:
        lcb_admin1.build(geo_copy, CONFIG, {})
    assert "7 entités alors que NER compte 8 zones" in err.value.text("fr")


def test_a_missing_file_stops_the_build_naming_it(geo_copy):
    (geo_copy / FILES["CMR"]).unlink()
    with pytest.raises(EtlError, match=r"Missing raw file: geo/lcb_admin1/CMR_admin1\.geojson"):
        lcb_admin1.build(geo_copy, CONFIG, {})


def test_a_spelling_given_to_two_areas_stops_the_build(geo_copy, tmp_path):
    table = lcb_admin1.load_name_table()
    table["areas"]["NGA"]["NG036"]["also"] = {"Borno State": "a mistaken edit"}
    path = tmp_path / "admin1_names.yaml"
    path.write_text(json.dumps(table), encoding="utf-8")  # JSON is YAML
    with pytest.raises(EtlError, match=r"'Borno State' \(NGA\) is given to two areas, NG008 and NG036"):
        lcb_admin1.build(geo_copy, CONFIG, {}, names_path=path)


# --- what the pydeck map gets -------------------------------------------------------------------------


def test_polygon_records_for_pydeck_cover_every_area_with_its_names(built):
    areas = built["admin1_areas"]
    records = admin1_queries.admin1_polygon_records(areas, ["NGA", "TCD"], lang="fr")
    assert {r["area_id"] for r in records} == set(areas.query("entity_id in ['NGA', 'TCD']")["area_id"])
    borno = [r for r in records if r["area_id"] == "NG008"]
    assert len(borno) == 1 and borno[0]["name"] == "Borno" and borno[0]["entity_id"] == "NGA"
    ring = borno[0]["polygon"][0]
    assert ring[0] == ring[-1] and all(len(point) == 2 for point in ring)
    assert shapely.Polygon(ring).contains(shapely.Point(borno[0]["label_lon"], borno[0]["label_lat"]))
    far_north = admin1_queries.admin1_polygon_records(areas, ["CMR"], lang="fr")
    assert {r["name"] for r in far_north if r["area_id"] == "CM-EN"} == {"Extrême-Nord"}


def test_feature_collection_and_bounds_of_the_four_countries(built):
    areas = built["admin1_areas"]
    collection = admin1_queries.admin1_feature_collection(areas, ["NGA", "NER", "CMR", "TCD"], lang="en")
    assert len(collection["features"]) == 78
    lac = next(f for f in collection["features"] if f["properties"]["area_id"] == "TD-LC")
    assert lac["properties"]["name"] == "Lac" and lac["geometry"]["type"] in ("Polygon", "MultiPolygon")
    west, south, east, north = admin1_queries.admin1_bounds(areas, ["NGA", "NER", "CMR", "TCD"])
    assert 0 < west < 1 and 1 < south < 5 and 23 < east < 25 and 22 < north < 24
    assert admin1_queries.admin1_bounds(areas, ["SEN"]) is None


def test_a_feature_without_a_polygon_stops_the_build_naming_its_area(geo_copy):
    path = geo_copy / FILES["NER"]
    collection = json.loads(path.read_text(encoding="utf-8"))
    (diffa,) = [f for f in collection["features"] if f["properties"]["admin1_pcode"] == "NE002"]
    diffa["geometry"] = {"type": "Point", "coordinates": [12.6, 13.3]}
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(EtlError, match=r"NER_admin1\.geojson: area NE002 has no valid polygon \(Point"):
        lcb_admin1.build(geo_copy, CONFIG, {})


def test_the_boundary_files_are_the_ones_sources_md_records():
    import hashlib

    listed = (RAW_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for file in FILES.values():
        digest = hashlib.sha256((RAW_DIR / file).read_bytes()).hexdigest()
        assert f"| `{file}` |" in listed and digest in listed, file
