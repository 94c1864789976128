"""Imported figures flow everywhere a person looks (issue #15): new DTM dashboards (format a with
dashboard_no and the basin total LCB), a later HDX HAPI release for Chad, duplicates by meaning and
multi-country exports. Every figure below is made up for the test; every test works on copies of
data/raw and data/processed.
"""

from __future__ import annotations

import io
import json
import shutil

import pandas as pd
import pytest
import streamlit as st
from pptx import Presentation

from dashboard import brief, queries
from dashboard.tables import read_table
from etl import importer
from etl.__main__ import main
from etl.common import PROCESSED_DIR, EtlError
from etl.sources import imports
from tests.test_import import DTM_HEADER, HXL_ROW, csv_bytes, dtm_row, snapshot

BUNDLED_CHAD = "IMPORT-5379A0418F83"  # data/raw/imports: the Chad DTM API export shipped with the project


@pytest.fixture
def folders(tmp_path, raw_copy):
    out = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, out)
    return raw_copy, out


def incoming(tmp_path, name: str, data: bytes):
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def app_table(out, name: str) -> pd.DataFrame:
    """A table as the dashboard reads it (typed, empty cells missing)."""
    return read_table(name, out)


# --- two more monthly dashboards in format (a), the basin total as LCB -----------------------------------

DASHBOARD_HEADER = ["dashboard_no", "as_of", "entity_id", "category", "value", "source_org"]
# (no, date, {entity: affected}); #62's basin total equals its countries' sum, #63's is 1,000 below it.
DASHBOARD_62 = (62, "2024-03-31", {"NGA": 4_470_000, "CMR": 780_000, "NER": 515_000, "TCD": 290_000})
DASHBOARD_63 = (63, "2024-04-30", {"NGA": 4_480_500, "CMR": 781_000, "NER": 516_000, "TCD": 291_500})


def dashboard_file(no: int, date: str, countries: dict[str, int], total: int) -> bytes:
    org = f"IOM DTM Lake Chad Basin Crisis Monthly Dashboard #{no}"
    rows = [[str(no), date, "LCB", "affected_total", str(total), org]]
    rows += [[str(no), date, iso3, "affected_total", str(v), org] for iso3, v in countries.items()]
    return csv_bytes(DASHBOARD_HEADER, rows)


def test_two_imported_dashboards_move_every_view_to_the_newest(tmp_path, folders):
    raw, out = folders
    before = app_table(out, "displacement")
    previous_latest = queries.lcb_latest_dashboard(before)["dashboard_no"].max()
    no62, date62, countries62 = DASHBOARD_62
    no63, date63, countries63 = DASHBOARD_63
    total62, total63 = sum(countries62.values()), sum(countries63.values()) - 1_000
    for name, data in (
        ("dashboard62.csv", dashboard_file(no62, date62, countries62, total62)),
        ("dashboard63.csv", dashboard_file(no63, date63, countries63, total63)),
    ):
        importer.import_file(incoming(tmp_path, name, data), raw_dir=raw, out_dir=out)
    displacement, checks = app_table(out, "displacement"), app_table(out, "checks")

    # The Lake Chad Basin page: the headline is dashboard #63, the basin total first, then its countries.
    latest = queries.lcb_latest_dashboard(displacement)
    assert previous_latest < 62 and set(latest["dashboard_no"]) == {63}
    assert latest["entity_id"].isna().tolist() == [True, False, False, False, False]
    assert int(latest["value"].iloc[0]) == total63
    assert (
        dict(zip(latest["entity_id"].iloc[1:], latest["value"].iloc[1:].astype(int), strict=True))
        == countries63
    )
    # ... its trend ends with #62 and #63 (the basin and each country)
    trend = queries.lcb_dtm_trend(displacement)
    tail = trend[trend["dashboard_no"] >= 62]
    assert tail["as_of"].tolist() == [date62] * 5 + [date63] * 5
    assert trend["as_of"].max() == date63
    # ... and #63's basin total, 1,000 below the sum of its countries, is flagged as #25 and #49 are.
    flags = queries.lcb_total_flags(displacement, checks).set_index("dashboard_no")
    assert 63 in flags.index and 62 not in flags.index and {25, 49} <= set(flags.index)
    assert (int(flags.loc[63, "total"]), int(flags.loc[63, "difference"])) == (total63, 1_000)

    # The overview's basin figure and the country page's DTM figure for Nigeria (queries.dtm_trend).
    assert int(queries.basin_figure(displacement, "dtm_lcb_dashboard", "affected_total")["value"]) == total63
    nigeria = queries.dtm_trend(displacement, "NGA")
    assert (
        int(nigeria["latest"]["value"]) == countries63["NGA"] and int(nigeria["latest"]["dashboard_no"]) == 63
    )
    assert int(nigeria["previous"]["value"]) == countries62["NGA"]
    assert nigeria["change"] == countries63["NGA"] - countries62["NGA"]
    assert queries.latest_dtm_by_country(displacement).set_index("entity_id").loc["NGA", "as_of"] == date63

    # (No figure per affected person any more: main removed requirement_per_affected, issue #14.)
    tables = brief.load_tables(out)

    # Nigeria's briefing pack: its DTM chart ends with dashboards #62 and #63.
    prs = Presentation(io.BytesIO(brief.build_brief("NGA", "en", tables)))
    charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
    series = queries.dtm_series(displacement, "NGA")
    dtm_charts = [
        c for c in charts if list(c.plots[0].series[0].values) == [float(v) for v in series["value"]]
    ]
    assert len(dtm_charts) == 1
    assert list(dtm_charts[0].plots[0].series[0].values)[-2:] == [countries62["NGA"], countries63["NGA"]]


