"""The themes page's search: the priorities a query finds (tolerant of accents, case and apostrophes, French
through the themes' search terms), narrowed by offices and themes, highlighted; see dashboard/search.py."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard import data, queries, search
from dashboard.components import data_view, source_caption
from dashboard.i18n import format_int, name_column, translate
from dashboard.sections.themes import esc, found_words, names, ordered_themes, priority_sources

MAX_RESULTS = 25  # results drawn at once; the table view and downloads hold all of them


@st.cache_data(show_spinner=False, max_entries=256)
def found_priorities(query: str, offices: tuple[str, ...], themes: tuple[str, ...]) -> pd.DataFrame | None:
    """search.search_priorities for `query`, kept to the given offices and themes (none given: all).
    Without a query, the priorities the filters keep, nothing highlighted; None without query or filter."""
    priorities, priority_themes = data.load("priorities"), data.load("priority_themes")
    if query.strip():
        found = search.search_priorities(query, priorities, data.load("entities"), data.load("themes"),
                                         priority_themes)
    elif offices or themes:
        found = pd.DataFrame({"priority_id": priorities["priority_id"], "entity_id": priorities["entity_id"]})
        found = found.assign(in_text=False, in_office=False, via_themes="", spans=[[]] * len(found))
    else:
        return None
    if offices:
        found = found[found["entity_id"].isin(offices)]
    if themes:
        keep = priority_themes.loc[priority_themes["theme_id"].isin(themes), "priority_id"]
        found = found[found["priority_id"].isin(set(keep))]
    return found.reset_index(drop=True)


@st.cache_resource(show_spinner=False)
def priority_texts() -> dict[str, tuple[str, str]]:
    """(text, kind) of every priority, by priority_id (shared: never modify)."""
    priorities = data.load("priorities")
    return dict(zip(priorities["priority_id"], zip(priorities["text"], priorities["kind"], strict=True),
                    strict=True))


def show_results(query: str, offices: Sequence[str], themes: Sequence[str], lang: str) -> None:
    """How many priorities were found, the first MAX_RESULTS as cards, and the table of all of them."""
    found = found_priorities(query, tuple(offices), tuple(themes))
    if found is None:
        st.caption(translate("themes.search_hint", lang))
        return
    if found.empty:
        st.info(translate("themes.search_none", lang))
        return
    shown, captions, texts = names(lang), found_words(lang), priority_texts()
    st.markdown(translate("themes.search_count", lang, count=format_int(len(found), lang)))
    if len(found) > MAX_RESULTS:
        st.caption(translate("themes.search_more", lang, shown=format_int(MAX_RESULTS, lang)))
    for hit in found.head(MAX_RESULTS).itertuples():
        text, kind = texts[hit.priority_id]
        with st.container(border=True):
            office = esc(shown.offices.get(hit.entity_id, hit.entity_id))
            st.markdown(
                f"**{office}** · {translate(f'themes.kind.{kind}', lang)}  \n"
                + search.highlight_markdown(text, hit.spans)
            )
            caption = captions[(hit.priority_id, None)]
            if hit.via_themes:
                via = ", ".join(esc(shown.themes[v]) for v in hit.via_themes.split("; "))
                caption += "  \n" + translate("themes.found_via_terms", lang, themes=via)
            st.caption(caption)
    source_caption(priority_sources())

    def table() -> pd.DataFrame:
        theme_labels = search_theme_names(lang)
        return pd.DataFrame({
            translate("themes.col.office", lang): [shown.offices.get(e) for e in found["entity_id"]],
            translate("themes.col.priority_id", lang): found["priority_id"],
            translate("themes.col.text", lang): [texts[p][0] for p in found["priority_id"]],
            translate("themes.col.themes", lang): found["priority_id"].map(theme_labels),
        })  # fmt: skip

    data_view(table, "priorities-search", key="themes-search-data")


@st.cache_data(show_spinner=False, max_entries=4)
def search_theme_names(lang: str) -> pd.Series:
    """Each tagged priority's themes, "; "-joined in pillar order, by priority_id."""
    labels = queries.priority_theme_names(data.load("priority_themes"), ordered_themes())
    return labels.groupby("priority_id")[name_column(lang)].agg("; ".join)
