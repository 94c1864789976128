"""Map builders on the committed boundaries: right values, unknowns shown as unknown, data never markup."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import maps, projection

LCB = ["CMR", "NER", "NGA", "TCD"]
MAP_JS = Path(maps.__file__).resolve().parent / "assets" / "map.js"
EVIL = "<img src=x onerror=alert(1)>"
# One or more closed rings: an absolute move, relative steps in whole units, then "z".
PATH_RE = re.compile(r"(?:M-?\d+ -?\d+l-?\d+ -?\d+(?: -?\d+ -?\d+)*z)+")
# Where text from the data may sit in a spec: hover lines, circle labels and legend labels.
DATA_TEXT = re.compile(r"\.(shapes|circles)\[\d+\]\.tip\[\d+\]|\.circles\[\d+\]\.label"
                       r"|\.legend\.items\[\d+\]\.label")


@pytest.fixture(scope="module")
def geo() -> dict:
    return maps.load_boundaries()


@pytest.fixture(scope="module")
def focus(geo) -> list[str]:
    return sorted(f["id"] for f in geo["features"] if f["properties"]["role"] == "focus")


@pytest.fixture(scope="module")
def context(geo) -> list[str]:
    return sorted(f["id"] for f in geo["features"] if f["properties"]["role"] == "context")


@pytest.fixture(scope="module")
def names(geo) -> dict[str, str]:
    return {f["id"]: f["properties"]["name"] for f in geo["features"]}


@pytest.fixture
def values(focus) -> pd.DataFrame:
    """One distinct amount per country, Guinea-Bissau unknown, and the Regional Office (not on a map)."""
    table = pd.DataFrame({"entity_id": focus, "amount": [1_000_000.0 * (k + 1) for k in range(len(focus))]})
    table.loc[table["entity_id"] == "GNB", "amount"] = np.nan
    table["name_en"] = table["entity_id"].map(lambda i: f"Office {i}")
    table["share"] = [f"{k} %" for k in range(len(table))]
    table["funding"] = [f"${k} M" for k in range(len(table))]
    extra = pd.DataFrame({"entity_id": ["RO-DAKAR"], "amount": [7.0], "name_en": ["RO"], "share": ["x"],
                          "funding": ["y"]})
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


def _by_layer(spec: maps.MapSpec, layer: str) -> dict[str, dict]:
    return {s["id"]: s for s in spec["shapes"] if s["layer"] == layer}


def _strings(node: object, where: str = "") -> list[tuple[str, str]]:
    """Every string in a spec with where it sits, e.g. ("shapes[3].tip[0]", "Niger")."""
    if isinstance(node, str):
        return [(where, node)]
    if isinstance(node, dict):
        return [hit for key, value in node.items() for hit in _strings(value, f"{where}.{key}")]
    if isinstance(node, list | tuple):
        return [hit for k, value in enumerate(node) for hit in _strings(value, f"{where}[{k}]")]
    return []


def _renamed(geo: dict, changes: dict[str, str]) -> dict:
    edited = copy.deepcopy(geo)
    for feature in edited["features"]:
        if feature["id"] in changes:
            feature["properties"]["name"] = changes[feature["id"]]
    return edited


# --- choropleth ---------------------------------------------------------------------------------------


def test_choropleth_colours_every_known_value_on_the_scale(values, geo, focus):
    spec = maps.choropleth_map(values, "amount", geo)
    coloured = _by_layer(spec, "values")
    expected = values.dropna(subset=["amount"]).set_index("entity_id")["amount"].drop("RO-DAKAR")
    assert set(coloured) == set(expected.index) == set(focus) - {"GNB"}
    top = expected.max()
    for iso3, amount in expected.items():
        shape = coloured[iso3]
        assert shape["value"] == pytest.approx(amount)
        assert shape["fill"] == maps.interpolate_colour("Viridis", amount / top), iso3
    largest = expected.idxmax()
    assert coloured[largest]["fill"] == "#fde725"  # the top of Viridis
    assert len({s["fill"] for s in coloured.values()}) == len(coloured)  # distinct values, distinct colours


def test_zero_gets_the_bottom_colour_and_a_two_colour_scale_is_used(values, geo):
    values.loc[values["entity_id"] == "NER", "amount"] = 0.0
    scale = [[0.0, "#9ECAE1"], [1.0, "#08519C"]]
    spec = maps.choropleth_map(values, "amount", geo, colorscale=scale)
    coloured = _by_layer(spec, "values")
    assert coloured["NER"]["fill"] == "#9ecae1" and coloured["NER"]["value"] == 0.0
    assert coloured["TGO"]["fill"] == "#08519c"  # TGO: the largest amount (last in sorted order)
    assert spec["legend"]["bar"][0] == [0.0, "#9ecae1"] and spec["legend"]["bar"][-1] == [1.0, "#08519c"]


def test_explicit_zmin_zmax_set_the_share_and_clip(values, geo):
    spec = maps.choropleth_map(values, "amount", geo, zmin=5_000_000, zmax=15_000_000)
    coloured = _by_layer(spec, "values")
    amounts = values.set_index("entity_id")["amount"]
    for iso3, shape in coloured.items():
        share = min(max((amounts[iso3] - 5_000_000) / 10_000_000, 0.0), 1.0)
        assert shape["fill"] == maps.interpolate_colour("Viridis", share), iso3
    assert coloured["TGO"]["fill"] == "#fde725"  # 20 M, above zmax: top colour, not beyond
    assert coloured["BEN"]["fill"] == "#440154"  # 1 M, below zmin: bottom colour


def test_unknown_value_is_not_known_not_zero(values, geo):
    spec = maps.choropleth_map(values, "amount", geo, colorbar_title="Requirement", missing_label="non connu")
    missing = _by_layer(spec, "missing")
    assert list(missing) == ["GNB"]
    gnb = missing["GNB"]
    assert gnb["fill"] == maps.MISSING_FILL != maps.CONTEXT_FILL
    assert gnb["stroke"] == maps.MISSING_LINE
    assert "value" not in gnb  # never carries a number, so never read as 0
    assert gnb["tip"][:2] == ["Guinea-Bissau", "Requirement: non connu"]
    assert "GNB" not in _by_layer(spec, "values")
    assert all(s["fill"] != maps.MISSING_FILL for s in _by_layer(spec, "values").values())
    swatch = {"fill": maps.MISSING_FILL, "stroke": maps.MISSING_LINE, "label": "non connu"}
    assert swatch in spec["legend"]["items"]


def test_countries_without_a_row_are_grey_context_with_only_their_name(values, geo, context, names):
    values = values[values["entity_id"] != "MLI"]
    spec = maps.choropleth_map(values, "amount", geo)
    grey = _by_layer(spec, "context")
    assert set(grey) == set(context) | {"MLI"}
    for iso3, shape in grey.items():
        assert shape["fill"] == maps.CONTEXT_FILL
        assert shape["tip"] == [names[iso3]]
        assert "value" not in shape and "click" not in shape
    # Context first: the coloured countries and their borders are drawn over the neighbours.
    layers = [s["layer"] for s in spec["shapes"]]
    assert layers.index("values") > max(k for k, layer in enumerate(layers) if layer == "context")


def test_rows_not_on_the_map_are_ignored(values, geo):
    values.loc[values["entity_id"] == "RO-DAKAR", "amount"] = 999_000_000.0  # would move the top if read
    spec = maps.choropleth_map(values, "amount", geo)
    assert "RO-DAKAR" not in {s["id"] for s in spec["shapes"]}
    assert _by_layer(spec, "values")["TGO"]["fill"] == "#fde725"
    assert spec["legend"]["ticks"][-1][1] == "20,000,000"


def test_duplicate_rows_keep_the_first(values, geo):
    dup = pd.DataFrame({"entity_id": ["NER"], "amount": [123.0], "name_en": ["Second"], "share": ["z"],
                        "funding": ["z"]})
    spec = maps.choropleth_map(pd.concat([values, dup], ignore_index=True), "amount", geo,
                               hover_name_col="name_en")
    ner = [s for s in spec["shapes"] if s["id"] == "NER"]
    assert len(ner) == 1
    first = values.set_index("entity_id").loc["NER"]
    assert ner[0]["value"] == first["amount"] and ner[0]["tip"][0] == "Office NER"


def test_highlight_outlines_the_selected_country_on_top(values, geo):
    plain = maps.choropleth_map(values, "amount", geo)
    spec = maps.choropleth_map(values, "amount", geo, highlight="NER")
    assert len(spec["shapes"]) == len(plain["shapes"]) + 1
    last = spec["shapes"][-1]
    assert last["id"] == "NER" and last["layer"] == "highlight"
    assert last["fill"] == "none"  # the country's own colour shows through
    assert last["stroke"] == maps.HIGHLIGHT_LINE and last["width"] >= 2.5
    assert "click" not in last and "tip" not in last  # it must not steal hover or clicks
    several = maps.choropleth_map(values, "amount", geo, highlight=["TCD", "NER", "TCD", "XXX"])
    last_two = [(s["id"], s["layer"]) for s in several["shapes"][-2:]]
    assert last_two == [("TCD", "highlight"), ("NER", "highlight")]
    assert sum(s["layer"] == "highlight" for s in several["shapes"]) == 2
    assert not _by_layer(plain, "highlight")


def test_hover_lines_in_order(values, geo):
    spec = maps.choropleth_map(values, "amount", geo, hover_name_col="name_en", colorbar_title="USD",
                               value_text=lambda v: f"${v / 1e6:.0f} M",
                               hover_cols={"share": "Share", "funding": "Funded"})
    ner = _by_layer(spec, "values")["NER"]
    k = values.index[values["entity_id"] == "NER"][0]
    assert ner["tip"] == ["Office NER", f"USD: ${values.at[k, 'amount'] / 1e6:.0f} M",
                          f"Share: {k} %", f"Funded: ${k} M"]
    as_list = maps.choropleth_map(values, "amount", geo, hover_cols=["funding", "share"])
    assert _by_layer(as_list, "values")["NER"]["tip"] == [
        "Niger", f"amount: {values.at[k, 'amount']:,.0f}", f"funding: ${k} M", f"share: {k} %"]


def test_french_hover_lines_put_a_narrow_no_break_space_before_the_colon(values, geo, bubbles):
    spec = maps.choropleth_map(values, "amount", geo, hover_name_col="name_en", colorbar_title="USD",
                               value_text=lambda v: f"{v / 1e6:.0f} M$", hover_cols={"share": "Part"},
                               missing_label="inconnu", lang="fr")
    k = values.index[values["entity_id"] == "NER"][0]
    assert _by_layer(spec, "values")["NER"]["tip"][1:] == [
        f"USD\u202f: {values.at[k, 'amount'] / 1e6:.0f} M$", f"Part\u202f: {k} %"]
    assert _by_layer(spec, "missing")["GNB"]["tip"][1] == "USD\u202f: inconnu"
    circles = maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, name_col="name",
                              size_label="Personnes", legend_format=str, lang="fr")["circles"]
    borno = next(c for c in circles if c["tip"][0] == "Borno")
    assert borno["tip"][1] == "Personnes\u202f: 1,600,000" and borno["label"] == "Borno\u202f: 1600000.0"


def test_renamed_boundaries_name_the_countries_and_leave_the_file_as_it_is(geo):
    before = copy.deepcopy(geo)
    french = projection.renamed(geo, {"DZA": "Algérie", "GNQ": "Guinée équatoriale"})
    names = projection.feature_names(french)
    assert (names["DZA"], names["GNQ"], names["NER"]) == ("Algérie", "Guinée équatoriale", "Niger")
    assert geo == before
    context = maps.choropleth_map(pd.DataFrame({"entity_id": ["NER"], "v": [1.0]}), "v", french)
    assert _by_layer(context, "context")["DZA"]["tip"] == ["Algérie"]


def test_legend_ticks_are_on_the_bar_and_written_by_tick_text(values, geo):
    spec = maps.choropleth_map(values, "amount", geo, colorbar_title="USD",
                               tick_text=lambda v: f"{v / 1e6:g} M")
    legend = spec["legend"]
    assert legend["title"] == "USD" and spec["label"] == "USD"
    assert legend["ticks"] == [[0.0, "0 M"], [0.25, "5 M"], [0.5, "10 M"], [0.75, "15 M"], [1.0, "20 M"]]
    custom = maps.choropleth_map(values, "amount", geo, ticks=[-1, 0, 7_000_000, 20_000_000, 10**9])
    positions = [p for p, _ in custom["legend"]["ticks"]]
    assert all(0.0 <= p <= 1.0 for p in positions)
    assert positions == pytest.approx([0.0, 0.35, 1.0])  # ticks beyond the bar are left out
    assert [t for _, t in custom["legend"]["ticks"]] == ["0", "7,000,000", "20,000,000"]


def test_legend_items_only_when_relevant(values, geo):
    known = values.dropna(subset=["amount"])
    bare = maps.choropleth_map(known, "amount", geo)
    assert bare["legend"]["items"] == []  # no unknown value, no context label
    assert not _by_layer(bare, "missing")
    full = maps.choropleth_map(values, "amount", geo, missing_label="not known",
                               context_label="Not in appeal")
    labels = [item["label"] for item in full["legend"]["items"]]
    assert labels == ["not known", "Not in appeal"]
    assert full["legend"]["items"][1]["fill"] == maps.CONTEXT_FILL


def test_only_countries_with_a_row_are_clickable(values, geo, focus):
    spec = maps.choropleth_map(values, "amount", geo, highlight="NER", context_label="Context")
    assert spec["interactive"] is True
    clickable = [s for s in spec["shapes"] if s.get("click")]
    assert {s["layer"] for s in clickable} == {"values", "missing"}
    assert sorted(s["id"] for s in clickable) == focus
    assert all("click" not in s for s in spec["shapes"] if s["layer"] not in ("values", "missing"))


def test_builders_do_not_modify_the_shared_geojson(values, geo, bubbles):
    before = copy.deepcopy(geo)
    maps.choropleth_map(values, "amount", geo, highlight="NER")
    maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, outline_iso3=LCB)
    maps.locator_map(geo, "NER", LCB)
    assert geo == before


def test_full_region_map_is_small(values, geo):
    """The app sends the spec on every rerun: the paths are whole units, relative moves."""
    spec = maps.choropleth_map(values, "amount", geo, hover_name_col="name_en", highlight="NER",
                               hover_cols={"share": "Share", "funding": "Funding"}, context_label="Context")
    assert len(spec["shapes"]) == len(geo["features"]) + 1  # every country, plus the highlight
    assert len(json.dumps(spec).encode("utf-8")) < 40_000


# --- proportional circles -----------------------------------------------------------------------------


def test_bubble_area_proportional_to_value(bubbles, geo):
    spec = maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, name_col="name", max_radius_px=30)
    known = {c["tip"][0]: c for c in spec["circles"] if c["value"] is not None}
    assert {name: c["value"] for name, c in known.items()} == {
        "Borno": 1_600_000, "Far North": 400_000, "Adamawa": 200_000, "Diffa": 100_000}
    assert known["Borno"]["r"] == pytest.approx(30)  # the largest gets max_radius_px
    for circle in known.values():
        area_ratio = (circle["r"] / known["Borno"]["r"]) ** 2
        assert area_ratio == pytest.approx(circle["value"] / 1_600_000, rel=2e-3)  # r rounded to 0.01
    # Borno is 4x Far North: twice the radius, four times the area.
    assert known["Borno"]["r"] == pytest.approx(2 * known["Far North"]["r"], abs=0.01)


def test_tiny_circles_are_raised_to_the_minimum_radius(bubbles, geo):
    bubbles.loc[bubbles["name"] == "Yobe", "people"] = 1_000  # 0.7 px in proportion
    spec = maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, name_col="name",
                           max_radius_px=28, min_radius_px=3)
    radii = {c["tip"][0]: c["r"] for c in spec["circles"]}
    assert radii["Yobe"] == 3
    assert radii["Diffa"] == pytest.approx(7.0)  # above the minimum: left proportional


def test_largest_circles_drawn_first_unknown_last(bubbles, geo):
    spec = maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, name_col="name")
    assert [c["tip"][0] for c in spec["circles"]] == ["Borno", "Far North", "Adamawa", "Diffa", "Lac"]


def test_bubble_unknown_is_small_grey_and_zero_has_no_circle(bubbles, geo):
    spec = maps.bubble_map(bubbles, "lat", "lon", "people", "country", geo, LCB, name_col="name",
                           size_label="People", legend_format=lambda v: f"{v:,.0f}",
                           missing_label="non connu")
    lac = next(c for c in spec["circles"] if c["tip"][0] == "Lac")
    assert lac["value"] is None and lac["r"] == maps.MISSING_RADIUS_PX
    assert lac["fill"] == maps.MISSING_LINE and lac["fill"] not in maps.OKABE_ITO
    assert lac["tip"] == ["Lac", "People: non connu"]
    labels = [item.get("label") for item in spec["legend"]["items"]]
    assert "Lac: non connu" in labels
    # Yobe has 0: neither a circle nor a legend entry.
    assert all(c["tip"][0] != "Yobe" for c in spec["circles"])
    assert not any(label and "Yobe" in label for label in labels)
    negative = bubbles.assign(people=[1_600_000, -5, 400_000, 100_000, np.nan, 0])
    spec = maps.bubble_map(negative, "lat", "lon", "people", geojson=geo, name_col="name")
    assert [c["tip"][0] for c in spec["circles"]] == ["Borno", "Far North", "Diffa", "Lac"]


def test_bubble_colours_and_legend_groups_by_category(bubbles, geo):
    spec = maps.bubble_map(bubbles, "lat", "lon", "people", "country", geo, LCB, name_col="name",
                           legend_format=lambda v: f"{v:,.0f}", outline_label="Lake Chad Basin")
    palette = dict(zip(["CMR", "NER", "NGA", "TCD"], maps.OKABE_ITO, strict=False))  # sorted categories
    fills = {c["tip"][0]: c["fill"] for c in spec["circles"]}
    assert fills == {"Borno": palette["NGA"], "Adamawa": palette["NGA"], "Far North": palette["CMR"],
                     "Diffa": palette["NER"], "Lac": maps.MISSING_LINE}
    assert spec["legend"]["items"] == [
        {"heading": "CMR"},
        {"fill": palette["CMR"], "shape": "circle", "label": "Far North: 400,000"},
        {"heading": "NER"},
        {"fill": palette["NER"], "shape": "circle", "label": "Diffa: 100,000"},
        {"heading": "NGA"},
        {"fill": palette["NGA"], "shape": "circle", "label": "Borno: 1,600,000"},
        {"fill": palette["NGA"], "shape": "circle", "label": "Adamawa: 200,000"},
        {"heading": "TCD"},
        {"fill": maps.MISSING_LINE, "shape": "circle", "label": "Lac: not known"},
        {"fill": "none", "stroke": maps.OUTLINE_LINE, "label": "Lake Chad Basin"},
    ]
    custom = maps.bubble_map(bubbles, "lat", "lon", "people", "country", geo, name_col="name",
                             palette=["#111111", "#222222"])
    # Palette in sorted category order, wrapping round: CMR, NER, NGA, TCD -> 1, 2, 1, 2.
    assert {c["tip"][0]: c["fill"] for c in custom["circles"] if c["value"]} == {
        "Far North": "#111111", "Diffa": "#222222", "Borno": "#111111", "Adamawa": "#111111"}


def test_bubble_map_outlines_basin_countries_and_frames_the_circles(bubbles, geo):
    spec = maps.bubble_map(bubbles, "lat", "lon", "people", geojson=geo, outline_iso3=LCB + ["NER"],
                           name_col="name")
    outlines = [s for s in spec["shapes"] if s["layer"] == "outline"]
    assert sorted(s["id"] for s in outlines) == LCB  # once each
    assert all(s["fill"] == "none" and s["stroke"] == maps.OUTLINE_LINE for s in outlines)
    assert spec["shapes"][-len(outlines):] == outlines  # over the grey countries
    assert not any(item.get("stroke") == maps.OUTLINE_LINE for item in spec["legend"]["items"])  # no label
    for circle in spec["circles"]:
        assert 0 <= circle["cx"] <= spec["width"] and 0 <= circle["cy"] <= spec["height"]
    assert all("click" not in s for s in spec["shapes"])


# --- locator ------------------------------------------------------------------------------------------


def test_locator_highlights_country_and_outlines_crisis_area(geo, focus):
    spec = maps.locator_map(geo, "NER", LCB, label="Niger")
    assert spec["interactive"] is False and spec["label"] == "Niger"
    shown = _by_layer(spec, "shown")
    assert list(shown) == ["NER"] and shown["NER"]["fill"] == maps.LOCATOR_FILL
    assert set(_by_layer(spec, "focus")) == set(focus) - {"NER"}
    outline = spec["shapes"][-len(LCB):]
    assert sorted(s["id"] for s in outline) == LCB
    assert all(s["layer"] == "outline" and s["stroke"] == maps.OUTLINE_LINE for s in outline)
    assert all("tip" not in s and "click" not in s for s in spec["shapes"])
    assert spec["circles"] == [] and spec["legend"] == {}
    several = maps.locator_map(geo, ["NER", "TCD", "NER"])
    assert sorted(_by_layer(several, "shown")) == ["NER", "TCD"]


# --- frame and paths ----------------------------------------------------------------------------------


def test_frame_puts_its_bounds_inside_with_the_padding(geo):
    bounds = maps.focus_bounds(geo)
    lon_min, lat_min, lon_max, lat_max = bounds
    assert lon_min < -22 and lon_max > 20 and lat_min < 0 and lat_max > 25  # Cabo Verde to Chad, Gabon
    for frame in (maps.Frame(bounds), maps.Frame(bounds, width=320, height=240, padding=0.2),
                  maps.Frame(bounds, width=300, height=900, padding=0.1)):
        corners = [frame.project(lon, lat) for lon in (lon_min, lon_max) for lat in (lat_min, lat_max)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        margin_x, margin_y = frame.padding / 2 * frame.width, frame.padding / 2 * frame.height
        assert min(xs) >= margin_x - 1e-6 and max(xs) <= frame.width - margin_x + 1e-6
        assert min(ys) >= margin_y - 1e-6 and max(ys) <= frame.height - margin_y + 1e-6
        # The tighter dimension touches its margin exactly: the box is as large as the padding allows.
        assert min(xs) == pytest.approx(margin_x) or min(ys) == pytest.approx(margin_y)
        west, north = frame.project(lon_min, lat_max)
        east, south = frame.project(lon_max, lat_min)
        assert west < east and north < south  # x right, y down


def _points(coords) -> list[list[float]]:
    if isinstance(coords[0], int | float):
        return [coords]
    return [p for part in coords for p in _points(part)]


@pytest.mark.parametrize(("box", "outside"), [
    (["CPV"], "BFA"),  # wholly east of the frame
    (["GHA"], "GIN"),  # wholly west
    (["GAB"], "DZA"),  # wholly north
    (["LBY"], "CAF"),  # wholly south
])
def test_features_outside_the_frame_are_left_out(geo, box, outside):
    frame = maps.Frame(maps.feature_bounds(geo, box))
    paths = projection.country_paths(geo, frame)
    assert box[0] in paths and outside not in paths
    for feature in geo["features"]:
        xy = [frame.project(lon, lat) for lon, lat, *_ in _points(feature["geometry"]["coordinates"])]
        xs, ys = [x for x, _ in xy], [y for _, y in xy]
        if max(xs) < 0 or min(xs) > frame.width or max(ys) < 0 or min(ys) > frame.height:
            assert feature["id"] not in paths, feature["id"]
        elif any(0 < x < frame.width and 0 < y < frame.height for x, y in xy):
            assert feature["id"] in paths, feature["id"]


def test_builders_draw_only_what_is_in_their_frame(geo, values):
    frame = maps.Frame(maps.feature_bounds(geo, ["CPV"]))
    paths = projection.country_paths(geo, frame)
    assert not {"TCD", "SDN", "COD", "LBY", "CAF"} & set(paths)
    spec = maps.choropleth_map(values, "amount", geo, frame=frame, highlight="TCD")
    assert "TCD" not in {s["id"] for s in spec["shapes"]}
    assert {s["id"] for s in spec["shapes"]} == set(paths)


def test_every_path_is_closed_rings(geo):
    frame = maps.Frame(maps.focus_bounds(geo))
    paths = projection.country_paths(geo, frame)
    assert set(paths) == {f["id"] for f in geo["features"]}  # the whole region is in its own frame
    for iso3, d in paths.items():
        assert d.startswith("M") and d.endswith("z"), iso3
        assert PATH_RE.fullmatch(d), iso3
    # Multi-part countries keep their islands, each ring closed on its own.
    assert paths["CPV"].count("M") == paths["CPV"].count("z") > 1


def test_each_map_draws_the_boundaries_and_frame_it_is_given(geo):
    """Maps built one after the other from edited boundaries or another frame never reuse another's shapes."""
    frame = maps.Frame(maps.focus_bounds(geo), height=500)
    values = pd.DataFrame({"entity_id": ["NER", "NGA"], "v": [1.0, 2.0]})
    first = maps.choropleth_map(values, "v", geo, frame=frame)
    edited = copy.deepcopy(geo)
    ner = next(f for f in edited["features"] if f["id"] == "NER")
    ner["geometry"]["coordinates"][0][0][0] += 3.0  # one vertex moved three degrees east
    moved = maps.choropleth_map(values, "v", edited, frame=frame)
    again = maps.choropleth_map(values, "v", geo, frame=frame)
    shapes = [_by_layer(spec, "values") for spec in (first, moved, again)]
    assert shapes[1]["NER"]["d"] != shapes[0]["NER"]["d"] == shapes[2]["NER"]["d"]
    assert shapes[1]["NGA"]["d"] == shapes[0]["NGA"]["d"]
    assert shapes[1]["NER"]["d"] == projection.country_paths(edited, frame)["NER"]
    # a shorter frame draws the same country smaller
    shorter = maps.choropleth_map(values, "v", geo, frame=maps.Frame(maps.focus_bounds(geo), height=400))
    assert _by_layer(shorter, "values")["NER"]["d"] != shapes[0]["NER"]["d"]


