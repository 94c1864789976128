"""Entry point: language, navigation with translated titles and stable URLs, presentation mode, footer."""

from __future__ import annotations

import streamlit as st

from dashboard import components, presentation, runtime, settings, state
from dashboard import pages as pages_view
from dashboard.i18n import LANGUAGES, set_language, t
from dashboard.pages import PAGES

st.set_page_config(page_title="WCA displacement & response", page_icon="static/favicon.png", layout="wide")

# Language: the URL wins, then this session's choice, then the deployment default; written back to the
# URL because page switches drop query parameters.
st.session_state.setdefault("lang", settings.default_language())
st.session_state["lang"] = state.query_choice(
    "lang", LANGUAGES, st.session_state["lang"], normalise=str.lower
)
state.set_query(lang=st.session_state["lang"])
set_language(st.session_state["lang"])
presenting = presentation.read_mode()


def _switch_language() -> None:
    st.session_state["lang"] = st.session_state["lang_choice"]
    state.set_query(lang=st.session_state["lang"])
    set_language(st.session_state["lang"])


with st.sidebar:
    components.preload_map()

pages = [
    st.Page(p.path, title=t(p.title_key), url_path=p.url_path, icon=p.icon, default=(i == 0))
    for i, p in enumerate(PAGES)
]
# Before st.navigation, which would otherwise run the overview under a "page not found" modal in English.
unknown_page = pages_view.take_unknown_page({p.url_path for p in PAGES})
# st.navigation comes before any page link: links resolve only against registered pages.
navigation = st.navigation(
    pages,
    position="hidden" if presenting else "sidebar",
)
if not presenting:
    st.sidebar.radio(
        t("app.language"),
        LANGUAGES,
        index=LANGUAGES.index(st.session_state["lang"]),
        key="lang_choice",
        format_func={"en": "English", "fr": "Français"}.get,
        horizontal=True,
        on_change=_switch_language,
    )
    st.sidebar.page_link(
        pages[0],
        label=t("present.start"),
        icon=":material/slideshow:",
        query_params={"present": "1", "lang": st.session_state["lang"]},
    )

# In presentation mode the step's view is drawn instead of the whole page (a page outside the sequence
# leaves presentation mode in `controls`).
step = presentation.controls(navigation) if presenting else None
if unknown_page is not None:
    pages_view.not_found(unknown_page, pages)
elif step is not None:
    from dashboard import presentation_views  # charts' modules: imported only when presenting

    presentation_views.show(step, st.session_state["lang"])
else:
    navigation.run()
components.footer()
runtime.freeze_startup_objects()
