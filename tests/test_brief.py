"""The briefing pack: every office and the region, both languages; native charts whose numbers are the
tables'; a source line on every slide; the command line."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from dashboard import brief, queries
from dashboard.brief.facts import shorten
from dashboard.i18n import format_int, format_pct, format_usd, translate
from dashboard.queries import forced_displacement, fts
from dashboard.tables import read_table

PROJECT = Path(__file__).resolve().parent.parent
ENTITIES = read_table("entities")
OFFICES = ENTITIES["entity_id"].tolist()
BASIN = set(ENTITIES.loc[ENTITIES["lake_chad_basin"], "entity_id"])


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return brief.load_tables()


def _tr(key: str, lang: str, **values: object) -> str:
    return translate(f"country.brief.{key}", lang, **values)


def _titles(prs) -> list[str | None]:
    return [slide.shapes.title.text if slide.shapes.title is not None else None for slide in prs.slides]


def _charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def _by_title(prs, title: str):
    return next(
        slide for slide in prs.slides if slide.shapes.title is not None and slide.shapes.title.text == title
    )


def _name(entity_id: str, lang: str) -> str:
    if entity_id == brief.REGION:
        return translate("common.region", lang)
    return ENTITIES.set_index("entity_id").loc[entity_id, f"name_{lang}"]


def _check_deck(prs, entity_id: str, lang: str, tables: dict[str, pd.DataFrame]) -> None:
    name = _name(entity_id, lang)
    region = entity_id == brief.REGION
    in_basin = region or entity_id in BASIN
    country = not region and entity_id != "RO-DAKAR"
    expected = [
        None,
        _tr("key_figures_title", lang, name=name),
        *([_tr("fts_title", lang, name=name), _tr("forced_title", lang, name=name)] if country else []),
        _tr("pillars_title", lang, name=name),
        *([_tr("ranking_title", lang)] if region else []),
        _tr("themes_title", lang, name=name),
        *(
            [_tr("dtm_title_region", lang) if region else _tr("dtm_title", lang, name=name)]
            if in_basin
            else []
        ),
    ]
    titles = _titles(prs)
    assert titles[: len(expected)] == expected
    sources_title = _tr("sources_title", lang)
    assert titles[len(expected) :] and all(t.startswith(sources_title) for t in titles[len(expected) :])
    assert name in _slide_text(prs.slides[0])

    # Every slide carries its "As of … | …" line.
    as_of = translate("common.as_of_source", lang, date="", source="").split("|")[0].strip()
    for slide in prs.slides:
        lines = [s for s in slide.shapes if s.name == "Source line"]
        assert len(lines) == 1, _titles(prs)
        assert lines[0].text_frame.text.startswith(as_of) and "|" in lines[0].text_frame.text

    # Appeal by pillar: a native bar chart, categories = pillar names, values = the appeal's.
    by_pillar = queries.appeal_by_pillar(tables["appeal"], tables["pillars"], None if region else entity_id)
    (chart,) = _charts(_by_title(prs, _tr("pillars_title", lang, name=name)))
    plot = chart.plots[0]
    assert list(plot.categories) == by_pillar[f"name_{lang}"].tolist()
    assert list(plot.series[0].values) == [float(v) for v in by_pillar["amount_usd"]]

    # Theme counts: categories = theme names, values = the counts the pages show.
    (chart,) = _charts(_by_title(prs, _tr("themes_title", lang, name=name)))
    if region:
        matrix = queries.theme_matrix(
            tables["priorities"], tables["priority_themes"], tables["themes"], ENTITIES
        )
        summed = matrix.groupby("theme_id")["count"].sum()
        names = tables["themes"].set_index("theme_id")[f"name_{lang}"]
        expected_counts = {names[i]: float(c) for i, c in summed.items() if c > 0}
    else:
        counts = queries.theme_counts(
            tables["priorities"], tables["priority_themes"], tables["themes"], entity_id
        )
        expected_counts = {
            n: float(c) for n, c in zip(counts[f"name_{lang}"], counts["priorities"], strict=True)
        }
    got = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
    assert got == expected_counts

    if in_basin:
        title = _tr("dtm_title_region", lang) if region else _tr("dtm_title", lang, name=name)
        (chart,) = _charts(_by_title(prs, title))
        series = queries.dtm_series(tables["displacement"], None if region else entity_id)
        assert list(chart.plots[0].series[0].values) == [float(v) for v in series["value"]]
        assert len(chart.plots[0].categories) == len(series)
    if country:
        _check_current_slides(prs, entity_id, lang, tables)
    if region:
        (chart,) = _charts(_by_title(prs, _tr("ranking_title", lang)))
        totals = queries.appeal_totals(tables["appeal"], tables["entities"])
        assert list(chart.plots[0].categories) == totals[f"name_{lang}"].tolist()
        assert list(chart.plots[0].series[0].values) == [float(v) for v in totals["amount_usd"]]


def _values(values) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in values]


def _check_current_slides(prs, entity_id: str, lang: str, tables: dict[str, pd.DataFrame]) -> None:
    """The FTS chart's columns are fts.country_trend's figures (None where no plan, never 0); the
    displacement chart has one line per source and series, equal to displacement_trends."""
    name = _name(entity_id, lang)
    rows = fts.plan_rows(tables["fts_plans"], tables["fts_plan_funding"], tables["sources"])
    trend = fts.country_trend(rows, tables["fts_outside_plans"], entity_id, fts.latest_year(rows))
    funding_slide = _by_title(prs, _tr("fts_title", lang, name=name))
    charts = _charts(funding_slide)
    if (trend["plans"] > 0).any():
        (chart,) = charts
        assert list(chart.plots[0].categories) == [str(y) for y in trend["year"]]
        requirement, funding, outside = chart.plots[0].series
        assert list(requirement.values) == _values(trend["requirement_usd"])
        assert list(funding.values) == _values(trend["funding_usd"])
        assert list(outside.values) == _values(trend["outside_usd"])
    else:
        assert not charts
    trends = forced_displacement.displacement_trends(
        tables["idmc_conflict_idps"], tables["unhcr_population"], entity_id
    )
    charts = _charts(_by_title(prs, _tr("forced_title", lang, name=name)))
    if trends.empty:
        assert not charts
        return
    (chart,) = charts
    years = [int(y) for y in chart.plots[0].categories]
    measures = [m for m in forced_displacement.TREND_MEASURES if m in set(trends["measure"])]
    assert [s.name for s in chart.plots[0].series] == [
        translate(f"country.forced.measure_{m}", lang) for m in measures
    ]
    for measure, series in zip(measures, chart.plots[0].series, strict=True):
        expected = trends[trends["measure"] == measure].set_index("year")["value"]
        got = {y: v for y, v in zip(years, series.values, strict=True) if v is not None}
        assert got == {int(y): float(v) for y, v in expected.items()}, measure


@pytest.mark.parametrize("entity_id", [*OFFICES, brief.REGION])
def test_every_pack_opens_with_native_charts_equal_to_the_tables(entity_id, tables):
    data = brief.build_brief(entity_id, "en", tables)
    prs = Presentation(io.BytesIO(data))
    _check_deck(prs, entity_id, "en", tables)


@pytest.mark.parametrize("entity_id", ["NGA", "GIN", "RO-DAKAR", "BFA", "TCD", brief.REGION])
def test_french_packs(entity_id, tables):
    prs = brief.build_presentation(entity_id, "fr", tables)
    _check_deck(prs, entity_id, "fr", tables)
    text = "\n".join(_slide_text(slide) for slide in prs.slides)
    assert "chiffres clés" in text and "Sources" in text
    assert "As of" not in text and "key figures" not in text


def test_key_figures_in_both_languages(tables):
    totals = queries.appeal_totals(tables["appeal"], tables["entities"]).set_index("entity_id")
    for lang in ("en", "fr"):
        prs = brief.build_presentation("NGA", lang, tables)
        text = _slide_text(prs.slides[1])
        assert format_usd(totals.loc["NGA", "amount_usd"], lang) in text
        assert format_pct(totals.loc["NGA", "share"], lang) in text
        assert translate("country.rank_value", lang, rank=1, total=21) in text
        assert format_int(4_456_360, lang) in text  # DTM dashboard #61
        assert format_usd(346_615_939, lang) in text  # FTS: unmet requirement of the 2026 plan
    assert "110,5\u00a0M\u00a0$US" in _slide_text(brief.build_presentation("NGA", "fr", tables).slides[1])
    assert "$110.5M" in _slide_text(brief.build_presentation("NGA", "en", tables).slides[1])
    region = _slide_text(brief.build_presentation(brief.REGION, "en", tables).slides[1])
    assert format_usd(380_026_059, "en") in region and format_int(6_031_612, "en") in region


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chad_pack_shows_its_fts_plan_and_refugees(lang, tables):
    """Chad's 2026 plan (requirement 986,069,627, funding 188,686,311, unmet 797,383,316: "$797.4 M" /
    "797,4 M$") and the refugees it hosted at the end of 2024 (1,278,866) and 2025, as the tables say."""
    prs = brief.build_presentation("TCD", lang, tables)
    name = _name("TCD", lang)
    funding = _slide_text(_by_title(prs, _tr("fts_title", lang, name=name)))
    key_figures = _slide_text(prs.slides[1])
    for text in (funding, key_figures):
        assert format_usd(797_383_316, lang) == ("$797.4M" if lang == "en" else "797,4\u00a0M\u00a0$US")
        assert format_usd(797_383_316, lang) in text
        assert format_usd(986_069_627, lang) in text and format_usd(188_686_311, lang) in text
        assert format_pct(0.19, lang, digits=0) in text  # FTS's own 19 %
    assert "Tchad Besoins Humanitaires et Plan de Réponse 2026" in funding
    assert format_int(1_278_866, lang) in key_figures and format_int(1_502_263, lang) in key_figures
    displacement = _slide_text(_by_title(prs, _tr("forced_title", lang, name=name)))
    assert translate("country.forced.hosted", lang, year=2025) in displacement
    assert format_int(1_502_263, lang) in displacement
    # the native chart holds both year ends of the refugees hosted
    (chart,) = _charts(_by_title(prs, _tr("forced_title", lang, name=name)))
    label = translate("country.forced.measure_refugees_hosted", lang)
    hosted = next(s for s in chart.plots[0].series if s.name == label)
    by_year = dict(zip((int(c) for c in chart.plots[0].categories), hosted.values, strict=True))
    assert by_year[2024] == 1_278_866 and by_year[2025] == 1_502_263
    # the same year's figures per displaced person: 2025 plan's unmet ÷ (IDMC IDPs + UNHCR hosted), 2025
    amount = format_usd(round(1_006_534_585 / (593_000 + 1_511_634)), lang)
    per_person = _tr("per_person_line", lang, year=2025, amount=amount)
    assert per_person in funding


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_nigeria_2025_plan_and_burkina_faso_idps_in_the_charts(lang, tables):
    nigeria = brief.build_presentation("NGA", lang, tables)
    (chart,) = _charts(_by_title(nigeria, _tr("fts_title", lang, name=_name("NGA", lang))))
    categories = [int(c) for c in chart.plots[0].categories]
    requirement, funding, _ = chart.plots[0].series
    at_2025 = categories.index(2025)
    assert (requirement.values[at_2025], funding.values[at_2025]) == (910_246_471, 286_229_072)
    burkina = brief.build_presentation("BFA", lang, tables)
    name = _name("BFA", lang)
    (chart,) = _charts(_by_title(burkina, _tr("forced_title", lang, name=name)))
    gidd = next(s for s in chart.plots[0].series
                if s.name == translate("country.forced.measure_conflict_idps_idmc_gidd", lang))  # fmt: skip
    by_year = dict(zip((int(c) for c in chart.plots[0].categories), gidd.values, strict=True))
    assert by_year[2023] == 2_062_534
    text = _slide_text(_by_title(burkina, _tr("forced_title", lang, name=name)))
    assert translate("country.forced.idps", lang, year=2024) in text  # the latest year of the GIDD
    assert translate("country.forced.idps_later", lang, year=2025) in text  # and of IDMC's later release
    assert format_int(2_063_000, lang) in text


def test_countries_without_a_plan_or_figures_say_so(tables):
    cabo_verde = brief.build_presentation("CPV", "en", tables)
    funding = _slide_text(_by_title(cabo_verde, _tr("fts_title", "en", name="Cabo Verde")))
    assert _tr("fts_none", "en") in funding
    key_figures = _slide_text(cabo_verde.slides[1])
    assert _tr("card_fts_no_plan", "en") in key_figures
    assert _tr("card_idps_none", "en") + "\n" + translate("country.forced.no_data", "en") in key_figures
    assert "$0" not in funding + key_figures


def _numbers(text: str) -> set[int]:
    """Every whole number written in a text (1,278,866 / 1 278 866)."""
    import re

    found = re.findall(r"\d{1,3}(?:[,\u202f\u00a0]\d{3})+|\d+", text)
    return {int(re.sub(r"[,\u202f\u00a0]", "", n)) for n in found}


@pytest.mark.parametrize("entity_id", ["NGA", "TCD", "BFA", "NER", "CMR", "MLI"])
def test_no_figure_in_a_pack_adds_idps_of_two_sources(entity_id, tables):
    """IDMC's two releases, UNHCR's IDPs of concern and DTM's figures are never added together: no number on
    any slide is the sum of two of them for one year."""
    idps, population = tables["idmc_conflict_idps"], tables["unhcr_population"]
    by_series = forced_displacement.conflict_idps_by_series(idps, entity_id).set_index("year")
    trends = forced_displacement.displacement_trends(idps, population, entity_id)
    concern = trends[trends["measure"] == "idps_of_concern"].set_index("year")["value"]
    dtm = queries.dtm_series(tables["displacement"], entity_id)
    sums = set()
    for year, row in by_series.iterrows():
        figures = [v for v in (row["idmc_gidd"], row["idmc_via_unhcr"], concern.get(year)) if not pd.isna(v)]
        sums |= {int(a) + int(b) for i, a in enumerate(figures) for b in figures[i + 1:]}
        sums |= {int(a) + int(d) for a in figures for d in dtm["value"]}
    text = "\n".join(_slide_text(slide) for slide in brief.build_presentation(entity_id, "en", tables).slides)
    single = set(trends["value"].astype(int)) | set(dtm["value"].astype(int))  # figures of one source
    assert sums and not (_numbers(text) & (sums - single))


def test_sources_slide_lists_every_source_cited(tables):
    prs = brief.build_presentation("NGA", "en", tables)
    sources = tables["sources"].set_index("source_id")
    listed = "\n".join(_slide_text(s) for s in prs.slides if s.shapes.title is not None and
                       s.shapes.title.text.startswith("Sources"))  # fmt: skip
    cited = ["IOM-MI2020-WCA", "PROJECT-THEMES", "DTM-LCB-61", "DTM-LCB-03", "OCHA-FTS-HDX-2026-03-12",
             "IDMC-GIDD-2025-CONFLICT", "UNHCR-GT2025-IDMC-IDPS", "UNHCR-GT2025-POPULATION"]  # fmt: skip
    for source_id in cited:
        assert sources.loc[source_id, "title"] in listed
    assert sources.loc["DTM-LCB-61", "date"] == "2024-02-29" and "29 February 2024" in listed
    assert "12 March 2026" in listed
    assert "https://data.humdata.org/dataset/global-requirements-and-funding-data" in listed
    # the hand-collected plan rows FTS covers are no longer cited
    assert sources.loc["REF-FUND-01", "title"] not in listed
    # nothing listed that no slide cites: Guinea has no displacement dashboard
    guinea = brief.build_presentation("GIN", "en", tables)
    text = "\n".join(_slide_text(s) for s in guinea.slides)
    assert "Dashboard #61" not in text


def test_only_basin_offices_have_a_dtm_slide_and_every_country_an_idmc_unhcr_one(tables):
    for entity_id in ("GIN", "SEN", "RO-DAKAR"):
        titles = _titles(brief.build_presentation(entity_id, "en", tables))
        assert not any(t and "(DTM)" in t for t in titles)
        name = _name(entity_id, "en")
        assert (_tr("forced_title", "en", name=name) in titles) == (entity_id != "RO-DAKAR")


def test_unknown_code_or_language_is_refused(tables):
    with pytest.raises(brief.UnknownEntity):
        brief.build_brief("XXX", "en", tables)
    with pytest.raises(ValueError):
        brief.build_brief("NGA", "de", tables)


def test_command_line(tmp_path, capsys):
    out = tmp_path / "nigeria.pptx"
    assert brief.main(["--country", "nga", "--lang", "en", "--out", str(out)]) == 0
    prs = Presentation(str(out))
    assert _titles(prs)[1] == _tr("key_figures_title", "en", name="Nigeria")
    region = tmp_path / "region.pptx"
    assert brief.main(["--country", "REGION", "--lang", "fr", "--out", str(region)]) == 0
    assert _titles(Presentation(str(region)))[1] == _tr("key_figures_title", "fr", name=_name("REGION", "fr"))
    capsys.readouterr()
    assert brief.main(["--country", "XXX", "--out", str(tmp_path / "x.pptx")]) == 2
    err = capsys.readouterr().err
    assert "unknown code 'XXX'" in err and "NGA" in err and "REGION" in err
    assert not (tmp_path / "x.pptx").exists()


def test_command_line_module_runs_without_streamlit(tmp_path):
    out = tmp_path / "ner.pptx"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.brief", "--country", "NER", "--lang", "fr", "--out", str(out)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 10_000
    bad = subprocess.run(
        [sys.executable, "-m", "dashboard.brief", "--country", "ZZZ", "--out", str(tmp_path / "z.pptx")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode != 0 and "unknown code" in bad.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, dashboard.brief; print('streamlit' in sys.modules)"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.strip() == "False"


def test_missing_table_is_a_clear_error(processed_copy, capsys, tmp_path):
    (processed_copy / "priorities.csv").unlink()
    assert brief.main(["--country", "NGA", "--out", str(tmp_path / "x.pptx")]) == 1
    assert "priorities" in capsys.readouterr().err


@pytest.mark.parametrize("entity_id", ["NGA", brief.REGION])
def test_french_pack_quotes_the_working_translation_with_the_english_in_the_notes(tables, entity_id):
    """Slide "priorities by theme" of the French pack quotes each text in its French working translation
    (the priorities table's text_fr), says it is one, and holds each English original in the slide's notes;
    the English pack quotes the English as written, without the mark."""
    name = _name(entity_id, "fr")
    french_pack = brief.build_presentation(entity_id, "fr", tables)
    french = _by_title(french_pack, _tr("themes_title", "fr", name=name))
    office = queries.REGIONAL_OFFICE if entity_id == brief.REGION else entity_id
    quoted = queries.office_priorities(tables["priorities"], tables["priority_themes"], office)
    quoted = quoted[quoted["kind"] != "intro"].head(3)
    assert len(quoted) == 3
    text, notes = _slide_text(french), french.notes_slide.notes_text_frame.text
    assert _tr("texts_translated", "fr") in text and "non officielle" in text
    assert _tr("texts_language", "fr") not in text
    for row in quoted.itertuples():
        assert row.text_fr and shorten(row.text_fr)[:150] in text
        assert row.text[:150] not in text  # the English is in the notes, not on the slide
        assert " ".join(row.text.split()) in notes
    english_pack = brief.build_presentation(entity_id, "en", tables)
    english = _by_title(english_pack, _tr("themes_title", "en", name=_name(entity_id, "en")))
    text = _slide_text(english)
    assert _tr("texts_language", "en") in text and _tr("texts_translated", "en") not in text
    assert all(shorten(row.text)[:150] in text for row in quoted.itertuples())
