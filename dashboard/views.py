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


# --- themes: what the region asks for, theme by theme (app_pages/themes.py) ---------------------------------

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


# --- country profile and briefing pack (app_pages/country.py, dashboard/brief.py) ---------------------------


def dtm_series(displacement: pd.DataFrame, entity_id: str | None = None) -> pd.DataFrame:
    """Every DTM Lake Chad Basin dashboard figure (affected population) for one country, or for the basin
    as a whole when entity_id is None, oldest first: as_of, value, dashboard_no, source_id."""
    dtm = displacement[
        (displacement["series"] == "dtm_lcb_dashboard") & (displacement["category"] == "affected_total")
    ]
    rows = dtm[dtm["entity_id"].isna()] if entity_id is None else dtm[dtm["entity_id"] == entity_id]
    return rows.sort_values("as_of")[["as_of", "value", "dashboard_no", "source_id"]].reset_index(drop=True)


def previous_dtm_by_country(displacement: pd.DataFrame) -> pd.DataFrame:
    """The DTM dashboard figure before the latest one per country (the base of the latest figure's trend):
    entity_id, as_of, value, dashboard_no, source_id. Countries with a single dashboard have no row."""
    dtm = displacement[
        (displacement["series"] == "dtm_lcb_dashboard")
        & (displacement["category"] == "affected_total")
        & displacement["entity_id"].notna()
    ]
    ordered = dtm.sort_values("as_of")
    previous = ordered.groupby("entity_id").nth(-2)
    return previous[["entity_id", "as_of", "value", "dashboard_no", "source_id"]].reset_index(drop=True)


def dtm_trend(displacement: pd.DataFrame, entity_id: str | None = None) -> dict[str, object] | None:
    """Latest and previous DTM dashboard figure for a country (or the basin when entity_id is None):
    {"latest": row, "previous": row or None, "change": int or None}; None when the DTM has no figure."""
    series = dtm_series(displacement, entity_id)
    if series.empty:
        return None
    latest = series.iloc[-1]
    previous = series.iloc[-2] if len(series) > 1 else None
    change = None if previous is None else int(latest["value"]) - int(previous["value"])
    return {"latest": latest, "previous": previous, "change": change}


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


def office_events(
    events: pd.DataFrame, participants: pd.DataFrame, entity_id: str, regional_office: bool = False
) -> pd.DataFrame:
    """Coordination and training events an office took part in, newest first, with its role ("host",
    "participant" or "host_participant"; "region" for the Regional Office, which is shown the region's
    events). Events outside the region (in_region false) only where the country is a named participant."""
    if regional_office:
        chosen = events[events["in_region"]].assign(role="region")
    else:
        joined = set(participants.loc[participants["iso3"] == entity_id, "event_id"])
        hosted = events["host_iso3"].eq(entity_id).fillna(False).astype(bool)
        took_part = events["event_id"].isin(joined)
        chosen = events[(took_part | (hosted & events["in_region"]))].copy()
        chosen["role"] = [
            "host_participant" if h and p else ("host" if h else "participant")
            for h, p in zip(hosted[chosen.index], took_part[chosen.index], strict=True)
        ]
    return chosen.sort_values(["start_date", "event_id"], ascending=[False, True]).reset_index(drop=True)


def comparison_pillars(appeal: pd.DataFrame, pillars: pd.DataFrame, entity_ids: list[str]) -> pd.DataFrame:
    """Appeal by pillar for several offices, long: entity_id, pillar_id, group, name_en, name_fr,
    amount_usd, source_id (offices in the order given, pillars in pillar order)."""
    parts = [appeal_by_pillar(appeal, pillars, e).assign(entity_id=e) for e in entity_ids]
    if not parts:
        return pd.DataFrame(columns=["entity_id", "pillar_id", "group", "name_en", "name_fr", "amount_usd"])
    table = pd.concat(parts, ignore_index=True)
    return table[["entity_id", *[c for c in table.columns if c != "entity_id"]]]


def default_comparison(
    entities: pd.DataFrame, totals: pd.DataFrame, entity_id: str, limit: int = 4
) -> list[str]:
    """Offices to compare a profile with when none are chosen: the office's crisis area (Lake Chad Basin,
    then Liptako-Gourma), else the office and the largest appeals; `limit` offices at most, at least two."""
    row = entities.set_index("entity_id").loc[entity_id]
    for flag in ("lake_chad_basin", "liptako_gourma"):
        if bool(row[flag]):
            peers = [e for e in entities.loc[entities[flag], "entity_id"] if e != entity_id]
            return [entity_id, *peers][:limit]
    others = [e for e in totals["entity_id"] if e != entity_id]
    return [entity_id, *others[:2]][:limit]


