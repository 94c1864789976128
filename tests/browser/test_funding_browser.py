"""The funding page in real Chromium. The OCHA FTS map opens on the latest year: Chad drawn in the colour of
its 2026 unmet requirement with its figures in the hover, countries without a plan in grey; the year
control writes ?year=. The IOM 2020 appeal's map (an SVG drawn by the wca_map component) shows the 20
countries with the appeal table's figures, hovering Nigeria names it with its requirement, a real click on
Nigeria (and on a bar of the ranking) selects it, writes ?country= in the URL and outlines it on the map;
offline, no console errors; screenshots funding-en / funding-fr."""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import PROJECT_DIR

pytestmark = pytest.mark.browser

FOCUS = {
    "BEN", "BFA", "CAF", "CIV", "CMR", "CPV", "GAB", "GHA", "GIN", "GMB",
    "GNB", "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TCD", "TGO",
}  # fmt: skip
MAP = "funding_map"
HIGHLIGHT = 'path[data-layer="highlight"][data-iso3="{}"]'

# Opened at /funding, Streamlit's frontend first probes /funding/_stcore/health and host-config (a base
# path guessed from the URL), gets 404 and falls back to /_stcore/; Chromium logs each 404 as an error.
STREAMLIT_PROBES = ("/funding/_stcore/health", "/funding/_stcore/host-config")
RESOURCE_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def _appeal_totals() -> dict[str, int]:
    """Requirement per office of the 2020 appeal, all pillars, summed from the processed table itself."""
    totals: dict[str, int] = {}
    with (PROJECT_DIR / "data" / "processed" / "appeal.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["appeal_id"] == "MI2020":
                totals[row["entity_id"]] = totals.get(row["entity_id"], 0) + int(float(row["amount_usd"]))
    return totals


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# The centre of the bar of one country in the ranking of widget key `key` (customdata: the ISO3 code).
BAR_POINT = """([key, iso3]) => {
  const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const index = gd.data[0].customdata.indexOf(iso3);
  const bar = gd.querySelectorAll('.barlayer .point path')[index];
  bar.scrollIntoView({block: 'center'});
  const box = bar.getBoundingClientRect();
  return {x: box.left + Math.min(box.width / 2, 20), y: box.top + box.height / 2};
}"""


def _open(browse, app_url: str, query: str):
    visit = browse(f"{app_url}/funding?{query}")
    visit.wait_for_app()
    visit.wait_for_map(MAP)
    visit.wait_for_charts()
    return visit


def _wait_for_text(visit, text: str) -> None:
    """The URL changes while the rerun is on its way: wait for what the rerun draws."""
    visit.page.wait_for_function(
        "(text) => (document.querySelector('[data-testid=\"stMainBlockContainer\"]') || {innerText: ''})"
        ".innerText.includes(text)",
        arg=text,
        timeout=30_000,
    )


def _wait_for_selection(visit, iso3: str, text: str) -> None:
    visit.page.wait_for_function(f"() => location.search.includes('country={iso3}')", timeout=20_000)
    _wait_for_text(visit, text)
    visit.wait_for_app()
    visit.wait_for_map(MAP, HIGHLIGHT.format(iso3))  # the rerun's map, with the country outlined
    visit.wait_for_charts()


def _console_errors(visit) -> list[str]:
    failed = visit.page.evaluate(
        "() => performance.getEntriesByType('resource').filter(e => e.responseStatus >= 400).map(e => e.name)"
    )
    probes = [url for url in failed if url.split("?")[0].endswith(STREAMLIT_PROBES)]
    assert [url for url in failed if url not in probes] == []
    errors = list(visit.console_errors)
    for _ in probes:
        if RESOURCE_404 in errors:
            errors.remove(RESOURCE_404)
    return errors


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_funding_map_draws_and_a_click_on_nigeria_selects_it(app_url, browse, lang):
    visit = _open(browse, app_url, f"lang={lang}")
    page = visit.page
    drawn = visit.maps()[MAP]
    # every country of the appeal coloured by its requirement, the neighbours in grey beneath
    assert set(drawn["layers"]["values"]) == FOCUS and len(drawn["layers"]["values"]) == 20
    assert drawn["layers"]["context"] and not set(drawn["layers"]["context"]) & FOCUS
    assert "highlight" not in drawn["layers"] and "missing" not in drawn["layers"]
    assert drawn["drawn"] == drawn["shapes"] >= 20 + len(drawn["layers"]["context"])
    assert set(drawn["clickable"]) == FOCUS
    assert drawn["width"] > 300 and drawn["height"] > 150  # on the screen, not collapsed
    assert len(drawn["ticks"]) >= 2 and drawn["legendItems"]  # colour bar and the grey "outside" swatch
    # the values drawn are the appeal table's: the processed table, and the table shown under the map
    totals = _appeal_totals()
    assert drawn["values"] == {iso3: totals[iso3] for iso3 in FOCUS}
    requirement = "Requirement (US$)" if lang == "en" else "Besoins (USD)"  # column and hover line
    shown = {
        row["ISO3 code" if lang == "en" else "Code ISO3"]: row[requirement] for row in visit.table_csv("map")
    }
    assert {iso3: int(value) for iso3, value in shown.items()} == drawn["values"]
    assert drawn["values"]["NGA"] == 110_475_810
    # no geometry file: the shapes come with the page's data
    assert drawn["geometryFetches"] == []
    assert "country=" not in page.url

    # hover: Nigeria's name, then its requirement as the table has it
    tip = visit.hover_map(MAP, "NGA")
    assert tip[0] == "Nigeria"
    assert any(line.startswith(requirement) and _digits(line) == shown["NGA"] for line in tip[1:]), tip

    # a real mouse click on Nigeria on the drawn map
    point = visit.map_point(MAP, "NGA")
    page.mouse.click(point["x"], point["y"])
    _wait_for_selection(
        visit, "NGA", "2020 requirement, Nigeria" if lang == "en" else "Besoins 2020, Nigeria"
    )
    assert "country=NGA" in page.url and f"lang={lang}" in page.url
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert ("$110.5" if lang == "en" else "110,5") in main
    assert ("2020 requirement, Nigeria" if lang == "en" else "Besoins 2020, Nigeria") in main
    # Nigeria outlined on the map (the highlight layer), the rest as before
    selected = visit.maps()[MAP]
    assert selected["layers"]["highlight"] == ["NGA"]
    assert selected["values"] == drawn["values"]

    # the whole page in one picture: Streamlit scrolls inside its own container, so make the window tall
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 9000)})
    page.wait_for_timeout(1500)
    visit.screenshot(f"funding-{lang}")
    assert visit.external_requests == []
    assert _console_errors(visit) == []


