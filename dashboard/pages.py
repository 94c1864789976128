"""The app's pages (one place): file, title key, URL path, icon; and the presentation sequence."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PageSpec:
    path: str
    title_key: str
    url_path: str
    icon: str


PAGES = (
    PageSpec("app_pages/overview.py", "nav.overview", "overview", ":material/home:"),
    PageSpec("app_pages/funding.py", "nav.funding", "funding", ":material/payments:"),
    PageSpec("app_pages/displacement.py", "nav.displacement", "displacement", ":material/directions_walk:"),
    PageSpec("app_pages/country.py", "nav.country", "country", ":material/flag:"),
    PageSpec("app_pages/lake_chad.py", "nav.lake_chad", "lake-chad", ":material/water:"),
    PageSpec("app_pages/themes.py", "nav.themes", "themes", ":material/category:"),
    PageSpec("app_pages/methods.py", "nav.methods", "methods", ":material/fact_check:"),
)


@dataclass(frozen=True)
class Step:
    """One view of the guided presentation: the page it belongs to (its URL), the view drawn
    (dashboard/presentation_views.py, ?slide=<view>) and the URL parameters that name what it shows."""

    page: str
    view: str
    params: dict[str, str] = field(default_factory=dict)


# Region -> funding -> the 2020 appeal -> displacement -> Lake Chad Basin -> a country -> themes: one
# headline row and one visual each, so that every view fits a 1280x720 projector.
PRESENTATION = (
    Step("app_pages/overview.py", "gap"),
    Step("app_pages/funding.py", "ranking"),
    Step("app_pages/funding.py", "trend"),
    Step("app_pages/funding.py", "appeal"),
    Step("app_pages/displacement.py", "idps", {"measure": "conflict_idps"}),
    Step("app_pages/displacement.py", "flows", {"country": "TCD"}),
    Step("app_pages/lake_chad.py", "lake_chad_map"),
    Step("app_pages/lake_chad.py", "lake_chad_trend"),
    Step("app_pages/country.py", "country", {"country": "NGA"}),
    Step("app_pages/themes.py", "themes"),
)


def take_unknown_page(url_paths: Collection[str]) -> str | None:
    """The path a visitor asked for (a typed or old link, e.g. /fundng) when it names no page, else None.
    Call before st.navigation: the request is then answered by `not_found` in the reader's language.

    Streamlit would run the default page under its own "page not found" modal (English only, and saying
    the main page runs). The requested name is only in the script-run context's page manager (no public
    API yet), read defensively; once taken, the request is cleared so that st.navigation resolves the
    default page quietly and this app shows its own view instead."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    if manager is None or getattr(manager, "intended_page_script_hash", None):
        return None  # a click in the navigation names a page by its hash: always a known page
    name = getattr(manager, "intended_page_name", None)
    if not isinstance(name, str) or not name.strip("/") or name.strip("/") in url_paths:
        return None
    if callable(getattr(manager, "set_script_intent", None)):
        manager.set_script_intent("", "")
    return name.strip("/")


def not_found(requested: str, pages: Sequence[Any]) -> None:
    """A "page not found" view naming the path (as text, cut short) with a link to every page."""
    import streamlit as st

    from dashboard.i18n import t

    shown = requested if len(requested) <= 40 else requested[:40] + "…"
    st.title(t("not_found.title"))
    st.text(t("not_found.message", path="/" + shown))
    for page in pages:
        st.page_link(page)
