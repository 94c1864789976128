"""The 2020 appeal table: parsed from the real document, reconciled, and broken on purpose in copies."""

from __future__ import annotations

import re
import shutil

import pytest

from etl.common import RAW_DIR, EtlError, load_config
from etl.sources import appeal
from tests.etl_helpers import edited_raw

CONFIG = load_config()
DOC = CONFIG["documents"]["mi2020"]




@pytest.fixture(scope="module")
def real() -> dict:
    return appeal.build(RAW_DIR, CONFIG, {})


@pytest.fixture(scope="module")
def table() -> appeal.AppealTable:
    return appeal.parse_appeal_table(appeal.load_document(RAW_DIR, CONFIG)[1])


def amount(out: dict, entity_id: str, pillar: str) -> int:
    df = out["appeal"]
    (value,) = df.loc[(df.entity_id == entity_id) & (df.pillar == pillar), "amount_usd"]
    return int(value)


# --- the real document ---------------------------------------------------------------------------


def test_table_has_21_offices_and_a_total_row(table):
    assert len(table.offices) == 21
    assert table.offices[0] == "Regional Office Dakar"
    assert table.offices[-1] == "Togo"
    assert table.total_label == "Total"
    assert table.corner_heading == "West and Central Africa"
    assert table.pillar_ids == ("P1", "P2", "P3", "O1", "O2", "O3")


def test_printed_figures(table):
    assert table.row_totals["Nigeria"] == 110_475_810
    assert table.amounts["Nigeria"]["O2"] == 75_412_058
    assert table.amounts["Guinea"]["P3"] == 21_220_725
    assert table.row_totals["Guinea"] == 37_834_002
    dakar = table.amounts["Regional Office Dakar"]
    assert (dakar["P1"], dakar["P2"], dakar["P3"]) == (70_000, 0, 2_320_000)
    assert table.row_totals["Regional Office Dakar"] == 20_490_000
    assert ("Regional Office Dakar", "P2") in table.nil_cells
    assert table.grand_total == 380_026_059
    assert table.column_totals == {
        "P1": 39_148_312, "P2": 21_234_300, "P3": 35_540_725,
        "O1": 97_735_912, "O2": 122_262_058, "O3": 64_104_752,
    }


def test_labels_from_the_list_go_to_the_unlabelled_rows(table):
    # Benin, Burkina Faso, Central African Republic ... have no label next to their figures in the text.
    assert table.amounts["Benin"] == {"P1": 100_000, "P2": 100_000, "P3": 100_000,
                                      "O1": 100_000, "O2": 400_000, "O3": 500_000}
    assert table.row_totals["Central African Republic"] == 26_000_000
    assert table.amounts["Sierra Leone"]["P3"] == 1_000_000


def test_appeal_rows(real):
    df = real["appeal"]
    assert list(df.columns) == ["appeal_id", "entity_id", "pillar", "amount_usd", "source_id"]
    assert len(df) == 126
    assert set(df.appeal_id) == {"MI2020"} and set(df.source_id) == {"IOM-MI2020-WCA"}
    assert df.amount_usd.dtype == "int64"
    assert df.amount_usd.sum() == 380_026_059
    assert list(df[["entity_id", "pillar"]].itertuples(index=False)) == sorted(
        df[["entity_id", "pillar"]].itertuples(index=False)
    )
    assert amount(real, "NGA", "O2") == 75_412_058
    assert amount(real, "GIN", "P3") == 21_220_725
    assert amount(real, "RO-DAKAR", "P2") == 0
    assert amount(real, "GMB", "P1") == 105_000  # "Gambia" in the table
    assert amount(real, "CIV", "P1") == 2_500_000  # "Côte d’Ivoire" with a curly apostrophe
    assert df.groupby("entity_id").amount_usd.sum()["RO-DAKAR"] == 20_490_000
    assert df.groupby("pillar").amount_usd.sum()["O2"] == 122_262_058


