"""A French-speaking official meets no English interface string on any page.

Every catalogue string whose English differs from its French must not appear on a page run in French:
not in text, labels, options, table headers, nor in chart titles, axes, legends and hover text.
Text that comes from the sources (priorities as written, source titles) is data, not interface.
"""

from __future__ import annotations

import functools
import json
import re

import pandas as pd
import pytest

from dashboard.i18n import catalogue
from dashboard.pages import PAGES
from dashboard.search import rule_hits
from dashboard.tables import read_schema, read_table
from tests.apptest_helpers import map_specs, open_data_views, run_page, texts

# Fragments shorter than this are too common to tell languages apart ("Source", "Date", "Table").
MIN_LENGTH = 8


def english_fragments() -> set[str]:
    """Fixed parts of every English string that differs from its French translation."""
    english, french = catalogue("en"), catalogue("fr")
    fragments = set()
    for key, text in english.items():
        if str(text) == str(french[key]):
            continue
        for part in re.split(r"{\w+(?::[^{}]*)?}", str(text)):
            part = part.strip(' :|—-·,.()"“”')
            if len(part) >= MIN_LENGTH and part not in str(french[key]):
                fragments.add(part)
    return fragments


def interface_text(at) -> str:
    """All interface text AppTest can see on the page, charts included."""
    parts = [texts(at), *(str(toast.value) for toast in at.toast)]
    for kind in (
        "button",
        "selectbox",
        "multiselect",
        "radio",
        "checkbox",
        "toggle",
        "text_input",
        "slider",
        "select_slider",
        "pills",
        "segmented_control",
        "download_button",
        "expander",
        "tabs",
    ):
        for widget in getattr(at, kind, []):
            parts.append(str(getattr(widget, "label", "")))
            options = getattr(widget, "options", None)
            if options:
                parts += [str(o) for o in options]
    for frame in at.dataframe:
        parts += [str(c) for c in frame.value.columns]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        parts.append(json.dumps(layout.get("title", ""), ensure_ascii=False))
        for axis in ("xaxis", "yaxis"):
            parts.append(json.dumps(layout.get(axis, {}).get("title", ""), ensure_ascii=False))
        for trace in spec.get("data", []):
            parts += [str(trace.get("name", "")), str(trace.get("hovertemplate", ""))]
    for spec in map_specs(at):  # the maps' label, hover lines and legend
        parts.append(spec["label"])
        for shape in [*spec["shapes"], *spec["circles"]]:
            parts += shape.get("tip", [])
        legend = spec["legend"]
        parts += [legend.get("title", ""), *(text for _, text in legend.get("ticks", []))]
        parts += [item.get("label", item.get("heading", "")) for item in legend.get("items", [])]
    return "\n".join(parts)


# Table text that is interface, not data: the build writes the checks in English and French
# (subject_fr, message_fr), so their English must not be shown on a French page.
NOT_DATA = {("checks", "subject"), ("checks", "message")}


@functools.cache
def data_strings() -> list[str]:
    """Text cells of every table (source titles, priorities as written, notes): data, not interface."""
    cells: set[str] = set()
    for name in read_schema():
        table = read_table(name)
        for col in table.columns:
            if (name, col) in NOT_DATA:
                continue
            if table[col].dtype == object or pd.api.types.is_string_dtype(table[col]):
                for value in table[col].dropna().astype(str):
                    # "; "-joined cells (the words that matched a theme rule) are shown part by part
                    cells.update(part for part in [value, *value.split("; ")] if len(part) >= MIN_LENGTH)
    cells.update(theme_rule_words())
    return sorted(cells, key=len, reverse=True)


def theme_rule_words() -> set[str]:
    """The words of a priority that a theme rule found, shown under it as written in the document."""
    texts = read_table("priorities").set_index("priority_id")["text"]
    return {
        hit
        for row in read_table("priority_themes").itertuples()
        for hit in rule_hits(texts[row.priority_id], row.matched)
        if len(hit) >= MIN_LENGTH
    }


def without_data(text: str) -> str:
    for cell in data_strings():
        if cell in text:
            text = text.replace(cell, " ")
    return text


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_no_english_interface_string_in_french(page):
    at = open_data_views(run_page(page, "fr"))  # every table view open: its headers and downloads too
    assert not at.exception
    shown = without_data(interface_text(at))
    leaked = sorted(fragment for fragment in english_fragments() if fragment in shown)
    assert leaked == [], f"{page} shows English interface text in French: {leaked[:10]}"
