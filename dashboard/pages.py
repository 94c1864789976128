"""The app's pages (one place): file, title key, URL path, icon; and the presentation sequence."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    """One view of the guided presentation: a page and the URL parameters that set it up."""

    page: str
    params: dict[str, str] = field(default_factory=dict)


# Region -> funding map -> displacement -> Lake Chad Basin -> a country -> themes.
PRESENTATION = (
    Step("app_pages/overview.py"),
    Step("app_pages/funding.py"),
    Step("app_pages/displacement.py"),
    Step("app_pages/lake_chad.py"),
    Step("app_pages/country.py", {"country": "NGA"}),
    Step("app_pages/themes.py"),
)
