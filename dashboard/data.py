"""The one data-access module pages use: tables and geometry loaded once per process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from dashboard import citations, maps
from dashboard import tables as _tables
from dashboard.i18n import t
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
LCB_POINTS_PATH = Path(__file__).resolve().parent.parent / "data" / "geo" / "lcb_admin1_points.csv"


@st.cache_resource(show_spinner=False)
def citation_index(lang: str) -> dict[str, str]:
    """The "As of <date> | <source>" line of every source, by source_id, in `lang` (read-only, shared).
    TableUnavailable if the sources table is unreadable."""
    return citations.citation_index(load("sources"), lang)


@st.cache_resource(show_spinner=False)
def boundaries() -> dict:
    """The bundled GeoJSON of the region's countries and their neighbours (read-only, shared)."""
    try:
        return maps.load_boundaries()
    except (OSError, ValueError) as err:
        raise TableUnavailable("boundaries", str(err)) from None


def or_warning(read: Callable[[], Result]) -> Result | None:
    """What a section of a page needs: if unreadable, that section says so and the rest stays."""
    try:
        return read()
    except TableUnavailable as err:
        st.warning(t("common.table_unavailable", name=err.name, reason=err.reason))
        return None


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
            st.error(t("common.table_unavailable", name=err.name, reason=err.reason))
            st.stop()
    return loaded[0] if len(loaded) == 1 else loaded


@st.cache_resource(show_spinner=False)
def lcb_admin1_points() -> pd.DataFrame:
    """Approximate points of the Lake Chad Basin admin-1 areas (data/geo/lcb_admin1_points.csv), which
    place the map's circles: admin1, entity_id, lat, lon, aliases. TableUnavailable if unreadable."""
    path = LCB_POINTS_PATH
    try:
        points = pd.read_csv(
            path, comment="#", dtype={"admin1": str, "entity_id": str, "aliases": str}, keep_default_na=False
        )
    except (OSError, ValueError) as err:
        raise TableUnavailable("lcb_admin1_points", str(err)) from None
    if points.empty or not {"admin1", "entity_id", "lat", "lon", "aliases"} <= set(points.columns):
        raise TableUnavailable("lcb_admin1_points", f"{path.name} does not have the expected columns")
    return points
