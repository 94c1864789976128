"""The country profile page in AppTest: every office, both languages, the numbers equal the tables', URL
state (bad codes fall back with a notice), comparison mode, missing tables, presentation mode."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dashboard import queries
from dashboard.i18n import format_int, format_pct, format_usd, translate
from dashboard.tables import read_table
from tests.apptest_helpers import layer, map_specs, open_data_views, run_page, texts

PAGE = "app_pages/country.py"
ENTITIES = read_table("entities")
APPEAL = read_table("appeal")
PILLARS = read_table("pillars")
DISPLACEMENT = read_table("displacement")
TOTALS = queries.appeal_totals(APPEAL, ENTITIES).set_index("entity_id")
OFFICES = ENTITIES["entity_id"].tolist()
BASIN = set(ENTITIES.loc[ENTITIES["lake_chad_basin"], "entity_id"])


def _t(key: str, lang: str, **values: object) -> str:
    return translate(f"country.{key}", lang, **values)


def _metrics(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def _chart(at, key: str) -> dict:
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return json.loads(element.proto.spec)
    raise KeyError(key)


def _check_profile(at, entity_id: str, lang: str) -> None:
    assert not at.exception, at.exception
    name = ENTITIES.set_index("entity_id").loc[entity_id, f"name_{lang}"]
    assert at.title[0].value == _t("title", lang, name=name)
    row = TOTALS.loc[entity_id]
    metrics = _metrics(at)
    assert metrics[_t("appeal_total", lang)][0] == format_usd(row["amount_usd"], lang)
    assert metrics[_t("appeal_share", lang)][0] == format_pct(row["share"], lang)
    assert metrics[_t("appeal_rank", lang)][0] == _t("rank_value", lang, rank=int(row["rank"]), total=21)
    # the pillar chart's numbers are the appeal's, names in the session language
    by_pillar = queries.appeal_by_pillar(APPEAL, PILLARS, entity_id)
    bars = _chart(at, "country-pillars")["data"][0]
    assert bars["y"] == by_pillar[f"name_{lang}"].tolist()
    assert bars["x"] == by_pillar["amount_usd"].tolist()
    # displacement only for the Lake Chad Basin countries, with the trend against the previous dashboard
    dtm_label = _t("dtm_latest", lang)
    if entity_id in BASIN:
        trend = queries.dtm_trend(DISPLACEMENT, entity_id)
        value, delta = metrics[dtm_label]
        assert value == format_int(trend["latest"]["value"], lang)
        assert delta.lstrip("+−") == format_int(abs(trend["change"]), lang)
    else:
        assert dtm_label not in metrics
    captions = [c.value for c in at.caption]
    assert any("Migration Initiatives 2020" in c for c in captions)
    assert at.get("plotly_chart")  # pillars, themes
    if entity_id != "RO-DAKAR":
        from tests.test_page_country_current import check_current  # the FTS, IDMC and UNHCR sections

        check_current(at, entity_id, lang)
    (locator,) = map_specs(at)
    countries = ENTITIES.query("kind == 'country'")["entity_id"]
    shown = set(countries) if entity_id == "RO-DAKAR" else {entity_id}  # the regional office: all 20
    assert set(layer(locator, "shown")) == shown


@pytest.mark.parametrize("entity_id", OFFICES)
def test_every_office_profile_in_english(entity_id):
    at = run_page(PAGE, "en", country=entity_id)
    _check_profile(at, entity_id, "en")


@pytest.mark.parametrize("entity_id", ["NGA", "NER", "RO-DAKAR", "CIV", "CPV", "BFA"])
def test_profiles_in_french(entity_id):
    at = run_page(PAGE, "fr", country=entity_id)
    _check_profile(at, entity_id, "fr")
    assert "As of" not in texts(at)


def test_headline_numbers_of_the_document():
    at = run_page(PAGE, "en", country="NGA")
    metrics = _metrics(at)
    assert metrics["2020 appeal (IOM requirement)"][0] == "$110.5M"
    assert metrics["Rank among the 21 offices"][0] == "1 of 21"
    assert metrics["People affected by displacement (DTM)"] == ("4,456,360", "+117,008")
    assert _metrics(run_page(PAGE, "en", country="GIN"))["2020 appeal (IOM requirement)"][0] == "$37.8M"
    assert (
        _metrics(run_page(PAGE, "en", country="RO-DAKAR"))["2020 appeal (IOM requirement)"][0]
        == "$20.5M"
    )
    fr = _metrics(run_page(PAGE, "fr", country="NGA"))
    assert fr[_t("appeal_total", "fr")][0] == "110,5\u00a0M\u00a0$US"
    assert fr[_t("appeal_rank", "fr")][0] == "1 sur 21"
    # the 21 shares the profiles show add up to the whole appeal
    assert TOTALS["share"].sum() == pytest.approx(1.0)
    assert TOTALS["amount_usd"].sum() == 380_026_059


def test_pillar_table_equals_the_appeal():
    at = open_data_views(run_page(PAGE, "fr", country="NER"), "country-pillars-data")
    assert not at.exception
    (table,) = [f.value for f in at.dataframe]
    by_pillar = queries.appeal_by_pillar(APPEAL, PILLARS, "NER")
    assert table[_t("col_pillar", "fr")].tolist() == by_pillar["name_fr"].tolist()
    assert table[_t("col_requirement_usd", "fr")].tolist() == by_pillar["amount_usd"].astype(int).tolist()


def test_theme_table_equals_the_chart_and_the_counts():
    at = open_data_views(run_page(PAGE, "fr", country="TCD"), "country-themes-data")
    assert not at.exception
    (table,) = [f.value for f in at.dataframe]
    counts = queries.theme_counts(
        read_table("priorities"), read_table("priority_themes"), read_table("themes"), "TCD"
    )
    assert table[_t("col_theme", "fr")].tolist() == counts["name_fr"].tolist()
    assert table[_t("col_texts", "fr")].tolist() == counts["priorities"].tolist()
    bars = _chart(at, "country-themes")["data"][0]
    assert bars["y"] == counts["name_fr"].tolist() and bars["x"] == counts["priorities"].tolist()


def test_comparison_tables_equal_the_charts_and_the_sources():
    offices = ["NGA", "NER", "TCD"]
    at = open_data_views(run_page(PAGE, "en", compare=",".join(offices)))
    assert not at.exception
    pillars, themes = (f.value for f in at.dataframe)
    expected = queries.comparison_pillars(APPEAL, PILLARS, offices)
    names = ENTITIES.set_index("entity_id")["name_en"]
    assert pillars[_t("col_office", "en")].tolist() == [names[e] for e in expected["entity_id"]]
    assert pillars[_t("col_requirement_usd", "en")].tolist() == expected["amount_usd"].tolist()
    matrix = queries.theme_matrix(
        read_table("priorities"), read_table("priority_themes"), read_table("themes"), ENTITIES
    ).set_index(["entity_id", "theme_id"])["count"]
    ordered = queries.ordered_themes(read_table("themes"), PILLARS)
    assert themes[_t("col_theme", "en")].tolist() == ordered["name_en"].tolist()
    chart = _chart(at, "country-compare-themes")["data"]
    for office, trace in zip(offices, chart, strict=True):
        counts = [int(matrix[(office, th)]) for th in ordered["theme_id"]]
        assert themes[names[office]].tolist() == counts == trace["x"]


def test_priorities_as_written_with_their_themes():
    priorities = read_table("priorities")
    at = run_page(PAGE, "en", country="NGA")
    shown = "\n".join(m.value for m in at.markdown)
    for text in priorities.loc[priorities["entity_id"] == "NGA", "text"]:
        assert text.replace("_", "\\_")[:80] in shown
    assert ":blue-badge[Counter-trafficking and smuggling]" in shown
    bars = _chart(at, "country-themes")["data"][0]
    counts = queries.theme_counts(priorities, read_table("priority_themes"), read_table("themes"), "NGA")
    assert bars["x"] == counts["priorities"].tolist() and bars["y"] == counts["name_en"].tolist()
    # the intro comes first, in italics
    first = next(m.value for m in at.markdown if m.value.startswith("*IOM Nigeria"))
    assert shown.index(first) < shown.index("- Provide services under AVRR")


def test_theme_filter_from_the_url():
    at = run_page(PAGE, "en", country="NGA", themes="health")
    assert not at.exception
    items = [m.value for m in at.markdown if m.value.startswith(("- ", "*IOM"))]
    assert len(items) == 1 and items[0].startswith("- Provide services under AVRR")
    french = run_page(PAGE, "fr", country="NGA", themes="health")
    assert french.multiselect(key="country_themes").value == ["health"]
    assert "Migration et santé" in french.multiselect(key="country_themes").options


def test_regional_office_statements_under_their_pillars():
    at = run_page(PAGE, "fr", country="RO-DAKAR")
    headings = [m.value for m in at.markdown if m.value.startswith("##### ")]
    assert headings == ["##### " + n.replace("_", "\\_") for n in PILLARS.sort_values("seq")["name_fr"]]
    assert _t("dtm_latest", "fr") not in _metrics(at)


def test_events_the_country_took_part_in():
    senegal = run_page(PAGE, "en", country="SEN")
    bold = [m.value for m in senegal.markdown if m.value.startswith("**")]
    assert any("Essential of Migration Management 2.0" in b for b in bold)
    assert any("people smuggling" in b for b in bold)
    captions = [c.value for c in senegal.caption]
    assert any(_t("role_host_participant", "en") in c for c in captions)
    benin = run_page(PAGE, "en", country="BEN")
    assert _t("events_none", "en", name="Benin") in [i.value for i in benin.info]
    # never the Caribbean training (outside the region, no WCA participant)
    for office in ("SEN", "RO-DAKAR"):
        assert "Caribbean" not in texts(run_page(PAGE, "en", country=office))


def test_locator_highlights_the_country_and_names_its_crisis_area():
    at = run_page(PAGE, "en", country="NER")
    (locator,) = map_specs(at)
    assert layer(locator, "shown") == ["NER"]  # the highlighted country
    assert set(layer(locator, "outline")) == {"BFA", "CMR", "MLI", "NER", "NGA", "TCD"}  # both areas
    caption = next(c.value for c in at.caption if c.value.startswith("The Niger in blue"))
    assert locator["label"] == caption and not locator["interactive"]
    assert "Lake Chad Basin" in caption and "Liptako–Gourma" in caption
    fr = run_page(PAGE, "fr", country="CMR")
    assert any("Bassin du lac Tchad" in c.value for c in fr.caption)


def test_bad_country_falls_back_with_a_notice():
    for raw in ("XXX", "<script>", "N" * 500):
        at = run_page(PAGE, "en", country=raw)
        assert not at.exception
        assert at.title[0].value == _t("title", "en", name="Nigeria")
        assert any("country" in str(toast.value) for toast in at.toast)
    # the notice says what is shown instead, in the reader's language
    for lang in ("en", "fr"):
        at = run_page(PAGE, lang, country="XXX")
        (notice,) = [str(toast.value) for toast in at.toast]
        assert "country=XXX" in notice and notice.endswith(
            ("showing Nigeria instead.", "la page affiche\u202f: Nigeria.")[lang == "fr"]
        ), notice
    lower = run_page(PAGE, "en", country="gin")
    assert lower.title[0].value == _t("title", "en", name="Guinea") and not lower.toast


def test_choosing_an_office_writes_the_url():
    at = run_page(PAGE, "en", country="NGA")
    at.selectbox(key="country_pick").set_value("TCD").run()
    assert not at.exception
    assert at.title[0].value == _t("title", "en", name="Chad")
    assert at.query_params["country"] in ("TCD", ["TCD"])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_comparison_mode(lang):
    at = run_page(PAGE, lang, compare="NGA,NER,TCD")
    assert not at.exception
    assert at.title[0].value == _t("compare_title", lang)
    figure = _chart(at, "country-compare-pillars")
    table = queries.comparison_pillars(APPEAL, PILLARS, ["NGA", "NER", "TCD"])
    names = ENTITIES.set_index("entity_id")[f"name_{lang}"]
    assert len(figure["data"]) == 6  # one trace per pillar
    for trace, pillar_id in zip(figure["data"], ["P1", "P2", "P3", "O1", "O2", "O3"], strict=True):
        rows = table[table["pillar_id"] == pillar_id]
        assert trace["x"] == [names[e] for e in rows["entity_id"]]
        assert trace["y"] == rows["amount_usd"].tolist()
        assert trace["name"] == PILLARS.set_index("pillar_id").loc[pillar_id, f"name_{lang}"]
    themes = _chart(at, "country-compare-themes")
    matrix = queries.theme_matrix(
        read_table("priorities"), read_table("priority_themes"), read_table("themes"), ENTITIES
    ).set_index(["entity_id", "theme_id"])["count"]
    ordered = queries.ordered_themes(read_table("themes"), PILLARS)
    for trace, office in zip(themes["data"], ["NGA", "NER", "TCD"], strict=True):
        assert trace["name"] == names[office]
        assert trace["x"] == [int(matrix[(office, th)]) for th in ordered["theme_id"]]
    values = [m.value for m in at.metric]
    latest = queries.latest_dtm_by_country(DISPLACEMENT).set_index("entity_id")
    for office in ("NGA", "NER", "TCD"):
        assert format_usd(TOTALS.loc[office, "amount_usd"], lang) in values
        assert format_int(latest.loc[office, "value"], lang) in values


def test_comparison_with_offices_outside_the_basin_and_bad_codes():
    at = run_page(PAGE, "en", compare="GIN,RO-DAKAR,xxx")
    assert not at.exception
    assert any("xxx" in str(t.value) for t in at.toast)
    assert at.query_params["compare"] in ("GIN,RO-DAKAR", ["GIN,RO-DAKAR"])
    dtm = [m for m in at.metric if m.label == _t("dtm_latest", "en")]
    assert [m.value for m in dtm] == ["–", "–"]  # not known, never 0
    one = run_page(PAGE, "en", compare="GIN")
    assert not one.exception
    assert _t("compare_pick_more", "en", limit=4) in [i.value for i in one.info]
    many = run_page(PAGE, "en", compare="NGA,NER,TCD,CMR,GIN")
    assert not many.exception
    assert any("4" in str(t.value) for t in many.toast)
    assert many.multiselect(key="compare_pick").value == ["NGA", "NER", "TCD", "CMR"]


def test_switching_to_comparison_and_back():
    at = run_page(PAGE, "en", country="BFA")
    at.radio(key="country_mode").set_value("compare").run()
    assert not at.exception
    assert at.title[0].value == _t("compare_title", "en")
    assert at.multiselect(key="compare_pick").value == ["BFA", "MLI", "NER"]
    at.radio(key="country_mode").set_value("profile").run()
    assert at.title[0].value == _t("title", "en", name="Burkina Faso")
    assert "compare" not in at.query_params


def test_brief_download_button():
    at = run_page(PAGE, "fr", country="NER")
    (button,) = [b for b in at.get("download_button") if b.key == "country-brief-NER-fr"]
    assert button.label == _t("brief_download", "fr")


def test_the_page_s_pack_is_the_command_line_s():
    """The pack behind the button is built from the tables the page shows: slide for slide what
    `python -m dashboard.brief` writes, and its key figures are the page's."""
    from pptx import Presentation

    from dashboard import brief
    from dashboard.sections.country import brief_bytes
    from tests.test_brief import _slide_text

    page_pack = Presentation(io.BytesIO(brief_bytes("NER", "fr")))
    command_line = brief.build_presentation("NER", "fr", brief.load_tables())
    assert [_slide_text(s) for s in page_pack.slides] == [_slide_text(s) for s in command_line.slides]
    metrics = _metrics(run_page(PAGE, "fr", country="NER"))
    key_figures = _slide_text(page_pack.slides[1])
    labels = ("appeal_total", "appeal_share", "dtm_latest", "fts.unmet", "fts.requirement", "fts.funding",
              "forced.idps|2024", "forced.hosted|2025")  # the profile's FTS, IDMC and UNHCR figures too
    for label in labels:
        key, _, year = label.partition("|")
        assert metrics[_t(key, "fr", year=year)][0] in key_figures, label


