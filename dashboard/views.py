"""Figures several pages show, computed once here from the tables (pure pandas, no Streamlit).

Pages and the briefing pack call these so the same number is never computed two ways.
"""

from __future__ import annotations

import pandas as pd

PILLAR_ORDER = ("P1", "P2", "P3", "O1", "O2", "O3")
REGIONAL_OFFICE = "RO-DAKAR"


def appeal_totals(
    appeal: pd.DataFrame, entities: pd.DataFrame, pillars: tuple[str, ...] | list[str] | None = None
) -> pd.DataFrame:
    """Requirement per office (for the given pillars, default all): entity_id, name_en, name_fr, kind,
    amount_usd, share (of the 21 offices' total for those pillars), rank (1 = largest; ties share a rank),
    source_id. Sorted by amount, largest first."""
    selected = appeal if not pillars else appeal[appeal["pillar"].isin(pillars)]
    totals = selected.groupby("entity_id", as_index=False).agg(
        amount_usd=("amount_usd", "sum"), source_id=("source_id", "first")
    )
    totals["amount_usd"] = totals["amount_usd"].astype("int64")
    grand = totals["amount_usd"].sum()
    totals["share"] = totals["amount_usd"] / grand if grand else 0.0
    totals["rank"] = totals["amount_usd"].rank(method="min", ascending=False).astype(int)
    merged = entities[["entity_id", "name_en", "name_fr", "kind"]].merge(totals, on="entity_id", how="inner")
    return merged.sort_values(["amount_usd", "entity_id"], ascending=[False, True]).reset_index(drop=True)


def appeal_by_pillar(
    appeal: pd.DataFrame, pillars: pd.DataFrame, entity_id: str | None = None
) -> pd.DataFrame:
    """Requirement per pillar for one office (or the region when entity_id is None), in pillar order:
    pillar_id, group, name_en, name_fr, amount_usd, source_id."""
    selected = appeal if entity_id is None else appeal[appeal["entity_id"] == entity_id]
    sums = selected.groupby("pillar", as_index=False).agg(
        amount_usd=("amount_usd", "sum"), source_id=("source_id", "first")
    )
    sums["amount_usd"] = sums["amount_usd"].astype("int64")
    table = pillars[["pillar_id", "group", "name_en", "name_fr", "seq"]].merge(
        sums, left_on="pillar_id", right_on="pillar", how="left"
    )
    table["amount_usd"] = table["amount_usd"].fillna(0).astype("int64")
    return table.sort_values("seq").drop(columns=["pillar", "seq"]).reset_index(drop=True)


def latest_dtm_by_country(displacement: pd.DataFrame) -> pd.DataFrame:
    """Latest DTM Lake Chad Basin dashboard figure (affected population) per country:
    entity_id, as_of, value, dashboard_no, source_id."""
    dtm = displacement[
        (displacement["series"] == "dtm_lcb_dashboard")
        & (displacement["category"] == "affected_total")
        & displacement["entity_id"].notna()
    ]
    latest = dtm.sort_values("as_of").groupby("entity_id", as_index=False).tail(1)
    return latest[["entity_id", "as_of", "value", "dashboard_no", "source_id"]].reset_index(drop=True)


def requirement_per_affected(
    appeal: pd.DataFrame, entities: pd.DataFrame, displacement: pd.DataFrame
) -> pd.DataFrame:
    """For the Lake Chad Basin countries: 2020 requirement, latest DTM affected population, USD per person.

    Two sources, each named: the appeal (MI2020) and the DTM dashboard; the ratio is context, not a gap.
    Columns: entity_id, name_en, name_fr, amount_usd, appeal_source_id, affected, affected_as_of,
    affected_source_id, usd_per_person.
    """
    basin = entities[entities["lake_chad_basin"]]
    totals = appeal_totals(appeal, entities)
    latest = latest_dtm_by_country(displacement).rename(
        columns={"value": "affected", "as_of": "affected_as_of", "source_id": "affected_source_id"}
    )
    table = (
        basin[["entity_id", "name_en", "name_fr"]]
        .merge(totals[["entity_id", "amount_usd", "source_id"]], on="entity_id")
        .rename(columns={"source_id": "appeal_source_id"})
        .merge(latest.drop(columns=["dashboard_no"]), on="entity_id", how="left")
    )
    table["usd_per_person"] = table["amount_usd"] / table["affected"].astype("float64")
    return table.sort_values("entity_id").reset_index(drop=True)


def funding_gaps(funding: pd.DataFrame) -> pd.DataFrame:
    """Appeals whose funding received is known: requirement, funded and gap, each inside its own appeal.

    Rows without a published funded amount are left out (their gap is unknown, not 100 %)."""
    known = funding[funding["funded_usd"].notna()].copy()
    known["gap_usd"] = (known["required_usd"] - known["funded_usd"]).clip(lower=0).astype("int64")
    known["funded_share"] = known["funded_usd"].astype("float64") / known["required_usd"].astype("float64")
    return known.reset_index(drop=True)


# --- themes: what the region asks for, theme by theme (pages/themes.py) ---------------------------------

THEME_ORDERS = ("taxonomy", "total", "name")
OFFICE_ORDERS = ("name", "total")


