"""Presentation mode (?present=1): large type, no sidebar, a guided sequence moved with buttons or arrows."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.pages import PAGES, PRESENTATION, Step

# Static CSS only (no data in it): a projector's screen, 1280x720 at least, without scrolling. No sidebar,
# no Streamlit header or toolbar, tight padding and gaps; larger type; a map beside its legend, as tall
# as the screen leaves it (vh: the server cannot know the screen's height). The heights are checked by
# tests/browser/test_presentation_browser.py at 1280x720 and 1920x1080.
_PROJECTOR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
[data-testid="stHeader"], [data-testid="stDecoration"], [data-testid="stToolbar"] {display: none;}
[data-testid="stMainBlockContainer"] {padding: 0.6rem 1.5rem 0.2rem; max-width: none;}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.45rem;}
.stApp {font-size: 1.25rem;}
.stApp h1 {font-size: 2.1rem; line-height: 1.3; padding: 0 0 0.2rem;}
.stApp h2 {font-size: 2rem;}
[data-testid="stMetricValue"] {font-size: 2.6rem;}
[data-testid="stMetricLabel"] p {font-size: 1.2rem;}
[data-testid="stCaptionContainer"] {font-size: 1rem;}
.wca-map {display: flex; gap: 1.5rem; align-items: center;}
.wca-map-svg {flex: 1 1 0; min-width: 0; height: calc(100vh - 300px);}
.st-key-present-short .wca-map-svg {height: calc(100vh - 390px);}
.wca-map-legend {flex: 0 0 24rem; max-width: 24rem; font-size: 18px;}
.wca-map-ticks {height: 1.6rem;}
.wca-map-swatch {width: 1.1rem; height: 1.1rem;}
.st-key-present-legend p {font-size: 18px;}
</style>
"""


def read_mode() -> bool:
    """True in presentation mode; remembered in the URL as ?present=1 (anything else falls back to off)."""
    return state.query_choice("present", ("1",), None) == "1"


def step_index(current_path: str, view: str | None) -> int | None:
    """Position in the sequence of the view `view` (?slide=) of the current page, or of the page's first
    view when `view` names none of its views; None for a page outside the sequence."""
    of_page = [i for i, step in enumerate(PRESENTATION) if current_path.endswith(step.page)]
    for i in of_page:
        if PRESENTATION[i].view == view:
            return i
    return of_page[0] if of_page else None


def _go(index: int) -> None:
    step = PRESENTATION[index % len(PRESENTATION)]
    query = {"present": "1", "lang": st.session_state["lang"], "slide": step.view, **step.params}
    st.switch_page(step.page, query_params=query)


def controls(navigation: st.navigation) -> Step:
    """Previous / next (also ← / → keys), the step counter, and a one-click exit; the step to draw.
    A page outside the sequence (methods, opened by its link with ?present=1) has no view: presentation
    mode is left and the page is drawn as usual, with its sidebar, tables and downloads."""
    index = step_index(_path_of(navigation.url_path), st.query_params.get("slide"))
    if index is None:
        _leave()
    st.html(_PROJECTOR_CSS)
    previous_col, counter_col, next_col, exit_col = st.columns([1, 2, 1, 1], vertical_alignment="center")
    # No arrow icon: Streamlit already shows the shortcut's key (← / →) on the button, and both read as
    # a doubled arrow.
    if previous_col.button(t("present.previous"), shortcut="ArrowLeft"):
        _go(index - 1)
    counter_col.markdown(f"**{t('present.step', current=index + 1, total=len(PRESENTATION))}**")
    if next_col.button(t("present.next"), shortcut="ArrowRight", type="primary"):
        _go(index + 1)
    if exit_col.button(t("present.exit"), icon=":material/close:"):
        _leave()
    return PRESENTATION[index]


def _leave() -> NoReturn:
    """Back to the normal page, the URL without ?present= and ?slide=."""
    del st.query_params["present"]
    st.query_params.pop("slide", None)
    st.rerun()


def _path_of(url_path: str) -> str:
    for spec in PAGES:
        # The default page is served at "/", so its url_path may come back empty.
        if spec.url_path == url_path or (not url_path and spec is PAGES[0]):
            return spec.path
    return ""
