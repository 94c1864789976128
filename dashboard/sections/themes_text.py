"""The priorities' texts as the themes page shows them in the reader's language.

In English: the text as written, exactly as before. In French: the project's working translation (the
priorities table's text_fr), marked once per list as « traduction de travail (non officielle) », a stale
translation marked at its text, the English shown where no French is written yet; the English original is
one click away through ONE toggle per list (not an expander per text: a list holds up to ~130 texts, and
every element costs each rerun). Text from the tables is escaped for Markdown; found words are highlighted
in the text shown (search.highlight_markdown)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import streamlit as st

from dashboard import data, queries, search
from dashboard.i18n import translate

SOURCE_LANGUAGE = "en"  # the 2020 document's language: its readers see the texts as written, unmarked
Spans = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class PriorityText:
    """One priority's text for a reader (see queries.priority_texts_in)."""

    kind: str
    shown: str
    original: str
    translated: bool
    stale: bool
    untranslated: bool


@st.cache_resource(show_spinner=False, max_entries=4)
def priority_texts(lang: str) -> Mapping[str, PriorityText]:
    """Every priority's text in `lang`, by priority_id (read-only, shared by sessions)."""
    table = queries.priority_texts_in(data.load("priorities"), lang)
    return MappingProxyType({
        row.priority_id: PriorityText(
            str(row.kind), row.shown, row.original, row.translated, row.stale, row.untranslated
        )
        for row in table.itertuples(index=False)
    })  # fmt: skip


def text_markdown(item: PriorityText, lang: str, spans: Spans = (), spans_fr: Spans = ()) -> str:
    """The text shown, escaped, its found words highlighted (`spans` in the English, `spans_fr` in the
    French), followed by its mark when the translation is stale or missing."""
    if item.translated:
        body = search.highlight_markdown(item.shown, spans_fr)
        if item.stale:
            body += f" :small[:orange[({translate('themes.fr_text.stale', lang)})]]"
        return body
    body = search.highlight_markdown(item.original, spans)
    if item.untranslated:
        body += f" :small[:gray[({translate('themes.fr_text.untranslated', lang)})]]"
    return body


def original_markdown(item: PriorityText, lang: str, spans: Spans = ()) -> str:
    """":small[English original: …]" (escaped, highlighted) under a translated text; "" when the text shown
    is already the English."""
    if not item.translated:
        return ""
    original = search.highlight_markdown(item.original, spans)
    return f":small[{translate('themes.fr_text.original', lang, text=original)}]"


def translation_controls(lang: str, key: str) -> bool:
    """Above a list of priorities read in French: the working-translation mark (once for the list) and a
    toggle to show the English original under each text; returns the toggle's value. In English: nothing
    drawn, False."""
    if lang == SOURCE_LANGUAGE:
        return False
    st.caption(translate("themes.fr_text.mark", lang))
    return st.toggle(translate("themes.fr_text.show_original", lang), key=key)


def text_columns(priority_ids: Iterable[str], lang: str) -> dict[str, list[str]]:
    """The text columns of a table of priorities, by header: in English the text as written; in French the
    text shown (the working translation, or the English where none is written) and the English original."""
    texts, ids = priority_texts(lang), list(priority_ids)
    original = [texts[p].original for p in ids]
    if lang == SOURCE_LANGUAGE:
        return {translate("themes.col.text", lang): original}
    return {
        # empty where no French is written: unknown, not the English again
        translate("themes.fr_text.col_translation", lang): [
            texts[p].shown if texts[p].translated else "" for p in ids
        ],
        translate("themes.fr_text.col_original", lang): original,
    }
