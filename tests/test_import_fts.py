"""`python -m etl import FILE` with the next OCHA FTS download: recognised, validated, superseding, once.

Every test works on copies (tmp raw and processed folders). The edited download raises Chad's 2026
funding from 188,686,311 to 500,000,000 (FTS's % funded 19 -> 51): the tables, the FTS queries the
pages use, the sources row and the checks must show the new gap, and nothing else may move.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard.queries import fts as q
from dashboard.tables import read_table
from etl import build, importer
from etl.__main__ import main
from etl.common import PROCESSED_DIR, RAW_DIR, EtlError
from etl.sources import imports

FTS_FILE = RAW_DIR / "fts" / "fts_requirements_funding_global.csv"
BASE_SOURCE = "OCHA-FTS-HDX-2026-03-12"
CHAD_2026 = ",986069627,188686311,19"  # requirement, funding, % funded of plan 1501 (HTCD26), Chad
CHAD_2026_LATER = ",986069627,500000000,51"
NIGERIA_2025 = ",910246471,286229072,31"  # plan 1274 (HNGA25), Nigeria
NOW = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)  # after the base file's 12 March 2026
HXL_ROW = (
    "#country+code,#activity+appeal+id+fts_internal,#activity+appeal+name,#activity+appeal+id+external,"
    "#activity+appeal+type+id+fts_internal,#activity+appeal+type+name,#date+start,#date+end,#date+year,"
    "#value+funding+required+usd,#value+funding+total+usd,#value+funding+pct"
)
TABLES = ("fts_plans", "fts_plan_funding", "fts_outside_plans", "sources", "entities", "checks")


def fts_text() -> str:
    return FTS_FILE.read_bytes().decode("utf-8")  # CRLF line ends kept


def edited(*edits: tuple[str, str], text: str | None = None) -> bytes:
    """The FTS file with each (old, new) edit applied to the one line holding old."""
    text = fts_text() if text is None else text
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


def later_download() -> bytes:
    return edited((CHAD_2026, CHAD_2026_LATER))


def file_row(data: bytes, needle: str) -> int:
    """Row number (header = 1) of the one line holding needle."""
    rows = [n for n, line in enumerate(data.decode("utf-8").splitlines(), start=1) if needle in line]
    assert len(rows) == 1, needle
    return rows[0]


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(name, out) for name in TABLES}


def plan_row(found: dict[str, pd.DataFrame], plan_id: int, iso3: str) -> pd.Series:
    funding = found["fts_plan_funding"]
    row = funding[(funding["plan_id"] == plan_id) & (funding["entity_id"] == iso3)]
    assert len(row) == 1
    return row.iloc[0]


def query_rows(found: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return q.plan_rows(found["fts_plans"], found["fts_plan_funding"], found["sources"])


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(RAW_DIR, raw)
    shutil.copytree(PROCESSED_DIR, out)
    return raw, out


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> SimpleNamespace:
    """The edited download imported once into copies of data/raw and data/processed, then once more."""
    folder = tmp_path_factory.mktemp("fts_import")
    raw, out = folder / "raw", folder / "processed"
    shutil.copytree(RAW_DIR, raw)
    shutil.copytree(PROCESSED_DIR, out)
    before = tables(out)
    name = "fts_requirements_funding_global (1).csv"
    message = importer.import_bytes(later_download(), name, raw_dir=raw, out_dir=out, now=NOW)
    files = snapshot(raw, out)
    again = importer.import_bytes(later_download(), name, raw_dir=raw, out_dir=out, now=NOW)
    return SimpleNamespace(
        raw=raw, out=out, before=before, after=tables(out), message=message, files=files, again=again
    )


# --- the edited download ----------------------------------------------------------------------------


def test_the_later_figure_replaces_chads_2026_row(imported):
    # the global file has seven negative amounts elsewhere in the world: not the region's, so not refused
    assert fts_text().count(",-") == 7
    source_id = "IMPORT-" + imports.sha256_of(later_download())[:12].upper()
    chad = plan_row(imported.after, 1501, "TCD")
    assert (chad["requirement_usd"], chad["funding_usd"], chad["percent_funded"]) == (
        986_069_627,
        500_000_000,
        51,
    )
    assert chad["gap_usd"] == 986_069_627 - 500_000_000 and chad["source_id"] == source_id
    source = imported.after["sources"].set_index("source_id").loc[source_id]
    assert source["date"] == "2026-06-01" and "as of the day it was imported" in source["date_note"]
    assert source["file"].startswith("data/raw/imports/20260601T093000Z_") and source["licence"]
    assert plan_row(imported.before, 1501, "TCD")["gap_usd"] == 797_383_316


def test_every_other_figure_is_unchanged(imported):
    """The download lists every plan, so every row now cites it; only Chad 2026's figures move."""
    for name, key in (
        ("fts_plan_funding", ["plan_id", "entity_id"]),
        ("fts_outside_plans", ["entity_id", "year"]),
    ):
        before = imported.before[name].drop(columns="source_id").set_index(key)
        after = imported.after[name].drop(columns="source_id").set_index(key)
        assert before.index.equals(after.index), name
        moved = before.index[(before.fillna(-1) != after.fillna(-1)).any(axis=1)].tolist()
        assert moved == ([(1501, "TCD")] if name == "fts_plan_funding" else []), name
        assert imported.after[name]["source_id"].nunique() == 1, name
    pd.testing.assert_frame_equal(
        imported.before["fts_plans"].drop(columns="source_id"),
        imported.after["fts_plans"].drop(columns="source_id"),
    )
    base = imported.after["sources"].set_index("source_id").loc[BASE_SOURCE]
    assert base["date"] == "2026-03-12"  # the first file stays listed, with its own date


