"""Priorities and photo captions of Migration Initiatives 2020, on the real text and on edited copies."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from etl.common import RAW_DIR, EtlError, load_config
from etl.sources import priorities

CONFIG = load_config()
DOC = CONFIG["documents"]["mi2020"]
RAW_TEXT = (RAW_DIR / DOC["file"]).read_text(encoding="utf-8")
FURNITURE = "MI G R ATI ON I NI TI ATI V E S 2 0 2 0"

# Document order of the sections, as printed (read off the PDF text by hand).
SECTION_ORDER = [
    "RO-DAKAR", "BEN", "BFA", "CPV", "CMR", "CAF", "TCD", "CIV", "GAB", "GMB", "GHA",
    "GIN", "GNB", "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TGO",
]  # fmt: skip


@pytest.fixture(scope="module")
def real() -> dict[str, pd.DataFrame]:
    return priorities.build(RAW_DIR, CONFIG, {})


def build_edited(tmp_path: Path, *edits: tuple[str, str]) -> dict[str, pd.DataFrame]:
    """Build from a copy of the document with each (old, new) replacement applied once."""
    text = RAW_TEXT
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not unique in the document: {old!r}"
        text = text.replace(old, new)
    (tmp_path / DOC["file"]).write_text(text, encoding="utf-8")
    return priorities.build(tmp_path, CONFIG, {})


def texts(pr: pd.DataFrame, entity: str) -> list[str]:
    return pr.loc[pr["entity_id"] == entity, "text"].tolist()


def the(pr: pd.DataFrame, priority_id: str) -> str:
    row = pr.loc[pr["priority_id"] == priority_id, "text"]
    assert len(row) == 1, priority_id
    return row.iloc[0]


# --- structure -----------------------------------------------------------------------------------------


def test_columns(real):
    assert list(real["priorities"].columns) == priorities.PRIORITY_COLUMNS
    assert list(real["captions"].columns) == [
        "caption_id", "entity_id", "text", "credit", "year", "source_id",
    ]  # fmt: skip
    assert set(real["priorities"]["source_id"]) == {DOC["source_id"]}
    assert set(real["captions"]["source_id"]) == {DOC["source_id"]}
    assert real["priorities"]["priority_id"].is_unique


def test_all_sections_in_document_order(real):
    pr = real["priorities"]
    assert list(dict.fromkeys(pr["entity_id"])) == SECTION_ORDER
    # seq numbers each entity's rows 1.. in document order
    for _, group in pr.groupby("entity_id"):
        assert group["seq"].tolist() == list(range(1, len(group) + 1))


def test_counts_per_section(real):
    pr = real["priorities"]
    counts = pr.groupby(["entity_id", "kind"]).size().unstack(fill_value=0)
    # counted by hand on the document
    assert counts.loc["BEN", "intro"] == 1 and counts.loc["BEN", "bullet"] == 4
    assert counts.loc["BFA", "bullet"] == 10
    assert counts.loc["CPV", "bullet"] == 3
    assert counts.loc["GNB", "bullet"] == 9
    assert counts.loc["LBR", "bullet"] == 10
    assert counts.loc["SEN", "bullet"] == 11
    assert counts.loc["GMB", "bullet"] == 1 and counts.loc["GMB", "paragraph"] == 6
    assert (counts.drop(index="RO-DAKAR")["intro"] == 1).all()
    assert counts["paragraph"].sum() == 6  # only The Gambia has plain paragraphs
    assert len(pr) == 148


def test_regional_principles_and_objectives(real):
    pr = real["priorities"]
    ro = pr[pr["entity_id"] == "RO-DAKAR"]
    assert ro["priority_id"].tolist() == [f"RO-DAKAR-{p}" for p in ("P1", "P2", "P3", "O1", "O2", "O3")]
    assert ro["pillar"].tolist() == ["P1", "P2", "P3", "O1", "O2", "O3"]
    assert ro["kind"].tolist() == ["principle"] * 3 + ["objective"] * 3
    assert (pr.loc[pr["entity_id"] != "RO-DAKAR", "pillar"] == "").all()
    # whole heading text: first and last sentence of P3, joined across the page break
    p3 = the(pr, "RO-DAKAR-P3")
    assert p3.startswith("Developing strong partnerships with diaspora groups continue to be a priority")
    assert "to build upon the programmes initiated by an increasing number of missions" in p3
    assert p3.endswith("mobilization of farmers communities ahead of animal movements.")
    assert "expanding the geographic coverage of IOM’s Transhumance Tracking Tool" in the(pr, "RO-DAKAR-O2")
    # the subtitle is not a priority
    assert not pr["text"].str.contains("Migration Governance Framework principles and objectives").any()


def test_no_furniture_credits_or_markers_in_texts(real):
    for text in real["priorities"]["text"]:
        assert "©" not in text and "IOM 2019/" not in text
        assert "MI G R" not in text and "ATI ON" not in text
        assert not text.startswith("-- ") and " -- " not in text
        assert "  " not in text and text == text.strip()
    # caption text does not leak into the sections
    assert not real["priorities"]["text"].str.contains("Sylvain|CHERKAOUI|Mercy Migration Club").any()


def test_country_name_at_line_start_mid_sentence(real):
    pr = real["priorities"]
    assert "stranded in Burkina Faso, having geographical strategic position" in the(pr, "BFA-06")
    assert "border areas with Togo and Burkina Faso; related activities" in the(pr, "BEN-05")


def test_hyphen_joined_words_kept_as_printed(real):
    pr = real["priorities"]
    assert "humanitarianoriented interventions" in the(pr, "BFA-01")
    assert "focusing on the most vulnerable and countermigrant trafficking and smuggling." in the(
        pr, "BFA-06"
    )


def test_mauritania_bullet_around_caption_is_joined(real):
    text = the(real["priorities"], "MRT-05")
    assert text.startswith("Intensify its outreach programme on “vivre ensemble”")
    assert (
        "the support for the Mauritanian diaspora will also be increased. This will be achieved by "
        "organizing multiple short voluntary return for the highly educated and dedicated;" in text
    )
    assert text.endswith("training will be provided for the officials of ministries.")


def test_burkina_faso_bullets_across_page_break_and_caption(real):
    pr = real["priorities"]
    # the bullets on each side of the page break after "skills improvement trainings."
    assert the(pr, "BFA-08").endswith("promoting entrepreneurship and improving access to microfinance and "
                                      "skills improvement trainings.")  # fmt: skip
    assert the(pr, "BFA-09").startswith(
        "Respond to priorities identified by local authorities, return migrants"
    )
    # the bullet after the photo caption starts cleanly
    assert the(pr, "BFA-05").startswith("Strengthen community cohesion and peacebuilding")
    # a new sentence at the start of a bullet line stays in its bullet
    assert "national diaspora policy. Provide systems and dynamics to mobilize diaspora" in the(pr, "BFA-10")


def test_burkina_faso_bullet_interrupted_by_page_furniture_is_joined(tmp_path, real):
    out = build_edited(
        tmp_path,
        (
            "emergency shelters, non-food items (NFIs) to the tens of thousands of\n",
            f"emergency shelters, non-food items (NFIs) to the tens of thousands of\n{FURNITURE}\n ",
        ),
    )
    assert the(out["priorities"], "BFA-03") == the(real["priorities"], "BFA-03")
    assert "tens of thousands of households living in difficult" in the(out["priorities"], "BFA-03")


def test_sierra_leone_bullet_across_page_is_joined(real):
    assert "community disaster risk management in disaster-prone districts" in the(
        real["priorities"], "SLE-04"
    )


def test_gambia_plain_paragraphs_are_separate_priorities(real):
    pr = real["priorities"]
    gmb = pr[pr["entity_id"] == "GMB"]
    assert gmb["kind"].tolist() == ["intro", "bullet"] + ["paragraph"] * 6
    starts = [t[:40] for t in gmb["text"]]
    assert starts[1].startswith("Focus on providing assistance to vulnera")
    assert [s.split(" ")[0:3] for s in starts[2:]] == [
        ["IOM", "intends", "to"],
        ["The", "strategic", "priority"],
        ["IOM", "will", "focus"],
        ["Finding", "alternatives", "to"],
        ["In", "response", "to"],
        ["IOM", "will", "broaden"],
    ]
    bullet = the(pr, "GMB-02")
    assert bullet.endswith("in the protection of and assistance to vulnerable migrants.")
    assert the(pr, "GMB-08").endswith("emergency health preparedness of the country.")


def test_sentence_starting_a_bullet_line_is_not_a_paragraph(real):
    # Guinea: "... logistics support.\nProvide logistical and technical support at the points of entry" is
    # one bullet (indented width), not a plain paragraph.
    text = the(real["priorities"], "GIN-04")
    assert text.startswith("Mitigate risks associated with the movement of people")
    assert text.endswith("continuous reinforcement of the emergency operations centres.")


def test_split_items_width_rule_and_paragraph_chaining():
    bullet = "x" * 70
    full = "y" * 84
    body = [
        "Intro line one.", "IOM priorities for 2020 include:",
        "-- First bullet " + bullet, bullet + ".",
        "A new sentence at a bullet line start " + bullet[:30], bullet + ".",  # same width: same bullet
        "IOM will also run a plain paragraph " + full[:48], full, "its end.",  # full column: paragraph
        "Then a short paragraph " + bullet[:40], "ends here.",  # after a paragraph: a new paragraph
        "-- Last bullet.",
    ]  # fmt: skip
    items = priorities.split_items(body, wide=77.5)
    assert [i.kind for i in items] == ["intro", "bullet", "paragraph", "paragraph", "bullet"]
    assert items[1].lines[2].startswith("A new sentence")
    assert items[3].lines == ["Then a short paragraph " + bullet[:40], "ends here."]


def test_paragraph_width_sits_between_bullet_and_text_columns():
    parsed = priorities.parse(RAW_TEXT, "Regional Office Dakar", "RO-DAKAR")
    # bullet lines are at most 76 characters wide in this document, full-width paragraph lines 79 or more
    assert 76 < parsed.paragraph_width < 79


# --- captions ------------------------------------------------------------------------------------------


def test_captions(real):
    cap = real["captions"]
    assert cap["caption_id"].tolist() == [f"CAP-{n:02d}" for n in range(1, 10)]
    assert cap["entity_id"].tolist() == ["RO-DAKAR", "BFA", "TCD", "GHA", "GNB", "MRT", "NGA", "SEN", "TGO"]
    first = cap.iloc[0]
    assert first["text"] == (
        "On the International Day of the African Child, IOM in Burkina Faso hosted events and activities "
        "for 300 migrant and host community children."
    )
    assert first["credit"] == "© IOM 2019/Alexander BEE" and first["year"] == 2019
    # wrapped credits
    assert cap.loc[cap["entity_id"] == "MRT", "credit"].item() == "© IOM 2019/Sylvain CHERKAOUI"
    assert cap.loc[cap["entity_id"] == "SEN", "credit"].item() == "© IOM 2019/Julia BURPEE"
    assert cap["year"].tolist() == [2019, 2018, 2018, 2019, 2018, 2019, 2018, 2019, 2017]
    assert not cap["text"].str.contains("©").any()
    assert cap.loc[cap["entity_id"] == "TGO", "text"].item().startswith("In the Central African Republic")


def test_chad_lake_chad_basin_caption_intact(real):
    chad = real["captions"].set_index("entity_id").loc["TCD"]
    assert chad["text"] == (
        "The Lake Chad Basin humanitarian emergency has evolved to be one of the most severe in the world. "
        "Now more than nine years into the crisis, an estimated 10.7 million depend on humanitarian "
        "assistance for their survival and 4,471,459 individuals have been forced to leave their homes. "
        "The vast majority, almost 2.5 million individuals, remain displaced within the borders of their "
        "own country, while over 1.8 million individuals have returned to areas of origin and around "
        "160,000 individuals are out-of-camp refugees."
    )
    assert chad["credit"] == "© IOM 2018/Amanda MARTINEZ NERO"
    # and the Chad section still ends with its last bullet
    assert the(real["priorities"], "TCD-08").endswith(
        "capacity-building trainings for local actors on border management."
    )


# --- edited copies -------------------------------------------------------------------------------------


def _section(name: str, next_name: str) -> str:
    """The raw text of a section, from its heading line to the next heading line."""
    m = re.search(rf"(?m)^ ?{re.escape(name)}\n.*?(?=^ ?{re.escape(next_name)}\n)", RAW_TEXT, re.S)
    assert m, name
    return m.group(0)


def test_missing_country_section_is_named(tmp_path):
    with pytest.raises(EtlError, match=r"missing.*Ghana"):
        build_edited(tmp_path, (_section("Ghana", "Guinea"), ""))


def test_empty_country_section_is_named(tmp_path):
    gabon = _section("Gabon", "The Gambia")
    with pytest.raises(EtlError, match=r"Gabon"):
        build_edited(tmp_path, (gabon, " Gabon\n\n"))


def test_section_without_bullets_is_named(tmp_path):
    gabon = _section("Gabon", "The Gambia")
    intro_only = gabon.split("-- ")[0]
    with pytest.raises(EtlError, match=r"Gabon.*no '-- ' priority bullets"):
        build_edited(tmp_path, (gabon, intro_only))


def test_caption_inserted_inside_a_bullet(tmp_path, real):
    caption = (
        " IOM staff and border officials at the Kraké border post between Benin and Nigeria, where the "
        "Migration Information and\nData Analysis System was installed in 2019 to record the entries and "
        "exits. © IOM 2019/\nAna ORTEGA\n\n"
    )
    out = build_edited(
        tmp_path,
        ("at the land border to provide government policymakers with accurate\n",
         "at the land border to provide government policymakers with accurate\n" + caption),
    )  # fmt: skip
    pr, cap = out["priorities"], out["captions"]
    assert texts(pr, "BEN") == texts(real["priorities"], "BEN")
    new = cap[cap["entity_id"] == "BEN"]
    assert len(new) == 1 and len(cap) == len(real["captions"]) + 1
    assert new["credit"].item() == "© IOM 2019/Ana ORTEGA"
    assert new["text"].item().startswith("IOM staff and border officials at the Kraké border post")
    assert new["text"].item().endswith("to record the entries and exits.")


def test_caption_inserted_between_bullets(tmp_path, real):
    out = build_edited(
        tmp_path,
        ("-- Disseminate IOM’s migration policy documents.\n",
         "-- Disseminate IOM’s migration policy documents.\n"
         "Border officials in Cotonou during a training on document examination, organized with the national "
         "police. © IOM 2018/Firmin ZINSOU\n"),
    )  # fmt: skip
    assert texts(out["priorities"], "BEN") == texts(real["priorities"], "BEN")
    assert out["captions"].loc[out["captions"]["entity_id"] == "BEN", "year"].item() == 2018


def test_country_name_alone_on_a_line_mid_sentence_is_not_a_heading(tmp_path, real):
    out = build_edited(
        tmp_path,
        # a country name wrapped alone onto a line after an unfinished line (the next one opens with a name)
        ("-- Prevent conflict and violent extremism in border areas with Togo and\nBurkina Faso; related",
         "-- Prevent conflict and violent extremism in border areas with Niger and\n"
         "Togo\nBurkina Faso; related"),
        # a country name alone after a finished sentence, but the text goes on in lower case
        ("Families.\n-- Disseminate",
         "Families. Migrant workers from Togo.\nNigeria\nand Ghana too.\n-- Disseminate"),
    )  # fmt: skip
    pr = out["priorities"]
    assert list(dict.fromkeys(pr["entity_id"])) == SECTION_ORDER
    assert len(texts(pr, "BEN")) == 5
    assert "border areas with Niger and Togo Burkina Faso; related activities" in the(pr, "BEN-05")
    assert the(pr, "BEN-03").endswith("Families. Migrant workers from Togo. Nigeria and Ghana too.")


def test_line_starting_with_country_name_is_not_a_heading(tmp_path):
    out = build_edited(
        tmp_path,
        ("Disseminate IOM’s migration policy documents.\n",
         "Disseminate IOM’s migration policy documents with\nTogo and Nigeria.\n"),
    )  # fmt: skip
    assert (
        the(out["priorities"], "BEN-04")
        == "Disseminate IOM’s migration policy documents with Togo and Nigeria."
    )


def test_unparseable_caption_credit_raises(tmp_path):
    with pytest.raises(EtlError, match=r"credit cannot be parsed.*Xizi"):
        build_edited(tmp_path, ("© IOM 2019/Xizi LUO", "© IOM/Xizi LUO"))


def test_wrapped_credit_without_surname_raises(tmp_path):
    with pytest.raises(EtlError, match=r"credit cannot be parsed"):
        build_edited(tmp_path, ("© IOM 2019/\nSylvain CHERKAOUI\n", "© IOM 2019/\n\n"))


def test_unknown_section_against_entities_raises():
    entities = pd.DataFrame({"entity_id": [e for e in SECTION_ORDER if e != "GHA"]})
    with pytest.raises(EtlError, match=r"Ghana \(GHA\)"):
        priorities.build(RAW_DIR, CONFIG, {"entities": entities})
