"""The country profile's current figures in AppTest, against the tables (which equal the raw files): OCHA FTS
funding (latest plan, regional shares apart, ten-year trend), IDMC and UNHCR displacement with their years,
the unmet requirement per displaced person of one year, IOM's own plans; English and French; no figure
adds IDPs of two sources."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import queries
from dashboard.citations import citation_index
from dashboard.i18n import format_int, format_pct, format_usd
from dashboard.queries import forced_displacement, fts
from dashboard.search import escape_markdown
from dashboard.tables import read_table
from tests.apptest_helpers import data_view_keys, open_data_views, run_page, texts
from tests.test_page_country import DISPLACEMENT, ENTITIES, PAGE, _chart, _metrics, _t

FTS_ROWS = fts.plan_rows(read_table("fts_plans"), read_table("fts_plan_funding"), read_table("sources"))
OUTSIDE = read_table("fts_outside_plans")
IDPS = read_table("idmc_conflict_idps")
POPULATION = read_table("unhcr_population")
CITATIONS = {lang: citation_index(read_table("sources"), lang) for lang in ("en", "fr")}


def _fts(key: str, lang: str, **values: object) -> str:
    return _t(f"fts.{key}", lang, **values)


def _forced(key: str, lang: str, **values: object) -> str:
    return _t(f"forced.{key}", lang, **values)


def _ints(values) -> list[int | None]:
    """Figures as whole numbers, None for no figure (a chart's null, a table's NA)."""
    return [None if v is None or pd.isna(v) else int(v) for v in values]


def _as_of_lines(at) -> str:
    return "\n".join(c.value for c in at.caption)


def check_fts(at, entity_id: str, lang: str) -> None:
    """The latest FTS plan's four figures are its table row's; the trend's bars are fts.country_trend's
    (no bar where no plan, never 0); a country without any plan says "no plan in FTS"."""
    metrics = _metrics(at)
    plan = fts.latest_plan(FTS_ROWS, entity_id)
    if plan is None:
        name = ENTITIES.set_index("entity_id").loc[entity_id, f"name_{lang}"]
        assert _fts("no_plan", lang, name=name) in [i.value for i in at.info]
        assert _fts("unmet", lang) not in metrics
        return
    assert metrics[_fts("requirement", lang)][0] == format_usd(plan["requirement_usd"], lang)
    assert metrics[_fts("funding", lang)][0] == format_usd(plan["funding_usd"], lang)
    assert metrics[_fts("unmet", lang)][0] == format_usd(plan["gap_usd"], lang)
    assert metrics[_fts("percent", lang)][0] == format_pct(plan["percent_funded"] / 100, lang, digits=0)
    shown = "\n".join(m.value for m in at.markdown)
    assert escape_markdown(plan["name"]) in shown  # the plan's name as published
    assert CITATIONS[lang][plan["source_id"]] in _as_of_lines(at)  # "As of 12 March 2026 | OCHA FTS, …"
    trend = fts.country_trend(FTS_ROWS, OUTSIDE, entity_id, fts.latest_year(FTS_ROWS))
    if not (trend["plans"] > 0).any():
        return
    requirement, funding, outside = _chart(at, "country-fts-trend")["data"]
    assert requirement["x"] == funding["x"] == trend["year"].tolist()
    assert _ints(requirement["y"]) == _ints(trend["requirement_usd"])
    assert _ints(funding["y"]) == _ints(trend["funding_usd"])
    assert _ints(outside["y"]) == _ints(trend["outside_usd"])


def check_forced_displacement(at, entity_id: str, lang: str) -> None:
    """Each IDMC release's latest figure and UNHCR's refugees hosted and originating, with their years, equal
    the queries over the tables; "no data" where the source has none, never 0; one line per source and
    series in the trend chart, equal to displacement_trends."""
    metrics = _metrics(at)
    figures = forced_displacement.conflict_idps_headline(IDPS, entity_id)
    for figure in figures:
        later = figure["series"] == "idmc_via_unhcr"
        label = _forced("idps_later" if later else "idps", lang, year=figure["year"])
        assert metrics[label][0] == format_int(figure["idps"], lang)
    if not figures:
        assert metrics[_forced("idps_none", lang)][0] == _forced("no_data", lang)
    for role in ("hosted", "originating"):
        latest = forced_displacement.latest_refugees(POPULATION, entity_id, role)
        if latest is None:
            assert metrics[_forced(f"{role}_none", lang)][0] == _forced("no_data", lang)
        else:
            label = _forced(role, lang, year=latest["year"])
            assert metrics[label][0] == format_int(latest["refugees"], lang)
    trends = forced_displacement.displacement_trends(IDPS, POPULATION, entity_id)
    if trends.empty:
        return
    lines = _chart(at, "country-forced-trend")["data"]
    measures = [m for m in forced_displacement.TREND_MEASURES if m in set(trends["measure"])]
    assert [line["name"] for line in lines] == [_forced(f"measure_{m}", lang) for m in measures]
    for measure, line in zip(measures, lines, strict=True):
        rows = trends[trends["measure"] == measure]
        assert line["x"] == rows["year"].tolist()
        assert line["y"] == rows["value"].astype(int).tolist()


def check_current(at, entity_id: str, lang: str) -> None:
    """Every country profile's FTS and displacement sections (tests/test_page_country.py runs it for every
    office)."""
    check_fts(at, entity_id, lang)
    check_forced_displacement(at, entity_id, lang)


def _fts_row(plan_id: int) -> dict:
    """A plan's row of fts_plan_funding, read straight from the table."""
    table = read_table("fts_plan_funding").set_index("plan_id")
    return table.loc[plan_id].to_dict()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chad_2026_plan_from_fts(lang):
    """Chad's latest plan is FTS's 2026 plan: requirement 986,069,627, funding 188,686,311, unmet
    797,383,316 ("$797.4 M" / "797,4 M$"), 19 % funded, as of March 2026."""
    row = _fts_row(1501)
    figures = (row["requirement_usd"], row["funding_usd"], row["gap_usd"])
    assert figures == (986_069_627, 188_686_311, 797_383_316)
    at = run_page(PAGE, lang, country="TCD")
    assert not at.exception
    metrics = _metrics(at)
    assert metrics[_fts("unmet", lang)][0] == {"en": "$797.4M", "fr": "797,4\u00a0M\u00a0$US"}[lang]
    assert metrics[_fts("requirement", lang)][0] == format_usd(986_069_627, lang)
    assert metrics[_fts("funding", lang)][0] == format_usd(188_686_311, lang)
    assert metrics[_fts("percent", lang)][0] == {"en": "19%", "fr": "19\u202f%"}[lang]
    as_of = {"en": "As of 12 March 2026 | OCHA FTS", "fr": "Au 12 mars 2026 | OCHA FTS"}[lang]
    assert as_of in _as_of_lines(at)
    shown = "\n".join(m.value for m in at.markdown)
    assert "**Tchad Besoins Humanitaires et Plan de Réponse 2026** (2026" in shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_nigeria_2025_plan_in_the_trend_and_its_table(lang):
    """Nigeria's 2025 plan (910,246,471 / 286,229,072) is a bar pair of the trend and a row of its table,
    with the plan's name on hover; funding outside plans is its own bar, never subtracted from a gap."""
    row = _fts_row(1274)
    assert (row["requirement_usd"], row["funding_usd"]) == (910_246_471, 286_229_072)
    at = run_page(PAGE, lang, country="NGA")
    requirement, funding, outside = _chart(at, "country-fts-trend")["data"]
    at_2025 = requirement["x"].index(2025)
    assert (requirement["y"][at_2025], funding["y"][at_2025]) == (910_246_471, 286_229_072)
    assert "Nigeria Humanitarian Needs and Response Plan 2025" in requirement["customdata"][at_2025]
    assert funding["text"][at_2025] == format_pct(0.31, lang, digits=0)
    assert outside["y"][at_2025] == OUTSIDE.set_index(["entity_id", "year"]).loc[("NGA", 2025), "funding_usd"]
    at = open_data_views(at, "country-fts-data")
    (table,) = [f.value for f in at.dataframe]
    nigeria = table.set_index(_fts("col_year", lang)).loc[2025]
    assert (nigeria[_fts("col_requirement_usd", lang)], nigeria[_fts("col_funding_usd", lang)]) == (
        910_246_471, 286_229_072)  # fmt: skip
    assert nigeria[_fts("col_unmet_usd", lang)] == 910_246_471 - 286_229_072
    assert table[_fts("col_year", lang)].tolist() == list(range(2017, 2027))  # ten years to the FTS year


