"""Themes: what the region asks for, theme by theme.

One tab each: a theme in detail (map, countries, the priorities as written, the appeal of those countries
under the theme's pillar); all themes (a country x theme matrix grouped by MiGOF pillar); the regional
section's own principles and objectives; a text search over every priority; how themes are assigned.

The page reads its filters from the URL (?view=, ?theme=, ?country_order=, ?theme_order=, ?q=,
?q_countries=, ?q_themes=) and calls the sections of dashboard/sections/themes*.py. Only the open tab
runs: a rerun pays for what is shown."""

from __future__ import annotations

import streamlit as st

from dashboard import data, queries, search, state
from dashboard.i18n import current_language, translate
from dashboard.sections import themes, themes_matrix, themes_search

lang = current_language()
presenting = state.presenting()

st.title(translate("themes.title", lang))
st.write(translate("themes.intro", lang))
data.require("priorities", "priority_themes", "themes", "pillars", "entities")
names = themes.names(lang)

# --- the tabs: their choice is ?view=<code> (Streamlit's own tab binding would put the label in the URL) ---
VIEWS = ("theme", "matrix") if presenting else ("theme", "matrix", "regional", "search", "method")
# A search link (?q=, filters) opens the search tab; otherwise the theme in detail.
searching = any(st.query_params.get(p) for p in ("q", "q_countries", "q_themes"))
default_view = "search" if searching and not presenting else "theme"
view = state.query_choice("view", VIEWS, default_view, normalise=lambda v: v.strip().lower())
view_labels = {v: translate(f"themes.tab.{v}", lang) for v in VIEWS}


def _view_changed() -> None:
    picked = {label: v for v, label in view_labels.items()}.get(st.session_state.get("themes-view"))
    state.set_query(view=picked)


if presenting:
    # Projected: the theme, then the matrix, one after the other; no tab to click.
    tabs = {v: st.container() for v in VIEWS}
    is_open = dict.fromkeys(VIEWS, True)
else:
    tab_list = st.tabs(
        list(view_labels.values()), key="themes-view", default=view_labels[view], on_change=_view_changed
    )
    tabs = dict(zip(VIEWS, tab_list, strict=True))
    is_open = {v: tab.open for v, tab in tabs.items()}

# --- one theme: first, so its map draws before plotly's bundle has loaded ----------------------------
if is_open["theme"]:
    with tabs["theme"]:
        st.header(translate("themes.theme_heading", lang))
        theme_id = state.select_in_url(
            st.selectbox,
            translate("themes.theme_choice", lang),
            names.theme_ids,
            param="theme",
            key="themes-theme",
            default=names.theme_ids[0],
            format_func=lambda i: names.theme_label(i, lang),
        )
        themes.show_theme(theme_id, lang, presenting)

# --- all themes: the matrix -------------------------------------------------------------------------------
if is_open["matrix"]:
    with tabs["matrix"]:
        st.header(translate("themes.matrix_heading", lang))
        st.write(translate("themes.matrix_intro", lang))
        if presenting:
            office_order = state.query_choice("country_order", queries.OFFICE_ORDERS, "name")
            theme_order = state.query_choice("theme_order", queries.THEME_ORDERS, "taxonomy")
        else:
            left, right = st.columns(2)
            office_order = state.select_in_url(
                left.radio,
                translate("themes.country_order", lang),
                queries.OFFICE_ORDERS,
                param="country_order",
                key="themes-country-order",
                default="name",
                format_func=lambda v: translate(f"themes.country_order_{v}", lang),
                horizontal=True,
            )
            theme_order = state.select_in_url(
                right.radio,
                translate("themes.theme_order", lang),
                queries.THEME_ORDERS,
                param="theme_order",
                key="themes-theme-order",
                default="taxonomy",
                format_func=lambda v: translate(f"themes.theme_order_{v}", lang),
                horizontal=True,
            )
        themes_matrix.show_matrix(office_order, theme_order, lang, presenting)

# --- the region's own priorities --------------------------------------------------------------------------
if is_open.get("regional"):
    with tabs["regional"]:
        st.header(translate("themes.regional_heading", lang))
        st.write(translate("themes.regional_intro", lang))
        themes.show_regional(lang)

# --- search ----------------------------------------------------------------------------------------------
if is_open.get("search"):
    with tabs["search"]:
        st.header(translate("themes.search_heading", lang))
        st.write(translate("themes.search_intro", lang))
        # The words are the value itself: Streamlit binds them to ?q= (a link longer than the box's limit
        # is cut to it, with a notice).
        linked = st.query_params.get("q", "")
        if len(linked) > search.MAX_QUERY_LENGTH:
            st.toast(translate("themes.search_cut", lang, count=search.MAX_QUERY_LENGTH))
        query = st.text_input(
            translate("themes.search_label", lang),
            key="q",
            bind="query-params",
            max_chars=search.MAX_QUERY_LENGTH,
            placeholder=translate("themes.search_placeholder", lang),
        )
        office_col, theme_col = st.columns(2)
        offices = state.multiselect_in_url(
            office_col.multiselect,
            translate("themes.filter_countries", lang),
            list(names.offices),
            param="q_countries",
            key="themes-q-countries",
            format_func=names.offices.get,
            placeholder=translate("common.all", lang),
        )
        chosen_themes = state.multiselect_in_url(
            theme_col.multiselect,
            translate("themes.filter_themes", lang),
            names.theme_ids,
            param="q_themes",
            key="themes-q-themes",
            format_func=names.themes.get,
            placeholder=translate("common.all", lang),
        )
        themes_search.show_results(query, offices, chosen_themes, lang)

# --- how themes are assigned -----------------------------------------------------------------------------
if is_open.get("method"):
    with tabs["method"]:
        st.header(translate("themes.method_heading", lang))
        st.markdown(translate("themes.method_intro", lang))
        themes.show_method(lang)
