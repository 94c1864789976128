"""Presentation mode (?present=1): large type, no sidebar, a guided sequence moved with buttons or arrows."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.i18n import t
from dashboard.pages import PAGES, PRESENTATION

# Static CSS only (no data in it): bigger type for a projector, no sidebar or its toggle.
_PROJECTOR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
.stApp {font-size: 1.35rem;}
.stApp h1 {font-size: 3rem;}
.stApp h2 {font-size: 2.3rem;}
[data-testid="stMetricValue"] {font-size: 3.2rem;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem;}
[data-testid="stCaptionContainer"] {font-size: 1.05rem;}
</style>
"""


def read_mode() -> bool:
    """True in presentation mode; remembered in the URL as ?present=1 (anything else falls back to off)."""
    presenting = state.query_choice("present", ("1",), None) == "1"
    st.session_state["present"] = presenting
    return presenting


def step_index(current_path: str) -> int:
    """Position of the current page in the sequence (the first step when the page is not in it)."""
    for i, step in enumerate(PRESENTATION):
        if current_path.endswith(step.page):
            return i
    return 0


def _go(index: int) -> None:
    step = PRESENTATION[index % len(PRESENTATION)]
    st.switch_page(step.page, query_params={"present": "1", "lang": st.session_state["lang"], **step.params})


def controls(navigation: st.navigation) -> None:
    """Previous / next (also ← / → keys), the step counter, and a one-click exit."""
    st.html(_PROJECTOR_CSS)
    index = step_index(_path_of(navigation.url_path))
    previous_col, counter_col, next_col, exit_col = st.columns([1, 2, 1, 1])
    if previous_col.button(t("present.previous"), shortcut="ArrowLeft", icon=":material/arrow_back:"):
        _go(index - 1)
    counter_col.markdown(f"**{t('present.step', current=index + 1, total=len(PRESENTATION))}**")
    if next_col.button(
        t("present.next"), shortcut="ArrowRight", icon=":material/arrow_forward:", type="primary"
    ):
        _go(index + 1)
    if exit_col.button(t("present.exit"), icon=":material/close:"):
        del st.query_params["present"]
        st.session_state["present"] = False
        st.rerun()


def _path_of(url_path: str) -> str:
    for spec in PAGES:
        # The default page is served at "/", so its url_path may come back empty.
        if spec.url_path == url_path or (not url_path and spec is PAGES[0]):
            return spec.path
    return ""