def test_a_click_on_a_bar_selects_that_country(app_url, browse):
    visit = _open(browse, app_url, "lang=en&pillar=objectives")
    page = visit.page
    point = page.evaluate(BAR_POINT, ["funding_bar", "TCD"])
    page.mouse.click(point["x"], point["y"])
    _wait_for_selection(visit, "TCD", "2020 requirement, Chad")
    assert "country=TCD" in page.url and "pillar=objectives" in page.url
    assert "2020 requirement, Chad" in page.inner_text('[data-testid="stMainBlockContainer"]')
    assert visit.external_requests == []
    assert _console_errors(visit) == []


def test_enter_on_a_country_of_the_map_selects_it(app_url, browse):
    """Keyboard users: a country of the map takes the focus (its tooltip shows) and Enter selects it."""
    visit = _open(browse, app_url, "lang=en")
    page = visit.page
    chad = page.locator(f'.st-key-{MAP} path.clickable[data-iso3="TCD"]')
    chad.focus()
    tip = page.locator(f".st-key-{MAP} .wca-map-tip")
    tip.wait_for(state="visible", timeout=5_000)
    assert tip.locator("b").inner_text() == "Chad"
    page.keyboard.press("Enter")
    _wait_for_selection(visit, "TCD", "2020 requirement, Chad")
    assert visit.maps()[MAP]["layers"]["highlight"] == ["TCD"]
    assert visit.external_requests == []
    assert _console_errors(visit) == []


def test_a_shared_link_reopens_the_same_view(app_url, browse):
    visit = _open(browse, app_url, "lang=fr&country=NGA&theme=health&pillar=P1")
    page = visit.page
    _wait_for_text(visit, "Besoins 2020, Nigeria")
    visit.wait_for_map(MAP, HIGHLIGHT.format("NGA"))
    drawn = visit.maps()[MAP]
    # health is among the priorities of some countries only: as many coloured as the table lists, the
    # others grey; Nigeria among them, outlined
    shown = {row["Code ISO3"]: int(row["Besoins (USD)"]) for row in visit.table_csv("map")}
    assert 0 < len(shown) < 20 and "NGA" in shown
    assert drawn["values"] == shown
    assert set(drawn["layers"]["context"]) >= FOCUS - set(shown)
    assert drawn["layers"]["highlight"] == ["NGA"]
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert "Besoins 2020, Nigeria" in main and "Migration et santé" in main
    page.set_viewport_size({"width": 1400, "height": 2000})
    page.wait_for_timeout(1500)
    visit.screenshot("funding-fr-health-P1")
    assert visit.external_requests == []
    assert _console_errors(visit) == []


FTS_MAP = "fts_map"


