"""OCHA FTS requirements and funding of every response plan, by country and year (HDX's global file).

Reads data/raw/fts/fts_requirements_funding_global.csv (the whole world, unedited) and its provenance
data/raw/fts/source.yaml, and keeps the rows of the region's countries (the `country` rows of the
entities table). How HDX builds a row decides how it may be read (data/raw/fts/README.md):

- a one-country plan row holds the plan's total requirement and funding; a row of a plan covering several
  countries holds that country's share, so country plans and regional plans are kept apart (`plan_kind`)
  and never added into one appeal;
- "Not specified" rows (no plan id) are funding outside any plan: no requirement, so no gap;
- an empty amount is unknown, never 0; the gap is computed only where both amounts are known, and is 0
  (not negative) where funding exceeds the requirement (FTS's % funded then passes 100).

Tables returned: "fts_plans", "fts_plan_funding", "fts_outside_plans", "fts_funding_coverage",
"sources", "checks". Runs after etl.sources.entities and etl.sources.funding (reads both from context).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.common import EtlError, read_reference_csv
from etl.messages import CHECK_COLUMNS, Join, Local, Message
from etl.sources.fts_checks import (
    coverage_check,
    one_plan_checks,
    percent_checks,
    summary_check,
    type_checks,
    year_checks,
)

PROVENANCE_FILE = "fts/source.yaml"
FTS_COLUMNS = [
    "countryCode",
    "id",
    "name",
    "code",
    "typeId",
    "typeName",
    "startDate",
    "endDate",
    "year",
    "requirements",
    "funding",
    "percentFunded",
]
NOT_SPECIFIED = "Not specified"
# A country's own coordinated plan, whatever FTS called it that year (CAP -> SRP -> HRP -> HNRP).
RESPONSE_PLAN_TYPES = (
    "Humanitarian needs and response plan",
    "Humanitarian response plan",
    "Strategic response plan",
    "Consolidated appeals process",
    "Consolidated inter-agency appeal",
)
REGIONAL_TYPE = "Regional response plan"
KIND_BY_TYPE = {
    **dict.fromkeys(RESPONSE_PLAN_TYPES, "response_plan"),
    "Flash appeal": "flash_appeal",
    "Other": "other",
    REGIONAL_TYPE: "regional",
}
# Hand-collected rows (data/raw/reference/wca_response_plan_funding.csv) that name a country's HRP.
HRP_NAME = re.compile(r"humanitarian response plan|plan de r[ée]ponse humanitaire|\bHRP\b", re.I)

PLAN_COLUMNS = [
    "plan_id",
    "code",
    "name",
    "plan_type",
    "start_date",
    "end_date",
    "year",
    "countries",
    "is_regional",
    "plan_kind",
    "source_id",
]
PLAN_FUNDING_COLUMNS = [
    "plan_id",
    "entity_id",
    "requirement_usd",
    "funding_usd",
    "percent_funded",
    "gap_usd",
    "source_id",
]
OUTSIDE_COLUMNS = ["entity_id", "year", "funding_usd", "source_id"]
COVERAGE_COLUMNS = ["funding_id", "status", "plan_id", "source_id"]
SOURCES_COLUMNS = [
    "source_id",
    "title",
    "short_title",
    "publisher",
    "date",
    "date_note",
    "url",
    "file",
    "licence",
]


# --- reading and validating ----------------------------------------------------------------------


def read_provenance(raw_dir: Path) -> dict[str, Any]:
    """source.yaml beside the FTS file: source_id, file, title, publisher, date, date_note, url, licence."""
    path = raw_dir / PROVENANCE_FILE
    if not path.exists():
        raise EtlError(Message("etl.error.raw_missing", file=PROVENANCE_FILE))
    with path.open(encoding="utf-8") as fh:
        provenance = yaml.safe_load(fh) or {}
    missing = [key for key in ("source_id", "file", "title", "publisher", "date") if not provenance.get(key)]
    if missing:
        raise EtlError(
            Message("etl.error.raw_missing_columns", file=PROVENANCE_FILE, columns=", ".join(missing))
        )
    return provenance


def read_fts_csv(path: Path, file_label: str) -> pd.DataFrame:
    """The FTS file as text cells, indexed by spreadsheet row (header = 1); HDX's HXL tag row dropped."""
    frame = read_reference_csv(path, file_label, FTS_COLUMNS)
    unknown = [col for col in frame.columns if col not in FTS_COLUMNS]
    if unknown:
        raise EtlError(
            Message(
                "etl.error.fts.unknown_columns",
                file=file_label,
                columns=", ".join(unknown),
                allowed=", ".join(FTS_COLUMNS),
            )
        )
    frame.index = frame.index + 2
    if len(frame) and frame.iloc[0]["countryCode"].startswith("#"):
        frame = frame.iloc[1:]
    return frame


