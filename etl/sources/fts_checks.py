"""Checks of the OCHA FTS step (etl/sources/fts.py): rows of the checks table, in English and French.

What the build verifies on the region's rows of the FTS file and reports in checks.csv: FTS's rounded %
funded against funding / requirement, at most one country response plan per country and year, years
outside FTS's range, plan types the build does not know, and how many hand-collected rows FTS covers.
A difference is a `warning` row naming the plan or country; nothing here stops the build.
"""

from __future__ import annotations

import pandas as pd

from etl.messages import SEMICOLON, Join, Local, Message, check_row

# FTS's records begin in 2000; the last year a row may have is the as-of year of the file.
FIRST_YEAR = 2000
# FTS rounds % funded to an integer, so it may differ from funding / requirement by half a point.
PCT_TOLERANCE = 0.5


def _plan_label(row: pd.Series, names: dict[str, Local]) -> Message:
    return Message(
        "etl.check.fts.plan",
        plan=row["name"],
        code=row["code"],
        country=names[row["entity_id"]],
        year=int(row["year"]),
    )


def percent_checks(rows: pd.DataFrame, names: dict[str, Local], source_id: str) -> list[dict]:
    """FTS's rounded % funded against funding / requirement: one row counting agreements, one per miss."""
    both = rows[
        rows["requirement_usd"].notna()
        & rows["funding_usd"].notna()
        & rows["percent_funded"].notna()
        & (rows["requirement_usd"].fillna(0) > 0)
    ]
    computed = 100 * both["funding_usd"].astype("float64") / both["requirement_usd"].astype("float64")
    differs = (computed - both["percent_funded"].astype("float64")).abs() > PCT_TOLERANCE
    subject = Message("etl.check.fts.pct.subject")
    checks = [
        check_row(
            "fts-percent-funded",
            "fts_plan_funding",
            "pass",
            subject,
            Message(
                "etl.check.fts.pct.agrees",
                agree=int((~differs).sum()),
                compared=len(both),
                tolerance=PCT_TOLERANCE,
            ),
            source_id,
        )
    ]
    for (_, row), value in zip(both[differs].iterrows(), computed[differs], strict=True):
        message = Message(
            "etl.check.fts.pct.differs",
            plan=_plan_label(row, names),
            published=int(row["percent_funded"]),
            funding=int(row["funding_usd"]),
            requirement=int(row["requirement_usd"]),
            computed=value,
            tolerance=PCT_TOLERANCE,
        )
        checks.append(
            check_row(
                f"fts-percent-funded-{row['plan_id']}-{row['entity_id']}",
                "fts_plan_funding",
                "warning",
                subject,
                message,
                row["source_id"],  # the file the row comes from
            )
        )
    unknown = rows[rows["requirement_usd"].isna() | rows["funding_usd"].isna()]
    if not unknown.empty:
        labels = [_plan_label(row, names) for _, row in unknown.iterrows()]
        checks.append(
            check_row(
                "fts-amount-unknown",
                "fts_plan_funding",
                "pass",
                Message("etl.check.fts.unknown.subject"),
                Message("etl.check.fts.unknown.message", count=len(unknown), rows=Join(labels, SEMICOLON)),
                source_id,
            )
        )
    return checks


def one_plan_checks(rows: pd.DataFrame, names: dict[str, Local], source_id: str) -> list[dict]:
    """At most one country response plan (HRP/HNRP or a predecessor) per country and year."""
    plans = rows[rows["plan_kind"] == "response_plan"]
    subject = Message("etl.check.fts.one_plan.subject")
    groups = plans.groupby(["entity_id", "year"], sort=True)
    several = [(key, group) for key, group in groups if len(group) > 1]
    if not several:
        return [
            check_row(
                "fts-one-country-plan",
                "fts_plans",
                "pass",
                subject,
                Message("etl.check.fts.one_plan.pass", country_years=groups.ngroups),
                source_id,
            )
        ]
    checks = []
    for (entity_id, year), group in several:
        listed = Join([f"{r['name']} ({r['code']})" for _, r in group.iterrows()], SEMICOLON)
        message = Message(
            "etl.check.fts.one_plan.several",
            country=names[entity_id],
            year=int(year),
            count=len(group),
            plans=listed,
        )
        checks.append(
            check_row(
                f"fts-several-country-plans-{entity_id}-{year}",
                "fts_plans",
                "warning",
                subject,
                message,
                source_id,
            )
        )
    return checks