def _name_key(name: object) -> str:
    """Sort key for names in either language: accents and case ignored ("Côte" sorts with "Cote")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def ordered_themes(themes: pd.DataFrame, pillars: pd.DataFrame) -> pd.DataFrame:
    """Themes grouped by MiGOF pillar (P1 ... O3), in the taxonomy's order within a pillar: the themes'
    columns plus pillar_seq, pillar_group, pillar_name_en, pillar_name_fr and position (0, 1, ...)."""
    pillar_info = pillars[["pillar_id", "seq", "group", "name_en", "name_fr"]].rename(
        columns={
            "pillar_id": "pillar",
            "seq": "pillar_seq",
            "group": "pillar_group",
            "name_en": "pillar_name_en",
            "name_fr": "pillar_name_fr",
        }
    )
    table = themes.reset_index(drop=True).assign(_taxonomy=lambda d: range(len(d)))
    table = table.merge(pillar_info, on="pillar", how="left")
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
    info = pillars[["pillar_id", "seq", "group", "name_en", "name_fr"]].rename(
        columns={
            "pillar_id": "pillar",
            "group": "pillar_group",
            "name_en": "pillar_name_en",
            "name_fr": "pillar_name_fr",
        }
    )
    table = statements[["priority_id", "pillar", "text", "source_id"]].merge(info, on="pillar", how="left")
    columns = [
        "priority_id", "pillar", "pillar_group", "pillar_name_en", "pillar_name_fr", "text", "source_id",
    ]  # fmt: skip
    return table.sort_values("seq")[columns].reset_index(drop=True)


def priority_theme_names(priority_themes: pd.DataFrame, ordered: pd.DataFrame) -> pd.DataFrame:
    """Each priority's themes with their names and the rules that matched, in pillar order:
    priority_id, theme_id, name_en, name_fr, pillar, matched."""
    table = priority_themes[["priority_id", "theme_id", "matched"]].merge(
        ordered[["theme_id", "name_en", "name_fr", "pillar", "position"]], on="theme_id", how="left"
    )
    table = table.sort_values(["priority_id", "position"], kind="stable")
    columns = ["priority_id", "theme_id", "name_en", "name_fr", "pillar", "matched"]
    return table[columns].reset_index(drop=True)


def basin_figure(displacement: pd.DataFrame, series: str, category: str) -> pd.Series | None:
    """The latest figure for the Lake Chad Basin as a whole (no country) in one series and category."""
    rows = displacement[
        (displacement["series"] == series)
        & (displacement["category"] == category)
        & displacement["entity_id"].isna()
        & displacement["admin1"].isna()
    ]
    if rows.empty:
        return None
    return rows.sort_values("as_of", na_position="first").iloc[-1]


# --- funding page: pillar groups, themes per office, response-plan funding --------------------------

PILLAR_GROUPS = {"principles": "principle", "objectives": "objective"}


def pillar_ids_for(choice: str, pillars: pd.DataFrame) -> list[str]:
    """The pillar ids behind a pillar control value: "all", "principles", "objectives" or one pillar id
    (in table order). ValueError for anything else (the page validates the URL first)."""
    ordered = pillars.sort_values("seq")
    if choice == "all":
        return ordered["pillar_id"].tolist()
    if choice in PILLAR_GROUPS:
        return ordered.loc[ordered["group"] == PILLAR_GROUPS[choice], "pillar_id"].tolist()
    if choice in set(ordered["pillar_id"]):
        return [choice]
    raise ValueError(f"unknown pillar choice {choice!r}")


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


def _covers(funding: pd.DataFrame, entity_id: str) -> pd.Series:
    """Rows whose appeal is the country's own, or a multi-country appeal whose scope lists it."""
    own = funding["entity_id"].eq(entity_id).fillna(False).astype(bool)
    scope = (
        funding["scope_iso3"].fillna("").map(lambda s: entity_id in [p.strip() for p in str(s).split(";")])
    )
    return own | scope.astype(bool)


def funding_appeals(
    funding: pd.DataFrame, entity_id: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """Response-plan rows as published, optionally only those covering one country (its own appeals and
    multi-country appeals whose scope lists it) and one year; newest year first, then appeal name.

    Adds gap_usd (requirement - funded, never below 0), funded_share and gap_known, computed inside each
    appeal and only where both the requirement and the funding received are published; elsewhere <NA>,
    so an unknown is never a 100 % gap. funded_pct and unmet_usd stay as published.
    """
    table = funding.copy()
    if entity_id:
        table = table[_covers(table, entity_id)]
    if year is not None:
        table = table[table["year"] == year]
    both = (table["required_usd"].notna() & table["funded_usd"].notna()).astype(bool)
    required = table["required_usd"].astype("float64")
    funded = table["funded_usd"].astype("float64")
    table["gap_usd"] = (required - funded).clip(lower=0).where(both).round().astype("Int64")
    table["funded_share"] = (funded / required).where(both)
    table["gap_known"] = both
    return table.sort_values(["year", "appeal", "funding_id"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def latest_funding_by_country(funding: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per country with its own appeal (entity_id set), one row that publishes funding received: a US$
    figure before a share only (shares are often of one objective, not the whole plan), then the newest
    year, then the latest as_of. Columns of funding_appeals. A country absent from the result has no
    known funding figure (for that year)."""
    table = funding_appeals(funding, year=year)
    table = table[table["entity_id"].notna() & (table["funded_usd"].notna() | table["funded_pct"].notna())]
    table = table.assign(_has_usd=table["funded_usd"].notna(), _as_of=table["as_of"].fillna(""))
    table = table.sort_values(
        ["_has_usd", "year", "_as_of", "funding_id"], ascending=[False, False, False, True]
    )
    latest = table.groupby("entity_id", as_index=False, sort=True).head(1)
    return latest.drop(columns=["_has_usd", "_as_of"]).sort_values("entity_id").reset_index(drop=True)
