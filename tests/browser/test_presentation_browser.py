"""Presentation mode in real Chromium: every view of the guided sequence, walked with the → key in English
and French on a 1280×720 and a 1920×1080 screen, fits without scrolling, cuts no headline text, writes its
chart and legend texts at 18 px or more; ← goes back, the exit button leaves; nothing leaves localhost."""

from __future__ import annotations

import re

import pytest

from dashboard.i18n import translate
from dashboard.pages import PAGES, PRESENTATION

pytestmark = pytest.mark.browser

URL_PATHS = {p.path: p.url_path for p in PAGES}
SCREENS = [(1280, 720), (1920, 1080)]
TOLERANCE_PX = 2  # sub-pixel rounding of the layout
SMALLEST_PX = 18

# What a person in the room would notice, measured in the page: Streamlit scrolls inside its main element
# (not the document), so its overflow is what a screen too small shows; a headline text (metric label or
# value, the title) wider than its box is cut with an ellipsis; the smallest chart tick, chart legend and
# map legend text; map legend ticks drawn over each other.
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const scrollers = [main, document.scrollingElement].filter(Boolean);
  const overflow = Math.max(...scrollers.map(el => el.scrollHeight - el.clientHeight));
  const headline = ["stMetricLabel", "stMetricValue"]
    .map(id => `[data-testid="${id}"], [data-testid="${id}"] *`)
    .join(', ') + ', [data-testid="stMainBlockContainer"] h1';
  const cut = [...document.querySelectorAll(headline)]
    .filter(el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.innerText);
  const fonts = {};
  for (const selector of ['.xtick text', '.ytick text', '.legendtext', '.wca-map-legend *',
                          '.st-key-present-legend p', '[data-testid="stMetricLabel"] p']) {
    const sizes = [...document.querySelectorAll(selector)].filter(el => el.textContent.trim())
      .map(el => parseFloat(getComputedStyle(el).fontSize));
    if (sizes.length) fonts[selector] = Math.min(...sizes);
  }
  const overlaps = [];
  for (const ticks of document.querySelectorAll('.wca-map-ticks')) {
    const boxes = [...ticks.children].map(t => [t.textContent, t.getBoundingClientRect()]);
    for (let k = 1; k < boxes.length; k++) {
      if (boxes[k][1].left < boxes[k - 1][1].right - 1) overlaps.push(`${boxes[k - 1][0]} / ${boxes[k][0]}`);
    }
  }
  return {overflow, cut, fonts, overlaps};
}"""

# The visual of a view, drawn: a plotly chart's SVG, a drawn map, a deck.gl map's canvas.
VISUAL = (
    '[data-testid="stPlotlyChart"] .main-svg, .wca-map[data-drawn], [data-testid="stDeckGlJsonChart"] canvas'
)


def _wait_for_view(visit, number: int) -> None:
    """Until step `number`'s run has finished and its charts and maps are drawn."""
    page = visit.page
    lang = "fr" if "lang=fr" in page.url else "en"
    counter = translate("present.step", lang, current=number, total=len(PRESENTATION))
    page.get_by_text(counter, exact=True).wait_for(timeout=60_000)
    visit.wait_for_page_complete()
    # the previous view's elements stay on the page, faded (data-stale), until this run has finished
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=60_000,
    )
    # a chart is a placeholder until plotly's bundle has loaded: wait for the view's visual itself
    page.wait_for_selector(VISUAL, timeout=60_000)
    visit.wait_for_charts(timeout_ms=60_000)


def _press(visit, key: str) -> None:
    # the shortcut belongs to the button: focus the page (an empty margin), not a widget
    visit.page.mouse.click(5, 300)
    visit.page.keyboard.press(key)


@pytest.mark.parametrize("screen", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_view_fits_the_screen(app_url, browse, lang, screen):
    width, height = screen
    visit = browse(f"{app_url}/?present=1&lang={lang}")
    page = visit.page
    page.set_viewport_size({"width": width, "height": height})
    problems = []
    for number, step in enumerate(PRESENTATION, start=1):
        if number > 1:
            _press(visit, "ArrowRight")
            page.wait_for_url(re.compile(rf"/{URL_PATHS[step.page]}\?.*slide={step.view}"), timeout=60_000)
        _wait_for_view(visit, number)
        assert "present=1" in page.url and f"lang={lang}" in page.url
        for name, value in step.params.items():
            assert f"{name}={value}" in page.url
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.locator('[data-testid="stException"]').count() == 0, step.view
        shown = page.evaluate(MEASURE)
        visit.screenshot(f"present-{lang}-{width}x{height}-{number:02d}-{step.view}")
        name = f"{step.view} ({width}×{height}, {lang})"
        if shown["overflow"] > TOLERANCE_PX:
            problems.append(f"{name}: {shown['overflow']} px taller than the screen")
        if shown["cut"]:
            problems.append(f"{name}: headline text cut: {shown['cut']}")
        small = {selector: size for selector, size in shown["fonts"].items() if size < SMALLEST_PX}
        if not shown["fonts"]:
            problems.append(f"{name}: no chart or map text found to measure")
        if small:
            problems.append(f"{name}: text under {SMALLEST_PX} px: {small}")
        if shown["overlaps"]:
            problems.append(f"{name}: map legend ticks over each other: {shown['overlaps']}")
    assert problems == []

    # ← goes back one view; the exit button leaves presentation mode
    _press(visit, "ArrowLeft")
    before = PRESENTATION[-2]
    page.wait_for_url(re.compile(rf"/{URL_PATHS[before.page]}\?.*slide={before.view}"), timeout=60_000)
    _wait_for_view(visit, len(PRESENTATION) - 1)
    page.get_by_role("button", name=re.compile(translate("present.exit", lang))).click()
    page.wait_for_function("() => !window.location.search.includes('present=1')", timeout=60_000)
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=60_000)
    assert visit.external_requests == []
    assert visit.console_errors == []
