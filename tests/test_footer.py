"""The footer dates every dataset a page may show, from the sources its rows cite, in each language."""

from __future__ import annotations

import pytest

from dashboard.components import FOOTER_TABLES
from dashboard.i18n import format_date, translate
from dashboard.tables import read_table
from tests.apptest_helpers import run_page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_footer_gives_each_datasets_newest_source_date(lang):
    at = run_page("app_pages/overview.py", lang)
    assert not at.exception
    prefix = translate("footer.data_as_of", lang, items="").strip()
    (footer,) = [c.value for c in at.caption if c.value.startswith(prefix)]
    sources = read_table("sources").set_index("source_id")
    for name in FOOTER_TABLES:
        cited = read_table(name)["source_id"].dropna().unique()
        newest = sources.loc[cited, "date"].dropna().max()
        label = translate(f"footer.{name}", lang)
        item = translate("footer.item", lang, name=label, date=format_date(newest, lang))
        assert item in footer, (name, footer)
    # OCHA FTS's copy of March 2026 is the newest funding figure a donor sees
    assert format_date("2026-03-12", lang) in footer
    if lang == "fr":
        assert "\u202f:" in footer and not any(f"{space}:" in footer for space in (" ", "\u00a0"))
