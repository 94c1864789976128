"""Events read from the four event texts (real files and edited copies)."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.common import RAW_DIR, EtlError, load_config
from etl.sources.events import EVENT_COLUMNS, PARTICIPANT_COLUMNS, build, split_country_list
from tests.etl_helpers import edit_text

CONFIG = load_config()
DOCS = CONFIG["documents"]
# The 21 entities of the 2020 appeal (20 country offices + the Regional Office), for tests only.
APPEAL_ENTITIES = ["BEN", "BFA", "CIV", "CMR", "CAF", "CPV", "GAB", "GHA", "GIN", "GMB", "GNB", "LBR", "MLI",
                   "MRT", "NER", "NGA", "SEN", "SLE", "TCD", "TGO", "RO-DAKAR"]
CONTEXT = {"entities": pd.DataFrame({"entity_id": APPEAL_ENTITIES})}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return build(RAW_DIR, CONFIG, CONTEXT)


@pytest.fixture(scope="module")
def events(tables) -> pd.DataFrame:
    return tables["events"].set_index("event_id")


def participants(tables, event_id: str) -> list[str]:
    parts = tables["event_participants"]
    return sorted(parts.loc[parts["event_id"] == event_id, "iso3"])






def test_tables_shape(tables):
    assert list(tables["events"].columns) == EVENT_COLUMNS
    assert list(tables["event_participants"].columns) == PARTICIPANT_COLUMNS
    assert len(tables["events"]) == 4
    assert len(tables["event_participants"]) == 8 + 10 + 3
    assert "sources" not in tables  # the documents' sources come from config.yaml


def test_emm2_dakar_2023(events, tables):
    ev = events.loc["EMM2-DAKAR-2023"]
    assert (ev["start_date"], ev["end_date"]) == ("2023-05-10", "2023-05-12")
    assert (ev["city"], ev["host_iso3"]) == ("Dakar", "SEN")
    assert (ev["participant_count"], ev["participant_unit"]) == (21, "officials")
    assert ev["topic"] == "Essentials of Migration Management 2.0 (EMM 2.0)"
    assert ev["organiser"] == "IOM Regional Office for West and Central Africa"
    assert bool(ev["in_region"])
    assert ev["source_id"] == DOCS["emm2_dakar_2023"]["source_id"]
    assert participants(tables, "EMM2-DAKAR-2023") == ["GAB", "GHA", "MRT", "NER", "NGA", "SEN", "SLE", "TCD"]


def test_smuggling_meeting_2013(events, tables):
    ev = events.loc["SMUGGLING-DAKAR-2013"]
    assert (ev["start_date"], ev["end_date"]) == ("2013-03-18", "2013-03-18")  # "Monday (18/3/13)"
    assert (ev["city"], ev["host_iso3"]) == ("Dakar", "SEN")
    assert (ev["participant_count"], ev["participant_unit"]) == (13, "countries")
    assert ev["topic"] == "Migrant smuggling"
    assert "does not name the countries" in ev["note"]
    assert bool(ev["in_region"])
    assert participants(tables, "SMUGGLING-DAKAR-2013") == []


def test_acbc_webinar(events, tables):
    ev = events.loc["ACBC-WEBINAR-2022"]
    assert (ev["start_date"], ev["end_date"]) == ("2021-01-01", "")  # "2021 - Present"
    assert "2021 - Present" in ev["note"]
    assert ev["city"] == "online" and ev["host_iso3"] == ""
    assert pd.isna(ev["participant_count"])  # not stated
    assert ev["organiser"] == "IOM African Capacity Building Centre"
    assert bool(ev["in_region"])  # continental, with participants from the region
    parts = tables["event_participants"]
    acbc = parts[parts["event_id"] == "ACBC-WEBINAR-2022"].set_index("iso3")
    assert sorted(acbc.index) == ["BFA", "CIV", "COM", "DJI", "DZA", "MDG", "MUS", "SYC", "TGO", "TZA"]
    assert sorted(acbc.index[acbc["in_region"]]) == ["BFA", "CIV", "TGO"]
    assert acbc.loc["CIV", "name"] == "Côte d’Ivoire"  # as written
    assert acbc.loc["TZA", "name"] == "the United Republic of Tanzania"


def test_caribbean_training_is_out_of_region(events, tables):
    ev = events.loc["EMM2-CARIBBEAN-2021"]
    assert (ev["start_date"], ev["end_date"]) == ("2021-04-01", "2021-08-31")
    assert ev["city"] == "online"
    assert (ev["participant_count"], ev["participant_unit"]) == (3, "countries")
    assert ev["topic"] == "Essentials of Migration Management 2.0 (EMM 2.0)"
    assert not bool(ev["in_region"])
    parts = tables["event_participants"]
    carib = parts[parts["event_id"] == "EMM2-CARIBBEAN-2021"]
    assert carib["name"].tolist() == ["Antigua and Barbuda", "Grenada", "Saint Vincent and the Grenadines"]
    assert not carib["in_region"].any()


def test_entities_are_required():
    with pytest.raises(EtlError, match=r"context\['entities'\]"):
        build(RAW_DIR, CONFIG, {})


def test_country_lists_split_on_and_only_between_countries():
    names = split_country_list("Antigua and Barbuda, Grenada, and Saint Vincent and the Grenadines", "t")
    assert [iso3 for _, iso3 in names] == ["ATG", "GRD", "VCT"]
    names = split_country_list("Niger, Nigeria, Senegal and Sierra Leone", "t")
    assert [iso3 for _, iso3 in names] == ["NER", "NGA", "SEN", "SLE"]


def test_unknown_participant_country_is_an_error(raw_copy):
    edit_text(raw_copy / DOCS["emm2_dakar_2023"]["file"], "Ghana, Mauritania", "Ghanna, Mauritania")
    with pytest.raises(EtlError, match=r"unknown country name 'Ghanna'"):
        build(raw_copy, CONFIG, CONTEXT)


def test_announced_count_must_match_the_names(raw_copy):
    edit_text(raw_copy / DOCS["emm2_dakar_2023"]["file"], "Chad, Gabon, Ghana", "Chad, Ghana")
    with pytest.raises(EtlError, match=r"announces 8 countries but names 7"):
        build(raw_copy, CONFIG, CONTEXT)


def test_missing_date_is_an_error(raw_copy):
    edit_text(raw_copy / DOCS["emm2_dakar_2023"]["file"], "from 10 to 12 May 2023", "in May")
    with pytest.raises(EtlError, match=r"emm2_dakar.*training dates"):
        build(raw_copy, CONFIG, CONTEXT)


def test_weekday_confirms_the_short_date(raw_copy):
    # 19/3/13 was a Tuesday: the release's "Monday" would then contradict the date read.
    edit_text(raw_copy / DOCS["smuggling_dakar_2013"]["file"], "Monday (18/3/13)", "Monday (19/3/13)")
    with pytest.raises(EtlError, match=r"not a Monday"):
        build(raw_copy, CONFIG, CONTEXT)


def test_changed_text_changes_the_table(raw_copy):
    edit_text(raw_copy / DOCS["emm2_dakar_2023"]["file"], "brought together 21 high-level officials",
              "brought together 25 high-level officials")
    ev = build(raw_copy, CONFIG, CONTEXT)["events"].set_index("event_id").loc["EMM2-DAKAR-2023"]
    assert ev["participant_count"] == 25
