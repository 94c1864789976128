"""Funding map: what the 2020 appeal asks for, office by office, and where response-plan funding is known.

Two kinds of figures, never mixed: the IOM 2020 appeal (requirements only: map, ranking, a country's
pillars and themes) and the response plans of funding.csv (requirement, funding received and gap, each
inside its own appeal). The view (pillar, theme, country, year) lives in the URL, so a link reopens it.
This file reads the filters and lays out the sections (dashboard/sections/funding*.py).
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, state
from dashboard.i18n import current_language, t
from dashboard.sections import funding, funding_country, funding_plans
from dashboard.sections.funding import ALL

lang = current_language()
presenting = state.presenting()

st.title(t("funding.title"))
if not presenting:
    st.write(t("funding.intro"))

data.require("appeal", "entities", "pillars")
# Sections that need more tables: each missing one is named once, and only its sections are left out.
with_themes = all([data.optional(name) is not None for name in ("themes", "priorities", "priority_themes")])
with_funding = data.optional("funding") is not None
data.optional("sources")

# --- filters: codes in the URL (?pillar=O2&theme=health&country=NGA&year=2020), names on the screen -----

pillar_labels = funding.pillar_labels(lang)
theme_labels = funding.theme_labels(lang) if with_themes else {ALL: t("funding.theme_all")}
country_labels = funding.country_labels(lang)
years = funding_plans.funding_years() if with_funding else []

pillar_col, theme_col, country_col, year_col = st.columns(4)
pillar = state.url_selectbox(
    pillar_col,
    t("funding.pillar_label"),
    list(pillar_labels),
    param="pillar",
    key="funding_pillar",
    labels=pillar_labels,
    default=ALL,
    normalise=funding.normalise_pillar,
)
theme = state.url_selectbox(
    theme_col,
    t("funding.theme_label"),
    list(theme_labels),
    param="theme",
    key="funding_theme",
    labels=theme_labels,
    default=ALL,
    normalise=lambda s: s.strip().lower(),
    disabled=not with_themes,
)
country = state.url_selectbox(
    country_col,
    t("funding.country_label"),
    list(country_labels),
    param="country",
    key="funding_country",
    labels=country_labels,
    default=ALL,
    normalise=lambda s: s.strip().upper(),
)
# Years are their own labels, so this one is bound to the URL by Streamlit itself (?year=2020).
state.notice_unless_option("year", years)
year = year_col.selectbox(
    t("funding.year_label"),
    [ALL, *years],
    key="year",
    bind="query-params",
    format_func=lambda v: t("funding.year_all") if v == ALL else v,
    disabled=not with_funding,
)
theme_id = None if theme == ALL else theme
country_id = None if country == ALL else country
year_number = None if year == ALL else int(year)

# --- the 2020 appeal ------------------------------------------------------------------------------------

funding.headline(pillar, theme_id, lang)
st.subheader(funding.map_heading(pillar, lang))
map_col, bar_col = st.columns([3, 2])
with map_col:
    funding.map_section(pillar, theme_id, year_number, country_id, lang, presenting)
with bar_col:
    funding.ranking_section(pillar, theme_id, country_id, lang, presenting)
if not presenting:
    funding.table_section(pillar, theme_id, year_number, lang)

if country_id:
    funding_country.selected_country(country_id, pillar, theme_id, lang, presenting, with_themes)

if data.optional("displacement") is not None:
    funding_country.requirement_per_person(lang, presenting)

# --- response plans: requirement, funded and gap inside each appeal ------------------------------------

if with_funding:
    funding_plans.response_plans(country_id, year_number, lang, presenting)