def test_the_pages_queries_show_the_new_gap(imported):
    rows, before_rows = query_rows(imported.after), query_rows(imported.before)
    entities = imported.after["entities"]
    gaps = q.gap_by_country(rows, entities, 2026).set_index("entity_id")
    chad = gaps.loc["TCD"]
    assert (chad["requirement_usd"], chad["funding_usd"], chad["gap_usd"]) == (
        986_069_627,
        500_000_000,
        486_069_627,
    )
    assert chad["percent_funded"] == 51 and chad["as_of"] == "2026-06-01"
    earlier = q.gap_by_country(before_rows, entities, 2026).set_index("entity_id")
    others = gaps.index != "TCD"
    for col in ("requirement_usd", "funding_usd", "gap_usd", "plans"):
        assert gaps.loc[others, col].fillna(-1).tolist() == earlier.loc[others, col].fillna(-1).tolist(), col
    latest = q.latest_plan(rows, "TCD")
    assert (latest["code"], latest["gap_usd"], latest["percent_funded"], latest["as_of"]) == (
        "HTCD26",
        486_069_627,
        51,
        "2026-06-01",
    )
    assert q.latest_plan(rows, "NGA") == q.latest_plan(before_rows, "NGA") | {
        "as_of": "2026-06-01",
        "source_id": latest["source_id"],
    }
    # the region's unmet requirement falls by exactly Chad's change
    total, earlier_total = q.regional_total(rows, 2026), q.regional_total(before_rows, 2026)
    assert earlier_total["gap_usd"] - total["gap_usd"] == 797_383_316 - 486_069_627


def test_the_import_says_what_it_replaced_and_is_listed(imported):
    message = str(imported.message)
    assert message.startswith("Imported fts_requirements_funding_global (1).csv as a")
    assert "figures as of 1 June 2026 (the import day; the file carries no date)" in message
    assert "721 of its 3,779 rows are for the region's countries: 721 replace rows" in message
    assert "(1 with different figures) and 0 are new" in message
    assert "chiffres au 1 juin 2026" in imported.message.text("fr")
    manifest = pd.read_csv(imported.raw / "imports" / "manifest.csv", dtype=str, keep_default_na=False)
    bundled = imports.read_manifest(RAW_DIR / "imports")  # the Chad DTM import shipped with the project
    assert len(manifest) == len(bundled) + 1
    manifest = manifest.iloc[len(bundled) :].reset_index(drop=True)
    assert manifest[["format", "rows", "as_of", "countries"]].values.tolist() == [
        ["fts_requirements_funding", "721", "", ""]
    ]
    stored = imported.raw / "imports" / manifest["stored_name"][0]
    assert stored.read_bytes() == later_download()  # kept byte for byte
    source_id = "IMPORT-" + manifest["sha256"][0][:12].upper()
    check = imported.after["checks"].set_index("check_id").loc[f"fts-import-{source_id}"]
    assert check["status"] == "pass" and "1 with different figures" in check["message"]
    assert "dont 1 avec d’autres chiffres" in check["message_fr"]


