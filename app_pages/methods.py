"""Data and methods: where every figure comes from, what the build checked, and the tables themselves."""

from __future__ import annotations

import streamlit as st

from dashboard import data, state
from dashboard.components import downloads
from dashboard.i18n import format_date, format_int, t, text_column
from dashboard.tables import read_schema

st.title(t("methods.title"))
st.write(t("methods.intro"))

sources, checks = data.require("sources", "checks")

st.header(t("methods.rules_heading"))
for rule in ("gap", "qualifiers", "sources_disagree", "definition", "themes"):
    st.markdown(f"- {t('methods.rule.' + rule)}")

st.header(t("methods.checks_heading"))
warnings = checks[checks["status"] == "warning"]
passed = checks[checks["status"] == "pass"]
left, right = st.columns(2)
left.metric(t("methods.checks_passed"), format_int(len(passed)))
right.metric(t("methods.checks_warnings"), format_int(len(warnings)))
# The build writes each check in English (subject, message) and French (subject_fr, message_fr).
subject_col, message_col = text_column("subject"), text_column("message")
for message in warnings[message_col]:
    st.warning(message, icon=":material/warning:")
if not state.presenting():
    with st.expander(t("methods.checks_passed_list")):
        st.dataframe(
            passed[["table", subject_col, message_col]].rename(
                columns={
                    "table": t("methods.col.table"),
                    subject_col: t("methods.col.subject"),
                    message_col: t("methods.col.message"),
                }
            ),
            hide_index=True,
            width="stretch",
        )

st.header(t("methods.sources_heading"))
shown = sources.assign(date=sources["date"].map(lambda d: format_date(d) if isinstance(d, str) else "–"))
st.dataframe(
    shown[["source_id", "title", "publisher", "date", "url", "file"]].rename(
        columns={
            "source_id": t("methods.col.source_id"),
            "title": t("methods.col.title"),
            "publisher": t("methods.col.publisher"),
            "date": t("methods.col.date"),
            "url": t("methods.col.url"),
            "file": t("methods.col.file"),
        }
    ),
    hide_index=True,
    width="stretch",
    column_config={t("methods.col.url"): st.column_config.LinkColumn()},
)

if not state.presenting():
    st.header(t("methods.tables_heading"))
    st.write(t("methods.tables_intro"))
    try:
        schema = read_schema()
    except data.TableUnavailable as err:
        st.error(t("common.table_unavailable", name=err.name, reason=err.reason))
    else:
        choice = st.selectbox(t("methods.table_choice"), list(schema), key="methods-table")
        try:
            table = data.load(choice)
        except data.TableUnavailable as err:
            st.error(t("common.table_unavailable", name=err.name, reason=err.reason))
        else:
            st.caption(t("methods.table_rows", rows=format_int(len(table))))
            st.dataframe(table, hide_index=True, width="stretch")
            downloads(table, choice, key=f"methods-{choice}")