def _where(file_label: str, row: int, column: str) -> Message:
    return Message("etl.error.fts.where", file=file_label, row=row, column=column)


def row_problems(rows: pd.DataFrame, file_label: str) -> list[Message]:
    """Problems in the region's rows, each naming file, row and column."""
    problems: list[Message] = []
    for row_no, row in rows.iterrows():
        for col in ("requirements", "funding", "percentFunded"):
            value = row[col]
            if re.fullmatch(r"-\d+(\.\d+)?", value):
                problems.append(
                    Message("etl.error.fts.negative", where=_where(file_label, row_no, col), value=value)
                )
            elif value and not value.isdigit():
                problems.append(
                    Message(
                        "etl.error.fts.not_whole", where=_where(file_label, row_no, col), value=repr(value)
                    )
                )
        if not re.fullmatch(r"\d{4}", row["year"]):
            problems.append(
                Message(
                    "etl.error.fts.year", where=_where(file_label, row_no, "year"), value=repr(row["year"])
                )
            )
        if not row["id"]:
            if row["name"] != NOT_SPECIFIED:
                problems.append(
                    Message(
                        "etl.error.fts.no_plan_id",
                        where=_where(file_label, row_no, "id"),
                        name=repr(row["name"]),
                    )
                )
            continue
        if not row["id"].isdigit():
            problems.append(
                Message(
                    "etl.error.fts.plan_id", where=_where(file_label, row_no, "id"), value=repr(row["id"])
                )
            )
        for col in ("startDate", "endDate"):
            if not _is_date(row[col]):
                problems.append(
                    Message("etl.error.fts.date", where=_where(file_label, row_no, col), value=repr(row[col]))
                )
    return problems


