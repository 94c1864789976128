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
