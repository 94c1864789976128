"""Map builders on the committed boundaries: offline-safe, right values, unknowns shown as unknown."""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import maps

LCB = ["CMR", "NER", "NGA", "TCD"]


@pytest.fixture(scope="module")
def geo() -> dict:
    return maps.load_boundaries()


@pytest.fixture(scope="module")
def focus(geo) -> list[str]:
    return sorted(f["id"] for f in geo["features"] if f["properties"]["role"] == "focus")


@pytest.fixture
def values(focus) -> pd.DataFrame:
    """One distinct amount per country, Guinea-Bissau unknown, and the Regional Office (not on a map)."""
    table = pd.DataFrame({"entity_id": focus, "amount": [1_000_000.0 * (k + 1) for k in range(len(focus))]})
    table.loc[table["entity_id"] == "GNB", "amount"] = np.nan
    table["name_en"] = table["entity_id"].map(lambda i: f"Office {i}")
    table["share"] = [f"{k} %" for k in range(len(table))]
    extra = pd.DataFrame({"entity_id": ["RO-DAKAR"], "amount": [7.0], "name_en": ["RO"], "share": ["x"]})
    return pd.concat([table, extra], ignore_index=True)


@pytest.fixture
def bubbles() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["Borno", "Adamawa", "Far North", "Diffa", "Lac", "Yobe"],
        "lat": [11.8, 9.3, 10.6, 13.3, 13.6, 12.3],
        "lon": [13.1, 12.4, 14.3, 12.6, 14.1, 11.5],
        "people": [1_600_000, 200_000, 400_000, 100_000, np.nan, 0],
        "country": ["NGA", "NGA", "CMR", "NER", "TCD", "NGA"],
    })


def _map_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if t.type in ("choroplethmap", "scattermap")]


def _assert_offline_safe(fig: go.Figure) -> None:
    layout = fig.layout
    assert layout.map.style == "white-bg"
    assert layout.map.fitbounds is False
    assert layout.uirevision and layout.map.uirevision
    assert (layout.margin.l, layout.margin.r, layout.margin.t, layout.margin.b) == (0, 0, 0, 0)
    assert not layout.map.layers  # no tile or raster layers
    for trace in fig.data:
        assert trace.type in ("choroplethmap", "scattermap"), trace.type  # never geo (CDN topojson)
        assert trace.text is None and trace.hovertext is None, trace.name
        if trace.type == "scattermap":
            assert "text" not in (trace.mode or ""), trace.name
            assert trace.texttemplate is None
    text = fig.to_json()
    assert "http" not in text  # no tile server, no CDN, no font server, no style URL
    assert "mapbox" not in text.lower()  # and no token or mapbox style


def _trace_values(fig: go.Figure) -> dict[str, float]:
    coloured = [t for t in fig.data if t.type == "choroplethmap" and t.showscale is not False]
    assert len(coloured) == 1
    return dict(zip(coloured[0].locations, coloured[0].z, strict=True))


# --- choropleth ---------------------------------------------------------------------------------------


def test_choropleth_is_offline_safe(values, geo):
    fig = maps.choropleth_map(values, "amount", geo, colorbar_title="USD", highlight="NER",
                              hover_cols={"share": "Share"}, context_label="Not in the appeal")
    _assert_offline_safe(fig)
    assert fig.layout.clickmode == "event+select"
    assert fig.layout.map.center.lat == pytest.approx(10) and fig.layout.map.center.lon == pytest.approx(3)


def test_choropleth_colours_the_twenty_with_their_values(values, geo, focus):
    fig = maps.choropleth_map(values, "amount", geo)
    by_iso = _trace_values(fig)
    expected = values.dropna(subset=["amount"]).set_index("entity_id")["amount"].drop("RO-DAKAR")
    assert by_iso == pytest.approx(expected.to_dict())
    # 19 coloured, Guinea-Bissau drawn as unknown; RO-DAKAR is not a place and is left out.
    assert set(by_iso) | {"GNB"} == set(focus)
    assert "RO-DAKAR" not in {loc for t in fig.data for loc in t.locations}


def test_unknown_value_is_not_known_not_zero(values, geo):
    fig = maps.choropleth_map(values, "amount", geo, colorbar_title="Requirement", missing_label="not known")
    assert "GNB" not in _trace_values(fig)  # not on the colour scale, so never read as 0
    missing = [t for t in fig.data if t.name == "not known"]
    assert len(missing) == 1 and list(missing[0].locations) == ["GNB"]
    assert missing[0].showlegend is True
    assert "Requirement: not known" in missing[0].hovertemplate
    assert missing[0].colorscale[0][1] == maps.MISSING_FILL != maps.CONTEXT_FILL


