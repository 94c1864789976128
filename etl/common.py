"""Shared pieces of the ETL: paths, configuration, errors, country names -> ISO3."""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.messages import Message, in_language
from i18n import sort_key

PROJECT_DIR = Path(__file__).resolve().parent.parent
RAW_DIR = PROJECT_DIR / "data" / "raw"
PROCESSED_DIR = PROJECT_DIR / "data" / "processed"
GEO_DIR = PROJECT_DIR / "data" / "geo"
# Files the app serves to the browser as they are (server.enableStaticServing): the map GeoJSON.
STATIC_DIR = PROJECT_DIR / "static"
# When the tables in data/processed/ were last built (kept outside it so rebuilds stay byte for byte).
BUILD_INFO_PATH = PROJECT_DIR / "data" / "build_info.json"
CONFIG_PATH = Path(__file__).resolve().parent / "config.yaml"


# Tests only: `WCA_KILL_AT=<checkpoint>` ends the process abruptly at that checkpoint, as a power cut or
# `kill -9` would (tests/test_import_interrupted.py proves every moment leaves readable tables).
KILL_AT_VARIABLE = "WCA_KILL_AT"


def checkpoint(name: str) -> None:
    """A point between two steps that change files; the process dies here when the test hook says so."""
    if os.environ.get(KILL_AT_VARIABLE) == name:
        os._exit(137)


class EtlError(Exception):
    """A problem a person can act on: the message names the file, row, entity or pillar.

    Raised with a catalogue `Message` (i18n/messages.py), it reads in English (`str(err)`, the command
    line) and in French (`err.text("fr")`, the dashboard); raised with a plain string, that string is
    its text in every language.
    """

    def text(self, lang: str) -> str:
        return in_language(self, lang)


@functools.cache
def load_config() -> dict[str, Any]:
    with CONFIG_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def read_text(path: Path) -> str:
    """Read a raw text file; a missing or empty file is an EtlError, not a traceback."""
    if not path.exists():
        raise EtlError(Message("etl.error.raw_missing", file=str(path)))
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise EtlError(Message("etl.error.raw_empty", file=str(path)))
    return text


def read_reference_csv(path: Path, file_label: str, columns: list[str]) -> pd.DataFrame:
    """A raw CSV with every cell as stripped text (empty string, never NaN), after checking its columns.

    Missing, empty, undecodable or malformed files raise EtlError naming the file.
    """
    if not path.exists():
        raise EtlError(Message("etl.error.raw_missing", file=file_label))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise EtlError(Message("etl.error.raw_empty", file=file_label)) from None
    except UnicodeDecodeError:
        raise EtlError(Message("etl.error.raw_not_utf8", file=file_label)) from None
    except pd.errors.ParserError as err:
        raise EtlError(Message("etl.error.raw_not_csv", file=file_label, error=str(err))) from None
    missing = [col for col in columns if col not in frame.columns]
    if missing:
        raise EtlError(Message("etl.error.raw_missing_columns", file=file_label, columns=", ".join(missing)))
    return frame.apply(lambda col: col.str.strip())


def normalise_name(name: str) -> str:
    """Undo typographic variants that PDF extraction leaves in names (curly quotes, spaces)."""
    return " ".join(name.replace("\u2019", "'").replace("\u2018", "'").split())


@functools.cache
def _converter():  # country_converter is slow to build; build it once per process
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


def _name_key(name: str) -> str:
    """A name as the resolver compares it: typographic variants undone, accents and case aside, no
    leading "the" ("The Gambia" = "Gambia", "Côte d’Ivoire" = "cote d'ivoire")."""
    key = sort_key(normalise_name(name))
    return key[4:] if key.startswith("the ") else key


@functools.cache
def _country_names() -> dict[str, str]:
    """Every exact spelling the resolver accepts -> ISO3: ISO 3166 codes (alpha-2, alpha-3), pycountry's
    name, official and common names, country_converter's short and official names. A spelling two
    countries share is left out (it names neither for sure)."""
    import pycountry

    found: dict[str, set[str]] = {}

    def add(name: object, iso3: str) -> None:
        if isinstance(name, str) and name.strip():
            found.setdefault(_name_key(name), set()).add(iso3)

    for country in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            add(getattr(country, attr, None), country.alpha_3)
    data = _converter().data
    for iso3, short, official in zip(data["ISO3"], data["name_short"], data["name_official"], strict=True):
        if isinstance(iso3, str) and len(iso3) == 3:
            add(short, iso3)
            add(official, iso3)
    return {key: next(iter(codes)) for key, codes in found.items() if len(codes) == 1}


@functools.cache
def name_to_iso3(name: str) -> str | None:
    """ISO3 for a country name or code exactly as a source writes it ("The Gambia", "Côte d’Ivoire",
    "NGA"), else None. Exact spellings only (accents, case, curly quotes and a leading "the" aside):
    a typo such as "Nigerria" is no country, never the nearest one (country_converter's regular
    expressions would read it as Niger)."""
    return _country_names().get(_name_key(name))


def iso3_or_raise(name: str, where: str) -> str:
    """ISO3 of a country name or code (see name_to_iso3); EtlError naming `where` and the value otherwise."""
    iso3 = name_to_iso3(name)
    if iso3 is None:
        raise EtlError(Message("etl.error.unknown_country", where=where, name=repr(name)))
    return iso3


@functools.cache
def french_country_name(iso3: str) -> str:
    """French short name from pycountry's ISO 3166 translations, with the typographic apostrophe French
    text uses everywhere else ("Côte d’Ivoire"; the translations write a straight one)."""
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise EtlError(Message("etl.error.no_iso_entry", iso3=iso3))
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    return fr.gettext(country.name).replace("'", "\u2019")
