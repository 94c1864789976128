"""The regional displacement page in AppTest: the map and the ranking show the table's figures for the chosen
measure and year (computed here straight from the tables, which tests/test_etl_build.py proves equal a
rebuild from the raw files), "no data" where the source has none, never 0; the flows of a country; URL state
with a notice on a bad value; English and French; missing tables; presentation mode."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.i18n import format_int, translate
from dashboard.tables import read_table
from i18n import colon
from tests.apptest_helpers import coloured, layer, map_specs, open_data_views, rerun, run_page, texts

PAGE = "app_pages/displacement.py"
ENTITIES = read_table("entities")
POPULATION = read_table("unhcr_population")
IDPS = read_table("idmc_conflict_idps")
COUNTRIES = ENTITIES.loc[ENTITIES["kind"] == "country", "entity_id"].tolist()


def _t(key: str, lang: str, **values: object) -> str:
    return translate(f"displacement.{key}", lang, **values)


def _names(lang: str) -> dict[str, str]:
    return ENTITIES.set_index("entity_id")[f"name_{lang}"].to_dict()


def _refugees_by_country(role: str, year: int) -> dict[str, int]:
    """Refugees per country of asylum (role "asylum") or origin ("origin") in one year, straight from the
    table: rows of people who crossed a border, countries of the region, only positive totals."""
    rows = POPULATION[(POPULATION["year"] == year) & (POPULATION["origin_iso3"] != POPULATION["asylum_iso3"])]
    totals = rows.groupby(f"{role}_iso3")["refugees"].sum()
    return {iso3: int(v) for iso3, v in totals.items() if iso3 in COUNTRIES and v > 0}


def _chart(at, key: str) -> dict:
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return json.loads(element.proto.spec)
    raise KeyError(key)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _toasts(at) -> list[str]:
    return [str(toast.value) for toast in at.toast]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_refugees_hosted_2025_colours_exactly_the_countries_with_a_figure(lang):
    at = run_page(PAGE, lang, measure="refugees_hosted", year="2025")
    assert not at.exception and not at.warning
    expected = _refugees_by_country("asylum", 2025)
    assert len(expected) == 18 and expected["TCD"] == 1_502_263
    (spec,) = map_specs(at)
    # coloured: exactly the countries UNHCR gives a figure for, each with the table's figure
    assert coloured(spec) == {iso3: float(v) for iso3, v in expected.items()}
    # the others of the region: "no data", never coloured as 0
    assert sorted(layer(spec, "missing")) == sorted(set(COUNTRIES) - set(expected)) == ["CPV", "SLE"]
    assert 0.0 not in coloured(spec).values()
    assert {item["label"] for item in spec["legend"]["items"]} >= {_t("no_data", lang)}
    # the hover: name, exact figure, year, source
    tip = next(shape["tip"] for shape in spec["shapes"] if shape["id"] == "TCD")
    assert tip[0] == _names(lang)["TCD"]
    assert tip[1] == f"{_t('measure_refugees_hosted', lang)}{colon(lang)}{format_int(1_502_263, lang)}"
    assert _t("year_end", lang, year=2025) in tip[2]
    source = read_table("sources").set_index("source_id").loc["UNHCR-GT2025-POPULATION"]
    assert tip[3].endswith(f"| {source['short_title_fr' if lang == 'fr' else 'short_title']}")
    missing_tip = next(shape["tip"] for shape in spec["shapes"] if shape["id"] == "CPV")
    assert missing_tip[1].endswith(_t("no_data", lang))
    # the ranking: the same figures, largest first, no bar for the countries without one
    bars = _chart(at, "displacement-ranking")["data"][0]
    ranked = sorted(expected.items(), key=lambda item: (-item[1], item[0]))
    assert bars["x"] == [v for _, v in ranked]
    assert bars["y"] == [_names(lang)[iso3] for iso3, _ in ranked]
    assert bars["text"][0] == format_int(1_502_263, lang)
    shown = texts(at)
    assert _t("no_figure_for", lang, countries=f"{_names(lang)['CPV']}, {_names(lang)['SLE']}") in shown
    assert ("As of 31 December 2025" if lang == "en" else "Au 31 décembre 2025") in shown
    if lang == "fr":
        assert "As of" not in shown


def test_the_table_behind_the_map_holds_every_country_with_empty_cells_for_no_figure():
    at = run_page(PAGE, "en", measure="refugees_hosted", year="2025")
    at = open_data_views(at, "displacement-regional")
    assert not at.exception
    table = at.dataframe[0].value
    expected = _refugees_by_country("asylum", 2025)
    assert table[_t("col_iso3", "en")].tolist() == COUNTRIES
    values = dict(zip(table[_t("col_iso3", "en")], table[_t("measure_refugees_hosted", "en")], strict=True))
    assert {k: int(v) for k, v in values.items() if pd.notna(v)} == expected
    assert all(pd.isna(values[iso3]) for iso3 in ("CPV", "SLE"))
    assert set(table[_t("col_year", "en")]) == {2025}
    downloads = {b.key for b in at.get("download_button")}
    assert downloads >= {"displacement-regional-csv", "displacement-regional-xlsx"}


def test_conflict_idps_by_default_latest_year_and_burkina_faso_2023():
    at = run_page(PAGE, "en")
    assert not at.exception
    gidd = IDPS[(IDPS["series"] == "idmc_gidd") & IDPS["idps"].notna() & IDPS["entity_id"].isin(COUNTRIES)]
    latest = int(gidd["year"].max())
    assert at.selectbox(key="displacement_year").value == latest == 2024
    (spec,) = map_specs(at)
    expected = gidd[gidd["year"] == latest].set_index("entity_id")["idps"]
    assert coloured(spec) == {iso3: float(v) for iso3, v in expected.items()}
    assert set(layer(spec, "missing")) == set(COUNTRIES) - set(expected.index)
    assert "As of 13 May 2025 | IDMC, GIDD (HDX), conflict" in texts(at)
    bfa = run_page(PAGE, "fr", measure="conflict_idps", year="2023")
    assert coloured(map_specs(bfa)[0])["BFA"] == 2_062_534
    # IDMC's later release is its own map, never mixed with the GIDD figures
    later = run_page(PAGE, "en", measure="conflict_idps", series="idmc_via_unhcr", year="2024")
    assert not later.exception
    assert coloured(map_specs(later)[0])["NGA"] == 3_472_000
    assert _t("measure_conflict_idps_later", "en") in map_specs(later)[0]["label"]


def test_disaster_displacements_say_they_count_events_not_people():
    at = run_page(PAGE, "en", measure="disaster_displacements", year="2024")
    assert not at.exception
    events = read_table("idmc_disaster_events")
    expected = events[events["year"] == 2024].groupby("entity_id")["displacements"].sum()
    assert coloured(map_specs(at)[0]) == {iso3: float(v) for iso3, v in expected.items() if iso3 in COUNTRIES}
    shown = texts(at)
    assert _t("note_disaster_displacements", "en") in shown
    assert _t("year_during", "en", year=2024) in map_specs(at)[0]["label"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chad_flows_2024_origins_hosts_and_unhcr_total(lang):
    at = run_page(PAGE, lang, measure="refugees_hosted", year="2024", country="TCD")
    assert not at.exception
    origins = _chart(at, "displacement-flows-origins")["data"][0]
    from_table = POPULATION[(POPULATION["year"] == 2024) & (POPULATION["asylum_iso3"] == "TCD")
                            & (POPULATION["origin_iso3"] != "TCD") & (POPULATION["refugees"] > 0)]
    top = from_table.sort_values(["refugees", "origin_iso3"], ascending=[False, True]).head(10)
    name_col = "origin_name" if lang == "en" else "origin_name_fr"
    assert origins["y"] == top[name_col].tolist() and origins["x"] == top["refugees"].tolist()
    assert origins["x"][0] == 1_109_357  # from Sudan (the README's spot check)
    hosts = _chart(at, "displacement-flows-hosts")["data"][0]
    abroad = POPULATION[(POPULATION["year"] == 2024) & (POPULATION["origin_iso3"] == "TCD")
                        & (POPULATION["asylum_iso3"] != "TCD") & (POPULATION["refugees"] > 0)]
    assert sorted(hosts["x"], reverse=True) == sorted(abroad["refugees"], reverse=True)[:10]
    metrics = _metrics(at)
    assert metrics[_t("metric_hosted", lang, year=2024)] == format_int(1_278_866, lang)
    assert metrics[_t("metric_originating", lang, year=2024)] == format_int(abroad["refugees"].sum(), lang)
    # UNHCR's forcibly displaced: UNHCR's own three figures of 2024, nothing of IDMC's
    from_chad = POPULATION[(POPULATION["year"] == 2024) & (POPULATION["origin_iso3"] == "TCD")]
    unhcr_total = int(from_chad[["refugees", "asylum_seekers", "idps"]].sum().sum())
    name = _names(lang)["TCD"]
    label = _t("metric_forcibly_displaced", lang, name=name, year=2024)
    assert metrics[label] == format_int(unhcr_total, lang)
    assert _t("forcibly_displaced_adds", lang, parts=" + ".join(
        _t(f"component_{c}", lang) for c in ("refugees", "asylum_seekers", "idps"))) in texts(at)
    assert [s.value for s in at.subheader][-1] == _t("flows_heading", lang, name=name)


def test_flows_table_equals_the_charts():
    at = open_data_views(run_page(PAGE, "en", measure="refugees_originating", year="2025", country="MLI"),
                         "displacement-flows")
    assert not at.exception
    table = at.dataframe[0].value
    hosts = table[table[_t("col_direction", "en")] == _t("direction_hosts", "en")]
    chart = _chart(at, "displacement-flows-hosts")["data"][0]
    assert hosts[_t("col_refugees", "en")].tolist() == chart["x"]
    assert hosts[_t("col_iso3", "en")].iloc[0] == "MRT" and "MLI" not in set(hosts[_t("col_iso3", "en")])
    assert set(table[_t("col_year", "en")]) == {2025}


@pytest.mark.parametrize(
    ("name", "value"),
    [("measure", "idps_all_sources"), ("year", "1800"), ("country", "XXX"), ("series", "dtm")],
)
def test_a_bad_parameter_falls_back_with_a_notice(name, value):
    at = run_page(PAGE, "en", **{name: value})
    assert not at.exception and not at.error
    assert any(f"{name}={value}" in toast for toast in _toasts(at)), _toasts(at)
    assert value not in texts(at)
    assert at.selectbox(key="displacement_measure").value == "conflict_idps"
    assert map_specs(at)  # the default view is drawn


def test_choices_write_the_url_and_keep_the_year_where_the_new_measure_has_it():
    at = run_page(PAGE, "en", measure="conflict_idps", year="2020")
    at.selectbox(key="displacement_measure").set_value("refugees_originating")
    rerun(at)
    assert not at.exception
    assert at.query_params["measure"] in ("refugees_originating", ["refugees_originating"])
    assert at.selectbox(key="displacement_year").value == 2020
    at.selectbox(key="displacement_year").set_value(2025)
    rerun(at)
    assert at.query_params["year"] in ("2025", ["2025"])
    at.selectbox(key="displacement_measure").set_value("disaster_displacements")  # no 2025: its latest year
    rerun(at)
    assert at.selectbox(key="displacement_year").value == 2024 and not at.toast
    at.selectbox(key="displacement_country").set_value("NER")
    rerun(at)
    assert at.query_params["country"] in ("NER", ["NER"])
    assert [s.value for s in at.subheader][-1] == _t("flows_heading", "en", name=_names("en")["NER"])


def test_a_missing_unhcr_table_keeps_the_idmc_map(processed_copy):
    (processed_copy / "unhcr_population.csv").unlink()
    at = run_page(PAGE, "en", measure="conflict_idps")
    assert not at.exception and not at.error
    assert any("unhcr_population" in w.value for w in at.warning)
    assert coloured(map_specs(at)[0])["NGA"] == 3_359_007
    refugees = run_page(PAGE, "en", measure="refugees_hosted")
    assert not refugees.exception and not refugees.error
    assert any("unhcr_population" in w.value for w in refugees.warning)
    assert not map_specs(refugees)
