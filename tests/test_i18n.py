"""Both catalogues hold the same keys, none empty; numbers and dates read as each language writes them."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.i18n import LANGUAGES, catalogue, format_date, format_int, format_pct, format_usd, translate


def test_catalogues_have_the_same_keys_and_no_empty_values():
    english, french = catalogue("en"), catalogue("fr")
    assert set(english) == set(french), set(english) ^ set(french)
    for lang in LANGUAGES:
        empty = [key for key, text in catalogue(lang).items() if not str(text).strip()]
        assert empty == [], (lang, empty)


# A placeholder, with or without how it is written ({total}, {total:num}, {as_of:date}).
PLACEHOLDER = r"{(\w+)(?::[^{}]*)?}"


def test_placeholders_match_between_languages():
    for key, text in catalogue("en").items():
        assert set(re.findall(PLACEHOLDER, str(text))) == set(
            re.findall(PLACEHOLDER, str(catalogue("fr")[key]))
        ), key


@pytest.mark.parametrize(
    ("lang", "usd", "integer", "date", "pct"),
    [
        ("en", "$110.5M", "1,234,567", "12 May 2023", "29.1%"),
        ("fr", "110,5\u00a0M\u00a0$US", "1\u202f234\u202f567", "12 mai 2023", "29,1\u202f%"),
    ],
)
def test_formats(lang, usd, integer, date, pct):
    assert format_usd(110_475_810, lang) == usd
    assert format_int(1_234_567, lang) == integer
    assert format_date("2023-05-12", lang) == date
    assert format_pct(0.2907, lang) == pct


def test_unknown_values_are_not_zero():
    for lang in LANGUAGES:
        assert format_usd(None, lang) == "–"
        assert format_int(float("nan"), lang) == "–"
        assert format_date(None, lang) == translate("common.date_unknown", lang)


def test_one_language_module_serves_the_build_and_the_app():
    """The ETL reads the catalogues from i18n/ without going through dashboard/ (no round trip)."""
    import ast
    from pathlib import Path

    import i18n
    from dashboard import i18n as session_layer

    root = Path(__file__).resolve().parent.parent
    for path in [*(root / "etl").rglob("*.py"), *(root / "i18n").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m.split(".")[0] in ("dashboard", "streamlit") for m in imported), path
    assert session_layer.catalogue is i18n.catalogue
    french = "2,5\u00a0M\u00a0$US"
    assert session_layer.format_usd(2_500_000, "fr") == i18n.format_usd(2_500_000, "fr") == french
    assert (root / "i18n" / "en.yaml").exists() and not list(root.glob("dashboard/locales/*.yaml"))


@pytest.mark.parametrize(
    ("value", "missing"),
    [
        (None, True),
        (float("nan"), True),
        (pd.NA, True),
        ("<NA>", True),
        (0, False),
        ("", False),
        ("x", False),
    ],
)
def test_missing_means_unknown_not_zero_or_empty(value, missing):
    from i18n import is_missing

    assert is_missing(value) is missing


def test_sort_key_orders_french_names_accents_aside():
    from i18n import sort_key

    names = ["Eswatini", "Équateur", "Érythrée", "Egypte", "cote d’Ivoire", "Côte d'Ivoire"]
    assert sorted(names, key=sort_key) == [
        "cote d’Ivoire", "Côte d'Ivoire", "Egypte", "Équateur", "Érythrée", "Eswatini"
    ]  # fmt: skip
    assert sort_key("Côte d’Ivoire") == sort_key("cote d'ivoire")


def test_slugify_gives_ascii_ids():
    from i18n import slugify

    assert slugify("Côte d’Ivoire") == "cote-d-ivoire"
    assert slugify("  Regional Office Dakar ") == "regional-office-dakar"
    assert slugify("2020 HRP (Nigeria) – revised") == "2020-hrp-nigeria-revised"
