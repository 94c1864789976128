"""The displacement page in real Chromium: the map of refugees hosted in 2025 draws the UNHCR table's figures
(no country without a figure at 0), the hover gives the exact figure, year and source, the ranking and the
flows draw, a click on a country opens its profile, nothing is fetched from outside localhost, no console
error; screenshots displacement-en / displacement-fr."""

from __future__ import annotations

import pytest

from tests.browser.test_country_browser import _full_height

pytestmark = pytest.mark.browser


def _hosted_2025() -> dict[str, float]:
    from dashboard.tables import read_table

    population = read_table("unhcr_population")
    entities = read_table("entities")
    countries = set(entities.loc[entities["kind"] == "country", "entity_id"])
    rows = population[(population["year"] == 2025) & (population["origin_iso3"] != population["asylum_iso3"])]
    totals = rows.groupby("asylum_iso3")["refugees"].sum()
    return {iso3: float(v) for iso3, v in totals.items() if iso3 in countries and v > 0}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_refugees_hosted_map_ranking_and_flows_draw_offline(app_url, browse, lang):
    from dashboard.i18n import format_int

    # Open the entry point once so app.py (st.navigation) has registered the pages.
    browse(f"{app_url}/?lang={lang}").wait_for_app(timeout_ms=90_000)
    visit = browse(f"{app_url}/displacement?lang={lang}&measure=refugees_hosted&year=2025&country=TCD")
    visit.wait_for_app(timeout_ms=90_000)
    visit.wait_for_map("displacement-map", timeout_ms=90_000)
    visit.wait_for_page_complete(timeout_ms=90_000)
    visit.wait_for_charts(timeout_ms=90_000)
    drawn = visit.maps()["displacement-map"]
    expected = _hosted_2025()
    assert drawn["values"] == expected and len(expected) == 18
    assert sorted(drawn["layers"]["missing"]) == ["CPV", "SLE"]  # "no data", not 0
    assert 0.0 not in drawn["values"].values()
    assert drawn["drawn"] == drawn["shapes"] and drawn["geometryFetches"] == []
    assert set(drawn["clickable"]) == set(expected) | {"CPV", "SLE"}
    tip = visit.hover_map("displacement-map", "TCD")
    assert tip[0] == ("Chad" if lang == "en" else "Tchad")
    assert format_int(1_502_263, lang) in tip[1]
    assert "2025" in tip[2]
    assert ("UNHCR Refugee Data Finder" if lang == "en" else "HCR, Refugee Data Finder") in tip[3]
    missing = visit.hover_map("displacement-map", "SLE")
    assert missing[1].endswith("no data" if lang == "en" else "pas de données")
    # the ranking and the two flow charts: bars drawn; Chad's first origin is Sudan
    assert visit.page.locator(".js-plotly-plot").count() == 3
    main = visit.page.inner_text('[data-testid="stMainBlockContainer"]')
    assert ("Sudan" if lang == "en" else "Soudan") in main
    assert ("As of 31 December 2025" if lang == "en" else "Au 31 décembre 2025") in main
    _full_height(visit)
    visit.screenshot(f"displacement-{lang}")
    assert visit.external_requests == []
    assert visit.console_errors == []


def test_a_click_on_the_map_opens_the_country_profile(app_url, browse):
    browse(f"{app_url}/?lang=en").wait_for_app(timeout_ms=90_000)
    visit = browse(f"{app_url}/displacement?lang=en&measure=conflict_idps")
    visit.wait_for_app(timeout_ms=90_000)
    visit.wait_for_map("displacement-map", timeout_ms=90_000)
    tip = visit.hover_map("displacement-map", "BFA")
    assert tip[0] == "Burkina Faso" and "2,062,534" in tip[1] and "2024" in tip[2]
    point = visit.map_point("displacement-map", "BFA")
    visit.page.mouse.click(point["x"], point["y"])
    visit.page.wait_for_url("**/country?**", timeout=60_000)
    assert "country=BFA" in visit.page.url and "lang=en" in visit.page.url
    assert visit.external_requests == []
    assert visit.console_errors == []
