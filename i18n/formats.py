"""Numbers, money, shares and dates as each language writes them; an unknown value is a dash, never 0.

Pure functions of (value, language): the build writes its bilingual messages with them and the dashboard
calls them through dashboard/i18n.py, which only adds the session's language.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from i18n.text import is_missing

UNKNOWN = "–"  # what an unknown figure reads as, in every language


@functools.lru_cache(maxsize=65536)
def format_number(value: float, lang: str, digits: int | None = None, sign: bool = False) -> str:
    """1,234,567.5 (en) / 1 234 567,5 (fr); `digits` fixed decimals (None: as many as needed, up to 3).
    Memoised: the pages write the same few hundred figures on every rerun, and babel takes ~50 µs each."""
    decimals = ".###" if digits is None else "." + "0" * digits if digits else ""
    pattern = "#,##0" + decimals
    if sign:
        pattern = f"+{pattern};-{pattern}"
    return format_decimal(value, format=pattern, locale=lang)


def format_int(value: object, lang: str) -> str:
    """1,234,567 (en) / 1 234 567 (fr); an unknown value is a dash, never 0."""
    if is_missing(value):
        return UNKNOWN
    return format_number(int(value), lang, digits=0)


def format_iso_date(value: object, lang: str) -> str:
    """12 May 2023 (en) / 12 mai 2023 (fr) from an ISO date (or a date)."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return _babel_date(day, format="d MMMM y", locale=lang)


_SCALES = ((1e9, {"en": "B", "fr": "Md"}), (1e6, {"en": "M", "fr": "M"}), (1e3, {"en": "K", "fr": "k"}))


def format_usd(value: object, lang: str) -> str:
    """US dollars for humans: $110.5 M (en) / 110,5 M$ (fr); full digits below a thousand."""
    if is_missing(value):
        return UNKNOWN
    amount = float(value)
    for size, suffix in _SCALES:
        if abs(amount) >= size:
            number = format_number(round(amount / size, 1), lang, digits=1)
            # A no-break space keeps number and unit together on a projector-sized line.
            return f"${number}\u00a0{suffix[lang]}" if lang == "en" else f"{number}\u00a0{suffix[lang]}$"
    number = format_number(round(amount), lang, digits=0)
    return f"${number}" if lang == "en" else f"{number}\u00a0$"


def format_pct(value: object, lang: str, digits: int = 1) -> str:
    """12.5% (en) / 12,5 % (fr), from a share between 0 and 1."""
    if is_missing(value):
        return UNKNOWN
    number = format_number(round(float(value) * 100, digits), lang, digits=digits)
    return f"{number}%" if lang == "en" else f"{number}\u202f%"
