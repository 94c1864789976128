"""OCHA FTS requirements and funding: years, gaps by country, regional totals, trends, latest plans.

Pure pandas over the tables fts_plans, fts_plan_funding, fts_outside_plans and sources (no Streamlit).
Start from `plan_rows` (one row per plan and country, with the plan's year, kind and as-of date).

Two scopes, never added together: `country` plans (a country's own plans: its response plan, flash
appeals, other one-country plans) and `regional` plans (regional refugee and other multi-country plans,
whose rows are the country's share). Every sum says what it sums:

- requirement, funding and unmet requirement are summed over the plan rows where **both** the requirement
  and the funding are known (`plans_summed` counts them; `plans_not_summed` names the others), so the
  three figures and the % funded describe the same plans;
- the unmet requirement is the sum of each plan's own gap (0 where a plan is funded above its
  requirement): money given to one plan never fills another plan's gap;
- % funded is FTS's own rounded figure where one plan is summed, else funding / requirement of the sums;
- funding outside any plan (`outside_plans_by_year`) is context: no requirement, it never reduces a gap.

Every FTS row comes from one file today (one source_id); sums over rows of several FTS files (later
imports) are for the import to decide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

COUNTRY = "country"
REGIONAL = "regional"
SCOPES = (COUNTRY, REGIONAL)
# Columns of a summary (one country or the region, one year and scope).
SUMMARY_COLUMNS = [
    "plans",
    "plans_summed",
    "plan_names",
    "plans_not_summed",
    "requirement_usd",
    "funding_usd",
    "gap_usd",
    "percent_funded",
    "as_of",
    "source_id",
]


def plan_rows(plans: pd.DataFrame, plan_funding: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per plan and country: fts_plan_funding with the plan's code, name, type, year, kind and
    is_regional, and `as_of`, the date of the row's source. Sorted by year, country, plan."""
    rows = plan_funding.merge(
        plans.drop(columns="source_id"), on="plan_id", how="left", validate="many_to_one"
    )
    dates = sources.set_index("source_id")["date"]
    rows["as_of"] = rows["source_id"].map(dates)
    return rows.sort_values(["year", "entity_id", "plan_id"], kind="mergesort").reset_index(drop=True)


def _in_scope(rows: pd.DataFrame, scope: str) -> pd.DataFrame:
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    regional = rows["is_regional"].astype(bool)
    return rows[regional] if scope == REGIONAL else rows[~regional]


def as_of_date(rows: pd.DataFrame) -> str | None:
    """The latest as-of date of the rows (ISO), None when there are none."""
    dates = rows["as_of"].dropna()
    return str(dates.max()) if len(dates) else None


def latest_year(rows: pd.DataFrame) -> int | None:
    """The latest year any plan covers (2026 for the file of March 2026)."""
    return int(rows["year"].max()) if len(rows) else None


def last_complete_year(rows: pd.DataFrame) -> int | None:
    """The latest plan year before the year of the as-of date: the last year whose funding is complete."""
    as_of = as_of_date(rows)
    if as_of is None:
        return None
    before = rows.loc[rows["year"] < dt.date.fromisoformat(as_of[:10]).year, "year"]
    return int(before.max()) if len(before) else None


