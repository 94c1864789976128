"""One strict country resolver: exact names, aliases and ISO codes only; anything else is refused by name."""

from __future__ import annotations

import pytest

from etl.common import EtlError, iso3_or_raise, name_to_iso3
from etl.sources.displacement import known_country_iso3


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Nigeria", "NGA"),
        ("The Gambia", "GMB"),
        ("Gambia", "GMB"),
        ("Côte d’Ivoire", "CIV"),  # curly apostrophe, as the PDF extraction leaves it
        ("cote d'ivoire", "CIV"),  # accents and case aside
        ("Cabo Verde", "CPV"),
        ("Central African Republic", "CAF"),
        ("the Niger", "NER"),
        ("NGA", "NGA"),
        ("td", "TCD"),
    ],
)
def test_exact_names_aliases_and_codes_resolve(name, iso3):
    assert name_to_iso3(name) == iso3
    assert iso3_or_raise(name, "test") == iso3


@pytest.mark.parametrize("name", ["Nigerria", "Lake Chad Basin", "Senegal and Sierra Leone", "Niger Delta"])
def test_anything_else_is_no_country(name):
    """country_converter's loose patterns read "Nigerria" as Niger and "Lake Chad Basin" as Chad."""
    assert name_to_iso3(name) is None


def test_a_refused_name_is_named_in_the_error():
    with pytest.raises(EtlError, match=r"funding.csv row 4: unknown country name 'Nigerria'") as err:
        iso3_or_raise("Nigerria", "funding.csv row 4")
    assert "Nigerria" in err.value.text("fr")
    with pytest.raises(EtlError, match=r"row 2, column 'country': unknown country name 'Nigerria'"):
        known_country_iso3("Nigerria", "row 2, column 'country'")
