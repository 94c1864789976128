"""Country profile: IOM's own crisis response plans, the hand-collected response-plan rows kept because OCHA
FTS does not list them (table fts_funding_coverage says which rows FTS covers: their FTS figures are in
dashboard.sections.country_funding). Each row is shown as published, labelled as IOM's, never added to
FTS's figures.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, table_format
from dashboard.citations import plan_label, plan_labels
from dashboard.components import downloads, lazy_expander, source_caption
from dashboard.i18n import format_pct, format_usd, translate
from dashboard.queries import fts
from dashboard.search import escape_markdown
from dashboard.sections.country import REGIONAL_OFFICE, headed, open_section, said_none, tr

# The plan rows as downloaded: column -> catalogue key of its header, in order
PLAN_DOWNLOAD_COLUMNS = {
    "year": "col_year",
    "appeal": "col_appeal",
    "organisations": "col_organisations",
    "required_usd": "col_required_usd",
    "funded_usd": "col_funded_usd",
    "funded_pct": "col_funded_pct",
    "as_of": "col_as_of",
    "source_id": "col_source",
}


def usd_or_unknown(value: object, lang: str) -> str:
    return translate("common.not_known", lang) if pd.isna(value) else format_usd(value, lang)


def published_pct(value: object, lang: str) -> str:
    """A share as published (54.0 -> 54%), one decimal only where the source gives one."""
    if pd.isna(value):
        return translate("common.not_known", lang)
    return format_pct(float(value) / 100, lang, digits=0 if float(value).is_integer() else 1)


@st.cache_data(show_spinner=False)
def plan_rows(office: str) -> pd.DataFrame:
    """fts.iom_plans of the country: IOM's crisis response plan rows, newest first."""
    return fts.iom_plans(data.load("funding"), data.load("fts_funding_coverage"), office)


@st.cache_data(show_spinner=False)
def plans_table(office: str, lang: str) -> pd.DataFrame:
    """Every IOM plan row of the country as shown (formatted by table_format.show, with plans_kinds)."""
    rows = plan_rows(office)
    return pd.DataFrame(
        {
            tr("col_year", lang): rows["year"].astype("int64"),
            tr("col_appeal", lang): plan_labels(rows, lang),
            tr("col_required", lang): rows["required_usd"],
            tr("col_funded_pct", lang): rows["funded_pct"],
            tr("col_as_of", lang): rows["as_of"],
        }
    )


def plans_kinds(lang: str) -> dict[str, table_format.Kind]:
    """How plans_table's columns read: money in the language's style, shares and dates as published."""
    return {tr("col_required", lang): "usd", tr("col_funded_pct", lang): "published_percent",
            tr("col_as_of", lang): "date"}  # fmt: skip


@st.cache_data(show_spinner=False)
def plans_download(office: str, lang: str) -> pd.DataFrame:
    """Every IOM plan row of the country with its figures unformatted and its source, for the downloads."""
    rows = plan_rows(office)
    rows = rows.assign(organisations=tr("org_iom", lang), appeal=plan_labels(rows, lang))
    return headed(rows, PLAN_DOWNLOAD_COLUMNS, lang)


def show_response_plans(office: str, lang: str) -> None:
    """IOM's latest crisis response plan of the country, then all its rows in a table made and sent only
    while open. Not for the Regional Office."""
    if office == REGIONAL_OFFICE:
        return
    if not open_section("iom.heading", lang, "funding", "fts_funding_coverage"):
        return
    rows = plan_rows(office)
    if said_none(rows, "iom.none", office, lang, st.caption):
        return
    latest = rows.iloc[0]
    appeal = plan_label(latest, lang)
    line = tr("iom.latest", lang, appeal=escape_markdown(appeal), year=int(latest["year"]),
              required=usd_or_unknown(latest["required_usd"], lang))  # fmt: skip
    if pd.notna(latest["funded_pct"]):
        line += " · " + tr("iom.funded_pct", lang, pct=published_pct(latest["funded_pct"], lang))
    st.markdown(line)
    st.caption(tr("iom.note", lang))
    source_caption([latest["source_id"]])
    view = lazy_expander(tr("iom.all", lang, count=len(rows)), "country-funding-data-view")
    if view is None:
        return
    with view:
        table_format.show(plans_table(office, lang), lang, plans_kinds(lang))
        source_caption(rows["source_id"])
        downloads(plans_download(office, lang), f"iom-crisis-response-plans-{office}", "country-funding-data")
