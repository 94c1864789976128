"""The 2020 funding-requirements table (USD by office x MiGOF pillar), reconciled, and the pillar names.

The PDF extraction flattens the table column-block by column-block, so the text reads:

    P1 / P2 / P3               pillar ids of the first block
    <header paragraphs>        one per pillar (the cell's wrapped lines), blank-line separated
    <numbers>                  row-major, one row of 3 per office; a row is preceded by its label on its
                               own line for some offices, the other rows are unlabelled
    <corner heading>           the table's first header cell ("West and Central Africa")
    <labels>                   the labels of the unlabelled rows, in row order
    O1 / O2 / O3               pillar ids of the second block
    <header paragraphs>        one per pillar, then one for the row-total column ("TOTAL")
    <numbers>                  row-major, 4 per row, same rows in the same order, unlabelled

The last row of the table is the printed Total row. Numbers use spaces between thousands, "-" is nil.
Row names, their order, the figures and the pillar names are all read from the text: nothing of the
document is typed in here, so the same code keeps working (or fails loudly) when the text changes.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.common import EtlError, french_country_name, iso3_or_raise, name_to_iso3, normalise_name, read_text
from etl.messages import CHECK_COLUMNS, SEMICOLON, Join, Local, Message, check_row
from etl.sources.mi2020_text import clean_lines, split_narrative_and_table

PILLARS_FR_PATH = Path(__file__).resolve().parent.parent / "pillars_fr.yaml"

PILLAR_ID = re.compile(r"^[PO]\d$")
# Strict number token: 1-3 digits, then groups of exactly 3 separated by one space; "-" is nil.
NUMBER = re.compile(r"^\d{1,3}(?: \d{3})*$")
NIL = "-"
TOTAL_HEADING = "total"  # the header of the row-total column and the label of the last row
# Regional section headings: "Principle 1: Adhering to ...", "Objective 2: Addressing ...".
PILLAR_HEADING = re.compile(r"^(Principle|Objective)\s+(\d+)\s*:\s*(\S.*)$")
GROUPS = {"P": "principle", "O": "objective"}

APPEAL_COLUMNS = ["appeal_id", "entity_id", "pillar", "amount_usd", "source_id"]
PILLAR_COLUMNS = ["pillar_id", "group", "seq", "name_en", "heading_en", "name_fr", "source_id"]


@dataclass(frozen=True)
class AppealTable:
    """The table as printed: office rows in document order, printed totals kept apart from the cells."""

    pillar_ids: tuple[str, ...]  # in column order, e.g. ("P1", "P2", "P3", "O1", "O2", "O3")
    pillar_names: dict[str, str]  # pillar id -> header text (wrapped lines joined, as extracted)
    corner_heading: str  # first header cell of the table ("West and Central Africa")
    amounts: dict[str, dict[str, int]]  # office label -> pillar id -> USD ("-" is 0), table order
    nil_cells: frozenset[tuple[str, str]]  # (office label, pillar id) printed "-"
    row_totals: dict[str, int]  # office label -> printed TOTAL column
    total_label: str  # label of the printed Total row
    column_totals: dict[str, int]  # pillar id -> printed Total row
    grand_total: int  # printed Total row x TOTAL column

    @property
    def offices(self) -> list[str]:
        return list(self.amounts)


# --- extract -------------------------------------------------------------------------------------


def load_document(raw_dir: Path, config: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(narrative lines, table lines) of the 2020 document, page furniture removed."""
    path = raw_dir / config["documents"]["mi2020"]["file"]
    narrative, table = split_narrative_and_table(clean_lines(read_text(path)))
    if not table:
        raise EtlError(f"{path}: no funding-requirements table (no line 'P1' starts one).")
    return narrative, table


def read_appeal_table(raw_dir: Path, config: dict[str, Any]) -> tuple[list[str], AppealTable]:
    """(narrative lines, parsed table) of the 2020 document; parse errors name the raw file."""
    narrative, table_lines = load_document(raw_dir, config)
    try:
        return narrative, parse_appeal_table(table_lines)
    except EtlError as err:
        raise EtlError(f"{raw_dir / config['documents']['mi2020']['file']}: {err}") from None


