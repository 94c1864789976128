"""Lake Chad Basin displacement: the 2020 caption, DTM dashboards and admin-1 breakdowns.

Run on the real raw files, and on edited copies written to tmp_path (data/raw is never touched).
"""

from __future__ import annotations

import pandas as pd
import pytest

from etl.common import RAW_DIR, EtlError, load_config
from etl.sources import displacement, lcb_statement
from etl.sources.displacement import CATEGORIES, QUALIFIERS, validate_displacement_rows
from tests.etl_helpers import edit_cell, edit_text

CONFIG = load_config()
MI2020_FILE = CONFIG["documents"]["mi2020"]["file"]
DTM_FILE = CONFIG["reference"]["dtm_dashboards"]["file"]
ADMIN1_FILE = CONFIG["reference"]["admin1_breakdowns"]["file"]


def build(raw_dir, config, context) -> dict[str, pd.DataFrame]:
    """The reference-CSV step and the 2020 caption step, their displacement rows concatenated in the order
    etl/steps.yaml runs them."""
    tables = displacement.build(raw_dir, config, context)
    statement = lcb_statement.build(raw_dir, config, context)["displacement"]
    tables["displacement"] = pd.concat([tables["displacement"], statement], ignore_index=True)
    return tables


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return build(RAW_DIR, CONFIG, {})








# --- a. the 2020 document's caption ---------------------------------------------------------------


def test_caption_figures_with_their_qualifiers(tables):
    rows = tables["displacement"]
    caption = rows[rows["series"] == "mi2020_statement"].set_index("category")
    assert caption.loc["in_need", ["value", "qualifier", "value_text"]].tolist() == [
        10_700_000, "estimated", "an estimated 10.7 million"]
    assert caption.loc["affected_total", ["value", "qualifier", "value_text"]].tolist() == [
        4_471_459, "exact", "4,471,459"]
    assert caption.loc["idps", ["value", "qualifier", "value_text"]].tolist() == [
        2_500_000, "almost", "almost 2.5 million"]
    assert caption.loc["returnees", ["value", "qualifier", "value_text"]].tolist() == [
        1_800_000, "over", "over 1.8 million"]
    assert caption.loc["refugees_out_of_camp", ["value", "qualifier", "value_text"]].tolist() == [
        160_000, "around", "around 160,000"]
    assert len(caption) == 5
    assert set(caption["as_of"]) == {CONFIG["documents"]["mi2020"]["date"]}
    assert set(caption["entity_id"]) == {""}  # the basin as a whole
    assert set(caption["source_id"]) == {"IOM-MI2020-WCA"}


def test_caption_figure_removed_is_a_clear_error(raw_copy):
    edit_text(raw_copy / MI2020_FILE, "over 1.8 million individuals have returned",
              "many individuals have returned")
    with pytest.raises(EtlError, match=r"'returnees' figure"):
        build(raw_copy, CONFIG, {})


def test_caption_missing_is_a_clear_error(raw_copy):
    edit_text(raw_copy / MI2020_FILE, "refugees. © IOM 2018/Amanda MARTINEZ NERO", "refugees.")
    with pytest.raises(EtlError, match=r"no photo caption mentions 'Lake Chad Basin'"):
        build(raw_copy, CONFIG, {})


def test_caption_read_whatever_the_line_wrapping(raw_copy):
    # The PDF extraction could wrap lines elsewhere, even inside "out-of-camp".
    edit_text(raw_copy / MI2020_FILE, "almost 2.5 million individuals", "almost 2.5\nmillion individuals")
    edit_text(raw_copy / MI2020_FILE, "are out-of-camp refugees", "are out-of-\ncamp refugees")
    rows = build(raw_copy, CONFIG, {})["displacement"]
    caption = rows[rows["series"] == "mi2020_statement"].set_index("category")
    assert caption.loc["idps", "value"] == 2_500_000
    assert caption.loc["refugees_out_of_camp", "value_text"] == "around 160,000"


# --- b. DTM dashboards ------------------------------------------------------------------------------


def test_dashboard_61_as_published(tables):
    rows = tables["displacement"]
    d61 = rows[rows["dashboard_no"] == 61].set_index("entity_id")["value"]
    assert d61.to_dict() == {"": 6_031_612, "NGA": 4_456_360, "CMR": 775_238, "NER": 513_149, "TCD": 286_865}
    assert set(rows.loc[rows["dashboard_no"] == 61, "as_of"]) == {"2024-02-29"}
    source = tables["sources"].set_index("source_id").loc["DTM-LCB-61"]
    assert source["title"] == "Lake Chad Basin Crisis Monthly Dashboard #61"
    assert source["url"] == ""  # the reference file has none: not guessed
    assert "month" in source["date_note"].lower()


