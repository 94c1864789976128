"""Country profile: the office's priorities by theme (how many of its texts each theme tags) and the texts
themselves in the reader's language (in French the project's working translation, marked, the English
original one toggle away; see sections.themes_text), with their themes as badges; filtered by theme
(?themes=)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import charts, data, queries
from dashboard.components import data_view, freeze, source_caption
from dashboard.i18n import format_int
from dashboard.search import escape_markdown
from dashboard.sections.country import CHART_CONFIG, REGIONAL_OFFICE, names_by_id, open_section, tr
from dashboard.sections.themes_text import (
    SOURCE_LANGUAGE,
    original_markdown,
    text_markdown,
    translation_controls,
)
from dashboard.sections.themes_text import priority_texts as texts_in

if TYPE_CHECKING:
    import plotly.graph_objects as go

PRIORITY_TABLES = ("priorities", "priority_themes", "themes")


@st.cache_data(show_spinner=False)
def priority_texts(office: str) -> pd.DataFrame:
    """queries.office_priorities: the office's texts in the document's order, the intro first, with the
    ids of their themes."""
    return queries.office_priorities(data.load("priorities"), data.load("priority_themes"), office)


@st.cache_data(show_spinner=False)
def theme_count_table(office: str) -> pd.DataFrame:
    """queries.theme_counts: how many of the office's texts each theme tags, most first, zeros left out."""
    return queries.theme_counts(
        data.load("priorities"), data.load("priority_themes"), data.load("themes"), office
    )


def theme_names(lang: str) -> dict[str, str]:
    """Every theme's name in `lang`, by theme_id, in the taxonomy's order."""
    return names_by_id("themes", "theme_id", lang)


@st.cache_data(show_spinner=False)
def themes_present(office: str) -> list[str]:
    """The themes that tag at least one of the office's texts, in the taxonomy's order (the filter's
    options)."""
    tagged = {i for ids in priority_texts(office)["theme_ids"] for i in ids}
    return [i for i in data.load("themes")["theme_id"] if i in tagged]


@st.cache_resource(show_spinner=False, max_entries=128)
def theme_figure(office: str, lang: str) -> go.Figure:
    """Ranked bars of the office's theme counts (shared: never modify it)."""
    counts = theme_count_table(office)
    fig = charts.ranked_bar(
        counts[f"name_{lang}"].tolist(),
        counts["priorities"].tolist(),
        value_texts=[format_int(c, lang) for c in counts["priorities"]],
        x_title=tr("axis_texts", lang),
        title=tr("themes_chart_title", lang),
    )
    charts.localise(fig, lang)
    fig.update_traces(textangle=0)  # small counts stay upright inside short bars
    fig.update_xaxes(dtick=1)
    return freeze(fig)


@st.cache_data(show_spinner=False)
def theme_download(office: str, lang: str) -> pd.DataFrame:
    counts = theme_count_table(office)
    return pd.DataFrame(
        {tr("col_theme", lang): counts[f"name_{lang}"], tr("col_texts", lang): counts["priorities"]}
    )


def show_theme_counts(office: str, lang: str) -> bool:
    """The heading and the theme counts; True when the office has texts to list below them (False when
    it has none or a table cannot be read, which this section then says)."""
    if not open_section("priorities_heading", lang, *PRIORITY_TABLES):
        return False
    texts = priority_texts(office)
    if texts.empty:
        st.info(tr("priorities_none", lang))
        return False
    counts = theme_count_table(office)
    st.plotly_chart(theme_figure(office, lang), key="country-themes", config=CHART_CONFIG)
    st.caption(tr("themes_note", lang))
    source_caption([*texts["source_id"], *counts["source_id"]])
    data_view(lambda: theme_download(office, lang), f"themes-{office}", "country-themes-data")
    return True


@st.cache_data(show_spinner=False)
def texts_with_themes(office: str, chosen: tuple[str, ...]) -> pd.DataFrame:
    """The office's texts tagged with any of the chosen themes (all of them when none is chosen)."""
    texts = priority_texts(office)
    if not chosen:
        return texts
    return texts[texts["theme_ids"].map(lambda ids: any(i in ids for i in chosen))]


def _badges(theme_ids: tuple[str, ...], names: dict[str, str]) -> str:
    """Themes as badges (a Markdown directive, no HTML); brackets in names cannot close the directive."""
    return " ".join(
        ":blue-badge[" + names[i].replace("[", "(").replace("]", ")") + "]" for i in theme_ids if i in names
    )


def show_priority_texts(office: str, lang: str, chosen: tuple[str, ...]) -> None:
    """The texts in the reader's language (escaped: text from the document is never markup), with their
    theme badges; the Regional Office's statements under their pillars. In French: the working-translation
    mark once above the list and a toggle that shows the English original under each text."""
    texts = texts_with_themes(office, chosen)
    if chosen:
        st.caption(tr("filter_count", lang, shown=len(texts)))
    if lang == SOURCE_LANGUAGE:
        st.caption(tr("priorities_note", lang))
    with_original = translation_controls(lang, key=f"country-original-{office}")
    names, shown = theme_names(lang), texts_in(lang)
    for _, row in texts.iterrows():
        item = shown[row["priority_id"]]
        body = text_markdown(item, lang)
        if office == REGIONAL_OFFICE:
            pillar = names_by_id("pillars", "pillar_id", lang).get(row["pillar"], row["pillar"])
            st.markdown(f"##### {escape_markdown(pillar)}")
            st.markdown(body)
        elif row["kind"] == "intro":
            st.markdown(f"*{body}*")
        else:
            st.markdown("- " + body)
        if with_original and item.translated:
            st.markdown(original_markdown(item, lang))
        st.markdown(_badges(row["theme_ids"], names))
    if texts.empty:
        st.info(tr("filter_none", lang))
    source_caption(texts["source_id"])