def _is_label(line: str) -> bool:
    # Row labels and headers have letters and no digits; anything else must be a number token.
    return any(c.isalpha() for c in line) and not any(c.isdigit() for c in line)


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Blank-line separated groups of lines."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


@dataclass
class _Block:
    ids: list[str]
    headers: list[str]  # one per column: pillar names, then possibly the TOTAL column
    rows: list[tuple[str | None, list[str]]]  # (label printed before the row or None, number tokens)
    trailer: list[list[str]]  # paragraphs after the last number

    @property
    def name(self) -> str:
        return f"{self.ids[0]}–{self.ids[-1]} block"


def _split_blocks(lines: list[str]) -> list[list[str]]:
    """A block starts where a run of pillar-id lines ("P1", "P2", ...) starts."""
    blocks: list[list[str]] = []
    previous = ""  # previous non-blank line
    for line in (raw.strip() for raw in lines):
        if PILLAR_ID.match(line) and not PILLAR_ID.match(previous):
            blocks.append([])
        if not blocks:
            if line:
                raise EtlError(f"Appeal table: expected a pillar id such as 'P1' first, found {line!r}.")
            continue
        blocks[-1].append(line)
        if line:
            previous = line
    if not blocks:
        raise EtlError("Appeal table: no pillar ids ('P1', 'O1', ...) found.")
    return blocks


def _parse_block(lines: list[str]) -> _Block:
    i = 0
    ids: list[str] = []
    while i < len(lines) and (not lines[i] or PILLAR_ID.match(lines[i])):
        if lines[i]:
            ids.append(lines[i])
        i += 1
    name = f"{ids[0]}–{ids[-1]} block"
    non_label = [j for j in range(i, len(lines)) if lines[j] and not _is_label(lines[j])]
    if not non_label:
        raise EtlError(f"Appeal table, {name}: no figures after the column headers.")
    first, last = non_label[0], non_label[-1]
    headers = [" ".join(p) for p in _paragraphs(lines[i:first])]
    if len(headers) < len(ids):
        raise EtlError(
            f"Appeal table, {name}: {len(ids)} pillar ids ({', '.join(ids)}) but {len(headers)} column "
            f"headers ({headers}); the header text is not where it should be."
        )
    n_cols = len(headers)
    rows: list[tuple[str | None, list[str]]] = []
    label: str | None = None
    numbers: list[str] = []
    for para in _paragraphs(lines[first : last + 1]):
        for is_label, run in itertools.groupby(para, key=_is_label):
            run = list(run)
            if is_label:
                # A label names the next row; consecutive lines are one wrapped label.
                text = " ".join(run)
                if numbers:
                    raise EtlError(
                        f"Appeal table, {name}: label {text!r} sits inside a row, after {len(numbers)} of "
                        f"{n_cols} figures ({' | '.join(numbers)}); a label may only precede a row."
                    )
                if label is not None:
                    raise EtlError(
                        f"Appeal table, {name}: label {label!r} is followed by another label {text!r} "
                        "instead of its figures."
                    )
                label = text
                continue
            for token in run:
                numbers.append(token)
                if len(numbers) == n_cols:
                    rows.append((label, numbers))
                    label, numbers = None, []
    if numbers:
        raise EtlError(
            f"Appeal table, {name}: {len(rows) * n_cols + len(numbers)} figures do not make whole rows of "
            f"{n_cols} (the last row has {len(numbers)}: {' | '.join(numbers)}); a figure is missing or "
            "extra."
        )
    if label is not None:
        raise EtlError(f"Appeal table, {name}: label {label!r} is not followed by figures.")
    return _Block(ids=ids, headers=headers, rows=rows, trailer=_paragraphs(lines[last + 1 :]))


def _parse_number(token: str, where: str) -> int:
    token = " ".join(token.replace("\u00a0", " ").replace("\u202f", " ").split())
    if token == NIL:
        return 0
    if not NUMBER.match(token):
        raise EtlError(
            f"Appeal table, {where}: malformed figure {token!r} (expected digits grouped by three with "
            "spaces, e.g. '2 320 000', or '-' for nil)."
        )
    return int(token.replace(" ", ""))