def test_one_source_per_dashboard(tables):
    rows = tables["displacement"]
    dtm = rows[rows["series"] == "dtm_lcb_dashboard"]
    assert len(dtm) == 51
    assert sorted(dtm["dashboard_no"].unique()) == [3, 6, 10, 19, 25, 26, 40, 43, 49, 56, 61]
    dtm_sources = tables["sources"][tables["sources"]["source_id"].str.startswith("DTM-LCB-")]
    assert len(dtm_sources) == 11
    assert set(dtm["source_id"]) == set(dtm_sources["source_id"])
    assert dtm_sources.set_index("source_id").loc["DTM-LCB-03", "date"] == "2018-06-20"


def test_totals_compared_with_sum_of_countries(tables):
    checks = tables["checks"].set_index("check_id")
    d25 = checks.loc["DTM-LCB-25-affected_total-total-vs-countries"]
    assert d25["status"] == "warning"
    assert "5,034,347" in d25["message"] and "by 223" in d25["message"]
    assert "both kept as published" in d25["message"]
    d49 = checks.loc["DTM-LCB-49-affected_total-total-vs-countries"]
    assert d49["status"] == "warning" and "by 100" in d49["message"]
    assert checks.loc["DTM-LCB-19-affected_total-total-vs-countries", "status"] == "pass"
    assert checks.loc["DTM-LCB-61-affected_total-total-vs-countries", "status"] == "pass"
    # Both figures of #25 stay in the table as published.
    rows = tables["displacement"]
    assert rows.loc[(rows["dashboard_no"] == 25) & (rows["entity_id"] == ""), "value"].item() == 5_034_347


def test_category_definition_change_read_from_notes(tables):
    checks = tables["checks"]
    change = checks[checks["check_id"].str.endswith("definition-change")]
    assert len(change) == 1
    row = change.iloc[0]
    assert row["status"] == "warning" and row["source_id"] == "DTM-LCB-49"
    assert "#49" in row["message"] and "TCN" in row["message"]


def test_definition_change_follows_the_notes(raw_copy):
    # Move the "TCNs no longer listed" note to dashboard #43: the check follows it.
    path = raw_copy / DTM_FILE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["dashboard_no"] == "43", "note"] = "As of 30 Apr 2022; TCNs no longer listed"
    frame.to_csv(path, index=False)
    checks = build(raw_copy, CONFIG, {})["checks"]
    change = checks[checks["check_id"].str.endswith("definition-change")]
    assert change["source_id"].tolist() == ["DTM-LCB-43"]


# --- c. admin-1 breakdowns --------------------------------------------------------------------------


def test_lac_figures_from_two_sources_kept_apart(tables):
    rows = tables["displacement"]
    lac = rows[(rows["admin1"] == "Lac") & (rows["category"] == "idps")
               & rows["as_of"].str.startswith("2020")]
    assert sorted(lac["value"]) == [297_187, 336_124]
    by_value = lac.set_index("value")
    assert by_value.loc[297_187, "source_id"] != by_value.loc[336_124, "source_id"]
    assert by_value.loc[297_187, "as_of"] == "2020-09-30"
    assert by_value.loc[336_124, "as_of"] == "2020-11-30"
    assert set(lac["entity_id"]) == {"TCD"}
    sources = tables["sources"].set_index("source_id")
    assert "usg-lake-chad-basin" in sources.loc[by_value.loc[297_187, "source_id"], "url"]
    assert "echo-crisis-report" in sources.loc[by_value.loc[336_124, "source_id"], "url"]


def test_admin1_sources_numbered_in_file_order(tables):
    sources = tables["sources"].set_index("source_id")
    ref = sources[sources.index.str.startswith("REF-LCB-")]
    assert len(ref) == 17  # distinct source_url values in the file
    assert "echo-crisis-report" in ref.loc["REF-LCB-01", "url"]  # first row of the file
    assert ref.loc["REF-LCB-01", "date"] == "2020-12-31"  # latest as-of date among its rows
    assert ref.loc["REF-LCB-01", "publisher"] == "DG ECHO citing IOM/UNHCR"


def test_rows_without_date_kept_with_a_warning(tables):
    rows = tables["displacement"]
    undated = rows[(rows["series"] == "admin1_breakdown") & (rows["as_of"] == "")]
    assert sorted(undated["value"]) == [190_636, 1_022_950, 2_444_814]
    warnings = tables["checks"][tables["checks"]["check_id"].str.endswith("date-unknown")]
    assert len(warnings) == 3
    assert set(warnings["status"]) == {"warning"}
    assert all("probably late 2016, unverified" in m for m in warnings["message"])
    assert set(warnings["source_id"]) == set(undated["source_id"])


