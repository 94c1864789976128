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
