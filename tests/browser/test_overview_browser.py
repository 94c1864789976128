"""The overview in real Chromium: drawn, offline, no console errors."""

from __future__ import annotations

import pytest

from dashboard.i18n import format_usd

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_renders_offline(app_url, browse, lang):
    visit = browse(f"{app_url}/?lang={lang}")
    visit.wait_for_app()
    visit.wait_for_page_complete()
    text = visit.page.inner_text("body")
    assert (format_usd(380_026_059, lang) in text)  # the 2020 appeal, as its own appeal
    # it leads with the gap: the region's 2026 unmet requirement before the 2020 appeal
    unmet = "$3.1B" if lang == "en" else "3,1\u00a0Md\u00a0$US"
    assert unmet in text and text.index(unmet) < text.index("380")
    visit.wait_for_map("overview-gap-map")
    drawn = visit.maps()["overview-gap-map"]
    assert drawn["values"]["TCD"] == 986_069_627 - 188_686_311 and "SEN" in drawn["layers"]["missing"]
    tip = visit.hover_map("overview-gap-map", "TCD")
    assert ("$797.4" if lang == "en" else "797,4") in tip[1]
    height = visit.page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    visit.page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 9000)})
    visit.page.wait_for_timeout(1500)
    visit.screenshot(f"overview-{lang}")
    assert visit.external_requests == []
    assert visit.console_errors == []


def test_downloads_are_made_on_click_and_escaped(app_url, browse):
    """The deferred CSV download of the offices table arrives, with the table's figures."""
    visit = browse(f"{app_url}/?lang=en")
    visit.wait_for_app()
    view = visit.page.locator(".st-key-overview-offices-table-view")
    view.get_by_text("Show the data behind this chart").wait_for(state="visible")
    assert visit.page.locator('[data-testid="stDataFrame"]').count() == 0  # closed: nothing sent
    rows = visit.table_csv("overview-offices-table")
    assert len(rows) == 21
    nigeria = next(r for r in rows if r["Office code"] == "NGA")
    assert nigeria["Requirement (USD)"] == "110475810"
    assert visit.external_requests == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_appeal_map_draws_the_tables_figures_and_a_click_opens_the_country(app_url, browse, lang):
    from dashboard.i18n import format_int, format_pct
    from dashboard.tables import read_table

    appeal = read_table("appeal")
    totals = appeal.groupby("entity_id")["amount_usd"].sum()
    share = totals / totals.sum()
    visit = browse(f"{app_url}/?lang={lang}")
    visit.wait_for_app()
    visit.wait_for_map("overview-map")
    drawn = visit.maps()["overview-map"]
    # the 20 country offices, each coloured by its requirement as the appeal table gives it
    assert len(drawn["layers"]["values"]) == 20 and "RO-DAKAR" not in drawn["layers"]["values"]
    assert drawn["values"] == {iso3: float(totals[iso3]) for iso3 in drawn["layers"]["values"]}
    assert drawn["values"]["NGA"] == 110_475_810
    assert set(drawn["clickable"]) == set(drawn["layers"]["values"])
    tip = visit.hover_map("overview-map", "NGA")
    assert tip[0] == "Nigeria"
    assert any(format_int(110_475_810, lang) in line for line in tip)
    assert any(format_pct(share["NGA"], lang) in line for line in tip)
    visit.screenshot(f"overview-map-{lang}")
    # Chad, not Nigeria: the country page opens on Nigeria when no country is asked for
    point = visit.map_point("overview-map", "TCD")
    visit.page.mouse.click(point["x"], point["y"])
    visit.page.wait_for_url("**/country?**", timeout=30_000)
    assert "country=TCD" in visit.page.url and f"lang={lang}" in visit.page.url
    chad = "Chad" if lang == "en" else "Tchad"
    visit.page.wait_for_function(
        "(name) => ((document.querySelector('[data-testid=\"stMainBlockContainer\"] h1') || {}).innerText"
        " || '').includes(name)",
        arg=chad,
        timeout=30_000,
    )
    assert visit.external_requests == []
    assert visit.console_errors == []
