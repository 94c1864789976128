"""Tables as a reader reads them: every visible table's numbers, shares, money and dates in the reader's
language (the `i18n` formats, babel's), an unknown value as "–", never "None", "nan" or 0.

One helper for every table a visitor sees (`show`); sections only say what a column holds when its type
does not (`kinds`: a share, percentage points, money, a date). Downloads are made from the table itself,
unformatted (components.downloads): the numbers stay machine-readable there.

The table is sent as a pandas Styler: the grid shows the formatted text and still sorts by the numbers
underneath. A Styler costs ~50 µs a cell, so a table larger than STYLER_MAX_CELLS (only the processed
tables of the methods page) is sent as text instead (`readable`), which sorts as text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from dashboard.i18n import format_date, format_int, format_pct, format_usd, translate
from i18n import UNKNOWN, format_number, is_missing

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

Kind = Literal[
    "count", "number", "share", "percent", "published_percent", "usd", "date", "as_written", "text"
]
"""What a column holds, and so how it reads:
- count: a whole number, grouped (1,234,567 / 1 234 567); money with its unit in the column header;
- number: a decimal number, grouped, up to three decimals;
- share: a share between 0 and 1, as a percentage with one decimal (29.1% / 29,1 %);
- percent: percentage points between 0 and 100 (29.07 -> 29.1% / 29,1 %);
- published_percent: percentage points as a source printed them (54 -> 54%, 19.2 -> 19.2%);
- usd: US dollars in the language's money style ($110.5M / 110,5 M $US);
- date: an ISO date in words (17 December 2024 / 17 décembre 2024);
- as_written: digits as they are, no grouping (years, identifiers);
- text: text as it is."""

STYLER_MAX_CELLS = 5_000


def _published_percent(value: object, lang: str) -> str:
    if is_missing(value):
        return UNKNOWN
    points = float(value)
    return format_pct(points / 100, lang, digits=0 if points.is_integer() else 1)


def _as_written(value: object) -> str:
    if is_missing(value):
        return UNKNOWN
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _text(value: object) -> str:
    return UNKNOWN if is_missing(value) else str(value)


def cell_formatter(kind: Kind, lang: str) -> Callable[[object], str]:
    """The text of one cell of a `kind` column in `lang`; an unknown value is "–"."""
    formatters: dict[str, Callable[[object], str]] = {
        "count": lambda v: format_int(v, lang),
        "number": lambda v: UNKNOWN if is_missing(v) else format_number(float(v), lang),
        "share": lambda v: format_pct(v, lang),
        "percent": lambda v: UNKNOWN if is_missing(v) else format_pct(float(v) / 100, lang),
        "published_percent": lambda v: _published_percent(v, lang),
        "usd": lambda v: format_usd(v, lang),
        "date": lambda v: UNKNOWN if is_missing(v) or v == "" else format_date(v, lang),
        "as_written": _as_written,
        "text": _text,
    }
    return formatters[kind]


def _is_year_heading(column: object, lang: str) -> bool:
    heading = str(column).casefold()
    return heading in ("year", translate("tables.year", lang).casefold())


def column_kinds(table: pd.DataFrame, lang: str, kinds: Mapping[str, Kind] | None = None) -> dict[str, Kind]:
    """Every column's kind: as declared in `kinds`, else from its type: whole numbers are counts (a column
    headed "Year" / "Année" is a year: as written), other numbers decimals, booleans and text as they are."""
    declared = dict(kinds or {})
    unknown = set(declared) - set(table.columns)
    if unknown:  # a renamed heading would silently lose its format: say so where it is made
        raise KeyError(f"no column {sorted(map(str, unknown))} in the table ({list(table.columns)})")
    found: dict[str, Kind] = {}
    for column in table.columns:
        dtype = table[column].dtype
        if column in declared:
            found[column] = declared[column]
        elif pd.api.types.is_bool_dtype(dtype):
            found[column] = "text"
        elif pd.api.types.is_integer_dtype(dtype) or _whole_numbers(table[column]):
            found[column] = "as_written" if _is_year_heading(column, lang) else "count"
        elif pd.api.types.is_float_dtype(dtype):
            found[column] = "number"
        else:
            found[column] = "text"
    return found


def _whole_numbers(column: pd.Series) -> bool:
    """A float column holding only whole numbers (an integer column with gaps, read as float)."""
    if not pd.api.types.is_float_dtype(column.dtype):
        return False
    known = column.dropna()
    return not known.empty and bool((known == known.round()).all())


def readable(table: pd.DataFrame, lang: str, kinds: Mapping[str, Kind] | None = None) -> pd.DataFrame:
    """The table with every cell the text a reader reads (for tables sent as text: cached or large)."""
    shown = pd.DataFrame(index=table.index)
    for column, kind in column_kinds(table, lang, kinds).items():
        if pd.api.types.is_bool_dtype(table[column].dtype):
            shown[column] = table[column]
        else:
            shown[column] = table[column].map(cell_formatter(kind, lang)).astype(object)
    return shown


def styled(table: pd.DataFrame, lang: str, kinds: Mapping[str, Kind] | None = None) -> Styler:
    """The table as a Styler whose display text is `readable`'s, over the values themselves (sorting by
    value in the grid)."""
    found = column_kinds(table, lang, kinds)
    formatters = {
        column: cell_formatter(kind, lang)
        for column, kind in found.items()
        if not pd.api.types.is_bool_dtype(table[column].dtype)
    }
    # A Styler needs a unique index; the index is hidden anyway.
    return table.reset_index(drop=True).style.format(formatters, na_rep=UNKNOWN)


def show(table: pd.DataFrame, lang: str, kinds: Mapping[str, Kind] | None = None, **dataframe: Any) -> None:
    """st.dataframe of the table formatted for reading (index hidden, full width; other st.dataframe
    arguments pass through). The grid draws an empty cell with its own placeholder, whatever the
    Styler's text: "–" there too, never "None"."""
    import streamlit as st

    shown = styled(table, lang, kinds) if table.size <= STYLER_MAX_CELLS else readable(table, lang, kinds)
    st.dataframe(shown, **{"hide_index": True, "width": "stretch", "placeholder": UNKNOWN, **dataframe})
