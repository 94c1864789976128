"""The Migration Initiatives 2020 document (WCA chapter), read once and parsed once for every step.

The `mi2020` step reads the text extraction and provides a `Document`; the steps that need the
document (entities, appeal, priorities, displacement) read it from their `context` (etl/steps.yaml).
Each part is parsed the first time a step asks for it and then kept, so a build parses the funding
table, the narrative's sections and the photo captions once, and a step that fails on its part fails
with its own message, in the same order as when each step read the file itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from etl.common import EtlError, read_text

if TYPE_CHECKING:  # the parsers import this module's line cleaning
    from etl.sources.mi2020_table import AppealTable
    from etl.sources.priorities import Parsed

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


@dataclass(eq=False)
class Document:
    """The 2020 document's text and its parts, each parsed on first use."""

    path: Path  # where it was read (messages name it)
    text: str
    config: dict[str, Any] = field(repr=False)

    @classmethod
    def read(cls, raw_dir: Path, config: dict[str, Any]) -> Document:
        path = Path(raw_dir) / config["documents"]["mi2020"]["file"]
        return cls(path=path, text=read_text(path), config=config)

    @functools.cached_property
    def _parts(self) -> tuple[list[str], list[str]]:
        return split_narrative_and_table(clean_lines(self.text))

    @property
    def narrative(self) -> list[str]:
        """Lines before the funding table, page furniture removed, stripped."""
        return self._parts[0]

    @functools.cached_property
    def table_lines(self) -> list[str]:
        """Lines of the funding table (from the 'P1' line); EtlError when there is none."""
        if not self._parts[1]:
            raise EtlError(f"{self.path}: no funding-requirements table (no line 'P1' starts one).")
        return self._parts[1]

    @functools.cached_property
    def layout_narrative(self) -> list[str]:
        """Narrative lines with their leading spaces (a caption's first line starts with one)."""
        lines = [line.rstrip() for line in self.text.splitlines() if not PAGE_FURNITURE.match(line)]
        return split_narrative_and_table(lines)[0]

    @functools.cached_property
    def appeal_table(self) -> AppealTable:
        """The funding-requirements table as printed; parse errors name the raw file."""
        from etl.sources.mi2020_table import parse_appeal_table

        try:
            return parse_appeal_table(self.table_lines)
        except EtlError as err:
            raise EtlError(f"{self.path}: {err}") from None

    @functools.cached_property
    def sections(self) -> Parsed:
        """Priorities, photo captions and office sections of the narrative."""
        from etl.sources.priorities import parse_lines

        office = self.config["regional_office"]
        return parse_lines(self.narrative, self._parts[1], office["name_en"], office["entity_id"])


def document(raw_dir: Path, config: dict[str, Any], context: dict[str, Any]) -> Document:
    """The document the `mi2020` step read (context["mi2020"]); a step run on its own (tests) reads it."""
    found = context.get("mi2020")
    return found if found is not None else Document.read(raw_dir, config)


def build(raw_dir: Path, config: dict[str, Any], context: dict[str, pd.DataFrame]) -> dict[str, Any]:
    return {"mi2020": Document.read(raw_dir, config)}
