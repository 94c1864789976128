"""Both catalogues hold the same keys, none empty; numbers and dates read as each language writes them."""

from __future__ import annotations

import re

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
        ("en", "$110.5\u00a0M", "1,234,567", "12 May 2023", "29.1%"),
        ("fr", "110,5\u00a0M$", "1\u202f234\u202f567", "12 mai 2023", "29,1\u202f%"),
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
