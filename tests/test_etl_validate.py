"""Table checks through Frictionless: each broken cell, key or column is named in English and French."""

from __future__ import annotations

import pandas as pd
import pytest

from etl import build
from etl.common import RAW_DIR, EtlError
from etl.validate import cell_text, validate_tables


@pytest.fixture(scope="module")
def built() -> dict[str, pd.DataFrame]:
    return build.build_tables(RAW_DIR).tables


def broken(built: dict[str, pd.DataFrame], table: str, row: int, column: str, value) -> dict:
    """The tables with one cell changed (row counts data rows from 0; the CSV line is row + 2)."""
    tables = {name: frame.copy() for name, frame in built.items()}
    tables[table].loc[row, column] = value
    return tables


def refusal(tables: dict[str, pd.DataFrame]) -> EtlError:
    with pytest.raises(EtlError) as caught:
        validate_tables(tables)
    return caught.value


def test_valid_tables_come_back_typed_and_references_are_counted(built):
    tables, references = validate_tables(built)
    appeal = tables["appeal"]
    assert all(type(v) is int for v in appeal["amount_usd"])
    assert tables["entities"]["lake_chad_basin"].map(type).eq(bool).all()
    # every non-empty foreign-key cell of every table was checked
    expected = sum(
        built[name][fk["fields"][0]].notna().sum()
        for name, spec in build.load_table_specs().items()
        for fk in spec.get("foreign_keys", [])
    )
    assert references == expected > 1000


@pytest.mark.parametrize(
    ("table", "column", "value", "english", "french"),
    [
        ("appeal", "amount_usd", "12.5", "'12.5' is not a valid integer",
         "'12.5' n’est pas une valeur valide de type nombre entier"),
        ("appeal", "amount_usd", -3, "-3 is below the minimum 0", "-3 est inférieur au minimum, 0"),
        ("appeal", "entity_id", None, "empty, but entity_id is required",
         "vide, alors que entity_id est obligatoire"),
        ("displacement", "qualifier", "roughly", "'roughly' is not one of exact, estimated",
         "'roughly' n’est pas l’une des valeurs exact"),
        ("displacement", "as_of", "2023-02-30", "'2023-02-30' is not a valid date",
         "'2023-02-30' n’est pas une valeur valide de type date"),
        ("appeal", "entity_id", "XXX", "'XXX' is not a known entity_id of table entities",
         "'XXX' n’est pas une valeur connue de entity_id dans la table entities"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_by_table_line_column_and_value(built, table, column, value, english, french):
    err = refusal(broken(built, table, 4, column, value))
    where_en = f"Table {table} ({table}.csv line 6), column {column}"
    where_fr = f"Table {table} ({table}.csv, ligne 6), colonne {column}"
    assert where_en in str(err) and english in str(err)
    assert where_fr in err.text("fr") and french in err.text("fr")


def test_a_duplicate_key_is_named(built):
    tables = {name: frame.copy() for name, frame in built.items()}
    tables["pillars"].loc[1, "pillar_id"] = tables["pillars"].loc[0, "pillar_id"]
    err = refusal(tables)
    assert "Table pillars (pillars.csv line 3): duplicate key {'pillar_id': 'P1'}" in str(err)
    assert "clé en double" in err.text("fr")


def test_missing_and_unexpected_columns_are_named(built):
    tables = dict(built)
    tables["events"] = built["events"].drop(columns=["source_id"]).assign(extra="x")
    err = refusal(tables)
    assert "Table events: columns differ" in str(err)
    assert "missing: ['source_id'], unexpected: ['extra']" in str(err)


def test_every_problem_is_listed_up_to_a_limit(built):
    tables = {name: frame.copy() for name, frame in built.items()}
    tables["appeal"]["amount_usd"] = -1
    lines = str(refusal(tables)).splitlines()
    assert len(lines) == 26 and lines[-1].startswith("... and ")


def test_counts_stay_exact_integers():
    assert cell_text(12345678901234567, "integer") == "12345678901234567"
    assert cell_text(25.0, "integer") == "25"
    assert cell_text(None, "integer") == cell_text(float("nan"), "integer") == ""
    assert cell_text(True, "boolean") == "true"
