"""Country profile: the response plans covering a country and their funding (the latest plan that publishes
the funding it received, then every plan in a table). The FTS funding figures (issue #14) belong here.

Each plan is shown as published; a gap is computed only inside one plan and only where both the
requirement and the funding received are known (queries.funding_appeals).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, queries
from dashboard.components import downloads, lazy_expander, source_caption
from dashboard.i18n import format_date, format_pct, format_usd, translate
from dashboard.search import escape_markdown
from dashboard.sections.country import REGIONAL_OFFICE, office_names, tables_readable, tr


def usd_or_unknown(value: object, lang: str) -> str:
    return translate("common.not_known", lang) if pd.isna(value) else format_usd(value, lang)


def published_pct(value: object, lang: str) -> str:
    """A share as published (54.0 -> 54%), one decimal only where the source gives one."""
    if pd.isna(value):
        return translate("common.not_known", lang)
    return format_pct(float(value) / 100, lang, digits=0 if float(value).is_integer() else 1)


@st.cache_data(show_spinner=False)
def plan_rows(office: str) -> pd.DataFrame:
    """The country's own response-plan rows (queries.funding_appeals: gap inside each plan), newest first."""
    appeals = queries.funding_appeals(data.load("funding"))
    return appeals[appeals["entity_id"] == office].reset_index(drop=True)


@st.cache_data(show_spinner=False)
def latest_plan(office: str) -> pd.Series | None:
    """The plan the funding page shows for the country (queries.latest_funding_by_country), or None when
    none of its plans publishes the funding it received."""
    latest = queries.latest_funding_by_country(data.load("funding"))
    rows = latest[latest["entity_id"] == office]
    return None if rows.empty else rows.iloc[0]


def _organisations(rows: pd.DataFrame, lang: str) -> list[str]:
    return [tr(f"org_{scope.replace('-', '_')}", lang) for scope in rows["organisation_scope"]]


@st.cache_data(show_spinner=False)
def plans_table(office: str, lang: str) -> pd.DataFrame:
    """Every plan row of the country as shown: amounts formatted, unknowns said so."""
    rows = plan_rows(office)
    return pd.DataFrame(
        {
            tr("col_year", lang): rows["year"].astype("int64"),
            tr("col_appeal", lang): rows["appeal"],
            tr("col_organisations", lang): _organisations(rows, lang),
            tr("col_required", lang): [usd_or_unknown(v, lang) for v in rows["required_usd"]],
            tr("col_funded", lang): [usd_or_unknown(v, lang) for v in rows["funded_usd"]],
            tr("col_funded_pct", lang): [published_pct(v, lang) for v in rows["funded_pct"]],
            tr("col_gap", lang): [usd_or_unknown(v, lang) for v in rows["gap_usd"]],
            tr("col_unmet", lang): [usd_or_unknown(v, lang) for v in rows["unmet_usd"]],
            tr("col_as_of", lang): [format_date(d, lang) for d in rows["as_of"]],
        }
    )


@st.cache_data(show_spinner=False)
def plans_download(office: str, lang: str) -> pd.DataFrame:
    """Every plan row of the country with its figures unformatted and its source, for the downloads."""
    rows = plan_rows(office)
    return pd.DataFrame(
        {
            tr("col_year", lang): rows["year"],
            tr("col_appeal", lang): rows["appeal"],
            tr("col_organisations", lang): _organisations(rows, lang),
            tr("col_required_usd", lang): rows["required_usd"],
            tr("col_funded_usd", lang): rows["funded_usd"],
            tr("col_funded_pct", lang): rows["funded_pct"],
            tr("col_gap_usd", lang): rows["gap_usd"],
            tr("col_unmet_usd", lang): rows["unmet_usd"],
            tr("col_as_of", lang): rows["as_of"],
            tr("col_source", lang): rows["source_id"],
        }
    )


def _show_latest(plan: pd.Series, lang: str) -> None:
    st.markdown(f"**{escape_markdown(plan['appeal'])}**")
    required_col, funded_col, gap_col = st.columns(3)
    required_col.metric(tr("funding_required", lang), usd_or_unknown(plan["required_usd"], lang))
    if pd.notna(plan["funded_usd"]):
        funded_col.metric(tr("funding_funded", lang), format_usd(plan["funded_usd"], lang))
    else:
        funded_col.metric(tr("funding_funded_pct", lang), published_pct(plan["funded_pct"], lang))
    gap_col.metric(tr("funding_gap", lang), usd_or_unknown(plan["gap_usd"], lang))
    st.caption(tr("funding_gap_note", lang, date=format_date(plan["as_of"], lang)))
    source_caption([plan["source_id"]])


def show_response_plans(office: str, lang: str, presenting: bool) -> None:
    """The latest plan with its funding, then (outside presentations) every plan in a table that is made
    and sent only while open. Not for the Regional Office, which has no plan of its own."""
    if office == REGIONAL_OFFICE:
        return
    st.subheader(tr("funding_heading", lang))
    if not tables_readable("funding"):
        return
    rows = plan_rows(office)
    if rows.empty:
        st.info(tr("funding_none", lang, name=office_names(lang)[office]))
        return
    plan = latest_plan(office)
    if plan is None:
        st.caption(tr("funding_no_gap", lang))
    else:
        _show_latest(plan, lang)
    if presenting:
        return
    view = lazy_expander(tr("funding_all", lang, count=len(rows)), "country-funding-data-view")
    if view is None:
        return
    with view:
        st.dataframe(plans_table(office, lang), hide_index=True, width="stretch")
        st.caption(tr("funding_table_note", lang))
        source_caption(rows["source_id"])
        downloads(plans_download(office, lang), f"response-plans-{office}", "country-funding-data")
