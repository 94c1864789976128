"""Overview: where the money is missing first (OCHA FTS: the region's latest-year requirement, % funded and
unmet amount, the map of unmet requirement), then the IOM 2020 appeal as its own appeal (its total, a map
and a ranking), each with its source; a click on a country of a map opens its profile.
Sections: dashboard/sections/overview.py (and funding_fts.py, shared with the funding page)."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.i18n import current_language, t
from dashboard.sections import funding_fts, overview

lang = current_language()

st.title(t("app.title"))
st.write(t("app.tagline"))
data.require("entities")
overview.open_clicked(lang)

if all([data.optional(name) is not None for name in funding_fts.TABLES]):
    overview.gap_section(lang)

st.header(t("funding.iom_heading"))
st.info(t("overview.iom_intro"))
data.require("appeal")
overview.appeal_headline(lang)
st.subheader(t("overview.by_office"))
map_col, bar_col = st.columns([3, 2])
with map_col:
    overview.map_section(lang)
with bar_col:
    overview.ranking_section(lang)
overview.table_section(lang)
