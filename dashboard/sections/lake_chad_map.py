"""The Lake Chad Basin page's map: one circle per figure (place x source x date) of a category in a month,
over the four basin countries; never a sum. Its own module, so that another map (admin-1 areas, issue #15)
can take its place with the same arguments: (category, month, lang)."""

from __future__ import annotations

import babel.dates
import pandas as pd
import streamlit as st

from dashboard import data, maps, queries
from dashboard.components import data_view, show_map, source_caption
from dashboard.i18n import format_date, format_int, translate
from dashboard.search import escape_markdown
from dashboard.sections.lake_chad import basin_ids, country_label, table_view

MAP_NORTH = 18.5  # degrees: where the map's view stops (Niger and Chad reach 23.5)


@st.cache_data(show_spinner=False)
def map_choices() -> dict[str, tuple[list[str], str | None]]:
    """{category: (its months as month-end dates, oldest first; the month shown by default)} of the
    admin-1 figures, categories in the page's order (IDPs first)."""
    areas = queries.lcb_area_rows(data.load("displacement"))
    return {
        category: (queries.lcb_months(areas, category), queries.lcb_default_month(areas, category))
        for category in queries.lcb_categories(areas)
    }


def month_label(month: str, lang: str) -> str:
    """"October 2020" / "octobre 2020"."""
    return babel.dates.format_date(pd.Timestamp(month).date(), format="MMMM y", locale=lang)


@st.cache_data(show_spinner=False)
def map_points(category: str, month: str) -> pd.DataFrame:
    """queries.lcb_map_points for a category and month (needs data/geo/lcb_admin1_points.csv)."""
    areas = queries.lcb_area_rows(data.load("displacement"))
    return queries.lcb_map_points(areas, category, month, data.lcb_admin1_points())


@st.cache_resource(show_spinner=False, max_entries=64)
def area_map(category: str, month: str, lang: str) -> maps.MapSpec:
    """The circles of a category in a month over the basin countries, in `lang` (shared: never modify)."""
    shown = map_points(category, month)
    placed = shown[shown["placed"]].copy()
    placed["label"] = [
        f"{area}, {format_date(as_of, lang)}"
        for area, as_of in zip(placed["admin1"], placed["as_of"], strict=True)
    ]
    placed["country"] = [country_label(e, lang) for e in placed["entity_id"]]
    placed["source"] = placed["source_org"].fillna(placed["source_id"])
    geojson = data.boundaries()
    outlined = list(basin_ids(lang))
    # The four countries, less the empty north of Niger and Chad: the circles sit around the lake.
    west, south, east, north = maps.feature_bounds(geojson, outlined)
    frame = maps.Frame((west, south, east, min(north, MAP_NORTH)), height=560, padding=0.04)
    return maps.bubble_map(
        placed,
        "lat",
        "lon",
        "value",
        color_col="source",
        geojson=geojson,
        outline_iso3=outlined,
        name_col="label",
        legend_format=lambda v: format_int(v, lang),
        hover_cols={
            "country": translate("lake_chad.col.country", lang),
            "source": translate("lake_chad.col.source", lang),
        },
        size_label=translate(f"lake_chad.category.{category}", lang),
        missing_label=translate("common.not_known", lang),
        outline_label=translate("lake_chad.map_outline", lang),
        value_text=lambda v: format_int(v, lang),
        frame=frame,
        label=translate("lake_chad.map_outline", lang),
    )


def show_area_map(category: str, month: str, lang: str, presenting: bool) -> None:
    """The map, the places it could not put on it, its sources and (not presenting) its table."""
    if data.or_warning(data.lcb_admin1_points) is None or data.optional_boundaries() is None:
        return
    show_map(area_map(category, month, lang), key="lake_chad_map")
    st.caption(translate("lake_chad.map_caption", lang))
    shown = map_points(category, month)
    unplaced = shown[~shown["placed"]]
    if not unplaced.empty:
        places = escape_markdown("; ".join(sorted(set(unplaced["admin1"]))))
        st.caption(translate("lake_chad.map_not_placed", lang, places=places))
    source_caption(shown["source_id"])
    if presenting:
        return

    def table() -> pd.DataFrame:
        return table_view(
            lang,
            date=shown["as_of"],
            country=[country_label(e, lang) for e in shown["entity_id"]],
            area=shown["admin1"],
            category=translate(f"lake_chad.category.{category}", lang),
            value=shown["value"],
            source=shown["source_org"],
            source_id=shown["source_id"],
            note=shown["note"],
        )

    data_view(table, f"lake_chad_{category}_{month}", "lake_chad_map_data")
