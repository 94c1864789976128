"""OCHA FTS requirements and funding of every response plan, by country and year (HDX's global file).

Reads data/raw/fts/fts_requirements_funding_global.csv (the whole world, unedited) and its provenance
data/raw/fts/source.yaml, then every later download of the same file imported with `python -m etl import
FILE` (data/raw/imports/, etl/sources/import_fts.py: a file with a later as-of date supersedes the earlier
ones for the plans and years it lists), and keeps the rows of the region's countries (the `country` rows
of the entities table). How HDX builds a row decides how it may be read (data/raw/fts/README.md):

- a one-country plan row holds the plan's total requirement and funding; a row of a plan covering several
  countries holds that country's share, so country plans and regional plans are kept apart (`plan_kind`)
  and never added into one appeal;
- "Not specified" rows (no plan id) are funding outside any plan: no requirement, so no gap;
- an empty amount is unknown, never 0; the gap is computed only where both amounts are known, and is 0
  (not negative) where funding exceeds the requirement (FTS's % funded then passes 100).

Every row cites the file it comes from (source_id). Tables returned: "fts_plans", "fts_plan_funding",
"fts_outside_plans", "fts_funding_coverage", "sources", "checks". Runs after etl.sources.entities and
etl.sources.funding (reads both from context).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.common import EtlError
from etl.messages import CHECK_COLUMNS, Join, Local, Message
from etl.sources import import_fts
from etl.sources.fts_checks import (
    coverage_check,
    one_plan_checks,
    percent_checks,
    summary_check,
    type_checks,
    year_checks,
)
from etl.sources.fts_rows import (  # noqa: F401 (FTS_COLUMNS, NOT_SPECIFIED: the step's names for them)
    FTS_COLUMNS,
    NOT_SPECIFIED,
    FtsFile,
    check_plan_attributes,
    read_fts_csv,
    region_problems,
)
from etl.validate import table_columns

PROVENANCE_FILE = "fts/source.yaml"
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
SOURCES_COLUMNS = table_columns("sources")


# --- reading -----------------------------------------------------------------------------------------


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


def read_base_file(raw_dir: Path, provenance: dict[str, Any], names: dict[str, Local]) -> FtsFile:
    """The file under data/raw/fts/, its region's rows validated (EtlError naming row and column)."""
    file_label = provenance["file"]
    world = read_fts_csv(raw_dir / file_label, file_label)
    region = world[world["countryCode"].isin(list(names))]
    problems = region_problems(region, file_label, names)
    if problems:
        raise EtlError(Message("etl.error.fts.problems", lines=Join(problems, "\n")))
    check_plan_attributes(region[region["id"] != ""], file_label)
    return FtsFile(
        source_id=provenance["source_id"],
        label=file_label,
        as_of=str(provenance["date"]),
        world=world,
        region=region,
    )


def _amount(values: pd.Series) -> pd.Series:
    return pd.array([int(v) if v else pd.NA for v in values], dtype="Int64")


# --- tables --------------------------------------------------------------------------------------


def plans_table(plan_rows: pd.DataFrame, plan_countries: pd.Series) -> pd.DataFrame:
    """One row per FTS plan with a row for the region, described as the latest file listing it describes
    it (plan_rows: oldest file first) and citing that file. `plan_countries` counts, per plan id, the
    countries the global files have rows for; a plan is regional when FTS types it "Regional response
    plan" or when it has rows for several countries (the 2020 COVID-19 famine prevention plan is typed
    "Other")."""
    plans = plan_rows.drop_duplicates("id", keep="last").copy()
    count = plans["id"].map(plan_countries).astype("int64")
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
            "source_id": plans["source_id"],
        }
    )
    return table.sort_values(["year", "plan_id"], kind="mergesort").reset_index(drop=True)[PLAN_COLUMNS]


def plan_funding_table(plan_rows: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
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
            "source_id": plan_rows["source_id"].to_numpy(),
        }
    )
    year = table["plan_id"].map(plans.set_index("plan_id")["year"])
    order = table.assign(_year=year).sort_values(["_year", "entity_id", "plan_id"], kind="mergesort").index
    return table.loc[order].reset_index(drop=True)[PLAN_FUNDING_COLUMNS]


