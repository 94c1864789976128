"""French and English: string catalogues (dashboard/locales/*.yaml) and number/date formats.

Every string a person reads comes from a catalogue; names of countries, pillars and themes come
from the tables' name_en / name_fr columns.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from pathlib import Path

import yaml
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{full}."))
        else:
            flat[full] = value
    return flat


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Flat key -> text for one language (dotted keys: `funding.title`)."""
    with (LOCALES_DIR / f"{lang}.yaml").open(encoding="utf-8") as fh:
        return _flatten(yaml.safe_load(fh) or {})


def translate(key: str, lang: str, **values: object) -> str:
    """The text for key in lang, with {placeholders} filled; a missing key shows itself, never crashes."""
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return str(text).format(**values) if values else str(text)


def current_language() -> str:
    """The language of this session (set by app.py from ?lang= before any page runs)."""
    import streamlit as st

    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    return translate(key, current_language(), **values)


def name_column(lang: str | None = None) -> str:
    """Column holding a table's names in the session's language (name_en / name_fr)."""
    return f"name_{lang or current_language()}"


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan")


def format_int(value: object, lang: str | None = None) -> str:
    """1,234,567 (en) / 1 234 567 (fr); an unknown value is a dash, never 0."""
    if _is_missing(value):
        return "–"
    return format_decimal(int(value), format="#,##0", locale=lang or current_language())


_SCALES = ((1e9, {"en": "B", "fr": "Md"}), (1e6, {"en": "M", "fr": "M"}), (1e3, {"en": "K", "fr": "k"}))


def format_usd(value: object, lang: str | None = None) -> str:
    """US dollars for humans: $110.5 M (en) / 110,5 M$ (fr); full digits below a thousand."""
    if _is_missing(value):
        return "–"
    lang = lang or current_language()
    amount = float(value)
    for size, suffix in _SCALES:
        if abs(amount) >= size:
            number = format_decimal(round(amount / size, 1), format="#,##0.0", locale=lang)
            # A no-break space keeps number and unit together on a projector-sized line.
            return f"${number}\u00a0{suffix[lang]}" if lang == "en" else f"{number}\u00a0{suffix[lang]}$"
    number = format_decimal(round(amount), format="#,##0", locale=lang)
    return f"${number}" if lang == "en" else f"{number}\u00a0$"


def format_pct(value: object, lang: str | None = None, digits: int = 1) -> str:
    """12.5% (en) / 12,5 % (fr), from a share between 0 and 1."""
    if _is_missing(value):
        return "–"
    lang = lang or current_language()
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    number = format_decimal(round(float(value) * 100, digits), format=pattern, locale=lang)
    return f"{number}%" if lang == "en" else f"{number}\u202f%"


def format_date(value: object, lang: str | None = None) -> str:
    """12 May 2023 (en) / 12 mai 2023 (fr) from an ISO date; unknown dates say so."""
    lang = lang or current_language()
    if _is_missing(value) or value == "":
        return translate("common.date_unknown", lang)
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return _babel_date(day, format="d MMMM y", locale=lang)
