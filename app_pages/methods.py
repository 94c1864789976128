"""Data and methods: where every figure comes from, what the build checked, and the tables themselves
(?table=events opens one). Sections: dashboard/sections/methods.py."""

from __future__ import annotations

import streamlit as st

from dashboard import data, state
from dashboard.i18n import current_language, t
from dashboard.sections import methods

lang = current_language()

st.title(t("methods.title"))
st.write(t("methods.intro"))
data.require("sources", "checks")

methods.rules(lang)
methods.checks(lang)
methods.sources(lang)

if names := methods.table_names(lang):
    # Table names are their own labels, so Streamlit keeps the choice in the URL itself.
    state.notice_unless_option("table", names)
    choice = st.selectbox(t("methods.table_choice"), names, key="table", bind="query-params")
    methods.table(choice, lang)