def test_missing_label_is_translatable(values, geo):
    fig = maps.choropleth_map(values, "amount", geo, missing_label="non connu")
    assert any(t.name == "non connu" for t in fig.data)


def test_highlight_outlines_the_selected_country_on_top(values, geo):
    plain = maps.choropleth_map(values, "amount", geo)
    fig = maps.choropleth_map(values, "amount", geo, highlight="NER")
    assert len(fig.data) == len(plain.data) + 1
    outline = fig.data[-1]
    assert list(outline.locations) == ["NER"]
    assert outline.marker.line.width >= 2.5 and outline.marker.line.color == maps.HIGHLIGHT_LINE
    assert outline.hoverinfo == "skip"  # it must not steal hover or clicks
    several = maps.choropleth_map(values, "amount", geo, highlight=["TCD", "NER"])
    assert list(several.data[-1].locations) == ["NER", "TCD"]


def test_each_country_is_selectable_by_iso3(values, geo):
    fig = maps.choropleth_map(values, "amount", geo, hover_name_col="name_en", hover_cols={"share": "Share"})
    coloured = next(t for t in fig.data if t.showscale is not False)
    for loc, data in zip(coloured.locations, coloured.customdata, strict=True):
        assert data[0] == loc and data[2] == "focus"
        assert data[1] == f"Office {loc}"
    assert "Share: %{customdata[3]}" in coloured.hovertemplate
    event = {"selection": {"points": [
        {"customdata": ["NER", "Niger", "focus"], "location": "NER"},
        {"customdata": ["DZA", "Algeria", "context"], "location": "DZA"},
        {"customdata": ["NER", "Niger", "focus"], "location": "NER"},
    ]}}
    assert maps.selected_iso3(event) == ["NER"]
    assert maps.selected_iso3(None) == []
    assert maps.selected_iso3({"selection": {"points": []}}) == []


def test_context_neighbours_grey_beneath(values, geo):
    fig = maps.choropleth_map(values, "amount", geo)
    base = fig.data[0]
    context = {f["id"] for f in geo["features"] if f["properties"]["role"] == "context"}
    assert set(base.locations) == context
    assert base.colorscale[0][1] == maps.CONTEXT_FILL and base.showscale is False


def test_builders_do_not_modify_the_shared_geojson_and_ship_it_once(values, geo, bubbles):
    before = copy.deepcopy(geo)
    fig = maps.choropleth_map(values, "amount", geo, highlight="NER")
    maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, outline_iso3=LCB)
    maps.locator_map(geo, "NER", LCB)
    assert geo == before
    # Each trace carries only its own features: the figure holds the boundaries about once, not 3 times.
    file_size = len(json.dumps(geo, separators=(",", ":")))
    assert len(fig.to_json()) < 1.3 * file_size


def test_with_a_geometry_url_no_figure_carries_geometry(values, geo, bubbles):
    """What the app does: every map trace points at the served file; `locations` still picks features."""
    url = "/app/static/" + maps.GEO_PATH.name
    figures = [
        maps.choropleth_map(values, "amount", geo, highlight="NER", geometry_url=url),
        maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, outline_iso3=LCB, geometry_url=url),
        maps.locator_map(geo, "NER", LCB, geometry_url=url),
    ]
    for fig in figures:
        areas = [t for t in fig.data if t.type == "choroplethmap"]
        assert areas and all(t.geojson.split("#")[0] == url for t in areas)
        # one fragment per layer: plotly.js would make traces sharing a string give up after 5 s
        assert len({t.geojson for t in areas}) == len(areas)
        assert len(fig.to_json()) < 20_000  # the boundaries file is ~82 KB
    coloured = next(t for t in figures[0].data if t.showscale is not False)
    assert "NGA" in coloured.locations and "GNB" not in coloured.locations  # GNB: unknown, drawn grey


def test_hover_labels_are_escaped(values, geo):
    fig = maps.choropleth_map(values, "amount", geo, colorbar_title="<b>50% of %{z}</b>")
    coloured = next(t for t in fig.data if t.showscale is not False)
    assert "&lt;b&gt;50&#37; of &#37;{z}&lt;/b&gt;" in coloured.hovertemplate