def _int_or_none(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def summarise(rows: pd.DataFrame) -> dict[str, Any]:
    """The figures of a set of plan rows, summed as the module docstring says (keys SUMMARY_COLUMNS).

    plans: rows given; plans_summed: rows with both requirement and funding known, which the sums cover;
    plan_names: the names of all rows given ("; "-joined); plans_not_summed: names of the rows left out.
    Figures are None where no row is summed ("not known", never 0)."""
    both = rows["requirement_usd"].notna() & rows["funding_usd"].notna()
    summed, left_out = rows[both], rows[~both]
    requirement = int(summed["requirement_usd"].sum()) if len(summed) else None
    funding = int(summed["funding_usd"].sum()) if len(summed) else None
    gap = int(summed["gap_usd"].sum()) if len(summed) else None
    if len(summed) == 1 and pd.notna(summed["percent_funded"].iloc[0]):
        percent: float | None = float(summed["percent_funded"].iloc[0])
    elif requirement:
        percent = 100 * funding / requirement
    else:
        percent = None
    dated = rows.dropna(subset=["as_of"]).sort_values("as_of")
    return {
        "plans": len(rows),
        "plans_summed": len(summed),
        "plan_names": "; ".join(dict.fromkeys(rows["name"])),
        "plans_not_summed": "; ".join(dict.fromkeys(left_out["name"])),
        "requirement_usd": requirement,
        "funding_usd": funding,
        "gap_usd": gap,
        "percent_funded": percent,
        "as_of": str(dated["as_of"].iloc[-1]) if len(dated) else None,
        "source_id": str(dated["source_id"].iloc[-1]) if len(dated) else None,
    }


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    for col in ("requirement_usd", "funding_usd", "gap_usd"):
        table[col] = table[col].astype("Int64")
    table["percent_funded"] = table["percent_funded"].astype("Float64")
    return table


def gap_by_country(
    rows: pd.DataFrame, entities: pd.DataFrame, year: int, scope: str = COUNTRY
) -> pd.DataFrame:
    """Every country of the region for one year and one scope: its plans' requirement, funding, unmet
    requirement and % funded, summed over that country's plans of the scope (see `summarise`).

    A country without a plan of that scope and year has plans = 0 and empty figures: "no plan", never 0.
    Columns: entity_id, name_en, name_fr, then SUMMARY_COLUMNS; sorted by entity_id."""
    chosen = _in_scope(rows, scope)
    chosen = chosen[chosen["year"] == year]
    countries = entities[entities["kind"] == "country"].sort_values("entity_id")
    records = [
        {
            "entity_id": country["entity_id"],
            "name_en": country["name_en"],
            "name_fr": country["name_fr"],
            **summarise(chosen[chosen["entity_id"] == country["entity_id"]]),
        }
        for _, country in countries.iterrows()
    ]
    return _typed(pd.DataFrame(records, columns=["entity_id", "name_en", "name_fr", *SUMMARY_COLUMNS]))


def regional_total(rows: pd.DataFrame, year: int, scope: str = COUNTRY) -> dict[str, Any]:
    """The region's total for one year and one scope: the sum over every country's plan rows of that scope
    (see `summarise`), labelled by `plans_summed` ("sum of N country plans") and `countries` (how many
    countries those rows are for). Country plans and regional plans' shares are never summed together."""
    chosen = _in_scope(rows, scope)
    chosen = chosen[chosen["year"] == year]
    summary = summarise(chosen)
    both = chosen["requirement_usd"].notna() & chosen["funding_usd"].notna()
    summary.update(year=year, scope=scope, countries=int(chosen.loc[both, "entity_id"].nunique()))
    return summary


def trend(rows: pd.DataFrame, scope: str = COUNTRY, entity_id: str | None = None) -> pd.DataFrame:
    """Requirement against funding per year, with % funded, unmet requirement and plan names: for one
    country (its plans of the scope) or, without entity_id, for the region (every country's plans of the
    scope, as `regional_total`). Only years with a plan of the scope; columns year, then SUMMARY_COLUMNS."""
    chosen = _in_scope(rows, scope)
    if entity_id is not None:
        chosen = chosen[chosen["entity_id"] == entity_id]
    records = [{"year": int(year), **summarise(group)} for year, group in chosen.groupby("year", sort=True)]
    return _typed(pd.DataFrame(records, columns=["year", *SUMMARY_COLUMNS]))


def outside_plans_by_year(outside: pd.DataFrame, entity_id: str | None = None) -> pd.DataFrame:
    """Funding outside any plan per year, for one country or summed over the region's countries (context
    for a trend; it has no requirement and never reduces a gap). Columns year, funding_usd (sum of the
    known amounts), countries (how many countries' amounts are summed), source_id."""
    chosen = outside if entity_id is None else outside[outside["entity_id"] == entity_id]
    known = chosen.dropna(subset=["funding_usd"])
    table = known.groupby("year", sort=True).agg(
        funding_usd=("funding_usd", "sum"),
        countries=("entity_id", "nunique"),
        source_id=("source_id", "last"),
    )
    table = table.reset_index()
    table["funding_usd"] = table["funding_usd"].astype("Int64")
    return table


def country_plan(rows: pd.DataFrame, entity_id: str, year: int | None = None) -> dict[str, Any] | None:
    """A country's own plan (not a regional share) of one year, the latest year with a country plan when
    year is None: its response plan (HRP/HNRP) where it has one, else the plan with the largest
    requirement. Keys as `latest_plan`; None when the country has no own plan that year."""
    own = _in_scope(rows, COUNTRY)
    own = own[own["entity_id"] == entity_id]
    if own.empty:
        return None
    year_rows = own[own["year"] == (own["year"].max() if year is None else year)]
    if year_rows.empty:
        return None
    ranked = year_rows.assign(
        _response=year_rows["plan_kind"].eq("response_plan"),
        _requirement=year_rows["requirement_usd"].astype("Float64").fillna(-1),
    ).sort_values(["_response", "_requirement", "plan_id"], ascending=[False, False, True])
    plan = ranked.iloc[0]
    result: dict[str, Any] = {
        key: plan[key] for key in ("code", "name", "plan_type", "plan_kind", "as_of", "source_id")
    }
    result.update(
        plan_id=int(plan["plan_id"]),
        year=int(plan["year"]),
        **{
            key: _int_or_none(plan[key])
            for key in ("requirement_usd", "funding_usd", "gap_usd", "percent_funded")
        },
        other_plans=len(year_rows) - 1,
    )
    return result


def latest_plan(rows: pd.DataFrame, entity_id: str) -> dict[str, Any] | None:
    """A country's latest own plan (not a regional share): the latest year with a country plan, its
    response plan (HRP/HNRP) where it has one, else the plan with the largest requirement. Keys plan_id,
    code, name, plan_type, plan_kind, year, requirement_usd, funding_usd, gap_usd, percent_funded (FTS's),
    as_of, source_id, other_plans (how many other country plans that year); None without any plan."""
    return country_plan(rows, entity_id)


REGIONAL_SHARE_COLUMNS = ["plan_id", "code", "name", "plan_type", "year", "requirement_usd", "funding_usd",
                          "gap_usd", "percent_funded", "as_of", "source_id"]  # fmt: skip


def regional_shares(rows: pd.DataFrame, entity_id: str, year: int | None = None) -> pd.DataFrame:
    """The country's shares of regional plans in one year (the latest year with any when year is None),
    largest requirement first: REGIONAL_SHARE_COLUMNS. Each row is the country's part of a plan covering
    several countries: shown beside the country's own plan, never added to it. Empty without any."""
    shares = _in_scope(rows, REGIONAL)
    shares = shares[shares["entity_id"] == entity_id]
    if shares.empty:
        return shares[REGIONAL_SHARE_COLUMNS].reset_index(drop=True)
    shares = shares[shares["year"] == (shares["year"].max() if year is None else year)]
    shares = shares.assign(_requirement=shares["requirement_usd"].astype("Float64").fillna(-1))
    shares = shares.sort_values(["_requirement", "plan_id"], ascending=[False, True])
    table = shares[REGIONAL_SHARE_COLUMNS].reset_index(drop=True)
    return _typed(table.astype({"percent_funded": "Float64"}))


def country_trend(
    rows: pd.DataFrame, outside: pd.DataFrame, entity_id: str, last_year: int, years: int = 10
) -> pd.DataFrame:
    """A country's own plans year by year over `years` years ending with `last_year` (every year, with or
    without a plan): year, SUMMARY_COLUMNS (plans 0 and empty figures in a year without a plan: "no plan",
    never 0), outside_usd (funding outside any plan that year: context, it reduces no gap; empty where
    FTS reports none) and outside_source_id. Regional plans' shares are not in it."""
    first_year = last_year - years + 1
    own = trend(rows, COUNTRY, entity_id)
    own = own[(own["year"] >= first_year) & (own["year"] <= last_year)].set_index("year")
    table = own.reindex(range(first_year, last_year + 1)).rename_axis("year").reset_index()
    for column in ("plans", "plans_summed"):
        table[column] = table[column].astype("float64").fillna(0).astype("int64")
    for column in ("plan_names", "plans_not_summed"):
        table[column] = table[column].fillna("")
    context = outside_plans_by_year(outside, entity_id).set_index("year")
    table["outside_usd"] = table["year"].map(context["funding_usd"]).astype("Int64")
    table["outside_source_id"] = table["year"].map(context["source_id"])
    return _typed(table)


def iom_plans(funding: pd.DataFrame, coverage: pd.DataFrame, entity_id: str | None = None) -> pd.DataFrame:
    """The hand-collected response-plan rows that FTS lacks and that are kept: IOM's own crisis response
    plans (fts_funding_coverage status iom_plan), optionally of one country, newest year first, then the
    largest requirement. Columns of the funding table. Every other row is a plan FTS lists (its FTS
    figures replace it) or a sum over several countries' plans."""
    kept = coverage.loc[coverage["status"] == "iom_plan", "funding_id"]
    rows = funding[funding["funding_id"].isin(set(kept))]
    if entity_id is not None:
        rows = rows[rows["entity_id"] == entity_id]
    # within a year, a plan's total before the part of it for one objective
    order = ["year", "required_usd", "funding_id"]
    return rows.sort_values(order, ascending=[False, False, True], kind="mergesort").reset_index(drop=True)


def plan_years(rows: pd.DataFrame) -> list[int]:
    """Every year from the first plan's to the latest (a year without any plan included, so a control
    reaches it and the map says "no plan"), newest first."""
    if rows.empty:
        return []
    return list(range(int(rows["year"].max()), int(rows["year"].min()) - 1, -1))


def plans_fts_lacks(funding: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """The hand-collected response-plan rows (funding) that FTS does not replace: IOM's own crisis response
    plans (fts_funding_coverage status iom_plan). Rows FTS lists, and sums over several countries' plans
    (which FTS has plan by plan), are left out. Same columns as `funding`, same order."""
    iom = coverage.loc[coverage["status"] == "iom_plan", "funding_id"]
    return funding[funding["funding_id"].isin(iom)]
