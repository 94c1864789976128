"""IOM's crisis response plans on French pages: the plans table and the country's plan list name each plan
and its scope in the project's French (funding.appeal_fr, scope_fr), the English pages as published."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import translate
from tests.apptest_helpers import open_data_views, run_page, texts
from tests.test_page_funding import _frame_with, _iom_plans


def test_french_funding_page_names_plans_and_scopes_in_french():
    at = run_page("app_pages/funding.py", "fr", country="NGA")
    assert not at.exception
    listing = _frame_with(at, translate("funding.col_gap", "fr"))
    rows = _iom_plans("NGA")
    shown = listing[translate("funding.col_appeal", "fr")]
    assert sorted(shown) == sorted(rows["appeal_fr"])  # the table's French column, every row
    objective = "Plan de réponse aux crises de l’OIM, Nigeria, 2021, objectif 1 " \
                "«\u202fSaving lives and protecting people on the move\u202f»"
    assert objective in set(shown)
    assert not set(shown) & set(rows["appeal"])  # no English name left
    by_name = rows.set_index("appeal_fr")["scope_fr"]
    scopes = listing[translate("funding.col_scope", "fr")]
    assert [by_name[name] for name in shown] == scopes.tolist()
    assert "Bassin du lac Tchad (Cameroun, Tchad, Niger, Nigeria)" in set(scopes)
    assert "Crisis Response Plan" not in texts(at)


def test_english_funding_page_keeps_the_names_as_published():
    at = run_page("app_pages/funding.py", "en", country="NGA")
    listing = _frame_with(at, translate("funding.col_gap", "en"))
    assert sorted(listing[translate("funding.col_appeal", "en")]) == sorted(_iom_plans("NGA")["appeal"])
    scopes = set(listing[translate("funding.col_scope", "en")])
    assert "Lake Chad Basin (Cameroon, Chad, Niger, Nigeria)" in scopes


def test_french_country_page_lists_the_plans_in_french():
    at = open_data_views(run_page("app_pages/country.py", "fr", country="TCD"), "country-funding-data")
    assert not at.exception
    rows = _iom_plans("TCD")
    rows = rows[rows["entity_id"] == "TCD"]
    latest = rows.sort_values(["year", "required_usd"], ascending=False).iloc[0]
    assert latest["appeal_fr"] == "Plan de réponse aux crises de l’OIM, Tchad, 2023 (total)"
    assert latest["appeal_fr"] in texts(at)
    column = translate("country.col_appeal", "fr")
    listing = next(f.value for f in at.dataframe if column in f.value.columns)
    assert sorted(listing[column]) == sorted(rows["appeal_fr"])
    assert pd.Series(listing[column]).str.contains("IOM").sum() == 0