def outside_plans_table(outside_rows: pd.DataFrame) -> pd.DataFrame:
    """Funding to a country in a year that went to no plan ("Not specified"): funding only."""
    table = pd.DataFrame(
        {
            "entity_id": outside_rows["countryCode"].to_numpy(),
            "year": outside_rows["year"].astype("int64").to_numpy(),
            "funding_usd": _amount(outside_rows["funding"]),
            "source_id": outside_rows["source_id"].to_numpy(),
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
    `not_in_fts` (FTS lists no such plan). A matched row cites the file the plan's row comes from, any
    other row `source_id` (the FTS file with the latest as-of date).
    """
    rows_by_plan = plan_funding.merge(plans[["plan_id", "year", "plan_kind"]], on="plan_id")
    cited = rows_by_plan.set_index(["plan_id", "entity_id"])["source_id"]
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
        source = source_id if pd.isna(plan_id) else cited[(plan_id, row["entity_id"])]
        rows.append(
            {"funding_id": row["funding_id"], "status": status, "plan_id": plan_id, "source_id": source}
        )
    table = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    table["plan_id"] = table["plan_id"].astype("Int64")
    return table


def sources_table(provenance: dict[str, Any]) -> pd.DataFrame:
    row = {col: str(provenance.get(col, "") or "") for col in SOURCES_COLUMNS}
    row["file"] = f"data/raw/{provenance['file']}"
    return pd.DataFrame([row], columns=SOURCES_COLUMNS)


# --- step -------------------------------------------------------------------------------------------


def region_countries(context: dict[str, pd.DataFrame]) -> dict[str, Local]:
    """ISO3 -> names of the region's countries, from the entities table (built first)."""
    if "entities" not in context:
        raise EtlError(Message("etl.error.fts.needs_table", table="entities", step="etl.sources.entities"))
    entities = context["entities"]
    countries = entities[entities["kind"] == "country"]
    return {row["entity_id"]: Local(row["name_en"], row["name_fr"]) for _, row in countries.iterrows()}


def all_files(
    raw_dir: Path, config: dict, provenance: dict[str, Any], names: dict[str, Local]
) -> list[FtsFile]:
    """Every FTS file, oldest as-of date first: the file under data/raw/fts/ and the later downloads
    imported under data/raw/imports/ (etl/sources/import_fts.py)."""
    base = read_base_file(raw_dir, provenance, names)
    return import_fts.by_as_of([base, *import_fts.stored_files(raw_dir, config, names)])


def import_summary(raw_dir: Path, config: dict, names: dict[str, Local], source_id: str) -> Message:
    """What importing the FTS file `source_id` did, as the importer reports it: its as-of date and the rows
    it replaced (the files read again as the build reads them)."""
    files = all_files(Path(raw_dir), config, read_provenance(Path(raw_dir)), names)
    _, counts = import_fts.supersede(files)
    imported = next(f for f in files if f.source_id == source_id)
    return Message(
        "etl.import.fts.summary",
        as_of=imported.as_of,
        how=import_fts.how_dated(imported),
        counts=import_fts.counts_message(counts[source_id]),
    )


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    raw_dir = Path(raw_dir)
    provenance = read_provenance(raw_dir)
    names = region_countries(context)
    if "funding" not in context:
        raise EtlError(Message("etl.error.fts.needs_table", table="funding", step="etl.sources.funding"))

    files = all_files(raw_dir, config, provenance, names)
    base = next(f for f in files if f.source_id == provenance["source_id"])
    region, counts = import_fts.supersede(files)
    plan_rows, outside_rows = region[region["id"] != ""], region[region["id"] == ""]
    # Checks over the combined rows cite the file with the latest as-of date; a row's own problem, its file.
    latest = files[-1].source_id
    last_year = max(dt.date.fromisoformat(f.as_of).year for f in files)

    plans = plans_table(plan_rows, import_fts.plan_countries(files))
    plan_funding = plan_funding_table(plan_rows, plans)
    outside = outside_plans_table(outside_rows)
    coverage = coverage_table(context["funding"], plans, plan_funding, latest)

    rows = plan_funding.merge(plans.drop(columns="source_id"), on="plan_id")
    base_plans = plans[plans["plan_id"].isin(base.region.loc[base.region["id"] != "", "id"].astype("int64"))]
    checks = [summary_check(base.world, base.region, base_plans, len(names), base.label, base.source_id)]
    checks += percent_checks(rows, names, latest)
    checks += one_plan_checks(rows, names, latest)
    checks += year_checks(region, last_year, names, latest)
    checks += type_checks(plans, tuple(KIND_BY_TYPE), latest)
    funding_file = config["reference"]["response_plan_funding"]["file"]
    checks.append(coverage_check(coverage, funding_file, latest))
    checks += import_fts.import_checks(files, counts)
    imports_dir = config.get("imports_dir", "imports")
    sources = pd.DataFrame(
        [
            *sources_table(provenance).to_dict("records"),
            *import_fts.sources_rows(files, provenance, imports_dir),
        ],
        columns=SOURCES_COLUMNS,
    )
    return {
        "fts_plans": plans,
        "fts_plan_funding": plan_funding,
        "fts_outside_plans": outside,
        "fts_funding_coverage": coverage,
        "sources": sources,
        "checks": pd.DataFrame(checks, columns=CHECK_COLUMNS),
    }