# --- Lake Chad Basin page: the 2020 figures, DTM trend and its flags, admin-1 areas, breakdowns ------

# Area figures shown by default: the admin-1 breakdowns and imported rows (DTM baseline assessments).
LCB_AREA_SERIES = ("admin1_breakdown", "import")
# Imported DTM site assessments (IDPs in sites only, a subset of the baseline): shown labelled, never added.
LCB_SITE_ASSESSMENT = "import_site_assessment"
LCB_CATEGORY_ORDER = (
    "idps",
    "refugees",
    "refugees_out_of_camp",
    "returnees",
    "returnees_total",
    "returnees_former_idps",
    "returnees_from_abroad",
    "tcns",
    "affected_total",
    "in_need",
)
# The breakdown: who is counted (IDPs, refugees, returnees), not totals or needs.
LCB_BREAKDOWN_CATEGORIES = LCB_CATEGORY_ORDER[:8]
LCB_STATEMENT_ORDER = ("affected_total", "idps", "returnees", "refugees_out_of_camp", "in_need")


def _lcb_is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == ""


def lcb_statement_figures(displacement: pd.DataFrame) -> pd.DataFrame:
    """The 2020 document's Lake Chad Basin figures in reading order: category, value, qualifier,
    value_text (the words as written), as_of, source_id."""
    rows = displacement[displacement["series"] == "mi2020_statement"]
    order = {category: i for i, category in enumerate(LCB_STATEMENT_ORDER)}
    rows = rows.assign(_order=rows["category"].map(order).fillna(len(order)))
    columns = ["category", "value", "qualifier", "value_text", "as_of", "source_id"]
    return rows.sort_values(["_order", "category"], kind="stable")[columns].reset_index(drop=True)


def lcb_written_figure(value_text: object, qualifier: object, value: object, lang: str) -> str:
    """A figure with its qualifier as the source words it: in English the words as written
    ("almost 2.5 million"); in French the same words translated ("près de 2,5 millions")."""
    import re
    from decimal import Decimal

    from babel.numbers import format_decimal

    from dashboard.i18n import format_int, translate

    text = "" if _lcb_is_missing(value_text) else str(value_text).strip()
    if lang == "en" and text:
        return text
    match = re.search(r"(\d[\d,]*(?:\.\d+)?)(\s*million)?\s*$", text) if text else None
    if match is None:
        number = format_int(value, lang)
    elif match.group(2):
        amount = Decimal(match.group(1).replace(",", ""))
        key = "lake_chad.million_many" if amount >= 2 else "lake_chad.million_one"
        number = translate(key, lang, number=format_decimal(amount, locale=lang))
    else:
        number = format_int(int(match.group(1).replace(",", "")), lang)
    qualifier = qualifier if isinstance(qualifier, str) and qualifier else "exact"
    return translate(f"lake_chad.qualifier.{qualifier}", lang, number=number)


def _lcb_dtm_affected(displacement: pd.DataFrame) -> pd.DataFrame:
    return displacement[
        (displacement["series"] == "dtm_lcb_dashboard") & (displacement["category"] == "affected_total")
    ]


def lcb_latest_dashboard(displacement: pd.DataFrame) -> pd.DataFrame:
    """The latest DTM Lake Chad Basin dashboard (affected population): the basin total first (entity_id
    missing), then its countries. Columns: entity_id, as_of, value, dashboard_no, source_id."""
    columns = ["entity_id", "as_of", "value", "dashboard_no", "source_id"]
    dtm = _lcb_dtm_affected(displacement)
    if dtm.empty:
        return dtm[columns].reset_index(drop=True)
    latest = dtm[dtm["dashboard_no"] == dtm["dashboard_no"].max()]
    return latest.sort_values("entity_id", na_position="first")[columns].reset_index(drop=True)


def lcb_dtm_trend(displacement: pd.DataFrame, since: str | None = "2018-01-01") -> pd.DataFrame:
    """Affected population in each DTM dashboard as published, the basin total (entity_id missing) and
    each country: as_of, entity_id, value, dashboard_no, source_id, by date then country."""
    dtm = _lcb_dtm_affected(displacement)
    if since:
        dtm = dtm[dtm["as_of"] >= since]
    columns = ["as_of", "entity_id", "value", "dashboard_no", "source_id"]
    return dtm.sort_values(["as_of", "entity_id"], na_position="first")[columns].reset_index(drop=True)


