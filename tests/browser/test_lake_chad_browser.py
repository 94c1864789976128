"""The Lake Chad Basin page in real Chromium: the pydeck map of admin-1 areas draws (a non-empty canvas with
the colours of the figures of the month), hovering Borno shows its tooltip with its figures, a click on it
selects it (?area=NG008) and shows its figures; the trend chart draws; nothing is requested outside
localhost (deck.gl is bundled with Streamlit; no basemap, tiles or fonts); no console errors. Screenshots
lake_chad-en / lake_chad-fr and lake_chad_map-en / lake_chad_map-fr."""

from __future__ import annotations

import io
import math

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

DECK = '[data-testid="stDeckGlJsonChart"]'
TOOLTIP = ".deck-tooltip"
# Streamlit 1.67's front end sometimes shows this (console error + dialog) on the first direct load of a
# non-root page after the server starts, although the server runs the requested page: reproduced with a
# bare three-page app, on any page, intermittently; not this page's doing (reported to the lead).
STREAMLIT_FIRST_LOAD_NOTICE = "The page that you have requested does not seem to exist."
NIGERIA_GROUP_FILL = (0xFD, 0xE7, 0x25)  # the top class of IDPs (2,000,000 or more): north-east Nigeria
NO_FIGURE_FILL = (0xC9, 0xC9, 0xC9)


def borno_on_screen(box: dict) -> tuple[float, float]:
    """Where Borno's label point lies on the map's canvas (deck.gl's Web Mercator, no pitch or bearing)."""
    from dashboard.sections.lake_chad_map import map_view
    from dashboard.tables import read_table

    areas = read_table("admin1_areas")
    view = map_view(areas, ["CMR", "NER", "NGA", "TCD"], False)
    borno = areas.set_index("area_id").loc["NG008"]

    def mercator(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    scale = 512 * 2**view.zoom / 360  # pixels per degree of longitude
    x = box["x"] + box["width"] / 2 + (borno["label_lon"] - view.longitude) * scale
    y = box["y"] + box["height"] / 2 - (mercator(borno["label_lat"]) - mercator(view.latitude)) * scale
    return x, y


def close_to(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_lake_chad_map_draws_offline_with_tooltip_and_click(app_url, browse, lang):
    from PIL import Image

    visit = browse(f"{app_url}/lake-chad?lang={lang}&category=idps&date=2020-10-31")
    visit.wait_for_app()
    page = visit.page
    # the trend and the breakdown (the funding figures are FTS metrics now)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace path.js-line", timeout=30_000)
    canvas = page.locator(f"{DECK} canvas").first
    canvas.wait_for(state="visible", timeout=30_000)
    visit.wait_for_charts()
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # deck.gl draws on the next animation frames
    box = canvas.bounding_box()
    assert box["width"] > 500 and box["height"] > 400
    # The canvas holds the areas: north-east Nigeria in the top class, grey areas with no figure.
    shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    colours = shot.getcolors(maxcolors=1 << 20)
    assert sum(n for n, colour in colours if close_to(colour, NIGERIA_GROUP_FILL)) > 5_000
    assert sum(n for n, colour in colours if close_to(colour, NO_FIGURE_FILL)) > 50_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot.save(ARTIFACTS / f"lake_chad_map-{lang}.png")
    # Hovering Borno: its name and country, then both of October 2020's figures for north-east Nigeria.
    x, y = borno_on_screen(box)
    page.mouse.move(x - 5, y - 5)
    page.mouse.move(x, y, steps=4)
    tip = page.locator(TOOLTIP)
    tip.wait_for(state="visible", timeout=10_000)
    text = tip.inner_text()
    assert text.startswith("Borno (Nigeria)"), text
    assert ("2,144,135" if lang == "en" else "2 144 135") in text.replace("\u202f", " ").replace("\xa0", " ")
    # A click selects Borno: the URL keeps it, and its figures are shown under the map.
    # deck.gl counts a press as a click only if it is released within 250 ms, and picking the area under
    # the pointer at the press takes ~200 ms in headless Chromium's software WebGL on a busy machine: a
    # press the map did not take (no "Clear selection" button) is repeated, at most three times.
    for _ in range(3):
        page.mouse.click(x, y)
        page.wait_for_timeout(1000)
        if page.get_by_label("Clear selection").count():
            break
    page.wait_for_function("() => location.search.includes('area=NG008')", timeout=30_000)
    page.get_by_role("heading", name="Borno (Nigeria)").wait_for(timeout=30_000)
    visit.wait_for_app()
    page.mouse.move(5, 5)
    if page.get_by_role("dialog").count():
        page.keyboard.press("Escape")  # that spurious dialog, see above: the screenshot shows the page
    # Streamlit scrolls inside its main block: a tall window puts the whole page in the screenshot.
    page.set_viewport_size({"width": 1400, "height": 5200})
    page.wait_for_timeout(1500)
    visit.screenshot(f"lake_chad-{lang}")
    assert visit.external_requests == []
    errors = [e for e in visit.console_errors if not e.startswith(STREAMLIT_FIRST_LOAD_NOTICE)]
    assert errors == []
