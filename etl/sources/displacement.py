"""Lake Chad Basin displacement figures: DTM dashboards and admin-1 breakdowns (reference CSVs).

Three series are kept apart on purpose (the reference README: sources disagree for the same place and
month, so they are never merged into one series without a label):

- ``mi2020_statement``: the five figures of the 2020 document's photo caption (etl/sources/lcb_statement.py);
- ``dtm_lcb_dashboard``: IOM DTM Lake Chad Basin monthly dashboards, basin total and four countries;
- ``admin1_breakdown``: counts for the affected admin-1 areas from ECHO, USAID, DTM rounds, UNHCR, OCHA.

Tables returned: "displacement", "sources", "checks".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pandas as pd
import yaml

from etl.common import (
    EtlError,
    french_country_name,
    name_to_iso3,
    read_reference_csv,
)
from etl.messages import CHECK_COLUMNS, SEMICOLON, Join, Local, Message, check_row, text
from i18n.text import french_typography

# Vocabularies (reused by the import feature).
CATEGORIES: tuple[str, ...] = (
    "affected_total",
    "idps",
    "returnees",
    "returnees_total",
    "returnees_former_idps",
    "returnees_from_abroad",
    "refugees",
    "refugees_out_of_camp",
    "tcns",
    "in_need",
)
QUALIFIERS: tuple[str, ...] = ("exact", "estimated", "almost", "over", "around", "rounded")
SERIES: tuple[str, ...] = ("mi2020_statement", "dtm_lcb_dashboard", "admin1_breakdown")
# The country column's word for the basin as a whole (stored with an empty entity_id).
TOTAL_LABEL = "Total"

DISPLACEMENT_COLUMNS = [
    "as_of",
    "entity_id",
    "admin1",
    "category",
    "value",
    "qualifier",
    "value_text",
    "series",
    "dashboard_no",
    "source_org",
    "note",
    "note_fr",
    "source_id",
]
SOURCES_COLUMNS = ["source_id", "title", "publisher", "date", "date_note", "url", "file"]
CHECKS_COLUMNS = CHECK_COLUMNS
SORT_KEYS = ["series", "as_of", "entity_id", "admin1", "category", "source_id"]

DTM_COLUMNS = ["dashboard_no", "as_of_date", "country", "admin1", "category", "value", "source_url", "note"]
ADMIN1_COLUMNS = ["as_of_date", "country", "admin1", "category", "value", "source_org", "source_url", "note"]
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------------------------------
# Country names


def known_country_iso3(name: str, where: str) -> str:
    """ISO3 for a country name or code the strict resolver knows (etl.common.name_to_iso3), else EtlError
    naming `where`: "Nigerria" is refused, never read as Niger."""
    iso3 = name_to_iso3(name)
    if iso3 is None:
        raise EtlError(f"{where}: unknown country name {name!r}; write the country's usual English name.")
    return iso3


# --------------------------------------------------------------------------------------------------
# Reading and validating reference CSVs


def parse_iso_date(value: str) -> str | None:
    """The date if `value` is a real YYYY-MM-DD date, else None."""
    if not DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def validate_displacement_rows(
    df: pd.DataFrame, file_label: str, *, date_required: bool = False, raise_errors: bool = False
) -> list[str]:
    """Problems in rows of displacement figures, each naming file, row (header = row 1) and column.

    Expects text columns as_of_date, country, category, value (dashboard_no is checked when present).
    Returns the list of problems, or raises EtlError with all of them when `raise_errors`.
    """
    problems = [f"{file_label}: missing column {col!r}."
                for col in ("as_of_date", "country", "category", "value") if col not in df.columns]
    if problems:
        return _maybe_raise(problems, raise_errors)
    for pos, (_, row) in enumerate(df.iterrows()):
        where = f"{file_label} row {pos + 2}"
        value = str(row["value"]).strip()
        if not value:
            problems.append(f"{where}, column 'value': empty; every row needs a count.")
        elif re.fullmatch(r"-\d+", value):
            problems.append(f"{where}, column 'value': {value} is negative; counts cannot be below zero.")
        elif not value.isdigit():
            problems.append(f"{where}, column 'value': {value!r} is not a whole number (write digits only).")
        date = str(row["as_of_date"]).strip()
        if date and parse_iso_date(date) is None:
            problems.append(f"{where}, column 'as_of_date': {date!r} is not a date in YYYY-MM-DD form.")
        elif not date and date_required:
            problems.append(f"{where}, column 'as_of_date': empty; this file needs a date on every row.")
        category = str(row["category"]).strip()
        if category not in CATEGORIES:
            problems.append(
                f"{where}, column 'category': {category!r} is not one of {', '.join(CATEGORIES)}."
            )
        country = str(row["country"]).strip()
        if country != TOTAL_LABEL:
            try:
                known_country_iso3(country, f"{where}, column 'country'")
            except EtlError as err:
                problems.append(f"{err} (use {TOTAL_LABEL!r} for the basin as a whole)")
        if "dashboard_no" in df.columns and not str(row["dashboard_no"]).strip().isdigit():
            problems.append(f"{where}, column 'dashboard_no': {row['dashboard_no']!r} is not a whole number.")
    return _maybe_raise(problems, raise_errors)


def _maybe_raise(problems: list[str], raise_errors: bool) -> list[str]:
    if problems and raise_errors:
        raise EtlError("\n".join(problems))
    return problems


def _entity_id(country: str) -> str:
    # Validated before: "Total" is the basin, anything else a known country.
    return "" if country == TOTAL_LABEL else known_country_iso3(country, country)


def _category(category: str) -> Local:
    """A category as a check names it: its code in English, its French name (lower case) in French."""
    french = text(f"lake_chad.category.{category}", "fr")
    if french.startswith("lake_chad."):  # not in the catalogue: the code in both
        return Local(category)
    return Local(category, french[:1].lower() + french[1:] if not french[1:2].isupper() else french)


# --------------------------------------------------------------------------------------------------
# b. DTM Lake Chad Basin dashboards


def dtm_source_id(dashboard_no: int) -> str:
    return f"DTM-LCB-{dashboard_no:02d}"


def _month_only(note: str) -> bool:
    return bool(re.search(r"month[- ]only|month-end", note, flags=re.IGNORECASE))


def _reference_rows(
    df: pd.DataFrame, *, qualifier: Any, series: str, dashboard_no: Any, source_org: Any, source_id: pd.Series
) -> pd.DataFrame:
    """Displacement rows (DISPLACEMENT_COLUMNS) from a validated reference file of the raw folder: place,
    category, date, value and note as the file gives them; the rest, which differs per file, as given."""
    return pd.DataFrame(
        {
            "as_of": df["as_of_date"],
            "entity_id": df["country"].map(_entity_id),
            "admin1": df["admin1"],
            "category": df["category"],
            "value": df["value"].astype("int64"),
            "qualifier": qualifier,
            "value_text": "",
            "series": series,
            "dashboard_no": dashboard_no,
            "source_org": source_org,
            "note": df["note"],
            "note_fr": df["note"].map(reference_note_fr),
            "source_id": source_id,
        }
    )


REFERENCE_NOTES_FR_PATH = Path(__file__).resolve().parent.parent / "translations" / "reference_notes_fr.yaml"


@functools.cache
def reference_notes_fr() -> dict[str, str]:
    """English note -> the project's French of it (etl/translations/reference_notes_fr.yaml)."""
    with REFERENCE_NOTES_FR_PATH.open(encoding="utf-8") as fh:
        return {entry["en"]: entry["fr"] for entry in yaml.safe_load(fh) or []}


