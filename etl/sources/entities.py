"""The 21 offices of the 2020 appeal: names, French names, crisis areas and label points.

Everything comes from the document: the offices are the rows of the funding table, their English names
the country section headings of the narrative ("The Gambia", where the table says "Gambia"), and the
Lake Chad Basin / Liptako-Gourma memberships the two lists the regional Principle 1 paragraph gives in
brackets. Only the Regional Office's names and point come from config.yaml, and the countries' label
points from data/geo/label_points.csv (made from Natural Earth by etl/boundaries.py) when it exists.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from etl.common import GEO_DIR, EtlError, french_country_name, name_to_iso3, normalise_name
from etl.messages import Local, Message, check_row
from etl.sources import appeal, mi2020
from i18n import sort_key

LABEL_POINTS_PATH = GEO_DIR / "label_points.csv"

ENTITY_COLUMNS = [
    "entity_id", "name_en", "name_fr", "kind", "lake_chad_basin", "liptako_gourma",
    "label_lat", "label_lon", "source_id",
]
CHECK_COLUMNS = appeal.CHECK_COLUMNS



# The crisis areas the regional Principle 1 paragraph lists in brackets after their name:
# "the Lake Chad Basin (North-East Nigeria, SouthWest Niger, Lake Region in Chad and Northern Cameroon)
# and Liptako–Gourma (Burkina Faso, Mali and the Niger, with potential spillover to ...)".
CRISIS_AREAS = {
    "lake_chad_basin": re.compile(r"Lake\s+Chad\s+Basin\s*\(([^()]*)\)"),
    "liptako_gourma": re.compile(r"Liptako\s*[-‐‑–—]\s*Gourma\s*\(([^()]*)\)"),
}
AREA_NAMES = {"lake_chad_basin": "Lake Chad Basin", "liptako_gourma": "Liptako-Gourma"}
AREA_NAMES_FR = {"lake_chad_basin": "bassin du lac Tchad", "liptako_gourma": "Liptako-Gourma"}
# A qualification that follows the countries ("..., with potential spillover to ...") is not a member.
LIST_TAIL = re.compile(r",?\s+with\b.*$", re.S)
LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+")
# Sub-national qualifiers in front of a country name: "North-East", "SouthWest", "Northern",
# "Lake Region in". Single directions ("South Sudan") are left alone: they can be part of a name.
QUALIFIER = re.compile(
    r"^(?:.*\bin\s+|(?:north|south)[-\s]?(?:east|west)\s+|(?:north|south|east|west)ern\s+)", re.I
)
# Words of a heading: capitalised, or a small lower-case particle ("d’Ivoire", "of", "and").
HEADING_WORD = re.compile(r"^(?:[A-Z]\S*|d['’][A-Z]\S*|of|and|the|de|du|des)$")
MAX_HEADING_WORDS = 4


# --- extract -------------------------------------------------------------------------------------


def _is_country_heading(line: str) -> bool:
    """A short title-case line that names a country (not a sentence that starts with one)."""
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS or line[-1] in ".,;:!?)":
        return False
    if not all(HEADING_WORD.match(w) for w in words):
        return False
    return name_to_iso3(line) is not None


def section_headings(narrative: list[str], config: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(line index, heading as printed, entity id) of every office section, in document order.

    The Regional Office section is recognised by its configured name, country sections by a short
    title-case line that resolves to a country ("The Gambia" -> GMB).
    """
    office = config["regional_office"]
    office_name = normalise_name(office["name_en"]).casefold()
    found: list[tuple[int, str, str]] = []
    for i, line in enumerate(narrative):
        if normalise_name(line).casefold() == office_name:
            found.append((i, line, office["entity_id"]))
        elif _is_country_heading(line):
            found.append((i, line, name_to_iso3(line)))
    seen: dict[str, str] = {}
    for _, heading, entity_id in found:
        if entity_id in seen:
            raise EtlError(
                f"Narrative: two section headings for {entity_id} ({seen[entity_id]!r} and {heading!r}); "
                "a line that is only a country name was taken for a heading."
            )
        seen[entity_id] = heading
    return found


def _country_of(item: str, area: str) -> str:
    """ISO3 of one item of a crisis-area list ("Lake Region in Chad" -> TCD)."""
    stripped = QUALIFIER.sub("", item).strip()
    iso3 = name_to_iso3(stripped) or name_to_iso3(item)
    if iso3 is None:
        raise EtlError(f"Narrative, {area} list: no country found in {item!r}.")
    return iso3


def crisis_areas(regional_text: str) -> dict[str, list[str]]:
    """Area -> sorted ISO3 of the countries the regional section lists for it."""
    areas: dict[str, list[str]] = {}
    for area, pattern in CRISIS_AREAS.items():
        match = pattern.search(regional_text)
        if match is None:
            raise EtlError(
                f"Narrative: the regional section no longer lists the {AREA_NAMES[area]} countries in "
                f"brackets (pattern {pattern.pattern!r}); update etl/sources/entities.py."
            )
        inner = " ".join(LIST_TAIL.sub("", match.group(1)).split())
        items = [x for x in LIST_SEPARATOR.split(inner) if x]
        areas[area] = sorted({_country_of(x, area) for x in items})
    return areas


