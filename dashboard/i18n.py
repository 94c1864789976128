"""French and English: string catalogues (dashboard/locales/*.yaml) and number/date formats.

Every string a person reads comes from a catalogue; names of countries, pillars and themes come
from the tables' name_en / name_fr columns. The catalogues and the number formats are etl/messages.py's
(plain Python), so the build and the importer write their messages with the same texts and formats.
"""

from __future__ import annotations

import threading

from etl import messages
from etl.messages import DEFAULT_LANGUAGE, LANGUAGES, LOCALES_DIR, catalogue  # noqa: F401 (re-exported)

_is_missing = messages.is_missing


def translate(key: str, lang: str, **values: object) -> str:
    """The text for key in lang, with {placeholders} filled; a missing key shows itself, never crashes."""
    return messages.text(key, lang, **values)


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
    return messages.format_int(value, lang or current_language())


_SCALES = ((1e9, {"en": "B", "fr": "Md"}), (1e6, {"en": "M", "fr": "M"}), (1e3, {"en": "K", "fr": "k"}))


def format_usd(value: object, lang: str | None = None) -> str:
    """US dollars for humans: $110.5 M (en) / 110,5 M$ (fr); full digits below a thousand."""
    if _is_missing(value):
        return "–"
    lang = lang or current_language()
    amount = float(value)
    for size, suffix in _SCALES:
        if abs(amount) >= size:
            number = messages.format_number(round(amount / size, 1), lang, digits=1)
            # A no-break space keeps number and unit together on a projector-sized line.
            return f"${number}\u00a0{suffix[lang]}" if lang == "en" else f"{number}\u00a0{suffix[lang]}$"
    number = messages.format_number(round(amount), lang, digits=0)
    return f"${number}" if lang == "en" else f"{number}\u00a0$"


def format_pct(value: object, lang: str | None = None, digits: int = 1) -> str:
    """12.5% (en) / 12,5 % (fr), from a share between 0 and 1."""
    if _is_missing(value):
        return "–"
    lang = lang or current_language()
    number = messages.format_number(round(float(value) * 100, digits), lang, digits=digits)
    return f"{number}%" if lang == "en" else f"{number}\u202f%"


def format_date(value: object, lang: str | None = None) -> str:
    """12 May 2023 (en) / 12 mai 2023 (fr) from an ISO date; unknown dates say so."""
    lang = lang or current_language()
    if _is_missing(value) or value == "":
        return translate("common.date_unknown", lang)
    return messages.format_iso_date(value, lang)