def _row_labels(first: _Block) -> tuple[str, list[str]]:
    """(corner heading, label of every row of the first block): unlabelled rows take the listed labels."""
    if not first.trailer:
        raise EtlError(f"Appeal table, {first.name}: no heading and label list after the figures.")
    corner = " ".join(first.trailer[0])
    listed = [line for para in first.trailer[1:] for line in para]
    unlabelled = sum(1 for label, _ in first.rows if label is None)
    if unlabelled != len(listed):
        raise EtlError(
            f"Appeal table, {first.name}: {unlabelled} rows have no label of their own but the list after "
            f"{corner!r} names {len(listed)} ({', '.join(listed)}); the block sizes do not fit, so a row or "
            "a label is missing or extra."
        )
    names = iter(listed)
    return corner, [label if label is not None else next(names) for label, _ in first.rows]


def parse_appeal_table(table_lines: list[str]) -> AppealTable:
    """Rebuild the printed table from its flattened lines (from the 'P1' line to the end)."""
    blocks = [_parse_block(b) for b in _split_blocks(table_lines)]
    corner, labels = _row_labels(blocks[0])
    n_rows = len(labels)
    if n_rows < 2 or labels[-1].casefold() != TOTAL_HEADING:
        raise EtlError(
            f"Appeal table: the last row should be the printed Total row, found {labels[-1]!r}; "
            "rows or labels are out of place."
        )
    duplicates = sorted({x for x in labels if labels.count(x) > 1})
    if duplicates:
        raise EtlError(f"Appeal table: row label(s) {duplicates} appear more than once.")

    pillar_ids: list[str] = []
    pillar_names: dict[str, str] = {}
    cells: dict[str, dict[str, str]] = {label: {} for label in labels}  # label -> column -> token
    total_column: str | None = None
    for n, block in enumerate(blocks):
        if n and block.trailer:
            raise EtlError(f"Appeal table, {block.name}: unexpected text after the figures: {block.trailer}.")
        if len(block.rows) != n_rows:
            raise EtlError(
                f"Appeal table, {block.name}: {len(block.rows)} rows of {len(block.headers)} figures, but "
                f"the {blocks[0].name} has {n_rows} rows; the block sizes do not fit (a row or figure is "
                "missing or extra)."
            )
        for pid, header in zip(block.ids, block.headers, strict=False):
            if pid in pillar_names:
                raise EtlError(f"Appeal table: pillar {pid} heads two columns.")
            pillar_ids.append(pid)
            pillar_names[pid] = header
        for extra in block.headers[len(block.ids) :]:
            if extra.casefold() != TOTAL_HEADING or total_column is not None:
                raise EtlError(f"Appeal table, {block.name}: unexpected column header {extra!r}.")
            total_column = extra
        columns = block.ids + block.headers[len(block.ids) :]
        for row_no, ((label, tokens), expected) in enumerate(zip(block.rows, labels, strict=True), 1):
            if label is not None and label != expected:
                raise EtlError(
                    f"Appeal table, {block.name}: row {row_no} is labelled {label!r} but it is "
                    f"{expected!r} in the {blocks[0].name}; the rows are out of order."
                )
            cells[expected].update(zip(columns, tokens, strict=True))
    if total_column is None:
        raise EtlError("Appeal table: no TOTAL column.")

    def number(label: str, column: str) -> int:
        return _parse_number(cells[label][column], f"row {label}, column {column}")

    offices, total_label = labels[:-1], labels[-1]
    return AppealTable(
        pillar_ids=tuple(pillar_ids),
        pillar_names=pillar_names,
        corner_heading=corner,
        amounts={o: {p: number(o, p) for p in pillar_ids} for o in offices},
        nil_cells=frozenset((o, p) for o in offices for p in pillar_ids if cells[o][p] == NIL),
        row_totals={o: number(o, total_column) for o in offices},
        total_label=total_label,
        column_totals={p: number(total_label, p) for p in pillar_ids},
        grand_total=number(total_label, total_column),
    )


# --- reconcile -----------------------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", normalise_name(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")


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
            f"appeal-row-{_slug(o)}",
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


def build(raw_dir: Path, config: dict[str, Any], context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    doc = config["documents"]["mi2020"]
    narrative, table = read_appeal_table(raw_dir, config)
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
