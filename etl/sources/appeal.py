"""The 2020 appeal by office and pillar, reconciled with its printed totals, and the pillar names.

The table itself is rebuilt from the document's flattened text by etl/sources/mi2020_table.py, once per
build (the `mi2020` step); this step checks every printed total against the sum of its parts and writes the
`appeal` and `pillars` tables. Row names, their order, the figures and the pillar names are all read from
the text: nothing of the document is typed in here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.common import EtlError, french_country_name, iso3_or_raise, name_to_iso3, normalise_name
from etl.messages import CHECK_COLUMNS, SEMICOLON, Join, Local, Message, check_row
from etl.sources import mi2020
from etl.sources.mi2020_table import AppealTable, parse_appeal_table  # noqa: F401 (the table's parser)
from i18n import slugify

PILLARS_FR_PATH = Path(__file__).resolve().parent.parent / "pillars_fr.yaml"

# Regional section headings: "Principle 1: Adhering to ...", "Objective 2: Addressing ...".
PILLAR_HEADING = re.compile(r"^(Principle|Objective)\s+(\d+)\s*:\s*(\S.*)$")
GROUPS = {"P": "principle", "O": "objective"}

APPEAL_COLUMNS = ["appeal_id", "entity_id", "pillar", "amount_usd", "source_id"]
PILLAR_COLUMNS = ["pillar_id", "group", "seq", "name_en", "heading_en", "name_fr", "source_id"]


def load_document(raw_dir: Path, config: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(narrative lines, table lines) of the 2020 document, page furniture removed."""
    document = mi2020.Document.read(raw_dir, config)
    return document.narrative, document.table_lines


def read_appeal_table(raw_dir: Path, config: dict[str, Any]) -> tuple[list[str], AppealTable]:
    """(narrative lines, parsed table) of the 2020 document; parse errors name the raw file."""
    document = mi2020.Document.read(raw_dir, config)
    return document.narrative, document.appeal_table


# --- reconcile -----------------------------------------------------------------------------------


def _diff(got: int, printed: int) -> Message:
    return Message("etl.error.appeal.diff", got=got, printed=printed, off=got - printed)


def office_names(table: AppealTable, config: dict[str, Any] | None = None) -> dict[str, Local]:
    """Office label -> its names (English as the table prints it, French as the entities table writes
    it); a label that is not a known country keeps its printed name in French too."""
    office = (config or {}).get("regional_office", {})
    names = {}
    for label in table.offices:
        if office and normalise_name(label).casefold() == normalise_name(office["name_en"]).casefold():
            names[label] = Local(label, office["name_fr"])
            continue
        iso3 = name_to_iso3(label)
        names[label] = Local(label, french_country_name(iso3) if iso3 else label)
    return names


