"""Response-plan requirements and funding, kept as published (real file and edited copies)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl.common import RAW_DIR, EtlError, load_config
from etl.sources.funding import FUNDING_COLUMNS, OBJECTIVE_CAVEAT, build, parse_scope

CONFIG = load_config()
FUNDING_FILE = CONFIG["reference"]["response_plan_funding"]["file"]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return build(RAW_DIR, CONFIG, {})


@pytest.fixture(scope="module")
def funding(tables) -> pd.DataFrame:
    return tables["funding"]


def appeal(funding: pd.DataFrame, name: str, as_of: str | None = None) -> pd.Series:
    rows = funding[funding["appeal"] == name]
    if as_of is not None:
        rows = rows[rows["as_of"] == as_of]
    assert len(rows) == 1, f"{name}: {len(rows)} rows"
    return rows.iloc[0]


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    return target


def edit_cell(path: Path, data_row: int, column: str, value: str) -> None:
    """Set one cell; data_row counts as in a spreadsheet (header = row 1, first data row = 2)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[data_row - 2, column] = value
    frame.to_csv(path, index=False)


def test_all_rows_with_unique_stable_ids(funding):
    assert len(funding) == 72
    assert list(funding.columns) == FUNDING_COLUMNS
    assert funding["funding_id"].is_unique
    assert "2020-nigeria-humanitarian-response-plan-2020-revised-incl-covid-19" in set(funding["funding_id"])
    # The same appeal published at two dates stays two rows, told apart by date.
    lcb21 = funding[funding["appeal"] == "LCB response plans 2021"]
    assert sorted(lcb21["funded_pct"].tolist()) == [19.0, 31.0]
    assert lcb21["funding_id"].nunique() == 2
    pd.testing.assert_frame_equal(funding, build(RAW_DIR, CONFIG, {})["funding"])


def test_figures_as_published(funding):
    nga = appeal(funding, "Nigeria Humanitarian Response Plan 2020 (revised, incl. COVID-19)")
    assert (nga["required_usd"], nga["funded_usd"], nga["unmet_usd"]) == (
        1_100_000_000, 549_200_000, 531_200_000)
    assert nga["as_of"] == "2021-01-04" and nga["entity_id"] == "NGA" and nga["year"] == 2020
    car = appeal(funding, "CAR Humanitarian Response Plan 2020 (revised)")
    assert (car["required_usd"], car["funded_usd"], car["funded_pct"]) == (553_600_000, 293_700_000, 53.0)
    assert car["entity_id"] == "CAF"


def test_unknown_funding_is_empty_not_zero(funding):
    assert not (funding["funded_usd"] == 0).any()
    cmr = appeal(funding, "Cameroon Humanitarian Response Plan 2020")
    assert pd.isna(cmr["funded_usd"]) and pd.isna(cmr["funded_pct"]) and pd.isna(cmr["unmet_usd"])
    assert cmr["required_usd"] == 321_000_000
    # A percentage only: funded_usd is not derived from it.
    bfa = appeal(funding, "Burkina Faso Humanitarian Response Plan 2020 (mid-year)")
    assert bfa["funded_pct"] == 26.0 and pd.isna(bfa["funded_usd"]) and pd.isna(bfa["required_usd"])
    # Funded and unmet published, requirement not: the sum is not filled in.
    mli = appeal(funding, "Mali Humanitarian Response Plan 2020 (incl. GHRP)")
    assert pd.isna(mli["required_usd"])
    assert (mli["funded_usd"], mli["unmet_usd"]) == (177_000_000, 297_000_000)
    # Empty exactly where the reference file is empty (15 plans publish funding received in USD).
    raw = pd.read_csv(RAW_DIR / FUNDING_FILE, dtype=str, keep_default_na=False)
    assert funding["funded_usd"].notna().sum() == (raw["funded_usd"] != "").sum() == 15


def test_scopes(funding):
    lcb = appeal(funding, "LCB response plans 2019")
    assert lcb["entity_id"] == "" and lcb["scope_iso3"] == "CMR; TCD; NER; NGA"
    assert lcb["scope"] == "Lake Chad Basin (Cameroon, Chad, Niger, Nigeria)"
    sahel = appeal(funding, "IOM Central Sahel appeal 2020")
    assert sahel["scope_iso3"] == "BFA; MLI; NER" and sahel["organisation_scope"] == "IOM"
    region = appeal(funding, "All coordinated appeals in WCA 2019")
    assert region["entity_id"] == "" and region["scope_iso3"] == ""
    assert appeal(funding, "Sahel response plans 2020")["scope_iso3"] == ""
    assert parse_scope("Niger", "test") == ("NER", ["NER"])


def test_every_label_and_scope_has_its_french(funding):
    """Every row has the project's French label and scope, so no French page falls back to the English."""
    assert (funding["appeal_fr"] != "").all(), funding.loc[funding["appeal_fr"] == "", "appeal"].tolist()
    assert (funding["scope_fr"] != "").all(), funding.loc[funding["scope_fr"] == "", "scope"].tolist()
    assert (funding["appeal_fr"] != funding["appeal"]).all()


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("All coordinated appeals in WCA 2019",
         "Ensemble des appels coordonnés, Afrique de l’Ouest et du Centre, 2019"),
        ("8 coordinated appeals in WCA 2024", "8 appels coordonnés, Afrique de l’Ouest et du Centre, 2024"),
        ("LCB response plans 2019", "Plans de réponse, bassin du lac Tchad, 2019"),
        ("IOM Mali CRP 2021 - Objective 1", "Plan de réponse aux crises de l’OIM, Mali, 2021, objectif 1"),
        ("IOM Chad Crisis Response Plan 2023 (total)",
         "Plan de réponse aux crises de l’OIM, Tchad, 2023 (total)"),
        ("CAR Humanitarian Response Plan 2020 (revised)",
         "Plan de réponse humanitaire, République centrafricaine, 2020 (révisé)"),
        ("Niger Humanitarian Response Plan (2021, year inferred)",
         "Plan de réponse humanitaire, Niger, 2021 (année déduite)"),
    ],
)
def test_french_label_is_rebuilt_from_the_parts(funding, english, french):
    assert appeal(funding, english)["appeal_fr"] == french


