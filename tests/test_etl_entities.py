"""The 21 offices: names from the section headings, crisis areas from the regional text, label points."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from etl.common import RAW_DIR, EtlError, load_config
from etl.sources import appeal, entities
from tests.etl_helpers import edited_raw

CONFIG = load_config()
DOC = CONFIG["documents"]["mi2020"]
OFFICE = CONFIG["regional_office"]




@pytest.fixture(scope="module")
def real() -> dict:
    return entities.build(RAW_DIR, CONFIG, {})


@pytest.fixture(scope="module")
def ents(real) -> pd.DataFrame:
    return real["entities"].set_index("entity_id")


def test_one_row_per_office_of_the_appeal(real):
    df = real["entities"]
    assert list(df.columns) == [
        "entity_id", "name_en", "name_fr", "kind", "lake_chad_basin", "liptako_gourma",
        "label_lat", "label_lon", "source_id",
    ]
    assert len(df) == 21
    assert list(df.entity_id) == sorted(df.entity_id)
    assert set(df.entity_id) == set(appeal.build(RAW_DIR, CONFIG, {})["appeal"].entity_id)
    assert df.kind.value_counts().to_dict() == {"country": 20, "regional_office": 1}
    assert set(df.source_id) == {"IOM-MI2020-WCA"}


def test_names_come_from_the_section_headings(ents):
    assert ents.loc["GMB", "name_en"] == "The Gambia"  # "Gambia" in the table
    assert ents.loc["NER", "name_en"] == "The Niger"
    assert ents.loc["CIV", "name_en"] == "Côte d'Ivoire"  # curly apostrophe straightened
    assert ents.loc["CAF", "name_en"] == "Central African Republic"
    assert ents.loc["RO-DAKAR", "name_en"] == "Regional Office Dakar"
    assert ents.loc["RO-DAKAR", "kind"] == "regional_office"


def test_french_names(ents):
    assert ents.name_fr.str.len().min() > 0
    assert ents.loc["TCD", "name_fr"] == "Tchad"
    assert ents.loc["GMB", "name_fr"] == "Gambie"
    assert ents.loc["CIV", "name_fr"] == "Côte d’Ivoire"  # French typography: the curly apostrophe
    assert ents.loc["RO-DAKAR", "name_fr"] == OFFICE["name_fr"]


def test_crisis_areas_as_the_document_lists_them(ents):
    assert sorted(ents.index[ents.lake_chad_basin]) == ["CMR", "NER", "NGA", "TCD"]
    assert sorted(ents.index[ents.liptako_gourma]) == ["BFA", "MLI", "NER"]
    assert ents.lake_chad_basin.dtype == bool and ents.liptako_gourma.dtype == bool


def test_crisis_list_items_lose_their_qualifiers():
    text = (
        "such as the Lake Chad Basin (North-East Nigeria, SouthWest Niger, Lake Region in Chad and "
        "Northern Cameroon) and Liptako-Gourma\n(Burkina Faso, Mali and the Niger, with potential "
        "spillover to the surrounding coastal countries)"
    )
    assert entities.crisis_areas(text) == {
        "lake_chad_basin": ["CMR", "NER", "NGA", "TCD"],
        "liptako_gourma": ["BFA", "MLI", "NER"],
    }


def test_crisis_list_is_read_from_the_text(tmp_path):
    raw = edited_raw(tmp_path, ("Lake Region in Chad and Northern Cameroon", "and Lake Region in Chad"))
    df = entities.build(raw, CONFIG, {})["entities"].set_index("entity_id")
    assert sorted(df.index[df.lake_chad_basin]) == ["NER", "NGA", "TCD"]


def test_crisis_list_naming_a_non_office_fails(tmp_path):
    raw = edited_raw(tmp_path, ("Northern Cameroon", "Northern Sudan"))
    with pytest.raises(EtlError, match=r"Lake Chad Basin list names \['SDN'\], not appeal offices"):
        entities.build(raw, CONFIG, {})


def test_missing_crisis_list_fails(tmp_path):
    raw = edited_raw(tmp_path, ("Liptako–Gourma\n(", "Liptako–Gourma, "))
    with pytest.raises(EtlError, match="no longer lists the Liptako-Gourma countries"):
        entities.build(raw, CONFIG, {})


def test_section_headings_in_document_order():
    narrative, _ = appeal.load_document(RAW_DIR, CONFIG)
    ids = [e for _, _, e in entities.section_headings(narrative, CONFIG)]
    assert len(ids) == 21
    assert ids[:3] == ["RO-DAKAR", "BEN", "BFA"]
    assert ids[-1] == "TGO"


def test_checks(real):
    checks = real["checks"]
    assert list(checks.columns) == [
        "check_id", "table", "status", "subject", "message", "source_id", "subject_fr", "message_fr"
    ]  # fmt: skip
    assert set(checks.status) == {"pass"}
    lcb = checks.set_index("check_id").loc["entities-lake-chad-basin"]
    assert "Cameroon, Chad, Nigeria, The Niger" in lcb["message"]
    # in French: the countries' French names, in French alphabetical order
    assert lcb["subject_fr"] == "Zone de crise\u202f: bassin du lac Tchad"
    assert "Cameroun, Niger, Nigeria, Tchad." in lcb["message_fr"]


def test_section_without_table_row_fails(tmp_path):
    raw = edited_raw(
        tmp_path, ("in nature.\n\nGabon\n", "in nature.\n\nEquatorial Guinea\nIOM will.\nGabon\n")
    )
    with pytest.raises(EtlError, match=r"sections without a table row: \['Equatorial Guinea \(GNQ\)'\]"):
        entities.build(raw, CONFIG, {})


def test_table_row_without_section_fails(tmp_path):
    raw = edited_raw(tmp_path, ("in nature.\n\nGabon\n", "in nature.\n\n"))
    with pytest.raises(EtlError, match=r"table rows without a section: \['GAB'\]"):
        entities.build(raw, CONFIG, {})


def test_label_moved_to_another_row_is_caught(tmp_path):
    # Moving "Cameroon" one row down still reconciles (the unlabelled row before it takes the next name
    # of the label list), so only the order of the country sections can tell the figures moved office.
    raw = edited_raw(
        tmp_path,
        (
            "Cameroon\n\n250 000\n\n950 000\n\n500 000\n\n-\n",
            "250 000\n\n950 000\n\n500 000\n\nCameroon\n\n-\n",
        ),
    )
    appeal.build(raw, CONFIG, {})
    with pytest.raises(EtlError, match=r"row 5 is CAF but section 5 of the narrative is CMR"):
        entities.build(raw, CONFIG, {})


def test_label_points_absent(monkeypatch, tmp_path):
    monkeypatch.setattr(entities, "LABEL_POINTS_PATH", tmp_path / "none.csv")
    df = entities.build(RAW_DIR, CONFIG, {})["entities"].set_index("entity_id")
    countries = df[df.kind == "country"]
    assert countries.label_lat.isna().all() and countries.label_lon.isna().all()
    assert (df.loc["RO-DAKAR", "label_lat"], df.loc["RO-DAKAR", "label_lon"]) == (
        OFFICE["label_lat"], OFFICE["label_lon"],
    )


def test_label_points_present(monkeypatch, tmp_path):
    ids = [e for e in entities.build(RAW_DIR, CONFIG, {})["entities"].entity_id if e != OFFICE["entity_id"]]
    points = pd.DataFrame({"iso3": ids, "label_lat": range(len(ids)), "label_lon": [-1.5] * len(ids)})
    path = tmp_path / "label_points.csv"
    points.to_csv(path, index=False)
    monkeypatch.setattr(entities, "LABEL_POINTS_PATH", path)
    df = entities.build(RAW_DIR, CONFIG, {})["entities"].set_index("entity_id")
    assert df.loc["BEN", "label_lat"] == 0.0 and df.loc["BEN", "label_lon"] == -1.5
    assert not math.isnan(df.loc["TGO", "label_lat"])
    assert df.loc["RO-DAKAR", "label_lat"] == OFFICE["label_lat"]

    points[points.iso3 != "NGA"].to_csv(path, index=False)
    with pytest.raises(EtlError, match=r"no label point for NGA \(Nigeria\)"):
        entities.build(RAW_DIR, CONFIG, {})
