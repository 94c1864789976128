"""The Lake Chad Basin page's map: the admin-1 areas of Cameroon, Chad, Niger and Nigeria coloured by their
figure of a category in a month, drawn by pydeck (deck.gl, bundled with Streamlit: nothing fetched).

Offline: `map_provider=None` and no `map_style` argument at all. pydeck then writes its "__MAP_STYLE__"
placeholder, which Streamlit's front end drops; `map_style=None` would make it fetch a Carto basemap.
Tooltips are plain text (`{"text": ...}`): the front end never parses them as HTML.

Several figures for one area in one month (two sources, or a group of areas and the area alone) are never
added: the area is coloured by one of them (admin1_shown_figures says which) and every one is listed.
The panel of one area (?area=) is in lake_chad_area.py."""

from __future__ import annotations

import functools
import json
import math
from typing import Any

import babel.dates
import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard import data, maps, queries, state
from dashboard.citations import note_labels, organisation_label
from dashboard.components import data_view, source_caption
from dashboard.i18n import format_date, format_int, translate
from dashboard.queries import admin1
from dashboard.search import escape_markdown
from dashboard.sections.lake_chad import basin_ids, country_label, source_names, table_view

MAP_KEY = "lake_chad_map"
MAP_HEIGHT = 560
MAP_WIDTH = 740  # about the map's column in the wide layout
MAP_NORTH = 18.5  # degrees: where the view stops (Niger and Chad reach 23.5, desert with no figures)
CLASSES = 5
SIMPLIFY_DEGREES = 0.04  # about a pixel at the map's scale (see admin1.admin1_simplified)
LINE = [255, 255, 255, 200]
COUNTRY_LINE = [60, 60, 60, 255]
SELECTED_LINE = [17, 17, 17, 255]
TOOLTIP_STYLE = {"fontSize": "14px", "maxWidth": "420px", "whiteSpace": "pre-line"}
COLUMN_HEIGHT_M = 250_000  # presentation mode: the largest figure of the category as a column this high


def _rgba(colour: str, alpha: int = 255) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)] + [alpha]


# --- builders ------------------------------------------------------------------------------------------


# area_rows is shared (st.cache_resource: never modify it): with ~30,000 imported figures, st.cache_data
# would unpickle a copy of them in every builder that reads it.
@st.cache_resource(show_spinner=False)
def area_rows() -> pd.DataFrame:
    """queries.lcb_area_rows of the displacement table (shared: never modify it)."""
    return queries.lcb_area_rows(data.load("displacement"))


@st.cache_data(show_spinner=False)
def drawn_shapes() -> pd.DataFrame:
    """The admin1_areas table with its geometry thinned for a map of the whole basin (admin1_simplified)."""
    return admin1.admin1_simplified(data.load("admin1_areas"), SIMPLIFY_DEGREES)


@st.cache_data(show_spinner=False)
def map_choices() -> dict[str, tuple[list[str], str | None]]:
    """{category: (every month with an admin-1 figure, as month-end dates, oldest first; the latest)},
    categories in the page's order (IDPs first)."""
    rows = area_rows()
    months = {category: queries.lcb_months(rows, category) for category in queries.lcb_categories(rows)}
    return {category: (dates, dates[-1] if dates else None) for category, dates in months.items()}


@functools.lru_cache(maxsize=4096)
def month_label(month: str, lang: str) -> str:
    """A month as people write it: "October 2020" / "octobre 2020". Remembered: the month selectbox words
    every month (131 with ten years of imports) on every rerun."""
    return babel.dates.format_date(pd.Timestamp(month).date(), format="MMMM y", locale=lang)


@st.cache_data(show_spinner=False)
def month_rows(category: str, month: str) -> pd.DataFrame:
    """The admin-1 figures of a category in a month, one row per figure (the map's table)."""
    return queries.lcb_month_rows(area_rows(), category, month)


@st.cache_data(show_spinner=False)
def month_figures(category: str, month: str) -> pd.DataFrame:
    """The month's figures once per area they cover (admin1.admin1_figures)."""
    return admin1.admin1_figures(month_rows(category, month), data.load("admin1_names"))


@st.cache_data(show_spinner=False)
def colour_classes(category: str) -> tuple[list[int], list[str]]:
    """(lower bounds of the classes after the first, a colour per class): one scale for all of a category's
    months, so that a colour means the same number in every month."""
    rows = area_rows()
    breaks = admin1.admin1_class_breaks(rows.loc[rows["category"] == category, "value"], CLASSES)
    count = len(breaks) + 1
    shares = [k / (count - 1) if count > 1 else 1.0 for k in range(count)]
    colours = [maps.interpolate_colour("Viridis", share) for share in shares]
    return breaks, colours


