"""Overview: the region's headline figures and where the 2020 appeal goes (a map and a ranking), each with
its source; a click on a country of the map opens its profile. Sections: dashboard/sections/overview.py."""

from __future__ import annotations

import streamlit as st

from dashboard import data, state
from dashboard.i18n import current_language, t
from dashboard.sections import overview

lang = current_language()
presenting = state.presenting()

st.title(t("app.title"))
st.write(t("app.tagline"))
data.require("appeal", "entities")

overview.headline(lang)
st.subheader(t("overview.by_office"))
map_col, bar_col = st.columns([3, 2])
with map_col:
    overview.map_section(lang, presenting)
with bar_col:
    overview.ranking_section(lang, presenting)
if not presenting:
    overview.table_section(lang)
