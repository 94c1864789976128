"""Funding page, IOM's own crisis response plans (hand-collected rows of funding.csv that OCHA FTS does not
list, fts_funding_coverage status iom_plan): requirement, funding received and gap, each computed inside
its own plan and only where both are published; never added to the IOM 2020 appeal nor to FTS figures.
Every plan FTS lists is shown from FTS instead (dashboard/sections/funding_fts.py).

For an explicit filter (`country`: None for all) and a language. Builders are cached and shared by
sessions (never modify what they return); renderers draw.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from dashboard import charts, data, queries, table_format
from dashboard.citations import citations, plan_label, plan_labels, scope_labels
from dashboard.components import downloads, freeze, source_caption
from dashboard.i18n import format_pct, format_usd, translate
from dashboard.queries import fts
from dashboard.search import escape_markdown
from dashboard.sections.funding import CHART_CONFIG, country_labels, date_text, published_pct
from dashboard.sections.funding_country import wrap_label
from i18n import colon


@st.cache_data(show_spinner=False)
def plans(country: str | None) -> pd.DataFrame:
    """IOM's own crisis response plans covering `country` (all without one), with their gap where it is
    known (queries.funding_appeals over fts.plans_fts_lacks)."""
    own = fts.plans_fts_lacks(data.load("funding"), data.load("fts_funding_coverage"))
    return queries.funding_appeals(own, country)


def _citation_lines(lang: str) -> dict[str, str]:
    """ "As of <date> | <source>" by source_id; empty if the sources table is unreadable."""
    try:
        return data.citation_index(lang)
    except data.TableUnavailable:
        return {}


def _funding_date(value: object, lang: str) -> str:
    """ "Funding as of <date>", or that the source gives no date."""
    if pd.isna(value):
        return translate("funding.funding_date_unknown", lang)
    return translate("funding.funding_as_of", lang, date=date_text(value, lang))


@st.cache_resource(show_spinner=False, max_entries=256)
def gap_figure(country: str | None, lang: str) -> go.Figure:
    """One stacked bar (funded + gap = requirement) per plan whose gap is known."""
    rows = plans(country)
    known = rows[rows["gap_known"]]
    labels = plan_labels(known, lang)
    # Two rows of one appeal (two dates) must stay two bars.
    repeated = labels.duplicated(keep=False)
    labels = labels.where(~repeated, labels + " · " + known["as_of"].fillna(known["funding_id"]).astype(str))
    cited = _citation_lines(lang)

    def _hover(row: pd.Series) -> list[str]:
        funded = f"{format_usd(row['funded_usd'], lang)} ({format_pct(row['funded_share'], lang)})"
        return [
            f"{plan_label(row, lang)} ({row['year']})",
            f"{translate('funding.gaps_required', lang)}{colon(lang)}{format_usd(row['required_usd'], lang)}",
            f"{translate('funding.gaps_funded', lang)}{colon(lang)}{funded}",
            f"{translate('funding.gaps_gap', lang)}{colon(lang)}{format_usd(row['gap_usd'], lang)}",
            _funding_date(row["as_of"], lang),
            *citations([row["source_id"]], cited),
        ]

    fig = charts.gap_bar(
        [wrap_label(label, 44) for label in labels],
        known["funded_usd"].astype("float64").tolist(),
        known["gap_usd"].astype("float64").tolist(),
        funded_texts=[format_usd(v, lang) for v in known["funded_usd"]],
        gap_texts=[format_usd(v, lang) for v in known["gap_usd"]],
        hover_lines=[_hover(r) for _, r in known.iterrows()],
        funded_name=translate("funding.gaps_funded", lang),
        gap_name=translate("funding.gaps_gap", lang),
        x_title=translate("funding.bar_axis", lang),
        title=translate("funding.gaps_chart_title", lang),
    )
    charts.localise(fig, lang)
    charts.money_axis(fig, float(known["required_usd"].max()), lambda v: format_usd(v, lang), count=4)
    return freeze(fig)


@st.cache_resource(show_spinner=False, max_entries=256)
def plans_table(country: str | None, lang: str) -> pa.Table:
    """Every plan of the view, one row each naming its own source ("As of <date> | <source>"), formatted
    for reading (table_format.readable: money in the language's style, shares as published, "–" for an
    unknown); an Arrow table, which st.dataframe sends without converting it on every rerun."""
    rows = plans(country)
    cited = _citation_lines(lang)
    organisation = {
        "IOM": translate("funding.org_iom", lang),
        "all-agencies": translate("funding.org_all", lang),
    }
    columns = {
        "col_appeal": plan_labels(rows, lang),
        "col_year": rows["year"],
        "col_scope": scope_labels(rows, lang),
        "col_org": rows["organisation_scope"].map(lambda v: organisation.get(v, v)),
        "col_required": rows["required_usd"],
        "col_funded": rows["funded_usd"],
        "col_gap": rows["gap_usd"],
        "col_funded_pct": rows["funded_pct"],
        "col_unmet": rows["unmet_usd"],
        "col_as_of": rows["as_of"],
        "col_source": rows["source_id"].map(lambda s: cited.get(s, s)),
    }
    kinds: dict[str, table_format.Kind] = {
        "col_year": "as_written", "col_required": "usd", "col_funded": "usd", "col_gap": "usd",
        "col_funded_pct": "published_percent", "col_unmet": "usd", "col_as_of": "date",
    }  # fmt: skip
    table = pd.DataFrame({translate(f"funding.{key}", lang): column for key, column in columns.items()})
    shown = table_format.readable(table, lang, {translate(f"funding.{k}", lang): v for k, v in kinds.items()})
    return pa.Table.from_pandas(shown, preserve_index=False)


def plans_download(country: str | None, lang: str) -> pd.DataFrame:
    """The plans as numbers (an empty cell is an unknown, never a zero), for the downloads."""
    rows = plans(country)
    columns = {
        "col_appeal": "appeal",
        "col_year": "year",
        "col_scope": "scope",
        "col_scope_iso3": "scope_iso3",
        "col_org": "organisation_scope",
        "col_required": "required_usd",
        "col_funded": "funded_usd",
        "col_gap": "gap_usd",
        "col_funded_pct": "funded_pct",
        "col_unmet": "unmet_usd",
        "col_as_of": "as_of",
        "col_note": "note",
        "col_source_id": "source_id",
    }
    # the plan and its scope named in the download's language, as on the page
    rows = rows.assign(appeal=plan_labels(rows, lang), scope=scope_labels(rows, lang))
    return pd.DataFrame({translate(f"funding.{key}", lang): rows[column] for key, column in columns.items()})


def _plan_figures(known: pd.DataFrame, lang: str) -> None:
    """One block per plan: its three figures, then its date, what it publishes itself, and its source."""
    for _, row in known.iterrows():
        st.markdown(f"**{escape_markdown(plan_label(row, lang))}** ({row['year']})")
        req_col, funded_col, gap_col = st.columns(3)
        req_col.metric(translate("funding.gaps_required", lang), format_usd(row["required_usd"], lang))
        funded_col.metric(translate("funding.gaps_funded", lang), format_usd(row["funded_usd"], lang))
        gap_col.metric(translate("funding.gaps_gap", lang), format_usd(row["gap_usd"], lang))
        published = [_funding_date(row["as_of"], lang)]
        if pd.notna(row["funded_pct"]):
            pct = published_pct(row["funded_pct"], lang)
            published.append(translate("funding.pct_as_published", lang, pct=pct))
        if pd.notna(row["unmet_usd"]):
            unmet = format_usd(row["unmet_usd"], lang)
            published.append(translate("funding.unmet_as_published", lang, amount=unmet))
        st.caption(" · ".join(published))
        source_caption([row["source_id"]])


def response_plans(country: str | None, lang: str) -> None:
    """IOM's crisis response plans: the funded-and-gap chart, a block per plan for a selected country, and
    the list of plans."""
    st.subheader(translate("funding.iom_plans_heading", lang))
    st.info(translate("funding.iom_plans_intro", lang))
    st.caption(
        translate("funding.iom_plans_scope_country", lang, country=country_labels(lang)[country])
        if country
        else translate("funding.iom_plans_scope_all", lang)
    )
    rows = plans(country)
    known = rows[rows["gap_known"]]
    if known.empty:
        st.info(translate("funding.gaps_none", lang))
    else:
        fig = gap_figure(country, lang)
        st.plotly_chart(fig, key="funding_gaps", config=CHART_CONFIG, width="stretch")
        source_caption(known["source_id"])
        if country:
            _plan_figures(known, lang)
    unknown = int((~rows["gap_known"]).sum())
    if unknown:
        st.caption(translate("funding.appeals_unknown_count", lang, count=unknown, total=len(rows)))
    if rows.empty:
        return
    st.markdown(f"**{translate('funding.appeals_list', lang)}**")
    st.dataframe(plans_table(country, lang), hide_index=True, width="stretch", key="funding_appeals_table")
    basename = "iom-crisis-response-plans" + (f"-{country}" if country else "")
    downloads(lambda: plans_download(country, lang), basename, "appeals")
