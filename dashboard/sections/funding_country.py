"""Funding page, one country in the IOM 2020 appeal: the selected country's 2020 requirement by pillar and
the top themes of its priorities. (No requirement per person here: the 2020 appeal divided by a later
year's displacement count would set figures of different years against each other.)

Builders are cached and shared by sessions (never modify what they return); renderers draw.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, queries, state
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_int, format_pct, format_usd, translate
from dashboard.sections.appeal import appeal_2020, office_totals
from dashboard.sections.funding import ALL, CHART_CONFIG, country_labels, pillar_labels

TOP_THEMES = 6


def wrap_label(label: str, width: int = 38) -> str:
    """A long axis label on several lines (plotly line breaks), escaped, so the bars keep their width."""
    return "<br>".join(textwrap.wrap(html.escape(label, quote=False), width)) or label


# --- the selected country -----------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def pillar_table(country: str) -> pd.DataFrame:
    """The country's 2020 requirement per pillar (queries.appeal_by_pillar), in pillar order."""
    return queries.appeal_by_pillar(appeal_2020(), data.load("pillars"), country)


@st.cache_resource(show_spinner=False, max_entries=256)
def pillar_figure(country: str, lang: str) -> go.Figure:
    by_pillar = pillar_table(country)
    labels = [
        wrap_label(translate("funding.pillar_option", lang, id=p, name=n))
        for p, n in zip(by_pillar["pillar_id"], by_pillar[f"name_{lang}"], strict=True)
    ]
    fig = charts.pillar_bar(
        by_pillar["pillar_id"].tolist(),
        labels,
        by_pillar["amount_usd"].tolist(),
        value_texts=[format_usd(a, lang) for a in by_pillar["amount_usd"]],
        x_title=translate("funding.bar_axis", lang),
        title=translate("funding.by_pillar_title", lang, country=country_labels(lang)[country]),
    )
    charts.localise(fig, lang)
    charts.money_axis(fig, float(by_pillar["amount_usd"].max()), lambda v: format_usd(v, lang), count=3)
    return freeze(fig)


@st.cache_data(show_spinner=False)
def theme_table(country: str) -> pd.DataFrame:
    """The country's most frequent themes (queries.theme_counts), TOP_THEMES at most."""
    counts = queries.theme_counts(
        data.load("priorities"), data.load("priority_themes"), data.load("themes"), country
    )
    return counts.head(TOP_THEMES)


@st.cache_resource(show_spinner=False, max_entries=256)
def theme_figure(country: str, theme: str | None, lang: str) -> go.Figure:
    counts = theme_table(country)
    fig = charts.ranked_bar(
        counts[f"name_{lang}"].tolist(),
        counts["priorities"].tolist(),
        value_texts=[format_int(n, lang) for n in counts["priorities"]],
        keys=counts["theme_id"].tolist(),
        highlight=theme,
        x_title=translate("funding.themes_axis", lang),
        title=translate("funding.top_themes", lang, country=country_labels(lang)[country]),
    )
    charts.localise(fig, lang)
    # Counts: whole-number ticks, labels upright beside the bars.
    fig.update_traces(textposition="outside", textangle=0, cliponaxis=False)
    fig.update_xaxes(dtick=1, tickformat="d", range=[0, float(counts["priorities"].max()) * 1.15])
    return freeze(fig)


def _clear_country() -> None:
    state.set_query(country=None)


def selected_country(country: str, pillar: str, theme: str | None, lang: str, with_themes: bool) -> None:
    """The country's 2020 requirement (and for the chosen pillars), its link, its pillars and themes."""
    name = country_labels(lang)[country]
    all_offices = office_totals(ALL).set_index("entity_id")
    row = all_offices.loc[country]
    st.subheader(translate("funding.selected_heading", lang, country=name))
    summary_col, pillar_col = st.columns([1, 2])
    with summary_col:
        st.metric(
            translate("funding.selected_total", lang, country=name), format_usd(row["amount_usd"], lang)
        )
        share = format_pct(row["share"], lang)
        st.caption(
            translate("funding.selected_share", lang, share=share, rank=row["rank"], count=len(all_offices))
        )
        source_caption([row["source_id"]])
        if pillar != ALL:
            subset = office_totals(pillar).set_index("entity_id")
            amount = subset.loc[country, "amount_usd"] if country in subset.index else 0
            label = translate("funding.selected_pillars", lang, pillars=pillar_labels(lang)[pillar])
            st.metric(label, format_usd(amount, lang))
            source_caption([row["source_id"]])
        st.page_link(
            "app_pages/country.py",
            label=translate("funding.country_link", lang, country=name),
            icon=":material/flag:",
            query_params={"country": country, "lang": lang},
        )
        st.button(
            translate("funding.clear_selection", lang), on_click=_clear_country, icon=":material/close:"
        )
    with pillar_col:
        st.plotly_chart(
            pillar_figure(country, lang),
            key="funding_pillars",
            config=CHART_CONFIG,
            width="stretch",
        )
        by_pillar = pillar_table(country)
        source_caption(by_pillar["source_id"].dropna())
        data_view(lambda: _pillar_view(country, lang), f"funding-{country}-by-pillar", "pillars")
    if with_themes:
        _themes(country, theme, lang)


def _pillar_view(country: str, lang: str) -> pd.DataFrame:
    by_pillar = pillar_table(country)
    return pd.DataFrame(
        {
            translate("funding.col_pillar", lang): by_pillar["pillar_id"],
            translate("funding.col_pillar_name", lang): by_pillar[f"name_{lang}"],
            translate("funding.col_requirement", lang): by_pillar["amount_usd"],
        }
    )


def _themes(country: str, theme: str | None, lang: str) -> None:
    counts = theme_table(country)
    if counts.empty:
        st.info(translate("funding.themes_none", lang, country=country_labels(lang)[country]))
        return
    st.plotly_chart(
        theme_figure(country, theme, lang),
        key="funding_themes",
        config=CHART_CONFIG,
        width="stretch",
    )
    priorities = data.load("priorities")
    source_caption([*priorities.loc[priorities["entity_id"] == country, "source_id"], *counts["source_id"]])
    view = lambda: pd.DataFrame(  # noqa: E731 - made only when the view is opened
        {
            translate("funding.col_theme_id", lang): counts["theme_id"],
            translate("funding.col_theme", lang): counts[f"name_{lang}"],
            translate("funding.col_priorities", lang): counts["priorities"],
        }
    )
    data_view(view, f"funding-{country}-themes", "themes")
