"""Themes: what the region asks for, theme by theme.

One tab each: a theme in detail (map, countries, the priorities as written, the appeal of those countries
under the theme's pillar); all themes (a country x theme matrix grouped by MiGOF pillar); the regional
section's own principles and objectives; a text search over every priority; how themes are assigned. French
readers read the priorities in the project's working translation, the English original one toggle away
(dashboard/sections/themes_text.py).

The page reads its filters from the URL (?view=, ?theme=, ?country_order=, ?theme_order=, ?q=,
?q_countries=, ?q_themes=) and calls the sections of dashboard/sections/themes*.py. Only the open tab
runs: a rerun pays for what is shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard import data, queries, search, state
from dashboard.i18n import current_language, translate
from dashboard.sections import themes, themes_matrix, themes_search

lang = current_language()

st.title(translate("themes.title", lang))
st.write(translate("themes.intro", lang))
data.require("priorities", "priority_themes", "themes", "pillars", "entities")
names = themes.names(lang)

# --- the tabs: their choice is ?view=<code> (Streamlit's own tab binding would put the label in the URL) ---
VIEWS = ("theme", "matrix", "regional", "search", "method")
# A search link (?q=, filters) opens the search tab; otherwise the theme in detail.
searching = any(st.query_params.get(p) for p in ("q", "q_countries", "q_themes"))
default_view = "search" if searching else "theme"
view = state.query_choice("view", VIEWS, default_view, normalise=state.lower_code)
view_labels = {v: translate(f"themes.tab.{v}", lang) for v in VIEWS}


def _view_changed() -> None:
    picked = {label: v for v, label in view_labels.items()}.get(st.session_state.get("themes-view"))
    state.set_query(view=picked)


tab_list = st.tabs(
    list(view_labels.values()), key="themes-view", default=view_labels[view], on_change=_view_changed
)
tabs = dict(zip(VIEWS, tab_list, strict=True))

# The matrix's two orders, ?country_order= and ?theme_order=: their radio's key, the orders, the default.
ORDERS = {
    "country_order": ("themes-country-order", queries.OFFICE_ORDERS, "name"),
    "theme_order": ("themes-theme-order", queries.THEME_ORDERS, "taxonomy"),
}


def _matrix_order(param: str, column: Any) -> str | None:
    """The order `param` from the URL, as a radio in `column`."""
    key, options, default = ORDERS[param]
    return state.select_in_url(
        column.radio, translate(f"themes.{param}", lang), options, param=param, key=key, default=default,
        format_func=lambda v: translate(f"themes.{param}_{v}", lang), horizontal=True,
    )  # fmt: skip


def _search_filter(column: Any, label_key: str, labels: Mapping[str, str], param: str, key: str) -> list[str]:
    """A multiselect of the codes of `labels` kept in ?param= (none chosen: all)."""
    return state.multiselect_in_url(
        column.multiselect, translate(label_key, lang), list(labels), param=param, key=key,
        format_func=labels.get, placeholder=translate("common.all", lang),
    )  # fmt: skip


# --- one tab each; the loop at the end opens the tab and writes its heading -------------------------------


def _theme_tab() -> None:
    """One theme in detail."""
    theme_id = state.select_in_url(
        st.selectbox,
        translate("themes.theme_choice", lang),
        names.theme_ids,
        param="theme",
        key="themes-theme",
        default=names.theme_ids[0],
        format_func=lambda i: names.theme_label(i, lang),
    )
    themes.show_theme(theme_id, lang)


def _matrix_tab() -> None:
    """All themes: the matrix."""
    st.write(translate("themes.matrix_intro", lang))
    left, right = st.columns(2)
    office_order = _matrix_order("country_order", left)
    theme_order = _matrix_order("theme_order", right)
    themes_matrix.show_matrix(office_order, theme_order, lang)


def _regional_tab() -> None:
    """The region's own priorities."""
    st.write(translate("themes.regional_intro", lang))
    themes.show_regional(lang)


def _search_tab() -> None:
    """A text search over every priority."""
    st.write(translate("themes.fr_text.search_intro", lang))
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
    offices = _search_filter(
        office_col, "themes.filter_countries", names.offices, "q_countries", "themes-q-countries"
    )
    chosen_themes = _search_filter(
        theme_col, "themes.filter_themes", names.themes, "q_themes", "themes-q-themes"
    )
    themes_search.show_results(query, offices, chosen_themes, lang)


def _method_tab() -> None:
    """How themes are assigned."""
    st.markdown(translate("themes.method_intro", lang))
    themes.show_method(lang)


TABS = {
    "theme": _theme_tab, "matrix": _matrix_tab, "regional": _regional_tab, "search": _search_tab,
    "method": _method_tab,
}  # fmt: skip
# In the order of VIEWS: the theme first, so its map draws before plotly's bundle has loaded.
for tab_view in VIEWS:
    if tabs[tab_view].open:
        with tabs[tab_view]:
            st.header(translate(f"themes.{tab_view}_heading", lang))
            TABS[tab_view]()
