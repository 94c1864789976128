"""The Lake Chad Basin figures the 2020 document states in a photo caption (series ``mi2020_statement``).

Five figures with the words that qualify them ("almost 2.5 million"), read from the document the `mi2020`
step parsed. They are displacement rows of their own series, never merged with the DTM dashboards'
(etl/sources/displacement.py) or summed with them: the sources disagree for the same place and month.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from etl.common import EtlError
from etl.messages import Message, in_language
from etl.sources import mi2020
from etl.sources.displacement import sort_displacement

CAPTION_MARK = "© IOM"
CAPTION_TOPIC = "Lake Chad Basin"
# Number as written: "4,471,459", "160,000" or "2.5 million".
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?: million)?"
_QUAL = r"(?:(?P<q>an estimated|estimated|almost|nearly|over|more than|around|about) )?"
QUALIFIER_WORDS = {
    "an estimated": "estimated",
    "estimated": "estimated",
    "almost": "almost",
    "nearly": "almost",
    "over": "over",
    "more than": "over",
    "around": "around",
    "about": "around",
}
# (category, the words that follow the figure in the caption). Only the wording is fixed here;
# the figures and their qualifiers come from the text.
CAPTION_FIGURES: list[tuple[str, str]] = [
    ("in_need", r"depend on humanitarian assistance"),
    ("affected_total", r"individuals have been forced to leave their homes"),
    ("idps", r"individuals,? remain displaced within the borders of their own country"),
    ("returnees", r"individuals have returned to areas of origin"),
    ("refugees_out_of_camp", r"individuals are out-of-camp refugees"),
]


def find_captions(narrative: list[str]) -> list[str]:
    """Photo captions of the document: the block of lines ending with a '© IOM' credit.

    `narrative` keeps each line's leading spaces (Document.layout_narrative): a caption starts after a
    blank line, or on a line the extraction begins with a space (the first line of a caption or of a
    page); its lines are joined, undoing the PDF's line wrapping, even inside "out-of-" / "camp" (which
    the priorities' reading of captions keeps as printed).
    """
    captions = []
    for end, line in enumerate(narrative):
        if CAPTION_MARK not in line:
            continue
        start = end
        while start > 0 and end - start < 8 and not narrative[start].startswith(" "):
            if not narrative[start - 1].strip():
                break
            start -= 1
        captions.append(_join_wrapped(narrative[start : end + 1]))
    return captions


def _join_wrapped(lines: list[str]) -> str:
    text = ""
    for line in (part.strip() for part in lines):
        # A line ending in a hyphen was split inside a hyphenated word ("out-of-" / "camp").
        text += line if text.endswith("-") or not text else " " + line
    return " ".join(text.split())


def extract_lcb_caption(narrative: list[str], file_label: str) -> str:
    """The caption holding the Lake Chad Basin statistics; EtlError if the document has none."""
    for caption in find_captions(narrative):
        if CAPTION_TOPIC in caption:
            return caption
    raise EtlError(
        f"{file_label}: no photo caption mentions {CAPTION_TOPIC!r} before a {CAPTION_MARK!r} credit, "
        "so the Lake Chad Basin statistics (people in need, displaced, returned) cannot be read."
    )


def parse_number_words(number: str) -> int:
    """'4,471,459' -> 4471459; '2.5 million' -> 2500000 (Decimal: no float rounding)."""
    number = number.replace(",", "").strip()
    if number.endswith("million"):
        return int(Decimal(number.removesuffix("million").strip()) * 1_000_000)
    return int(number)


def extract_caption_figures(caption: str, file_label: str) -> list[dict]:
    """The five figures of the caption with their qualifier and the words as written."""
    rows = []
    for category, following in CAPTION_FIGURES:
        match = re.search(rf"{_QUAL}(?P<n>{_NUM}) {following}", caption)
        if match is None:
            raise EtlError(
                f"{file_label}: the Lake Chad Basin caption no longer gives the {category!r} figure "
                f"(a number followed by '{following.replace(',?', ',')}'). Caption read: {caption!r}"
            )
        words = match.group("q")
        rows.append(
            {
                "category": category,
                "value": parse_number_words(match.group("n")),
                "qualifier": QUALIFIER_WORDS[words] if words else "exact",
                "value_text": f"{words} {match.group('n')}" if words else match.group("n"),
                "note": in_language(Message("etl.statement_note", caption=match.group(0)), "en"),
                "note_fr": in_language(Message("etl.statement_note", caption=match.group(0)), "fr"),
            }
        )
    return rows


def statement_rows(document: mi2020.Document, config: dict) -> pd.DataFrame:
    """The caption's figures as displacement rows of series mi2020_statement, dated as the document."""
    doc = config["documents"]["mi2020"]
    label = doc["file"]
    caption = extract_lcb_caption(document.layout_narrative, label)
    rows = extract_caption_figures(caption, label)
    frame = pd.DataFrame(rows)
    frame["as_of"] = doc["date"]
    frame["entity_id"] = ""
    frame["admin1"] = ""
    frame["series"] = "mi2020_statement"
    frame["dashboard_no"] = pd.NA
    frame["source_org"] = doc["publisher"]
    frame["source_id"] = doc["source_id"]
    return frame


def build(raw_dir: Path, config: dict, context: dict[str, Any]) -> dict[str, pd.DataFrame]:
    rows = statement_rows(mi2020.document(raw_dir, config, context), config)
    return {"displacement": sort_displacement(rows)}