# --- safety -------------------------------------------------------------------------------------------


def test_names_from_the_data_stay_plain_data(values, geo, bubbles):
    edited = _renamed(geo, {"NER": EVIL, "DZA": EVIL})
    values = values.copy()
    values.loc[values["entity_id"] == "NGA", "name_en"] = EVIL + "&amp;"
    bubbles = bubbles.assign(name=[EVIL, "Adamawa", "Far North", "Diffa", "Lac", "Yobe"])
    specs = [
        maps.choropleth_map(values, "amount", edited, hover_name_col="name_en", highlight="NER"),
        maps.choropleth_map(values, "amount", edited),
        maps.bubble_map(bubbles, "lat", "lon", "people", "country", edited, LCB, name_col="name",
                        legend_format=str),
        maps.locator_map(edited, "NER", LCB),
    ]
    for spec in specs:
        text = json.dumps(spec, allow_nan=False)  # JSON-ready: no NaN, no numpy, no objects
        assert json.loads(text) == spec
    hits = [(where, s) for spec in specs for where, s in _strings(spec) if "<img" in s]
    assert hits  # the name is kept as it is (not escaped twice, not dropped)...
    for where, s in hits:
        # ...and only in hover lines and labels, which map.js writes with textContent or setAttribute.
        assert DATA_TEXT.fullmatch(where), where
        assert s.startswith(EVIL)
    named, plain = specs[0], specs[1]
    assert _by_layer(named, "values")["NGA"]["tip"][0] == EVIL + "&amp;"  # from hover_name_col
    assert _by_layer(plain, "values")["NER"]["tip"][0] == EVIL  # no hover name: the GeoJSON name
    assert _by_layer(plain, "context")["DZA"]["tip"] == [EVIL]
    assert specs[2]["circles"][0]["tip"][0] == EVIL


