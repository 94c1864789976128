"""The Lake Chad Basin page (AppTest): every control value in both languages, the numbers shown equal the
tables' (the pydeck map's areas included: its deck JSON is read back), URL state, missing tables,
presentation mode, and the upload of new figures (on copies)."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
import streamlit as st

from dashboard import queries
from dashboard.i18n import format_date, format_int, format_usd, translate
from dashboard.queries import admin1, fts
from dashboard.sections import lake_chad
from dashboard.tables import read_table
from etl.common import RAW_DIR
from tests.apptest_helpers import data_view_keys, open_data_views, run_page, texts
from tests.test_import import dtm_export

PAGE = "app_pages/lake_chad.py"


def plain(text: str) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def param(at, name: str, default: str | None = None) -> str | None:
    """A URL parameter as AppTest holds it (a string, or a one-item list)."""
    value = at.query_params.get(name, default)
    return value[0] if isinstance(value, list) else value


def specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def decks(at) -> list[dict]:
    """The pydeck maps on the page: the deck JSON Streamlit sends to the browser."""
    return [json.loads(element.proto.json) for element in at.get("deck_gl_json_chart")]


def deck(at) -> dict:
    (spec,) = decks(at)
    return spec


def tooltip(at) -> dict:
    (element,) = at.get("deck_gl_json_chart")
    return json.loads(element.proto.tooltip)


def drawn_areas(spec: dict) -> dict[str, dict]:
    """{area_id: its record} of the map's areas layer (an area in several polygons: one record each, the
    same properties)."""
    (layer,) = [layer for layer in spec["layers"] if layer["id"] == "areas"]
    return {record["area_id"]: record for record in layer["data"]}


def trend_spec(at, lang: str) -> dict:
    total = translate("lake_chad.trend_total", lang)
    (spec,) = [s for s in specs(at) if any(t.get("name") == total for t in s["data"])]
    return spec


@pytest.fixture(scope="module")
def displacement() -> pd.DataFrame:
    return read_table("displacement")


@pytest.fixture(scope="module")
def names() -> dict[str, dict[str, str]]:
    entities = read_table("entities")
    return {
        lang: dict(zip(entities["entity_id"], entities[f"name_{lang}"], strict=True)) for lang in ("en", "fr")
    }


# --- headline figures --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_headline_figures_are_worded_as_the_document_words_them(lang, displacement):
    at = run_page(PAGE, lang)
    assert not at.exception
    shown = [plain(m.value) for m in at.markdown]
    statement = displacement[displacement["series"] == "mi2020_statement"].set_index("category")
    if lang == "en":
        for category, row in statement.iterrows():
            assert f"### {row['value_text']}" in shown, category  # as written, qualifier included
    else:
        for expected in ("près de 2,5 millions", "environ 160 000", "plus de 1,8 million", "4 471 459"):
            assert f"### {expected}" in shown
    captions = [c.value for c in at.caption]
    assert any("Migration Initiatives 2020" in c for c in captions)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_latest_dashboard_figures_equal_the_table(lang, displacement, names):
    at = run_page(PAGE, lang)
    metrics = {m.label: m.value for m in at.metric}
    latest = queries.lcb_latest_dashboard(displacement)
    for row in latest.itertuples(index=False):
        label = (
            translate("lake_chad.basin_total", lang) if pd.isna(row.entity_id) else names[lang][row.entity_id]
        )
        assert metrics[label] == format_int(row.value, lang)
    heading = translate("lake_chad.latest_heading", lang, no=61, date=format_date("2024-02-29", lang))
    assert heading in [h.value for h in at.subheader]


# --- trend -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_trend_chart_series_equal_the_dashboard_rows(lang, displacement, names):
    at = run_page(PAGE, lang)
    spec = trend_spec(at, lang)
    traces = {t["name"]: t for t in spec["data"]}
    dtm = displacement[
        (displacement["series"] == "dtm_lcb_dashboard") & (displacement["category"] == "affected_total")
    ].sort_values("as_of")
    basin = dtm[dtm["entity_id"].isna()]
    total = traces[translate("lake_chad.trend_total", lang)]
    assert total["x"] == basin["as_of"].tolist() and total["y"] == [int(v) for v in basin["value"]]
    for iso3 in ("CMR", "NER", "NGA", "TCD"):
        rows = dtm[dtm["entity_id"] == iso3]
        line = traces[names[lang][iso3]]
        assert line["x"] == rows["as_of"].tolist() and line["y"] == [int(v) for v in rows["value"]]
    # flagged, not corrected: the published totals of #25 and #49, circled
    flags = traces[translate("lake_chad.trend_flag", lang)]
    assert flags["x"] == ["2020-10-21", "2022-10-26"] and flags["y"] == [5_034_347, 5_876_611]
    # the definition change (from checks.csv) as a dashed vertical line, named in the legend
    change = traces[translate("lake_chad.trend_change_legend", lang, no=49)]
    assert change["x"] == ["2022-10-26", "2022-10-26"] and change["line"]["dash"] == "dash"
    annotations = [a["text"] for a in spec["layout"]["annotations"]]
    assert translate("lake_chad.trend_change_label", lang, no=49) in annotations
    notes = "\n".join(plain(c.value) for c in at.caption)
    assert plain(format_int(5_034_570, lang)) in notes and plain(format_int(5_876_511, lang)) in notes


# --- map: every category and month, both languages -----------------------------------------------------


def map_rows(displacement: pd.DataFrame, category: str, month: str) -> pd.DataFrame:
    rows = queries.lcb_area_rows(displacement)
    return rows[(rows["category"] == category) & (rows["as_of"].map(queries.lcb_month_end) == month)]


def expected_areas(displacement: pd.DataFrame, category: str, month: str) -> dict[str, list[int]]:
    """{area_id: the figures of that month covering it}, straight from the table through the name table."""
    names = read_table("admin1_names")
    expected: dict[str, list[int]] = {}
    for row in map_rows(displacement, category, month).itertuples(index=False):
        for area_id in admin1.admin1_match_names(row.admin1, row.entity_id, names) or []:
            expected.setdefault(area_id, []).append(int(row.value))
    return expected


def assert_map_equals_the_table(spec: dict, displacement: pd.DataFrame, category: str, month: str, lang: str):
    drawn = drawn_areas(spec)
    expected = expected_areas(displacement, category, month)
    # every area of the four countries, Borno, Lac, Diffa and Far North among them
    assert len(drawn) == 78 and {"NG008", "TD-LC", "NE002", "CM-EN"} <= set(drawn)
    for area_id, record in drawn.items():
        figures = expected.get(area_id)
        if figures is None:  # no figure: grey and "no figure", never zero
            assert record["value"] is None and record["fill"][:3] == [0xC9, 0xC9, 0xC9], area_id
            assert record["elevation"] == 0
            continue
        assert record["value"] in figures, area_id  # coloured by one of its figures, never a sum
        for value in figures:  # and the tooltip lists every one of them
            assert plain(format_int(value, lang)) in plain(record["tooltip"]), (area_id, value)
        assert record["tooltip"].startswith(record["name"] + " (")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_category_and_month_draws_the_figures_of_that_month(lang, displacement):
    areas = queries.lcb_area_rows(displacement)
    at = run_page(PAGE, lang)
    assert not at.exception
    categories = queries.lcb_categories(areas)
    assert at.selectbox(key="lake_chad_category").options == [
        translate(f"lake_chad.category.{c}", lang) for c in categories
    ]
    for category in categories:
        at.selectbox(key="lake_chad_category").set_value(category).run()
        assert not at.exception, category
        months = queries.lcb_months(areas, category)
        # a new category opens on its own latest month (the old date is dropped from the URL)
        assert at.selectbox(key="lake_chad_month").value == months[-1]
        for month in months:
            at.selectbox(key="lake_chad_month").set_value(month).run()
            assert not at.exception, (category, month)
            # the URL holds the view (a value the user did not change may stay implicit)
            assert param(at, "category", category) == category and param(at, "date", month) == month
            assert_map_equals_the_table(deck(at), displacement, category, month, lang)


def test_the_map_draws_borno_lac_and_diffa_with_the_tables_figures(displacement):
    at = run_page(PAGE, "en", category="idps", date="2020-11-30")
    lac = drawn_areas(deck(at))["TD-LC"]
    assert lac["name"] == "Lac" and lac["value"] == 336_124
    assert lac["tooltip"] == (
        "Lac (Chad)\nInternally displaced people (IDPs), November 2020:\n"
        "336,124 · DG ECHO citing UNHCR/IOM · 30 November 2020"
    )
    at = run_page(PAGE, "en", category="idps", date="2020-12-31")
    drawn = drawn_areas(deck(at))
    assert drawn["NE002"]["name"] == "Diffa" and drawn["NE002"]["value"] == 102_726
    assert drawn["TD-LC"]["value"] is None and "No figure for December 2020" in drawn["TD-LC"]["tooltip"]
    at = run_page(PAGE, "en", category="idps", date="2020-10-31")
    borno = drawn_areas(deck(at))["NG008"]
    # two figures for north-east Nigeria (six states together): the latest colours it, both are listed
    assert borno["value"] == 2_118_550
    assert "2,144,135 for Adamawa, Bauchi, Borno, Gombe, Taraba, Yobe together" in borno["tooltip"]
    assert "2,118,550 for Adamawa, Borno, Yobe + Bauchi, Gombe, Taraba together" in borno["tooltip"]


def test_the_map_fetches_nothing_and_its_tooltip_is_plain_text():
    at = run_page(PAGE, "en", category="idps", date="2020-10-31")
    spec = deck(at)
    # no map_style argument: pydeck's placeholder, which Streamlit drops (None would load a Carto basemap)
    assert spec["mapStyle"] == "__MAP_STYLE__"
    (element,) = at.get("deck_gl_json_chart")
    assert "http" not in element.proto.json and not element.proto.mapbox_token
    # a text tooltip: the browser never parses it as HTML
    assert tooltip(at)["text"] == "{tooltip}" and "html" not in tooltip(at)
    assert [layer["id"] for layer in spec["layers"]] == ["areas", "countries"]
    countries = next(layer for layer in spec["layers"] if layer["id"] == "countries")["data"]
    assert sorted(f["id"] for f in countries["features"]) == ["CMR", "NER", "NGA", "TCD"]
    assert list(element.proto.selection_mode)  # a click selects an area


def test_tooltips_and_legend_are_in_french_in_french():
    at = run_page(PAGE, "fr", category="idps", date="2020-10-31")
    far_north = drawn_areas(deck(at))["CM-EN"]
    assert plain(far_north["tooltip"]) == (
        "Extrême-Nord (Cameroun)\nPersonnes déplacées internes (PDI), octobre 2020 :\n"
        "321 886 · DG ECHO, citant l’OIM et le HCR · 31 octobre 2020"
    )
    borno = drawn_areas(deck(at))["NG008"]
    assert "pour Adamawa, Bauchi, Borno, Gombe, Taraba, Yobe ensemble" in borno["tooltip"]
    legend = next(m.value for m in at.markdown if "aucun chiffre (inconnu, pas zéro)" in m.value)
    assert "octobre 2020" in legend and "de 500" in plain(legend)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_link_with_category_and_date_reopens_that_view(lang, displacement):
    at = run_page(PAGE, lang, category="idps", date="2020-10-31")
    assert not at.exception and not at.toast
    assert at.selectbox(key="lake_chad_category").value == "idps"
    assert at.selectbox(key="lake_chad_month").value == "2020-10-31"
    values = {r["value"] for r in drawn_areas(deck(at)).values() if r["value"] is not None}
    # north-east Nigeria (DTM round 34 and ECHO: the latest colours it), Far North from ECHO, Lac from the
    # bundled Chad DTM API export (round of 30 October 2020)
    assert values == {321_886, 336_124, 2_118_550}
    # a day inside the month opens the same month
    at = run_page(PAGE, lang, category="idps", date="2020-10-10")
    assert at.selectbox(key="lake_chad_month").value == "2020-10-31" and not at.toast


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_area_in_the_link_shows_all_its_figures(lang, displacement):
    at = run_page(PAGE, lang, category="idps", date="2020-10-31", area="ng008")
    assert not at.exception and not at.toast
    heading = translate("lake_chad.area_map.area_heading", lang, area="Borno", country="Nigeria")
    assert heading in [h.value for h in at.subheader]
    # outlined on the map
    spec = deck(at)
    assert [layer["id"] for layer in spec["layers"]] == ["areas", "countries", "selected"]
    # every figure of the tables that covers Borno, each on its own row
    names = read_table("admin1_names")
    rows = queries.lcb_area_rows(displacement)
    covering = rows[[
        "NG008" in (admin1.admin1_match_names(r.admin1, r.entity_id, names) or [])
        for r in rows.itertuples(index=False)
    ]]  # fmt: skip
    value = translate("lake_chad.col.value", lang)
    (table,) = [f.value for f in at.dataframe if value in f.value.columns and len(f.value) == len(covering)]
    assert sorted(table[value].astype(int)) == sorted(covering["value"].astype(int))
    captions = "\n".join(c.value for c in at.caption)
    assert "IOM DTM" in captions  # "as of | source" of its figures
    # this month's figures, side by side
    month_line = next(m.value for m in at.markdown if plain(format_int(2_144_135, lang)) in plain(m.value))
    assert plain(format_int(2_118_550, lang)) in plain(month_line)


@pytest.mark.parametrize(
    ("param", "value"),
    [("category", "bananas"), ("date", "2023-02-30"), ("date", "2099-01-31"), ("country", "FRA"),
     ("category", "x" * 500), ("area", "NG999"), ("area", "<b>Borno</b>")],
)  # fmt: skip
def test_bad_url_parameters_fall_back_with_a_notice(param, value):
    at = run_page(PAGE, "en", **{param: value})
    assert not at.exception
    assert at.toast and any(value[:20] in str(toast.value) for toast in at.toast)
    assert at.selectbox(key="lake_chad_category").value == "idps"
    # the latest month: January 2025 (Lac, from the bundled Chad DTM API export)
    assert at.selectbox(key="lake_chad_month").value == "2025-01-31"
    assert at.selectbox(key="lake_chad_country").value == "TCD"
    assert [layer["id"] for layer in deck(at)["layers"]] == ["areas", "countries"]  # no area selected
    assert "area" not in at.query_params


# --- breakdown ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_country_breakdown_shows_each_source_apart(lang, displacement):
    at = run_page(PAGE, lang)
    countries = at.selectbox(key="lake_chad_country")
    assert countries.value == "TCD"
    for iso3 in ("CMR", "NER", "NGA", "TCD"):
        at.selectbox(key="lake_chad_country").set_value(iso3).run()
        assert not at.exception and param(at, "country", "TCD") == iso3
        # the latest LATEST_SETS figure sets by default (Chad has more, with the bundled DTM import)
        table = queries.lcb_latest_sets(
            queries.lcb_breakdown_table(queries.lcb_breakdown(displacement, iso3)), lake_chad.LATEST_SETS
        )
        categories = [c for c in queries.LCB_BREAKDOWN_CATEGORIES if c in table.columns]
        expected = table[categories].stack().dropna()
        idps_name = translate("lake_chad.category.idps", lang)
        (spec,) = [s for s in specs(at) if any(t.get("name") == idps_name for t in s["data"])]
        assert spec["layout"]["barmode"] == "group"  # side by side, never stacked
        drawn = sorted(int(v) for t in spec["data"] for v in t["x"] if v is not None)
        assert drawn == sorted(int(v) for v in expected)
    at.selectbox(key="lake_chad_country").set_value("TCD").run()
    at.toggle(key="lake_chad_breakdown_all").set_value(True).run()  # every set, 2020 included
    (spec,) = [s for s in specs(at) if any(t.get("name") == idps_name for t in s["data"])]
    everything = queries.lcb_breakdown(displacement, "TCD")
    drawn = sorted(int(v) for t in spec["data"] for v in t["x"] if v is not None)
    assert drawn == sorted(int(v) for v in everything["value"])
    idps = next(t for t in spec["data"] if t["name"] == idps_name)
    assert {297_187, 336_124} <= {int(v) for v in idps["x"] if v is not None}  # Lac, late 2020: both


# --- funding context ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_funding_context_is_the_basin_countries_fts_plans_of_one_year(lang):
    """The basin countries' own plans of the latest FTS year: unmet requirement as the table has it, no
    figure divided by a displacement count of another year or source (issue #14)."""
    at = run_page(PAGE, lang)
    assert not at.exception
    rows = fts.plan_rows(read_table("fts_plans"), read_table("fts_plan_funding"), read_table("sources"))
    year = fts.latest_year(rows)
    gaps = fts.gap_by_country(rows, read_table("entities"), year).set_index("entity_id")
    metrics = {m.label: m.value for m in at.metric}
    names = read_table("entities").set_index("entity_id")[f"name_{lang}"]
    for iso3 in ("CMR", "NER", "NGA", "TCD"):
        label = translate("lake_chad.fts_unmet", lang, country=names[iso3])
        assert metrics[label] == format_usd(gaps.loc[iso3, "gap_usd"], lang)
    assert translate("lake_chad.fts_heading", lang, year=year) in [h.value for h in at.subheader]
    assert not any("per affected person" in t or "par personne touchée" in t for t in texts(at).splitlines())


# --- the tables under the figures ---------------------------------------------------------------------


def table_with(at, *columns: str) -> pd.DataFrame:
    """The one table on the page with all these columns."""
    (frame,) = [f.value for f in at.dataframe if set(columns) <= set(f.value.columns)]
    return frame


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_table_view_equals_the_tables(lang, displacement, names):
    at = run_page(PAGE, lang, category="idps", date="2020-10-31", country="NGA")
    assert data_view_keys(at) == [
        "lake_chad_map_data-view", "lake_chad_trend_data-view", "lake_chad_breakdown_data-view",
    ]  # fmt: skip
    at = open_data_views(at)
    assert not at.exception
    keys = ("dashboard", "date", "area", "country", "value")
    col = {key: translate(f"lake_chad.col.{key}", lang) for key in keys}
    # the map's table: one row per circle, the figures of the month as the table holds them
    shown = table_with(at, col["area"], col["country"])
    expected = map_rows(displacement, "idps", "2020-10-31")
    assert sorted(shown[col["value"]].astype(int)) == sorted(expected["value"].astype(int))
    assert set(shown[col["date"]]) == set(expected["as_of"])
    # the trend's table: every DTM dashboard figure since 2018, as published
    trend = queries.lcb_dtm_trend(displacement)
    shown = table_with(at, col["dashboard"])
    assert shown[col["value"]].astype(int).tolist() == trend["value"].astype(int).tolist()
    assert shown[col["date"]].tolist() == trend["as_of"].tolist()
    # the breakdown's table: each figure set on its own row, each category in its own column
    table = queries.lcb_breakdown_table(queries.lcb_breakdown(displacement, "NGA"))
    idps = translate("lake_chad.category.idps", lang)
    shown = table_with(at, col["area"], idps)
    assert len(shown) == len(table)
    assert shown[idps].astype("Int64").tolist() == table["idps"].tolist()


# --- missing tables, presentation, uploads -------------------------------------------------------------


def test_missing_displacement_table_breaks_only_this_page(processed_copy):
    (processed_copy / "displacement.csv").unlink()
    at = run_page(PAGE, "en")
    assert not at.exception
    assert any("displacement" in e.value for e in at.error)
    assert not at.get("plotly_chart") and not decks(at)
    overview = run_page("app_pages/overview.py", "en")
    assert not overview.exception and not overview.error


def test_missing_checks_table_leaves_the_trend_unflagged_with_a_warning(processed_copy):
    (processed_copy / "checks.csv").unlink()
    at = run_page(PAGE, "en")
    assert not at.exception
    assert any("checks" in w.value for w in at.warning)
    names = [t["name"] for t in trend_spec(at, "en")["data"]]
    assert translate("lake_chad.trend_flag", "en") not in names


def test_missing_boundaries_table_keeps_the_rest_of_the_page(processed_copy):
    (processed_copy / "admin1_areas.csv").unlink()
    at = run_page(PAGE, "en")
    assert not at.exception
    assert any("admin1_areas" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 2  # trend, breakdown
    assert not decks(at)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_uploads_are_off_by_default_and_visitors_see_no_import_section(lang, monkeypatch):
    """A public server: no uploader, no import heading, and no operator's command."""
    monkeypatch.delenv("WCA_ENABLE_UPLOADS", raising=False)
    at = run_page(PAGE, lang)
    assert not at.exception and not at.file_uploader
    assert translate("lake_chad.import_heading", lang) not in [h.value for h in at.subheader]
    shown = texts(at)
    assert "python -m etl" not in shown and "WCA_ENABLE_UPLOADS" not in shown


@pytest.fixture
def upload_env(tmp_path, processed_copy, monkeypatch):
    """Uploads on, into a copy of data/raw and the processed copy the app reads."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    monkeypatch.setenv("WCA_ENABLE_UPLOADS", "1")
    monkeypatch.setenv("WCA_RAW_DIR", str(raw))
    return raw, processed_copy


def test_an_upload_is_imported_and_the_page_shows_the_new_figures(upload_env):
    raw, processed = upload_env
    at = run_page(PAGE, "en")
    assert len(at.file_uploader) == 1
    at.file_uploader[0].upload("dtm_r45.csv", dtm_export(), "text/csv").run()
    at.button(key="lake_chad_import").click().run()
    assert not at.exception
    assert any("Imported dtm_r45.csv" in s.value.replace("\\", "") for s in at.success)
    stored = [p for p in (raw / "imports").iterdir() if p.name.endswith("_dtm_r45.csv")]
    assert len(stored) == 1 and stored[0].read_bytes() == dtm_export()
    # the page reads the rebuilt tables: the baseline figures on the map, site assessment kept apart
    at = run_page(PAGE, "en", category="idps", date="2023-08-31", country="NGA")
    drawn = {r["name"]: r["value"] for r in drawn_areas(deck(at)).values() if r["value"] is not None}
    assert drawn == {"Borno": 1_234_567, "Yobe": 150_000}
    idps_name = translate("lake_chad.category.idps", "en")
    (spec,) = [s for s in specs(at) if any(t.get("name") == idps_name for t in s["data"])]
    labels = spec["data"][0]["y"]
    assert any(translate("lake_chad.site_assessment", "en") in label for label in labels)
    assert 520_000 in {int(v) for t in spec["data"] for v in t["x"] if v is not None}


def test_a_refused_upload_says_why_and_changes_nothing(upload_env):
    raw, processed = upload_env
    before = {p.name: p.read_bytes() for p in processed.iterdir() if p.is_file()}
    at = run_page(PAGE, "fr")
    bad = b"as_of,entity_id,admin1,category,value,source_org\n2023-02-30,NGA,Borno,idps,5,X\n"
    at.file_uploader[0].upload("bad.csv", bad, "text/csv").run()
    at.button(key="lake_chad_import").click().run()
    assert not at.exception
    message = "\n".join(e.value.replace("\\", "") for e in at.error)
    assert "Non importé" in message and "bad.csv, ligne 2, colonne « as_of »\u202f: « 2023-02-30 »" in message
    assert "n’est pas une date réelle au format AAAA-MM-JJ" in message
    assert {p.name: p.read_bytes() for p in processed.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in (raw / "imports").iterdir()) == sorted(
        p.name for p in (RAW_DIR / "imports").iterdir()
    )
    st.cache_data.clear()


OWN_HEADER = b"as_of,entity_id,admin1,category,value,source_org\n"
REFUSED_IN_FRENCH = {
    # (the upload widget itself takes only *.csv names: a spreadsheet saved under a .csv name)
    "not a CSV": (
        "sheet.csv",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 64,
        "sheet.csv\u202f: ce n’est pas un fichier CSV "
        "(on dirait un classeur, un PDF ou un autre fichier binaire)",
    ),
    "wrong encoding": (
        "latin1.csv",
        OWN_HEADER + "2023-01-31,CMR,Extrême-Nord,idps,5,X\n".encode("latin-1"),
        "latin1.csv\u202f: ce n’est pas du texte en UTF-8 "
        "(un octet illisible à la ligne 2\u202f; on dirait du ",
    ),
    "too large": (
        "large.csv",
        OWN_HEADER + b"2023-01-31,NGA,Borno,idps,5,X\n" * 200_000,
        "large.csv\u202f: 5,7 Mo, c’est plus que la limite de 5 Mo pour une importation",
    ),
    "missing column": (
        "short.csv",
        b"as_of,entity_id,admin1,category,value\n2023-01-31,NGA,Borno,idps,5\n",
        "short.csv, ligne 1\u202f: colonne(s) manquante(s) « source_org ».",
    ),
}


def test_an_accepted_upload_says_so_in_french(upload_env):
    at = run_page(PAGE, "fr")
    at.file_uploader[0].upload("dtm_r45.csv", dtm_export(), "text/csv").run()
    at.button(key="lake_chad_import").click().run()
    assert not at.exception
    message = "\n".join(s.value.replace("\\", "") for s in at.success)
    assert message.startswith("Importé. dtm_r45.csv importé\u202f: 3 ligne(s) ajoutée(s) à la table des")
    assert "Imported" not in message
    st.cache_data.clear()


@pytest.mark.parametrize("case", list(REFUSED_IN_FRENCH))
def test_a_refused_upload_says_why_in_french(upload_env, case):
    from tests.test_etl_messages import english_fragments

    raw, processed = upload_env
    name, data, french = REFUSED_IN_FRENCH[case]
    at = run_page(PAGE, "fr")
    at.file_uploader[0].upload(name, data, "text/csv").run()
    at.button(key="lake_chad_import").click().run()
    assert not at.exception
    message = "\n".join(e.value.replace("\\", "") for e in at.error)
    assert message.startswith("Non importé\u202f; rien n’a changé.") and french in message, message
    leaked = [f for f in english_fragments("etl.import.", "lake_chad.import_refused") if f in message]
    assert leaked == []
    assert sorted(p.name for p in (raw / "imports").iterdir()) == sorted(
        p.name for p in (RAW_DIR / "imports").iterdir()
    )
    st.cache_data.clear()


def test_page_text_is_french_in_french():
    at = run_page(PAGE, "fr")
    text = texts(at)
    for english in ("Forced to leave", "Latest DTM dashboard", "What each source counts", "Uploads are"):
        assert english not in text


def test_the_page_leaves_what_it_shares_unchanged():
    """Maps and figures are built once per process and shared by every session: a page that changed one
    would change what every other reader sees. Two runs with every table open leave them as built."""
    from dashboard.sections import lake_chad, lake_chad_map

    def shared() -> str:
        return json.dumps(
            [
                json.loads(lake_chad_map.area_deck("idps", "2020-10-31", "en", False, None).to_json()),
                lake_chad.trend("en", True, False).figure.to_dict(),
                lake_chad.breakdown_figure("NGA", "en").to_dict(),
            ],
            sort_keys=True,
            default=str,
        )

    at = run_page(PAGE, "en", category="idps", date="2020-10-31", country="NGA")
    before = shared()
    for _ in range(2):
        at = open_data_views(run_page(PAGE, "en", category="idps", date="2020-10-31", country="NGA"))
        assert not at.exception
    assert shared() == before
    # and the map drawn is the one built for that view
    assert deck(at) == json.loads(before)[0]
