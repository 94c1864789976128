"""Small page pieces every page shares: "as of | source" lines, maps, downloads, data tables, footer."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
import streamlit.components.v2 as components_v2

from dashboard import data, table_format
from dashboard.citations import citations
from dashboard.i18n import current_language, format_date, t
from dashboard.text import for_markdown_lines

if TYPE_CHECKING:  # plotly is imported only by pages that draw charts
    import plotly.graph_objects as go
    from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BUILD_INFO_PATH = Path(__file__).resolve().parent.parent / "data" / "build_info.json"
ASSETS = Path(__file__).resolve().parent / "assets"
# The map's script and style, registered once per process. No style isolation: the classes are
# prefixed (wca-map-...), the map inherits the page's font, and tests and bench/ can find it in the DOM.
_MAP_COMPONENT = components_v2.component(
    "wca_map",
    js=(ASSETS / "map.js").read_text(encoding="utf-8"),
    css=(ASSETS / "map.css").read_text(encoding="utf-8"),
    isolate_styles=False,
)
# The same script under another name: loads map.js (one module, same content) without counting as a map.
_MAP_PRELOAD = components_v2.component(
    "wca_map_preload", js=(ASSETS / "map.js").read_text(encoding="utf-8"), isolate_styles=False
)


def show_map(spec: dict, key: str, on_click: Callable[[str], None] | None = None) -> None:
    """Draw a maps.MapSpec; a click on a country calls `on_click(iso3)` (before the rerun, like a widget
    callback). The spec is drawn in the browser from data only (see dashboard/assets/map.js)."""

    def _clicked() -> None:
        picked = getattr(st.session_state.get(key), "clicked", None)
        if on_click is not None and isinstance(picked, str) and picked:
            on_click(picked)

    # Countries take clicks (pointer, keyboard focus) only where a click does something; a shallow
    # copy, as the spec may be a cached one shared by sessions.
    _MAP_COMPONENT(data={**spec, "clickable": on_click is not None}, key=key, on_clicked_change=_clicked,
                   width="stretch")


def preload_map() -> None:
    """Mount the map component, empty and hidden, at the top of every page: on a fresh tab the browser
    then loads Streamlit's component code and map.js while the page script still runs, so a map draws
    as soon as it arrives instead of after plotly's 4.7 MB bundle has been compiled (about 1 s here)."""
    _MAP_PRELOAD(data=None, key="wca_map_preload", width="stretch")


def source_caption(source_ids: Iterable[str]) -> None:
    """The "as of | source" line(s) under a figure, as text: a source's title or publisher (an imported
    file's name, a DTM operation) is escaped for Markdown."""
    try:
        index = data.citation_index(current_language())
    except data.TableUnavailable:
        return
    lines = citations(source_ids, index)
    if lines:
        # One element for all of a figure's sources (a line each): each element costs a rerun ~0.1 ms.
        st.caption(for_markdown_lines(lines))


def freeze(fig: go.Figure) -> go.Figure:
    """`fig` with its plotly JSON dict made once: st.plotly_chart calls `to_dict()` (a deep copy of the
    whole figure, 1-3 ms) on every rerun. For figures shared by sessions, which nobody modifies."""
    spec = fig.to_dict()
    fig.to_dict = lambda: spec  # an instance attribute: plotly allows setting its own attribute names
    return fig


def escape_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    escaped = table.copy()
    for col in escaped.columns:
        if escaped[col].dtype == object or pd.api.types.is_string_dtype(escaped[col]):
            escaped[col] = escaped[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
            )
    return escaped


def to_xlsx_bytes(table: pd.DataFrame) -> bytes:
    """An Excel sheet in which every text cell is a text cell, exactly as in the table: with
    strings_to_formulas and strings_to_urls off, xlsxwriter writes it with write_string, so "=1+1" is
    text (never a formula) and needs no visible apostrophe, and an address is not made a link."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        table.to_excel(writer, index=False, sheet_name="data")
    return buffer.getvalue()


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV with formula-like cells escaped (with a BOM, so Excel reads accents right)."""
    return escape_formulas(table).to_csv(index=False).encode("utf-8-sig")


