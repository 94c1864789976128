"""The country profile in real Chromium, both languages: locator map (SVG) and charts drawn, the briefing pack
downloads as a PowerPoint file, nothing fetched from outside localhost, no console error; screenshots
country-en / country-fr (and country-compare-en)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

EXPECTED = {
    "en": ("Nigeria — country profile", "$110.5", "4,456,360", "Lake Chad Basin"),
    "fr": ("Nigeria — profil pays", "110,5", "4\u202f456\u202f360", "Bassin du lac Tchad"),
}


def _full_height(visit) -> None:
    """Streamlit scrolls inside its own container: make the window as tall as the page for the picture."""
    page = visit.page
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 9000)})
    page.wait_for_timeout(1500)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_country_profile_renders_offline(app_url, browse, lang):
    # Open the entry point once so app.py (st.navigation) has registered the pages.
    browse(f"{app_url}/?lang={lang}").wait_for_app(timeout_ms=90_000)
    # Under a loaded machine (parallel test workers) pages take longer: generous waits below.
    visit = browse(f"{app_url}/country?lang={lang}&country=NGA")
    visit.wait_for_app(timeout_ms=90_000)
    page = visit.page
    title, appeal, displaced, area = EXPECTED[lang]
    page.wait_for_selector(f'h1:has-text("{title}")', timeout=90_000)
    # locator map: a static SVG (no hover, no click) with Nigeria filled and the basin outlined; bars: SVG
    visit.wait_for_map("country-locator")
    page.wait_for_selector(".js-plotly-plot .barlayer path", timeout=90_000)
    visit.wait_for_charts(timeout_ms=90_000)
    maps = visit.maps()
    assert list(maps) == ["country-locator"]
    locator = maps["country-locator"]
    assert locator["layers"]["shown"] == ["NGA"]  # Nigeria highlighted
    assert sorted(locator["layers"]["outline"]) == ["CMR", "NER", "NGA", "TCD"]  # basin outline
    assert len(locator["layers"]["focus"]) == 19 and locator["layers"]["context"]  # the region around it
    assert locator["drawn"] == locator["shapes"] and locator["clickable"] == []
    assert locator["width"] > 150 and locator["height"] > 100 and locator["geometryFetches"] == []
    bars = page.locator(".js-plotly-plot .barlayer path").count()
    assert bars >= 6 + 11  # six pillars, eleven themes
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert appeal in main and displaced in main and area in main
    assert "\\" not in main  # escaped markdown shows no backslashes

    # the briefing pack: built on click, served by this server, a real .pptx
    from pptx import Presentation

    with page.expect_download(timeout=180_000) as download_info:
        page.get_by_role("button", name="PowerPoint").click()
    download = download_info.value
    assert download.suggested_filename == f"brief-nga-{lang}.pptx"
    deck = Presentation(str(download.path()))
    assert len(deck.slides) >= 6
    assert page.locator(f'h1:has-text("{title}")').count() == 1  # the page did not reset

    _full_height(visit)
    visit.screenshot(f"country-{lang}")
    assert visit.external_requests == []
    assert visit.console_errors == []


def test_comparison_renders_offline(app_url, browse):
    browse(f"{app_url}/?lang=en").wait_for_app(timeout_ms=90_000)
    visit = browse(f"{app_url}/country?lang=en&compare=NGA,NER,TCD")
    visit.wait_for_app(timeout_ms=90_000)
    page = visit.page
    page.wait_for_selector('h1:has-text("Offices side by side")', timeout=90_000)
    page.wait_for_selector(".js-plotly-plot .barlayer path", timeout=90_000)
    page.wait_for_timeout(1000)
    traces = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => gd.data.length)"
    )
    assert traces[:2] == [6, 3]  # six pillars; three offices in the theme counts
    _full_height(visit)
    visit.screenshot("country-compare-en")
    assert visit.external_requests == []
    assert visit.console_errors == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chad_profile_shows_fts_funding_and_displacement(app_url, browse, lang):
    """Chad: the 2026 FTS plan's unmet requirement, the refugees hosted at the end of 2024 and 2025, the
    ten-year funding bars with the plan names on hover, one displacement line per source and series;
    screenshots country-tcd-en / country-tcd-fr."""
    expected = {
        "en": ("Chad — country profile", "$797.4", "1,502,263", "1,278,866", "Funding received"),
        "fr": ("Tchad — profil pays", "797,4", "1\u202f502\u202f263", "1\u202f278\u202f866",
               "Financements reçus"),
    }
    title, unmet, hosted_2025, hosted_2024, funding_name = expected[lang]
    browse(f"{app_url}/?lang={lang}").wait_for_app(timeout_ms=90_000)
    visit = browse(f"{app_url}/country?lang={lang}&country=TCD")
    visit.wait_for_app(timeout_ms=90_000)
    page = visit.page
    page.wait_for_selector(f'h1:has-text("{title}")', timeout=90_000)
    page.wait_for_selector(".js-plotly-plot .barlayer path", timeout=90_000)
    visit.wait_for_charts(timeout_ms=90_000)
    page.wait_for_timeout(1000)
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert unmet in main and hosted_2025 in main and hosted_2024 in main
    assert "\\" not in main  # escaped markdown shows no backslashes
    traces = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => gd.data.map(t => "
        "({name: t.name, x: t.x, y: t.y, hover: t.customdata})))"
    )
    funding = next(chart for chart in traces if any(t["name"] == funding_name for t in chart))
    received = next(t for t in funding if t["name"] == funding_name)
    at_2026 = received["x"].index(2026)
    assert received["y"][at_2026] == 188_686_311
    assert "Tchad Besoins Humanitaires et Plan de Réponse 2026" in received["hover"][at_2026]
    lines = next(chart for chart in traces if any("IDMC" in (t["name"] or "") for t in chart))
    assert len(lines) >= 5  # IDMC's two releases and UNHCR's series, each its own line
    _full_height(visit)
    visit.screenshot(f"country-tcd-{lang}")
    assert visit.external_requests == []
    assert visit.console_errors == []