def lcb_total_flags(displacement: pd.DataFrame, checks: pd.DataFrame | None) -> pd.DataFrame:
    """Dashboards whose published basin total differs from the sum of their countries, as checks.csv
    flags them (warning "<source>-affected_total-total-vs-countries"), with the numbers: dashboard_no,
    as_of, total, country_sum, difference (sum minus total), check_id, message, source_id.

    Dashboards without country figures (nothing to add up) are not flagged; the values stay as published.
    Without the checks table (None) nothing is flagged."""
    columns = [
        "dashboard_no", "as_of", "total", "country_sum", "difference", "check_id", "message", "source_id"
    ]  # fmt: skip
    if checks is None:
        return pd.DataFrame(columns=columns)
    warned = checks[
        (checks["table"] == "displacement")
        & (checks["status"] == "warning")
        & checks["check_id"].str.endswith("-affected_total-total-vs-countries")
    ]
    trend = lcb_dtm_trend(displacement, since=None)
    flags = []
    for check in warned.itertuples(index=False):
        rows = trend[trend["source_id"] == check.source_id]
        total, countries = rows[rows["entity_id"].isna()], rows[rows["entity_id"].notna()]
        if total.empty or countries.empty:
            continue
        published, added = int(total["value"].iloc[0]), int(countries["value"].sum())
        if published == added:
            continue
        flags.append(
            {
                "dashboard_no": int(total["dashboard_no"].iloc[0]),
                "as_of": total["as_of"].iloc[0],
                "total": published,
                "country_sum": added,
                "difference": added - published,
                "check_id": check.check_id,
                "message": check.message,
                "source_id": check.source_id,
            }
        )
    return pd.DataFrame(flags, columns=columns).sort_values("as_of").reset_index(drop=True)


def lcb_definition_changes(displacement: pd.DataFrame, checks: pd.DataFrame | None) -> pd.DataFrame:
    """Where checks.csv records that the DTM dashboards changed what they count (check ids ending in
    "-definition-change"): dashboard_no, as_of (of that dashboard), message, source_id; by date."""
    columns = ["dashboard_no", "as_of", "message", "source_id"]
    if checks is None:
        return pd.DataFrame(columns=columns)
    changes = checks[
        (checks["table"] == "displacement") & checks["check_id"].str.endswith("-definition-change")
    ]
    dtm = displacement[displacement["series"] == "dtm_lcb_dashboard"]
    rows = []
    for check in changes.itertuples(index=False):
        dashboard = dtm[dtm["source_id"] == check.source_id]
        if dashboard.empty:
            continue
        rows.append(
            {
                "dashboard_no": int(dashboard["dashboard_no"].iloc[0]),
                "as_of": dashboard["as_of"].iloc[0],
                "message": check.message,
                "source_id": check.source_id,
            }
        )
    return pd.DataFrame(rows, columns=columns).sort_values("as_of").reset_index(drop=True)


def lcb_area_rows(displacement: pd.DataFrame, include_site_assessments: bool = False) -> pd.DataFrame:
    """Dated figures for areas inside a country (admin1 and entity_id given), from the admin-1 breakdowns
    and imports; DTM site assessments only when asked. Basin-wide figures are left out (no place)."""
    series = LCB_AREA_SERIES + ((LCB_SITE_ASSESSMENT,) if include_site_assessments else ())
    rows = displacement[
        displacement["series"].isin(series)
        & displacement["entity_id"].notna()
        & displacement["admin1"].notna()
        & displacement["as_of"].notna()
    ]
    return rows.reset_index(drop=True)


def lcb_categories(rows: pd.DataFrame) -> list[str]:
    """Categories the rows have, in the page's order (IDPs first)."""
    present = set(rows["category"])
    known = [c for c in LCB_CATEGORY_ORDER if c in present]
    return known + sorted(present - set(known))


def lcb_month_end(value: object) -> str | None:
    """The last day of the month of an ISO date ("2020-10-10" -> "2020-10-31"); None if not a date.

    Month-only source dates are stored as the month's last day, so figures are grouped by month."""
    import calendar
    import datetime as dt

    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day.replace(day=calendar.monthrange(day.year, day.month)[1]).isoformat()


def lcb_months(rows: pd.DataFrame, category: str) -> list[str]:
    """Months (as month-end dates) with at least one figure of `category`, oldest first."""
    dates = rows.loc[rows["category"] == category, "as_of"]
    return sorted({m for m in map(lcb_month_end, dates) if m})


def lcb_default_month(rows: pd.DataFrame, category: str) -> str | None:
    """The month with figures for the most countries' areas (the fullest map); the latest on a tie."""
    selected = rows[rows["category"] == category].assign(month=lambda f: f["as_of"].map(lcb_month_end))
    if selected.empty:
        return None
    counts = selected.groupby("month")["entity_id"].nunique().reset_index()
    return counts.sort_values(["entity_id", "month"]).iloc[-1]["month"]


