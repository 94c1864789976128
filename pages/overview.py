"""Overview: the region's headline figures, each with its source."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.components import source_caption
from dashboard.i18n import format_int, format_usd, t

st.title(t("app.title"))
st.write(t("app.tagline"))
st.subheader(t("overview.heading"))

appeal, entities = data.require("appeal", "entities")
total_col, offices_col, lcb_col = st.columns(3)

with total_col:
    st.metric(t("overview.total_appeal"), format_usd(appeal["amount_usd"].sum()))
    source_caption(appeal["source_id"])
with offices_col:
    countries = int((entities["kind"] == "country").sum())
    st.metric(t("overview.offices"), t("overview.offices_value", countries=countries))
    source_caption(entities["source_id"])
with lcb_col:
    try:
        displacement = data.load("displacement")
    except data.TableUnavailable as err:
        st.warning(t("common.table_unavailable", name=err.name, reason=err.reason))
    else:
        statement = displacement[
            (displacement["series"] == "mi2020_statement") & (displacement["category"] == "affected_total")
        ]
        if not statement.empty:
            row = statement.iloc[0]
            st.metric(t("overview.lcb_displaced"), format_int(row["value"]))
            source_caption([row["source_id"]])
