"""Displacement in the region: one measure in one year for the 20 countries (IDMC conflict IDPs, UNHCR
refugees hosted or originating, IDMC disaster displacements) on a map and a ranking; then, for one country,
where its refugees came from and where its own refugees are hosted (UNHCR).

This page reads its filters and calls the sections of dashboard/sections/displacement*.py. The filters live
in the URL as codes (?measure=refugees_hosted, ?year=2025, ?series=idmc_via_unhcr, ?country=TCD), read
through dashboard.state, which falls back with a notice on a bad value; each widget's callback writes the
reader's choice back. Not bind="query-params": a bound selectbox puts its displayed label in the URL
(?measure=Réfugiés accueillis (HCR) in French), and the year's options change with the measure, where a
bound widget would drop the year without a word.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard import data, state
from dashboard.i18n import current_language
from dashboard.sections import displacement, displacement_flows
from dashboard.sections.displacement import DEFAULT_MEASURE, DEFAULT_SERIES, IDMC_SERIES, MEASURES, tr

lang = current_language()
data.require("entities")  # the page cannot do without the region's countries: stop here with an error
names = displacement.country_names(lang)
countries = displacement.region_countries()


def _years(measure: str, series: str) -> list[int] | None:
    """The measure's years, or None after a warning naming the table that cannot be read."""
    return data.or_warning(lambda: displacement.years(measure, series))


# --- filters: ?measure=, ?series=, ?year=, ?country= -------------------------------------------------------

measure = state.query_choice("measure", MEASURES, DEFAULT_MEASURE, normalise=str.strip)
series = state.query_choice("series", IDMC_SERIES, DEFAULT_SERIES, normalise=str.strip)
if measure != "conflict_idps":
    series = DEFAULT_SERIES  # only IDMC's conflict IDPs come in two releases
years = _years(measure, series)
year = None
if years:
    picked_year = state.query_choice("year", [str(y) for y in years], str(years[-1]))
    year = int(picked_year)
country = state.query_choice(
    "country", countries, displacement.default_country(), normalise=state.upper_code, named=names.get
)

st.session_state["displacement_measure"] = measure
st.session_state["displacement_series"] = series
st.session_state["displacement_year"] = year
st.session_state["displacement_country"] = country


def _measure_picked() -> None:
    # The year stays when the new measure has figures for it; else the new measure's latest year.
    chosen = st.session_state["displacement_measure"]
    available = _years(chosen, DEFAULT_SERIES) or []
    state.set_query(measure=chosen, series=None, year=str(year) if year in available else None)


def _series_picked() -> None:
    chosen = st.session_state["displacement_series"]
    available = _years(measure, chosen) or []
    state.set_query(series=None if chosen == DEFAULT_SERIES else chosen,
                    year=str(year) if year in available else None)


def _year_picked() -> None:
    state.set_query(year=str(st.session_state["displacement_year"]))


def _country_picked() -> None:
    state.set_query(country=st.session_state["displacement_country"])


def _code_picker(widget: Callable[..., Any], name: str, codes: list[str], on_change: Callable[[], None],
                 **options: Any) -> None:  # fmt: skip
    """`widget` (st.selectbox, st.radio) over codes labelled by the catalogue (`{name}_{code}`), its value
    under session key displacement_{name}, `on_change` writing the choice to the URL."""
    widget(tr(f"pick_{name}", lang), codes, format_func=lambda code: tr(f"{name}_{code}", lang),
           key=f"displacement_{name}", on_change=on_change, **options)  # fmt: skip


st.title(tr("title", lang))
st.caption(tr("intro", lang))
controls = st.columns([4, 2, 4], vertical_alignment="bottom")
with controls[0]:
    _code_picker(st.selectbox, "measure", MEASURES, _measure_picked)
if years:
    with controls[1]:
        st.selectbox(tr("pick_year", lang), years, key="displacement_year", on_change=_year_picked)
if measure == "conflict_idps":
    with controls[2]:
        _code_picker(st.radio, "series", IDMC_SERIES, _series_picked, horizontal=True)

# --- sections ---------------------------------------------------------------------------------------------

if year is not None:
    displacement.show_regional(measure, year, series, country, lang)
elif years == []:
    st.info(tr("measure_none", lang))

st.divider()
st.selectbox(
    tr("pick_country", lang),
    countries,
    format_func=names.get,
    key="displacement_country",
    on_change=_country_picked,
)
# The flows follow the map's year when UNHCR has figures for it (IDMC's years all have them).
displacement_flows.flows(country, year, lang)