def test_importing_it_again_changes_nothing(imported):
    assert "was already imported on 2026-06-01T09:30:00Z" in str(imported.again)
    assert snapshot(imported.raw, imported.out) == imported.files


def test_a_rebuild_reads_the_import_the_same_way(imported, tmp_path):
    build.run(imported.raw, tmp_path / "again")
    for name in (
        "fts_plans",
        "fts_plan_funding",
        "fts_outside_plans",
        "fts_funding_coverage",
        "sources",
        "checks",
    ):
        assert (tmp_path / "again" / f"{name}.csv").read_bytes() == (
            imported.out / f"{name}.csv"
        ).read_bytes()


# --- refused files change nothing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "column", "expected"),
    [
        ((CHAD_2026, ",986069627,-188686311,19"), "funding", "-188686311 is negative"),
        ((CHAD_2026, ",986 069 627,188686311,19"), "requirements", "'986 069 627' is not a whole number"),
        ((CHAD_2026, ",986069627,188686311,nineteen"), "percentFunded", "'nineteen' is not a whole number"),
    ],
)
def test_a_bad_amount_is_refused_in_one_line_naming_row_and_column(folders, edit, column, expected):
    raw, out = folders
    data = edited(edit)
    before = snapshot(raw, out)
    with pytest.raises(EtlError) as err:
        importer.import_bytes(data, "fts.csv", raw_dir=raw, out_dir=out, now=NOW)
    line = file_row(data, "HTCD26")
    assert str(err.value) == f"fts.csv row {line}, column '{column}': {expected}" + (
        "; amounts cannot be negative." if "negative" in expected else " (digits only; empty when unknown)."
    )
    assert f"fts.csv, ligne {line}, colonne « {column} »" in err.value.text("fr")
    assert snapshot(raw, out) == before


def test_an_unknown_column_is_refused(folders):
    raw, out = folders
    lines = fts_text().split("\r\n")
    data = "\r\n".join([lines[0] + ",donor", *(line + "," if line else line for line in lines[1:])]).encode()
    before = snapshot(raw, out)
    with pytest.raises(EtlError) as err:
        importer.import_bytes(data, "fts.csv", raw_dir=raw, out_dir=out, now=NOW)
    assert str(err.value).startswith(
        "fts.csv row 1: unknown column(s) 'donor'; a requirements and funding file of OCHA FTS has only "
        "countryCode, id, name,"
    )
    assert "\n" not in str(err.value) and snapshot(raw, out) == before


# --- variants: HDX's HXL row, a file of one plan, dates given at import ---------------------------


def test_the_hxl_row_variant_imports(folders):
    raw, out = folders
    data = edited(("percentFunded\r\n", "percentFunded\r\n" + HXL_ROW + "\r\n"), (CHAD_2026, CHAD_2026_LATER))
    importer.import_bytes(data, "fts_hxl.csv", raw_dir=raw, out_dir=out, now=NOW)
    found = tables(out)
    assert plan_row(found, 1501, "TCD")["gap_usd"] == 486_069_627
    assert len(found["fts_plan_funding"]) == 239 and len(found["fts_outside_plans"]) == 482


