"""Every page, in both languages, normally and in presentation mode, in real Chromium:
nothing leaves localhost, no console error, no exception shown, and a screenshot to look at."""

from __future__ import annotations

import pytest

from dashboard.pages import PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("present", [False, True], ids=["normal", "present"])
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_is_offline_and_clean(app_url, browse, spec, lang, present):
    query = f"lang={lang}" + ("&present=1" if present else "")
    path = "" if spec is PAGES[0] else spec.url_path
    visit = browse(f"{app_url}/{path}?{query}")
    visit.wait_for_page_complete()
    visit.wait_for_charts()
    assert visit.page.locator('[data-testid="stException"]').count() == 0
    visit.screenshot(f"all-{spec.url_path}-{lang}{'-present' if present else ''}")
    assert visit.external_requests == [], visit.external_requests
    assert visit.console_errors == [], visit.console_errors


def test_a_shared_link_is_the_first_request_to_a_fresh_server(browse):
    """A link to a page, opened before anyone has opened the root, still runs app.py: French, translated
    navigation, footer (Streamlit would run a `pages/` folder's files on their own)."""
    from tests.browser.conftest import streamlit_server

    with streamlit_server() as url:
        visit = browse(f"{url}/methods?lang=fr")
        visit.wait_for_app()
        visit.page.get_by_text("Données au", exact=False).wait_for(timeout=30_000)  # the footer app.py draws
        body = visit.page.inner_text("body")
        assert "Données et méthodes" in body and "Carte des financements" in body
        assert visit.page.get_by_text("Page not found").count() == 0
        assert visit.external_requests == [] and visit.console_errors == []
