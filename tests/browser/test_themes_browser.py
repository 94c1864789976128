"""The themes page in real Chromium, both languages: matrix and map drawn, search results highlighted,
nothing fetched from outside localhost, no console error; screenshots themes-en / themes-fr."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HEADINGS = {"en": ("Immigration and border management", "Objective 3"), "fr": ("Gestion de l", "Objectif 3")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_themes_page_renders_offline(app_url, browse, lang):
    visit = browse(f"{app_url}/themes?lang={lang}&theme=border_management&q=MIDAS")
    visit.wait_for_app()
    page = visit.page
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .maplibregl-canvas, .js-plotly-plot .mapboxgl-canvas")
    page.wait_for_timeout(1500)  # let MapLibre paint the countries
    assert page.locator(".js-plotly-plot").count() >= 3  # matrix, map, appeal bars
    theme_name, pillar_label = HEADINGS[lang]
    # the matrix: a label per non-zero cell, the pillar groups on its axis, in the session's language
    matrix = page.locator(".js-plotly-plot").first
    assert matrix.locator(".heatmaplayer text").count() > 50
    assert pillar_label in matrix.inner_text()
    # the map: the choropleth's countries (one trace with the 13 countries, one grey for the others)
    traces = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd._fullLayout.map)"
        ".map(gd => gd.data.map(t => (t.locations || []).length))"
    )
    assert traces and 13 in traces[0]
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert theme_name in main
    # the search results are highlighted (Streamlit draws :orange-background[...] as a styled span)
    assert page.locator('[data-testid="stMarkdownContainer"] span', has_text="MIDAS").count() >= 3
    # escaped markdown shows no backslashes (the rules' patterns at the bottom of the page do have some)
    assert "\\" not in main.split("etl/themes.yaml")[0]
    # the whole page in one picture: Streamlit scrolls inside its own container, so make the window tall
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 9000)})
    page.wait_for_timeout(1500)
    visit.screenshot(f"themes-{lang}")
    assert visit.external_requests == []
    assert visit.console_errors == []