def year_checks(region: pd.DataFrame, last_year: int, names: dict[str, Local], source_id: str) -> list[dict]:
    """Rows for years before FTS's first or after the file's as-of year, named by country."""
    years = region["year"].astype("int64")
    outside = region[(years < FIRST_YEAR) | (years > last_year)]
    subject = Message("etl.check.fts.years.subject")
    if outside.empty:
        message = Message("etl.check.fts.years.pass", first=FIRST_YEAR, last=last_year)
        return [check_row("fts-years", "fts_plans", "pass", subject, message, source_id)]
    listed = [
        Message("etl.check.fts.years.country", country=names[iso3], years=", ".join(sorted(group["year"])))
        for iso3, group in outside.groupby("countryCode", sort=True)
    ]
    message = Message(
        "etl.check.fts.years.outside",
        count=len(outside),
        first=FIRST_YEAR,
        last=last_year,
        rows=Join(listed, SEMICOLON),
    )
    return [check_row("fts-years", "fts_outside_plans", "warning", subject, message, source_id)]


def type_checks(plans: pd.DataFrame, known_types: tuple[str, ...], source_id: str) -> list[dict]:
    """Plan types the step does not know (it counts them as other one-country plans) are named."""
    subject = Message("etl.check.fts.types.subject")
    odd = plans[~plans["plan_type"].isin(list(known_types))]
    if odd.empty:
        types = Join(sorted(plans["plan_type"].unique()), ", ")
        return [
            check_row(
                "fts-plan-types",
                "fts_plans",
                "pass",
                subject,
                Message("etl.check.fts.types.pass", types=types),
                source_id,
            )
        ]
    listed = Join([f"{r['name']} ({r['code']}): {r['plan_type']!r}" for _, r in odd.iterrows()], SEMICOLON)
    return [
        check_row(
            "fts-plan-types",
            "fts_plans",
            "warning",
            subject,
            Message("etl.check.fts.types.odd", plans=listed),
            source_id,
        )
    ]


def summary_check(
    world: pd.DataFrame,
    region: pd.DataFrame,
    plans: pd.DataFrame,
    countries: int,
    file_label: str,
    source_id: str,
) -> dict:
    message = Message(
        "etl.check.fts.region.message",
        region_rows=len(region),
        rows=len(world),
        file=file_label,
        countries=countries,
        plan_rows=int((region["id"] != "").sum()),
        plans=len(plans),
        regional=int(plans["is_regional"].sum()),
        outside=int((region["id"] == "").sum()),
        first=region["year"].min(),
        last=region["year"].max(),
    )
    return check_row(
        "fts-region-rows",
        "fts_plan_funding",
        "pass",
        Message("etl.check.fts.region.subject"),
        message,
        source_id,
    )


def coverage_check(coverage: pd.DataFrame, funding_file: str, source_id: str) -> dict:
    counts = coverage["status"].value_counts()
    message = Message(
        "etl.check.fts.coverage.message",
        rows=len(coverage),
        file=funding_file,
        fts=int(counts.get("fts_plan", 0)),
        plans=int(coverage["plan_id"].nunique()),
        iom=int(counts.get("iom_plan", 0)),
        several=int(counts.get("several_countries", 0)),
        missing=int(counts.get("not_in_fts", 0)),
    )
    return check_row(
        "fts-hand-collected-coverage",
        "fts_funding_coverage",
        "pass",
        Message("etl.check.fts.coverage.subject"),
        message,
        source_id,
    )