def test_countries_without_an_fts_plan_say_so_never_zero():
    cabo_verde = run_page(PAGE, "en", country="CPV")
    assert _fts("no_plan", "en", name="Cabo Verde") in [i.value for i in cabo_verde.info]
    assert "OCHA FTS" in _as_of_lines(cabo_verde)  # the file that lists no plan for it
    metrics = _metrics(cabo_verde)
    assert _fts("unmet", "en") not in metrics and not any(v == "$0" for v, _ in metrics.values())
    # Guinea's last plan in FTS is of 2006: shown with its year, and said to be old
    guinea = run_page(PAGE, "fr", country="GIN")
    assert _fts("since", "fr", name="Guinée", year=2006) in _as_of_lines(guinea)
    assert _fts("trend_none", "fr", first=2017, last=2026) in _as_of_lines(guinea)
    # the Regional Office has no plan of its own: no FTS section at all
    regional = run_page(PAGE, "en", country="RO-DAKAR")
    assert _fts("heading", "en") not in [s.value for s in regional.subheader]


def test_regional_plans_shares_are_shown_apart_from_the_country_plan():
    at = run_page(PAGE, "en", country="CAF")
    shares = fts.regional_shares(FTS_ROWS, "CAF")
    assert len(shares) == 1 and shares.iloc[0]["code"] == "RRSDN24"
    shown = "\n".join(m.value for m in at.markdown)
    assert escape_markdown(shares.iloc[0]["name"]) in shown
    assert _fts("regional_note", "en") in _as_of_lines(at)
    plan = fts.latest_plan(FTS_ROWS, "CAF")
    # the country plan's metrics are its own row alone, the share is not added to them
    assert _metrics(at)[_fts("requirement", "en")][0] == format_usd(plan["requirement_usd"], "en")