def test_checks_record_every_reconciliation(real):
    checks = real["checks"]
    assert list(checks.columns) == [
        "check_id", "table", "status", "subject", "message", "source_id", "subject_fr", "message_fr"
    ]  # fmt: skip
    assert len(checks) == 21 + 6 + 1 + 1 + 1
    assert set(checks.status) == {"pass"} and set(checks.table) == {"appeal"}
    assert checks.check_id.is_unique
    nigeria = checks.set_index("check_id").loc["appeal-row-nigeria", "message"]
    assert "110 475 810" in nigeria
    grand = checks.set_index("check_id").loc["appeal-grand-total", "message"]
    assert "380 026 059" in grand and "126" in grand


def test_pillars(real):
    p = real["pillars"].set_index("pillar_id")
    assert list(real["pillars"].columns) == [
        "pillar_id", "group", "seq", "name_en", "heading_en", "name_fr", "source_id"
    ]
    assert list(p.index) == ["P1", "P2", "P3", "O1", "O2", "O3"]
    assert list(p.seq) == [1, 2, 3, 4, 5, 6]
    assert list(p.group) == ["principle"] * 3 + ["objective"] * 3
    assert p.loc["P1", "name_en"] == "Adhering to international standards and fulfilling migrants’ rights"
    # The PDF lost the hyphen where it joined "whole-of-" and "government": put back.
    assert p.loc["P2", "name_en"] == "Using evidence and whole-of-government approaches"
    assert p.loc["P3", "name_en"] == "Good migration governance relies on strong partnerships"
    assert p.loc["P3", "heading_en"] == "Developing strong partnerships"
    assert p.loc["O2", "name_en"] == "Addressing the mobility dimensions of crises"
    assert p.loc["O3", "heading_en"] == "Migration should take place in a safe, orderly and dignified manner"
    assert p.loc["P1", "name_fr"] == "Adhérer aux normes internationales et garantir les droits des migrants"
    assert p.loc["O3", "name_fr"].startswith("Veiller à ce que les migrations")
    assert p.name_fr.str.len().min() > 10
    assert set(p.source_id) == {"IOM-MI2020-WCA"}


def test_repair_joined_hyphens_only_where_the_narrative_hyphenates():
    vocab = appeal.document_vocabulary(["a whole-of-government approach", "socioeconomic well-being"])
    assert appeal.repair_joined_hyphens("whole-ofgovernment", vocab) == "whole-of-government"
    assert appeal.repair_joined_hyphens("socioeconomic wellbeing", vocab) == "socioeconomic well-being"
    assert appeal.repair_joined_hyphens("strong partnerships", vocab) == "strong partnerships"


def test_missing_french_pillar_name_fails(table):
    fr = appeal.load_pillar_names_fr()
    del fr["O3"]
    with pytest.raises(EtlError, match="French names missing for \\['O3'\\]"):
        appeal.pillar_rows(table, {p: "x" for p in table.pillar_ids}, fr, set(), "S")


# --- edited copies -------------------------------------------------------------------------------


def test_a_consistent_change_flows_through(tmp_path):
    # Nothing is typed into the code: change a figure and every total that contains it, and the build
    # follows the text.
    raw = edited_raw(
        tmp_path,
        ("75 412 058", "75 412 158"),
        ("110 475 810", "110 475 910"),
        ("122 262 058", "122 262 158"),
        ("380 026 059", "380 026 159"),
    )
    out = appeal.build(raw, CONFIG, {})
    assert amount(out, "NGA", "O2") == 75_412_158
    assert out["appeal"].amount_usd.sum() == 380_026_159
    assert "380 026 159" in out["checks"].set_index("check_id").loc["appeal-grand-total", "message"]


def test_changed_figure_names_office_and_pillar(tmp_path):
    raw = edited_raw(tmp_path, ("75 412 058", "75 412 158"))
    with pytest.raises(EtlError, match=r"Appeal table does not reconcile: Nigeria, O2: .*off by \+100"):
        appeal.build(raw, CONFIG, {})


def test_changed_row_total_names_the_office(tmp_path):
    raw = edited_raw(tmp_path, ("110 475 810", "110 475 800"))
    with pytest.raises(EtlError, match=r"does not reconcile: Nigeria, TOTAL: .*off by \+10\b"):
        appeal.build(raw, CONFIG, {})