def test_missing_tables(processed_copy):
    (processed_copy / "priorities.csv").unlink()
    at = run_page(PAGE, "en", country="NGA")
    assert not at.exception
    assert any("priorities" in w.value for w in at.warning)
    assert _metrics(at)["2020 appeal (IOM requirement)"][0] == "$110.5M"  # the rest still there


def test_missing_appeal_stops_this_page_only(processed_copy):
    (processed_copy / "appeal.csv").unlink()
    at = run_page(PAGE, "en", country="NGA")
    assert not at.exception
    assert any("appeal" in e.value for e in at.error)


def test_missing_displacement_keeps_the_profile(processed_copy):
    (processed_copy / "displacement.csv").unlink()
    at = run_page(PAGE, "fr", country="TCD")
    assert not at.exception
    assert any("displacement" in w.value for w in at.warning)
    assert _metrics(at)[_t("appeal_total", "fr")][0] == format_usd(27_500_000, "fr")
    compare = run_page(PAGE, "en", compare="NGA,NER")
    assert not compare.exception
    assert any("displacement" in w.value for w in compare.warning)
    dtm = [m for m in compare.metric if m.label == _t("dtm_latest", "en")]
    assert [m.value for m in dtm] == ["–", "–"]  # not known, never 0
    totals = [m.value for m in compare.metric if m.label == _t("appeal_total", "en")]
    assert totals == [format_usd(TOTALS.loc[o, "amount_usd"], "en") for o in ("NGA", "NER")]


def test_page_reads_no_raw_data():
    source = Path(PAGE).read_text(encoding="utf-8")
    assert "data/raw" not in source and "read_csv" not in source and "unsafe_allow_html" not in source
