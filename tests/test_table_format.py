"""Tables as a reader reads them: "Show the data" views and the other visible tables format their numbers in
the reader's language (1,234,567 / 1 234 567, 29.1% / 29,1 %), show an unknown as "–", and their CSV
downloads keep the raw numbers."""

from __future__ import annotations

import io
from unittest import mock

import pandas as pd
import pytest
from babel.numbers import format_decimal
from streamlit import dataframe_util
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard import table_format
from dashboard.i18n import format_int, format_usd, translate
from dashboard.tables import read_table
from tests.apptest_helpers import open_data_views, rerun, run_page

NNBSP = "\u202f"  # narrow no-break space: French thousands and the space before %


def shown_cells(element) -> pd.DataFrame:
    """What the grid shows of an st.dataframe: the Styler's display text when the table has one, else
    the values themselves."""
    arrow = element.proto.arrow_data
    if arrow.styler.display_values:
        return dataframe_util.convert_arrow_bytes_to_pandas_df(arrow.styler.display_values)
    return element.value


@pytest.mark.parametrize(
    ("lang", "requirement", "share"),
    [("en", "110,475,810", "29.1%"), ("fr", f"110{NNBSP}475{NNBSP}810", f"29,1{NNBSP}%")],
)
def test_the_overview_table_reads_in_the_readers_language(lang, requirement, share):
    """Nigeria's 2020 requirement, the sum of its rows in appeal.csv, and its share of the region."""
    appeal = read_table("appeal")
    nigeria = appeal.loc[appeal["entity_id"] == "NGA", "amount_usd"].sum()
    assert nigeria == 110_475_810 and round(nigeria / appeal["amount_usd"].sum(), 3) == 0.291
    at = open_data_views(run_page("app_pages/overview.py", lang), "overview-offices-table")
    assert not at.exception
    (element,) = at.dataframe
    shown, values = shown_cells(element), element.value
    row = shown.iloc[:, 0].tolist().index("NGA")
    requirement_column = translate("overview.col.amount_usd", lang)
    assert shown[requirement_column].iloc[row] == requirement
    assert shown[translate("overview.col.share", lang)].iloc[row] == share
    assert shown[translate("overview.col.rank", lang)].iloc[row] == "1"
    # the grid sorts by the values underneath, which stay numbers
    assert values[requirement_column].iloc[row] == nigeria


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_missing_figure_reads_as_a_dash_and_percentages_as_percentages(lang):
    """The funding map's table (latest year): a country without a plan has no requirement ("–", never
    0 or "None"); % funded (FTS percentage points) reads as a percentage; years are not grouped."""
    at = open_data_views(run_page("app_pages/funding.py", lang), "fts-map")
    assert not at.exception
    element = next(f for f in at.dataframe if translate("funding.fts.col_percent", lang) in f.value.columns)
    shown, values = shown_cells(element), element.value
    requirement = translate("funding.fts.col_requirement", lang)
    unknown = values[requirement].isna()
    assert unknown.any() and (~unknown).any()
    assert set(shown.loc[unknown, requirement]) == {"–"}
    assert element.proto.placeholder == "–"  # what the grid itself draws in an empty cell
    assert not shown.isin(["None", "nan", "<NA>", "NaN"]).any().any()
    known = values[requirement].notna()
    expected = [format_int(v, lang) for v in values.loc[known, requirement]]
    assert shown.loc[known, requirement].tolist() == expected
    percent = translate("funding.fts.col_percent", lang)
    first = values[percent].dropna().index[0]
    expected = f"{values[percent][first]:.1f}".replace(".", "." if lang == "en" else ",")
    assert shown[percent][first] == expected + ("%" if lang == "en" else f"{NNBSP}%")
    year = translate("funding.fts.col_year", lang)
    assert shown[year].tolist() == [str(y) for y in values[year]]


