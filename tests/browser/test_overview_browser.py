"""The overview in real Chromium: drawn, offline, no console errors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_renders_offline(app_url, browse, lang):
    visit = browse(f"{app_url}/?lang={lang}")
    visit.wait_for_app()
    visit.page.wait_for_selector('[data-testid="stMetricValue"]')
    text = visit.page.inner_text("body")
    assert ("380.0" in text) if lang == "en" else ("380,0" in text)
    visit.screenshot(f"overview-{lang}")
    assert visit.external_requests == []
    assert visit.console_errors == []