@st.cache_data(show_spinner=False)
def area_ids() -> list[str]:
    """Every admin-1 area of the basin countries (what ?area= may name)."""
    areas = data.load("admin1_areas")
    return sorted(areas.loc[areas["entity_id"].isin(basin_ids("en")), "area_id"])


def figure_line(row: Any, lang: str) -> str:
    """One figure as the tooltip and the area's panel list it: value, source, date, and the areas a
    figure for several areas together covers."""
    value, date = format_int(row.value, lang), format_date(row.as_of, lang)
    has_org = isinstance(row.source_org, str) and row.source_org
    source = organisation_label(row.source_org, lang) if has_org else row.source_id
    if row.areas_named > 1:
        key = "lake_chad.area_map.tip_together"
        return translate(key, lang, value=value, areas=row.admin1, source=source, date=date)
    return translate("lake_chad.area_map.tip_figure", lang, value=value, source=source, date=date)


def _tooltip(name: str, country: str, figures: pd.DataFrame, category: str, month: str, lang: str) -> str:
    title = f"{name} ({country})"
    when = month_label(month, lang)
    if figures.empty:
        return f"{title}\n{translate('lake_chad.area_map.tip_none', lang, month=when)}"
    heading = translate("lake_chad.area_map.tip_month", lang,
                        category=translate(f"lake_chad.category.{category}", lang), month=when)
    return "\n".join([title, heading, *(figure_line(row, lang) for row in figures.itertuples(index=False))])


@st.cache_resource(show_spinner=False, max_entries=64)
def area_deck(category: str, month: str, lang: str, large: bool, selected: str | None) -> pdk.Deck:
    """The map of a category in a month, in `lang`: areas coloured by their figure (grey: none), the four
    countries outlined, `selected` outlined in black; with `large` (presentation) areas rise as columns.
    Shared: never modified (its JSON is made once)."""
    areas = drawn_shapes()
    countries = list(basin_ids(lang))
    figures = month_figures(category, month)
    shown = admin1.admin1_shown_figures(figures).set_index("area_id")
    breaks, colours = colour_classes(category)
    rows = area_rows()
    top = max(int(rows.loc[rows["category"] == category, "value"].max()), 1)
    records = []
    for record in admin1.admin1_polygon_records(areas, countries, lang):
        area_id = record["area_id"]
        mine = figures[figures["area_id"] == area_id]
        value = None if area_id not in shown.index else int(shown.loc[area_id, "value"])
        colour = maps.MISSING_FILL if value is None else colours[admin1.admin1_class_of(value, breaks)]
        country = country_label(record["entity_id"], lang)
        records.append({
            "polygon": record["polygon"], "area_id": area_id, "name": record["name"], "value": value,
            "fill": _rgba(colour),  # opaque: the colours of the legend
            "elevation": 0 if value is None else value / top * COLUMN_HEIGHT_M,
            "tooltip": _tooltip(record["name"], country, mine, category, month, lang),
        })  # fmt: skip
    layers = [
        pdk.Layer("PolygonLayer", records, id="areas", get_polygon="polygon", get_fill_color="fill",
                  get_line_color=LINE, line_width_min_pixels=1, stroked=True, filled=True, pickable=True,
                  auto_highlight=True, extruded=large, get_elevation="elevation", wireframe=large),
        pdk.Layer("GeoJsonLayer", _country_outlines(countries), id="countries", stroked=True, filled=False,
                  get_line_color=COUNTRY_LINE, line_width_min_pixels=2, pickable=False),
    ]  # fmt: skip
    if selected is not None:
        outline = [{"polygon": r["polygon"]} for r in records if r["area_id"] == selected]
        layers.append(pdk.Layer(
            "PolygonLayer", outline, id="selected", get_polygon="polygon",
            filled=False, stroked=True, get_line_color=SELECTED_LINE, line_width_min_pixels=3, pickable=False,
        ))  # fmt: skip
    deck = pdk.Deck(
        layers=layers,
        initial_view_state=map_view(areas, countries, large),
        map_provider=None,  # and no map_style: nothing fetched (see the module's docstring)
        tooltip={"text": "{tooltip}", "style": TOOLTIP_STYLE},
    )
    # Streamlit serialises the deck on every rerun: once is enough, and without pydeck's indentation
    # (a third of the size: 82 polygons).
    spec = json.dumps(json.loads(deck.to_json()), separators=(",", ":"), ensure_ascii=False)
    deck.to_json = lambda: spec
    return deck


def _country_outlines(countries: list[str]) -> dict:
    geojson = data.boundaries()
    return {"type": "FeatureCollection",
            "features": [f for f in geojson["features"] if f.get("id") in countries]}  # fmt: skip


