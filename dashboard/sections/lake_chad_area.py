"""The Lake Chad Basin page's panel for one admin-1 area (?area=<area_id>, set by a click on the map): the
area's figure(s) for the map's category and month, then every figure the tables hold for it, each source
on its own row, never added up, with their "as of | source" lines."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, queries, state, table_format
from dashboard.components import source_caption
from dashboard.i18n import translate
from dashboard.queries import admin1
from dashboard.search import escape_markdown
from dashboard.sections.lake_chad import country_label, source_names, table_view
from dashboard.sections.lake_chad_map import area_rows, figure_line, month_label


@st.cache_resource(show_spinner=False, max_entries=4)
def area_names(lang: str) -> dict[str, tuple[str, str]]:
    """{area_id: (its name in `lang`, its country's ISO3)} (shared: never modify it)."""
    areas = data.load("admin1_areas")
    names = areas["name_fr" if lang == "fr" else "name_en"]
    return {a: (n, e) for a, n, e in zip(areas["area_id"], names, areas["entity_id"], strict=True)}


@st.cache_resource(show_spinner=False)
def all_area_figures() -> pd.DataFrame:
    """Every admin-1 figure once per area it covers (admin1.admin1_figures of all the area rows). Shared
    (never modify it): st.cache_data would unpickle ~30,000 rows on every new area once imports grow."""
    return admin1.admin1_figures(area_rows(), data.load("admin1_names"))


@st.cache_data(show_spinner=False)
def area_figures(area_id: str) -> pd.DataFrame:
    """The figures covering one area, newest first, then by category and source."""
    figures = all_area_figures()
    mine = figures[figures["area_id"] == area_id]
    ordered = mine.sort_values(["as_of", "category", "source_org"], ascending=[False, True, True])
    return ordered.reset_index(drop=True)


def _clear() -> None:
    state.set_query(area=None)


def show_area(area_id: str, category: str, month: str, lang: str) -> None:
    name, iso3 = area_names(lang).get(area_id, (area_id, ""))
    country = country_label(iso3, lang)
    st.subheader(translate("lake_chad.area_map.area_heading", lang, area=name, country=country))
    figures = area_figures(area_id)
    what = translate(f"lake_chad.category.{category}", lang)
    labels = {"category": what, "month": month_label(month, lang)}
    in_month = figures["as_of"].map(queries.lcb_month_end) == month
    this_month = figures[(figures["category"] == category) & in_month]
    if this_month.empty:
        st.markdown(escape_markdown(translate("lake_chad.area_map.area_month_none", lang, **labels)))
    else:
        lines = "; ".join(figure_line(row, lang) for row in this_month.itertuples(index=False))
        text = translate("lake_chad.area_map.area_month", lang, figures=lines, **labels)
        st.markdown(escape_markdown(text))
    if figures.empty:
        st.info(translate("lake_chad.area_map.area_none", lang))
    else:
        st.caption(translate("lake_chad.area_map.area_note", lang))
        shown = table_view(
            lang,
            date=figures["as_of"],
            category=[translate(f"lake_chad.category.{c}", lang) for c in figures["category"]],
            value=figures["value"],
            area=figures["admin1"],
            source=source_names(figures["source_org"], lang),
            source_id=figures["source_id"],
        )
        table_format.show(shown, lang)
    source_caption(figures["source_id"])
    clear = translate("lake_chad.area_map.area_clear", lang)
    st.button(clear, key="lake_chad_area_clear", on_click=_clear)

