"""Numbers, money, shares and dates as each language writes them; an unknown value is a dash, never 0.

Pure functions of (value, language): the build writes its bilingual messages with them and the dashboard
calls them through dashboard/i18n.py, which only adds the session's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import (
    format_compact_currency,
    format_decimal,
    format_percent,
    get_group_symbol,
    get_minus_sign_symbol,
)

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


@functools.lru_cache(maxsize=8)
def _int_symbols(lang: str) -> tuple[str, str]:
    return get_group_symbol(locale=lang), get_minus_sign_symbol(locale=lang)


def format_int(value: object, lang: str) -> str:
    """1,234,567 (en) / 1 234 567 (fr); an unknown value is a dash, never 0.

    The language's own group and minus signs (babel's), grouped by Python: the same text as babel's
    "#,##0" for English and French (tests/test_table_format.py), ~50 times faster, so that a table of
    100,000 counts reads in a fraction of a second."""
    if is_missing(value):
        return UNKNOWN
    group, minus = _int_symbols(lang)
    return f"{int(value):,}".replace(",", group).replace("-", minus)


def format_iso_date(value: object, lang: str) -> str:
    """12 May 2023 (en) / 12 mai 2023 (fr) from an ISO date (or a date)."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return _babel_date(day, format="d MMMM y", locale=lang)


@functools.lru_cache(maxsize=65536)
def _compact_usd(amount: float, lang: str) -> str:
    return format_compact_currency(amount, "USD", locale=lang, fraction_digits=1)


def format_usd(value: object, lang: str) -> str:
    """US dollars for humans, babel's compact currency format: $110.5M (en) / 110,5 M $US (fr); full
    digits below a thousand. Memoised (the pages write the same figures on every rerun)."""
    if is_missing(value):
        return UNKNOWN
    return _compact_usd(float(value), lang)


@functools.lru_cache(maxsize=4096)
def _percent(share: float, lang: str, digits: int) -> str:
    # The language's own percent pattern ("#,##0%" en, "#,##0 %" fr) with `digits` decimals; French
    # typography puts a narrow no-break space before %, where CLDR has a no-break space.
    pattern = Locale.parse(lang).percent_formats[None].pattern.replace("\u00a0%", "\u202f%")
    if digits:
        pattern = re.sub(r"0(?=[^0#]*%)", "0." + "0" * digits, pattern, count=1)
    return format_percent(share, format=pattern, locale=lang)


def format_pct(value: object, lang: str, digits: int = 1) -> str:
    """12.5% (en) / 12,5 % (fr), from a share between 0 and 1: babel's percent format of the language."""
    if is_missing(value):
        return UNKNOWN
    return _percent(float(value), lang, digits)




def colon(lang: str) -> str:
    """The colon between a label and its value: ": " (en), a narrow no-break space before it in French."""
    return "\u202f: " if lang == "fr" else ": "