def test_iom_plans_table_is_sent_only_when_opened():
    """Only IOM's own crisis response plans stay from the hand-collected rows (FTS lacks them), labelled as
    IOM's; the other rows are plans FTS lists, whose FTS figures are shown instead."""
    at = run_page(PAGE, "en", country="NGA")
    assert not at.exception
    views = {"country-funding-data-view", "country-fts-data-view", "country-forced-data-view",
             "country-pillars-data-view", "country-themes-data-view"}  # fmt: skip
    assert views <= set(data_view_keys(at))
    assert not at.dataframe  # every table view closed
    assert {b.key for b in at.get("download_button")} == {"country-brief-NGA-en"}
    assert _t("iom.heading", "en") in [s.value for s in at.subheader]
    open_data_views(at, "country-funding-data")
    assert not at.exception
    (table,) = [f.value for f in at.dataframe]
    coverage = read_table("fts_funding_coverage").set_index("funding_id")["status"]
    funding = read_table("funding")
    iom = funding[(funding["entity_id"] == "NGA") & (funding["funding_id"].map(coverage) == "iom_plan")]
    assert len(table) == len(iom) == 6
    assert sorted(table[_t("col_appeal", "en")]) == sorted(iom["appeal"])
    assert not set(table[_t("col_appeal", "en")]) & set(funding.loc[funding["funding_id"].map(coverage) ==
                                                                   "fts_plan", "appeal"])  # fmt: skip
    keys = {b.key for b in at.get("download_button")}
    assert {"country-funding-data-csv", "country-funding-data-xlsx"} <= keys
    assert "country-pillars-data-csv" not in keys  # the others stay closed
    guinea = run_page(PAGE, "en", country="GIN")
    assert _t("iom.none", "en", name="Guinea") in _as_of_lines(guinea)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_burkina_faso_conflict_idps_end_2023_and_the_latest_year(lang):
    """2,062,534 conflict IDPs at the end of 2023 (IDMC GIDD), in the trend and its table; the headline gives
    each IDMC release's latest year, side by side."""
    by_key = IDPS.set_index(["series", "entity_id", "year"])["idps"]
    assert by_key.loc[("idmc_gidd", "BFA", 2023)] == 2_062_534
    at = run_page(PAGE, lang, country="BFA")
    metrics = _metrics(at)
    assert metrics[_forced("idps", lang, year=2024)][0] == format_int(2_062_534, lang)
    assert metrics[_forced("idps_later", lang, year=2025)][0] == format_int(2_063_000, lang)
    gidd = next(line for line in _chart(at, "country-forced-trend")["data"]
                if line["name"] == _forced("measure_conflict_idps_idmc_gidd", lang))  # fmt: skip
    assert gidd["y"][gidd["x"].index(2023)] == 2_062_534
    at = open_data_views(at, "country-forced-data")
    (table,) = [f.value for f in at.dataframe]
    gidd_rows = table[_forced("col_measure", lang)] == _forced("measure_conflict_idps_idmc_gidd", lang)
    rows = table[gidd_rows & (table[_forced("col_year", lang)] == 2023)]
    assert rows[_forced("col_value", lang)].tolist() == [2_062_534]
    assert "IDMC" in _as_of_lines(at)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chad_refugees_hosted_end_2024_and_2025(lang):
    at = run_page(PAGE, lang, country="TCD")
    metrics = _metrics(at)
    assert metrics[_forced("hosted", lang, year=2025)][0] == format_int(1_502_263, lang)
    previous = _forced("previous", lang, year=2024, count=format_int(1_278_866, lang))
    assert previous in _as_of_lines(at)
    hosted = next(line for line in _chart(at, "country-forced-trend")["data"]
                  if line["name"] == _forced("measure_refugees_hosted", lang))  # fmt: skip
    assert hosted["y"][hosted["x"].index(2024)] == 1_278_866
    assert hosted["y"][hosted["x"].index(2025)] == 1_502_263
    assert {"en": "UNHCR", "fr": "HCR"}[lang] in _as_of_lines(at)  # the French name: HCR


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_funding_per_displaced_person_is_of_one_year_with_its_parts(lang):
    """Chad 2025: the 2025 plan's unmet requirement ÷ (IDMC conflict IDPs end 2025 + UNHCR refugees and
    asylum-seekers hosted end 2025), with the parts beside it and the three sources."""
    at = run_page(PAGE, lang, country="TCD")
    metrics = _metrics(at)
    gap = _fts_row(1260)["gap_usd"]
    idps = IDPS.set_index(["series", "entity_id", "year"]).loc[("idmc_via_unhcr", "TCD", 2025), "idps"]
    hosted = forced_displacement.refugees_hosted(POPULATION, "TCD").set_index("year").loc[2025]
    assert (gap, idps, hosted["refugees_and_asylum_seekers"]) == (1_006_534_585, 593_000, 1_511_634)
    per_person = format_usd(round(gap / (idps + 1_511_634)), lang)
    assert metrics[_t("per_person.label", lang, year=2025)][0] == per_person
    assert metrics[_t("per_person.unmet", lang, year=2025)][0] == format_usd(gap, lang)
    assert metrics[_forced("idps_later", lang, year=2025)][0] == format_int(593_000, lang)
    assert metrics[_t("per_person.hosted", lang, year=2025)][0] == format_int(1_511_634, lang)
    lines = _as_of_lines(at)
    for source_id in ("OCHA-FTS-HDX-2026-03-12", "UNHCR-GT2025-IDMC-IDPS", "UNHCR-GT2025-POPULATION"):
        assert CITATIONS[lang][source_id] in lines
    # no year with all three figures: not shown, said so
    guinea = run_page(PAGE, "en", country="GIN")
    assert _t("per_person.none", "en", name="Guinea") in _as_of_lines(guinea)
    assert not any(m.label.startswith("Per displaced person") for m in guinea.metric)


