"""The build's and the importer's messages in English and French (i18n/, the catalogues' etl.*).

checks.csv holds every check in both languages with the same figures; an EtlError raised with a catalogue
message reads in English (`str`, the command line) and in French (`.text("fr")`, the dashboard).
"""

from __future__ import annotations

import copy
import pickle
import re

import pandas as pd
import pytest

from etl import messages
from etl.common import PROCESSED_DIR, EtlError, load_config
from etl.messages import Join, Local, Message
from etl.sources import appeal
from tests.etl_helpers import edited_raw

NNBSP = "\u202f"  # the thousands separator of French numbers, as the dashboard writes them

# An English figure: 5,034,347 / 110 475 810 (as the 2020 document prints it) / 53.5 / 223; not a part of a
# name or code (MI2020, P1, COVID-19, admin1).
ENGLISH_NUMBER = re.compile(r"(?<![\w-])(?:\d{1,3}(?:[, ]\d{3})+(?!\d)|\d+(?:\.\d+)?)(?![\w-])")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# Text quoted from a source inside a French message stays as written.
QUOTED = re.compile(r"«[^»]*»")


def english_fragments(*prefixes: str) -> set[str]:
    """Fixed parts (8 characters or more) of the English templates under these catalogue keys."""
    fragments = set()
    for key, text in messages.catalogue("en").items():
        if not key.startswith(prefixes):
            continue
        for part in re.split(r"{\w+(?::[^{}]*)?}", str(text)):
            part = part.strip(" :;,.()'\"")
            if len(part) >= 8 and part not in str(messages.catalogue("fr")[key]):
                fragments.add(part)
    return fragments


def french_figures(english: str) -> list[str]:
    """The figures of an English message as French writes them (dates written out, then numbers)."""
    figures = [messages.format_iso_date(d, "fr") for d in ISO_DATE.findall(english)]
    for raw in ENGLISH_NUMBER.findall(ISO_DATE.sub(" ", english)):
        if re.fullmatch(r"\d{4,}", raw):  # English writes figures from 1,000 up with separators: a year
            figures.append(raw)
            continue
        value = float(raw.replace(",", "").replace(" ", ""))
        figures.append(messages.format_number(value, "fr"))
    return figures


@pytest.fixture(scope="module")
def checks() -> pd.DataFrame:
    return pd.read_csv(PROCESSED_DIR / "checks.csv", dtype=str, keep_default_na=False)


# --- the checks table ------------------------------------------------------------------------------------


def test_every_check_has_its_french_subject_and_message(checks):
    assert {"subject_fr", "message_fr"} <= set(checks.columns)
    assert (checks["subject_fr"].str.strip() != "").all() and (checks["message_fr"].str.strip() != "").all()
    # every message is written anew in French (subjects may be a source's own name, e.g. an appeal's)
    assert (checks["message_fr"] != checks["message"]).all()
    leaked = {
        (row.check_id, fragment)
        for row in checks.itertuples()
        for fragment in english_fragments("etl.check.")
        if fragment in QUOTED.sub(" ", row.message_fr) or fragment in row.subject_fr
    }
    assert leaked == set()


def test_french_checks_say_the_same_figures(checks):
    for row in checks.itertuples():
        for english, french in ((row.subject, row.subject_fr), (row.message, row.message_fr)):
            missing = [f for f in french_figures(english) if f not in french]
            assert missing == [], (row.check_id, english, french)


def test_the_nigeria_row_total_in_french(checks):
    nigeria = checks.set_index("check_id").loc["appeal-row-nigeria"]
    assert "110 475 810 USD" in nigeria["message"]  # English: as the document prints it
    assert f"110{NNBSP}475{NNBSP}810 USD" in nigeria["message_fr"]
    assert nigeria["subject_fr"] == "Total de ligne\u202f: Nigeria"
    assert nigeria["message_fr"].startswith("Nigeria\u202f: la somme des montants P1–O3")


