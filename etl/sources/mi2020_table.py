"""The 2020 funding-requirements table rebuilt from its flattened text (USD by office x MiGOF pillar).

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
from dataclasses import dataclass

from etl.common import EtlError

PILLAR_ID = re.compile(r"^[PO]\d$")
# Strict number token: 1-3 digits, then groups of exactly 3 separated by one space; "-" is nil.
NUMBER = re.compile(r"^\d{1,3}(?: \d{3})*$")
NIL = "-"
TOTAL_HEADING = "total"  # the header of the row-total column and the label of the last row


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