def test_map_script_never_parses_data_as_html():
    source = MAP_JS.read_text(encoding="utf-8")
    # The code, not its comments (which may well say "never innerHTML").
    script = re.sub(r"(?m)^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S))
    assert "setAttribute" in script
    assert "textContent" in script and "createElementNS" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    # Nothing is fetched: the only URL is the SVG namespace.
    assert "fetch(" not in script and "XMLHttpRequest" not in script
    assert re.findall(r"https?://[^\s\"']+", script) == ["http://www.w3.org/2000/svg"]


# --- colours and ticks ------------------------------------------------------------------------------------


def test_interpolate_colour_two_colour_scale():
    scale = [[0.0, "#000000"], [1.0, "#ffffff"]]
    assert maps.interpolate_colour(scale, 0.0) == "#000000"
    assert maps.interpolate_colour(scale, 1.0) == "#ffffff"
    assert maps.interpolate_colour(scale, 0.5) in ("#7f7f7f", "#808080")
    assert maps.interpolate_colour([[0, "#ff0000"], [1, "#0000ff"]], 0.25) == "#bf0040"
    assert maps.interpolate_colour([[0, "rgb(0, 0, 0)"], [1, "rgb(200, 100, 50)"]], 0.5) == "#643219"
    # Out of range: clipped to the ends.
    assert maps.interpolate_colour(scale, -3) == "#000000" and maps.interpolate_colour(scale, 7) == "#ffffff"


def test_interpolate_colour_viridis_and_unknown_names():
    assert maps.interpolate_colour("Viridis", 0.0) == "#440154"
    assert maps.interpolate_colour("Viridis", 1.0) == "#fde725"
    assert maps.interpolate_colour("viridis", 0.333) == "#31688e"
    with pytest.raises(ValueError, match="Blues"):
        maps.interpolate_colour("Blues", 0.5)


@pytest.mark.parametrize(("max_value", "expected"), [
    (0, [0.0]),
    (-5, [0.0]),
    (100, [0, 25, 50, 75, 100]),
    (7, [0, 2, 4, 6, 8]),
    (0.9, [0, 0.25, 0.5, 0.75, 1.0]),
    (1_600_000, [0, 500_000, 1_000_000, 1_500_000, 2_000_000]),
    (20_000_000, [0, 5_000_000, 10_000_000, 15_000_000, 20_000_000]),
])
def test_nice_ticks(max_value, expected):
    ticks = maps.nice_ticks(max_value)
    assert ticks == pytest.approx(expected)


@pytest.mark.parametrize("max_value", [3, 17, 99, 1234, 56_789, 2.5e9])
def test_nice_ticks_cover_the_range_in_round_steps(max_value):
    ticks = maps.nice_ticks(max_value)
    assert ticks[0] == 0 and ticks[-1] >= max_value > ticks[-2]
    step = ticks[1]
    assert all(b - a == pytest.approx(step) for a, b in zip(ticks, ticks[1:], strict=False))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(mantissa == pytest.approx(m) for m in (1, 2, 2.5, 5)), step
    assert 3 <= len(ticks) - 1 <= 8


def test_a_circle_without_coordinates_is_left_out(geo):
    points = pd.DataFrame(
        {"name": ["A", "B"], "lat": [11.8, float("nan")], "lon": [13.1, float("nan")], "people": [100, 50]}
    )
    spec = maps.bubble_map(points, "lat", "lon", "people", geojson=geo, name_col="name")
    json.dumps(spec, allow_nan=False)
    assert [c["label"] for c in spec["circles"]] == ["A"]