def test_a_dashboards_basin_total_needs_its_number_and_no_area(tmp_path, folders):
    raw, out = folders
    before = snapshot(out)
    data = csv_bytes(
        ["as_of", "entity_id", "admin1", "category", "value", "source_org", "dashboard_no"],
        [
            ["2024-03-31", "LCB", "", "affected_total", "6000000", "IOM DTM", ""],
            ["2024-03-31", "lcb", "Borno", "affected_total", "6000000", "IOM DTM", "62"],
        ],
    )
    with pytest.raises(EtlError) as refused:
        importer.import_file(incoming(tmp_path, "basin.csv", data), raw_dir=raw, out_dir=out)
    text = str(refused.value)
    assert "basin.csv row 2, column 'entity_id'" in text and "give its dashboard_no" in text
    assert "basin.csv row 3, column 'admin1'" in text and "leave admin1 empty" in text
    assert "bassin du lac Tchad" in refused.value.text("fr")
    assert snapshot(out) == before


# --- duplicates by meaning -------------------------------------------------------------------------------


def test_a_dashboard_figure_already_held_is_refused_whatever_the_publisher(tmp_path, folders):
    raw, out = folders
    before = snapshot(out)
    # Dashboard #61's Nigeria figure (reference table: 4,456,360), under another publisher's name.
    data = csv_bytes(
        DASHBOARD_HEADER, [["61", "2024-02-29", "NGA", "affected_total", "4456360", "DTM Nigeria"]]
    )
    with pytest.raises(EtlError) as refused:
        importer.import_file(incoming(tmp_path, "again61.csv", data), raw_dir=raw, out_dir=out)
    text = str(refused.value)
    assert "again61.csv row 2" in text and "DTM dashboard #61" in text
    assert "4,456,360 as of 2024-02-29" in text and "DTM-LCB-61" in text  # the figure already there
    assert "tableau de bord n° 61" in refused.value.text("fr")
    # Dashboard #61 under another date is another dashboard #61: refused, both dates named.
    moved = csv_bytes(DASHBOARD_HEADER, [["61", "2024-03-31", "NGA", "affected_total", "4456361", "X"]])
    with pytest.raises(EtlError, match=r"dashboard #61 would have several dates \(2024-02-29, 2024-03-31\)"):
        importer.import_file(incoming(tmp_path, "moved61.csv", moved), raw_dir=raw, out_dir=out)
    assert snapshot(out) == before


