"""Cleaning shared by every parser of the Migration Initiatives 2020 text extraction."""

from __future__ import annotations

import re

# Running header the PDF extraction leaves between pages, letter-spaced.
PAGE_FURNITURE = re.compile(r"^\s*MI\s*G\s*R\s*ATI\s*ON\s+I\s*NI\s*TI\s*ATI\s*V\s*E\s*S\s+2\s*0\s*2\s*0\s*$")
# First line of the funding-requirements table: everything from here on is the table.
TABLE_START = re.compile(r"^\s*P1\s*$")


def clean_lines(text: str) -> list[str]:
    """Lines of the document without page furniture and without the leading space a page starts with."""
    return [line.strip() for line in text.splitlines() if not PAGE_FURNITURE.match(line)]


def split_narrative_and_table(lines: list[str]) -> tuple[list[str], list[str]]:
    """(narrative lines before the funding table, table lines)."""
    for i, line in enumerate(lines):
        if TABLE_START.match(line):
            return lines[:i], lines[i:]
    return lines, []
