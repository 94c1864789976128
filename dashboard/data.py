"""The one data-access module pages use: tables and geometry loaded once per process."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st
from babel import Locale
from babel.core import get_global

from dashboard import citations, maps, projection, settings
from dashboard import tables as _tables
from dashboard.i18n import DEFAULT_LANGUAGE, current_language, translate
from dashboard.tables import TableUnavailable

__all__ = [
    "TableUnavailable", "boundaries", "citation_index", "clear_caches", "load", "optional",
    "optional_boundaries", "or_warning", "require",
]


# Tables are kept with st.cache_resource: one object per process, shared by every session and never
# copied (st.cache_data would unpickle a fresh copy on every call). The price: nothing may modify what
# load() returns (pandas operations that return new frames are fine); tests/test_data_access.py runs
# every page and checks the shared tables are unchanged. Sections cache what they build from them with
# st.cache_data / st.cache_resource on their own explicit arguments (dashboard/sections/).


@st.cache_resource(show_spinner=False)
def load(name: str) -> pd.DataFrame:
    """A processed table, typed; raises TableUnavailable (not cached, so a rebuild is picked up).
    Shared: never modify it."""
    return _tables.read_table(name)


def clear_caches() -> None:
    """Forget every table and everything derived from them (after an import rebuilt the tables)."""
    st.cache_data.clear()
    st.cache_resource.clear()


Result = TypeVar("Result")


@st.cache_resource(show_spinner=False)
def citation_index(lang: str) -> dict[str, str]:
    """The "As of <date> | <source>" line of every source, by source_id, in `lang` (read-only, shared).
    TableUnavailable if the sources table is unreadable."""
    return citations.citation_index(load("sources"), lang)


@st.cache_resource(show_spinner=False)
def _bundled_boundaries() -> dict:
    try:
        return maps.load_boundaries()
    except FileNotFoundError:
        raise TableUnavailable("boundaries", "file wca_countries.geojson is missing", "boundaries") from None
    except (OSError, ValueError):  # the OS error names a server path: not for visitors
        reason = "file wca_countries.geojson cannot be read"
        raise TableUnavailable("boundaries", reason, "boundaries") from None


def boundaries(lang: str | None = None) -> dict:
    """The bundled GeoJSON of the region's countries and their neighbours, named in `lang` (default: the
    session's language), read-only and shared."""
    return _named_boundaries(lang or current_language())


@st.cache_resource(show_spinner=False)
def _named_boundaries(lang: str) -> dict:
    geojson = _bundled_boundaries()
    if lang == DEFAULT_LANGUAGE:  # the file's names are English
        return geojson
    return projection.renamed(geojson, map_country_names([f["id"] for f in geojson["features"]], lang))


def map_country_names(iso3_codes: list[str], lang: str) -> dict[str, str]:
    """Countries' names in `lang` for the maps: the offices' names from the entities table (the names the
    pages write), babel's (CLDR) names of the neighbours by their ISO code."""
    locale = Locale.parse(lang)
    aliases = get_global("territory_aliases")
    names = {}
    for iso3 in iso3_codes:
        alpha2 = next(iter(aliases.get(iso3, [])), None)
        if alpha2 in locale.territories:
            names[iso3] = locale.territories[alpha2]
    try:
        entities = load("entities")
    except TableUnavailable:  # the neighbours' names still come from babel
        return names
    column = f"name_{lang}"
    names.update({e: n for e, n in zip(entities["entity_id"], entities[column], strict=True) if e in names})
    return names


def or_warning(read: Callable[[], Result]) -> Result | None:
    """What a section of a page needs: if unreadable, that section says so and the rest stays."""
    try:
        return read()
    except TableUnavailable as err:
        st.warning(unavailable_text(err))
        return None


def unavailable_text(err: TableUnavailable, lang: str | None = None) -> str:
    """What a page says about an unreadable table; how to restore it only where an operator runs the app
    (uploads on): a visitor can do nothing with a command."""
    lang = lang or current_language()
    text = translate("common.table_unavailable", lang, name=err.name, reason=err.reason)
    if settings.uploads_enabled():
        text += " " + translate(f"common.repair.{err.repair}", lang)
    return text


def optional(name: str) -> pd.DataFrame | None:
    """A table one section of a page needs, or None after a warning."""
    return or_warning(lambda: load(name))


def optional_boundaries() -> dict | None:
    """The boundaries for a map section, or None after a warning."""
    return or_warning(boundaries)


def require(*names: str) -> list[pd.DataFrame] | pd.DataFrame:
    """Tables this page cannot do without; if one is unavailable, say so and stop this page only."""
    loaded = []
    for name in names:
        try:
            loaded.append(load(name))
        except TableUnavailable as err:
            st.error(unavailable_text(err))
            st.stop()
    return loaded[0] if len(loaded) == 1 else loaded