# --- HDX HAPI's IDPs table ----------------------------------------------------------------------------------

HAPI_HEADER = [
    "location_code", "has_hrp", "in_gho", "provider_admin1_name", "provider_admin2_name", "admin1_code",
    "admin1_name", "admin2_code", "admin2_name", "admin_level", "operation", "assessment_type", "population",
    "reporting_round", "reference_period_start", "reference_period_end", "dataset_hdx_id", "resource_hdx_id",
    "warning", "error",
]  # fmt: skip
HAPI_HXL = [
    "#country+code", "#meta+has_hrp", "#meta+in_gho", "#adm1+name+provider", "#adm2+name+provider",
    "#adm1+code", "#adm1+name", "#adm2+code", "#adm2+name", "#adm+level", "#operation+name",
    "#assessment+type", "#affected+idps", "#round+code", "#date+start", "#date+end", "#meta+dataset_id",
    "#meta+resource_id", "#meta+warning", "#meta+error",
]  # fmt: skip
CHAD_OPERATION = "Lake Chad Basin Crisis"  # the bundled export's operation name


def hapi_row(
    area: str,
    level: str,
    assessment: str,
    population: int,
    *,
    round_no: str = "25",
    date: str = "2025-04-30",
    admin2: str = "",
    error: str = "",
    warning: str = "",
) -> list[str]:
    return [
        "TCD", "Y", "Y", area, admin2, "TD07" if area else "", area, "", admin2, level, CHAD_OPERATION,
        assessment, str(population), round_no, f"{date}T00:00:00", f"{date}T23:59:59", "ds-1", "res-1",
        warning, error,
    ]  # fmt: skip


def hapi_file(rows: list[list[str]]) -> bytes:
    return csv_bytes(HAPI_HEADER, rows, hxl=HAPI_HXL)


def test_a_later_hapi_release_for_chad_is_imported_and_its_figures_appear(tmp_path, folders):
    raw, out = folders
    rows = [
        hapi_row("Lac", "1", "BA", 231_000),
        hapi_row("Lac", "1", "SA", 120_000, warning="sites list incomplete"),
        hapi_row("", "0", "BA", 240_500),
        hapi_row("Lac", "2", "BA", 50_000, admin2="Mamdi"),  # admin-2: left out
        hapi_row("Kanem", "1", "BA", 9_999, error="Non-matching p-code"),  # HAPI's error: left out
    ]
    message = importer.import_file(
        incoming(tmp_path, "hapi_chad.csv", hapi_file(rows)), raw_dir=raw, out_dir=out
    )
    assert "3 row(s) added" in message and "1 admin-2 row(s) left out" in message
    assert "1 row(s) that HAPI marks with an error left out (row(s) 7)" in message
    assert imports.read_manifest(raw / "imports")["format"].tolist()[-1] == "hapi_idps"

    displacement = app_table(out, "displacement")
    new = displacement[displacement["as_of"] == "2025-04-30"]
    got = {
        (a if isinstance(a, str) else "", s): int(v)
        for a, s, v in zip(new["admin1"], new["series"], new["value"], strict=True)
    }
    assert got == {
        ("Lac", "import"): 231_000,
        ("Lac", "import_site_assessment"): 120_000,
        ("", "import"): 240_500,
    }
    assert set(new["category"]) == {"idps"} and set(new["entity_id"]) == {"TCD"}
    lac = new[(new["admin1"] == "Lac") & (new["series"] == "import_site_assessment")].iloc[0]
    assert (
        lac["source_org"] == f"IOM DTM {CHAD_OPERATION}, round 25 (SA)"
        and "sites list incomplete" in lac["note"]
        and "avertissement de HAPI\u202f: sites list incomplete" in lac["note_fr"]
    )
    # On the Lake Chad Basin page: Lac's baseline figure is an area figure of April 2025; the site
    # assessment only when asked for.
    areas = queries.lcb_area_rows(displacement)
    assert "2025-04-30" in queries.lcb_months(areas, "idps")
    lac_april = areas[(areas["admin1"] == "Lac") & (areas["as_of"] == "2025-04-30")]
    assert lac_april["value"].astype(int).tolist() == [231_000]
    sources = app_table(out, "sources").set_index("source_id")
    source_id = new["source_id"].iloc[0]
    assert "HDX HAPI" in sources.loc[source_id, "title"] and sources.loc[source_id, "date"] == "2025-04-30"


