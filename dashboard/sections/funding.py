"""Funding page, the IOM Migration Initiatives 2020 appeal: the filters' labels, the headline figures, the
map, the ranking and the table behind them, for explicit filters (pillar, theme, country) and a language.
Requirements only: funding received and gaps come from OCHA FTS (funding_fts.py), never mixed in here.

Builders (cached, shared by sessions: never modify what they return) load the tables with `data.load`
and call dashboard.queries; renderers draw. Filter values: `pillar` is "all", "principles", "objectives"
or a pillar id; `theme` and `country` are None for "all".
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, maps, queries, state, style
from dashboard.components import data_view, show_map, source_caption
from dashboard.i18n import format_date, format_pct, format_usd, translate
from dashboard.sections.appeal import office_totals, requirement_map, requirement_ranking

ALL = "all"
GROUPS = ("principles", "objectives")
CHART_CONFIG = style.CHART_CONFIG


# --- the filters' labels (codes in the URL, names on the screen) ---------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def pillar_labels(lang: str) -> dict[str, str]:
    """{pillar control value: label}: all, the two groups, then each pillar in order (read-only)."""
    pillars = data.load("pillars").sort_values("seq")
    labels = {ALL: translate("funding.pillar_all", lang)}
    labels.update({group: translate(f"funding.pillar_{group}", lang) for group in GROUPS})
    for pillar_id, name in zip(pillars["pillar_id"], pillars[f"name_{lang}"], strict=True):
        labels[pillar_id] = translate("funding.pillar_option", lang, id=pillar_id, name=name)
    return labels


@st.cache_resource(show_spinner=False, max_entries=4)
def theme_labels(lang: str) -> dict[str, str]:
    """{theme control value: label}: all themes, then each theme in the table's order (read-only)."""
    themes = data.load("themes")
    return {
        ALL: translate("funding.theme_all", lang),
        **dict(zip(themes["theme_id"], themes[f"name_{lang}"], strict=True)),
    }


@st.cache_resource(show_spinner=False, max_entries=4)
def country_labels(lang: str) -> dict[str, str]:
    """{country control value: label}: no country, then the country offices by name (read-only)."""
    entities = data.load("entities")
    countries = entities[entities["kind"] == "country"].sort_values(f"name_{lang}")
    names = dict(zip(countries["entity_id"], countries[f"name_{lang}"], strict=True))
    return {ALL: translate("funding.country_none", lang), **names}


def normalise_pillar(raw: str) -> str:
    """A pillar as a link may spell it (?pillar=o2, ?pillar=Objectives) -> its control value."""
    value = raw.strip()
    return value.lower() if value.lower() in (ALL, *GROUPS) else value.upper()


# --- what a view shows ----------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def shown_countries(pillar: str, theme: str | None) -> pd.DataFrame:
    """The countries on the map and in the ranking: every country office, or those whose 2020 priorities
    carry `theme`; columns of queries.appeal_totals, largest first."""
    totals = office_totals(pillar)
    countries = totals[totals["kind"] == "country"]
    if theme is None:
        return countries
    themed = queries.entities_with_theme(data.load("priorities"), data.load("priority_themes"), theme)
    return countries[countries["entity_id"].isin(themed)]


def theme_sources(theme: str | None) -> list[str]:
    """Sources of the theme assignment (none without a theme)."""
    if theme is None:
        return []
    priority_themes = data.load("priority_themes")
    return priority_themes.loc[priority_themes["theme_id"] == theme, "source_id"].tolist()


def date_text(value: object, lang: str) -> str:
    """A table's date as the language writes it; a blank one says the date is not stated."""
    return format_date(None if pd.isna(value) else value, lang)


def published_pct(value: object, lang: str) -> str:
    """A share as the source printed it (54 -> 54%, 19.2 -> 19.2%); "–" when not published."""
    if pd.isna(value):
        return "–"
    number = float(value)
    return format_pct(number / 100, lang, digits=0 if number.is_integer() else 1)


# --- headline figures -------------------------------------------------------------------------------------


def headline(pillar: str, theme: str | None, lang: str) -> None:
    """The regional total, the Regional Office and the countries shown, for the pillar (and theme)."""
    totals = office_totals(pillar)
    shown = shown_countries(pillar, theme)
    countries = totals[totals["kind"] == "country"]
    office = totals[totals["entity_id"] == queries.REGIONAL_OFFICE]
    regional_total = int(totals["amount_usd"].sum())
    total_col, office_col, countries_col = st.columns(3)
    with total_col:
        st.metric(translate("funding.regional_total", lang), format_usd(regional_total, lang))
        st.caption(translate("funding.regional_total_note", lang, pillars=pillar_labels(lang)[pillar]))
        source_caption(totals["source_id"])
    if not office.empty:
        row = office.iloc[0]
        with office_col:
            st.metric(translate("funding.ro_metric", lang), format_usd(row["amount_usd"], lang))
            st.caption(translate("funding.ro_note", lang, share=format_pct(row["share"], lang)))
            source_caption([row["source_id"]])
    shown_total = int(shown["amount_usd"].sum())
    share = format_pct(shown_total / regional_total if regional_total else None, lang)
    with countries_col:
        if theme is None:
            st.metric(
                translate("funding.countries_metric", lang, count=len(countries)),
                format_usd(shown_total, lang),
            )
            st.caption(translate("funding.countries_note", lang, share=share))
            source_caption(shown["source_id"])
        else:
            label = translate("funding.theme_metric", lang, count=len(shown), total=len(countries))
            st.metric(label, format_usd(shown_total, lang))
            theme_name = theme_labels(lang)[theme]
            st.caption(translate("funding.theme_metric_note", lang, theme=theme_name, share=share))
            source_caption([*shown["source_id"], *theme_sources(theme)])


