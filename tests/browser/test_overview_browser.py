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


def test_downloads_are_made_on_click_and_escaped(app_url, browse):
    """The deferred CSV download of the offices table arrives, with the table's figures."""
    import csv
    import io

    visit = browse(f"{app_url}/?lang=en")
    visit.wait_for_app()
    page = visit.page
    page.get_by_text("Show the data behind this chart").click()
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_role("button", name="Download CSV").click()
    content = download_info.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 21
    nigeria = next(r for r in rows if r["Office code"] == "NGA")
    assert nigeria["Requirement (USD)"] == "110475810"
    assert visit.external_requests == []