def test_hapi_rows_repeating_figures_already_held_are_refused(tmp_path, folders):
    raw, out = folders
    before = snapshot(out)
    held = app_table(out, "displacement")
    bundled = held[
        (held["source_id"] == BUNDLED_CHAD) & (held["admin1"] == "Lac") & (held["series"] == "import")
    ]
    round24 = bundled[bundled["source_org"].str.contains("round 24 ")].iloc[0]
    # Round 24 as HAPI publishes it: same operation, round and area, another date and its own wording.
    rows = [hapi_row("Lac", "1", "BA", int(round24["value"]), round_no="24", date="2025-02-01")]
    with pytest.raises(EtlError) as refused:
        importer.import_file(incoming(tmp_path, "hapi_again.csv", hapi_file(rows)), raw_dir=raw, out_dir=out)
    text = str(refused.value)
    assert "hapi_again.csv row 3" in text and f"DTM operation '{CHAD_OPERATION}', round 24 (BA)" in text
    assert f"{int(round24['value']):,} as of {round24['as_of']}" in text and BUNDLED_CHAD in text
    assert "cycle 24" in refused.value.text("fr")
    assert snapshot(out) == before


# --- on the pages themselves (AppTest) -------------------------------------------------------------------


def test_the_pages_show_the_imported_dashboards_and_the_later_hapi_release(tmp_path, folders, monkeypatch):
    """What a reader sees after importing dashboards #62 and #63 and a later HAPI release for Chad: the Lake
    Chad Basin page's headline is #63 (its figures as imported), its trend ends with #63, its map opens on
    the HAPI release's month with Lac's figure; Nigeria's profile gives #63's figure and its change."""
    from dashboard.i18n import format_date, format_int, translate
    from tests.apptest_helpers import run_page

    raw, out = folders
    no62, date62, countries62 = DASHBOARD_62
    no63, date63, countries63 = DASHBOARD_63
    total63 = sum(countries63.values()) - 1_000
    for name, data in (
        ("dashboard62.csv", dashboard_file(no62, date62, countries62, sum(countries62.values()))),
        ("dashboard63.csv", dashboard_file(no63, date63, countries63, total63)),
        ("hapi_chad.csv", hapi_file([hapi_row("Lac", "1", "BA", 231_000)])),
    ):
        importer.import_file(incoming(tmp_path, name, data), raw_dir=raw, out_dir=out)
    monkeypatch.setenv("WCA_PROCESSED_DIR", str(out))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = run_page("app_pages/lake_chad.py", "en")
        assert not at.exception
        heading = translate("lake_chad.latest_heading", "en", no=63, date=format_date(date63, "en"))
        assert heading in [h.value for h in at.subheader]
        metrics = {m.label: m.value for m in at.metric}
        assert metrics[translate("lake_chad.basin_total", "en")] == format_int(total63, "en")
        assert metrics["Nigeria"] == format_int(countries63["NGA"], "en")
        traces = [t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]]
        (basin,) = [t for t in traces if t.get("name") == translate("lake_chad.trend_total", "en")]
        assert [str(x)[:10] for x in basin["x"][-2:]] == [date62, date63]
        assert basin["y"][-2:] == [sum(countries62.values()), total63]
        # the map opens on the newest month of IDPs: April 2025, Lac's figure from the HAPI release
        assert at.selectbox(key="lake_chad_month").value == "2025-04-30"
        (deck,) = [json.loads(e.proto.json) for e in at.get("deck_gl_json_chart")]
        (areas,) = [layer["data"] for layer in deck["layers"] if layer["id"] == "areas"]
        lac = next(r for r in areas if r["area_id"] == "TD-LC")
        assert lac["value"] == 231_000 and "231,000" in lac["tooltip"]

        at = run_page("app_pages/country.py", "en", country="NGA")
        assert not at.exception
        dtm = {m.label: (m.value, m.delta) for m in at.metric}[translate("country.dtm_latest", "en")]
        change = countries63["NGA"] - countries62["NGA"]
        assert dtm == (format_int(countries63["NGA"], "en"), f"+{format_int(change, 'en')}")
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