def _is_date(value: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _repeated(rows: pd.DataFrame, key: list[str], file_label: str, names: dict[str, Local]) -> list[Message]:
    """One plan twice for a country, or two "Not specified" rows for one country and year."""
    problems = []
    for _, group in rows[rows.duplicated(key, keep=False)].groupby(key, sort=True):
        first = group.iloc[0]
        problems.append(
            Message(
                "etl.error.fts.repeated",
                file=file_label,
                rows=", ".join(map(str, group.index)),
                country=names[first["countryCode"]],
                what=Local(f"plan {first['id']}", f"le plan {first['id']}")
                if first["id"]
                else Local(f"'{NOT_SPECIFIED}'", f"« {NOT_SPECIFIED} »"),
                year=first["year"],
            )
        )
    return problems


def _amount(values: pd.Series) -> pd.Series:
    return pd.array([int(v) if v else pd.NA for v in values], dtype="Int64")


# --- tables --------------------------------------------------------------------------------------


def plans_table(
    plan_rows: pd.DataFrame, world: pd.DataFrame, source_id: str, file_label: str
) -> pd.DataFrame:
    """One row per FTS plan with a row for the region. `countries` counts the countries the plan has rows
    for in the global file; a plan is regional when FTS types it "Regional response plan" or when it has
    rows for several countries (the 2020 COVID-19 famine prevention plan is typed "Other")."""
    attributes = ["name", "code", "typeName", "startDate", "endDate", "year"]
    differing = plan_rows.groupby("id")[attributes].nunique()
    differing = differing[(differing > 1).any(axis=1)]
    if not differing.empty:
        plan_id = differing.index[0]
        columns = [col for col in attributes if differing.loc[plan_id, col] > 1]
        raise EtlError(
            Message(
                "etl.error.fts.plan_differs", file=file_label, plan_id=plan_id, columns=", ".join(columns)
            )
        )
    countries = world[world["id"] != ""].groupby("id")["countryCode"].nunique()
    plans = plan_rows.drop_duplicates("id").copy()
    count = plans["id"].map(countries).astype("int64")
    is_regional = (plans["typeName"] == REGIONAL_TYPE) | (count > 1)
    kind = plans["typeName"].map(KIND_BY_TYPE).fillna("other").where(~is_regional, "regional")
    table = pd.DataFrame(
        {
            "plan_id": plans["id"].astype("int64"),
            "code": plans["code"],
            "name": plans["name"],
            "plan_type": plans["typeName"],
            "start_date": plans["startDate"],
            "end_date": plans["endDate"],
            "year": plans["year"].astype("int64"),
            "countries": count,
            "is_regional": is_regional,
            "plan_kind": kind,
            "source_id": source_id,
        }
    )
    return table.sort_values(["year", "plan_id"], kind="mergesort").reset_index(drop=True)[PLAN_COLUMNS]


def plan_funding_table(plan_rows: pd.DataFrame, plans: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Per plan and country: amounts as published, and the unmet requirement where both are known."""
    requirement = _amount(plan_rows["requirements"])
    funding = _amount(plan_rows["funding"])
    gap = (pd.Series(requirement) - pd.Series(funding)).clip(lower=0)
    table = pd.DataFrame(
        {
            "plan_id": plan_rows["id"].astype("int64").to_numpy(),
            "entity_id": plan_rows["countryCode"].to_numpy(),
            "requirement_usd": requirement,
            "funding_usd": funding,
            "percent_funded": _amount(plan_rows["percentFunded"]),
            "gap_usd": gap.to_numpy(),
            "source_id": source_id,
        }
    )
    year = table["plan_id"].map(plans.set_index("plan_id")["year"])
    order = table.assign(_year=year).sort_values(["_year", "entity_id", "plan_id"], kind="mergesort").index
    return table.loc[order].reset_index(drop=True)[PLAN_FUNDING_COLUMNS]


def outside_plans_table(outside_rows: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Funding to a country in a year that went to no plan ("Not specified"): funding only."""
    table = pd.DataFrame(
        {
            "entity_id": outside_rows["countryCode"].to_numpy(),
            "year": outside_rows["year"].astype("int64").to_numpy(),
            "funding_usd": _amount(outside_rows["funding"]),
            "source_id": source_id,
        }
    )
    return table.sort_values(["year", "entity_id"], kind="mergesort").reset_index(drop=True)


def coverage_table(
    funding: pd.DataFrame, plans: pd.DataFrame, plan_funding: pd.DataFrame, source_id: str
) -> pd.DataFrame:
    """Which hand-collected response-plan rows FTS covers, matched by country, year and plan.

    A hand-collected all-agencies HRP of one country matches the country's FTS response plan of that
    year, or, where FTS has none, the country's only one-country plan that year (FTS lists Burkina Faso's
    2019 plan, which ReliefWeb calls its HRP, as "Plan d'Urgence", type Other). status: `fts_plan`
    (plan_id names the FTS plan), `iom_plan` (IOM's own crisis response plan, which FTS does not track),
    `several_countries` (a sum over several countries' plans or a regional figure: no single FTS plan),
    `not_in_fts` (FTS lists no such plan).
    """
    rows_by_plan = plan_funding.merge(plans[["plan_id", "year", "plan_kind"]], on="plan_id")
    one_country = rows_by_plan[rows_by_plan["plan_kind"] != "regional"]
    candidates = {
        key: group.sort_values("plan_id")
        for key, group in one_country.groupby(["entity_id", "year"])[["plan_id", "plan_kind"]]
    }

    def match(entity_id: str, year: int) -> Any:
        group = candidates.get((entity_id, year))
        if group is None:
            return pd.NA
        response_plans = group[group["plan_kind"] == "response_plan"]
        chosen = response_plans if not response_plans.empty else group
        return int(chosen["plan_id"].iloc[0]) if len(chosen) == 1 else pd.NA

    rows = []
    for _, row in funding.iterrows():
        plan_id: Any = pd.NA
        if row["organisation_scope"] == "IOM":
            status = "iom_plan"
        elif pd.isna(row["entity_id"]) or not row["entity_id"]:
            status = "several_countries"
        else:
            if HRP_NAME.search(row["appeal"]):
                plan_id = match(row["entity_id"], int(row["year"]))
            status = "not_in_fts" if pd.isna(plan_id) else "fts_plan"
        rows.append(
            {"funding_id": row["funding_id"], "status": status, "plan_id": plan_id, "source_id": source_id}
        )
    table = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    table["plan_id"] = table["plan_id"].astype("Int64")
    return table


def sources_table(provenance: dict[str, Any]) -> pd.DataFrame:
    row = {col: str(provenance.get(col, "") or "") for col in SOURCES_COLUMNS}
    row["file"] = f"data/raw/{provenance['file']}"
    return pd.DataFrame([row], columns=SOURCES_COLUMNS)


# --- step ----------------------------------------------------------------------------------------


def region_countries(context: dict[str, pd.DataFrame]) -> dict[str, Local]:
    """ISO3 -> names of the region's countries, from the entities table (built first)."""
    if "entities" not in context:
        raise EtlError(Message("etl.error.fts.needs_table", table="entities", step="etl.sources.entities"))
    entities = context["entities"]
    countries = entities[entities["kind"] == "country"]
    return {row["entity_id"]: Local(row["name_en"], row["name_fr"]) for _, row in countries.iterrows()}


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    raw_dir = Path(raw_dir)
    provenance = read_provenance(raw_dir)
    source_id, file_label = provenance["source_id"], provenance["file"]
    last_year = dt.date.fromisoformat(str(provenance["date"])).year
    names = region_countries(context)
    if "funding" not in context:
        raise EtlError(Message("etl.error.fts.needs_table", table="funding", step="etl.sources.funding"))

    world = read_fts_csv(raw_dir / file_label, file_label)
    region = world[world["countryCode"].isin(list(names))]
    plan_rows, outside_rows = region[region["id"] != ""], region[region["id"] == ""]
    problems = row_problems(region, file_label)
    problems += _repeated(plan_rows, ["id", "countryCode"], file_label, names)
    problems += _repeated(outside_rows, ["countryCode", "year"], file_label, names)
    if problems:
        raise EtlError(Message("etl.error.fts.problems", lines=Join(problems, "\n")))

    plans = plans_table(plan_rows, world, source_id, file_label)
    plan_funding = plan_funding_table(plan_rows, plans, source_id)
    outside = outside_plans_table(outside_rows, source_id)
    coverage = coverage_table(context["funding"], plans, plan_funding, source_id)

    rows = plan_funding.merge(plans.drop(columns="source_id"), on="plan_id")
    checks = [summary_check(world, region, plans, len(names), file_label, source_id)]
    checks += percent_checks(rows, names, source_id)
    checks += one_plan_checks(rows, names, source_id)
    checks += year_checks(region, last_year, names, source_id)
    checks += type_checks(plans, tuple(KIND_BY_TYPE), source_id)
    funding_file = config["reference"]["response_plan_funding"]["file"]
    checks.append(coverage_check(coverage, funding_file, source_id))
    return {
        "fts_plans": plans,
        "fts_plan_funding": plan_funding,
        "fts_outside_plans": outside,
        "fts_funding_coverage": coverage,
        "sources": sources_table(provenance),
        "checks": pd.DataFrame(checks, columns=CHECK_COLUMNS),
    }
