"""`python -m etl import FILE`: DTM API exports and displacement CSVs, validated before anything changes.

Every test works on copies (tmp raw folder, tmp processed folder): data/raw and data/processed are never
written. A refused file must leave the processed tables byte for byte as they were and imports/ untouched.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl import build, importer
from etl.__main__ import main
from etl.common import PROCESSED_DIR, RAW_DIR, EtlError
from etl.messages import format_int
from etl.sources import import_files, imports
from tests.test_etl_messages import english_fragments

DTM_HEADER = [
    "id", "operation", "admin0Name", "admin0Pcode", "admin1Name", "admin1Pcode", "adminLevel",
    "numPresentIdpInd", "reportingDate", "roundNumber", "displacementReason", "assessmentType",
]  # fmt: skip
HXL_ROW = [
    "#id+code", "#operation+name", "#country+name", "#country+code", "#adm1+name", "#adm1+code",
    "#adm+level", "#affected+idps", "#date+reported", "#round+code", "", "#assessment+type",
]  # fmt: skip
OPERATION = "North-East Nigeria"


def dtm_row(n, area, pcode, level, count, reason, assessment, *, iso3="NGA", date="2023-08-31T00:00:00",
            round_no="45"):  # fmt: skip
    return [
        str(n),
        OPERATION,
        "Nigeria",
        iso3,
        area,
        pcode,
        level,
        str(count),
        date,
        round_no,
        reason,
        assessment,
    ]


# Borno, round 45: three reasons in the baseline assessment (1,234,567 in all), two in the site
# assessment (520,000, a subset: never to be added to the baseline); Yobe baseline; one admin-2 row.
BORNO_BA = [("Conflict", 1_000_000), ("Natural disaster", 200_000), ("Other", 34_567)]
BORNO_SA = [("Conflict", 500_000), ("Natural disaster", 20_000)]
DTM_ROWS = (
    [dtm_row(i, "Borno", "NG008", "1", v, r, "BA") for i, (r, v) in enumerate(BORNO_BA, start=1)]
    + [dtm_row(10 + i, "Borno", "NG008", "1", v, r, "SA") for i, (r, v) in enumerate(BORNO_SA, start=1)]
    + [dtm_row(20, "Yobe", "NG036", "1", 150_000, "Conflict", "BA")]
    + [dtm_row(30, "Borno", "NG008", "2", 99_999, "Conflict", "BA")]
)


def csv_bytes(header: list[str], rows: list[list[str]], *, hxl: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    if hxl:
        writer.writerow(hxl)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def dtm_export(rows: list[list[str]] = DTM_ROWS) -> bytes:
    return csv_bytes(DTM_HEADER, rows, hxl=HXL_ROW)


OWN_HEADER = ["as_of", "entity_id", "admin1", "category", "value", "source_org"]


def own_csv(*rows: list[str], header: list[str] = OWN_HEADER) -> bytes:
    return csv_bytes(header, [list(r) for r in rows])


# data/raw/imports as the project ships it: the Chad DTM API export imported once (README there).
BUNDLED = sorted(p.name for p in (RAW_DIR / "imports").iterdir())
BUNDLED_MANIFEST = imports.read_manifest(RAW_DIR / "imports")[
    ["original_name", "stored_name", "sha256", "format", "rows", "countries"]
].values.tolist()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def folders(tmp_path, raw_copy) -> tuple[Path, Path]:
    """(raw copy, processed copy): the import's whole world."""
    out = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, out)
    return raw_copy, out


