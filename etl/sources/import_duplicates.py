"""Is an imported row a figure the tables already hold? Duplicates by meaning, whatever the publisher's text.

A row repeats a held figure (or an earlier row of its own file) when it shares one of these keys with it:

- same date, country, admin-1 area and category from the same source: the `source_id` it cites, or the
  organisation in `source_org` (case and spacing ignored);
- same DTM dashboard: country (or the basin), admin-1 area, category and `dashboard_no`;
- same DTM operation, round and assessment type (the `source_org` the DTM formats write,
  "IOM DTM <operation>, round <n> (BA|SA)"), country, admin-1 area and category, whatever the date: the
  DTM API export and HDX HAPI's IDPs table publish the same round's figures.

Two sources that disagree about one place and month stay two figures (the reference admin-1 breakdowns
hold several on purpose); only the same source, dashboard or round twice is refused.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd

from etl.messages import Local, Message
from etl.sources.import_files import SERIES_DASHBOARD, SOURCE_PREFIX, _where
from i18n import is_missing

DUPLICATE_KEY = ["as_of", "entity_id", "admin1", "category"]
DTM_ORG = re.compile(r"^IOM DTM (?P<operation>.+), round (?P<round>\d+) \((?P<assessment>BA|SA)\)$")


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def _norm(text: object) -> str:
    """Case, accents and spacing ignored: "Extrême-Nord" and "extreme-nord " are one name."""
    return _norm_text(_text(text))


@functools.lru_cache(maxsize=4096)  # a few hundred distinct names and publishers, thousands of rows
def _norm_text(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


Sameness = tuple[str, tuple[tuple[str, str], ...]]  # (message key, its parameters): a Message when reported


def figure_keys(row: dict) -> dict[tuple[str, ...], Sameness]:
    """The keys that say "this figure" for one row, each with how a message names that sameness (made into
    a Message only for a row that is refused: building one per held row would slow a large import down)."""
    entity, admin1, category = _text(row["entity_id"]), _norm(row["admin1"]), _text(row["category"])
    base = (_text(row["as_of"]), entity, _text(row["admin1"]), category)
    same_source: Sameness = ("etl.import.same_source", ())
    keys: dict[tuple[str, ...], Sameness] = {}
    source_id = _text(row["source_id"])
    if source_id and not source_id.startswith(SOURCE_PREFIX):
        keys[(*base, "source_id", source_id)] = same_source
    org = _norm(row["source_org"])
    if org:
        keys[(*base, "source_org", org)] = same_source
    if not is_missing(row["dashboard_no"]) and _text(row["dashboard_no"]):
        no = str(int(row["dashboard_no"]))
        keys[("dashboard", entity, admin1, category, no)] = ("etl.import.same_dashboard", (("no", no),))
    dtm = DTM_ORG.match(_text(row["source_org"]))
    if dtm:
        operation, round_no, assessment = dtm.group("operation", "round", "assessment")
        params = (("operation", operation), ("round", round_no), ("assessment", assessment))
        same = ("etl.import.same_round", params)
        keys[("dtm", entity, admin1, category, _norm(operation), round_no, assessment)] = same
    return keys


def _place(row: dict) -> str:
    entity, admin1 = _text(row["entity_id"]), _text(row["admin1"])
    return f"{entity or 'LCB'}{', ' + admin1 if admin1 else ''}"


def figure_index(held: pd.DataFrame, index: dict[tuple[str, ...], dict] | None = None) -> dict:
    """Every key of the held rows -> the first held row with it; added to `index` when given."""
    index = {} if index is None else index
    for record in held.to_dict("records"):
        for key in figure_keys(record):
            index.setdefault(key, record)
    return index


def duplicate_problems(
    rows: pd.DataFrame,
    held: pd.DataFrame,
    label: str,
    *,
    within_file: bool = False,
    key_columns: str = "as_of, entity_id, admin1, category, source_org/source_id",
    index: dict[tuple[str, ...], dict] | None = None,
) -> list[Message]:
    """Rows repeating a held figure (or, `within_file`, an earlier row of the same file), each message
    naming the figure already there: its value, date and source. `index`: figure_index(held), when the
    caller keeps one up to date (the build adds file after file)."""
    problems: list[Message] = []
    if within_file:
        seen: dict[tuple[str, ...], int] = {}
        for record in rows.to_dict("records"):
            row = int(record["_file_row"])
            keys = figure_keys(record)
            earlier = sorted(seen[k] for k in keys if k in seen)
            if earlier:
                problems.append(
                    Message(
                        "etl.import.repeats_row",
                        label=label,
                        row=row,
                        earlier=earlier[0],
                        columns=key_columns,
                    )
                )
            for key in keys:
                seen.setdefault(key, row)
        return problems
    held_keys = figure_index(held) if index is None else index
    for record in rows.to_dict("records"):
        keys = figure_keys(record)
        found = next((key for key in keys if key in held_keys), None)
        if found is None:
            continue
        figure = held_keys[found]
        key, params = keys[found]
        problems.append(
            Message(
                "etl.import.already_held",
                label=label,
                row=int(record["_file_row"]),
                category=_text(record["category"]),
                place=_place(record),
                as_of=_text(record["as_of"]),
                same=Message(key, **dict(params)),
                held_value=int(figure["value"]),
                held_as_of=_text(figure["as_of"]) or Local("no date", "sans date"),
                held_source=_text(figure["source_org"]) or _text(figure["source_id"]),
                held_id=_text(figure["source_id"]),
            )
        )
    return problems


def dashboard_date_problems(rows: pd.DataFrame, held: pd.DataFrame, label: str) -> list[Message]:
    """A DTM dashboard has one date: imported dashboard rows dated otherwise than the same dashboard's rows
    already held (or than each other) are refused, naming the dates."""
    problems: list[Message] = []
    if rows.empty:
        return problems
    mine = rows[(rows["series"] == SERIES_DASHBOARD) & rows["dashboard_no"].notna()]
    if mine.empty:
        return problems
    theirs = held[(held["series"] == SERIES_DASHBOARD) & held["dashboard_no"].notna()] if len(held) else held
    for no, group in mine.groupby(mine["dashboard_no"].astype(int), sort=True):
        known = theirs[theirs["dashboard_no"].astype(int) == no] if len(theirs) else theirs
        dates = sorted(set(group["as_of"]) | set(known["as_of"] if len(known) else []))
        if len(dates) > 1:
            first = int(group["_file_row"].min())
            problems.append(
                Message("etl.import.dashboard_dates", where=_where(label, first, "as_of"), no=no,
                        dates=", ".join(dates))
            )  # fmt: skip
    return problems