def read_label_points(path: Path) -> pd.DataFrame | None:
    """iso3 -> label point, or None when the file has not been generated yet."""
    if not path.exists():
        return None
    points = pd.read_csv(path, dtype={"iso3": str})
    missing = {"iso3", "label_lat", "label_lon"} - set(points.columns)
    if missing:
        raise EtlError(f"{path}: missing column(s) {sorted(missing)}; expected iso3,label_lat,label_lon.")
    return points.set_index("iso3")[["label_lat", "label_lon"]]


# --- transform -----------------------------------------------------------------------------------


def match_sections_to_table(headings: list[tuple[int, str, str]], table_ids: list[str]) -> None:
    """Every office section has a table row and vice versa, in the same order.

    The order matters: the PDF extraction separates some row labels from their figures, so a label out
    of place would silently give one office another's figures; the sections give an independent order.
    """
    section_ids = [entity_id for _, _, entity_id in headings]
    names = {entity_id: heading for _, heading, entity_id in headings}
    no_row = [f"{names[e]} ({e})" for e in section_ids if e not in table_ids]
    no_section = [e for e in table_ids if e not in section_ids]
    if no_row or no_section:
        raise EtlError(
            "Office sections and appeal table rows do not match: "
            f"sections without a table row: {no_row or 'none'}; table rows without a section: "
            f"{no_section or 'none'}."
        )
    for n, (section_id, row_id) in enumerate(zip(section_ids, table_ids, strict=True), 1):
        if section_id != row_id:
            raise EtlError(
                f"Appeal table row {n} is {row_id} but section {n} of the narrative is {section_id} "
                f"({names[section_id]}): the table's row labels are out of place, so figures may sit under "
                "the wrong office."
            )


def entity_rows(
    headings: list[tuple[int, str, str]],
    areas: dict[str, list[str]],
    points: pd.DataFrame | None,
    config: dict[str, Any],
    source_id: str,
) -> pd.DataFrame:
    office = config["regional_office"]
    ids = {entity_id for _, _, entity_id in headings}
    for area, members in areas.items():
        unknown = [m for m in members if m not in ids]
        if unknown:
            raise EtlError(f"Narrative: the {AREA_NAMES[area]} list names {unknown}, not appeal offices.")
    rows = []
    for _, heading, entity_id in headings:
        is_office = entity_id == office["entity_id"]
        if is_office:
            name_en, name_fr = office["name_en"], office["name_fr"]
            lat, lon = office["label_lat"], office["label_lon"]
        else:
            name_en, name_fr = normalise_name(heading), french_country_name(entity_id)
            lat = lon = None
            if points is not None:
                if entity_id not in points.index:
                    raise EtlError(f"{LABEL_POINTS_PATH}: no label point for {entity_id} ({name_en}).")
                lat, lon = points.loc[entity_id, "label_lat"], points.loc[entity_id, "label_lon"]
        rows.append(
            {
                "entity_id": entity_id,
                "name_en": name_en,
                "name_fr": name_fr,
                "kind": "regional_office" if is_office else "country",
                "lake_chad_basin": entity_id in areas["lake_chad_basin"],
                "liptako_gourma": entity_id in areas["liptako_gourma"],
                "label_lat": lat,
                "label_lon": lon,
                "source_id": source_id,
            }
        )
    df = pd.DataFrame(rows, columns=ENTITY_COLUMNS).astype({"label_lat": "float64", "label_lon": "float64"})
    return df.sort_values("entity_id", ignore_index=True)


def build(raw_dir: Path, config: dict[str, Any], context: dict[str, Any]) -> dict[str, pd.DataFrame]:
    source_id = config["documents"]["mi2020"]["source_id"]
    document = mi2020.document(raw_dir, config, context)
    narrative, table = document.narrative, document.appeal_table
    table_ids = list(appeal.office_ids(table, config).values())
    headings = section_headings(narrative, config)
    match_sections_to_table(headings, table_ids)

    # The crisis lists are read from the regional section only (before the first country section).
    office_id = config["regional_office"]["entity_id"]
    first_country = min(i for i, _, entity_id in headings if entity_id != office_id)
    areas = crisis_areas(" ".join(narrative[:first_country]))
    entities = entity_rows(headings, areas, read_label_points(LABEL_POINTS_PATH), config, source_id)

    countries = len(headings) - 1
    names = {e: n for _, n, e in headings}
    names_fr = dict(zip(entities["entity_id"], entities["name_fr"], strict=True))
    checks = [
        check_row(
            "entities-sections-match-appeal",
            "entities",
            "pass",
            Message("etl.check.entities.sections.subject"),
            Message("etl.check.entities.sections.message", countries=countries),
            source_id,
        ),
        *(
            check_row(
                f"entities-{area.replace('_', '-')}",
                "entities",
                "pass",
                Message("etl.check.entities.area.subject", area=Local(AREA_NAMES[area], AREA_NAMES_FR[area])),
                Message(
                    "etl.check.entities.area.message",
                    countries=Local(
                        ", ".join(sorted(normalise_name(names[m]) for m in members)),
                        ", ".join(sorted((names_fr[m] for m in members), key=sort_key)),
                    ),
                ),
                source_id,
            )
            for area, members in areas.items()
        ),
    ]
    return {"entities": entities, "checks": pd.DataFrame(checks, columns=CHECK_COLUMNS)}
