"""Country profile: one office's 2020 appeal, humanitarian funding (OCHA FTS), displacement (IDMC, UNHCR and,
in the Lake Chad Basin, DTM), IOM's crisis response plans, priorities by theme and events, with a one-click
briefing pack; or two to four offices side by side (?compare=NGA,NER,TCD).

This page reads its filters and calls the sections of dashboard/sections/country*.py. The filters live
in the URL as codes (?country=NGA, ?compare=NGA,NER,TCD, ?themes=health), read through dashboard.state,
which falls back with a notice on a bad value; each widget's callback writes the reader's choice back.
Not bind="query-params": a bound selectbox or multiselect puts its displayed label in the URL
(?country=Tchad in French, ?country=Chad in English), so a link would depend on the language and the
documented ?country=NGA would be dropped.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, state
from dashboard.i18n import current_language
from dashboard.sections import (
    country,
    country_compare,
    country_displacement,
    country_funding,
    country_plans,
    country_priorities,
)
from dashboard.sections.country import MAX_COMPARE, tr

lang = current_language()
data.require("appeal", "entities", "pillars")  # the page cannot do without them: stop here with an error
names = country.office_names(lang)
offices = country.office_choices(lang)


def _code(raw: str) -> str:
    return raw.strip().upper()  # ?country=gin opens Guinea


# --- filters: ?country=, ?compare= ------------------------------------------------------------------------

entity_id = state.query_choice(
    "country", offices, country.largest_appeal(), normalise=_code, named=names.get
)
compare_ids = state.query_choices("compare", offices, normalise=_code)
if len(compare_ids) > MAX_COMPARE:
    st.toast(tr("compare_too_many", lang, limit=MAX_COMPARE))
    compare_ids = compare_ids[:MAX_COMPARE]
if "compare" in st.query_params:
    state.set_query(compare=compare_ids)  # a shared link keeps only the valid codes

# Comparison mode: the URL asks for it, or the reader switched to it (and may have emptied the selection).
st.session_state.setdefault("country_mode", "profile")
if compare_ids:
    st.session_state["country_mode"] = "compare"
st.session_state["country_pick"] = entity_id
st.session_state["compare_pick"] = compare_ids
mode = st.session_state["country_mode"]


def _country_picked() -> None:
    state.set_query(country=st.session_state["country_pick"], themes=None)


def _mode_picked() -> None:
    comparing = st.session_state["country_mode"] == "compare"
    state.set_query(compare=country.default_comparison(entity_id) if comparing else None)


def _compare_picked() -> None:
    state.set_query(compare=st.session_state["compare_pick"])


def _themes_picked() -> None:
    state.set_query(themes=st.session_state["country_themes"])


st.title(tr("compare_title", lang) if mode == "compare" else tr("title", lang, name=names[entity_id]))
controls = st.columns([5, 3, 4], vertical_alignment="bottom")
with controls[1]:
    st.radio(
        tr("mode", lang),
        ("profile", "compare"),
        format_func=lambda m: tr(f"mode_{m}", lang),
        key="country_mode",
        horizontal=True,
        on_change=_mode_picked,
    )
with controls[0]:
    if mode == "compare":
        st.multiselect(
            tr("compare_pick", lang, limit=MAX_COMPARE),
            offices,
            format_func=names.get,
            key="compare_pick",
            max_selections=MAX_COMPARE,
            on_change=_compare_picked,
            placeholder=tr("compare_placeholder", lang),
        )
    else:
        st.selectbox(
            tr("pick", lang), offices, format_func=names.get, key="country_pick", on_change=_country_picked
        )
if mode == "profile":
    with controls[2]:
        country.show_brief_button(entity_id, lang)

# --- sections ---------------------------------------------------------------------------------------------

def profile(office: str) -> None:
    left, right = st.columns([2, 1], gap="large")
    with left:
        country.show_appeal(office, lang)
        country.show_displacement(office, lang)  # DTM, Lake Chad Basin only
    with right:
        country.show_locator(office, lang)
    country_funding.show_fts_funding(office, lang)
    country_displacement.show_forced_displacement(office, lang)
    country_funding.show_per_displaced(office, lang)  # one year's figures of FTS, IDMC and UNHCR only
    country.show_pillars(office, lang)
    country_plans.show_response_plans(office, lang)  # IOM's own plans, which FTS lacks
    if country_priorities.show_theme_counts(office, lang):
        # ?themes=: only the texts of the chosen themes
        themes = country_priorities.themes_present(office)
        st.session_state["country_themes"] = state.query_choices("themes", themes)
        chosen = st.multiselect(
            tr("filter_themes", lang),
            themes,
            format_func=country_priorities.theme_names(lang).get,
            key="country_themes",
            on_change=_themes_picked,
            placeholder=tr("filter_placeholder", lang),
        )
        country_priorities.show_priority_texts(office, lang, tuple(chosen))
    country.show_events(office, lang)


if mode == "compare":
    country_compare.show_comparison(tuple(compare_ids), lang)
else:
    profile(entity_id)