def downloads(table: pd.DataFrame | Callable[[], pd.DataFrame], basename: str, key: str) -> None:
    """CSV and Excel downloads of what a chart shows. The files (and the table, when `table` is a
    builder) are made only when clicked (deferred callables), so a rerun never pays for them, and
    clicking does not rerun the page."""

    def _table() -> pd.DataFrame:
        return table() if callable(table) else table

    formats = (
        ("csv", to_csv_bytes, "text/csv"),
        ("xlsx", to_xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )
    for column, (suffix, to_bytes, mime) in zip(st.columns(2), formats, strict=True):
        column.download_button(
            t(f"common.download_{suffix}"),
            lambda to_bytes=to_bytes: to_bytes(_table()),
            f"{basename}.{suffix}",
            mime,
            key=f"{key}-{suffix}",
            on_click="ignore",
        )


def lazy_expander(label: str, key: str) -> ExpanderContainer | None:
    """An expander (widget key `key`) whose content runs only while it is open: the expander when open,
    else None. Opening or closing it reruns the page."""
    expander = st.expander(label, key=key, on_change="rerun")
    return expander if expander.open else None


def data_view(
    table: pd.DataFrame | Callable[[], pd.DataFrame],
    basename: str,
    key: str,
    kinds: Mapping[str, table_format.Kind] | None = None,
) -> None:
    """A table view of what a chart shows, with its downloads: an expander (widget key `<key>-view`)
    whose table is built (when `table` is a builder), sent and given its downloads only while open.
    The table reads in the reader's language (table_format.show; `kinds` names the columns whose type
    does not say what they hold, e.g. {heading: "share"}); the downloads hold the raw values.

    Why: a page holds several of these and few readers open them; a closed view made each rerun pay
    ~2-3 ms (Arrow conversion, two download buttons). Opening or closing one reruns the page instead."""
    view = lazy_expander(t("common.show_table"), f"{key}-view")
    if view is None:
        return
    shown = table() if callable(table) else table
    with view:
        table_format.show(shown, current_language(), kinds)
        downloads(shown, basename, key)


def footer() -> None:
    """Data as of: the newest source date per dataset, and when the tables were built."""
    text = _footer_text(current_language())
    if text:
        st.caption(text)


# The tables whose newest source date the footer gives, in the order a reader meets them.
FOOTER_TABLES = (
    "fts_plan_funding", "idmc_conflict_idps", "unhcr_population", "displacement", "appeal", "funding",
    "events",
)


@st.cache_data(show_spinner=False)
def _footer_text(lang: str) -> str:
    # Cached per language (cleared with the tables after an import): five tables read on every rerun.
    try:
        sources = data.load("sources")
    except data.TableUnavailable:
        return ""
    items = []
    for name in FOOTER_TABLES:
        try:
            cited = set(data.load(name)["source_id"].dropna())
        except data.TableUnavailable:
            continue
        dates = sources.loc[sources["source_id"].isin(cited), "date"].dropna()
        if not dates.empty:
            items.append(t("footer.item", name=t("footer." + name), date=format_date(dates.max(), lang)))
    text = t("footer.data_as_of", items=" · ".join(items))
    built = build_date()
    if built is not None:
        text += " — " + t("footer.built", date=format_date(built, lang))
    return text


def build_date(path: Path | None = None) -> str | None:
    """The ISO date data/build_info.json says the tables were built, or None (unknown) if the file is
    missing or malformed in any way (`[]`, `{"built_at": null}`, not a date): never an error on a page."""
    try:
        info = json.loads((path or BUILD_INFO_PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    built = info.get("built_at") if isinstance(info, dict) else None
    try:
        return dt.date.fromisoformat(built[:10]).isoformat()
    except (TypeError, ValueError):
        return None
