"""The Lake Chad Basin page's figures: dashboards, flags, admin-1 rows and months, breakdowns.

Pure pandas, no Streamlit."""

from __future__ import annotations

import pandas as pd

from i18n import is_missing

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
    """Unknown (i18n's missing-value test) or an empty text, as the statement's cells may be."""
    return value is pd.NA or value == "" or is_missing(value)


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
    # The dashboard is the number before "-affected_total-..." (DTM-LCB-25-..., IMPORT-<sha>-LCB-62-...):
    # an imported file may add several dashboards under one source.
    numbers = warned["check_id"].str.extract(r"-(\d+)-affected_total-total-vs-countries$", expand=False)
    warned = warned.assign(dashboard=pd.to_numeric(numbers)).drop_duplicates("dashboard", keep="last")
    for check in warned.itertuples(index=False):
        rows = trend[trend["dashboard_no"] == check.dashboard]
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
    # each distinct date once: ~30,000 imported figures have a few hundred dates
    return sorted({m for m in map(lcb_month_end, dates.dropna().unique()) if m})


def lcb_default_month(rows: pd.DataFrame, category: str) -> str | None:
    """The latest month with a figure of `category` (what the map opens on, and falls back to)."""
    months = lcb_months(rows, category)
    return months[-1] if months else None


def lcb_month_rows(rows: pd.DataFrame, category: str, month: str) -> pd.DataFrame:
    """The rows of `category` dated in `month` (a month-end date), by country, area, date and source."""
    in_category = rows[rows["category"] == category]
    dates = in_category["as_of"].astype(object)
    # each distinct date worked out once, then looked up: ~30,000 imported figures have a few hundred dates
    month_ends = {date: lcb_month_end(date) for date in dates.dropna().unique()}
    selected = in_category[dates.map(month_ends).eq(month)]
    keys = ["entity_id", "admin1", "as_of", "source_org", "source_id"]
    return selected.sort_values(keys, kind="stable").reset_index(drop=True)


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


def lcb_latest_sets(table: pd.DataFrame, latest: int | None) -> pd.DataFrame:
    """The `latest` most recent figure sets of a breakdown table (lcb_breakdown_table, oldest first), still
    oldest first; all of them when `latest` is None. With 30 rounds of one source a chart of every set is
    unreadable: the page shows the latest ones and offers all."""
    if latest is None or len(table) <= latest:
        return table
    return table.iloc[len(table) - latest :].reset_index(drop=True)
