"""DTM displacement by country: latest figures, series and trends. Pure pandas, no Streamlit.

The DTM Lake Chad Basin dashboard series is read from the table whatever each row's origin: the reference
dashboards and the dashboards imported with `python -m etl import` (format a with `dashboard_no`) are both
series "dtm_lcb_dashboard" (etl/sources/import_rows.py), so the newest dashboard wins wherever it came from.
"""

from __future__ import annotations

import pandas as pd

DTM_DASHBOARD_SERIES = "dtm_lcb_dashboard"


def _dashboard_figures(displacement: pd.DataFrame, category: str = "affected_total") -> pd.DataFrame:
    """National and basin figures of the DTM dashboards (reference or imported) in one category, in
    dashboard order (date, then number)."""
    rows = displacement[
        (displacement["series"] == DTM_DASHBOARD_SERIES)
        & (displacement["category"] == category)
        & displacement["admin1"].isna()
    ]
    return rows.sort_values(["as_of", "dashboard_no"], kind="stable")


def latest_dtm_by_country(displacement: pd.DataFrame) -> pd.DataFrame:
    """Latest DTM Lake Chad Basin dashboard figure (affected population) per country:
    entity_id, as_of, value, dashboard_no, source_id."""
    dtm = _dashboard_figures(displacement)
    latest = dtm[dtm["entity_id"].notna()].groupby("entity_id", as_index=False).tail(1)
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
    dtm = _dashboard_figures(displacement)
    rows = dtm[dtm["entity_id"].isna()] if entity_id is None else dtm[dtm["entity_id"] == entity_id]
    return rows[["as_of", "value", "dashboard_no", "source_id"]].reset_index(drop=True)


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