def test_rounded_values_are_flagged(tables):
    rows = tables["displacement"]
    adm = rows[rows["series"] == "admin1_breakdown"].set_index(["as_of", "entity_id", "category"])
    assert adm.loc[("2020-09-30", "", "idps"), "qualifier"] == "rounded"  # '2.7 MILLION'
    assert adm.loc[("2020-09-30", "TCD", "idps"), "qualifier"] == "exact"


def test_whole_table_shape_and_order(tables):
    rows = tables["displacement"]
    assert len(rows) == 5 + 51 + 50
    assert list(rows.columns) == displacement.DISPLACEMENT_COLUMNS
    assert set(rows["category"]) <= set(CATEGORIES)
    assert set(rows["qualifier"]) <= set(QUALIFIERS)
    assert (rows["value"] >= 0).all()
    assert rows["source_id"].ne("").all()
    keys = list(rows[displacement.SORT_KEYS].itertuples(index=False, name=None))
    assert keys == sorted(keys)
    again = build(RAW_DIR, CONFIG, {})
    pd.testing.assert_frame_equal(rows, again["displacement"])


# --- validation on edited copies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("value", "-4187247", r"row 2, column 'value': -4187247 is negative"),
        ("value", "4.2 million", r"row 2, column 'value': '4.2 million' is not a whole number"),
        ("as_of_date", "2018-06-31", r"row 2, column 'as_of_date': '2018-06-31' is not a date"),
        ("country", "Atlantis", r"row 2, column 'country': unknown country name 'Atlantis'"),
        # country_converter's loose patterns read this typo as Niger; the strict resolver refuses it.
        ("country", "Nigerria", r"row 2, column 'country': unknown country name 'Nigerria'"),
        ("category", "displaced", r"row 2, column 'category': 'displaced' is not one of"),
    ],
)
def test_bad_dashboard_cell_names_file_row_and_column(raw_copy, column, value, message):
    edit_cell(raw_copy / DTM_FILE, 2, column, value)
    with pytest.raises(EtlError, match=message) as err:
        build(raw_copy, CONFIG, {})
    assert DTM_FILE in str(err.value)


def test_bad_admin1_cell_names_file_row_and_column(raw_copy):
    edit_cell(raw_copy / ADMIN1_FILE, 20, "value", "-5")
    edit_cell(raw_copy / ADMIN1_FILE, 31, "country", "Lake Chad")
    with pytest.raises(EtlError) as err:
        build(raw_copy, CONFIG, {})
    assert f"{ADMIN1_FILE} row 20, column 'value': -5 is negative" in str(err.value)
    assert f"{ADMIN1_FILE} row 31, column 'country': unknown country name 'Lake Chad'" in str(err.value)


def test_validate_displacement_rows_is_pure():
    good = pd.DataFrame({"as_of_date": ["2020-01-31", ""], "country": ["Total", "Côte d’Ivoire"],
                         "category": ["idps", "refugees"], "value": ["10", "0"]})
    assert validate_displacement_rows(good, "upload.csv") == []
    assert validate_displacement_rows(good, "upload.csv", date_required=True) == [
        "upload.csv row 3, column 'as_of_date': empty; this file needs a date on every row."]
    bad = good.assign(value=["10", "ten"])
    problems = validate_displacement_rows(bad, "upload.csv")
    assert problems == ["upload.csv row 3, column 'value': 'ten' is not a whole number (write digits only)."]
    with pytest.raises(EtlError, match="upload.csv row 3"):
        validate_displacement_rows(bad, "upload.csv", raise_errors=True)


def test_every_collectors_note_has_its_french(tables):
    """The Lake Chad Basin map's table shows an admin-1 figure's note; a French page shows its French
    (etl/translations/reference_notes_fr.yaml), and the file holds no French of a note no longer there."""
    rows = tables["displacement"]
    breakdowns = rows[rows["series"] == "admin1_breakdown"]
    noted = breakdowns[breakdowns["note"] != ""]
    assert noted[noted["note_fr"] == ""]["note"].tolist() == []
    assert (breakdowns.loc[breakdowns["note"] == "", "note_fr"] == "").all()  # no note, no French of one
    assert set(displacement.reference_notes_fr()) == set(noted["note"])
    lac = noted[noted["note"] == "ECHO CR19; IOM Oct 2020"].iloc[0]
    assert lac["note_fr"] == "rapport de crise d’ECHO n° 19\u202f; OIM, octobre 2020"
    # the 2020 document's caption stays quoted as written inside the French note
    caption = rows[rows["series"] == "mi2020_statement"].iloc[0]
    assert caption["note_fr"].startswith("Légende d’une photo sur le bassin du lac Tchad\u202f: «\u202f")
