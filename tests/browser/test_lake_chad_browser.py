"""The Lake Chad Basin page in real Chromium: trend chart and circle map drawn (one circle per figure of
the table under the map, with its value, the four basin countries outlined), hovering a circle names it,
offline, no console errors; screenshot lake_chad-en / lake_chad-fr."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

MAP = "lake_chad_map"
BASIN = ["CMR", "NER", "NGA", "TCD"]

# Streamlit 1.67's front end sometimes shows this (console error + dialog) on the first direct load of a
# non-root page after the server starts, although the server runs the requested page: reproduced with a
# bare three-page app, on any page, intermittently; not this page's doing (reported to the lead).
STREAMLIT_FIRST_LOAD_NOTICE = "The page that you have requested does not seem to exist."


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_lake_chad_renders_offline(app_url, browse, lang):
    visit = browse(f"{app_url}/lake-chad?lang={lang}&category=idps&date=2020-10-31")
    visit.wait_for_app()
    page = visit.page
    # Four plotly figures: trend, breakdown, and the two funding bars; and the map (an SVG component).
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 4", timeout=30_000)
    # The trend chart draws its lines as SVG paths; the map its circles over the countries.
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace path.js-line", timeout=30_000)
    visit.wait_for_map(MAP, "svg circle")
    visit.wait_for_charts()
    lines = page.locator(".js-plotly-plot .scatterlayer .trace path.js-line").count()
    assert lines >= 5  # basin total + four countries (+ the definition-change line)
    # The map: a circle per figure of the table under it, with the table's value; the basin outlined.
    drawn = visit.maps()[MAP]
    people = "People" if lang == "en" else "Personnes"
    rows = visit.table_csv("lake_chad_map_data")
    assert len(rows) == 3 and drawn["circles"] == len(rows)
    assert sorted(drawn["circleValues"]) == sorted(int(row[people]) for row in rows)
    assert sorted(drawn["layers"]["outline"]) == BASIN
    assert drawn["drawn"] == drawn["shapes"] + drawn["circles"] and drawn["geometryFetches"] == []
    assert drawn["width"] > 300 and drawn["height"] > 150
    # hovering the smallest circle (drawn last, on top): its area and date, then its value
    circle = page.locator(f".st-key-{MAP} svg circle").last
    circle.scroll_into_view_if_needed()
    circle.hover()
    tip = page.locator(f".st-key-{MAP} .wca-map-tip")
    tip.wait_for(state="visible", timeout=5_000)
    lines_shown = tip.evaluate("t => [...t.children].map(c => c.textContent)")
    assert lines_shown[0].startswith("Far North / Extrême-Nord, ")
    assert re.sub(r"\D", "", lines_shown[1]) == str(min(drawn["circleValues"]))
    page.mouse.move(5, 5)
    # The map's legend names each circle (the two Nigeria figures of October 2020 side by side), then
    # the outline of the basin countries.
    assert len(drawn["legendItems"]) == drawn["circles"] + 1
    assert "Adamawa, Bauchi, Borno, Gombe, Taraba, Yobe" in drawn["legend"]
    assert "Adamawa, Borno, Yobe + Bauchi, Gombe, Taraba" in drawn["legend"]
    legend = page.inner_text("body")
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
