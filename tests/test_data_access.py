"""dashboard.data: each table loaded once per process and shared by every session, which no page modifies;
an unreadable table raises TableUnavailable, so only the sections that need it say so."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data
from dashboard.tables import read_resources, read_table


@pytest.fixture(autouse=True)
def _fresh_caches():
    data.clear_caches()
    yield
    data.clear_caches()


def test_a_table_is_loaded_once_and_shared():
    """One object per process for every session (st.cache_resource): no copy per call."""
    first = data.load("appeal")
    assert data.load("appeal") is first
    pd.testing.assert_frame_equal(first, read_table("appeal"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_page_modifies_the_shared_tables(lang):
    """As tables are shared, a page that changed one in place would change what every other session sees.
    Every page is run (with its table views open), then run again; every table must still equal the file."""
    from dashboard.pages import PAGES
    from tests.apptest_helpers import open_data_views, run_page

    for page in PAGES:
        for _ in range(2):
            at = run_page(page.path, lang)
            assert not at.exception, page.path
            open_data_views(at)
            assert not at.exception, page.path
    for name in read_resources():
        pd.testing.assert_frame_equal(data.load(name), read_table(name), obj=name)


def test_an_unreadable_table_raises_table_unavailable(processed_copy):
    (processed_copy / "funding.csv").unlink()
    with pytest.raises(data.TableUnavailable) as raised:
        data.load("funding")
    assert raised.value.name == "funding" and "missing" in raised.value.reason
