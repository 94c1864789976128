"""Entry point: language, navigation with translated titles and stable URLs, shared footer."""

from __future__ import annotations

import streamlit as st

from dashboard import components, settings, state
from dashboard.i18n import LANGUAGES, t

st.set_page_config(page_title="WCA displacement & response", page_icon=":material/public:", layout="wide")

# Language: the URL wins, then this session's choice, then the deployment default; kept in the URL
# because page switches drop query parameters.
st.session_state.setdefault("lang", settings.default_language())
st.session_state["lang"] = state.query_choice(
    "lang", LANGUAGES, st.session_state["lang"], normalise=str.lower
)
state.set_query(lang=st.session_state["lang"])


def _switch_language() -> None:
    st.session_state["lang"] = st.session_state["lang_choice"]
    state.set_query(lang=st.session_state["lang"])


st.sidebar.radio(
    t("app.language"),
    LANGUAGES,
    index=LANGUAGES.index(st.session_state["lang"]),
    key="lang_choice",
    format_func={"en": "English", "fr": "Français"}.get,
    horizontal=True,
    on_change=_switch_language,
)

PAGES = [
    ("pages/overview.py", "nav.overview", "overview", ":material/home:"),
]
navigation = st.navigation(
    [
        st.Page(path, title=t(title_key), url_path=url_path, icon=icon, default=(i == 0))
        for i, (path, title_key, url_path, icon) in enumerate(PAGES)
    ]
)
navigation.run()
components.footer()
