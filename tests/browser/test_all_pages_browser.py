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


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_unknown_page_says_so_and_links_to_every_page(app_url, browse, lang):
    """A mistyped or old link (/fundng) shows "page not found" naming the path, with a link to every page,
    instead of silently showing the overview."""
    from dashboard.i18n import translate

    visit = browse(f"{app_url}/fundng?lang={lang}")
    visit.wait_for_page_complete()
    main = visit.page.locator('[data-testid="stMain"]')
    main.get_by_text(translate("not_found.title", lang), exact=True).wait_for(timeout=30_000)
    assert "/fundng" in main.inner_text()
    links = main.locator('[data-testid="stPageLink"]')
    assert links.count() == len(PAGES)
    assert translate("overview.heading", lang) not in main.inner_text()
    visit.screenshot(f"not-found-{lang}")
    assert visit.external_requests == []
    # Streamlit's own console line for an unknown path is expected; nothing else
    assert [e for e in visit.console_errors if "does not seem to exist" not in e] == []
    # a known page still opens normally from that view
    links.nth(1).click()
    title = main.get_by_text(translate("not_found.title", lang), exact=True)
    title.wait_for(state="detached", timeout=30_000)
