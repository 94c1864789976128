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
