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
from dashboard.i18n import format_int, format_pct, format_usd, translate
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
    expected = [
        None,
        _tr("key_figures_title", lang, name=name),
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
    if region:
        (chart,) = _charts(_by_title(prs, _tr("ranking_title", lang)))
        totals = queries.appeal_totals(tables["appeal"], tables["entities"])
        assert list(chart.plots[0].categories) == totals[f"name_{lang}"].tolist()
        assert list(chart.plots[0].series[0].values) == [float(v) for v in totals["amount_usd"]]


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
        assert format_usd(549_200_000, lang) in text  # HRP 2020 revised: funding received
    assert "110,5\u00a0M$" in _slide_text(brief.build_presentation("NGA", "fr", tables).slides[1])
    assert "$110.5\u00a0M" in _slide_text(brief.build_presentation("NGA", "en", tables).slides[1])
    region = _slide_text(brief.build_presentation(brief.REGION, "en", tables).slides[1])
    assert format_usd(380_026_059, "en") in region and format_int(6_031_612, "en") in region


def test_sources_slide_lists_every_source_cited(tables):
    prs = brief.build_presentation("NGA", "en", tables)
    sources = tables["sources"].set_index("source_id")
    listed = "\n".join(_slide_text(s) for s in prs.slides if s.shapes.title is not None and
                       s.shapes.title.text.startswith("Sources"))  # fmt: skip
    cited = ["IOM-MI2020-WCA", "PROJECT-THEMES", "DTM-LCB-61", "DTM-LCB-03", "REF-FUND-01"]
    for source_id in cited:
        assert sources.loc[source_id, "title"] in listed
    assert sources.loc["DTM-LCB-61", "date"] == "2024-02-29" and "29 February 2024" in listed
    assert "https://www.unocha.org/nigeria" in listed
    # nothing listed that no slide cites: Guinea has no displacement dashboard
    guinea = brief.build_presentation("GIN", "en", tables)
    text = "\n".join(_slide_text(s) for s in guinea.slides)
    assert "Dashboard #61" not in text


def test_non_basin_offices_have_no_displacement_slide(tables):
    for entity_id in ("GIN", "SEN", "RO-DAKAR"):
        titles = _titles(brief.build_presentation(entity_id, "en", tables))
        assert not any(t and "displacement" in t for t in titles)


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