def reconcile(
    table: AppealTable, source_id: str | None = None, names: dict[str, Local] | None = None
) -> list[dict[str, Any]]:
    """Check every printed total against the sum of its parts; one `pass` check row per comparison.

    Raises EtlError naming the office(s) and pillar(s) at fault: a single wrong cell breaks both its row
    and its column by the same amount, so that cell is named ("Nigeria, O2"). `names` gives the offices'
    French names for the French messages (default: as printed).
    """
    pids, offices = table.pillar_ids, table.offices
    names = {o: (names or {}).get(o) or Local(o) for o in offices}
    span = f"{pids[0]}–{pids[-1]}"
    row_sum = {o: sum(table.amounts[o].values()) for o in offices}
    col_sum = {p: sum(table.amounts[o][p] for o in offices) for p in pids}
    bad_rows = {o: row_sum[o] - table.row_totals[o] for o in offices if row_sum[o] != table.row_totals[o]}
    bad_cols = {p: col_sum[p] - table.column_totals[p] for p in pids if col_sum[p] != table.column_totals[p]}
    totals_sum = sum(table.row_totals.values())
    printed_columns_sum = sum(table.column_totals.values())
    cells_sum = sum(row_sum.values())

    problems: list[Message] = []
    explained: set[str] = set()
    n_offices, n_pillars, label = len(offices), len(pids), table.total_label
    for office, off in bad_rows.items():
        row_diff = _diff(row_sum[office], table.row_totals[office])
        suspects = [p for p, col_off in bad_cols.items() if col_off == off]
        if not suspects:
            problems.append(
                Message("etl.error.appeal.row", office=names[office], pillars=n_pillars, diff=row_diff)
            )
        for p in suspects:
            explained.add(p)
            problems.append(
                Message(
                    "etl.error.appeal.cell",
                    office=names[office],
                    pillar=p,
                    pillars=n_pillars,
                    row_diff=row_diff,
                    offices=n_offices,
                    col_diff=_diff(col_sum[p], table.column_totals[p]),
                )
            )
    for p, _off in bad_cols.items():
        if p not in explained:
            diff = _diff(col_sum[p], table.column_totals[p])
            problems.append(
                Message("etl.error.appeal.column", label=label, pillar=p, offices=n_offices, diff=diff)
            )
    if totals_sum != table.grand_total and not bad_rows:
        diff = _diff(totals_sum, table.grand_total)
        problems.append(Message("etl.error.appeal.totals", label=label, offices=n_offices, diff=diff))
    if printed_columns_sum != table.grand_total and not bad_cols:
        diff = _diff(printed_columns_sum, table.grand_total)
        problems.append(Message("etl.error.appeal.total_row", label=label, pillars=n_pillars, diff=diff))
    if cells_sum != table.grand_total and not problems:
        problems.append(Message("etl.error.appeal.cells", diff=_diff(cells_sum, table.grand_total)))
    if problems:
        raise EtlError(Message("etl.error.appeal.not_reconciled", problems=Join(problems, SEMICOLON)))

    def check(check_id: str, subject: Message, message: Message) -> dict[str, Any]:
        return check_row(check_id, "appeal", "pass", subject, message, source_id)

    checks = [
        check(
            f"appeal-row-{slugify(o)}",
            Message("etl.check.appeal.row.subject", office=names[o]),
            Message("etl.check.appeal.row.message", span=span, office=names[o], total=table.row_totals[o]),
        )
        for o in offices
    ]
    checks += [
        check(
            f"appeal-column-{p.lower()}",
            Message("etl.check.appeal.column.subject", pillar=p),
            Message(
                "etl.check.appeal.column.message",
                offices=n_offices,
                pillar=p,
                label=label,
                total=table.column_totals[p],
            ),
        )
        for p in pids
    ]
    checks.append(
        check(
            "appeal-column-total",
            Message("etl.check.appeal.column_total.subject"),
            Message("etl.check.appeal.column_total.message", offices=n_offices, total=table.grand_total),
        )
    )
    checks.append(
        check(
            "appeal-total-row",
            Message("etl.check.appeal.total_row.subject", label=label),
            Message("etl.check.appeal.total_row.message", span=span, total=table.grand_total),
        )
    )
    checks.append(
        check(
            "appeal-grand-total",
            Message("etl.check.appeal.grand_total.subject"),
            Message(
                "etl.check.appeal.grand_total.message",
                cells=n_offices * n_pillars,
                offices=n_offices,
                pillars=n_pillars,
                total=table.grand_total,
            ),
        )
    )
    return checks


# --- pillars -------------------------------------------------------------------------------------


