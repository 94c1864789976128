"""Themes and priorities: the theme matrix, orderings, each office's priorities. Pure pandas."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.appeal import REGIONAL_OFFICE, appeal_totals
from i18n import sort_key

THEME_ORDERS = ("taxonomy", "total", "name")


OFFICE_ORDERS = ("name", "total")


# Sort key for names in either language: accents and case ignored ("Côte" sorts with "Cote").
_name_key = sort_key


def _pillar_info(pillars: pd.DataFrame) -> pd.DataFrame:
    """The pillars' columns to merge on a table's `pillar`: pillar, pillar_seq, pillar_group, pillar_name_en,
    pillar_name_fr."""
    columns = {
        "pillar_id": "pillar", "seq": "pillar_seq", "group": "pillar_group", "name_en": "pillar_name_en",
        "name_fr": "pillar_name_fr",
    }  # fmt: skip
    return pillars[list(columns)].rename(columns=columns)


def ordered_themes(themes: pd.DataFrame, pillars: pd.DataFrame) -> pd.DataFrame:
    """Themes grouped by MiGOF pillar (P1 ... O3), in the taxonomy's order within a pillar: the themes'
    columns plus pillar_seq, pillar_group, pillar_name_en, pillar_name_fr and position (0, 1, ...)."""
    table = themes.reset_index(drop=True).assign(_taxonomy=lambda d: range(len(d)))
    table = table.merge(_pillar_info(pillars), on="pillar", how="left")
    table = table.sort_values(["pillar_seq", "_taxonomy"], na_position="last").drop(columns="_taxonomy")
    return table.reset_index(drop=True).assign(position=lambda d: range(len(d)))


def theme_matrix(
    priorities: pd.DataFrame, priority_themes: pd.DataFrame, themes: pd.DataFrame, entities: pd.DataFrame
) -> pd.DataFrame:
    """How many priorities (passages of an office's section) each office has under each theme, every
    office x every theme, zeros included: entity_id, theme_id, count. Offices in the entities' order,
    themes in the themes' order; a priority counts once per theme however many keywords it matched."""
    tagged = priority_themes[["priority_id", "theme_id"]].drop_duplicates()
    tagged = tagged.merge(priorities[["priority_id", "entity_id"]], on="priority_id", how="inner")
    counts = tagged.groupby(["entity_id", "theme_id"]).size().rename("count")
    grid = pd.MultiIndex.from_product(
        [entities["entity_id"].tolist(), themes["theme_id"].tolist()], names=["entity_id", "theme_id"]
    )
    return counts.reindex(grid, fill_value=0).astype("int64").reset_index()


def office_order(
    matrix: pd.DataFrame, entities: pd.DataFrame, by: str = "name", lang: str = "en"
) -> list[str]:
    """Offices for the matrix: countries by name (in `lang`) or by total priorities tagged (largest
    first, then name); the Regional Office always last (it is the region's own section, not a country)."""
    totals = matrix.groupby("entity_id")["count"].sum()
    table = entities[["entity_id", "kind", f"name_{lang}"]].assign(
        total=lambda d: d["entity_id"].map(totals).fillna(0).astype("int64"),
        key=lambda d: d[f"name_{lang}"].map(_name_key),
        regional=lambda d: d["kind"] != "country",
    )
    columns = ["regional", "total", "key"] if by == "total" else ["regional", "key"]
    ascending = [True, False, True] if by == "total" else [True, True]
    return table.sort_values(columns, ascending=ascending)["entity_id"].tolist()


def theme_order(
    matrix: pd.DataFrame, ordered: pd.DataFrame, by: str = "taxonomy", lang: str = "en"
) -> list[str]:
    """Themes for the matrix, always grouped by pillar (so the pillar labels stay together); within a
    pillar in the taxonomy's order, by total priorities tagged (largest first) or by name (in `lang`)."""
    totals = matrix.groupby("theme_id")["count"].sum()
    table = ordered.assign(
        total=lambda d: d["theme_id"].map(totals).fillna(0).astype("int64"),
        key=lambda d: d[f"name_{lang}"].map(_name_key),
    )
    if by == "total":
        table = table.sort_values(["pillar_seq", "total", "position"], ascending=[True, False, True])
    elif by == "name":
        table = table.sort_values(["pillar_seq", "key"])
    return table["theme_id"].tolist()


def theme_offices(
    priorities: pd.DataFrame, priority_themes: pd.DataFrame, entities: pd.DataFrame, theme_id: str
) -> pd.DataFrame:
    """Offices with at least one priority under `theme_id`: entity_id, name_en, name_fr, kind, count,
    source_id (of the priorities). Countries first (by English name), then the Regional Office."""
    tagged = priority_themes.loc[priority_themes["theme_id"] == theme_id, ["priority_id"]].drop_duplicates()
    rows = tagged.merge(priorities[["priority_id", "entity_id", "source_id"]], on="priority_id")
    counts = rows.groupby("entity_id", as_index=False).agg(
        count=("priority_id", "size"), source_id=("source_id", "first")
    )
    table = entities[["entity_id", "name_en", "name_fr", "kind"]].merge(counts, on="entity_id")
    table["count"] = table["count"].astype("int64")
    table["_regional"] = table["kind"] != "country"
    table["_key"] = table["name_en"].map(_name_key)
    return table.sort_values(["_regional", "_key"]).drop(columns=["_regional", "_key"]).reset_index(drop=True)


def theme_priorities(
    priorities: pd.DataFrame, priority_themes: pd.DataFrame, entities: pd.DataFrame, theme_id: str
) -> pd.DataFrame:
    """The priorities under `theme_id`, as written: priority_id, entity_id, name_en, name_fr, kind (office
    kind: country / regional_office), priority_kind, pillar, seq, text, matched, source_id. In document
    order (offices in the priorities' order, then seq)."""
    tagged = priority_themes.loc[priority_themes["theme_id"] == theme_id, ["priority_id", "matched"]]
    table = priorities.reset_index(drop=True).assign(_order=lambda d: range(len(d)))
    table = table.merge(tagged, on="priority_id").rename(columns={"kind": "priority_kind"})
    table = table.merge(entities[["entity_id", "name_en", "name_fr", "kind"]], on="entity_id", how="left")
    columns = [
        "priority_id", "entity_id", "name_en", "name_fr", "kind", "priority_kind", "pillar", "seq", "text",
        "matched", "source_id",
    ]  # fmt: skip
    return table.sort_values("_order")[columns].reset_index(drop=True)


def theme_pillar_appeal(
    appeal: pd.DataFrame, entities: pd.DataFrame, entity_ids: list[str], pillar: str
) -> pd.DataFrame:
    """The 2020 requirement under ONE pillar for the given countries (the appeal has no theme breakdown,
    so a theme's countries are shown with their amount for the theme's pillar): entity_id, name_en,
    name_fr, amount_usd, source_id; largest first. Offices without a row for that pillar are left out."""
    totals = appeal_totals(appeal, entities, [pillar])
    chosen = totals[totals["entity_id"].isin(entity_ids)]
    return chosen[["entity_id", "name_en", "name_fr", "amount_usd", "source_id"]].reset_index(drop=True)


def regional_statements(priorities: pd.DataFrame, pillars: pd.DataFrame) -> pd.DataFrame:
    """The regional section's principles and objectives (Regional Office, kind principle/objective), in
    pillar order: priority_id, pillar, pillar_group, pillar_name_en, pillar_name_fr, text, source_id."""
    statements = priorities[
        (priorities["entity_id"] == REGIONAL_OFFICE) & priorities["kind"].isin(["principle", "objective"])
    ]
    table = statements[["priority_id", "pillar", "text", "source_id"]].merge(
        _pillar_info(pillars), on="pillar", how="left"
    )
    columns = [
        "priority_id", "pillar", "pillar_group", "pillar_name_en", "pillar_name_fr", "text", "source_id",
    ]  # fmt: skip
    return table.sort_values("pillar_seq")[columns].reset_index(drop=True)


def priority_theme_names(priority_themes: pd.DataFrame, ordered: pd.DataFrame) -> pd.DataFrame:
    """Each priority's themes with their names and the rules that matched, in pillar order:
    priority_id, theme_id, name_en, name_fr, pillar, matched."""
    table = priority_themes[["priority_id", "theme_id", "matched"]].merge(
        ordered[["theme_id", "name_en", "name_fr", "pillar", "position"]], on="theme_id", how="left"
    )
    table = table.sort_values(["priority_id", "position"], kind="stable")
    columns = ["priority_id", "theme_id", "name_en", "name_fr", "pillar", "matched"]
    return table[columns].reset_index(drop=True)


def entities_with_theme(priorities: pd.DataFrame, priority_themes: pd.DataFrame, theme_id: str) -> list[str]:
    """Offices with at least one priority carrying the theme (sorted ids)."""
    tagged = priority_themes.loc[priority_themes["theme_id"] == theme_id, "priority_id"]
    return sorted(set(priorities.loc[priorities["priority_id"].isin(tagged), "entity_id"]))


def theme_counts(
    priorities: pd.DataFrame, priority_themes: pd.DataFrame, themes: pd.DataFrame, entity_id: str
) -> pd.DataFrame:
    """How many of one office's priorities carry each theme, most first (themes it never touches left
    out): theme_id, name_en, name_fr, pillar, priorities, source_id (of the theme assignment)."""
    own = priorities.loc[priorities["entity_id"] == entity_id, "priority_id"]
    tagged = priority_themes[priority_themes["priority_id"].isin(own)]
    counts = tagged.groupby("theme_id", as_index=False).agg(
        priorities=("priority_id", "nunique"), source_id=("source_id", "first")
    )
    table = themes[["theme_id", "name_en", "name_fr", "pillar"]].merge(counts, on="theme_id")
    table["priorities"] = table["priorities"].astype("int64")
    return table.sort_values(["priorities", "theme_id"], ascending=[False, True]).reset_index(drop=True)


def office_priorities(
    priorities: pd.DataFrame, priority_themes: pd.DataFrame, entity_id: str
) -> pd.DataFrame:
    """An office's texts as the document orders them, the intro first: priority_id, seq, kind, pillar, text,
    source_id, theme_ids (tuple of theme ids, in the taxonomy's order of priority_themes)."""
    rows = priorities[priorities["entity_id"] == entity_id].copy()
    rows["_intro_first"] = (rows["kind"] != "intro").astype(int)
    rows = rows.sort_values(["_intro_first", "seq"]).drop(columns=["_intro_first", "entity_id"])
    tags = priority_themes.groupby("priority_id", sort=False)["theme_id"].agg(tuple)
    rows["theme_ids"] = rows["priority_id"].map(tags).apply(lambda v: v if isinstance(v, tuple) else ())
    return rows.reset_index(drop=True)


def priority_texts_in(priorities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each priority's text as a reader of `lang` reads it: priority_id, kind, shown (the text to show),
    original (the English as written), translated (shown is the project's French working translation,
    text_fr), stale (that translation was written for an earlier English text), untranslated (French
    reader, no French text written yet: shown is the English). In English, shown is the English and the
    three flags are False. Never modifies `priorities`."""
    english = priorities["text"].astype("string").fillna("")
    if lang == "en" or "text_fr" not in priorities:
        french = pd.Series("", index=priorities.index, dtype="string")
        stale = pd.Series(False, index=priorities.index)
    else:
        french = priorities["text_fr"].astype("string").fillna("").str.strip()
        stale = priorities.get("text_fr_stale", pd.Series(False, index=priorities.index)).fillna(False)
    translated = (french != "").astype(bool)
    return pd.DataFrame({
        "priority_id": priorities["priority_id"],
        "kind": priorities["kind"],
        "shown": french.where(translated, english).astype(object),
        "original": english.astype(object),
        "translated": translated,
        "stale": translated & stale.astype(bool),
        "untranslated": (lang != "en") & ~translated,
    }).reset_index(drop=True)  # fmt: skip
