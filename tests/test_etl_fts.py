"""OCHA FTS requirements and funding: the real global file, and edited copies that break it on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl.build import build_tables
from etl.common import RAW_DIR, EtlError, load_config
from etl.sources import fts, import_fts
from etl.sources.fts_rows import FtsFile

CONFIG = load_config()
FTS_FILE = RAW_DIR / "fts" / "fts_requirements_funding_global.csv"
SOURCE_ID = "OCHA-FTS-HDX-2026-03-12"


@pytest.fixture(scope="module")
def context() -> dict[str, pd.DataFrame]:
    """The tables the step reads: entities (the region's countries) and the hand-collected funding rows."""
    built = build_tables(RAW_DIR).tables
    return {"entities": built["entities"], "funding": built["funding"]}


@pytest.fixture(scope="module")
def tables(context) -> dict[str, pd.DataFrame]:
    return fts.build(RAW_DIR, CONFIG, context)


@pytest.fixture
def fts_copy(tmp_path: Path) -> Path:
    """A raw folder holding only a copy of data/raw/fts/ (the file and its source.yaml)."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR / "fts", raw / "fts")
    return raw


def row(tables: dict[str, pd.DataFrame], code: str, iso3: str) -> pd.Series:
    plans = tables["fts_plans"].set_index("code")
    funding = tables["fts_plan_funding"]
    found = funding[(funding["plan_id"] == plans.loc[code, "plan_id"]) & (funding["entity_id"] == iso3)]
    assert len(found) == 1, (code, iso3, len(found))
    return found.iloc[0]


def file_row(raw: Path, needle: str) -> int:
    """Spreadsheet row (header = 1) of the only line of the copy containing needle."""
    lines = (raw / "fts" / FTS_FILE.name).read_text(encoding="utf-8").splitlines()
    numbers = [i + 1 for i, line in enumerate(lines) if needle in line]
    assert len(numbers) == 1, needle
    return numbers[0]


def edit_line(raw: Path, old: str, new: str) -> None:
    path = raw / "fts" / FTS_FILE.name
    text = path.read_bytes().decode("utf-8")  # CRLF line ends kept as they are
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def append_line(raw: Path, line: str) -> None:
    with (raw / "fts" / FTS_FILE.name).open("a", encoding="utf-8", newline="") as fh:
        fh.write(line + "\r\n")


# --- the real file ---------------------------------------------------------------------------------------


def test_the_raw_file_is_the_unedited_copy():
    import hashlib

    assert hashlib.sha256(FTS_FILE.read_bytes()).hexdigest() == (
        "1dac3ef3e73a85fddd4f56beadc85a8394f2787f6abada24cd14152e2471f702"
    )


def test_chad_2026_and_nigeria_2025_are_rows(tables):
    chad = row(tables, "HTCD26", "TCD")
    assert (chad["requirement_usd"], chad["funding_usd"], chad["percent_funded"]) == (
        986_069_627,
        188_686_311,
        19,
    )
    # 986,069,627 - 188,686,311 (the 797,382,316 is a typo for this; $797.4 M either way)
    assert chad["gap_usd"] == 797_383_316
    nigeria = row(tables, "HNGA25", "NGA")
    assert (nigeria["requirement_usd"], nigeria["funding_usd"]) == (910_246_471, 286_229_072)
    assert nigeria["gap_usd"] == 910_246_471 - 286_229_072 and nigeria["percent_funded"] == 31
    plan = tables["fts_plans"].set_index("code").loc["HTCD26"]
    assert plan["name"] == "Tchad Besoins Humanitaires et Plan de Réponse 2026"
    assert (plan["plan_type"], plan["plan_kind"], plan["year"]) == (
        "Humanitarian needs and response plan",
        "response_plan",
        2026,
    )
    assert (plan["start_date"], plan["end_date"], bool(plan["is_regional"])) == (
        "2026-01-01",
        "2026-12-31",
        False,
    )


def test_the_regions_rows_are_all_kept_and_only_they(tables, context):
    world = pd.read_csv(FTS_FILE, dtype=str, keep_default_na=False)
    countries = set(context["entities"].query("kind == 'country'")["entity_id"])
    assert len(countries) == 20
    region = world[world["countryCode"].isin(countries)]
    assert len(region) == 721
    funding, outside = tables["fts_plan_funding"], tables["fts_outside_plans"]
    assert len(funding) + len(outside) == 721
    assert (len(funding), len(outside), len(tables["fts_plans"])) == (239, 482, 181)
    assert set(funding["entity_id"]) | set(outside["entity_id"]) == countries - {
        "CPV",
        "GAB",
    }  # none for these two
    # every amount as in the file: the region's plan rows, summed, equal the file's
    plan_rows = region[region["id"] != ""]
    assert funding["requirement_usd"].sum() == pd.to_numeric(plan_rows["requirements"]).sum()
    assert funding["funding_usd"].sum() == pd.to_numeric(plan_rows["funding"]).sum()
    assert outside["funding_usd"].sum() == pd.to_numeric(region[region["id"] == ""]["funding"]).sum()


def test_gap_only_where_both_are_known_and_never_negative(tables):
    funding = tables["fts_plan_funding"]
    both = funding["requirement_usd"].notna() & funding["funding_usd"].notna()
    assert funding.loc[~both, "gap_usd"].isna().all() and funding.loc[both, "gap_usd"].notna().all()
    expected = (funding.loc[both, "requirement_usd"] - funding.loc[both, "funding_usd"]).clip(lower=0)
    assert (funding.loc[both, "gap_usd"] == expected).all()
    # funded above the requirement: no gap, FTS's % passes 100 (Niger's share of West Africa 2006: 118 %)
    niger = row(tables, "RBFAGNBMLIMRTNERSENTGO06", "NER")
    assert niger["gap_usd"] == 0 and niger["percent_funded"] == 118
    # the 2014 Ebola plan gives Guinea's funding but no requirement: no gap, no % (unknown, not 0)
    ebola = row(tables, "RGINLBRSLE1415", "GIN")
    assert ebola["funding_usd"] == 226_509_411
    assert (
        pd.isna(ebola["requirement_usd"]) and pd.isna(ebola["gap_usd"]) and pd.isna(ebola["percent_funded"])
    )
    assert not (funding["requirement_usd"] == 0).any()


def test_regional_plans_are_marked_from_the_data(tables):
    plans = tables["fts_plans"].set_index("code")
    # a regional refugee plan with rows for five countries
    assert plans.loc["RRSDN24", "is_regional"] and plans.loc["RRSDN24", "countries"] == 5
    # typed "Other", but rows for three countries: a multi-country plan
    assert plans.loc["OGLBL20b", "plan_type"] == "Other" and plans.loc["OGLBL20b", "plan_kind"] == "regional"
    # typed regional, though the global file has a row for one country only
    assert plans.loc["RBFACMRGMBMLIMRTNERNGASENTCD14", "countries"] == 1
    assert plans.loc["RBFACMRGMBMLIMRTNERNGASENTCD14", "is_regional"]
    assert (plans["is_regional"] == (plans["plan_kind"] == "regional")).all()
    assert (
        plans.loc["FGHA0708", "plan_kind"] == "flash_appeal" and plans.loc["OBFA19", "plan_kind"] == "other"
    )
    assert plans.loc["CSLE00", "plan_kind"] == "response_plan"
    assert int(plans["is_regional"].sum()) == 13


def test_funding_outside_plans_has_no_requirement_and_no_gap(tables):
    outside = tables["fts_outside_plans"]
    assert list(outside.columns) == fts.OUTSIDE_COLUMNS
    chad = outside.set_index(["entity_id", "year"]).loc[("TCD", 2026)]
    assert chad["funding_usd"] == 4_415_355 and chad["source_id"] == SOURCE_ID
    assert outside["year"].max() == 2029  # funding committed for later years: kept, and named in checks


def test_the_source_row(tables):
    source = tables["sources"].iloc[0]
    assert source["source_id"] == SOURCE_ID and source["date"] == "2026-03-12"
    assert "OCHA Financial Tracking Service" in source["publisher"] and "HDX" in source["publisher"]
    assert "12 March 2026" in source["date_note"] and "CC BY-IGO 3.0" in source["licence"]
    assert source["file"] == "data/raw/fts/fts_requirements_funding_global.csv"
    for name in ("fts_plans", "fts_plan_funding", "fts_outside_plans", "fts_funding_coverage"):
        assert set(tables[name]["source_id"]) == {SOURCE_ID}, name


def test_checks_on_the_real_file(tables):
    checks = tables["checks"].set_index("check_id")
    assert "231 of the 232 plan rows" in checks.loc["fts-percent-funded", "message"]
    # the one disagreement: FTS's 96 % for 95.499 %
    sierra_leone = checks.loc["fts-percent-funded-105-SLE"]
    assert sierra_leone["status"] == "warning" and "95.499%" in sierra_leone["message"]
    assert "96\u202f% financé" in sierra_leone["message_fr"]
    assert checks.loc["fts-one-country-plan", "status"] == "pass"
    years = checks.loc["fts-years"]
    assert years["status"] == "warning" and years["message"].startswith(
        "29 row(s) for years outside 2000–2026"
    )
    assert "Burkina Faso 2027, 2028, 2029" in years["message"]
    assert checks.loc["fts-plan-types", "status"] == "pass"
    unknown = checks.loc["fts-amount-unknown", "message"]
    assert (
        unknown.startswith("7 plan row(s)")
        and "Ebola Outbreak Response Plan 2014 (RGINLBRSLE1415), Guinea" in unknown
    )
    assert set(checks["source_id"]) == {SOURCE_ID}


def test_which_hand_collected_rows_fts_covers(tables, context):
    coverage = tables["fts_funding_coverage"].set_index("funding_id")
    assert set(coverage.index) == set(context["funding"]["funding_id"])
    plan_ids = tables["fts_plans"].set_index("code")["plan_id"]
    nigeria = coverage.loc["2020-nigeria-humanitarian-response-plan-2020-revised-incl-covid-19"]
    assert (nigeria["status"], nigeria["plan_id"]) == ("fts_plan", plan_ids["HNGA20"])
    # FTS types Burkina Faso's 2019 plan "Other" (Plan d'Urgence): the country's only plan that year
    burkina = coverage.loc["2019-burkina-faso-humanitarian-response-plan-2019-revised-8-aug-2019"]
    assert (burkina["status"], burkina["plan_id"]) == ("fts_plan", plan_ids["OBFA19"])
    assert coverage.loc["2021-iom-niger-crisis-response-plan-2021-total", "status"] == "iom_plan"
    assert coverage.loc["2017-lcb-response-plans-2017", "status"] == "several_countries"
    counts = coverage["status"].value_counts().to_dict()
    assert counts == {"fts_plan": 40, "iom_plan": 22, "several_countries": 10}
    assert coverage.loc[coverage["status"] != "fts_plan", "plan_id"].isna().all()


# --- edited copies -----------------------------------------------------------------------------------------


def test_a_negative_amount_is_refused_naming_the_row(fts_copy, context):
    line = file_row(fts_copy, "HTCD26")
    edit_line(fts_copy, ",986069627,188686311,19", ",986069627,-188686311,19")
    with pytest.raises(EtlError) as err:
        fts.build(fts_copy, CONFIG, context)
    message = str(err.value)
    assert f"row {line}, column 'funding': -188686311 is negative" in message
    assert f"ligne {line}, colonne « funding »\u202f: -188686311 est négatif" in err.value.text("fr")


def test_a_non_numeric_amount_is_refused(fts_copy, context):
    edit_line(fts_copy, ",986069627,188686311,19", ",986 069 627,188686311,19")
    with pytest.raises(EtlError, match="column 'requirements': '986 069 627' is not a whole number"):
        fts.build(fts_copy, CONFIG, context)


def test_a_negative_amount_outside_the_region_does_not_matter(tables):
    # the real file has seven (e.g. TUR 2017, "Not specified"); none is the region's, so the build runs
    world = pd.read_csv(FTS_FILE, dtype=str, keep_default_na=False)
    assert world["funding"].str.startswith("-").sum() == 7
    assert (tables["fts_outside_plans"]["funding_usd"].dropna() >= 0).all()


def test_two_country_plans_for_one_country_and_year_are_flagged(fts_copy, context):
    append_line(
        fts_copy,
        "TCD,9999,Tchad Plan de Réponse Humanitaire bis 2026,HTCD26B,4,Humanitarian response plan,"
        "2026-01-01,2026-12-31,2026,1000,500,50",
    )
    checks = fts.build(fts_copy, CONFIG, context)["checks"].set_index("check_id")
    assert "fts-one-country-plan" not in checks.index
    flagged = checks.loc["fts-several-country-plans-TCD-2026"]
    assert flagged["status"] == "warning"
    assert flagged["message"].startswith("Chad, 2026: FTS lists 2 country response plans:")
    assert "Tchad Besoins Humanitaires et Plan de Réponse 2026 (HTCD26)" in flagged["message"]
    assert "Tchad Plan de Réponse Humanitaire bis 2026 (HTCD26B)" in flagged["message"]
    assert flagged["message_fr"].startswith("Tchad, 2026\u202f: FTS répertorie 2 plans de réponse nationaux")


def test_an_empty_requirement_stays_empty(fts_copy, context):
    edit_line(fts_copy, ",986069627,188686311,19", ",,188686311,")
    tables = fts.build(fts_copy, CONFIG, context)
    chad = row(tables, "HTCD26", "TCD")
    assert pd.isna(chad["requirement_usd"]) and pd.isna(chad["gap_usd"]) and pd.isna(chad["percent_funded"])
    assert chad["funding_usd"] == 188_686_311
    checks = tables["checks"].set_index("check_id")
    assert (
        "Tchad Besoins Humanitaires et Plan de Réponse 2026 (HTCD26), Chad 2026"
        in checks.loc["fts-amount-unknown", "message"]
    )
    assert "230 of the 231 plan rows" in checks.loc["fts-percent-funded", "message"]


def test_a_row_outside_the_years_and_an_unknown_type_are_named(fts_copy, context):
    append_line(
        fts_copy,
        "NER,9998,Niger Appel Spécial 1999,XNER99,99,Special appeal,1999-01-01,1999-12-31,1999,10,5,50",
    )
    checks = fts.build(fts_copy, CONFIG, context)["checks"].set_index("check_id")
    assert "The Niger 1999, 2027, 2028, 2029" in checks.loc["fts-years", "message"]
    types = checks.loc["fts-plan-types"]
    assert (
        types["status"] == "warning"
        and "Niger Appel Spécial 1999 (XNER99): 'Special appeal'" in types["message"]
    )


def test_hdx_hxl_row_is_read_and_an_unknown_column_refused(fts_copy, context):
    edit_line(
        fts_copy, "percentFunded\r\n", "percentFunded\r\n#country+code,#x,#x,#x,#x,#x,#x,#x,#x,#x,#x,#x\r\n"
    )
    tables = fts.build(fts_copy, CONFIG, context)
    assert len(tables["fts_plan_funding"]) == 239
    edit_line(fts_copy, "percentFunded\r\n", "percentFunded,donor\r\n")
    with pytest.raises(EtlError, match=r"unknown column\(s\) donor"):
        fts.build(fts_copy, CONFIG, context)


def test_a_row_without_plan_id_must_be_not_specified(fts_copy, context):
    line = file_row(fts_copy, "HTCD26")
    edit_line(fts_copy, "TCD,1501,", "TCD,,")
    with pytest.raises(EtlError, match=f"row {line}, column 'id': empty, but the row names the plan"):
        fts.build(fts_copy, CONFIG, context)


# --- later downloads: which file's row the tables keep (etl/sources/import_fts.py) ----------------------


def fts_file(source_id: str, as_of: str, *rows: str) -> FtsFile:
    """A small FTS file: rows "ISO3,plan id,year,requirements,funding" (plan id empty: Not specified)."""
    cells = []
    for line in rows:
        iso3, plan_id, year, requirement, funding = line.split(",")
        name = f"Plan {plan_id}" if plan_id else fts.NOT_SPECIFIED
        plan = (
            [f"P{plan_id}", "4", "Humanitarian response plan", f"{year}-01-01", f"{year}-12-31"]
            if plan_id
            else [""] * 5
        )
        cells.append([iso3, plan_id, name, *plan, year, requirement, funding, ""])
    world = pd.DataFrame(cells, columns=fts.FTS_COLUMNS, index=range(2, 2 + len(cells)))
    return FtsFile(source_id=source_id, label=f"{source_id}.csv", as_of=as_of, world=world, region=world)


def cited(merged: pd.DataFrame) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(country, plan id, year) -> (funding, source) of the rows the tables keep."""
    return {(r.countryCode, r.id, r.year): (r.funding, r.source_id) for r in merged.itertuples()}


def test_a_later_file_replaces_the_plans_and_years_it_lists_and_nothing_else():
    first = fts_file(
        "A", "2026-03-12", "TCD,1,2026,100,10", "CMR,1,2026,50,5", "TCD,2,2025,80,8", "TCD,,2026,,3"
    )
    later = fts_file("B", "2026-06-01", "TCD,1,2026,100,60", "TCD,,2026,,4", "NER,3,2026,70,7")
    merged, counts = import_fts.supersede(import_fts.by_as_of([first, later]))
    assert cited(merged) == {
        ("TCD", "1", "2026"): ("60", "B"),  # plan 1 in Chad: the later file
        ("CMR", "1", "2026"): ("5", "A"),  # plan 1 in Cameroon: the later file does not list it
        ("TCD", "2", "2025"): ("8", "A"),  # a plan the later file does not list
        ("TCD", "", "2026"): ("4", "B"),  # funding outside plans, Chad 2026
        ("NER", "3", "2026"): ("7", "B"),  # a plan only the later file lists
    }
    assert counts["B"] == {
        "rows": 3,
        "region": 3,
        "replaced": 2,
        "changed": 2,
        "added": 1,
        "kept": 2,
        "later": 0,
    }


def test_an_earlier_dated_file_replaces_nothing_a_later_one_lists():
    base = fts_file("BASE", "2026-03-12", "TCD,1,2026,100,10", "NGA,4,2025,90,9")
    archive = fts_file("OLD", "2026-01-15", "TCD,1,2026,100,1", "NGA,4,2025,90,1", "NGA,5,2015,30,3")
    same_day = fts_file("SAME", "2026-03-12", "NGA,4,2025,90,20")  # imported after the base: it wins
    files = import_fts.by_as_of([base, archive, same_day])
    assert [f.source_id for f in files] == ["OLD", "BASE", "SAME"]
    merged, counts = import_fts.supersede(files)
    assert cited(merged) == {
        ("TCD", "1", "2026"): ("10", "BASE"),
        ("NGA", "4", "2025"): ("20", "SAME"),
        ("NGA", "5", "2015"): ("3", "OLD"),
    }
    assert counts["OLD"]["later"] == 2 and counts["BASE"]["later"] == 1
