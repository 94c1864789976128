"""A French reader meets French: every French page's text and chart text (titles, axis titles and tick
text, legends, hover, annotations, maps) is scanned for English words, French typography and the money
style; the cells of its tables, "Show the data" views open, for English words.

What is exempt is data written by others, shown as they wrote it, and only that (`AS_WRITTEN`): source
titles and publishers, OCHA's plan names, the 2020 document's English priorities and photo captions,
events' titles, place names. Everything else a French page shows is the project's French: the catalogue,
babel's formats, and the French columns the build writes.
"""

from __future__ import annotations

import functools
import json
import re

import pytest

from dashboard.tables import read_schema, read_table
from tests.apptest_helpers import map_specs, open_data_views, run_page
from tests.test_french import interface_text, theme_rule_words

# Every French view worth a look: each page, a Lake Chad Basin country, the comparison, the themes' tabs.
VIEWS = [
    ("app_pages/overview.py", {}),
    ("app_pages/funding.py", {}),
    ("app_pages/displacement.py", {}),
    ("app_pages/country.py", {"country": "TCD"}),
    ("app_pages/country.py", {"country": "NGA"}),
    ("app_pages/country.py", {"compare": "NGA,NER,TCD"}),
    ("app_pages/lake_chad.py", {}),
    ("app_pages/themes.py", {}),
    ("app_pages/methods.py", {}),
]

# Data written by others, shown as written (table, column): the narrow exemption.
AS_WRITTEN = {
    ("sources", "title"),
    ("sources", "publisher"),
    ("sources", "url"),
    ("fts_plans", "name"),  # OCHA's plan names
    ("fts_plans", "plan_type"),  # FTS's plan types, as a check lists them
    ("priority_themes", "matched"),  # the rules' words found in the document's English (themes' table)
    ("priorities", "text"),  # the 2020 document's English, shown as the original beside the French
    ("captions", "text"),  # the document's photo captions
    ("captions", "credit"),
    ("events", "title"),  # events as their organisers titled them
    ("events", "organiser"),
    ("event_participants", "name"),
    ("idmc_disaster_events", "event_name"),
    ("funding", "objective_title"),  # IOM's title of a plan's objective, quoted « » in the French label
    ("displacement", "admin1"),
    ("admin1_areas", "name"),
}

# Shorter cells (an acronym, "Lac") would hide the same word anywhere on the page.
MIN_LENGTH = 8

# English that a French page must not show (case-sensitive, whole words).
ENGLISH = [
    "IOM",
    "year inferred",
    "inferred",
    "collected",
    "appeals in",
    "appeal",
    "funded",
    "requirement",
    "requirements",
    "Funding",
    "received",
    "Regional Office",
    "the",
    "and",
    "of",
]


@functools.cache
def english_country_names() -> list[str]:
    """The offices' English names that French writes otherwise (Chad, Cameroon, Senegal, …)."""
    entities = read_table("entities")
    return sorted(en for en, fr in zip(entities["name_en"], entities["name_fr"], strict=True) if en != fr)


@functools.cache
def as_written() -> list[str]:
    cells: set[str] = set()
    for table, column in AS_WRITTEN:
        frame = read_table(table)
        if column in frame:
            cells.update(v for v in frame[column].dropna().astype(str) if len(v) >= MIN_LENGTH)
    cells.update(theme_rule_words())
    return sorted(cells, key=len, reverse=True)


def without_as_written(text: str) -> str:
    for cell in as_written():
        if cell in text:
            text = text.replace(cell, "¤")
    # The processed tables' names are identifiers, not English (the files' names, ?table= in the URL):
    # the methods page's table choice lists them, each on a line of its own.
    names = "|".join(re.escape(name) for name in read_schema())
    return re.sub(rf"^(?:{names})$", "¤", text, flags=re.MULTILINE)


def chart_text(at) -> list[str]:
    """Every text of the page's plotly charts: titles, axes (titles and tick text), legends, trace names,
    text and hover, annotations."""
    parts: list[str] = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        for key, value in layout.items():
            if key.startswith(("xaxis", "yaxis")) or key in ("title", "legend", "annotations", "coloraxis"):
                parts.append(json.dumps(value, ensure_ascii=False))
        for trace in spec.get("data", []):
            for key in ("name", "text", "hovertemplate", "hovertext", "customdata", "texttemplate", "labels"):
                if key in trace:
                    parts.append(json.dumps(trace[key], ensure_ascii=False))
    return parts


def si_money_axes(at) -> list[str]:
    """Axes whose ticks plotly writes itself with an SI suffix ("20M"): not French money style."""
    found = []
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec).get("layout", {})
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis")) and "s" in str(axis.get("tickformat", "")).replace("%", ""):
                found.append(f"{key} tickformat={axis['tickformat']!r}")
    return found


