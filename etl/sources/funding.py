"""Requirements and funding of response plans (inter-agency HRPs, IOM Crisis Response Plans), 2016-2024.

Read from the reference file data/raw/reference/wca_response_plan_funding.csv. Everything is kept as
published: funding received is known for some plans only, some rows give a percentage or an unmet amount
instead, and nothing is derived from another figure (an unknown amount stays empty, never 0; a gap is
never computed across two different appeals).

Tables returned: "funding", "sources", "checks".
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from etl.common import EtlError, read_reference_csv
from etl.messages import Local, Message, check_row
from etl.sources.displacement import (
    CHECKS_COLUMNS,
    SOURCES_COLUMNS,
    known_country_iso3,
    parse_iso_date,
)
from etl.sources.funding_fr import appeal_fr, objective_title, scope_fr
from i18n import slugify

FUNDING_COLUMNS = [
    "funding_id",
    "appeal",
    "appeal_fr",
    "objective_title",
    "year",
    "entity_id",
    "scope",
    "scope_fr",
    "scope_iso3",
    "organisation_scope",
    "required_usd",
    "funded_usd",
    "funded_pct",
    "unmet_usd",
    "as_of",
    "note",
    "source_id",
]
CSV_COLUMNS = [
    "year",
    "country",
    "appeal",
    "organisation_scope",
    "required_usd",
    "funded_usd",
    "funded_pct",
    "as_of_date",
    "source_url",
    "gap_usd",
    "note",
]
ORGANISATION_SCOPES: tuple[str, ...] = ("IOM", "all-agencies")
MONEY_COLUMNS = ("required_usd", "funded_usd", "gap_usd")
# The published percentage may differ from funded / required by rounding; beyond this it is flagged.
PCT_TOLERANCE = 1.0
# Caveat of the reference README, added to the note of the rows it concerns.
OBJECTIVE_CAVEAT = "IOM 'funding confirmed %' applies to this objective only, not to the whole plan."


def validate_funding_rows(df: pd.DataFrame, file_label: str) -> list[str]:
    """Problems in the funding rows, each naming file, row (header = row 1) and column."""
    problems = []
    for pos, (_, row) in enumerate(df.iterrows()):
        where = f"{file_label} row {pos + 2}"
        if not re.fullmatch(r"\d{4}", row["year"]):
            problems.append(f"{where}, column 'year': {row['year']!r} is not a four-digit year.")
        if not row["appeal"]:
            problems.append(f"{where}, column 'appeal': empty; every row needs the appeal's name.")
        if row["organisation_scope"] not in ORGANISATION_SCOPES:
            problems.append(f"{where}, column 'organisation_scope': {row['organisation_scope']!r} is not "
                            f"one of {', '.join(ORGANISATION_SCOPES)}.")
        for col in MONEY_COLUMNS:
            value = row[col]
            if re.fullmatch(r"-\d+(\.\d+)?", value):
                problems.append(f"{where}, column {col!r}: {value} is negative; amounts cannot be negative.")
            elif value and not value.isdigit():
                problems.append(f"{where}, column {col!r}: {value!r} is not a whole number of US dollars "
                                "(digits only; leave empty when unknown).")
        pct = row["funded_pct"]
        if pct and not (re.fullmatch(r"\d+(\.\d+)?", pct) and float(pct) <= 100):
            problems.append(f"{where}, column 'funded_pct': {pct!r} is not a percentage between 0 and 100.")
        if row["as_of_date"] and parse_iso_date(row["as_of_date"]) is None:
            problems.append(f"{where}, column 'as_of_date': {row['as_of_date']!r} is not a date in "
                            "YYYY-MM-DD form.")
        try:
            parse_scope(row["country"], f"{where}, column 'country'")
        except EtlError as err:
            problems.append(str(err))
    return problems


def parse_scope(scope: str, where: str) -> tuple[str, list[str]]:
    """(entity_id, ISO3 list) for the `country` text of a row.

    "Nigeria" -> ("NGA", ["NGA"]); "Lake Chad Basin (Cameroon, Chad, Niger, Nigeria)" -> ("", [CMR, TCD,
    NER, NGA]); "West and Central Africa (region)" or "Sahel region (average)" -> ("", []): a description
    in parentheses names no country. A plain name must be a country.
    """
    match = re.fullmatch(r"(?P<name>[^()]+?)\s*\((?P<inner>[^()]*)\)", scope)
    if match is None:
        if not scope:
            raise EtlError(f"{where}: empty; give a country or a scope such as 'Lake Chad Basin (...)'.")
        iso3 = known_country_iso3(scope, where)
        return iso3, [iso3]
    items = [re.sub(r"^and\s+", "", item.strip()) for item in match.group("inner").split(",") if item.strip()]
    found = {}
    for item in items:
        try:
            found[item] = known_country_iso3(item, where)
        except EtlError:
            found[item] = None
    if not any(found.values()):
        return "", []
    unknown = [item for item, iso3 in found.items() if iso3 is None]
    if unknown:
        raise EtlError(f"{where}: unknown country name(s) {', '.join(map(repr, unknown))} in {scope!r}.")
    return "", list(found.values())


def funding_ids(df: pd.DataFrame, file_label: str) -> list[str]:
    """Stable ids "<year>-<appeal slug>"; the same appeal published twice is told apart by its as-of date."""
    base = [f"{row['year']}-{slugify(row['appeal'])}" for _, row in df.iterrows()]
    counts = pd.Series(base).value_counts()
    ids = [
        f"{b}-{row['as_of_date'] or f'row{pos + 2}'}" if counts[b] > 1 else b
        for pos, (b, (_, row)) in enumerate(zip(base, df.iterrows(), strict=True))
    ]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise EtlError(f"{file_label}: several rows share year, appeal and as-of date "
                       f"({', '.join(duplicated)}); give them distinct appeal names.")
    return ids


def fund_source_ids(df: pd.DataFrame) -> dict[str, str]:
    """source_url -> REF-FUND-<nn>, numbered in order of first appearance in the file (stable)."""
    return {url: f"REF-FUND-{i:02d}" for i, url in enumerate(dict.fromkeys(df["source_url"]), start=1)}


def _int_or_na(value: str) -> object:
    return int(value) if value else pd.NA


def _note_with_caveats(row: pd.Series) -> str:
    note = row["note"]
    if row["organisation_scope"] == "IOM" and row["funded_pct"] and "objective" in row["appeal"].lower():
        note = f"{note}; {OBJECTIVE_CAVEAT}" if note else OBJECTIVE_CAVEAT
    return note


def funding_rows(df: pd.DataFrame, file_label: str) -> pd.DataFrame:
    ids = fund_source_ids(df)
    scopes = [parse_scope(row["country"], f"{file_label} row {pos + 2}")
              for pos, (_, row) in enumerate(df.iterrows())]
    frame = pd.DataFrame(
        {
            "funding_id": funding_ids(df, file_label),
            "appeal": df["appeal"],
            "appeal_fr": df["appeal"].map(appeal_fr),
            "objective_title": df["appeal"].map(objective_title),
            "year": df["year"].astype("int64"),
            "entity_id": [entity for entity, _ in scopes],
            "scope": df["country"],
            "scope_fr": df["country"].map(scope_fr),
            "scope_iso3": ["; ".join(iso3s) for _, iso3s in scopes],
            "organisation_scope": df["organisation_scope"],
            "required_usd": pd.array([_int_or_na(v) for v in df["required_usd"]], dtype="Int64"),
            "funded_usd": pd.array([_int_or_na(v) for v in df["funded_usd"]], dtype="Int64"),
            "funded_pct": pd.array([float(v) if v else pd.NA for v in df["funded_pct"]], dtype="Float64"),
            "unmet_usd": pd.array([_int_or_na(v) for v in df["gap_usd"]], dtype="Int64"),
            "as_of": df["as_of_date"],
            "note": [_note_with_caveats(row) for _, row in df.iterrows()],
            "source_id": df["source_url"].map(ids),
        }
    )
    return frame[FUNDING_COLUMNS]


def funding_sources(df: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """One source per page read; the title lists the appeals the page gives figures for."""
    rows = []
    for url, source_id in fund_source_ids(df).items():
        group = df[df["source_url"] == url]
        dates = sorted(d for d in group["as_of_date"] if d)
        host = urlparse(url).netloc.removeprefix("www.")
        rows.append(
            {
                "source_id": source_id,
                "title": "; ".join(dict.fromkeys(group["appeal"])),
                "publisher": host,
                "date": dates[-1] if dates else "",
                "date_note": "Latest as-of date of the figures taken from this page." if dates
                else "The page gives no date for these figures in the excerpt read; see the rows' note.",
                "url": url,
                "file": f"data/raw/{file_label}",
            }
        )
    return pd.DataFrame(rows, columns=SOURCES_COLUMNS)


def funding_checks(funding: pd.DataFrame) -> list[dict]:
    """Within one row (one appeal): required - funded against the published unmet amount, and the
    published percentage against funded / required. Never across rows."""
    checks = []
    for _, row in funding.iterrows():
        # the appeal's name as published, and the project's French of it (the English where it has none)
        year = f" ({row['year']})"
        name = Local(row["appeal"] + year, (row["appeal_fr"] or row["appeal"]) + year)
        subject = Message("etl.check.funding.subject", appeal=name)
        required, funded, unmet = row["required_usd"], row["funded_usd"], row["unmet_usd"]
        rounded = Message("etl.check.funding.rounded") if "rounded" in row["note"].lower() else ""
        if pd.notna(required) and pd.notna(funded) and pd.notna(unmet):
            diff = int(required) - int(funded) - int(unmet)
            amounts = {"appeal": name, "required": int(required), "funded": int(funded), "unmet": int(unmet)}
            if diff == 0:
                status, message = "pass", Message("etl.check.funding.gap_equal", **amounts)
            else:
                status, message = "warning", Message(
                    "etl.check.funding.gap_differs",
                    **amounts,
                    gap=int(required) - int(funded),
                    difference=abs(diff),
                    rounded=rounded,
                )
            checks.append(check_row(f"{row['funding_id']}-gap", "funding", status, subject, message,
                                    row["source_id"]))  # fmt: skip
        pct = row["funded_pct"]
        if pd.notna(required) and pd.notna(funded) and pd.notna(pct) and int(required) > 0:
            computed = 100 * int(funded) / int(required)
            ok = abs(computed - float(pct)) <= PCT_TOLERANCE
            figures = {"appeal": name, "published": float(pct), "computed": computed}
            if ok:
                message = Message("etl.check.funding.pct_agrees", **figures)
            else:
                message = Message(
                    "etl.check.funding.pct_differs", **figures, tolerance=PCT_TOLERANCE, rounded=rounded
                )
            checks.append(check_row(f"{row['funding_id']}-pct", "funding", "pass" if ok else "warning",
                                    subject, message, row["source_id"]))  # fmt: skip
    return checks


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    file_label = config["reference"]["response_plan_funding"]["file"]
    raw = read_reference_csv(raw_dir / file_label, file_label, CSV_COLUMNS)
    problems = validate_funding_rows(raw, file_label)
    if problems:
        raise EtlError("\n".join(problems))
    funding = funding_rows(raw, file_label)
    checks = pd.DataFrame(funding_checks(funding), columns=CHECKS_COLUMNS)
    return {
        "funding": funding.sort_values(["year", "funding_id"], kind="mergesort").reset_index(drop=True),
        "sources": funding_sources(raw, file_label),
        "checks": checks.sort_values("check_id", kind="mergesort").reset_index(drop=True),
    }
