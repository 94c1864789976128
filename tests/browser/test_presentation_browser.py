"""Presentation mode in real Chromium: the guided sequence runs from the keyboard, offline."""

from __future__ import annotations

import re

import pytest

from dashboard.pages import PAGES, PRESENTATION

pytestmark = pytest.mark.browser

URL_PATHS = {p.path: p.url_path for p in PAGES}


def test_arrow_keys_walk_the_guided_sequence(app_url, browse):
    visit = browse(f"{app_url}/?present=1&lang=fr")
    visit.wait_for_page_complete()
    page = visit.page
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    visit.screenshot("present-1-fr")
    for number, step in enumerate(PRESENTATION[1:], start=2):
        # the shortcut belongs to the button: press only once the whole page (and its buttons) is drawn
        visit.wait_for_page_complete()
        page.mouse.click(5, 300)  # focus the page (an empty margin), not a widget
        page.keyboard.press("ArrowRight")
        page.wait_for_url(re.compile(rf"/{URL_PATHS[step.page]}\?"), timeout=60_000)
        visit.wait_for_app()
        assert "present=1" in page.url and "lang=fr" in page.url
        for name, value in step.params.items():
            assert f"{name}={value}" in page.url
        page.get_by_text(f"Vue {number} sur {len(PRESENTATION)}").wait_for(timeout=60_000)
        visit.screenshot(f"present-{number}-fr")
    visit.wait_for_page_complete()
    page.mouse.click(5, 300)
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(rf"/{URL_PATHS[PRESENTATION[-2].page]}\?"), timeout=60_000)
    visit.wait_for_page_complete()
    page.get_by_role("button", name=re.compile("Quitter la présentation")).click()
    page.wait_for_function("() => !window.location.search.includes('present=1')", timeout=60_000)
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=60_000)
    assert visit.external_requests == []
    assert visit.console_errors == []
