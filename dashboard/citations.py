"""How a figure cites its source: "As of <date> | <source>" (no Streamlit, so the briefing pack shares it).

The lines are plain text (a source's title and publisher as the tables hold them): whoever shows them
escapes them for where they go (components.source_caption: dashboard.text.for_markdown; charts: for_plotly;
the briefing pack: for_pptx)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.i18n import catalogue, format_date, translate
from i18n import named

ORGANISATIONS = "organisations."  # catalogue section: an acronym's spelling in each language


def organisation_names(text: str, lang: str) -> str:
    """The organisations' acronyms of a project-written label as `lang` writes them (IOM is OIM in French),
    from the catalogue's `organisations` section; a document's own title is never passed here."""
    for english, local in catalogue(lang).items():
        if english.startswith(ORGANISATIONS) and local != english[len(ORGANISATIONS):]:
            text = re.sub(rf"\b{re.escape(english[len(ORGANISATIONS):])}\b", local, text)
    return text


def _filled(row: pd.Series, column: str) -> str | None:
    value = row[column] if column in row.index else None
    return None if value is None or pd.isna(value) or str(value) == "" else str(value)


# An imported DTM row's organisation, as the importer writes it (etl/sources/import_rows.py DTM_ORG).
DTM_ORG = re.compile(r"^IOM DTM (?P<operation>.+), round (?P<round>\d+) \((?P<assessment>[A-Z]+)\)$")


def organisation_label(source_org: str, lang: str) -> str:
    """A figure's organisation (displacement.source_org) as `lang` writes it: an imported DTM row's
    ("IOM DTM Lake Chad Basin Crisis, round 19 (BA)") rebuilt from its parts ("OIM DTM, crise du bassin du
    lac Tchad, cycle 19 (BA)"); a collector's as the catalogue writes it in `lang`, the whole phrase ("DG
    ECHO citing IOM/UNHCR": "DG ECHO, citant l’OIM et le HCR"); any other as its source wrote it."""
    dtm = DTM_ORG.match(source_org)
    if dtm is None:
        return named("source_labels.collector_organisations", source_org, lang)
    operation = named("source_labels.dtm_operations", dtm["operation"], lang)
    return translate("source_labels.dtm_source_org", lang, operation=operation, round=dtm["round"],
                     assessment=dtm["assessment"])


def plan_label(row: Mapping[str, object], lang: str) -> str:
    """A hand-collected response plan's name (a row of the funding table) in `lang`: in French the project's
    French that the build rebuilt from the name's parts (appeal_fr: "Plan de réponse aux crises de l’OIM,
    Tchad, 2023 (total)"), in English, or where there is no French, the name as written."""
    local = row.get(f"appeal_{lang}") if lang != "en" else None
    return str(local) if isinstance(local, str) and local else str(row["appeal"])


def plan_labels(rows: pd.DataFrame, lang: str) -> pd.Series:
    """plan_label of every row (the appeal column in `lang`)."""
    return pd.Series([plan_label(row, lang) for _, row in rows.iterrows()], index=rows.index, dtype=object)


def localised(rows: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """`column` in `lang`: its `<column>_fr` written by the build in French, as written where that is empty
    or absent."""
    translated = f"{column}_{lang}"
    if lang == "en" or translated not in rows:
        return rows[column]
    return rows[translated].where(rows[translated].fillna("") != "", rows[column])


def scope_labels(rows: pd.DataFrame, lang: str) -> pd.Series:
    """The funding rows' scope in `lang` (scope_fr: "Bassin du lac Tchad (Cameroun, Tchad, Niger,
    Nigeria)")."""
    return localised(rows, "scope", lang)


def note_labels(rows: pd.DataFrame, lang: str) -> pd.Series:
    """The displacement rows' notes in `lang` (note_fr: the project's French of a collector's note, an
    imported DTM row's rebuilt from its parts)."""
    return localised(rows, "note", lang)


def source_label(row: pd.Series, lang: str = "en") -> str:
    """The short name of a source: its short title in `lang` (short_title_fr, written by the project), else
    its short title, else "publisher, title" (title alone if it names them); where the project's French is
    missing, the project-written parts (short title, publisher) with the organisations' names of `lang`.
    A document's title stays as its publisher wrote it."""
    if lang != "en" and (local := _filled(row, f"short_title_{lang}")):
        return local
    if short := _filled(row, "short_title"):
        return organisation_names(short, lang)
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