def reference_note_fr(note: str) -> str:
    """A collector's note in French (with French typography, as the catalogue gets it); "" where the
    translations file has none (the dashboard then shows the note as written)."""
    french = reference_notes_fr().get(note)
    return french_typography(french) if french else ""


def dtm_tables(df: pd.DataFrame, ref: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(displacement rows, one source per dashboard, checks) from the validated dashboards file."""
    df = df.copy()
    df["dashboard_no"] = df["dashboard_no"].astype(int)
    rows = _reference_rows(
        df,
        qualifier="exact",
        series="dtm_lcb_dashboard",
        dashboard_no=df["dashboard_no"],
        source_org=ref["publisher"],
        source_id=df["dashboard_no"].map(dtm_source_id),
    )
    sources = []
    for no, group in df.groupby("dashboard_no", sort=True):
        first = group.iloc[0]
        dates = sorted(set(group["as_of_date"]))
        if len(dates) != 1:
            raise EtlError(f"{ref['file']}: dashboard #{no} has several dates ({', '.join(dates)}).")
        notes = " ".join(group["note"])
        sources.append(
            {
                "source_id": dtm_source_id(no),
                "title": ref["title_template"].format(dashboard_no=no),
                "publisher": ref["publisher"],
                "date": dates[0],
                "date_note": "Month-only source date; stored as the month's last day (see the rows' note)."
                if _month_only(notes) else "As-of date printed on the dashboard.",
                "url": first["source_url"],
                "file": f"data/raw/{ref['file']}",
            }
        )
    checks = dtm_total_checks(rows) + dtm_definition_checks(df)
    return rows, pd.DataFrame(sources, columns=SOURCES_COLUMNS), pd.DataFrame(checks, columns=CHECKS_COLUMNS)


def _reference_check_ids(no: int, category: str) -> tuple[str, str]:
    return f"{dtm_source_id(no)}-{category}-total-vs-countries", dtm_source_id(no)


def dtm_total_checks(
    rows: pd.DataFrame,
    *,
    countries: list[str] | None = None,
    ids: Callable[[int, str], tuple[str, str]] = _reference_check_ids,
) -> list[dict]:
    """Per dashboard and category: the published basin total against the sum of its countries.

    `countries`: the basin's countries (default: every country of `rows`); `ids(no, category)` gives the
    check id and source id (imported dashboards: etl/sources/imports.py). Check ids end in
    "-<dashboard no>-<category>-total-vs-countries", which the page reads (queries.lcb_total_flags)."""
    checks = []
    all_countries = countries or sorted(set(rows.loc[rows["entity_id"] != "", "entity_id"]))
    for (no, category), group in rows.groupby(["dashboard_no", "category"], sort=True):
        no = int(no)
        as_of = group["as_of"].iloc[0]
        total_rows = group[group["entity_id"] == ""]
        countries_rows = group[group["entity_id"] != ""]
        check_id, source_id = ids(no, category)
        subject = Message("etl.check.dtm_total.subject", no=no, as_of=as_of, category=_category(category))
        if len(total_rows) != 1:
            continue  # nothing to compare against: country rows only
        total = int(total_rows["value"].iloc[0])
        if countries_rows.empty:
            message = Message("etl.check.dtm_total.only_total", no=no, as_of=as_of, total=total)
            checks.append(check_row(check_id, "displacement", "warning", subject, message, source_id))
            continue
        missing = sorted(set(all_countries) - set(countries_rows["entity_id"]))
        country_sum = int(countries_rows["value"].sum())
        diff = country_sum - total
        if diff == 0 and not missing:
            message = Message(
                "etl.check.dtm_total.equal", no=no, as_of=as_of, total=total, countries=len(countries_rows)
            )
            checks.append(check_row(check_id, "displacement", "pass", subject, message, source_id))
            continue
        parts = []
        if diff:
            parts.append(
                Message("etl.check.dtm_total.differs", total=total, sum=country_sum, difference=abs(diff))
            )
        if missing:
            parts.append(Message("etl.check.dtm_total.missing", countries=", ".join(missing)))
        message = Message("etl.check.dtm_total.warning", no=no, as_of=as_of, parts=Join(parts, SEMICOLON))
        checks.append(check_row(check_id, "displacement", "warning", subject, message, source_id))
    return checks


_TCN_DROPPED = re.compile(r"TCNs?\b[^;]*\b(?:no longer|dropped|excluded)", flags=re.IGNORECASE)


def dtm_definition_checks(df: pd.DataFrame) -> list[dict]:
    """A warning where the notes say the category definition changed (TCNs no longer counted)."""
    flagged = df[df["note"].str.contains(_TCN_DROPPED)]
    if flagged.empty:
        return []
    first_no = int(flagged["dashboard_no"].min())
    first = flagged[flagged["dashboard_no"] == first_no].iloc[0]
    clause = next(part.strip() for part in first["note"].split(";") if _TCN_DROPPED.search(part))
    earlier = sorted(set(df.loc[df["dashboard_no"] < first_no, "dashboard_no"]))
    as_of = first["as_of_date"]
    source_id = dtm_source_id(first_no)
    check_id = f"{source_id}-definition-change"
    subject = Message("etl.check.dtm_definition.subject", no=first_no, as_of=as_of)
    earlier_list = Local(", ".join(f"#{n}" for n in earlier), ", ".join(f"n° {n}" for n in earlier))
    message = Message(
        "etl.check.dtm_definition.message", no=first_no, as_of=as_of, clause=clause, earlier=earlier_list
    )
    return [check_row(check_id, "displacement", "warning", subject, message, source_id)]


# --------------------------------------------------------------------------------------------------
# c. Admin-1 breakdowns from several organisations


def admin1_source_ids(df: pd.DataFrame) -> dict[str, str]:
    """source_url -> REF-LCB-<nn>, numbered in order of first appearance in the file (stable)."""
    urls = list(dict.fromkeys(df["source_url"]))
    return {url: f"REF-LCB-{i:02d}" for i, url in enumerate(urls, start=1)}


def split_clauses(note: str) -> list[str]:
    """Clauses of a note split on ';' outside parentheses ("(first analysis; date unknown)" stays whole)."""
    clauses, depth, current = [], 0, ""
    for char in note:
        depth += (char == "(") - (char == ")")
        if char == ";" and depth == 0:
            clauses.append(current.strip())
            current = ""
        else:
            current += char
    clauses.append(current.strip())
    return [c for c in clauses if c]


def _title_clause(notes: list[str]) -> str:
    """A document name from the notes: the first clause that reads like one (not 'same news item')."""
    for note in notes:
        clauses = split_clauses(note)
        if not clauses:
            continue
        # Drop asides "(...; ...)" and whatever follows a colon or a full stop.
        clause = re.sub(r"\s*\([^()]*;[^()]*\)", "", clauses[0]).split(": ")[0]
        clause = re.split(r"\.\s+(?=[A-Z])", clause)[0].strip()
        if len(clause) >= 20 and not clause.lower().startswith(("same ", "rounded", "'", "as ")):
            return clause
    return ""


def _url_words(url: str) -> str:
    """Last path segment of a URL as words ("unhcr-niger-factsheet" -> "unhcr niger factsheet")."""
    segment = unquote(urlparse(url).path.rstrip("/").rsplit("/", 1)[-1])
    words = re.sub(r"[-_]+", " ", segment).strip()
    return words if len(re.findall(r"[^\W\d]{3,}", words)) >= 3 else ""


def _place(admin1: str, country: str) -> Local:
    """Where a figure is: its admin-1 area as the source writes it, or its country (named in French too)."""
    if admin1 or country == TOTAL_LABEL:
        return Local(admin1 or country)
    iso3 = name_to_iso3(country)
    return Local(country, french_country_name(iso3) if iso3 else country)


_DATE_CAVEAT = re.compile(r"\(([^()]*\bdate\b[^()]*)\)", flags=re.IGNORECASE)
NOTES_FR_PATH = Path(__file__).resolve().parent.parent / "translations" / "notes_fr.yaml"


def _caveat_note(note: str) -> Local:
    """A collector's note as a check quotes it: English as written, French from notes_fr.yaml (with French
    typography, as the catalogue gets it)."""
    with NOTES_FR_PATH.open(encoding="utf-8") as fh:
        french = yaml.safe_load(fh) or {}
    return Local(note, french_typography(french[note]) if note in french else note)


def admin1_tables(df: pd.DataFrame, file_label: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(displacement rows, one source per distinct URL, checks) from the validated admin-1 file."""
    ids = admin1_source_ids(df)
    rounded = df["note"].str.contains(r"\brounded\b", case=False, regex=True)
    rows = _reference_rows(
        df,
        qualifier=rounded.map({True: "rounded", False: "exact"}),
        series="admin1_breakdown",
        dashboard_no=pd.NA,
        source_org=df["source_org"],
        source_id=df["source_url"].map(ids),
    )
    sources, checks = [], []
    for url, source_id in ids.items():
        group = df[df["source_url"] == url]
        org = group["source_org"].iloc[0]
        clause = _title_clause(list(group["note"]))
        host = urlparse(url).netloc.removeprefix("www.") if url else ""
        dates = sorted(d for d in group["as_of_date"] if d)
        sources.append(
            {
                "source_id": source_id,
                "title": f"{org}: {clause or _url_words(url) or host}",
                "publisher": org,
                "date": dates[-1] if dates else "",
                "date_note": "Latest as-of date of the figures taken from this page."
                if dates
                else "The page gives no date in the excerpt read; see the rows' note.",
                "url": url,
                "file": f"data/raw/{file_label}",
            }
        )
        caveats = [m.group(1) for note in group["note"] for m in _DATE_CAVEAT.finditer(note)]
        for pos, row in group[group["as_of_date"] == ""].iterrows():
            subject = Message(
                "etl.check.date_unknown.subject",
                place=_place(row["admin1"], row["country"]),
                category=_category(row["category"]),
                value=int(row["value"]),
                org=org,
            )
            # Read by visitors (the methods page): the subject names the figure and its publisher, not the
            # file and row (the check id keeps the row).
            message = Message(
                "etl.check.date_unknown.message",
                caveat=(
                    Message("etl.check.date_unknown.caveat", note=_caveat_note(caveats[0])) if caveats else ""
                ),
            )
            checks.append(
                check_row(f"{source_id}-row{pos + 2:02d}-date-unknown", "displacement", "warning", subject,
                          message, source_id)
            )  # fmt: skip
    return rows, pd.DataFrame(sources, columns=SOURCES_COLUMNS), pd.DataFrame(checks, columns=CHECKS_COLUMNS)