def incoming(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def displacement(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "displacement.csv", dtype=str, keep_default_na=False)


# --- a DTM API export with both assessment types and several reasons ---------------------------------


def test_dtm_export_sums_reasons_and_keeps_ba_and_sa_apart(tmp_path, folders):
    raw, out = folders
    before = displacement(out)
    data = dtm_export()
    path = incoming(tmp_path, "dtm nigeria r45.csv", data)
    message = importer.import_file(path, raw_dir=raw, out_dir=out)

    table = displacement(out)
    source_id = f"IMPORT-{imports.sha256_of(data)[:12].upper()}"
    added = table[table["source_id"] == source_id]
    assert len(table) == len(before) + 3 and len(added) == 3
    assert set(added["series"]) == {imports.SERIES_IMPORT, imports.SERIES_SITE_ASSESSMENT}
    values = {(r.admin1, r.series): int(r.value) for r in added.itertuples()}
    assert values == {
        ("Borno", "import"): 1_234_567,  # 1,000,000 + 200,000 + 34,567
        ("Borno", "import_site_assessment"): 520_000,  # 500,000 + 20,000, apart from the baseline
        ("Yobe", "import"): 150_000,
    }
    assert 1_234_567 + 520_000 not in set(added["value"].astype(int))  # BA and SA never added
    assert 99_999 not in set(added["value"].astype(int))  # the admin-2 row is left out
    assert set(added["entity_id"]) == {"NGA"} and set(added["category"]) == {"idps"}
    assert set(added["as_of"]) == {"2023-08-31"}
    borno_ba = added[(added["admin1"] == "Borno") & (added["series"] == "import")].iloc[0]
    assert borno_ba["source_org"] == "IOM DTM North-East Nigeria, round 45 (BA)"
    assert "Conflict 1,000,000" in borno_ba["note"] and "Other 34,567" in borno_ba["note"]
    # the French note, rebuilt from the same parts (a reason the catalogue does not name stays as written)
    nbsp = "\u202f"
    french = borno_ba["note_fr"]
    assert french.startswith(
        f"export de l’API de la DTM{nbsp}: opération «{nbsp}{OPERATION}{nbsp}», cycle 45, évaluation de base"
    )
    assert f"conflit 1{nbsp}000{nbsp}000{nbsp}; " in french and f"Other 34{nbsp}567" in french
    borno_sa = added[(added["admin1"] == "Borno") & (added["series"] != "import")].iloc[0]
    assert f"évaluation des sites{nbsp}: PDI dans les sites de déplacement seulement" in borno_sa["note_fr"]
    # the rows held before are untouched, in the same order
    pd.testing.assert_frame_equal(table[table["source_id"] != source_id].reset_index(drop=True), before)

    sha = imports.sha256_of(data)
    sources = pd.read_csv(out / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")
    source = sources.loc[source_id]
    assert source["publisher"] == imports.DTM_PUBLISHER and source["date"] == "2023-08-31"
    assert OPERATION in source["title"] and "round 45" in source["title"]
    checks = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False).set_index("check_id")
    assert checks.loc[f"{source_id}-imported", "status"] == "pass"

    # the file is kept byte for byte under an append-only name, with its manifest line
    stored = [p for p in (raw / "imports").iterdir() if p.name.endswith("dtm_nigeria_r45.csv")]
    assert len(stored) == 1 and stored[0].read_bytes() == data
    assert re.fullmatch(rf"\d{{8}}T\d{{6}}Z_{sha[:12]}_dtm_nigeria_r45\.csv", stored[0].name)
    assert source["file"] == f"data/raw/imports/{stored[0].name}"
    manifest = imports.read_manifest(raw / "imports")
    assert manifest[
        ["original_name", "stored_name", "sha256", "format", "rows", "countries"]
    ].values.tolist() == [
        *BUNDLED_MANIFEST,
        ["dtm nigeria r45.csv", stored[0].name, sha, "dtm_api", "3", ""],
    ]
    assert "3 row(s) added" in message and "1 site-assessment" in message and "1 admin-2 row" in message


def test_reimporting_the_same_file_changes_nothing(tmp_path, folders):
    raw, out = folders
    path = incoming(tmp_path, "dtm.csv", dtm_export())
    importer.import_file(path, raw_dir=raw, out_dir=out)
    processed, kept = snapshot(out), snapshot(raw / "imports")
    message = importer.import_file(path, raw_dir=raw, out_dir=out)
    assert "already imported" in message and "nothing changed" in message
    assert snapshot(out) == processed and snapshot(raw / "imports") == kept
    # the same bytes under another name are the same file
    again = incoming(tmp_path, "renamed.csv", dtm_export())
    assert "already imported" in importer.import_file(again, raw_dir=raw, out_dir=out)
    assert snapshot(raw / "imports") == kept


def test_rebuild_reads_imports_the_same_way_every_time(tmp_path, folders):
    raw, out = folders
    importer.import_file(incoming(tmp_path, "dtm.csv", dtm_export()), raw_dir=raw, out_dir=out)
    first = build.build_tables(raw).tables["displacement"]
    second = build.build_tables(raw).tables["displacement"]
    pd.testing.assert_frame_equal(first, second)
    rebuilt = tmp_path / "rebuilt"
    assert main(["--raw", str(raw), "--out", str(rebuilt)]) == 0
    assert snapshot(rebuilt) == snapshot(out)  # the import's rebuild is the normal build


def test_a_displacement_csv_is_imported_and_may_cite_a_listed_source(tmp_path, folders):
    raw, out = folders
    # The second row cites dashboard #61, already listed in sources.csv, instead of the file itself.
    data = own_csv(
        ["2023-01-31", "TCD", "Lac", "idps", "215000", "IOM DTM Chad (Round 20)", ""],
        ["2024-02-29", "nga", "", "idps", "2300000", "IOM DTM", "DTM-LCB-61"],
        header=OWN_HEADER + ["source_id"],
    )
    importer.import_file(incoming(tmp_path, "own.csv", data), raw_dir=raw, out_dir=out)
    table = displacement(out)
    added = table[(table["series"] == "import") & (table["value"].isin(["215000", "2300000"]))]
    added = added.set_index("entity_id")
    assert int(added.loc["TCD", "value"]) == 215_000 and added.loc["TCD", "admin1"] == "Lac"
    assert added.loc["TCD", "source_id"].startswith("IMPORT-") and added.loc["TCD", "qualifier"] == "exact"
    assert added.loc["NGA", "source_id"] == "DTM-LCB-61"  # ISO3 in lower case is read as NGA


def test_command_line_import_and_refusal(tmp_path, folders, capsys):
    raw, out = folders
    good = incoming(tmp_path, "dtm.csv", dtm_export())
    assert main(["--raw", str(raw), "--out", str(out), "import", str(good)]) == 0
    assert "Imported dtm.csv" in capsys.readouterr().out
    bad = incoming(tmp_path, "bad.csv", own_csv(["2023-02-30", "NGA", "Borno", "idps", "5", "X"]))
    before = snapshot(out)
    assert main(["--raw", str(raw), "--out", str(out), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv row 2, column 'as_of'" in err and "left unchanged" in err
    assert snapshot(out) == before


# --- refusals: nothing changes ---------------------------------------------------------------------------

OWN_OK = ["2023-01-31", "NGA", "Borno", "idps", "5", "IOM DTM Nigeria"]

REFUSED = {
    "unknown column": (
        "extra.csv",
        own_csv(OWN_OK + ["red"], header=OWN_HEADER + ["colour"]),
        ["extra.csv row 1", "unknown column", "'colour'"],
    ),
    "unknown country": (
        "country.csv",
        own_csv(["2023-01-31", "FRA", "", "idps", "5", "X"]),
        ["country.csv, column 'entity_id'", "outside the region", "'FRA' 1 row(s) (first: row 2)"],
    ),
    "unknown country in a DTM export": (
        "dtm_country.csv",
        dtm_export([dtm_row(1, "Lac", "TD07", "1", 5, "Conflict", "BA", iso3="SDN")]),
        ["dtm_country.csv, column 'admin0Pcode'", "'SDN' 1 row(s) (first: row 3)"],
    ),
    "not a number": (
        "text.csv",
        own_csv(["2023-01-31", "NGA", "Borno", "idps", "about 5", "X"]),
        ["text.csv row 2, column 'value'", "not a whole number"],
    ),
    "not a number in a DTM export": (
        "dtm_text.csv",
        dtm_export([dtm_row(1, "Borno", "NG008", "1", "1,000", "Conflict", "BA")]),
        ["dtm_text.csv row 3, column 'numPresentIdpInd'", "not a whole number"],
    ),
    "negative": (
        "negative.csv",
        own_csv(["2023-01-31", "NGA", "Borno", "idps", "-5", "X"]),
        ["negative.csv row 2, column 'value'", "negative"],
    ),
    "impossible date": (
        "date.csv",
        own_csv(["2023-02-30", "NGA", "Borno", "idps", "5", "X"]),
        ["date.csv row 2, column 'as_of'", "'2023-02-30'"],
    ),
    "impossible date in a DTM export": (
        "dtm_date.csv",
        dtm_export([dtm_row(1, "Borno", "NG008", "1", 5, "Conflict", "BA", date="2023-02-30T00:00:00")]),
        ["dtm_date.csv row 3, column 'reportingDate'"],
    ),
    "duplicate of a held row (cited source)": (
        "held.csv",
        own_csv(
            ["2024-02-29", "NGA", "", "affected_total", "4456360", "IOM DTM", "DTM-LCB-61"],
            header=OWN_HEADER + ["source_id"],
        ),
        [
            "held.csv row 2: affected_total for NGA as of 2024-02-29 is a figure the tables already hold",
            "4,456,360 as of 2024-02-29",
            "DTM-LCB-61",
        ],
    ),  # fmt: skip
    "duplicate of a held row (same publisher)": (
        "lac.csv",
        own_csv(["2020-11-30", "TCD", "Lac", "idps", "336124", "DG ECHO citing UNHCR/IOM"]),
        [
            "lac.csv row 2: idps for TCD, Lac as of 2020-11-30 is a figure the tables already hold",
            "336,124 as of 2020-11-30 from DG ECHO citing UNHCR/IOM",
        ],
    ),
    "same reason twice in a DTM export": (
        "twice.csv",
        dtm_export(
            [
                dtm_row(1, "Borno", "NG008", "1", 5, "Conflict", "BA"),
                dtm_row(2, "Borno", "NG008", "1", 5, "Conflict", "BA"),
            ]
        ),
        ["twice.csv rows 3, 4, column 'displacementReason'", "count the same people twice"],
    ),  # fmt: skip
    "too large": (
        "large.csv",
        b"as_of,entity_id,admin1,category,value,source_org\n" + b"2023-01-31,NGA,Borno,idps,5,X\n" * 200_000,
        ["large.csv", "over the 5 MB limit"],
    ),
    "not a CSV (extension)": ("figures.xlsx", own_csv(OWN_OK), ["figures.xlsx", "only .csv files"]),
    "not a CSV (a spreadsheet renamed)": (
        "sheet.csv",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 64,
        ["sheet.csv", "not a CSV file"],
    ),
    "not a CSV (semicolons)": (
        "semicolon.csv",
        b"as_of;entity_id;category;value\n2023-01-31;NGA;idps;5\n",
        ["semicolon.csv", "single column"],
    ),
    "missing column": (
        "short.csv",
        own_csv(["2023-01-31", "NGA", "Borno", "idps", "5"], header=OWN_HEADER[:-1]),
        ["short.csv row 1", "missing column(s) 'source_org'"],
    ),
    "repeated column and a short row": (
        "twice_col.csv",
        b"as_of,entity_id,admin1,category,value,source_org,value\n2023-01-31,NGA,Borno,idps,5\n",
        ["twice_col.csv row 1", "'value' appear twice", "row 2: 5 cells where the header has 7 columns"],
    ),
    "empty file": ("empty.csv", b"\n \n", ["empty.csv", "the file is empty"]),
    "header only": ("header.csv", own_csv(), ["header.csv", "no data rows"]),
    "UTF-16": ("utf16.csv", "as_of,entity_id\n".encode("utf-16"), ["utf16.csv", "UTF-16"]),
    "wrong encoding": (
        "latin1.csv",
        "as_of,entity_id,admin1,category,value,source_org\n2023-01-31,CMR,Extrême-Nord,idps,5,X\n".encode(
            "latin-1"
        ),
        ["latin1.csv", "not UTF-8", "line 2"],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_refused_files_change_nothing(tmp_path, folders, case):
    raw, out = folders
    name, data, expected = REFUSED[case]
    processed, raw_before = snapshot(out), snapshot(raw)
    with pytest.raises(EtlError) as refused:
        importer.import_file(incoming(tmp_path, name, data), raw_dir=raw, out_dir=out)
    for fragment in expected:
        assert fragment in str(refused.value), (fragment, str(refused.value))
    assert_french(refused.value, name)
    assert snapshot(out) == processed  # data/processed byte-identical
    assert snapshot(raw) == raw_before  # nothing written under imports/ (nor anywhere in raw)
    assert sorted(p.name for p in (raw / "imports").iterdir()) == BUNDLED  # only the bundled import


def assert_french(err: EtlError, name: str) -> None:
    """The refusal also reads in French (the Lake Chad page in French): same file named, no English left."""
    french = err.text("fr")
    assert french != str(err) and name in french, french
    leaked = [fragment for fragment in english_fragments("etl.import.", "etl.error.") if fragment in french]
    assert leaked == [], (leaked, french)


def test_a_missing_file_is_refused_in_both_languages(tmp_path, folders):
    raw, out = folders
    with pytest.raises(EtlError) as refused:
        importer.import_file(tmp_path / "nowhere.csv", raw_dir=raw, out_dir=out)
    assert "no such file" in str(refused.value)
    assert refused.value.text("fr").endswith("nowhere.csv\u202f: fichier introuvable.")


def test_a_long_list_of_problems_is_cut_in_both_languages(tmp_path, folders):
    raw, out = folders
    rows = [["2023-01-31", "NGA", "Borno", "idps", f"-{n}", "X"] for n in range(1, 31)]
    with pytest.raises(EtlError) as refused:
        importer.import_file(incoming(tmp_path, "many.csv", own_csv(*rows)), raw_dir=raw, out_dir=out)
    english, french = str(refused.value).splitlines(), refused.value.text("fr").splitlines()
    assert len(english) == len(french) == imports.MAX_PROBLEMS + 1
    assert english[-1] == "... and 5 more problem(s) of the same kind."
    assert french[-1] == "… et 5 autre(s) problème(s) du même genre."
    assert french[0] == (
        "many.csv, ligne 2, colonne « value »\u202f: -1 est négatif\u202f; "
        "un effectif ne peut pas être inférieur à zéro."
    )


def test_accepted_and_repeated_imports_say_so_in_french(tmp_path, folders):
    raw, out = folders
    path = incoming(tmp_path, "dtm.csv", dtm_export())
    done = importer.import_file(path, raw_dir=raw, out_dir=out)
    assert str(done).startswith("Imported dtm.csv: 3 row(s) added")
    french = done.text("fr")
    assert french.startswith("dtm.csv importé\u202f: 3 ligne(s) ajoutée(s) à la table des déplacements")
    assert "1 ligne(s) d’évaluation des sites" in french
    assert "1 ligne(s) de niveau admin 2 écartée(s)" in french
    assert f"compte désormais {format_int(len(displacement(out)), 'fr')} lignes" in french
    again = importer.import_file(path, raw_dir=raw, out_dir=out)
    assert "already imported" in again and again.text("fr").startswith("dtm.csv a déjà été importé le ")
    assert again.text("fr").endswith("rien n’a changé.")


def test_a_failed_rebuild_removes_the_copy_again(tmp_path, folders, monkeypatch):
    raw, out = folders
    importer.import_file(incoming(tmp_path, "first.csv", dtm_export()), raw_dir=raw, out_dir=out)
    processed, kept = snapshot(out), snapshot(raw / "imports")

    def failing_run(raw_dir, out_dir):
        raise EtlError("Table displacement, row 1, column value: simulated failure.")

    monkeypatch.setattr(build, "run", failing_run)
    second = own_csv(["2023-01-31", "TCD", "Lac", "idps", "215000", "IOM DTM Chad (Round 20)"])
    with pytest.raises(EtlError, match="could not be rebuilt with this file, so it was not kept") as failed:
        importer.import_file(incoming(tmp_path, "second.csv", second), raw_dir=raw, out_dir=out)
    # in French: the frame is French, the build's own (untranslated) detail is quoted as it is
    assert failed.value.text("fr").startswith(
        "second.csv\u202f: les tables n’ont pas pu être reconstruites avec ce fichier\u202f; "
        "il n’a donc pas été conservé."
    )
    assert snapshot(out) == processed
    assert snapshot(raw / "imports") == kept  # the copy and its manifest line are gone again


def test_a_changed_import_fails_the_build_clearly(tmp_path, folders):
    raw, out = folders
    importer.import_file(incoming(tmp_path, "dtm.csv", dtm_export()), raw_dir=raw, out_dir=out)
    stored = next(p for p in (raw / "imports").iterdir() if p.name.endswith("_dtm.csv"))
    stored.write_bytes(stored.read_bytes().replace(b"1000000", b"1000001"))
    with pytest.raises(EtlError, match="changed since it was imported"):
        build.build_tables(raw)


def test_import_bytes_refuses_a_path_in_the_name_and_keeps_the_base_name(tmp_path, folders):
    raw, out = folders
    message = importer.import_bytes(
        dtm_export(), "C:\\Users\\me\\Downloads\\r45 (1).csv", raw_dir=raw, out_dir=out
    )
    stored = [p.name for p in (raw / "imports").iterdir() if p.name not in BUNDLED]
    assert len(stored) == 1 and stored[0].endswith("_r45_1.csv") and "Imported r45 (1).csv" in message


# --- import formats are data (etl/import_formats.yaml) ----------------------------------------------------


def test_the_users_guide_lists_every_column_of_every_format():
    guide = (Path(__file__).resolve().parent.parent / "data" / "raw" / "imports" / "README.md").read_text()
    for fmt in import_files.load_formats().values():
        assert f"`{fmt.id}`" in guide
        for column in fmt.columns:
            assert f"`{column}`" in guide, (fmt.id, column)


def test_a_new_format_is_one_yaml_entry(tmp_path, folders, monkeypatch):
    """A format of national IDP totals, its category fixed: no Python beyond the YAML entry."""
    raw, out = folders
    described = import_files._formats_file()
    national = {
        "name": {"en": "national IDP totals", "fr": "totaux nationaux de PDI"},
        "detect_by": ["as_of"],
        "key_columns": "as_of, entity_id, source_org",
        "mapping": "displacement_rows",
        "columns": {
            "as_of": {"required": True, "type": "date"},
            "entity_id": {"required": True, "type": "country"},
            "value": {"required": True, "type": "count"},
            "source_org": {"required": True, "type": "text", "not_empty": "etl.import.source_org_empty"},
            **{name: {"type": "fixed", "value": value} for name, value in [("category", "idps"),
               ("qualifier", "exact"), ("series", "import")]},
            **{name: {"type": "text"} for name in ("admin1", "value_text", "note", "source_id")},
            "dashboard_no": {"type": "whole"},
        },
    }  # fmt: skip
    edited = {**described, "formats": {"national_idps": national, **described["formats"]}}
    monkeypatch.setattr(import_files, "_formats_file", lambda: edited)
    data = csv_bytes(["as_of", "entity_id", "value", "source_org"], [["2023-06-30", "NER", "12345", "Org"]])
    importer.import_bytes(data, "niger.csv", raw_dir=raw, out_dir=out)
    added = displacement(out).query("source_org == 'Org'")[["entity_id", "category", "value", "admin1"]]
    assert added.values.tolist() == [["NER", "idps", "12345", ""]]
    manifest = pd.read_csv(raw / "imports" / "manifest.csv", dtype=str)
    assert manifest["format"].tolist()[len(BUNDLED_MANIFEST) :] == ["national_idps"]


# --- counts exact and plausible; files that are not regular files or not UTF-8 ------------------------


@pytest.mark.parametrize("value", ["12345678901234567", "99999999999999999999", "1000000000000000"])
def test_an_implausible_count_is_refused_in_one_line(tmp_path, folders, capsys, value):
    raw, out = folders
    before = snapshot(out)
    data = own_csv(["2023-01-31", "NGA", "Borno", "idps", value, "X"])
    with pytest.raises(EtlError) as caught:
        importer.import_bytes(data, "big.csv", raw_dir=raw, out_dir=out)
    message = str(caught.value)
    assert message.splitlines() == [message]
    assert message.startswith(f"big.csv row 2, column 'value': {value} people is more than live")
    assert "250,000,000" in message and "250" in caught.value.text("fr")
    path = incoming(tmp_path, "big.csv", data)
    assert main(["--raw", str(raw), "--out", str(out), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{value} people" in err
    assert snapshot(out) == before


def test_counts_are_read_as_exact_integers(tmp_path, folders):
    raw, out = folders
    data = own_csv(["2023-01-31", "NGA", "Borno", "idps", "249999999.0", "X"])
    importer.import_bytes(data, "exact.csv", raw_dir=raw, out_dir=out)
    assert displacement(out).query("source_org == 'X'")["value"].tolist() == ["249999999"]


@pytest.mark.parametrize("kind", ["symlink", "directory", "special"])
def test_only_regular_files_are_read(tmp_path, folders, kind):
    raw, out = folders
    target = incoming(tmp_path, "real.csv", own_csv(OWN_OK))
    path = {
        "symlink": tmp_path / "link.csv",
        "directory": tmp_path / "folder.csv",
        "special": Path("/dev/null"),
    }[kind]
    if kind == "symlink":
        path.symlink_to(target)
    elif kind == "directory":
        path.mkdir()
    with pytest.raises(EtlError) as caught:
        importer.import_file(path, raw_dir=raw, out_dir=out)
    expected = {"symlink": "a symbolic link", "directory": "a directory", "special": "a device"}[kind]
    assert str(caught.value) == str(caught.value).splitlines()[0] and expected in str(caught.value)
    assert sorted(p.name for p in (raw / "imports").iterdir()) == BUNDLED


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("as_of,entity_id\n2023-01-31,NGA\n".encode("utf-16-le"), "UTF-16"),
        ("as_of,entity_id\n2023-01-31,NGA\n".encode("utf-16-be"), "UTF-16"),
        ("as_of,entity_id\n2023-01-31,NGA\n".encode("utf-16"), "UTF-16"),
        (
            "as_of,admin1\n2023-01-31,Extrême-Nord à Maroua, Région de l’Extrême-Nord\n".encode("cp1252"),
            "it looks like cp125",  # a guess: cp1250 and cp1252 share these letters
        ),
    ],
)
def test_encodings_are_named_for_what_they_are(tmp_path, folders, data, expected):
    raw, out = folders
    with pytest.raises(EtlError) as caught:
        importer.import_bytes(data, "enc.csv", raw_dir=raw, out_dir=out)
    assert expected in str(caught.value) and "spreadsheet" not in str(caught.value)
