"""Response-plan funding: appeals covering a country, latest funding.

Pure pandas, no Streamlit."""

from __future__ import annotations

import pandas as pd

# --- themes: what the region asks for, theme by theme (app_pages/themes.py) ---------------------------------


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
