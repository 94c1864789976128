"""Theme taxonomy (etl/themes.yaml): validation of edits, and the themes the rules give real priorities."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from etl.common import RAW_DIR, EtlError, load_config
from etl.sources import priorities, themes

CONFIG = load_config()
TAXONOMY = yaml.safe_load(themes.THEMES_PATH.read_text(encoding="utf-8"))
REQUIRED_THEMES = {
    "counter_trafficking", "border_management", "return_reintegration", "displacement_dtm",
    "shelter_nfi_cccm", "health", "climate_environment_drr", "diaspora_remittances",
    "labour_youth_livelihoods", "social_cohesion_peacebuilding", "governance_policy_data",
    "protection_vulnerable_migrants",
}  # fmt: skip


@pytest.fixture(scope="module")
def prios() -> pd.DataFrame:
    return priorities.build(RAW_DIR, CONFIG, {})["priorities"]


@pytest.fixture(scope="module")
def built(prios) -> dict[str, pd.DataFrame]:
    return themes.build(RAW_DIR, CONFIG, {"priorities": prios})


def themes_of(built, priority_id: str) -> set[str]:
    pt = built["priority_themes"]
    return set(pt.loc[pt["priority_id"] == priority_id, "theme_id"])


def write_taxonomy(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "themes.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def edited(change) -> dict:
    """A deep copy of the real taxonomy with `change(data)` applied."""
    data = copy.deepcopy(TAXONOMY)
    change(data)
    return data


def theme_entry(data: dict, theme_id: str) -> dict:
    return next(t for t in data["themes"] if t["id"] == theme_id)


# --- the taxonomy file -----------------------------------------------------------------------------------


def test_taxonomy_loads_with_required_themes_and_pillars():
    taxonomy = themes.load_taxonomy()
    by_id = {t.id: t for t in taxonomy}
    assert set(by_id) >= REQUIRED_THEMES
    assert {t.pillar for t in taxonomy} <= set(themes.PILLARS)
    expected = {
        "border_management": "O3", "counter_trafficking": "O3", "displacement_dtm": "O2",
        "governance_policy_data": "P2", "diaspora_remittances": "P3", "labour_youth_livelihoods": "O1",
        "protection_vulnerable_migrants": "P1",
    }  # fmt: skip
    assert {k: by_id[k].pillar for k in expected} == expected
    for t in taxonomy:
        assert t.name_en and t.name_fr and t.description_en and t.description_fr and t.keywords
        assert t.search_terms_fr, t.id
    assert {"traite", "trafic"} <= set(by_id["counter_trafficking"].search_terms_fr)
    assert "frontière" in by_id["border_management"].search_terms_fr


def test_every_theme_pillar_is_explained_in_a_comment():
    # the YAML is for non-developers: each theme has a comment right above it saying why its pillar
    lines = themes.THEMES_PATH.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("- id:"):
            pillar = next(x.split(":", 1)[1].strip() for x in lines[i:] if x.strip().startswith("pillar:"))
            assert lines[i - 1].strip().startswith("#"), line
            comment = "\n".join(x for x in lines[max(0, i - 6) : i] if x.strip().startswith("#"))
            assert pillar in comment, line


# --- validation of edits ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: theme_entry(d, "health").update(pillar="O4"), r"theme 'health': unknown pillar 'O4'"),
        (lambda d: theme_entry(d, "health").update(keywords=[]), r"theme 'health': 'keywords' is empty"),
        (lambda d: theme_entry(d, "health").pop("keywords"), r"theme 'health': 'keywords' must be a list"),
        (lambda d: d["themes"].append(copy.deepcopy(theme_entry(d, "health"))), r"'health' is used twice"),
        (lambda d: theme_entry(d, "health").pop("name_fr"), r"theme 'health': 'name_fr' is missing"),
        (lambda d: theme_entry(d, "health").update(name_en="  "), r"theme 'health': 'name_en' is missing"),
        (
            lambda d: theme_entry(d, "counter_trafficking")["keywords"].append("traffick(ing"),
            r"theme 'counter_trafficking': keyword entry 'traffick\(ing' is not a valid pattern",
        ),
        (
            lambda d: theme_entry(d, "return_reintegration")["exclude"].append("[DDRR"),
            r"theme 'return_reintegration': exclude entry '\[DDRR' is not a valid pattern",
        ),
        (lambda d: theme_entry(d, "health").update(keyword=["x"]), r"unknown field\(s\) \['keyword'\]"),
        (lambda d: theme_entry(d, "health").update(id="Health Theme"), r"'id' must be lower case"),
        (
            lambda d: theme_entry(d, "health").update(search_terms_fr="santé"),
            r"'search_terms_fr' must be a list",
        ),
    ],
)
def test_taxonomy_validation_catches_bad_edits(tmp_path, change, message):
    path = write_taxonomy(tmp_path, edited(change))
    with pytest.raises(EtlError, match=message):
        themes.load_taxonomy(path)


def test_invalid_yaml_is_a_plain_error(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text("themes:\n  - id: health\n   pillar: O3\n", encoding="utf-8")
    with pytest.raises(EtlError, match="not valid YAML"):
        themes.load_taxonomy(path)


def test_rule_change_that_leaves_a_priority_untagged_fails(tmp_path, prios):
    # "Sustain diaspora engagements and initiatives to improve remittances management." (Cameroon) is
    # found only through the diaspora keywords
    data = edited(
        lambda d: theme_entry(d, "diaspora_remittances").update(keywords=["transnational communities"])
    )
    path = write_taxonomy(tmp_path, data)
    with pytest.raises(EtlError, match=r"CMR-07 \('Sustain diaspora engagements"):
        themes.build(RAW_DIR, CONFIG, {"priorities": prios}, themes_path=path)


def test_theme_matching_nothing_fails(tmp_path, prios):
    data = edited(lambda d: theme_entry(d, "resettlement_movement").update(keywords=["space travel"]))
    path = write_taxonomy(tmp_path, data)
    with pytest.raises(EtlError, match=r"\['resettlement_movement'\] match no priority"):
        themes.build(RAW_DIR, CONFIG, {"priorities": prios}, themes_path=path)


def test_exclude_removes_a_phrase_before_matching():
    theme = themes.parse_theme(
        {
            "id": "t", "name_en": "T", "name_fr": "T", "pillar": "O3", "description_en": "d",
            "description_fr": "d", "keywords": ["reintegrat", r"\bAVRR\b"], "search_terms_fr": ["x"],
            "exclude": ["demobilization, disassociation, reintegration and reconciliation"],
        },
        1,
        Path("themes.yaml"),
    )  # fmt: skip
    assert (
        theme.match("Promote demobilization, disassociation, reintegration and reconciliation (DDRR).") == []
    )
    assert theme.match("AVRR and REINTEGRATION of returnees") == ["reintegrat", r"\bAVRR\b"]


# --- the tables ------------------------------------------------------------------------------------------


def test_tables(built, prios):
    assert list(built["themes"].columns) == themes.THEME_COLUMNS
    assert list(built["priority_themes"].columns) == themes.PRIORITY_THEME_COLUMNS
    assert built["themes"]["theme_id"].is_unique
    pt = built["priority_themes"]
    assert not pt.duplicated(["priority_id", "theme_id"]).any()
    # every priority (regional statements included) has at least one theme
    assert set(pt["priority_id"]) == set(prios["priority_id"])
    assert (pt["matched"] != "").all()
    assert set(pt["source_id"]) == {themes.SOURCE_ID} == set(built["themes"]["source_id"])
    src = built["sources"]
    assert src["source_id"].tolist() == [themes.SOURCE_ID] and src["file"].item() == "etl/themes.yaml"
    assert built["checks"]["status"].tolist() == ["pass"]
    # keywords are shown joined, with the exclusions
    ret = built["themes"].set_index("theme_id").loc["return_reintegration", "keywords"]
    assert ret.startswith(r"\breturn(s|ed|ing|ees?)?\b; reintegrat; \bAVRR\b (ignoring: ")
    assert (
        "traite; trafic"
        in built["themes"].set_index("theme_id").loc["counter_trafficking", "search_terms_fr"]
    )


def test_rows_follow_document_then_taxonomy_order(built, prios):
    pt = built["priority_themes"]
    order = {p: i for i, p in enumerate(prios["priority_id"])}
    theme_order = {t: i for i, t in enumerate(built["themes"]["theme_id"])}
    keys = [(order[p], theme_order[t]) for p, t in zip(pt["priority_id"], pt["theme_id"], strict=True)]
    assert keys == sorted(keys)


def test_known_assignments(built, prios):
    text = prios.set_index("priority_id")["text"]
    # Guinea's counter-trafficking bullet
    assert text["GIN-03"].startswith("Strengthen the capacities of the Government to combat trafficking")
    assert "counter_trafficking" in themes_of(built, "GIN-03")
    # every priority that mentions MIDAS is border management
    midas = [p for p, t in text.items() if "MIDAS" in t]
    assert set(midas) == {"BEN-02", "TCD-08", "GMB-04"}
    assert all("border_management" in themes_of(built, p) for p in midas)
    # Transhumance Tracking Tool: regional objective 2 and Nigeria
    ttt = [p for p, t in text.items() if "Transhumance Tracking Tool" in t]
    assert set(ttt) == {"RO-DAKAR-O2", "NGA-06"}
    for p in ttt:
        assert {"displacement_dtm", "social_cohesion_peacebuilding"} <= themes_of(built, p)
    # the regional statements get themes from the rules too
    assert "diaspora_remittances" in themes_of(built, "RO-DAKAR-P3")
    assert "border_management" in themes_of(built, "RO-DAKAR-O3")
    # DTM
    assert "displacement_dtm" in themes_of(built, "BFA-02")
    # The Gambia's plain paragraphs: AVRR, then immigration and border management
    assert "return_reintegration" in themes_of(built, "GMB-03")
    assert "border_management" in themes_of(built, "GMB-04")


def test_exclusions_on_the_real_text(built):
    # DDRR reintegration of former combatants is peacebuilding, not migrant return
    assert themes_of(built, "CMR-06") == {"social_cohesion_peacebuilding"}
    # the CCCM cluster's "Camp Coordination" is not migration governance
    assert "governance_policy_data" not in themes_of(built, "CAF-02")
    assert "shelter_nfi_cccm" in themes_of(built, "CAF-02")


def test_matched_lists_the_keywords_found(built):
    pt = built["priority_themes"].set_index(["priority_id", "theme_id"])["matched"]
    assert pt["TCD-08", "border_management"] == r"border management; \bMIDAS\b"
    assert pt["NER-05", "counter_trafficking"] == "traffick"
