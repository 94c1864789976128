"""Shared page pieces: figures built once per process are the same figures, drawn the same."""

from __future__ import annotations

from dashboard import charts
from dashboard.components import freeze
from tests.apptest_helpers import run_page


def _bar():
    return charts.ranked_bar(
        ["Niger", "Chad"], [2.0, 1.0], value_texts=["2", "1"], keys=["NER", "TCD"], x_title="USD"
    )


def test_a_frozen_figure_gives_the_same_plotly_json_as_a_fresh_one():
    frozen = freeze(_bar())
    assert frozen.to_dict() == _bar().to_dict()
    assert frozen.to_dict() is frozen.to_dict()  # made once, not copied on each rerun


def test_the_sidebar_loads_the_map_script_without_drawing_a_map():
    at = run_page("app_pages/overview.py", "en")
    assert not at.exception
    names = [el.proto.component_name for el in at.sidebar.get("bidi_component")]
    assert names == ["wca_map_preload"]
    main_names = [el.proto.component_name for el in at.main.get("bidi_component")]
    assert "wca_map_preload" not in main_names


def _two_views() -> None:
    """A script with two table views: one given a builder (counting its calls), one a DataFrame."""
    import pandas as pd
    import streamlit as st

    from dashboard.components import data_view

    def build() -> pd.DataFrame:
        st.session_state["built"] = st.session_state.get("built", 0) + 1
        return pd.DataFrame({"a": [1, 2]})

    data_view(build, "built", "built-data")
    data_view(pd.DataFrame({"b": [3]}), "given", "given-data")


def test_a_data_view_builds_and_sends_its_table_only_while_open():
    from streamlit.testing.v1 import AppTest

    from tests.apptest_helpers import data_view_keys, open_data_views

    at = AppTest.from_function(_two_views).run()
    assert not at.exception
    assert data_view_keys(at) == ["built-data-view", "given-data-view"]
    assert not at.dataframe and not at.get("download_button") and "built" not in at.session_state
    open_data_views(at, "built-data")
    assert [f.value["a"].tolist() for f in at.dataframe] == [[1, 2]] and at.session_state["built"] == 1
    assert [b.key for b in at.get("download_button")] == ["built-data-csv", "built-data-xlsx"]
    open_data_views(at, "given-data")
    assert [list(f.value.columns) for f in at.dataframe] == [["a"], ["b"]]
    assert len(at.get("download_button")) == 4
    at.session_state["built-data-view"] = False
    at.run()
    assert [list(f.value.columns) for f in at.dataframe] == [["b"]] and at.session_state["built"] == 2
