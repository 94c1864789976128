"""DTM displacement by country: latest figures, series and trends. Pure pandas, no Streamlit."""

from __future__ import annotations

import pandas as pd


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


def dtm_series(displacement: pd.DataFrame, entity_id: str | None = None) -> pd.DataFrame:
    """Every DTM Lake Chad Basin dashboard figure (affected population) for one country, or for the basin
    as a whole when entity_id is None, oldest first: as_of, value, dashboard_no, source_id."""
    dtm = displacement[
        (displacement["series"] == "dtm_lcb_dashboard") & (displacement["category"] == "affected_total")
    ]
    rows = dtm[dtm["entity_id"].isna()] if entity_id is None else dtm[dtm["entity_id"] == entity_id]
    return rows.sort_values("as_of")[["as_of", "value", "dashboard_no", "source_id"]].reset_index(drop=True)


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
