"""Lake Chad Basin: the 2020 appeal's figures, the DTM dashboards' trend, admin-1 areas on a map, what
each source counts (side by side, never summed), the appeal next to the displaced, and new DTM figures.

The page reads its filters from the URL (?category=, ?date=, ?area=, ?country=) and calls the sections of
dashboard/sections/lake_chad*.py. A click on the map puts the area in the URL (see
lake_chad_map._area_clicked)."""

from __future__ import annotations

import streamlit as st

from dashboard import data, queries, state
from dashboard.i18n import current_language, translate
from dashboard.sections import lake_chad, lake_chad_area, lake_chad_map
from dashboard.sections.lake_chad_import import show_import

lang = current_language()

st.title(translate("lake_chad.title", lang))
st.write(translate("lake_chad.intro", lang))
data.require("displacement", "entities")

lake_chad.show_statement(lang)
lake_chad.show_latest_dashboard(lang)

# --- admin-1 areas on the map: first, so it draws before plotly's bundle has loaded ---------------------
st.subheader(translate("lake_chad.map_heading", lang))
choices = lake_chad_map.map_choices()
if not choices:
    st.info(translate("lake_chad.map_none", lang))
else:
    category_col, month_col = st.columns(2)
    category = state.select_in_url(
        category_col.selectbox,
        translate("lake_chad.category_label", lang),
        list(choices),
        param="category",
        key="lake_chad_category",
        default="idps" if "idps" in choices else next(iter(choices)),
        format_func=lambda c: translate(f"lake_chad.category.{c}", lang),
        clears=("date",),  # a new category has its own months: its default month, not the old date
    )
    months, default_month = choices[category]
    month = state.select_in_url(
        month_col.selectbox,
        translate("lake_chad.month_label", lang),
        months,
        param="date",
        key="lake_chad_month",
        default=default_month,
        format_func=lambda m: lake_chad_map.month_label(m, lang),
        normalise=lambda raw: queries.lcb_month_end(raw.strip()) or raw,  # a day opens its month
    )
    if lake_chad_map.map_available():
        # ?area=: an admin-1 area of the basin countries (a bad one: a notice, and no area selected)
        area_ids = lake_chad_map.area_ids()
        area = state.query_choice("area", area_ids, None, normalise=state.upper_code)
        lake_chad_map.show_area_map(category, month, area, lang)
        if area is not None:
            lake_chad_area.show_area(area, category, month, lang)

lake_chad.show_trend(lang)

# --- what each source counts, side by side ----------------------------------------------------------
st.subheader(translate("lake_chad.breakdown_heading", lang))
countries = lake_chad.breakdown_countries(lang)
if not countries:
    st.info(translate("lake_chad.breakdown_none", lang))
else:
    country = state.select_in_url(
        st.selectbox,
        translate("lake_chad.country_label", lang),
        countries,
        param="country",
        key="lake_chad_country",
        default="TCD" if "TCD" in countries else countries[0],
        format_func=lambda e: lake_chad.country_label(e, lang),
        normalise=state.upper_code,
    )
    # 30 rounds of one source are 30 bar groups: the latest ones, and all on request
    sets = lake_chad.breakdown_set_count(country)
    show_all = False
    if sets > lake_chad.LATEST_SETS:
        all_label = translate("lake_chad.breakdown_all", lang, count=sets)
        show_all = st.toggle(all_label, key="lake_chad_breakdown_all")
    lake_chad.show_breakdown(country, lang, None if show_all else lake_chad.LATEST_SETS)

lake_chad.show_funding(lang)
show_import(lang)
