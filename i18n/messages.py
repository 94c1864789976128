"""The string catalogues (i18n/<lang>.yaml) and the templates they hold, filled in either language.

A template names its parameters, `{total}`; a parameter may say how it is written:

- `{n:num}` a number as the language writes it (1,234,567.5 / 1 234 567,5), `{n:num.1}` with one decimal,
  `{n:+num}` with its sign;
- `{n:printed}` thousands separated by spaces, as the 2020 document prints its figures (English
  messages quote figures as printed, so they can be searched for in the document);
- `{d:date}` an ISO date written out (12 May 2023 / 12 mai 2023).

A parameter may itself be a `Message`, a `Local` (one text per language: a country's names) or a `Join`
(several of these): each is written in the message's language.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from i18n.formats import format_iso_date, format_number
from i18n.text import french_typography

LOCALES_DIR = Path(__file__).resolve().parent
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{full}."))
        else:
            flat[full] = value
    return flat


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Flat key -> text for one language (dotted keys: `funding.title`, `etl.import.empty`). French texts
    get French typography here, once (i18n.text.french_typography): a translator may type plain spaces and
    straight apostrophes."""
    with (LOCALES_DIR / f"{lang}.yaml").open(encoding="utf-8") as fh:
        flat = _flatten(yaml.safe_load(fh) or {})
    if lang == "fr":
        flat = {key: french_typography(v) if isinstance(v, str) else v for key, v in flat.items()}
    return flat


_NUMBER_SPEC = re.compile(r"^(?P<sign>\+)?(?P<kind>num|printed)(?:\.(?P<digits>\d+))?$")
_HAS_SPEC = re.compile(r"\{\w+:[^{}]*\}")


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        value = render(value, self.lang)
        if format_spec == "date":
            return format_iso_date(value, self.lang) if value else ""
        number = _NUMBER_SPEC.match(format_spec)
        if number:
            digits = int(number["digits"]) if number["digits"] else None
            sign = bool(number["sign"])
            if number["kind"] == "printed":
                return format_number(value, "en", digits, sign).replace(",", " ")
            return format_number(value, self.lang, digits, sign)
        return super().format_field(value, format_spec)


@functools.cache
def _has_spec(template: str) -> bool:
    return bool(_HAS_SPEC.search(template))


def text(key: str, lang: str, **params: Any) -> str:
    """The text for key in lang, with {placeholders} filled; a missing key shows itself, never crashes."""
    template = catalogue(lang).get(key)
    if template is None:
        template = catalogue(DEFAULT_LANGUAGE).get(key, key)
    template = str(template)
    if not params:
        return template
    if _has_spec(template) or any(isinstance(v, _LANGUAGE_AWARE) for v in params.values()):
        return _Formatter(lang).vformat(template, (), params)
    return template.format(**params)


def named(section: str, name: str, lang: str) -> str:
    """A name given by others (a DTM operation) as `lang` writes it, from the catalogue's `section`; the
    name as given where the catalogue has none."""
    return str(catalogue(lang).get(f"{section}.{name}", name))


class Message(str):
    """A catalogue message that reads as its English text (command line, CSV, logs, `in` tests) and
    gives any language with `.text(lang)`: Message("etl.import.empty", label="x.csv")."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> Message:
        self = super().__new__(cls, text(key, DEFAULT_LANGUAGE, **params))
        self.key, self.params = key, params
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:  # copy and pickle by key
        return (self.key,), self.params

    def text(self, lang: str) -> str:
        return text(self.key, lang, **self.params)


class Local:
    """One text per language, e.g. a country's names: Local(en="Chad", fr="Tchad")."""

    def __init__(self, en: str, fr: str | None = None) -> None:
        self.en, self.fr = en, en if fr is None else fr

    def text(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en

    def __repr__(self) -> str:
        return f"Local({self.en!r}, {self.fr!r})"


class Join:
    """Several texts written in one language and joined: Join(problems, "\\n"); "" when there are none.

    `before` and `after` frame a non-empty join (Join(notes, " ", before="; ") -> "; a b" or "")."""

    def __init__(self, items: Iterable[Any], sep: Any = ", ", before: Any = "", after: Any = ""):
        self.items, self.sep, self.before, self.after = tuple(items), sep, before, after

    def text(self, lang: str) -> str:
        if not self.items:
            return ""
        joined = str(render(self.sep, lang)).join(str(render(item, lang)) for item in self.items)
        return f"{render(self.before, lang)}{joined}{render(self.after, lang)}"


_LANGUAGE_AWARE = (Message, Local, Join)
# "a; b" in English, "a ; b" in French (a space before the semicolon, as the French catalogue writes it).
SEMICOLON = Local("; ", "\u202f; ")  # French: a narrow no-break space before the semicolon


def render(value: Any, lang: str) -> Any:
    """A Message, Local or Join in lang; any other value as it is (a plain string is the same in both)."""
    return value.text(lang) if isinstance(value, _LANGUAGE_AWARE) else value


def in_language(value: Any, lang: str) -> str:
    """Text of a message or error in lang; plain strings (messages not from the catalogue) as they are."""
    if isinstance(value, BaseException):
        value = value.args[0] if len(value.args) == 1 else str(value)
    return str(render(value, lang))