def _fts_gaps(year: int) -> dict[str, int]:
    """Unmet requirement of each country's own plan of `year`, from the processed tables themselves."""
    with (PROJECT_DIR / "data" / "processed" / "fts_plans.csv").open(encoding="utf-8") as fh:
        plans = {row["plan_id"] for row in csv.DictReader(fh)
                 if row["year"] == str(year) and row["is_regional"] == "false"}
    with (PROJECT_DIR / "data" / "processed" / "fts_plan_funding.csv").open(encoding="utf-8") as fh:
        return {row["entity_id"]: int(row["gap_usd"]) for row in csv.DictReader(fh)
                if row["plan_id"] in plans and row["gap_usd"]}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_fts_map_opens_on_the_latest_year_with_chads_unmet_requirement(app_url, browse, lang):
    from dashboard.maps import VIRIDIS, interpolate_colour

    visit = _open(browse, app_url, f"lang={lang}")
    visit.wait_for_map(FTS_MAP)
    page = visit.page
    drawn = visit.maps()[FTS_MAP]
    gaps = _fts_gaps(2026)
    assert drawn["values"] == gaps and gaps["TCD"] == 986_069_627 - 188_686_311
    assert set(drawn["layers"]["missing"]) == FOCUS - set(gaps) and "SEN" in drawn["layers"]["missing"]
    # colours: Chad on the scale by its share of the largest gap; Senegal (no plan) grey, not the scale's 0
    fill = "(sel) => document.querySelector(sel).getAttribute('fill')"
    chad = page.evaluate(fill, f'.st-key-{FTS_MAP} path[data-layer="values"][data-iso3="TCD"]')
    assert chad == interpolate_colour(VIRIDIS, gaps["TCD"] / max(gaps.values()))
    senegal = page.evaluate(fill, f'.st-key-{FTS_MAP} path[data-iso3="SEN"]')
    assert senegal == "#c9c9c9" != interpolate_colour(VIRIDIS, 0)
    no_plan = "no plan in 2026" if lang == "en" else "aucun plan en 2026"
    assert no_plan in drawn["legendItems"]
    # the hover: Chad's figures to the dollar, the plan's name as published, % funded, as of
    tip = visit.hover_map(FTS_MAP, "TCD")
    assert tip[0] == ("Chad" if lang == "en" else "Tchad")
    assert _digits(tip[1].split("(")[0]) == "797383316"
    assert ("$797.4" if lang == "en" else "797,4") in tip[1]
    assert any(line.endswith("Tchad Besoins Humanitaires et Plan de Réponse 2026") for line in tip)
    assert any(line.endswith("19%" if lang == "en" else "19\u202f%") for line in tip)
    assert tip[-1].endswith("12 March 2026" if lang == "en" else "12 mars 2026")
    assert visit.hover_map(FTS_MAP, "SEN")[1].endswith(no_plan)
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert ("as of March 2026" if lang == "en" else "situation en mars 2026") in main
    visit.screenshot(f"funding-fts-{lang}")
    assert visit.external_requests == []
    assert _console_errors(visit) == []


def test_a_year_link_opens_that_year_and_choosing_another_keeps_the_year_itself_in_the_url(app_url, browse):
    """?year=2020 opens the FTS map on 2020, and a choice (in French) writes the year, not a label; the
    last complete year is one click away."""
    visit = _open(browse, app_url, "lang=fr&year=2020")
    page = visit.page
    _wait_for_text(visit, "Besoins non couverts, plans de pays, 2020")
    assert "year=2020" in page.url
    # Choose only once the whole first run is drawn: a choice made while it still runs can be undone by
    # it (seen on a loaded machine); and once more if the URL has not moved after 20 s.
    visit.wait_for_page_complete()
    for attempt in range(2):
        page.locator(".st-key-funding_year [role='combobox']").click()
        page.get_by_role("option", name="2019", exact=True).click()
        try:
            wait_ms = 20_000 if attempt == 0 else 60_000
            page.wait_for_function("() => location.search.includes('year=2019')", timeout=wait_ms)
            break
        except PlaywrightTimeoutError:
            if attempt:
                raise
    _wait_for_text(visit, "Besoins non couverts, plans de pays, 2019")
    gaps = _fts_gaps(2019)
    visit.wait_for_map(FTS_MAP, f'path[data-iso3="NGA"][data-value="{gaps["NGA"]}"]')  # the rerun's map
    assert visit.maps()[FTS_MAP]["values"] == gaps
    page.get_by_role("button", name="Dernière année complète\u202f: 2025").click()
    page.wait_for_function("() => location.search.includes('year=2025')", timeout=60_000)
    _wait_for_text(visit, "Besoins non couverts, plans de pays, 2025")
    assert "lang=fr" in page.url
    assert visit.external_requests == []
    assert _console_errors(visit) == []
