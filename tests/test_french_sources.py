"""A French reader sees the sources' short titles, imported organisations, IOM plans and map countries in
French: written by the project (sources.short_title_fr, the catalogue), never the documents' own titles."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import citations, data
from dashboard.tables import read_table
from etl.sources.import_rows import DTM_ORG


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return read_table("sources").set_index("source_id")


def test_every_short_title_has_its_french(sources):
    short = sources[sources["short_title"].notna()]
    assert short.index[short["short_title_fr"].isna()].tolist() == []


@pytest.mark.parametrize(
    ("source_id", "french"),
    [
        ("OCHA-FTS-HDX-2026-03-12", "OCHA FTS, besoins et financements (HDX)"),
        ("IMPORT-5379A0418F83", "OIM DTM, crise du bassin du lac Tchad, cycles 1 à 24"),
        ("IDMC-GIDD-2025-CONFLICT", "IDMC, GIDD (HDX), conflits"),
        ("GEO-ADM1-TCD", "geoBoundaries, Tchad ADM1 (OpenStreetMap)"),
    ],
)
def test_source_lines_use_the_french_short_title(sources, source_id, french):
    row = sources.loc[source_id].copy()
    row["source_id"] = source_id
    assert citations.source_label(row, "fr") == french
    assert citations.source_label(row, "en") == row["short_title"]
    assert citations.citation_index(sources.reset_index(), "fr")[source_id].endswith(f"| {french}")


def test_without_french_the_short_title_then_publisher_and_title():
    row = pd.Series({"title": "Lake Chad Basin Crisis Monthly Dashboard #3", "short_title": "IOM DTM, x",
                     "short_title_fr": None, "publisher": "IOM", "date": "2018-06-20"})
    assert citations.source_label(row, "fr") == "OIM DTM, x"
    row["short_title"] = None
    assert citations.source_label(row, "fr") == "OIM, Lake Chad Basin Crisis Monthly Dashboard #3"


def test_document_titles_stay_as_their_publishers_wrote_them(sources):
    assert sources.at["IOM-MI2020-WCA", "title"].startswith("Migration Initiatives 2020: West and Central")
    assert sources.at["DTM-LCB-03", "title"] == "Lake Chad Basin Crisis Monthly Dashboard #3"


def test_an_imported_dtm_organisation_reads_in_french():
    org = DTM_ORG.format(operation="Lake Chad Basin Crisis", round=19, assessment="BA")
    assert citations.organisation_label(org, "en") == org
    assert citations.organisation_label(org, "fr") == "OIM DTM, crise du bassin du lac Tchad, cycle 19 (BA)"
    # an operation the catalogue does not name stays as the DTM names it
    other = DTM_ORG.format(operation="Sahel Crisis", round=3, assessment="SA")
    assert citations.organisation_label(other, "fr") == "OIM DTM, Sahel Crisis, cycle 3 (SA)"
    # a collector's wording is translated whole, never only its acronyms
    assert citations.organisation_label("DG ECHO citing IOM/UNHCR", "en") == "DG ECHO citing IOM/UNHCR"
    assert citations.organisation_label("DG ECHO citing IOM/UNHCR", "fr") == "DG ECHO, citant l’OIM et le HCR"
    # one the catalogue does not know stays as written
    assert citations.organisation_label("UNFPA citing IOM", "fr") == "UNFPA citing IOM"


def test_every_imported_dtm_operation_has_a_french_name():
    from i18n import catalogue

    operations = read_table("displacement")["source_org"].dropna().str.extract(
        r"^IOM DTM (.+), round \d+ \(", expand=False).dropna().unique()
    assert len(operations) > 0
    assert [op for op in operations if f"source_labels.dtm_operations.{op}" not in catalogue("fr")] == []


def test_plan_names_in_french():
    """A plan's name is the table's French (appeal_fr) on French pages, the name as written in English and
    wherever the French is missing."""
    funding = read_table("funding").set_index("funding_id")
    total = funding.loc["2023-iom-chad-crisis-response-plan-2023-total"]
    assert citations.plan_label(total, "fr") == "Plan de réponse aux crises de l’OIM, Tchad, 2023 (total)"
    assert citations.plan_label(total, "en") == "IOM Chad Crisis Response Plan 2023 (total)"
    untranslated = {"appeal": "IOM Chad CRP 2023 - Objective 1", "appeal_fr": ""}
    assert citations.plan_label(untranslated, "fr") == "IOM Chad CRP 2023 - Objective 1"
    scopes = citations.scope_labels(funding.loc[["2019-lcb-response-plans-2019"]], "fr")
    assert scopes.tolist() == ["Bassin du lac Tchad (Cameroun, Tchad, Niger, Nigeria)"]


def test_map_countries_are_named_in_french():
    entities = read_table("entities").set_index("entity_id")["name_fr"]
    names = data.map_country_names(["DZA", "GNQ", "ESH", "COD", "CIV", "CAF"], "fr")
    assert (names["DZA"], names["GNQ"]) == ("Algérie", "Guinée équatoriale")
    assert (names["ESH"], names["COD"]) == ("Sahara occidental", "Congo-Kinshasa")
    assert (names["CIV"], names["CAF"]) == (entities["CIV"], entities["CAF"])  # the pages' names
    assert entities["CIV"] == "Côte d’Ivoire"
    french = data.boundaries("fr")
    english = data.boundaries("en")
    assert {f["properties"]["name"] for f in french["features"]} >= {"Algérie", "Tchad", "Cameroun"}
    assert {f["properties"]["name"] for f in english["features"]} >= {"Algeria", "Chad", "Cameroon"}
