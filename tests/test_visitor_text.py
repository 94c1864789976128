"""Visitors read visitor text: on a public server (uploads off) no page shows a developer's or operator's
fragment (a file path, a YAML or CSV file, a command, "row 26"); sources are named by their title."""

from __future__ import annotations

import re

import pytest

from dashboard.pages import PAGES
from tests.apptest_helpers import open_data_views, run_page, texts

# What only a developer or an operator can use: paths, files, commands, settings, a file's row numbers.
DEVELOPER = re.compile(
    r"etl/|data/raw|\.csv\b|\.ya?ml\b|python -m|WCA_[A-Z_]+|\brows? \d|\blignes? \d", re.IGNORECASE
)

VIEWS = [(page.path, {}) for page in PAGES] + [
    ("app_pages/country.py", {"country": "NGA"}),
    ("app_pages/country.py", {"country": "RO-DAKAR"}),
    ("app_pages/country.py", {"compare": "NGA,NER,TCD"}),
    ("app_pages/themes.py", {"view": "matrix"}),
    ("app_pages/themes.py", {"view": "regional"}),
    ("app_pages/themes.py", {"view": "method"}),
    ("app_pages/themes.py", {"q": "MIDAS"}),
]


def visible_text(at) -> str:
    """The page's text with the labels of its expanders, tabs and buttons."""
    labels = [str(e.label) for kind in ("expander", "tabs", "button") for e in getattr(at, kind)]
    return "\n".join([texts(at), *labels])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("page", "params"), VIEWS, ids=[f"{p.split('/')[-1]}{v}" for p, v in VIEWS])
def test_no_developer_text_on_a_public_server(page, params, lang, monkeypatch):
    monkeypatch.delenv("WCA_ENABLE_UPLOADS", raising=False)
    at = run_page(page, lang, **params)
    assert not at.exception
    at = open_data_views(at)  # every "Show the data" view open, as a curious visitor would
    found = [line for line in visible_text(at).splitlines() if DEVELOPER.search(line)]
    assert not found, found


def test_the_checks_visitors_read_name_sources_not_files():
    """The methods page lists every check of the build (passed ones too, in a table the test above does not
    read cell by cell): their subjects and messages name sources by title in both languages. An import's
    check names the file its operator gave, which is that import's only name."""
    from dashboard.tables import read_table

    checks = read_table("checks")
    built = checks[~checks["check_id"].str.startswith("IMPORT-")]
    columns = ["subject", "message", "subject_fr", "message_fr"]
    found = [
        (row.check_id, column, getattr(row, column))
        for row in built.itertuples()
        for column in columns
        if DEVELOPER.search(str(getattr(row, column)).replace("\u202f", " "))
    ]
    assert len(built) > 50 and not found, found[:5]
