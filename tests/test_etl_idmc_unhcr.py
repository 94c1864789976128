"""IDMC and UNHCR displacement tables read from the real files, and from edited copies that must fail or be
flagged. Expected figures are read from the raw files with the csv module, or quoted from the README of
the reference files (spot values)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl.common import PROCESSED_DIR, RAW_DIR, EtlError
from etl.sources import idmc, unhcr
from tests.etl_helpers import edit_cell

DISPLACEMENT = RAW_DIR / "displacement"
CONTEXT = {"entities": pd.read_csv(PROCESSED_DIR / "entities.csv", dtype=str, keep_default_na=False)}
REGION = [e for e in CONTEXT["entities"]["entity_id"] if e != "RO-DAKAR"]


def raw_rows(name: str) -> list[dict[str, str]]:
    with (DISPLACEMENT / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def idmc_tables() -> dict[str, pd.DataFrame]:
    return idmc.build(RAW_DIR, {}, CONTEXT)


@pytest.fixture(scope="module")
def unhcr_tables() -> dict[str, pd.DataFrame]:
    return unhcr.build(RAW_DIR, {}, CONTEXT)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(DISPLACEMENT, target / "displacement")
    return target


def figure(table: pd.DataFrame, **where: object) -> object:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, where
    return rows.iloc[0]


# --- IDMC -----------------------------------------------------------------------------------------------


def test_burkina_faso_end_2023_conflict_idps_as_in_the_gidd_file(idmc_tables):
    idps = idmc_tables["idmc_conflict_idps"]
    row = figure(idps, series="idmc_gidd", entity_id="BFA", year=2023)
    rows = raw_rows(idmc.GIDD_CONFLICT.file)
    published = next(r for r in rows if (r["iso3"], r["year"]) == ("BFA", "2023"))
    assert row["idps"] == int(published["total_displacement"]) == 2_062_534
    assert row["source_id"] == "IDMC-GIDD-2025-CONFLICT"


def test_the_two_idmc_releases_are_two_series_never_merged(idmc_tables):
    idps = idmc_tables["idmc_conflict_idps"]
    assert figure(idps, series="idmc_gidd", entity_id="NGA", year=2024)["idps"] == 3_359_007
    assert figure(idps, series="idmc_via_unhcr", entity_id="NGA", year=2024)["idps"] == 3_472_000
    assert idps.groupby("series")["source_id"].nunique().tolist() == [1, 1]
    # Every region row of each file is there once, and nothing else.
    gidd = [r for r in raw_rows(idmc.GIDD_CONFLICT.file) if r["iso3"] in REGION]
    assert (idps["series"] == "idmc_gidd").sum() == len(gidd) == 169
    assert (idps["series"] == "idmc_via_unhcr").sum() == len(raw_rows(idmc.IDMC_VIA_UNHCR.file)) == 165
    assert set(idps["entity_id"]) <= set(REGION)
    assert not {"CPV", "GAB", "GIN", "GNB", "MRT"} & set(idps["entity_id"])


def test_unknown_stays_empty_and_counts_are_integers(idmc_tables):
    idps = idmc_tables["idmc_conflict_idps"]
    assert str(idps["idps"].dtype) == "Int64"
    # Nigeria 2009: new displacements published, no year-end figure.
    row = figure(idps, series="idmc_gidd", entity_id="NGA", year=2009)
    assert pd.isna(row["idps"]) and row["new_displacements"] == 5000
    # A year-end total of 0 whose published (rounded) figure is empty is kept, with a note.
    gambia = figure(idps, series="idmc_gidd", entity_id="GMB", year=2024)
    assert gambia["idps"] == 0 and pd.isna(gambia["idps_rounded"]) and gambia["note"] == idmc.ZERO_STOCK_NOTE


def test_2024_differences_between_the_releases_are_listed_per_country_with_both_figures(idmc_tables):
    checks = idmc_tables["checks"]
    differ = checks[checks["check_id"].str.startswith("IDMC-VINTAGES-2024-")]
    assert sorted(differ["check_id"].str[-3:]) == ["BEN", "MLI", "NER", "NGA"]
    assert set(differ["status"]) == {"warning"}
    nigeria = differ[differ["check_id"] == "IDMC-VINTAGES-2024-NGA"].iloc[0]
    assert "3,359,007" in nigeria["message"] and "3,472,000" in nigeria["message"]
    assert "3\u202f359\u202f007" in nigeria["message_fr"] and "3\u202f472\u202f000" in nigeria["message_fr"]


def test_readme_spot_values_are_reproduced_as_pass_rows(idmc_tables, unhcr_tables):
    checks = pd.concat([idmc_tables["checks"], unhcr_tables["checks"]])
    spots = checks[checks["check_id"].str.contains("-spot-")]
    assert len(spots) == 7 and set(spots["status"]) == {"pass"}
    assert any("1,278,866" in m for m in spots["message"])
    assert any("2,062,534" in m for m in spots["message"])


def test_disaster_events_keep_every_row_and_count_displacements(idmc_tables):
    events = idmc_tables["idmc_disaster_events"]
    rows = raw_rows(idmc.GIDD_DISASTERS.file)
    assert len(events) == len(rows) == 661
    assert events["displacements"].sum() == sum(int(r["new_displacement"]) for r in rows)
    # "2529.0" in the file is 2529; an empty cell stays empty.
    assert events["idps_year_end"].notna().sum() == sum(1 for r in rows if r["total_displacement"])
    checks = idmc_tables["checks"].set_index("check_id")
    assert checks.at["IDMC-GIDD-2025-DISASTERS-repeated-rows", "status"] == "warning"
    message = checks.at["IDMC-GIDD-2025-DISASTERS-repeated-rows", "message"]
    assert message.startswith("IDMC, GIDD (HDX), disaster events: 2 rows repeat")  # by title, not file
    assert ".csv" not in message


def test_every_row_cites_a_source_the_step_describes(idmc_tables, unhcr_tables):
    for tables in (idmc_tables, unhcr_tables):
        described = set(tables["sources"]["source_id"])
        for name, table in tables.items():
            if name not in ("sources", "checks"):
                assert set(table["source_id"]) <= described, name
        assert (tables["sources"]["licence"] != "").all()


# --- UNHCR ----------------------------------------------------------------------------------------------


def test_chad_hosted_refugees_at_end_2024_and_2025(unhcr_tables):
    population = unhcr_tables["unhcr_population"]
    chad = population[population["asylum_iso3"] == "TCD"]
    # The README's 1,278,866 counts refugees (incl. refugee-like) only, not asylum-seekers.
    for year, expected in ((2024, 1_278_866), (2025, 1_502_263)):
        rows = chad[chad["year"] == year]
        published = sum(int(r["refugees"]) for r in raw_rows(unhcr.POPULATION.file)
                        if r["coa_iso"] == "TCD" and r["year"] == str(year))
        assert rows["refugees"].sum() == published == expected
        assert rows["refugees"].sum() + rows["asylum_seekers"].sum() != expected
    assert figure(chad, year=2024, origin_iso3="SDN")["refugees"] == 1_109_357


def test_population_rows_touch_the_region_and_keep_unhcr_zeros_and_blanks(unhcr_tables):
    population = unhcr_tables["unhcr_population"]
    assert len(population) == len(raw_rows(unhcr.POPULATION.file))
    assert (population["origin_iso3"].isin(REGION) | population["asylum_iso3"].isin(REGION)).all()
    assert population["other_in_need"].isna().all()  # never filled in this release: unknown, not 0
    assert figure(population, year=2024, origin_iso3="NGA", asylum_iso3="NGA")["idps"] == 3_432_959
    sudan = figure(population, year=2024, origin_iso3="SDN", asylum_iso3="TCD")
    names = (sudan["origin_name"], sudan["origin_name_fr"], sudan["asylum_name_fr"])
    assert names == ("Sudan", "Soudan", "Tchad")


def test_solutions_keep_empty_cells_empty(unhcr_tables):
    solutions = unhcr_tables["unhcr_solutions"]
    rows = raw_rows(unhcr.SOLUTIONS.file)
    assert len(solutions) == len(rows)
    for column in unhcr.SOLUTIONS_COUNTS:
        assert solutions[column].notna().sum() == sum(1 for r in rows if r[column]), column
        assert solutions[column].sum() == sum(int(r[column]) for r in rows if r[column]), column


# --- edited copies --------------------------------------------------------------------------------------


def test_a_negative_count_is_refused_naming_file_row_and_column(raw_copy):
    edit_cell(raw_copy / "displacement" / unhcr.POPULATION.file, 5, "refugees", "-40")
    with pytest.raises(EtlError) as err:
        unhcr.build(raw_copy, {}, CONTEXT)
    assert "unhcr_population_wca.csv row 5, column 'refugees': -40 is negative" in str(err.value)
    assert "ligne 5" in err.value.text("fr")


def test_a_negative_idmc_figure_is_refused(raw_copy):
    path = raw_copy / "displacement" / idmc.GIDD_CONFLICT.file
    row = next(i + 2 for i, r in enumerate(raw_rows(idmc.GIDD_CONFLICT.file)) if r["iso3"] == "BFA")
    edit_cell(path, row, "total_displacement", "-700")
    with pytest.raises(EtlError, match=rf"row {row}, column 'total_displacement': -700 is negative"):
        idmc.build(raw_copy, {}, CONTEXT)


def test_text_in_a_count_is_refused(raw_copy):
    edit_cell(raw_copy / "displacement" / idmc.GIDD_DISASTERS.file, 2, "new_displacement", "150 000")
    with pytest.raises(EtlError, match="row 2, column 'new_displacement': 150 000 is not a whole number"):
        idmc.build(raw_copy, {}, CONTEXT)


def test_a_year_out_of_range_is_flagged_and_kept(raw_copy):
    path = raw_copy / "displacement" / idmc.GIDD_CONFLICT.file
    row = next(i + 2 for i, r in enumerate(raw_rows(idmc.GIDD_CONFLICT.file))
               if (r["iso3"], r["year"]) == ("MLI", "2015"))
    edit_cell(path, row, "year", "2031")
    tables = idmc.build(raw_copy, {}, CONTEXT)
    checks = tables["checks"].set_index("check_id")
    flagged = checks.loc[f"IDMC-GIDD-2025-CONFLICT-year-row{row}"]
    assert flagged["status"] == "warning"
    assert f"row {row}: year 2031 is outside the years this release covers (2009-2024)" in flagged["message"]
    assert "IDMC-GIDD-2025-CONFLICT-years" not in checks.index  # no pass row for that file's years
    idps = tables["idmc_conflict_idps"]
    assert len(idps[(idps["entity_id"] == "MLI") & (idps["year"] == 2031)]) == 1


def test_a_year_that_is_not_a_year_is_refused(raw_copy):
    edit_cell(raw_copy / "displacement" / unhcr.SOLUTIONS.file, 3, "year", "19677")
    with pytest.raises(EtlError, match="unhcr_solutions_wca.csv row 3, column 'year': '19677' is not a"):
        unhcr.build(raw_copy, {}, CONTEXT)


def test_every_check_reads_in_both_languages(idmc_tables, unhcr_tables):
    checks = pd.concat([idmc_tables["checks"], unhcr_tables["checks"]])
    for column in ("subject", "message", "subject_fr", "message_fr"):
        assert not checks[column].str.contains(r"etl\.(?:check|error)\.").any(), column  # a missing key
    assert (checks["message"] != checks["message_fr"]).all()


def test_the_same_flow_twice_is_refused(raw_copy):
    path = raw_copy / "displacement" / unhcr.SOLUTIONS.file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    with pytest.raises(EtlError, match=rf"rows 2 and {len(lines) + 1}: the same year 1966, origin GHA"):
        unhcr.build(raw_copy, {}, CONTEXT)


def test_an_idp_figure_abroad_is_refused(raw_copy):
    edit_cell(raw_copy / "displacement" / idmc.IDMC_VIA_UNHCR.file, 2, "coa_iso", "TGO")
    with pytest.raises(EtlError, match="row 2: origin BEN and asylum TGO differ"):
        idmc.build(raw_copy, {}, CONTEXT)
