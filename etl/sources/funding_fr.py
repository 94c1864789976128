"""French of the hand-collected response plans' labels and scopes, rebuilt from their parts with the
patterns and words of etl/translations/plans_fr.yaml (the project's French; the English stays as written).

"IOM Nigeria CRP 2021 - Objective 1 'Saving lives and protecting people on the move'" is
"Plan de réponse aux crises de l’OIM, Nigeria, 2021, objectif 1 « Saving lives and protecting people on the
move »": IOM's title of the objective stays as IOM wrote it, inside « », and is also given alone
(`objective_title`) so that a French reader's scan can tell it from the project's words.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from etl.common import french_country_name, name_to_iso3
from i18n.text import NARROW_NBSP, french_typography

TRANSLATIONS_PATH = Path(__file__).resolve().parent.parent / "translations" / "plans_fr.yaml"
SCOPE = re.compile(r"(?P<name>[^()]+?)\s*\((?P<inner>[^()]*)\)")


@functools.cache
def translations() -> dict:
    with TRANSLATIONS_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def place_fr(place: str) -> str | None:
    """A place of a label or scope in French (as inside a sentence), None when plans_fr.yaml does not know
    it and it is no country."""
    places = translations()["places"]
    if place in places:
        return french_typography(places[place])
    iso3 = name_to_iso3(place)
    return french_country_name(iso3) if iso3 else None


def qualifier_fr(words: str | None) -> str | None:
    """" (révisé)" for "revised"; "" for no words; None for words plans_fr.yaml does not translate."""
    if not words:
        return ""
    french = translations()["qualifiers"].get(words)
    return None if french is None else f" ({french_typography(french)})"


def objective_title(appeal: str) -> str:
    """The objective's title IOM wrote, quoted in the label ('Saving lives …'), else ""."""
    found = re.search(r" - Objective \d+ '(?P<title>[^']+)'$", appeal)
    return found["title"] if found else ""


def appeal_fr(appeal: str) -> str:
    """The label in French, "" when no pattern of plans_fr.yaml reads it or a part has no French."""
    for pattern in translations()["labels"]:
        found = re.fullmatch(pattern["en"], appeal)
        if found is None:
            continue
        parts = found.groupdict()
        place = place_fr(parts["place"]) if parts.get("place") else ""
        qualifier = qualifier_fr(parts.get("qualifier"))
        if place is None or qualifier is None:
            return ""
        title = f" «{NARROW_NBSP}{parts['title']}{NARROW_NBSP}»" if parts.get("title") else ""
        fields = {key: value or "" for key, value in parts.items()}
        fields.update(place=place, qualifier=qualifier, title=title)
        return french_typography(pattern["fr"]).format(**fields)
    return ""


def scope_fr(scope: str) -> str:
    """A scope in French: a country's French name, or "Bassin du lac Tchad (Cameroun, Tchad, Niger,
    Nigeria)", "Afrique de l’Ouest et du Centre (région)"; "" when a part has no French."""
    found = SCOPE.fullmatch(scope)
    if found is None:
        return place_fr(scope) or ""
    name = place_fr(found["name"])
    inner = [re.sub(r"^and\s+", "", item.strip()) for item in found["inner"].split(",") if item.strip()]
    countries = [name_to_iso3(item) for item in inner]
    if all(countries):
        described = ", ".join(french_country_name(iso3) for iso3 in countries if iso3)
    else:
        described = (qualifier_fr(found["inner"]) or "").strip(" ()")
    if not name or not described:
        return ""
    return f"{name[0].upper()}{name[1:]} ({described})"