def test_changed_column_total_names_the_column(tmp_path):
    raw = edited_raw(tmp_path, ("122 262 058", "122 262 000"))
    with pytest.raises(EtlError, match=r"does not reconcile: Total, O2: the 21 offices sum to 122 262 058"):
        appeal.build(raw, CONFIG, {})


def test_nil_replaced_by_a_number(tmp_path):
    raw = edited_raw(tmp_path, ("Cabo Verde\n\n117 747\n\n-\n", "Cabo Verde\n\n117 747\n\n5 000\n"))
    with pytest.raises(EtlError, match=r"does not reconcile: Cabo Verde, P2: .*off by \+5 000"):
        appeal.build(raw, CONFIG, {})


def test_missing_row_in_the_first_block(tmp_path):
    raw = edited_raw(tmp_path, ("Gabon\n\n100 000\n\n-\n\n-\n\n", ""))
    with pytest.raises(EtlError, match=r"O1–O3 block: 22 rows .* has 21 rows; the block sizes do not fit"):
        appeal.build(raw, CONFIG, {})


def test_missing_label_in_the_label_list(tmp_path):
    raw = edited_raw(tmp_path, ("\nBenin\nBurkina Faso\n", "\nBurkina Faso\n"))
    with pytest.raises(EtlError, match=r"8 rows have no label .* names 7 .* block sizes do not fit"):
        appeal.build(raw, CONFIG, {})


def test_missing_figure_in_the_second_block(tmp_path):
    raw = edited_raw(tmp_path, ("\n380 026 059", ""))
    with pytest.raises(EtlError, match=r"O1–O3 block: 87 figures do not make whole rows of 4"):
        appeal.build(raw, CONFIG, {})


def test_label_moved_inside_a_row(tmp_path):
    raw = edited_raw(
        tmp_path, ("Cameroon\n\n250 000\n\n950 000", "250 000\n\nCameroon\n\n950 000")
    )
    with pytest.raises(EtlError, match=r"label 'Cameroon' sits inside a row, after 1 of 3 figures"):
        appeal.build(raw, CONFIG, {})


def test_label_moved_onto_the_next_label(tmp_path):
    raw = edited_raw(
        tmp_path, ("Cameroon\n\n250 000", "250 000"), ("Chad\n\n2 000 000", "Cameroon\n\nChad\n\n2 000 000")
    )
    with pytest.raises(EtlError, match=r"label 'Cameroon' is followed by another label 'Chad'"):
        appeal.build(raw, CONFIG, {})


def test_malformed_number(tmp_path):
    raw = edited_raw(tmp_path, ("75 412 058", "75 412 O58"))
    with pytest.raises(EtlError, match=re.escape("row Nigeria, column O2: malformed figure '75 412 O58'")):
        appeal.build(raw, CONFIG, {})
    raw2 = edited_raw(tmp_path / "b", ("110 475 810", "110 4758 10"))
    with pytest.raises(EtlError, match=re.escape("column TOTAL: malformed figure '110 4758 10'")):
        appeal.build(raw2, CONFIG, {})


def test_unknown_office_name(tmp_path):
    raw = edited_raw(tmp_path, ("Togo\n\n-\n\n70 000", "Atlantis\n\n-\n\n70 000"))
    with pytest.raises(EtlError, match="Appeal table, row 'Atlantis': unknown country name"):
        appeal.build(raw, CONFIG, {})


def test_pillar_header_is_read_from_the_text(tmp_path):
    raw = edited_raw(tmp_path, ("Addressing\nthe mobility", "Tackling\nthe mobility"))
    pillars = appeal.build(raw, CONFIG, {})["pillars"].set_index("pillar_id")
    assert pillars.loc["O2", "name_en"] == "Tackling the mobility dimensions of crises"


def test_missing_table(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / DOC["file"], raw / DOC["file"])
    text = (raw / DOC["file"]).read_text(encoding="utf-8")
    (raw / DOC["file"]).write_text(text[: text.index("\nP1\n")], encoding="utf-8")
    with pytest.raises(EtlError, match="no funding-requirements table"):
        appeal.build(raw, CONFIG, {})
