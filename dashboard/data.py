"""The one data-access module pages use: tables and geometry loaded once per process."""

from __future__ import annotations

import hashlib
import importlib
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard import citations, maps
from dashboard import tables as _tables
from dashboard.i18n import t
from dashboard.tables import TableUnavailable

__all__ = [
    "Table", "TableUnavailable", "boundaries", "build_once", "citation_index", "clear_caches", "derived",
    "load",
    "optional", "optional_boundaries", "or_warning", "require",
]


# Tables and what is derived from them are kept with st.cache_resource: one object per process, shared
# by every session and never copied. st.cache_data unpickled a fresh copy on every call (14 per funding
# rerun, a sixth of it). The price: nothing may modify what these functions return (pandas operations
# that return new frames are fine); tests/test_data_access.py runs every page and checks the shared
# tables are unchanged.


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


@dataclass(frozen=True)
class Table:
    """A processed table passed by name to `derived` (loaded there, so only its name is hashed), with
    optional equality filters: Table("appeal", where=(("appeal_id", "MI2020"),))."""

    name: str
    where: tuple[tuple[str, object], ...] = ()

    def read(self) -> pd.DataFrame:
        table = load(self.name)
        for column, value in self.where:
            table = table[table[column] == value]
        return table


# The processed tables as `derived` arguments.
APPEAL, CHECKS, DISPLACEMENT, ENTITIES, EVENTS, EVENT_PARTICIPANTS, FUNDING, PILLARS = (
    Table(n) for n in ("appeal", "checks", "displacement", "entities", "events", "event_participants",
                       "funding", "pillars")
)
PRIORITIES, PRIORITY_THEMES, THEMES = (Table(n) for n in ("priorities", "priority_themes", "themes"))


def derived(compute: Callable[..., Result], *args: object, **kwargs: object) -> Result:
    """`compute(*args)` with every Table(name) argument replaced by that table, computed once per process
    for these arguments. For the pure functions of dashboard.queries: the tables are the same for the life
    of the process, so their names are a sufficient key, where st.cache_data hashing the frames
    themselves would cost more than most of these computations. TableUnavailable if a table is unreadable.
    """
    call = (compute.__module__, compute.__qualname__, args, tuple(sorted(kwargs.items())))
    if _plain(call):
        return _derived_by_key(recipe_key(call), _call=call)
    return _derived(*call)


def recipe_key(recipe: tuple) -> str:
    """A cache key for plain data (str, numbers, None, Table, lists, tuples, dicts): a digest of its repr,
    which writes every value in full. Much cheaper than Streamlit hashing thousands of items one by one."""
    return hashlib.blake2b(repr(recipe).encode("utf-8"), digest_size=20).hexdigest()


def _plain(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return value is None or isinstance(value, (str, int, float, bool, Table))


@st.cache_resource(show_spinner=False, max_entries=1024)
def _derived_by_key(key: str, _call: tuple) -> Any:  # noqa: ARG001 - `key` is what the cache hashes
    return _compute(*_call)


@st.cache_resource(show_spinner=False, max_entries=1024)
def _derived(
    module: str, qualname: str, args: tuple[object, ...], kwargs: tuple[tuple[str, object], ...]
) -> Any:
    return _compute(module, qualname, args, kwargs)


def _compute(module: str, qualname: str, args: tuple[object, ...], kwargs: tuple[tuple[str, object], ...]
             ) -> Any:
    compute = getattr(importlib.import_module(module), qualname)
    return compute(*(arg.read() if isinstance(arg, Table) else arg for arg in args), **dict(kwargs))


def build_once(builder: Callable[..., Result]) -> Callable[..., Result]:
    """Decorator for a page's builders (a map spec, a figure, a table in one language): the result for
    these (plain) arguments is built once per process and shared by every session: never modify it.

    Why not st.cache_resource on the page's function: a page script runs anew on every rerun, and so
    does the decorator, which reads the function's source to key its cache (~0.9 ms a function, several
    per page). Here the key is the function's place and bytecode; the function called on a miss is the
    current run's, with the current run's page variables. Its arguments must determine its result."""
    code = builder.__code__
    builder_id = f"{code.co_filename}:{builder.__qualname__}:{_code_digest(code)}"

    def call(*args: object) -> Result:
        return _built(builder_id, recipe_key(args), _builder=builder, _args=args)

    call.__doc__, call.__name__, call.__qualname__ = builder.__doc__, builder.__name__, builder.__qualname__
    return call


def _code_digest(code: types.CodeType) -> str:
    """What a function does, from its bytecode and constants (nested functions' code included, not
    their addresses, which change on every run of a page)."""
    digest = hashlib.blake2b(code.co_code, digest_size=8)
    for const in code.co_consts:
        part = _code_digest(const) if isinstance(const, types.CodeType) else repr(const)
        digest.update(part.encode())
    return digest.hexdigest()


@st.cache_resource(show_spinner=False, max_entries=1024)
def _built(builder_id: str, args_key: str, _builder: Callable[..., Any], _args: tuple) -> Any:  # noqa: ARG001
    return _builder(*_args)


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

