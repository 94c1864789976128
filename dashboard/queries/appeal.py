"""The 2020 appeal: totals, pillars, and comparisons between offices. Pure pandas, no Streamlit."""

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
