"""A French reader of the country profile reads each priority in the project's French working translation
(the priorities table's text_fr), marked once as « traduction de travail (non officielle) », with the
English original one click away; an English reader reads the English as written, unmarked."""

from __future__ import annotations

import pytest

from dashboard.i18n import translate
from dashboard.search import escape_markdown
from dashboard.tables import read_table
from tests.apptest_helpers import rerun, run_page


def _office_texts(office: str):
    priorities = read_table("priorities")
    return priorities[priorities["entity_id"] == office]


def _markdown(at) -> list[str]:
    return [str(el.value) for el in at.markdown]


@pytest.mark.parametrize("office", ["NGA", "RO-DAKAR"])
def test_french_country_page_shows_the_working_translation_and_the_original_on_request(office):
    at = run_page("app_pages/country.py", "fr", country=office)
    assert not at.exception
    texts = _office_texts(office)
    assert len(texts) > 3 and texts["text_fr"].str.strip().ne("").all()
    shown = "\n".join(_markdown(at))
    captions = [str(c.value) for c in at.caption]
    assert translate("themes.fr_text.mark", "fr") in captions
    for row in texts.itertuples():
        assert escape_markdown(row.text_fr) in shown, row.priority_id
        assert escape_markdown(row.text) not in shown  # the original only on request
    toggle = at.toggle(key=f"country-original-{office}")
    assert toggle.label == translate("themes.fr_text.show_original", "fr") and toggle.value is False
    toggle.set_value(True)
    at = rerun(at)
    assert not at.exception
    shown = "\n".join(_markdown(at))
    for row in texts.itertuples():
        original = translate("themes.fr_text.original", "fr", text=escape_markdown(row.text))
        assert f":small[{original}]" in shown, row.priority_id
        assert escape_markdown(row.text_fr) in shown


def test_english_country_page_shows_the_texts_as_written_without_the_mark():
    at = run_page("app_pages/country.py", "en", country="NGA")
    assert not at.exception
    shown = "\n".join(_markdown(at))
    for row in _office_texts("NGA").itertuples():
        assert escape_markdown(row.text) in shown
        assert escape_markdown(row.text_fr) not in shown
    assert len(at.toggle) == 0
    assert translate("themes.fr_text.mark", "en") not in [str(c.value) for c in at.caption]
