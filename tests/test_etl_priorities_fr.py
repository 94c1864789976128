"""French working translations of the priorities (etl/translations/priorities_fr.yaml -> priorities.text_fr),
on the real data and on edited copies of the raw folder and of the translations file."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from etl.common import PROCESSED_DIR, RAW_DIR, EtlError, load_config
from etl.sources import priorities, priorities_fr, themes
from tests.etl_helpers import edited_raw

CONFIG = load_config()
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def built() -> dict[str, pd.DataFrame]:
    return priorities.build(RAW_DIR, CONFIG, {})


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    return pd.read_csv(PROCESSED_DIR / "priorities.csv", dtype=str, keep_default_na=False)


def french(table: pd.DataFrame, priority_id: str) -> str:
    row = table.loc[table["priority_id"] == priority_id, "text_fr"]
    assert len(row) == 1, priority_id
    return row.iloc[0]


# --- the real data ---------------------------------------------------------------------------------------


def test_every_priority_has_a_current_french_text(built, committed):
    for table in (built["priorities"], committed):
        assert len(table) == 148
        empty = table.loc[table["text_fr"].str.strip() == "", "priority_id"].tolist()
        assert empty == []
        assert (table["text_fr"] != table["text"]).all()  # translated, not copied
    assert not built["priorities"]["text_fr_stale"].any()
    assert set(committed["text_fr_stale"]) == {"false"}
    check = built["checks"].set_index("check_id").loc["priorities-fr"]
    assert check["status"] == "pass"
    assert "148" in check["message"] and "148" in check["message_fr"]
    # the committed checks say the same
    checks = pd.read_csv(PROCESSED_DIR / "checks.csv", dtype=str, keep_default_na=False)
    assert checks.loc[checks["table"] == "priorities", "check_id"].str.startswith("priorities-fr").sum() == 1


def test_spot_checks_of_chosen_wording(built):
    pr = built["priorities"]
    # DTM by IOM's French name, the acronym kept
    assert "Matrice de suivi des déplacements (DTM)" in french(pr, "RO-DAKAR-P2")
    # figures kept, written the French way: 90,000 / 20 per cent
    gambia = french(pr, "GMB-01")
    assert f"90{NNBSP}000 Gambiens" in gambia and f"plus de 20{NNBSP}% du PIB" in gambia
    # a quoted French expression in French quotes; the intro announcing the bullets ends with a colon
    assert f"«{NBSP}vivre ensemble{NBSP}»" in french(pr, "MRT-05")
    assert french(pr, "BEN-01").endswith(f"quatre points clés{NNBSP}:")
    # names of institutions in their official French form, with the source's acronym
    assert "Communauté économique des États de l’Afrique de l’Ouest (CEDEAO)" in french(pr, "RO-DAKAR-P3")
    assert "Système d’information et d’analyse des données sur la migration (MIDAS)" in french(pr, "BEN-02")


def test_iom_is_oim_in_french(built):
    pr = built["priorities"]
    for english, fr, pid in zip(pr["text"], pr["text_fr"], pr["priority_id"], strict=True):
        assert not re.search(r"\bIOM\b", fr), pid
        if re.search(r"\bIOM\b", english):
            assert re.search(r"\bOIM\b", fr), pid


def test_french_typography(built):
    """Narrow no-break space before : ; ! ? % (issue #17), no-break space inside « », curly apostrophes."""
    problems = []
    for pid, fr in zip(built["priorities"]["priority_id"], built["priorities"]["text_fr"], strict=True):
        rules = {
            "straight apostrophe or quote": re.search(r"['\"]", fr),
            "no narrow no-break space before : ; ! ? %": re.search(rf"(?<!{NNBSP})[:;!?%]", fr),
            "« without a no-break space after it": re.search(rf"«(?!{NBSP})", fr),
            "» without a no-break space before it": re.search(rf"(?<!{NBSP})»", fr),
            "English quotes": re.search(r"[“”‘]", fr),
            "double space": re.search(r"\s\s", fr),
        }
        problems += [f"{pid}: {rule}" for rule, found in rules.items() if found]
    assert problems == []


def test_the_translations_file_holds_one_entry_per_priority(built):
    data = yaml.safe_load(priorities_fr.TRANSLATIONS_PATH.read_text(encoding="utf-8"))
    assert list(data) == built["priorities"]["priority_id"].tolist()
    stamps = {pid: entry["en_sha256"] for pid, entry in data.items()}
    for pid, english in zip(built["priorities"]["priority_id"], built["priorities"]["text"], strict=True):
        assert stamps[pid] == priorities_fr.fingerprint(english), pid


def test_themes_stay_assigned_from_the_english(built):
    """The themes of a priority do not depend on its French text."""
    blanked = built["priorities"].assign(text_fr="migration santé frontières traite diaspora")
    assigned = themes.build(RAW_DIR, CONFIG, {"priorities": built["priorities"]})["priority_themes"]
    from_blanked = themes.build(RAW_DIR, CONFIG, {"priorities": blanked})["priority_themes"]
    pd.testing.assert_frame_equal(assigned, from_blanked)


# --- edited English, edited translations ------------------------------------------------------------------


def test_an_edited_english_text_makes_its_translation_stale(tmp_path):
    edit = ("Disseminate IOM’s migration policy documents.", "Disseminate IOM’s migration policy papers.")
    raw = edited_raw(tmp_path, edit)
    out = priorities.build(raw, CONFIG, {})
    pr = out["priorities"].set_index("priority_id")
    assert pr.loc["BEN-04", "text"] == "Disseminate IOM’s migration policy papers."
    # the translation is kept, and flagged; every other one is still current
    assert pr.loc["BEN-04", "text_fr"] == "Diffuser les documents de l’OIM sur la politique migratoire."
    assert pr["text_fr_stale"].sum() == 1 and pr.loc["BEN-04", "text_fr_stale"]
    checks = out["checks"].set_index("check_id")
    assert "priorities-fr" not in checks.index
    stale = checks.loc["priorities-fr-stale"]
    assert stale["status"] == "warning"
    assert "BEN-04" in stale["message"] and "BEN-04" in stale["message_fr"]
    assert "périmée" in stale["message_fr"]


def test_missing_and_unknown_translations_are_named(tmp_path, monkeypatch, built):
    data = yaml.safe_load(priorities_fr.TRANSLATIONS_PATH.read_text(encoding="utf-8"))
    del data["NGA-03"], data["TGO-04"]
    data["XYZ-01"] = {"en_sha256": "0123456789ab", "fr": "Un texte sans priorité."}
    path = tmp_path / "priorities_fr.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(priorities_fr, "TRANSLATIONS_PATH", path)

    out = priorities.build(RAW_DIR, CONFIG, {})
    pr = out["priorities"].set_index("priority_id")
    assert pr.loc["NGA-03", "text_fr"] == "" and pr.loc["TGO-04", "text_fr"] == ""
    assert (pr.drop(["NGA-03", "TGO-04"])["text_fr"] != "").all()
    assert "XYZ-01" not in pr.index
    checks = out["checks"].set_index("check_id")
    missing, unknown = checks.loc["priorities-fr-missing"], checks.loc["priorities-fr-unknown"]
    assert missing["status"] == unknown["status"] == "warning"
    assert missing["message"].startswith("2 ") and "NGA-03, TGO-04" in missing["message"]
    assert "NGA-03, TGO-04" in missing["message_fr"] and "vide" in missing["message_fr"]
    assert "XYZ-01" in unknown["message"] and "XYZ-01" in unknown["message_fr"]


@pytest.mark.parametrize(
    "entry",
    [{"fr": "Texte."}, {"en_sha256": "0123456789ab", "fr": " "}, {"en_sha256": "NOT-A-HASH", "fr": "Texte."}],
)
def test_a_malformed_entry_stops_the_build_and_is_named(tmp_path, entry):
    path = tmp_path / "priorities_fr.yaml"
    path.write_text(yaml.safe_dump({"BEN-02": entry}), encoding="utf-8")
    with pytest.raises(EtlError) as err:
        priorities_fr.load_translations(path)
    assert "BEN-02" in str(err.value) and "BEN-02" in err.value.text("fr")


def test_no_translations_file_means_every_priority_is_missing(tmp_path: Path, built):
    translations = priorities_fr.load_translations(tmp_path / "absent.yaml")
    out, checks = priorities_fr.add_french(built["priorities"][["priority_id", "text"]], translations, "S")
    assert (out["text_fr"] == "").all() and not out["text_fr_stale"].any()
    assert [c["check_id"] for c in checks] == ["priorities-fr-missing"]
    assert checks[0]["message"].startswith("148 ")