def test_a_file_of_one_plan_supersedes_only_it_and_an_older_date_supersedes_nothing(
    folders, tmp_path, capsys
):
    raw, out = folders
    lines = fts_text().split("\r\n")
    one_plan = "\r\n".join([lines[0], next(line for line in lines if ",HTCD26," in line)]) + "\r\n"
    path = tmp_path / "chad_2026.csv"
    path.write_bytes(edited((CHAD_2026, CHAD_2026_LATER), text=one_plan))
    assert main(["--raw", str(raw), "--out", str(out), "import", str(path), "--as-of", "2026-05-01"]) == 0
    assert "figures as of 1 May 2026 (the date given at import)" in capsys.readouterr().out
    found = tables(out)
    chad_source = plan_row(found, 1501, "TCD")["source_id"]
    assert chad_source.startswith("IMPORT-") and plan_row(found, 1501, "TCD")["gap_usd"] == 486_069_627
    others = found["fts_plan_funding"].query("plan_id != 1501")
    assert set(others["source_id"]) == {BASE_SOURCE} and set(found["fts_outside_plans"]["source_id"]) == {
        BASE_SOURCE
    }
    sources = found["sources"].set_index("source_id")
    assert sources.loc[chad_source, "date"] == "2026-05-01"
    assert "given at import (--as-of)" in sources.loc[chad_source, "date_note"]
    manifest = pd.read_csv(raw / "imports" / "manifest.csv", dtype=str, keep_default_na=False)
    assert manifest.loc[manifest["format"] == "fts_requirements_funding", "as_of"].tolist() == ["2026-05-01"]

    # an archived download dated before the base file (12 March 2026): it replaces nothing newer
    older = tmp_path / "fts_2026-01.csv"
    older.write_bytes(edited((CHAD_2026, ",986069627,1,0"), (NIGERIA_2025, ",910246471,1,0")))
    assert main(["--raw", str(raw), "--out", str(out), "import", str(older), "--as-of", "2026-01-15"]) == 0
    assert "721 of them are in turn replaced by a file dated later" in capsys.readouterr().out
    again = tables(out)
    assert plan_row(again, 1501, "TCD")["funding_usd"] == 500_000_000
    assert plan_row(again, 1274, "NGA")["funding_usd"] == 286_229_072
    assert set(again["fts_plan_funding"]["source_id"]) == {BASE_SOURCE, chad_source}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-02-30", "fts.csv: --as-of 2026-02-30 is not a real date in YYYY-MM-DD form."),
        ("2026-06-02", "fts.csv: --as-of 2026-06-02 is after today (2026-06-01)"),
    ],
)
def test_a_wrong_as_of_date_is_refused(folders, as_of, expected):
    raw, out = folders
    before = snapshot(raw, out)
    with pytest.raises(EtlError) as err:
        importer.import_bytes(later_download(), "fts.csv", raw_dir=raw, out_dir=out, now=NOW, as_of=as_of)
    assert str(err.value).startswith(expected) and snapshot(raw, out) == before


def test_as_of_is_for_fts_files_only(folders):
    raw, out = folders
    data = b"as_of,entity_id,category,value,source_org\n2023-08-31,NGA,idps,5,Org\n"
    with pytest.raises(EtlError, match="--as-of dates an OCHA FTS file only"):
        importer.import_bytes(data, "dtm.csv", raw_dir=raw, out_dir=out, as_of="2023-08-31")
    manifest = "imports/manifest.csv"  # the bundled import's manifest, unchanged
    assert (raw / manifest).read_bytes() == (RAW_DIR / manifest).read_bytes()


def test_a_manifest_written_before_the_as_of_column_gets_it():
    old = (
        "imported_at,original_name,stored_name,sha256,format,rows\n"
        "2026-01-01T00:00:00Z,a.csv,x_a.csv,ab,dtm_api,3\n"
    )
    assert imports.manifest_text(old) == (
        "imported_at,original_name,stored_name,sha256,format,rows,as_of,countries\n"
        "2026-01-01T00:00:00Z,a.csv,x_a.csv,ab,dtm_api,3,,\n"
    )
    # a manifest with countries but not as_of (the bundled one): as_of at the end, the line in that order
    with_countries = (
        "imported_at,original_name,stored_name,sha256,format,rows,countries\n"
        "2026-01-01T00:00:00Z,a.csv,x_a.csv,ab,dtm_api,3,TCD\n"
    )
    text = imports.manifest_text(with_countries)
    assert text == (
        "imported_at,original_name,stored_name,sha256,format,rows,countries,as_of\n"
        "2026-01-01T00:00:00Z,a.csv,x_a.csv,ab,dtm_api,3,TCD,\n"
    )
    cells = ["t", "b.csv", "x_b.csv", "cd", "fts_requirements_funding", "7"]
    record = dict(zip(imports.MANIFEST_COLUMNS, cells, strict=True))
    assert imports.manifest_line(text, {**record, "as_of": "2026-05-01", "countries": ""}) == (
        "t,b.csv,x_b.csv,cd,fts_requirements_funding,7,,2026-05-01\n"
    )
    assert imports.manifest_text(text) == text  # nothing missing: unchanged
    every_column = imports.MANIFEST_COLUMNS + imports.MANIFEST_OPTIONAL
    assert imports.manifest_text(None) == ",".join(every_column) + "\n"


def test_countries_is_for_displacement_files_only(folders):
    raw, out = folders
    with pytest.raises(EtlError, match="--countries chooses the countries of a displacement export"):
        importer.import_bytes(later_download(), "fts.csv", raw_dir=raw, out_dir=out, countries="TCD")
