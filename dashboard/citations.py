"""How a figure cites its source: "As of <date> | <source>" (no Streamlit, so the briefing pack shares it).

The lines are plain text (a source's title and publisher as the tables hold them): whoever shows them
escapes them for where they go (components.source_caption: dashboard.text.for_markdown; charts: for_plotly;
the briefing pack: for_pptx)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.i18n import catalogue, format_date, translate

ORGANISATIONS = "organisations."  # catalogue section: an acronym's spelling in each language


def organisation_names(text: str, lang: str) -> str:
    """The organisations' acronyms of a project-written label as `lang` writes them (IOM is OIM in French),
    from the catalogue's `organisations` section; a document's own title is never passed here."""
    for english, local in catalogue(lang).items():
        if english.startswith(ORGANISATIONS) and local != english[len(ORGANISATIONS):]:
            text = re.sub(rf"\b{re.escape(english[len(ORGANISATIONS):])}\b", local, text)
    return text


def source_label(row: pd.Series, lang: str = "en") -> str:
    """The short name of a source: its short title, else "publisher, title" (title alone if it names them);
    the project-written parts (short title, publisher) with the organisations' names of `lang`."""
    if "short_title" in row.index and not pd.isna(row["short_title"]):
        return organisation_names(str(row["short_title"]), lang)
    if pd.isna(row["publisher"]) or row["publisher"] in row["title"]:
        return str(row["title"])
    return f"{organisation_names(str(row['publisher']), lang)}, {row['title']}"


def citation(row: pd.Series, lang: str) -> str:
    """One source's line; a source without a date says so instead of inventing one."""
    label = source_label(row, lang)
    if pd.isna(row["date"]):
        return translate("common.source_undated", lang, source=label)
    return translate("common.as_of_source", lang, date=format_date(row["date"], lang), source=label)


def citation_index(sources: pd.DataFrame, lang: str) -> dict[str, str]:
    """Every source's line, by source_id (built once per language: the app caches it)."""
    return {str(row["source_id"]): citation(row, lang) for _, row in sources.iterrows()}


def citations(source_ids: Iterable[object], index: Mapping[str, str]) -> list[str]:
    """One line per distinct known source, in the order given (`index` from citation_index)."""
    ids = dict.fromkeys(s for s in source_ids if isinstance(s, str) and s in index)
    return [index[source_id] for source_id in ids]