def test_french_warnings_write_dates_numbers_and_categories_in_french(checks):
    by_id = checks.set_index("check_id")
    d25 = by_id.loc["DTM-LCB-25-affected_total-total-vs-countries"]
    assert d25["subject_fr"] == "Tableau de bord n° 25 (21 octobre 2020), population touchée (total)"
    assert f"5{NNBSP}034{NNBSP}347" in d25["message_fr"] and "de 223" in d25["message_fr"]
    assert "conservés tels que publiés" in d25["message_fr"]
    # text quoted from a source stays as written, inside the French sentence
    change = by_id.loc["DTM-LCB-49-definition-change"]
    assert "« TCNs no longer listed in category definition" in change["message_fr"]
    assert "n° 3, n° 6" in change["message_fr"]
    gap = by_id.loc["2020-nigeria-humanitarian-response-plan-2020-revised-incl-covid-19-gap"]
    assert f"écart de 19{NNBSP}600{NNBSP}000 USD" in gap["message_fr"]
    pct = by_id.loc["2016-niger-humanitarian-response-plan-2016-final-pct"]
    assert "53,5\u202f%" in pct["message_fr"] and "53.5%" in pct["message"]


# --- errors of the build ---------------------------------------------------------------------------------


def test_a_figure_that_does_not_reconcile_is_reported_in_french(tmp_path):
    raw = edited_raw(tmp_path, ("75 412 058", "75 412 158"))
    with pytest.raises(EtlError) as err:
        appeal.build(raw, load_config(), {})
    english, french = str(err.value), err.value.text("fr")
    assert "Appeal table does not reconcile: Nigeria, O2:" in english and "off by +100" in english
    assert "Le tableau des besoins ne concorde pas\u202f: Nigeria, O2\u202f:" in french
    # the same figures, written the French way
    assert f"110{NNBSP}475{NNBSP}910 au lieu des 110{NNBSP}475{NNBSP}810 imprimés, écart de +100" in french
    column = f"la colonne O2 des 21 bureaux donne 122{NNBSP}262{NNBSP}158 au lieu des 122{NNBSP}262{NNBSP}058"
    assert column in french
    assert err.value.text("en") == english
    leaked = [f for f in english_fragments("etl.error.") if f in french]
    assert leaked == []


def test_an_error_without_a_catalogue_message_reads_the_same_in_every_language():
    err = EtlError("Narrative: something specific.")
    assert err.text("fr") == err.text("en") == str(err) == "Narrative: something specific."


# --- the messages themselves -----------------------------------------------------------------------------


def test_numbers_and_dates_as_each_language_writes_them():
    assert messages.format_int(1_234_567, "fr") == f"1{NNBSP}234{NNBSP}567"
    assert messages.format_number(53.456, "fr", digits=1) == "53,5"
    assert messages.format_number(-5000, "en", sign=True) == "-5,000"
    assert messages.text("etl.error.appeal.diff", "en", got=10_100, printed=10_000, off=100) == (
        "10 100 against 10 000 printed, off by +100"
    )
    assert messages.text("etl.check.dtm_total.subject", "fr", no=3, as_of="2018-06-20", category="x") == (
        "Tableau de bord n° 3 (20 juin 2018), x"
    )


def test_a_message_reads_as_english_and_keeps_its_french():
    where = Message("etl.import.where", label="a.csv", row=2, column="value")
    message = Message("etl.import.count_negative", where=where, value="-5")
    assert message == "a.csv row 2, column 'value': -5 is negative; counts cannot be below zero."
    assert isinstance(message, str) and "is negative" in message
    assert message.text("fr") == (
        "a.csv, ligne 2, colonne « value »\u202f: -5 est négatif\u202f; "
        "un effectif ne peut pas être inférieur à zéro."
    )
    for again in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert again == message and again.text("fr") == message.text("fr")
    joined = Join([Local("Chad", "Tchad"), "IOM"], Local("; ", "\u202f; "), before="(", after=")")
    expected = ("(Chad; IOM)", "(Tchad\u202f; IOM)", "")
    assert (joined.text("en"), joined.text("fr"), Join([]).text("fr")) == expected


def test_the_importer_and_build_messages_exist_in_both_catalogues():
    used = set()
    for path in sorted((PROCESSED_DIR.parent.parent / "etl").rglob("*.py")):
        used |= set(re.findall(r"\"(etl\.(?:check|import|error)\.[a-z_.0-9]+)\"", path.read_text("utf-8")))
    assert len(used) > 80
    for lang in messages.LANGUAGES:
        assert sorted(used - set(messages.catalogue(lang))) == [], lang