# --- exports covering several countries -------------------------------------------------------------------


def multi_country_export() -> bytes:
    inside = [
        dtm_row(1, "Borno", "NG008", "1", 1_500_000, "Conflict", "BA", round_no="99"),
        dtm_row(2, "Lac", "TD07", "1", 210_000, "Conflict", "BA", iso3="TCD", round_no="99"),
    ]
    afghanistan = [dtm_row(100 + i, f"Province {i}", "", "1", 1_000 + i, "Conflict", "BA", iso3="AFG")
                   for i in range(30)]  # fmt: skip
    sudan = [dtm_row(200 + i, f"State {i}", "", "1", 500 + i, "Conflict", "BA", iso3="SDN") for i in range(5)]
    return csv_bytes(DTM_HEADER, inside + afghanistan + sudan, hxl=HXL_ROW)


def test_a_multi_country_export_is_summarised_per_country_then_imported_with_countries(
    tmp_path, folders, capsys
):
    raw, out = folders
    before, kept_before = snapshot(out), snapshot(raw / "imports")
    path = incoming(tmp_path, "global.csv", multi_country_export())
    assert main(["--raw", str(raw), "--out", str(out), "import", str(path)]) == 1
    refusal = capsys.readouterr().err
    lines = [line for line in refusal.splitlines() if line.strip()]
    # one problem line for the 35 rows of 2 countries, not 35 lines
    summary = [line for line in lines if "outside the region" in line]
    assert len(summary) == 1 and len(lines) <= 3, lines
    assert "35 row(s) of 2 country(ies)" in summary[0]
    assert "'AFG' 30 row(s) (first: row 5), 'SDN' 5 row(s) (first: row 35)" in summary[0]
    assert "--countries NGA,TCD" in summary[0]
    assert snapshot(out) == before and snapshot(raw / "imports") == kept_before

    assert main(["--raw", str(raw), "--out", str(out), "import", str(path), "--countries", "nga, TCD"]) == 0
    done = capsys.readouterr().out
    assert "Kept the rows of NGA, TCD only; left out 35 row(s) of other countries" in done
    displacement = app_table(out, "displacement")
    added = displacement[displacement["source_org"].str.contains("round 99", na=False)]
    assert dict(zip(added["entity_id"], added["value"].astype(int), strict=True)) == {
        "NGA": 1_500_000,
        "TCD": 210_000,
    }
    manifest = imports.read_manifest(raw / "imports")
    assert manifest["countries"].tolist()[-1] == "NGA,TCD"
    assert set(added["source_id"]) == {manifest["sha256"].iloc[-1][:12].upper().join(["IMPORT-", "-NGA-TCD"])}
    # the rebuild reads the file the same way (the manifest keeps the choice)
    rebuilt = tmp_path / "rebuilt"
    assert main(["--raw", str(raw), "--out", str(rebuilt)]) == 0
    assert snapshot(rebuilt) == snapshot(out)


def test_countries_outside_the_region_cannot_be_kept(tmp_path, folders):
    raw, out = folders
    path = incoming(tmp_path, "global.csv", multi_country_export())
    with pytest.raises(EtlError, match=r"--countries: 'AFG' is not the ISO3 code of a country of the region"):
        importer.import_file(path, raw_dir=raw, out_dir=out, countries="NGA,AFG")
    with pytest.raises(EtlError, match=r"global.csv: no rows for GHA; nothing to import"):
        importer.import_file(path, raw_dir=raw, out_dir=out, countries=["GHA"])