def document_vocabulary(lines: list[str]) -> set[str]:
    """Lower-cased words (letters and inner hyphens) the narrative uses."""
    return {w.casefold() for line in lines for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", line)}


def repair_joined_hyphens(text: str, vocabulary: set[str]) -> str:
    """Put back hyphens the PDF lost where it joined wrapped header lines ("whole-ofgovernment").

    A word is repaired only when the narrative never uses it as written but does use exactly one
    hyphenated form of it ("whole-of-government", "well-being"); other words are left as printed.
    """

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.casefold() in vocabulary:
            return word
        splits = [i for i in range(1, len(word)) if "-" not in word[i - 1 : i + 1]]
        candidates = {word[:i] + "-" + word[i:] for i in splits}
        found = [c for c in candidates if c.casefold() in vocabulary]
        return found[0] if len(found) == 1 else word

    return re.sub(r"[^\W\d_]+(?:-[^\W\d_]+)*", fix, text)


def pillar_headings(narrative: list[str]) -> dict[str, str]:
    """Pillar id -> regional section heading ("Principle 1: X" -> {"P1": "X"})."""
    headings: dict[str, str] = {}
    for line in narrative:
        m = PILLAR_HEADING.match(line)
        if not m:
            continue
        pid = f"{m.group(1)[0].upper()}{m.group(2)}"
        if pid in headings:
            raise EtlError(f"Narrative: two section headings for {pid} ({headings[pid]!r}, {m.group(3)!r}).")
        headings[pid] = " ".join(m.group(3).split())
    return headings


def load_pillar_names_fr(path: Path = PILLARS_FR_PATH) -> dict[str, str]:
    if not path.exists():
        raise EtlError(f"Missing {path}: the French pillar names live there.")
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {str(k): str(v) for k, v in data.items()}


def pillar_rows(
    table: AppealTable,
    headings: dict[str, str],
    names_fr: dict[str, str],
    vocabulary: set[str],
    source_id: str,
) -> pd.DataFrame:
    """One row per pillar column of the table, in table order."""
    missing = [p for p in table.pillar_ids if p not in headings]
    if missing:
        raise EtlError(
            f"Narrative: no 'Principle n:' / 'Objective n:' section heading for pillar(s) {missing}."
        )
    missing_fr = [p for p in table.pillar_ids if p not in names_fr]
    unknown_fr = sorted(set(names_fr) - set(table.pillar_ids))
    if missing_fr or unknown_fr:
        raise EtlError(
            f"{PILLARS_FR_PATH.name}: French names missing for {missing_fr}, unknown pillar ids {unknown_fr}."
        )
    rows = []
    for seq, pid in enumerate(table.pillar_ids, 1):
        group = GROUPS.get(pid[0])
        if group is None:
            raise EtlError(f"Appeal table: pillar id {pid!r} is neither a principle (P) nor objective (O).")
        rows.append(
            {
                "pillar_id": pid,
                "group": group,
                "seq": seq,
                "name_en": repair_joined_hyphens(table.pillar_names[pid], vocabulary),
                "heading_en": headings[pid],
                "name_fr": names_fr[pid],
                "source_id": source_id,
            }
        )
    return pd.DataFrame(rows, columns=PILLAR_COLUMNS)


# --- appeal rows ---------------------------------------------------------------------------------


def office_ids(table: AppealTable, config: dict[str, Any]) -> dict[str, str]:
    """Office label -> entity id: the Regional Office by its configured name, countries by ISO3."""
    office = config["regional_office"]
    ids: dict[str, str] = {}
    for label in table.offices:
        if normalise_name(label).casefold() == normalise_name(office["name_en"]).casefold():
            ids[label] = office["entity_id"]
        else:
            ids[label] = iso3_or_raise(label, f"Appeal table, row {label!r}")
    seen: dict[str, str] = {}
    for label, entity_id in ids.items():
        if entity_id in seen:
            raise EtlError(f"Appeal table: rows {seen[entity_id]!r} and {label!r} are both {entity_id}.")
        seen[entity_id] = label
    return ids


def appeal_rows(table: AppealTable, ids: dict[str, str], appeal_id: str, source_id: str) -> pd.DataFrame:
    rows = [
        {"appeal_id": appeal_id, "entity_id": ids[o], "pillar": p, "amount_usd": usd, "source_id": source_id}
        for o in table.offices
        for p, usd in table.amounts[o].items()
    ]
    df = pd.DataFrame(rows, columns=APPEAL_COLUMNS).astype({"amount_usd": "int64"})
    return df.sort_values(["entity_id", "pillar"], ignore_index=True)


def build(raw_dir: Path, config: dict[str, Any], context: dict[str, Any]) -> dict[str, pd.DataFrame]:
    doc = config["documents"]["mi2020"]
    document = mi2020.document(raw_dir, config, context)
    narrative, table = document.narrative, document.appeal_table
    try:
        checks = reconcile(table, doc["source_id"], office_names(table, config))
    except EtlError as err:
        raise EtlError(
            Message("etl.error.in_file", file=str(raw_dir / doc["file"]), detail=err.args[0])
        ) from None
    return {
        "appeal": appeal_rows(table, office_ids(table, config), doc["appeal_id"], doc["source_id"]),
        "pillars": pillar_rows(
            table,
            pillar_headings(narrative),
            load_pillar_names_fr(),
            document_vocabulary(narrative),
            doc["source_id"],
        ),
        "checks": pd.DataFrame(checks, columns=CHECK_COLUMNS),
    }
