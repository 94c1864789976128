"""Theme taxonomy (etl/themes.yaml) and the keyword rules that tag every priority with themes.

The taxonomy is an editable data file for non-developers, so `load_taxonomy` checks it thoroughly and
says in plain words what to fix. `assign_themes` tests every priority text against every theme's
keywords; a priority no rule matches stops the build (every priority must get at least one theme).

Tables returned by `build`:
- themes: theme_id, name_en, name_fr, pillar, description_en, description_fr, keywords, search_terms_fr,
  source_id
- priority_themes: priority_id, theme_id, matched, source_id
- sources: the row for the taxonomy file (PROJECT-THEMES)
- checks: coverage of the priorities by the rules
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl import messages
from etl.common import EtlError

THEMES_PATH = Path(__file__).resolve().parent.parent / "themes.yaml"
SOURCE_ID = "PROJECT-THEMES"
PILLARS = ("P1", "P2", "P3", "O1", "O2", "O3")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
REQUIRED_TEXT = ("name_en", "name_fr", "description_en", "description_fr")
KNOWN_FIELDS = {"id", "pillar", "keywords", "exclude", "search_terms_fr", *REQUIRED_TEXT}

THEME_COLUMNS = [
    "theme_id", "name_en", "name_fr", "pillar", "description_en", "description_fr", "keywords",
    "search_terms_fr", "source_id",
]  # fmt: skip
PRIORITY_THEME_COLUMNS = ["priority_id", "theme_id", "matched", "source_id"]
SOURCE_COLUMNS = ["source_id", "title", "publisher", "date", "date_note", "url", "file"]
CHECK_COLUMNS = messages.CHECK_COLUMNS
JOIN = "; "


@dataclass(frozen=True)
class Theme:
    id: str
    name_en: str
    name_fr: str
    pillar: str
    description_en: str
    description_fr: str
    keywords: tuple[str, ...]
    exclude: tuple[str, ...]
    search_terms_fr: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    exclude_patterns: tuple[re.Pattern[str], ...]

    def match(self, text: str) -> list[str]:
        """The keywords (as written in the taxonomy) found in `text`, after removing excluded phrases."""
        for pattern in self.exclude_patterns:
            text = pattern.sub(" ", text)
        return [kw for kw, pattern in zip(self.keywords, self.patterns, strict=True) if pattern.search(text)]


# --- load and validate ----------------------------------------------------------------------------------


def _text_list(entry: dict[str, Any], key: str, where: str, required: bool) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None and not required:
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        raise EtlError(f"{where}: '{key}' must be a list (one '- item' per line).")
    items = tuple(str(v).strip() if v is not None else "" for v in value)
    if any(not v for v in items):
        raise EtlError(f"{where}: '{key}' has an empty item.")
    if required and not items:
        raise EtlError(f"{where}: '{key}' is empty; give at least one.")
    return items


def _compile(patterns: tuple[str, ...], key: str, where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p, re.IGNORECASE))
        except re.error as err:
            raise EtlError(
                f"{where}: {key} entry {p!r} is not a valid pattern ({err}). Write \\( \\) \\[ \\? etc. "
                f"to match those characters literally."
            ) from None
    return tuple(compiled)


def parse_theme(entry: Any, n: int, path: Path) -> Theme:
    if not isinstance(entry, dict):
        raise EtlError(f"{path.name}: theme #{n} is not a set of 'field: value' lines.")
    theme_id = entry.get("id")
    where = f"{path.name}: theme {theme_id!r}" if theme_id else f"{path.name}: theme #{n}"
    if not isinstance(theme_id, str) or not ID_PATTERN.match(theme_id):
        raise EtlError(
            f"{where}: 'id' must be lower case words joined by underscores, like border_management."
        )
    unknown = sorted(set(entry) - KNOWN_FIELDS)
    if unknown:
        raise EtlError(f"{where}: unknown field(s) {unknown}; the fields are {sorted(KNOWN_FIELDS)}.")
    for key in REQUIRED_TEXT:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise EtlError(f"{where}: '{key}' is missing or empty.")
    pillar = entry.get("pillar")
    if pillar not in PILLARS:
        raise EtlError(f"{where}: unknown pillar {pillar!r}; use one of {', '.join(PILLARS)}.")
    keywords = _text_list(entry, "keywords", where, required=True)
    exclude = _text_list(entry, "exclude", where, required=False)
    return Theme(
        id=theme_id,
        name_en=" ".join(entry["name_en"].split()),
        name_fr=" ".join(entry["name_fr"].split()),
        pillar=pillar,
        description_en=" ".join(entry["description_en"].split()),
        description_fr=" ".join(entry["description_fr"].split()),
        keywords=keywords,
        exclude=exclude,
        search_terms_fr=_text_list(entry, "search_terms_fr", where, required=True),
        patterns=_compile(keywords, "keyword", where),
        exclude_patterns=_compile(exclude, "exclude", where),
    )


def load_taxonomy(path: Path = THEMES_PATH) -> list[Theme]:
    """The themes of the taxonomy file, in file order; EtlError with a plain message if the file is wrong."""
    path = Path(path)
    if not path.exists():
        raise EtlError(f"Theme taxonomy not found: {path}.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise EtlError(f"{path.name} is not valid YAML (check indentation and quotes): {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise EtlError(f"{path.name}: expected a 'themes:' list with at least one theme.")
    themes = [parse_theme(entry, n, path) for n, entry in enumerate(data["themes"], start=1)]
    seen: set[str] = set()
    for theme in themes:
        if theme.id in seen:
            raise EtlError(f"{path.name}: theme id {theme.id!r} is used twice; theme ids must be unique.")
        seen.add(theme.id)
    return themes


# --- assign ---------------------------------------------------------------------------------------------


def assign_themes(priorities: pd.DataFrame, taxonomy: list[Theme]) -> pd.DataFrame:
    """(priority_id, theme_id, matched) for every theme whose keywords a priority's text contains.

    Rows follow the priorities' order, then the taxonomy's order. A priority no rule matches is an error.
    """
    rows, untagged = [], []
    for priority_id, text in zip(priorities["priority_id"], priorities["text"], strict=True):
        found = [(theme.id, theme.match(text)) for theme in taxonomy]
        found = [(theme_id, kws) for theme_id, kws in found if kws]
        if not found:
            untagged.append(f"{priority_id} ({text[:60]!r}...)")
        rows += [{"priority_id": priority_id, "theme_id": t, "matched": JOIN.join(kws)} for t, kws in found]
    if untagged:
        raise EtlError(
            f"No theme rule in etl/themes.yaml matches {len(untagged)} priorit"
            f"{'y' if len(untagged) == 1 else 'ies'}: {'; '.join(untagged)}. Add a keyword to a theme that "
            f"fits (every priority needs at least one theme)."
        )
    return pd.DataFrame(rows, columns=["priority_id", "theme_id", "matched"])


def _keywords_display(theme: Theme) -> str:
    shown = JOIN.join(theme.keywords)
    return f"{shown} (ignoring: {JOIN.join(theme.exclude)})" if theme.exclude else shown


def themes_table(taxonomy: list[Theme]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "theme_id": t.id,
                "name_en": t.name_en,
                "name_fr": t.name_fr,
                "pillar": t.pillar,
                "description_en": t.description_en,
                "description_fr": t.description_fr,
                "keywords": _keywords_display(t),
                "search_terms_fr": JOIN.join(t.search_terms_fr),
                "source_id": SOURCE_ID,
            }
            for t in taxonomy
        ],
        columns=THEME_COLUMNS,
    )


def build(
    raw_dir: Path, config: dict, context: dict[str, pd.DataFrame], themes_path: Path = THEMES_PATH
) -> dict[str, pd.DataFrame]:
    path = Path(themes_path)
    taxonomy = load_taxonomy(path)
    priorities = context.get("priorities")
    if priorities is None:  # run on its own (tests, notebooks): parse the priorities first
        from etl.sources import priorities as priorities_module

        priorities = priorities_module.build(raw_dir, config, context)["priorities"]

    assigned = assign_themes(priorities, taxonomy)
    unused = [t.id for t in taxonomy if t.id not in set(assigned["theme_id"])]
    if unused:
        raise EtlError(
            f"{path.name}: theme(s) {unused} match no priority of the document; check their keywords or "
            f"remove them."
        )
    priority_themes = assigned.assign(source_id=SOURCE_ID)[PRIORITY_THEME_COLUMNS]

    sources = pd.DataFrame(
        [
            {
                "source_id": SOURCE_ID,
                "title": "Theme taxonomy and keyword rules of this project",  # a title, not a file
                "publisher": "West and Central Africa dashboard project",
                "date": "",
                "date_note": (
                    "Maintained in the project's repository (see the history of etl/themes.yaml). Themes are "
                    "assigned by matching its English keywords against the priority texts of the Migration "
                    "Initiatives 2020 document; they are the project's reading, not IOM's classification."
                ),
                "url": "",
                "file": "etl/themes.yaml",
            }
        ],
        columns=SOURCE_COLUMNS,
    )
    per_priority = assigned.groupby("priority_id").size()
    checks = pd.DataFrame(
        [
            messages.check_row(
                "themes.coverage",
                "priority_themes",
                "pass",
                messages.Message("etl.check.themes.subject"),
                messages.Message(
                    "etl.check.themes.message",
                    priorities=len(priorities),
                    themes=len(taxonomy),
                    assignments=len(assigned),
                    most=int(per_priority.max()),
                ),
                SOURCE_ID,
            )
        ],
        columns=CHECK_COLUMNS,
    )
    return {
        "themes": themes_table(taxonomy),
        "priority_themes": priority_themes,
        "sources": sources,
        "checks": checks,
    }
