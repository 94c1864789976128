"""Priorities and photo captions from the narrative part of Migration Initiatives 2020 (WCA chapter).

The narrative is: an opening photo caption, the "Regional Office Dakar" section (one heading per MiGOF
principle/objective), then one section per country office, each a heading that is the country name alone,
an intro paragraph and "-- " bullets. Photo captions ("... © IOM <year>/<Name SURNAME>") are laid out
across the page, so the extraction drops them anywhere, even inside a bullet; they are cut out first and
the text around them is joined again.

Tables returned by `build`:
- priorities: priority_id, entity_id, seq, kind, pillar, text, text_fr, text_fr_stale, source_id (text_fr: the
  project's French working translation, etl/translations/priorities_fr.yaml, see priorities_fr.py)
- captions: caption_id, entity_id, text, credit, year, source_id (caption_id numbers them in document
  order; entity_id is the section the photo sits in, RO-DAKAR for the chapter's opening photo)
- checks: what was verified (section list against the funding table; French translations missing or stale)
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from etl import messages
from etl.common import EtlError, name_to_iso3
from etl.sources import mi2020, priorities_fr
from etl.sources.mi2020 import clean_lines, split_narrative_and_table

PRIORITY_COLUMNS = [
    "priority_id", "entity_id", "seq", "kind", "pillar", "text", "text_fr", "text_fr_stale", "source_id",
]  # fmt: skip
CAPTION_COLUMNS = ["caption_id", "entity_id", "text", "credit", "year", "source_id"]
CHECK_COLUMNS = messages.CHECK_COLUMNS

BULLET = "-- "
# "© IOM 2019/Alexander BEE"; the name may be cut after the slash or after the first name.
CREDIT = re.compile(r"©\s*IOM\s+(?P<year>\d{4})\s*/\s*(?P<name>.*?)\s*$")
# A complete photographer name ends with the SURNAME in capitals ("Sandro TAVARES", "Xizi LUO").
NAME_COMPLETE = re.compile(r"(?:^|\s)[A-Z][A-Z'’\-]+$")
# The rest of a credit that wrapped onto its own line: "Sylvain CHERKAOUI", "BURPEE".
NAME_REST = re.compile(r"^[A-Z][\w'’\-]*(?:\s[\w'’\-]+){0,3}$")
# Headings of the regional section: "Principle 1: …", "Objective 3: …".
PILLAR_HEADING = re.compile(r"^(?P<kind>Principle|Objective)\s+(?P<num>[1-3])\s*:\s*(?P<title>.+)$")
# A country heading is a short run of name words: no digits, no sentence punctuation.
NAME_SHAPE = re.compile(r"^[A-Z][^\W\d_]*(?:[ \-][^\W\d_’']*(?:[’'][^\W\d_]+)?){0,3}$")
# A line that closes a sentence (possibly followed by a closing quote or bracket).
SENTENCE_END = re.compile(r"[.!?:][\"”’)]*$")
FULL_STOP_END = re.compile(r"[.!?][\"”’)]*$")
# A line that opens a sentence.
SENTENCE_START = re.compile(r"^[\"“(]?[A-Z0-9]")

# Widths in characters, measured on this document (see tests/test_etl_priorities.py):
# body text is set in a column of at most ~90 characters, bullets are indented (~70-77), photo captions
# run across the page (103-118). Lines longer than JOINED_MIN in the body are two lines the extraction
# glued together at a hyphen ("humanitarianoriented"), so they say nothing about the column width.
CAPTION_MIN_WIDTH = 100
JOINED_MIN = 95


@dataclass
class Caption:
    start: int  # index of the first line (in the cleaned narrative lines)
    end: int  # index of the last line, inclusive
    text: str
    credit: str
    year: int
    entity_id: str = ""


@dataclass
class Item:
    kind: str
    lines: list[str] = field(default_factory=list)


def join_lines(lines: list[str]) -> str:
    """Lines joined with single spaces (the document's own words kept as they are)."""
    return " ".join(" ".join(lines).split())


# --- captions -----------------------------------------------------------------------------------------


def _parse_credit(lines: list[str], i: int) -> tuple[str, int, int]:
    """(credit, year, index of the credit's last line) for the credit that starts on lines[i]."""
    line = lines[i]
    m = CREDIT.search(line)
    if m is None:
        raise EtlError(
            f"Photo caption credit cannot be parsed in {line!r}: expected '© IOM <year>/<Name SURNAME>'."
        )
    name, end = m.group("name"), i
    if not NAME_COMPLETE.search(name):
        # The credit wrapped: the photographer's name (or its SURNAME) is alone on the next line.
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not (nxt and len(nxt) <= 40 and NAME_REST.match(nxt) and NAME_COMPLETE.search(nxt)):
            raise EtlError(
                f"Photo caption credit cannot be parsed: {line!r} has no photographer SURNAME and the next "
                f"line ({nxt!r}) does not complete it."
            )
        name, end = f"{name} {nxt}".strip(), i + 1
    year = int(m.group("year"))
    return f"© IOM {year}/{name}", year, end


def find_captions(lines: list[str], first_heading: int) -> list[Caption]:
    """Photo captions, found from their credit line backwards.

    A caption is the credit, the text on the credit's line (or the line just above a credit that stands
    alone) and, above it, the wide lines (captions span the page) that do not close a sentence. Everything
    before the first section heading is caption (the chapter's opening photo, set in a narrow column).
    """
    captions: list[Caption] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "©" not in line:
            i += 1
            continue
        credit, year, end = _parse_credit(lines, i)
        before_credit = line[: line.index("©")].strip()
        text_lines = [before_credit] if before_credit else []
        j = i - 1
        if not before_credit:  # credit alone on its line: the caption text is the line(s) above
            if j < 0 or not lines[j]:
                raise EtlError(f"Photo caption with credit {credit!r} has no caption text above it.")
            text_lines.insert(0, lines[j])
            j -= 1
        floor = captions[-1].end + 1 if captions else 0
        while j >= floor:
            prev = lines[j]
            if i < first_heading:
                ok = bool(prev)
            else:
                ok = (
                    len(prev) >= CAPTION_MIN_WIDTH
                    and not prev.startswith(BULLET)
                    and not SENTENCE_END.search(prev)
                )
            if not ok:
                break
            text_lines.insert(0, prev)
            j -= 1
        captions.append(Caption(start=j + 1, end=end, text=join_lines(text_lines), credit=credit, year=year))
        i = end + 1
    return captions


# --- section headings ---------------------------------------------------------------------------------


def _country_of(line: str) -> str | None:
    """ISO3 when the whole line is a country name ("The Gambia", "Côte d’Ivoire"), else None."""
    if len(line) > 40 or not NAME_SHAPE.match(line):
        return None
    return name_to_iso3(line)


def find_country_headings(lines: list[str], skip: set[int], start: int) -> list[tuple[int, str, str]]:
    """(line index, heading as printed, ISO3) of the country headings after `start`.

    A heading is a line that is exactly a country name AND stands where a heading can stand: after a
    blank line, a caption or a finished sentence, and before a line that opens a sentence (the intro).
    "Togo and ..." or a name wrapped alone onto a line in the middle of a sentence fails one of these.
    """
    headings = []
    for i in range(start, len(lines)):
        if i in skip or not lines[i]:
            continue
        iso3 = _country_of(lines[i])
        if iso3 is None:
            continue
        prev = i - 1
        prev_ok = prev < 0 or prev in skip or not lines[prev] or bool(SENTENCE_END.search(lines[prev]))
        nxt = next((k for k in range(i + 1, len(lines)) if lines[k] and k not in skip), None)
        next_ok = (
            nxt is not None and not lines[nxt].startswith(BULLET) and bool(SENTENCE_START.match(lines[nxt]))
        )
        if prev_ok and next_ok:
            headings.append((i, lines[i], iso3))
    return headings


def table_countries(table_lines: list[str]) -> dict[str, str]:
    """ISO3 -> name of the country rows of the funding table (the list of country offices of the appeal)."""
    found: dict[str, str] = {}
    for line in table_lines:
        iso3 = _country_of(line) if line and not any(ch.isdigit() for ch in line) else None
        if iso3:
            found.setdefault(iso3, line)
    return found


# --- sections -----------------------------------------------------------------------------------------


def _text_lines(lines: list[str], skip: set[int], a: int, b: int) -> list[str]:
    return [lines[k] for k in range(a, b) if k not in skip and lines[k]]


def parse_regional(body: list[str], entity_id: str) -> list[dict]:
    """One row per MiGOF principle/objective heading, holding all the text under it."""
    rows: list[dict] = []
    current: dict | None = None
    for line in body:
        m = PILLAR_HEADING.match(line)
        if m:
            pillar = ("P" if m.group("kind") == "Principle" else "O") + m.group("num")
            if any(r["pillar"] == pillar for r in rows):
                raise EtlError(f"Regional Office section: heading for pillar {pillar} appears twice.")
            current = {"kind": m.group("kind").lower(), "pillar": pillar, "lines": []}
            rows.append(current)
        elif current is not None:  # text before the first heading is the section's subtitle
            current["lines"].append(line)
    out = []
    for seq, r in enumerate(rows, start=1):
        if not r["lines"]:
            raise EtlError(f"Regional Office section: heading for pillar {r['pillar']} has no text.")
        out.append(
            {
                "priority_id": f"{entity_id}-{r['pillar']}",
                "entity_id": entity_id,
                "seq": seq,
                "kind": r["kind"],
                "pillar": r["pillar"],
                "text": join_lines(r["lines"]),
            }
        )
    missing = [p for p in ("P1", "P2", "P3", "O1", "O2", "O3") if p not in {r["pillar"] for r in out}]
    if missing:
        raise EtlError(
            f"Regional Office section: no 'Principle n:' / 'Objective n:' heading for pillar(s) {missing}."
        )
    return out


def _width(lines: list[str]) -> int | None:
    """Widest line that shows the column width (the last line of a block and glued lines do not)."""
    widths = [len(x) for x in lines[:-1] if len(x) < JOINED_MIN]
    return max(widths) if widths else None


def _bullet_items(body: list[str]) -> list[list[str]]:
    """Bullets split on "-- " only, without their marker (used to measure the bullet column)."""
    items: list[list[str]] = []
    for line in body:
        if line.startswith(BULLET):
            items.append([line[len(BULLET) :]])
        elif items:
            items[-1].append(line)
    return items


def paragraph_width_threshold(bodies: list[list[str]]) -> float:
    """Width (characters) above which a block is set in the full text column rather than as a bullet.

    Measured on the document itself: halfway between the typical bullet (median over bullets of their
    widest line, ~71 here) and the typical intro paragraph (~84 here), so it follows the layout rather than a
    constant.
    """
    bullets, intros = [], []
    for body in bodies:
        first = next((k for k, line in enumerate(body) if line.startswith(BULLET)), len(body))
        if (w := _width(body[:first])) is not None:
            intros.append(w)
        bullets += [w for item in _bullet_items(body) if (w := _width(item)) is not None]
    if not bullets or not intros:
        raise EtlError("No '-- ' bullets or intro paragraphs found in the country sections: wrong document?")
    return (statistics.median(bullets) + statistics.median(intros)) / 2


def _block_from(body: list[str], i: int) -> list[str]:
    """Lines from body[i] to the next bullet or the next line that opens a sentence after a full stop."""
    j = i + 1
    while (
        j < len(body)
        and not body[j].startswith(BULLET)
        and not (FULL_STOP_END.search(body[j - 1]) and SENTENCE_START.match(body[j]))
    ):
        j += 1
    return body[i:j]


def split_items(body: list[str], wide: float) -> list[Item]:
    """Intro, then bullets; plain paragraphs after a bullet become items of kind `paragraph`.

    A plain paragraph starts where a line opens a sentence right after a line that closes one, and the
    text from there is set in the full column (wider than `wide`; bullets are indented, so their lines are
    shorter). Once in plain paragraphs, every such sentence boundary at a line start begins a new paragraph.
    """
    items: list[Item] = [Item("intro")]
    for i, line in enumerate(body):
        if line.startswith(BULLET):
            items.append(Item("bullet", [line[len(BULLET) :]]))
            continue
        cur = items[-1]
        if (
            cur.kind != "intro"
            and cur.lines
            and FULL_STOP_END.search(cur.lines[-1])
            and SENTENCE_START.match(line)
        ):
            width = _width(_block_from(body, i))
            if cur.kind == "paragraph" or (width is not None and width >= wide):
                items.append(Item("paragraph", [line]))
                continue
        cur.lines.append(line)
    return items


# --- whole document -----------------------------------------------------------------------------------


@dataclass
class Parsed:
    priorities: list[dict]
    captions: list[Caption]
    sections: list[tuple[str, str]]  # (entity_id, heading) in document order
    paragraph_width: float  # the width that tells a plain paragraph from a bullet (see split_items)


def parse(text: str, regional_name: str, regional_id: str, expected: dict[str, str] | None = None) -> Parsed:
    """Priorities and captions of the document text. `expected`: ISO3 -> name of the country offices."""
    narrative, table = split_narrative_and_table(clean_lines(text))
    return parse_lines(narrative, table, regional_name, regional_id, expected)


def parse_lines(
    narrative: list[str],
    table: list[str],
    regional_name: str,
    regional_id: str,
    expected: dict[str, str] | None = None,
) -> Parsed:
    """Priorities and captions of the document's cleaned lines (narrative, then funding table)."""
    if expected is None:
        expected = table_countries(table)
    try:
        ro = narrative.index(regional_name)
    except ValueError:
        raise EtlError(f"Section heading {regional_name!r} not found in the narrative.") from None

    captions = find_captions(narrative, first_heading=ro)
    skip = {k for c in captions for k in range(c.start, c.end + 1)}
    stray = _text_lines(narrative, skip, 0, ro)
    if stray:
        raise EtlError(
            f"Text before the {regional_name!r} heading that is not a photo caption: {stray[0]!r}."
        )

    headings = find_country_headings(narrative, skip, ro + 1)
    seen: dict[str, str] = {}
    for _, heading, iso3 in headings:
        if iso3 in seen:
            raise EtlError(f"Country section {heading!r} ({iso3}) appears twice (also as {seen[iso3]!r}).")
        seen[iso3] = heading
    missing = [name for iso3, name in expected.items() if iso3 not in seen]
    if missing:
        raise EtlError(
            f"Country section(s) missing from the narrative: {', '.join(missing)} (they have a row in the "
            f"funding table but no heading line with the country name alone)."
        )
    unknown = [h for iso3, h in seen.items() if expected and iso3 not in expected]
    if unknown:
        raise EtlError(f"Country section(s) {unknown} have no row in the funding table.")

    bounds = [(ro, regional_id, regional_name)] + [(i, iso3, h) for i, h, iso3 in headings]
    bodies: dict[str, list[str]] = {}
    for k, (i, entity, heading) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(narrative)
        bodies[entity] = _text_lines(narrative, skip, i + 1, end)
        if not bodies[entity]:
            raise EtlError(f"Section {heading!r} is empty.")
        for c in captions:
            if i < c.start < end:
                c.entity_id = entity
    for c in captions:  # the chapter's opening photo sits on the Regional Office's page
        c.entity_id = c.entity_id or regional_id

    rows = parse_regional(bodies[regional_id], regional_id)
    wide = paragraph_width_threshold([bodies[iso3] for _, _, iso3 in headings])
    for _, heading, iso3 in headings:
        items = split_items(bodies[iso3], wide)
        if not items[0].lines:
            raise EtlError(
                f"Country section {heading!r} has no intro paragraph before its first '-- ' bullet."
            )
        if len(items) < 2:
            raise EtlError(f"Country section {heading!r} has no '-- ' priority bullets.")
        for seq, item in enumerate(items, start=1):
            rows.append(
                {
                    "priority_id": f"{iso3}-{seq:02d}",
                    "entity_id": iso3,
                    "seq": seq,
                    "kind": item.kind,
                    "pillar": "",
                    "text": join_lines(item.lines),
                }
            )
    sections = [(regional_id, regional_name)] + [(iso3, h) for _, h, iso3 in headings]
    return Parsed(priorities=rows, captions=captions, sections=sections, paragraph_width=wide)


def _check_entities(parsed: Parsed, context: dict[str, pd.DataFrame]) -> None:
    """Every section must be a known entity when the entities table was built before us."""
    entities = context.get("entities")
    if entities is None or entities.empty or "entity_id" not in entities:
        return
    known = set(entities["entity_id"].astype(str))
    unknown = [f"{heading} ({entity})" for entity, heading in parsed.sections if entity not in known]
    if unknown:
        raise EtlError(f"Priorities section(s) {unknown} are not in the entities table.")


def build(raw_dir: Path, config: dict, context: dict[str, Any]) -> dict[str, pd.DataFrame]:
    source_id = config["documents"]["mi2020"]["source_id"]
    parsed = mi2020.document(raw_dir, config, context).sections
    _check_entities(parsed, context)

    priorities = pd.DataFrame(parsed.priorities)
    priorities["source_id"] = source_id
    translations = priorities_fr.load_translations(priorities_fr.TRANSLATIONS_PATH)
    priorities, translation_checks = priorities_fr.add_french(priorities, translations, source_id)
    priorities = priorities[PRIORITY_COLUMNS].reset_index(drop=True)

    captions = pd.DataFrame(
        [
            {
                "caption_id": f"CAP-{n:02d}",
                "entity_id": c.entity_id,
                "text": c.text,
                "credit": c.credit,
                "year": c.year,
                "source_id": source_id,
            }
            for n, c in enumerate(parsed.captions, start=1)
        ],
        columns=CAPTION_COLUMNS,
    )

    n_countries = len(parsed.sections) - 1
    checks = pd.DataFrame(
        [
            messages.check_row(
                "priorities.sections",
                "priorities",
                "pass",
                messages.Message("etl.check.priorities.subject"),
                messages.Message(
                    "etl.check.priorities.message",
                    countries=n_countries,
                    priorities=len(priorities),
                    captions=len(captions),
                ),
                source_id,
            ),
            *translation_checks,
        ],
        columns=CHECK_COLUMNS,
    )
    return {"priorities": priorities, "captions": captions, "checks": checks}
