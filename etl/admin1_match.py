"""Admin-1 names as sources write them -> area ids of the boundary files, through the name table.

Pure Python and pandas (no geopandas, no Streamlit), so the build, the importer and the pages can all use it.
`names_table` is data/processed/admin1_names.csv (or the frame the build makes of etl/admin1_names.yaml):
columns name_key, entity_id, area_id, one row per spelling of an area within its country.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

# Between areas named together: "Adamawa, Borno, Yobe + Bauchi", "Far North / Extrême-Nord", "Lac and Kanem".
_SEPARATORS = re.compile(r"\s*(?:[,+/&;]|\band\b|\bet\b)\s*", re.IGNORECASE)


def name_key(name: str) -> str:
    """The form names are compared in: accents, case, punctuation and repeated spaces ignored
    ("Région de l'Extrême-Nord" -> "region de l extreme nord")."""
    letters = (c for c in unicodedata.normalize("NFKD", str(name)) if not unicodedata.combining(c))
    # Punctuation of any kind (’ – / .) separates words, as a space would: "l’Extrême" = "l Extreme".
    return " ".join("".join(c if c.isalnum() else " " for c in "".join(letters).casefold()).split())


def _is_blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == ""


def match_admin1(name: str, entity_id: str | None, names_table: pd.DataFrame) -> str | None:
    """The area id of one admin-1 name in a country (ISO3), or None when the name table does not know it.

    Without a country (a basin-wide figure), the name matches only if exactly one country has an area of
    that name; otherwise it is ambiguous and None."""
    if _is_blank(name):
        return None
    rows = names_table[names_table["name_key"] == name_key(name)]
    if not _is_blank(entity_id):
        rows = rows[rows["entity_id"] == entity_id]
    areas = rows["area_id"].unique()
    return str(areas[0]) if len(areas) == 1 else None


def unmatched_parts(name: str, entity_id: str | None, names_table: pd.DataFrame) -> list[str]:
    """The parts of a (possibly several-area) name that match no area: [] when all of it resolves."""
    if match_admin1(name, entity_id, names_table) is not None:
        return []
    parts = [part for part in _SEPARATORS.split(str(name)) if part.strip()]
    if not parts:
        return [str(name)]
    return [part for part in parts if match_admin1(part, entity_id, names_table) is None]


def match_admin1_areas(name: str, entity_id: str | None, names_table: pd.DataFrame) -> list[str] | None:
    """Area ids of a name that may list several areas ("Adamawa, Borno, Yobe + Bauchi, Gombe, Taraba"),
    in the order named and without repeats; None when any part is unknown (never a partial answer)."""
    whole = match_admin1(name, entity_id, names_table)
    if whole is not None:
        return [whole]
    parts = [part for part in _SEPARATORS.split(str(name)) if part.strip()]
    found: list[str] = []
    for part in parts:
        area = match_admin1(part, entity_id, names_table)
        if area is None:
            return None
        if area not in found:
            found.append(area)
    return found or None