# --------------------------------------------------------------------------------------------------


def sort_displacement(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[DISPLACEMENT_COLUMNS].copy()
    frame["dashboard_no"] = frame["dashboard_no"].astype("Int64")
    frame["value"] = frame["value"].astype("int64")
    for col in ("as_of", "entity_id", "admin1", "value_text", "source_org", "note", "note_fr"):
        frame[col] = frame[col].fillna("").astype(str)
    # Stable sort, value last: two rows equal on every key keep a fixed order.
    return frame.sort_values(SORT_KEYS + ["value"], kind="mergesort").reset_index(drop=True)


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    dtm_ref = config["reference"]["dtm_dashboards"]
    dtm_raw = read_reference_csv(raw_dir / dtm_ref["file"], dtm_ref["file"], DTM_COLUMNS)
    validate_displacement_rows(dtm_raw, dtm_ref["file"], date_required=True, raise_errors=True)
    dtm_rows, dtm_sources, dtm_checks = dtm_tables(dtm_raw, dtm_ref)

    adm_file = config["reference"]["admin1_breakdowns"]["file"]
    adm_raw = read_reference_csv(raw_dir / adm_file, adm_file, ADMIN1_COLUMNS)
    validate_displacement_rows(adm_raw, adm_file, raise_errors=True)
    adm_rows, adm_sources, adm_checks = admin1_tables(adm_raw, adm_file)

    displacement = sort_displacement(pd.concat([dtm_rows, adm_rows], ignore_index=True))
    sources = pd.concat([dtm_sources, adm_sources], ignore_index=True)
    checks = pd.concat([dtm_checks, adm_checks], ignore_index=True)
    return {
        "displacement": displacement,
        "sources": sources.sort_values("source_id", kind="mergesort").reset_index(drop=True),
        "checks": checks.sort_values("check_id", kind="mergesort").reset_index(drop=True),
    }