def _lcb_place_key(name: str) -> str:
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[-_'’.]", " ", plain).casefold().split())


def lcb_locate(admin1: str, entity_id: str, points: pd.DataFrame) -> tuple[float, float] | None:
    """Where to put a circle for an area as a source names it: the area's point (name or alias, ignoring
    case, accents and hyphens), or for several areas named together ("Adamawa, Borno, Yobe") the mean of
    their points. None when any part is not an area of that country in `points`."""
    import re

    index: dict[str, tuple[str, float, float]] = {}
    for point in points[points["entity_id"] == entity_id].itertuples(index=False):
        aliases = [] if _lcb_is_missing(point.aliases) else str(point.aliases).split("|")
        for name in [point.admin1, *aliases]:
            index[_lcb_place_key(name)] = (point.admin1, float(point.lat), float(point.lon))
    whole = index.get(_lcb_place_key(admin1))
    if whole:
        return whole[1], whole[2]
    parts = [p for p in re.split(r"[,+/]|\band\b", admin1) if p.strip()]
    found: dict[str, tuple[float, float]] = {}
    for part in parts:
        hit = index.get(_lcb_place_key(part))
        if hit is None:
            return None
        found[hit[0]] = (hit[1], hit[2])
    if not found:
        return None
    lats, lons = zip(*found.values(), strict=True)
    return round(sum(lats) / len(lats), 3), round(sum(lons) / len(lons), 3)


def lcb_map_points(
    rows: pd.DataFrame, category: str, month: str, points: pd.DataFrame, spacing: float = 1.0
) -> pd.DataFrame:
    """One circle per figure (place x source x date) of `category` in `month`, never summed: the rows'
    columns plus lat, lon (missing where the place is not located) and placed. Figures at the same
    point are set side by side, spread east-west `spacing` degrees apart."""
    selected = rows[(rows["category"] == category) & (rows["as_of"].map(lcb_month_end) == month)].copy()
    keys = ["entity_id", "admin1", "as_of", "source_org", "source_id"]
    selected = selected.sort_values(keys, kind="stable")
    places = zip(selected["admin1"], selected["entity_id"], strict=True)
    located = [lcb_locate(admin1, entity_id, points) for admin1, entity_id in places]
    selected["lat"] = [c[0] if c else float("nan") for c in located]
    selected["lon"] = [c[1] if c else float("nan") for c in located]
    selected["placed"] = [c is not None for c in located]
    for _, group in selected[selected["placed"]].groupby(["lat", "lon"], sort=False):
        n = len(group)
        offsets = [(k - (n - 1) / 2) * spacing for k in range(n)]
        selected.loc[group.index, "lon"] = group["lon"] + offsets
    return selected.reset_index(drop=True)


def lcb_breakdown(displacement: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Who is counted (IDPs, refugees, returnees...) in one country's areas, one row per figure as each
    source gives it, never summed: the admin-1 breakdowns and imports, site assessments included (their
    series says so). Sorted by date (undated first), area, source, category."""
    series = LCB_AREA_SERIES + (LCB_SITE_ASSESSMENT,)
    rows = displacement[
        (displacement["entity_id"] == entity_id)
        & displacement["series"].isin(series)
        & displacement["category"].isin(LCB_BREAKDOWN_CATEGORIES)
    ]
    order = {c: i for i, c in enumerate(LCB_BREAKDOWN_CATEGORIES)}
    rows = rows.assign(_order=rows["category"].map(order))
    keys = ["as_of", "admin1", "source_org", "source_id", "series", "_order"]
    rows = rows.sort_values(keys, na_position="first", kind="stable")
    return rows.drop(columns="_order").reset_index(drop=True)


LCB_FIGURE_SET = ["as_of", "admin1", "source_org", "source_id", "series"]


def lcb_breakdown_table(breakdown: pd.DataFrame) -> pd.DataFrame:
    """One row per figure set (date, area, source, series), one column per category present. Two figures
    from different sources, or from the same source twice, stay on separate rows: nothing is merged."""
    if breakdown.empty:
        return pd.DataFrame(columns=LCB_FIGURE_SET)
    frame = breakdown.copy()
    for col in ("as_of", "admin1", "source_org", "source_id", "series"):
        frame[col] = frame[col].astype("object").where(frame[col].notna(), "")
    # A repeated (set, category) pair gets its own row instead of being added to the first.
    frame["_repeat"] = frame.groupby([*LCB_FIGURE_SET, "category"]).cumcount()
    table = frame.pivot(index=[*LCB_FIGURE_SET, "_repeat"], columns="category", values="value")
    categories = [c for c in LCB_BREAKDOWN_CATEGORIES if c in table.columns]
    table = table[categories].reset_index().drop(columns="_repeat")
    table.columns.name = None
    for col in categories:
        table[col] = table[col].astype("Int64")
    return table
