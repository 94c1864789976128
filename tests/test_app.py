"""The app starts, in both languages, and the overview's headline figures equal the tables'.
(The overview's FTS gap, shared with the funding page: tests/test_page_funding_fts.py.)"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.i18n import format_int, format_usd, translate
from dashboard.tables import read_table
from tests.apptest_helpers import run_page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_headline_figures_equal_the_tables(lang):
    at = run_page("app_pages/overview.py", lang)
    assert not at.exception
    appeal = read_table("appeal")
    displacement = read_table("displacement")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("overview.total_appeal", lang)] == format_usd(appeal["amount_usd"].sum(), lang)
    statement = displacement[
        (displacement["series"] == "mi2020_statement") & (displacement["category"] == "affected_total")
    ]
    assert metrics[translate("overview.lcb_displaced", lang)] == format_int(statement["value"].iloc[0], lang)
    # the document's figures: USD 380,026,059 and 4,471,459 people, both of December 2019
    assert appeal["amount_usd"].sum() == 380_026_059
    assert int(statement["value"].iloc[0]) == 4_471_459
    assert statement["as_of"].iloc[0] == "2019-12-31"
    captions = [c.value for c in at.caption]
    assert any("Migration Initiatives 2020" in c for c in captions)
    assert translate("overview.lcb_statement_note", lang) in captions


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_sets_no_figure_beside_one_of_another_date(lang):
    """The 2020 appeal's statement (December 2019) is no longer set beside DTM's February 2024 count."""
    at = run_page("app_pages/overview.py", lang)
    labels = [m.label for m in at.metric]
    assert not any(label.startswith(translate("overview.lcb_latest", lang, date="")) for label in labels)
    footer = translate("footer.data_as_of", lang, items="")
    captions = [c.value for c in at.caption if not c.value.startswith(footer)]
    assert not any("DTM" in c or "2024" in c for c in captions)


def test_bad_language_falls_back_to_english_with_a_notice():
    at = run_page("app_pages/overview.py", "zz")
    assert not at.exception
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    assert any("zz" in str(toast.value) for toast in at.toast)


def test_presentation_mode_shows_the_guided_controls():
    at = run_page("app_pages/overview.py", "en", present="1")
    assert not at.exception
    labels = [b.label for b in at.button]
    assert translate("present.next", "en") in labels and translate("present.exit", "en") in labels
    from dashboard.pages import PRESENTATION

    step = translate("present.step", "en", current=1, total=len(PRESENTATION))  # "View 1 of 10"
    assert f"**{step}**" in [m.value for m in at.markdown]


def test_missing_table_breaks_only_its_page(processed_copy):
    (processed_copy / "appeal.csv").unlink()
    at = run_page("app_pages/overview.py", "en")
    assert not at.exception
    assert any("appeal" in e.value for e in at.error)
    # the other tables still read
    assert isinstance(read_table("entities"), pd.DataFrame)


def test_a_table_edited_by_hand_is_refused_not_shown(processed_copy):
    """A figure changed in data/processed/ without a rebuild no longer matches datapackage.json's checksum."""
    path = processed_copy / "appeal.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("75412058", "75412158"), encoding="utf-8")
    at = run_page("app_pages/overview.py", "en")
    assert not at.exception
    assert any("appeal" in e.value and "truncated or edited" in e.value for e in at.error)
    assert not any("380" in m.value for m in at.metric)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_map_colours_each_country_office_by_its_appeal_total(lang):
    from tests.apptest_helpers import coloured, map_specs

    at = run_page("app_pages/overview.py", lang)
    assert not at.exception
    specs = {spec["label"]: spec for spec in map_specs(at)}
    assert len(specs) == 2  # the FTS gap first (tests/test_page_funding_fts.py), then the 2020 appeal
    spec = specs[translate("overview.by_office", lang)]
    appeal = read_table("appeal")
    entities = read_table("entities")
    countries = set(entities.loc[entities["kind"] == "country", "entity_id"])
    totals = appeal[appeal["entity_id"].isin(countries)].groupby("entity_id")["amount_usd"].sum()
    assert coloured(spec) == {iso3: float(v) for iso3, v in totals.items()}
    nigeria = next(s for s in spec["shapes"] if s["id"] == "NGA" and s["layer"] == "values")
    assert nigeria["tip"][1].endswith(format_int(110_475_810, lang))
    assert spec["interactive"] and nigeria["click"]
    assert any(translate("overview.map_hint", lang) == c.value for c in at.caption)