# --- proportional circles -----------------------------------------------------------------------------


def _circles(fig: go.Figure) -> list:
    return [t for t in fig.data if t.type == "scattermap"]


def test_bubble_map_is_offline_safe(bubbles, geo):
    fig = maps.bubble_map(bubbles, "lat", "lon", "people", "country", geo, LCB, name_col="name")
    _assert_offline_safe(fig)


def test_bubble_area_proportional_to_value(bubbles, geo):
    fig = maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, name_col="name", max_size_px=50)
    known = [t for t in _circles(fig) if t.marker.sizemode == "area"]
    sizerefs = {t.marker.sizeref for t in known}
    assert len(sizerefs) == 1  # one scale for all circles
    sizeref = sizerefs.pop()
    values = {t.customdata[0][0]: t.customdata[0][1] for t in known}
    assert values == {"Borno": 1_600_000, "Far North": 400_000, "Adamawa": 200_000, "Diffa": 100_000}
    # plotly's area mode draws a circle whose diameter is proportional to sqrt(size / sizeref).
    diameters = {t.customdata[0][0]: math.sqrt(t.marker.size[0] / sizeref) for t in known}
    for name, value in values.items():
        assert (diameters[name] / diameters["Borno"]) ** 2 == pytest.approx(value / 1_600_000)
    # Borno is 4x Far North: twice the diameter, four times the area.
    assert diameters["Borno"] == pytest.approx(2 * diameters["Far North"])
    assert sizeref == pytest.approx(2 * 1_600_000 / 50**2)  # plotly's rule: largest circle 50 px wide


def test_bubble_legend_names_every_circle_and_unknowns(bubbles, geo):
    fig = maps.bubble_map(bubbles, "lat", "lon", "people", "country", geo, LCB, name_col="name",
                          legend_format=lambda v: f"{v:,.0f}", missing_label="not known")
    names = [t.name for t in _circles(fig)]
    # Largest first (drawn beneath the small ones); zero has no circle; NaN is named as unknown.
    assert names == ["Borno: 1,600,000", "Far North: 400,000", "Adamawa: 200,000", "Diffa: 100,000",
                     "Lac: not known"]
    lac = _circles(fig)[-1]
    assert lac.marker.sizemode == "diameter" and lac.marker.size[0] == maps.MISSING_SIZE_PX
    assert lac.marker.color == maps.MISSING_LINE
    assert all(t.showlegend for t in _circles(fig))
    groups = {t.customdata[0][0]: t.legendgroup for t in _circles(fig)}
    assert groups["Borno"] == "NGA" and groups["Far North"] == "CMR"
    colours = {t.legendgroup: t.marker.color for t in _circles(fig) if t.marker.sizemode == "area"}
    assert len(set(colours.values())) == len(colours)  # one colour per country


def test_bubble_map_outlines_basin_countries(bubbles, geo):
    fig = maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, outline_iso3=LCB, name_col="name")
    outlines = [t for t in fig.data if t.type == "choroplethmap" and t.marker.line.color == maps.OUTLINE_LINE]
    assert len(outlines) == 1 and sorted(outlines[0].locations) == LCB
    assert outlines[0].hoverinfo == "skip"
    center = fig.layout.map.center
    assert 9 < center.lat < 14 and 11 < center.lon < 15  # framed on the circles, around Lake Chad


# --- locator ------------------------------------------------------------------------------------------


def test_locator_highlights_country_and_outlines_crisis_area(geo):
    fig = maps.locator_map(geo, "NER", LCB)
    _assert_offline_safe(fig)
    filled = [t for t in fig.data if t.colorscale and t.colorscale[0][1] == maps.LOCATOR_FILL]
    assert len(filled) == 1 and list(filled[0].locations) == ["NER"]
    outline = fig.data[-1]
    assert sorted(outline.locations) == LCB and outline.marker.line.color == maps.OUTLINE_LINE
    assert fig.layout.hovermode is False and fig.layout.dragmode is False
    assert all(t.hoverinfo == "skip" for t in fig.data)


def test_fit_view_contains_the_box():
    center, zoom = maps.fit_view((-25.4, -4.0, 27.5, 27.3), width_px=700, height_px=520, padding=0)
    world_px = maps.TILE_SIZE * 2**zoom
    assert (27.5 + 25.4) / 360 * world_px <= 700 * 1.01
    assert center["lon"] == pytest.approx(1.05)
    assert -4.0 < center["lat"] < 27.3