def map_view(areas: pd.DataFrame, countries: list[str], large: bool) -> pdk.ViewState:
    """The view that holds the four countries up to MAP_NORTH in a map about MAP_WIDTH x MAP_HEIGHT pixels
    (deck.gl's Web Mercator: the world is 512 x 2^zoom pixels wide)."""
    west, south, east, north = admin1.admin1_bounds(areas, countries) or (2.5, 1.5, 24.0, MAP_NORTH)
    north = min(north, MAP_NORTH)

    def mercator(lat: float) -> float:  # in degrees of longitude at the equator
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    across = math.log2(MAP_WIDTH * 360 / (512 * (east - west)))
    down = math.log2(MAP_HEIGHT * 360 / (512 * (mercator(north) - mercator(south))))
    centre = math.radians((mercator(north) + mercator(south)) / 2)
    latitude = math.degrees(2 * math.atan(math.exp(centre)) - math.pi / 2)  # the inverse of mercator()
    zoom = min(across, down) - 0.15
    return pdk.ViewState(longitude=(west + east) / 2, latitude=round(latitude, 3), zoom=round(zoom, 2),
                         pitch=45 if large else 0, bearing=0)  # fmt: skip


# --- renderers -------------------------------------------------------------------------------------------


def _area_clicked() -> None:
    """A click on the map (on_select): the clicked area into the URL (?area=), out of it when unselected."""
    selection = getattr(st.session_state.get(MAP_KEY), "selection", None)
    objects = (selection or {}).get("objects", {}).get("areas", [])
    picked = objects[0].get("area_id") if objects else None
    state.set_query(area=picked if isinstance(picked, str) else None)


def legend(category: str, month: str, lang: str) -> str:
    """The colour scale as Markdown: a coloured square per class with its range, then "no figure"."""
    breaks, colours = colour_classes(category)
    what = translate(f"lake_chad.category.{category}", lang)
    title = translate("lake_chad.area_map.legend_title", lang, category=what, month=month_label(month, lang))
    items = []
    for k, colour in enumerate(colours):
        if not breaks:
            text = ""
        elif k == 0:
            text = translate("lake_chad.area_map.legend_under", lang, upper=format_int(breaks[0], lang))
        elif k == len(breaks):
            text = translate("lake_chad.area_map.legend_from", lang, lower=format_int(breaks[-1], lang))
        else:
            text = translate("lake_chad.area_map.legend_range", lang, lower=format_int(breaks[k - 1], lang),
                             upper=format_int(breaks[k], lang))
        items.append(f':color[■■]{{foreground="{colour}"}} {escape_markdown(text)}')
    items.append(f':color[■■]{{foreground="{maps.MISSING_FILL}"}} '
                 f'{escape_markdown(translate("lake_chad.area_map.legend_none", lang))}')
    return f"**{escape_markdown(title)}**  \n" + "  \n".join(items)


def map_available() -> bool:
    """Whether the map's tables and boundaries are readable; if not, a warning says which is missing."""
    needed = (lambda: data.load("admin1_areas"), lambda: data.load("admin1_names"), data.boundaries)
    return all(data.or_warning(read) is not None for read in needed)


def show_area_map(category: str, month: str, area: str | None, lang: str) -> None:
    """The map and its legend side by side, the areas not on it, its sources, its table."""
    deck = area_deck(category, month, lang, False, area)
    map_col, legend_col = st.columns([4, 1])
    what = translate(f"lake_chad.category.{category}", lang)
    alt = translate("lake_chad.area_map.alt", lang, category=what, month=month_label(month, lang))
    with map_col:
        st.pydeck_chart(deck, height=MAP_HEIGHT, on_select=_area_clicked, selection_mode="single-object",
                        key=MAP_KEY, alt=alt)
    legend_col.markdown(legend(category, month, lang))
    legend_col.caption(translate("lake_chad.area_map.click_hint", lang))
    st.caption(translate("lake_chad.area_map.caption", lang))
    figures = month_figures(category, month)
    unplaced = figures[figures["area_id"].isna()]
    if not unplaced.empty:
        places = escape_markdown("; ".join(sorted(set(unplaced["admin1"]))))
        st.caption(translate("lake_chad.area_map.not_placed", lang, places=places))
    rows = month_rows(category, month)
    source_caption(rows["source_id"])

    def table() -> pd.DataFrame:
        return table_view(
            lang,
            date=rows["as_of"],
            country=[country_label(e, lang) for e in rows["entity_id"]],
            area=rows["admin1"],
            category=translate(f"lake_chad.category.{category}", lang),
            value=rows["value"],
            source=source_names(rows["source_org"], lang),
            source_id=rows["source_id"],
            note=note_labels(rows, lang),
        )

    data_view(table, f"lake_chad_{category}_{month}", "lake_chad_map_data")