def _numbers(text: str) -> set[int]:
    """Every whole number written in a text (1,278,866 / 1 278 866)."""
    import re

    found = re.findall(r"\d{1,3}(?:[,\u202f\u00a0]\d{3})+|\d+", text)
    return {int(re.sub(r"[,\u202f\u00a0]", "", n)) for n in found}


@pytest.mark.parametrize("entity_id", ["NGA", "TCD", "CMR", "NER", "BFA", "MLI"])
def test_no_figure_on_the_page_adds_idps_of_two_sources(entity_id):
    """IDMC's two releases, UNHCR's IDPs of concern and DTM's figures count the same people differently: no
    number on the page (metrics, captions, chart points) is the sum of two of them."""
    by_series = forced_displacement.conflict_idps_by_series(IDPS, entity_id).set_index("year")
    trends = forced_displacement.displacement_trends(IDPS, POPULATION, entity_id)
    concern = trends[trends["measure"] == "idps_of_concern"].set_index("year")["value"]
    dtm = queries.dtm_series(DISPLACEMENT, entity_id)["value"]
    sums = set()
    for year, row in by_series.iterrows():
        candidates = (row["idmc_gidd"], row["idmc_via_unhcr"], concern.get(year))
        figures = [int(v) for v in candidates if v is not None and not pd.isna(v)]
        sums |= {a + b for i, a in enumerate(figures) for b in figures[i + 1:]}
        sums |= {a + int(d) for a in figures for d in dtm}
    at = run_page(PAGE, "en", country=entity_id)
    shown = _numbers(texts(at))
    for key in ("country-forced-trend", "country-fts-trend"):
        for trace in _chart(at, key)["data"]:
            shown |= {int(v) for v in trace["y"] if v is not None}
    # a sum that happens to equal a figure of one source (Chad 2010: 171,000 + 171,000 = 342,000, a UNHCR
    # figure too) is that figure, not a sum
    single = set(trends["value"].astype(int)) | set(dtm.astype(int))
    assert sums and not (shown & (sums - single))


def test_missing_fts_or_unhcr_tables_keep_the_profile(processed_copy):
    (processed_copy / "fts_plan_funding.csv").unlink()
    (processed_copy / "unhcr_population.csv").unlink()
    at = run_page(PAGE, "en", country="TCD")
    assert not at.exception
    warnings = "\n".join(w.value for w in at.warning)
    assert "fts_plan_funding" in warnings and "unhcr_population" in warnings
    metrics = _metrics(at)
    assert metrics[_t("appeal_total", "en")][0] == format_usd(27_500_000, "en")
    assert _fts("unmet", "en") not in metrics  # no figure rather than a wrong one
    assert not any(m.label.startswith("Refugees hosted") for m in at.metric)