def test_the_csv_download_holds_the_raw_numbers():
    """The bytes the CSV button gives: 110475810 and 0.2907…, unformatted, and an empty cell for unknown."""
    made: dict[str, object] = {}
    add = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return add(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    with mock.patch.object(MediaFileManager, "add_deferred", record):
        at = open_data_views(run_page("app_pages/overview.py", "fr"), "overview-offices-table")
        csv = made["appeal_2020_by_office_fr.csv"]().decode("utf-8-sig")
        at = open_data_views(run_page("app_pages/funding.py", "en"), "fts-map")
        funding_csv = next(f() for name, f in made.items() if name.startswith("fts-funding-")
                           and name.endswith(".csv")).decode("utf-8-sig")
    assert not at.exception
    nigeria = next(line for line in csv.splitlines() if line.startswith("NGA,"))
    assert nigeria.split(",")[2] == "110475810" and nigeria.split(",")[3].startswith("0.2907")
    rows = pd.read_csv(io.StringIO(funding_csv), keep_default_na=False, dtype=str)
    requirement = translate("funding.fts.col_requirement", "en")
    assert "" in set(rows[requirement]) and "–" not in set(rows[requirement])
    assert all(v == "" or v.isdigit() for v in rows[requirement])


def test_the_iom_plans_list_reads_as_published_with_dashes_for_unknowns():
    """IOM's crisis response plans (always shown on the funding page): money in the language's style,
    a share as published, an unknown as "–" (never "not known" in one table and "–" in another)."""
    at = run_page("app_pages/funding.py", "fr", country="NGA")
    assert not at.exception
    gap = translate("funding.col_gap", "fr")
    (listing,) = [f.value for f in at.dataframe if gap in f.value.columns]
    assert "–" in set(listing[gap]) and not listing.isin(["None", "nan", "<NA>"]).any().any()
    shares = set(listing[translate("funding.col_funded_pct", "fr")]) - {"–"}
    assert shares and all(s.endswith(f"{NNBSP}%") for s in shares)
    assert set(listing[translate("funding.col_year", "fr")]) <= {str(y) for y in range(2000, 2100)}


def test_a_large_processed_table_reads_formatted_too():
    """The methods page's largest table (UNHCR populations) as text: counts grouped, years as written."""
    at = run_page("app_pages/methods.py", "fr", table="unhcr_population")
    assert not at.exception
    shown = at.dataframe[-1].value
    raw = read_table("unhcr_population")
    assert len(shown) == len(raw)
    big = raw["refugees"].idxmax()
    assert shown["refugees"][big] == format_int(raw["refugees"][big], "fr")
    assert NNBSP in shown["refugees"][big]
    assert shown["year"][big] == str(raw["year"][big])
    assert (shown.loc[raw["other_in_need"].isna(), "other_in_need"] == "–").all()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_format_int_is_babels_grouping(lang):
    for value in (0, 7, -12, 999, 1000, -1234, 12345, 110_475_810, -9_876_543_210, 10**15):
        assert format_int(value, lang) == format_decimal(value, format="#,##0", locale=lang)


def test_kinds_and_their_unknowns():
    table = pd.DataFrame({
        "Year": [2024, 2025], "People": pd.array([1234, None], dtype="Int64"), "Share": [0.5, None],
        "Points": [19.2, 54.0], "Note": ["a", None], "Money": [1_500_000.0, float("nan")],
    })  # fmt: skip
    kinds = {"Share": "share", "Points": "published_percent", "Money": "usd"}
    shown = table_format.readable(table, "fr", kinds)
    assert shown.to_dict("list") == {
        "Year": ["2024", "2025"],
        "People": [f"1{NNBSP}234", "–"],
        "Share": [f"50,0{NNBSP}%", "–"],
        "Points": [f"19,2{NNBSP}%", f"54{NNBSP}%"],
        "Note": ["a", "–"],
        "Money": [format_usd(1_500_000, "fr"), "–"],
    }
    with pytest.raises(KeyError):
        table_format.readable(table, "en", {"Renamed": "share"})


def test_a_data_view_in_french_after_a_rerun_keeps_its_format():
    at = run_page("app_pages/overview.py", "fr")
    at = open_data_views(at, "overview-offices-table")
    at = rerun(at)
    (element,) = at.dataframe
    assert f"{NNBSP}" in shown_cells(element)[translate("overview.col.amount_usd", "fr")].iloc[0]