def typography_errors(text: str) -> list[str]:
    """French typography the project's own text must follow: a narrow no-break space before : ; ! ? and
    after a number before %, the typographic apostrophe, and a space inside "M $"."""
    patterns = {
        "plain or no-break space before : ; ! ?": r"\S[ \u00a0][:;!?](?=\s|$)",
        "no space before ; ! ?": r"[^\s\u00a0\u202f:/&*_\[(¤][;!?](?=\s|$)",
        "space before % other than narrow": r"\d[ \u00a0]?%",
        "straight apostrophe": r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]",
        "M$ without space": r"\dM\$|M\$",
        "SI money tick": r"\b\d+(?:[.,]\d+)?[kMGB]\b(?![\u00a0 ]?\$)",
    }
    found = []
    for name, pattern in patterns.items():
        for match in re.finditer(pattern, text):
            found.append(f"{name}: …{text[max(0, match.start() - 30):match.end() + 10]}…")
    return found


# Labels and scopes the project wrote: never exempt, French pages show their French (funding.appeal_fr).
PROJECT_WRITTEN = {("funding", "appeal"), ("funding", "scope")}


def stored_table_columns() -> set[tuple[str, ...]]:
    """The column names of every processed table: the methods page shows a table as it is stored (its
    identifiers and its cells as the build wrote them, the English beside the French columns)."""
    return {tuple(field["name"] for field in table["fields"]) for table in read_schema().values()}


def table_cells(at) -> list[str]:
    """The cells of every table the page shows, its "Show the data" views open, except a processed table
    shown as it is stored (the methods page)."""
    stored = stored_table_columns()
    cells: list[str] = []
    for frame in at.dataframe:
        value = frame.value
        if tuple(str(c) for c in value.columns) in stored:
            continue
        for column in value.columns:
            cells += [str(v) for v in value[column].dropna() if str(v)]
    return cells


@functools.cache
def scan(page: str, params: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    """What a French view shows that is not French (English words, typography, SI money ticks); one
    AppTest run per view, shared by the tests below."""
    at = open_data_views(run_page(page, "fr", **dict(params)))
    assert not at.exception
    shown = without_as_written("\n".join([interface_text(at), *chart_text(at)]))
    for spec in map_specs(at):
        shown += "\n" + without_as_written(json.dumps(spec, ensure_ascii=False))
    cells = without_as_written("\n".join(c for c in table_cells(at) if c not in as_written_cells()))
    return {"english": english_words(shown), "typography": typography_errors(shown),
            "si_axes": si_money_axes(at), "table_english": english_words(cells)}


def english_words(text: str) -> list[str]:
    words = [*ENGLISH, *english_country_names()]
    return sorted({w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)})


@functools.cache
def as_written_cells() -> frozenset[str]:
    """Whole cells written by others, however short (a publisher "IOM"): a table cell equal to one is
    theirs; MIN_LENGTH only keeps short ones from hiding the same word inside the project's text."""
    return frozenset(str(v) for table, column in AS_WRITTEN
                     for v in read_table(table).get(column, []) if isinstance(v, str))


IDS = [f"{page.split('/')[-1][:-3]}{''.join(f'-{v}' for v in params.values())}" for page, params in VIEWS]
VIEW_PARAMS = [(page, tuple(params.items())) for page, params in VIEWS]

@pytest.mark.parametrize(("page", "params"), VIEW_PARAMS, ids=IDS)
def test_french_money_axes_are_written_by_babel(page, params):
    assert scan(page, params)["si_axes"] == []


@pytest.mark.parametrize(("page", "params"), VIEW_PARAMS, ids=IDS)
def test_french_page_shows_no_english_words(page, params):
    assert scan(page, params)["english"] == []


@pytest.mark.parametrize(("page", "params"), VIEW_PARAMS, ids=IDS)
def test_french_tables_show_no_english_words(page, params):
    """The cells of every table a French view shows, "Show the data" views open: plan names and scopes
    included (funding.appeal_fr, scope_fr), only what others wrote exempt."""
    assert scan(page, params)["table_english"] == []


@pytest.mark.parametrize(("page", "params"), VIEW_PARAMS, ids=IDS)
def test_french_page_follows_french_typography(page, params):
    assert scan(page, params)["typography"] == []


def test_project_written_labels_are_not_exempt():
    """The plan labels and scopes the project wrote are scanned like any text of the project's: a French
    page shows their French (appeal_fr, scope_fr), never the English as an exempt 'as written' cell."""
    assert not AS_WRITTEN & PROJECT_WRITTEN
    labels = set(read_table("funding")["appeal"]) | set(read_table("funding")["scope"])
    exempt_tables = {(table, column) for table, column in AS_WRITTEN if table == "funding"}
    assert exempt_tables == {("funding", "objective_title")}
    assert labels & set(read_table("funding")["objective_title"].dropna()) == set()


def test_french_catalogue_follows_french_typography():
    """Every French catalogue text, as the app reads it, passes the typography scan: a translator's plain
    space before a colon or straight apostrophe is corrected when fr.yaml is loaded."""
    from i18n import catalogue

    errors = {key: typography_errors(text) for key, text in catalogue("fr").items() if isinstance(text, str)}
    assert {key: found for key, found in errors.items() if found} == {}
