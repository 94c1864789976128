"""Data and methods page: the checks and sources shown equal checks.csv and sources.csv."""

from __future__ import annotations

import pytest

from dashboard.i18n import format_int, translate
from dashboard.tables import read_table
from dashboard.text import for_markdown
from tests.apptest_helpers import run_page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_methods_page_shows_checks_and_sources(lang):
    at = run_page("app_pages/methods.py", lang)
    assert not at.exception
    checks = read_table("checks")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("methods.checks_passed", lang)] == format_int(
        (checks["status"] == "pass").sum(), lang
    )
    # the build writes every check in both languages: message (English) and message_fr
    column = "message" if lang == "en" else "message_fr"
    warnings = checks.loc[checks["status"] == "warning", column].tolist()
    # shown as text: the Markdown source is the message with Markdown's characters escaped
    assert [w.value for w in at.warning] == [for_markdown(w) for w in warnings]
    # dashboards #25 and #49 publish totals that differ from the sum of their countries
    dashboard_25 = "Dashboard #25" if lang == "en" else "Tableau de bord n° 25"
    assert any(dashboard_25 in w and "223" in w for w in warnings)
    passed = at.dataframe[0].value
    assert passed[translate("methods.col.message", lang)].tolist() == (
        checks.loc[checks["status"] == "pass", column].tolist()
    )
    shown_sources = at.dataframe[1].value
    assert len(shown_sources) == len(read_table("sources"))


def test_methods_page_in_french_shows_the_warnings_in_french():
    at = run_page("app_pages/methods.py", "fr")
    assert not at.exception
    shown = [w.value for w in at.warning]
    assert len(shown) == (read_table("checks")["status"] == "warning").sum() >= 8
    assert any(
        w.startswith("Tableau de bord n° 25 (21 octobre 2020)\u202f: le total publié, 5\u202f034\u202f347")
        for w in shown
    )
    assert any("écart de 19\u202f600\u202f000 USD" in w for w in shown)
    english = read_table("checks")["message"]
    assert not set(shown) & set(english)
    for phrase in ("both kept as published", "published total", "the date of this figure is unknown"):
        assert not any(phrase in w for w in shown), phrase
    subjects = at.dataframe[0].value[translate("methods.col.subject", "fr")].tolist()
    assert "Total de ligne\u202f: Nigeria" in subjects and "Row total: Nigeria" not in subjects


def test_every_table_can_be_shown(processed_copy):
    at = run_page("app_pages/methods.py", "en")
    choice = at.selectbox(key="table")
    for name in choice.options:
        choice.set_value(name).run()
        assert not at.exception
        assert len(at.dataframe[-1].value) == len(read_table(name)), name


def test_a_missing_table_is_reported_on_this_page_only(processed_copy):
    (processed_copy / "events.csv").unlink()
    at = run_page("app_pages/methods.py", "en")
    assert not at.exception
    at.selectbox(key="table").set_value("events").run()
    assert any("events" in e.value for e in at.error)


def test_a_link_opens_one_table_and_a_bad_name_falls_back_with_a_notice():
    at = run_page("app_pages/methods.py", "en", table="events")
    assert not at.exception
    assert at.selectbox(key="table").value == "events"
    assert len(at.dataframe[-1].value) == len(read_table("events"))
    at = run_page("app_pages/methods.py", "en", table="nope")
    assert not at.exception
    assert any("table=nope" in str(toast.value) for toast in at.toast)
    first = at.selectbox(key="table").options[0]
    assert at.selectbox(key="table").value == first and at.query_params.get("table") in (None, [])
