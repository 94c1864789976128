"""The session's language, and the project's texts and formats in it.

The catalogues (i18n/en.yaml, i18n/fr.yaml) and the formats are the top-level `i18n` package's, shared
with the ETL; this module adds only which language the running session reads (`set_language`,
`current_language`, `t`) and lets every format default to it. Names of countries, pillars and themes come
from the tables' name_en / name_fr columns.
"""

from __future__ import annotations

import threading

import i18n as _lang
from i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALES_DIR, catalogue  # noqa: F401 (re-exported)


def translate(key: str, lang: str, **values: object) -> str:
    """The text for key in lang, with {placeholders} filled; a missing key shows itself, never crashes."""
    return _lang.text(key, lang, **values)


_run = threading.local()  # a session's script runs in its own thread


def set_language(lang: str) -> None:
    """Store the session's language where current_language finds it without going through
    st.session_state (~15 µs a read; a page formats several hundred figures per rerun). app.py calls it
    at the start of every run and when the language is switched."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    _run.lang = (ctx.session_id if ctx else None, lang)


def current_language() -> str:
    """The language of this session (set by app.py from ?lang= before any page runs)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    stored = getattr(_run, "lang", None)
    if stored is not None and ctx is not None and stored[0] == ctx.session_id:
        return stored[1]
    import streamlit as st

    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    return translate(key, current_language(), **values)


def name_column(lang: str | None = None) -> str:
    """Column holding a table's names in the session's language (name_en / name_fr)."""
    return f"name_{lang or current_language()}"


def text_column(base: str, lang: str | None = None) -> str:
    """Column holding a text the build wrote in English (`base`) and French (`base`_fr), e.g. checks.csv
    subject / subject_fr, in the session's language."""
    lang = lang or current_language()
    return base if lang == DEFAULT_LANGUAGE else f"{base}_{lang}"


def format_int(value: object, lang: str | None = None) -> str:
    """1,234,567 (en) / 1 234 567 (fr); an unknown value is a dash, never 0."""
    return _lang.format_int(value, lang or current_language())


def format_usd(value: object, lang: str | None = None) -> str:
    """US dollars for humans: $110.5 M (en) / 110,5 M$ (fr); full digits below a thousand."""
    if _lang.is_missing(value):  # before asking the session: an unknown figure reads the same in both
        return _lang.UNKNOWN
    return _lang.format_usd(value, lang or current_language())


def format_pct(value: object, lang: str | None = None, digits: int = 1) -> str:
    """12.5% (en) / 12,5 % (fr), from a share between 0 and 1."""
    if _lang.is_missing(value):
        return _lang.UNKNOWN
    return _lang.format_pct(value, lang or current_language(), digits)


def format_date(value: object, lang: str | None = None) -> str:
    """12 May 2023 (en) / 12 mai 2023 (fr) from an ISO date; unknown dates say so."""
    lang = lang or current_language()
    if _lang.is_missing(value) or value == "":
        return translate("common.date_unknown", lang)
    return _lang.format_iso_date(value, lang)
