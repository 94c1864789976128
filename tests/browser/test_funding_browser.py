"""The funding page in real Chromium: the map's polygons drawn for the 20 countries, a real click on
Nigeria (and on a bar of the ranking) selects it and writes ?country= in the URL, offline, no console
errors; screenshots funding-en / funding-fr."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FOCUS = {
    "BEN", "BFA", "CAF", "CIV", "CMR", "CPV", "GAB", "GHA", "GIN", "GMB",
    "GNB", "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TCD", "TGO",
}  # fmt: skip
NIGERIA = (7.257, 9.374)  # lon, lat of a point inside Nigeria (entities.csv label point)

# Opened at /funding, Streamlit's frontend first probes /funding/_stcore/health and host-config (a base
# path guessed from the URL), gets 404 and falls back to /_stcore/; Chromium logs each 404 as an error.
STREAMLIT_PROBES = ("/funding/_stcore/health", "/funding/_stcore/host-config")
RESOURCE_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"

MAP_READY = """() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.map);
  const map = gd && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
  return !!(map && map.loaded() && map.isStyleLoaded());
}"""

# What the map draws: plotly's data for the figure, and MapLibre's own fill layers and rendered features.
MAP_STATE = """() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.map);
  const map = gd._fullLayout.map._subplot.map;
  const coloured = gd.data.filter(t => t.type === 'choroplethmap' && t.showscale !== false);
  const fills = map.getStyle().layers.filter(l => l.type === 'fill');
  return {
    locations: [...new Set(gd.data.flatMap(t => t.locations || []))],
    coloured: coloured.flatMap(t => t.locations),
    fillLayers: fills.length,
    renderedFeatures: map.queryRenderedFeatures({layers: fills.map(l => l.id)}).length,
    canvases: gd.querySelectorAll('canvas.maplibregl-canvas').length,
    geometry: [...new Set(gd.data.filter(t => t.type === 'choroplethmap')
                              .map(t => typeof t.geojson === 'string' ? t.geojson : 'inline'))],
    geometryFetches: performance.getEntriesByType('resource')
                       .filter(e => e.name.includes('wca_countries.geojson')).map(e => e.name),
  };
}"""

# Where a longitude/latitude sits on the screen (MapLibre's projection of the drawn map).
SCREEN_POINT = """([lon, lat]) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.map);
  const map = gd._fullLayout.map._subplot.map;
  const point = map.project([lon, lat]);
  const box = map.getCanvas().getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y};
}"""

# The centre of the ranking's bar for one country (bars carry the ISO3 code in customdata).
BAR_POINT = """(iso3) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(
      g => g.data && g.data.length === 1 && g.data[0].type === 'bar'
           && (g.data[0].customdata || []).includes('NGA'));
  const index = gd.data[0].customdata.indexOf(iso3);
  const bar = gd.querySelectorAll('.barlayer .point path')[index];
  bar.scrollIntoView({block: 'center'});
  const box = bar.getBoundingClientRect();
  return {x: box.left + Math.min(box.width / 2, 20), y: box.top + box.height / 2};
}"""


def _open(browse, app_url: str, query: str):
    visit = browse(f"{app_url}/funding?{query}")
    visit.wait_for_app()
    visit.page.wait_for_function(MAP_READY, timeout=30_000)
    visit.page.wait_for_timeout(1000)  # let MapLibre paint
    return visit


def _wait_for_text(visit, text: str) -> None:
    """The URL changes while the rerun is on its way: wait for what the rerun draws."""
    visit.page.wait_for_function(
        "(text) => (document.querySelector('[data-testid=\"stMainBlockContainer\"]') || {innerText: ''})"
        ".innerText.includes(text)",
        arg=text,
        timeout=30_000,
    )


def _wait_for_selection(visit, iso3: str, text: str) -> None:
    visit.page.wait_for_function(f"() => location.search.includes('country={iso3}')", timeout=20_000)
    _wait_for_text(visit, text)
    visit.wait_for_app()
    visit.page.wait_for_function(MAP_READY, timeout=30_000)
    visit.page.wait_for_timeout(1000)


def _console_errors(visit) -> list[str]:
    failed = visit.page.evaluate(
        "() => performance.getEntriesByType('resource').filter(e => e.responseStatus >= 400).map(e => e.name)"
    )
    probes = [url for url in failed if url.split("?")[0].endswith(STREAMLIT_PROBES)]
    assert [url for url in failed if url not in probes] == []
    errors = list(visit.console_errors)
    for _ in probes:
        if RESOURCE_404 in errors:
            errors.remove(RESOURCE_404)
    return errors


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_funding_map_draws_and_a_click_on_nigeria_selects_it(app_url, browse, lang):
    visit = _open(browse, app_url, f"lang={lang}")
    page = visit.page
    drawn = page.evaluate(MAP_STATE)
    assert set(drawn["locations"]) >= FOCUS
    assert set(drawn["coloured"]) == FOCUS  # every country of the appeal coloured by its requirement
    assert drawn["canvases"] == 1 and drawn["fillLayers"] >= 2
    assert drawn["renderedFeatures"] >= 20  # polygons actually on the canvas
    # The figure references the boundaries served from static/ (fetched once) instead of carrying them.
    assert {url.split("#")[0] for url in drawn["geometry"]} == {"/app/static/wca_countries.geojson"}
    assert len(drawn["geometry"]) >= 2  # context and values layers, each its own fragment
    assert {url.removeprefix(app_url).split("#")[0] for url in drawn["geometryFetches"]} == {
        "/app/static/wca_countries.geojson"
    }
    assert "country=" not in page.url

    # a real mouse click on Nigeria's position on the drawn map
    point = page.evaluate(SCREEN_POINT, list(NIGERIA))
    page.mouse.move(point["x"], point["y"])
    page.wait_for_timeout(300)
    page.mouse.click(point["x"], point["y"])
    _wait_for_selection(
        visit, "NGA", "2020 requirement, Nigeria" if lang == "en" else "Besoins 2020, Nigeria"
    )
    assert "country=NGA" in page.url and f"lang={lang}" in page.url
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert ("$110.5" if lang == "en" else "110,5") in main
    assert ("2020 requirement, Nigeria" if lang == "en" else "Besoins 2020, Nigeria") in main
    # Nigeria outlined on the map (the highlight trace)
    outlined = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".find(g => g._fullLayout && g._fullLayout.map).data"
        ".filter(t => t.hoverinfo === 'skip' && t.type === 'choroplethmap').flatMap(t => t.locations)"
    )
    assert "NGA" in outlined

    # the whole page in one picture: Streamlit scrolls inside its own container, so make the window tall
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 9000)})
    page.wait_for_timeout(1500)
    visit.screenshot(f"funding-{lang}")
    assert visit.external_requests == []
    assert _console_errors(visit) == []


def test_a_click_on_a_bar_selects_that_country(app_url, browse):
    visit = _open(browse, app_url, "lang=en&pillar=objectives")
    page = visit.page
    point = page.evaluate(BAR_POINT, "TCD")
    page.mouse.click(point["x"], point["y"])
    _wait_for_selection(visit, "TCD", "2020 requirement, Chad")
    assert "country=TCD" in page.url and "pillar=objectives" in page.url
    assert "2020 requirement, Chad" in page.inner_text('[data-testid="stMainBlockContainer"]')
    assert visit.external_requests == []
    assert _console_errors(visit) == []


def test_a_shared_link_reopens_the_same_view(app_url, browse):
    visit = _open(browse, app_url, "lang=fr&country=NGA&theme=health&pillar=P1")
    page = visit.page
    _wait_for_text(visit, "Besoins 2020, Nigeria")
    drawn = page.evaluate(MAP_STATE)
    # health is among the priorities of 12 countries; the others are grey
    assert 0 < len(drawn["coloured"]) < 20 and "NGA" in drawn["coloured"]
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert "Besoins 2020, Nigeria" in main and "Migration et santé" in main
    page.set_viewport_size({"width": 1400, "height": 2000})
    page.wait_for_timeout(1500)
    visit.screenshot("funding-fr-health-P1")
    assert visit.external_requests == []
    assert _console_errors(visit) == []