def test_objective_title_stays_as_iom_wrote_it(funding):
    quoted = "'Saving lives and protecting people on the move'"
    row = appeal(funding, f"IOM Nigeria CRP 2021 - Objective 1 {quoted}")
    assert row["objective_title"] == "Saving lives and protecting people on the move"
    assert row["appeal_fr"] == ("Plan de réponse aux crises de l’OIM, Nigeria, 2021, objectif 1 "
                                "«\u202fSaving lives and protecting people on the move\u202f»")
    assert appeal(funding, "IOM Mali CRP 2021 - Objective 1")["objective_title"] == ""


def test_french_scopes(funding):
    french = dict(zip(funding["scope"], funding["scope_fr"], strict=True))
    assert french["West and Central Africa (region)"] == "Afrique de l’Ouest et du Centre (région)"
    assert french["Lake Chad Basin (Cameroon, Chad, Niger, Nigeria)"] == (
        "Bassin du lac Tchad (Cameroun, Tchad, Niger, Nigeria)"
    )
    assert french["Chad"] == "Tchad" and french["Central African Republic"] == "République centrafricaine"


def test_unknown_words_leave_the_french_empty():
    """A label whose words plans_fr.yaml lacks gets no French (never a half-English one)."""
    from etl.sources.funding_fr import appeal_fr, scope_fr

    assert appeal_fr("Chad Humanitarian Response Plan 2020 (revised in June)") == ""
    assert appeal_fr("IOM Atlantis Crisis Response Plan 2023 (total)") == ""
    assert appeal_fr("Something else entirely") == ""
    assert scope_fr("Gulf of Guinea (coastal states)") == ""


def test_checks_name_the_appeal_in_french(tables):
    checks = tables["checks"].set_index("check_id")
    check = checks.loc["2019-mali-humanitarian-response-plan-2019-revised-pct"]
    assert check["subject"] == "Mali Humanitarian Response Plan 2019 (revised) (2019)"
    assert check["subject_fr"] == "Plan de réponse humanitaire, Mali, 2019 (révisé) (2019)"
    assert check["message_fr"].startswith("Plan de réponse humanitaire, Mali, 2019 (révisé) (2019)")


def test_objective_percentages_carry_the_caveat(funding):
    objective = appeal(funding, "IOM Chad CRP 2023 - Objective 1")
    assert objective["funded_pct"] == 22.0
    assert OBJECTIVE_CAVEAT in objective["note"]
    assert "'Funding confirmed 22% / 78% Funding gap'" in objective["note"]
    assert OBJECTIVE_CAVEAT not in appeal(funding, "IOM Chad Crisis Response Plan 2023 (total)")["note"]


def test_gap_checks_within_one_appeal(tables):
    checks = tables["checks"].set_index("check_id")
    nga20 = checks.loc["2020-nigeria-humanitarian-response-plan-2020-revised-incl-covid-19-gap"]
    assert nga20["status"] == "warning"
    assert "Nigeria Humanitarian Response Plan 2020 (revised, incl. COVID-19)" in nga20["message"]
    assert "19,600,000" in nga20["message"]
    assert checks.loc["2019-nigeria-humanitarian-response-plan-2019-gap", "status"] == "pass"
    gap_checks = checks[checks.index.str.endswith("-gap")]
    assert len(gap_checks) == 2  # only rows publishing required, funded and unmet together
    assert set(tables["checks"]["table"]) == {"funding"}


def test_one_source_per_page(tables, funding):
    sources = tables["sources"].set_index("source_id")
    assert len(sources) == 51
    assert sources.loc["REF-FUND-01", "url"] == "https://www.unocha.org/nigeria"
    assert sources.loc["REF-FUND-01", "date"] == "2021-01-04"
    assert set(funding["source_id"]) == set(sources.index)
    assert appeal(funding, "Nigeria Humanitarian Response Plan 2019")["source_id"] == "REF-FUND-01"


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (2, "required_usd", "-5", r"row 2, column 'required_usd': -5 is negative"),
        (3, "required_usd", "1.1 billion", r"row 3, column 'required_usd': '1.1 billion' is not a whole"),
        (4, "funded_usd", "12,000", r"row 4, column 'funded_usd': '12,000' is not a whole number"),
        (2, "as_of_date", "04/01/2021", r"row 2, column 'as_of_date': '04/01/2021' is not a date"),
        (5, "country", "Nigerria", r"row 5, column 'country': unknown country name 'Nigerria'"),
        (17, "country", "Central Sahel (Burkina Faso, Mali, Atlantis)", r"row 17, column 'country': unknown"),
        (6, "funded_pct", "130", r"row 6, column 'funded_pct': '130' is not a percentage"),
    ],
)
def test_bad_cell_names_file_row_and_column(raw_copy, row, column, value, message):
    edit_cell(raw_copy / FUNDING_FILE, row, column, value)
    with pytest.raises(EtlError, match=message) as err:
        build(raw_copy, CONFIG, {})
    assert FUNDING_FILE in str(err.value)
