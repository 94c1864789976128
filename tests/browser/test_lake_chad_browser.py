"""The Lake Chad Basin page in real Chromium: trend chart and bubble map drawn, offline, no console errors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Streamlit 1.67's front end sometimes shows this (console error + dialog) on the first direct load of a
# non-root page after the server starts, although the server runs the requested page: reproduced with a
# bare three-page app, on any page, intermittently; not this page's doing (reported to the lead).
STREAMLIT_FIRST_LOAD_NOTICE = "The page that you have requested does not seem to exist."


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_lake_chad_renders_offline(app_url, browse, lang):
    visit = browse(f"{app_url}/lake-chad?lang={lang}&category=idps&date=2020-10-31")
    visit.wait_for_app()
    page = visit.page
    # Five plotly figures: trend, map, breakdown, and the two funding bars.
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=30_000)
    # The trend chart draws its lines as SVG paths; the map draws with MapLibre on a canvas.
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace path.js-line", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .maplibregl-canvas, .js-plotly-plot canvas", timeout=30_000)
    page.wait_for_timeout(1500)  # let MapLibre paint the circles before the screenshot
    lines = page.locator(".js-plotly-plot .scatterlayer .trace path.js-line").count()
    assert lines >= 5  # basin total + four countries (+ the definition-change line)
    legend = page.inner_text("body")
    # The map's legend names each circle: the two Nigeria figures of October 2020 side by side.
    assert "Adamawa, Bauchi, Borno, Gombe, Taraba, Yobe" in legend
    assert "Adamawa, Borno, Yobe + Bauchi, Gombe, Taraba" in legend
    if lang == "en":
        assert "almost 2.5 million" in legend and "Definition change (dashboard #49)" in legend
    else:
        assert (
            "près de 2,5 millions" in legend and "Changement de définition (tableau de bord n° 49)" in legend
        )
    if page.get_by_role("dialog").count():
        page.keyboard.press("Escape")  # that spurious dialog, see above: the screenshot shows the page
    # Streamlit scrolls inside its main block: a tall window puts the whole page in the screenshot.
    page.set_viewport_size({"width": 1400, "height": 4600})
    page.wait_for_timeout(1500)
    visit.screenshot(f"lake_chad-{lang}")
    assert visit.external_requests == []
    errors = [e for e in visit.console_errors if not e.startswith(STREAMLIT_FIRST_LOAD_NOTICE)]
    assert errors == []