# --- the map ----------------------------------------------------------------------------------------


def map_heading(pillar: str, lang: str) -> str:
    return translate("funding.map_heading", lang, pillars=pillar_labels(lang)[pillar])


@st.cache_resource(show_spinner=False, max_entries=512)
def appeal_map(pillar: str, theme: str | None, country: str | None, lang: str) -> maps.MapSpec:
    """The countries shown, coloured by their 2020 requirement, with their share in the hover and `country`
    outlined."""
    shown = shown_countries(pillar, theme)
    return requirement_map(
        shown.assign(share_text=shown["share"].map(lambda v: format_pct(v, lang))),
        lang,
        colorbar_title=translate("funding.map_colorbar", lang),
        hover_cols={"share_text": translate("funding.hover_share", lang)},
        context_label=translate("funding.map_context_theme" if theme else "funding.map_context", lang),
        label=map_heading(pillar, lang),
        highlight=country,
    )


def select_country(iso3: str) -> None:
    """A click on the map or a bar selects that country: written to the URL, read back by the page."""
    state.set_query(country=iso3)


def map_section(pillar: str, theme: str | None, country: str | None, lang: str) -> None:
    """The map, its sources, and which countries it colours."""
    if data.optional_boundaries() is None:
        return
    shown = shown_countries(pillar, theme)
    show_map(appeal_map(pillar, theme, country, lang), key="funding_map", on_click=select_country)
    source_caption(shown["source_id"])
    if theme is not None:
        name = theme_labels(lang)[theme]
        st.caption(
            translate("funding.map_theme_note", lang, count=len(shown), theme=name)
            if len(shown)
            else translate("funding.map_theme_none", lang, theme=name)
        )
        source_caption(theme_sources(theme))


# --- the ranking and the table behind both --------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=512)
def ranking_figure(pillar: str, theme: str | None, country: str | None, lang: str) -> go.Figure:
    """The countries shown, ranked by requirement; `country` highlighted."""
    return requirement_ranking(
        shown_countries(pillar, theme),
        lang,
        x_title=translate("funding.bar_axis", lang),
        title=translate("funding.bar_title", lang),
        highlight=country,
    )


def select_from_chart(key: str) -> None:
    """A click on a bar of the ranking of widget key `key` selects that bar's country."""
    picked = charts.selected_keys(st.session_state.get(key))
    if picked:
        select_country(picked[0])


def _select_from_ranking() -> None:
    select_from_chart("funding_bar")


def ranking_section(pillar: str, theme: str | None, country: str | None, lang: str) -> None:
    shown = shown_countries(pillar, theme)
    if shown.empty:
        st.info(translate("funding.map_theme_none", lang, theme=theme_labels(lang).get(theme or "", "")))
        return
    st.plotly_chart(
        ranking_figure(pillar, theme, country, lang),
        key="funding_bar",
        on_select=_select_from_ranking,
        selection_mode="points",
        config=CHART_CONFIG,
        width="stretch",
    )
    source_caption(shown["source_id"])


@st.cache_data(show_spinner=False)
def appeal_table(pillar: str, theme: str | None, lang: str) -> pd.DataFrame:
    """What the map and the ranking show, as a table: code, office, requirement, share (%), rank."""
    shown = shown_countries(pillar, theme)
    return pd.DataFrame(
        {
            translate("funding.col_iso3", lang): shown["entity_id"],
            translate("funding.col_office", lang): shown[f"name_{lang}"],
            translate("funding.col_requirement", lang): shown["amount_usd"],
            translate("funding.col_share", lang): (shown["share"] * 100).round(2),
            translate("funding.col_rank", lang): shown["rank"],
        }
    )


def table_section(pillar: str, theme: str | None, lang: str) -> None:
    """How to select a country, and the table behind the map (sent only when opened)."""
    st.caption(translate("funding.click_hint", lang))
    basename = f"funding-appeal-2020-{pillar}" + (f"-{theme}" if theme else "")
    data_view(lambda: appeal_table(pillar, theme, lang), basename, "map",
              kinds={translate("funding.col_share", lang): "percent"})
