"""The themes page in French (AppTest): the priorities read in the project's French working translation
(text_fr), marked once per list « traduction de travail (non officielle) », the English original one click
away, stale and missing translations marked; the search finds and highlights words of either language; in
English nothing changed. Every text is read from the priorities table, never typed here."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import search
from dashboard.i18n import translate
from dashboard.tables import read_table
from tests.apptest_helpers import open_data_views, rerun, run_page, texts
from tests.etl_helpers import rewrite_processed_table
from tests.test_page_themes import dataframe_with, markdowns

PAGE = "app_pages/themes.py"
PRIORITIES = read_table("priorities").set_index("priority_id")
PRIORITY_THEMES = read_table("priority_themes")
ENTITIES = read_table("entities").set_index("entity_id")
THEME = "border_management"
WORD = "frontières"  # a French word of the translations that no English text holds
BORDER = PRIORITY_THEMES.loc[PRIORITY_THEMES["theme_id"] == THEME, "priority_id"].tolist()
# The known priority: the first of the theme (document order) whose French names the borders.
KNOWN = next(p for p in PRIORITIES.index if p in BORDER and WORD in PRIORITIES.loc[p, "text_fr"])
KNOWN_FR, KNOWN_EN = PRIORITIES.loc[KNOWN, "text_fr"], PRIORITIES.loc[KNOWN, "text"]
KNOWN_OFFICE = PRIORITIES.loc[KNOWN, "entity_id"]
esc = search.escape_markdown
MARK = "traduction de travail (non officielle)"


def fr(key: str, **values) -> str:
    return translate(key, "fr", **values)


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def plain(markdown: str) -> str:
    """What a reader reads of escaped, highlighted markdown: no highlight directive, no backslash."""
    unhighlighted = re.sub(r":orange-background\[((?:\\.|[^\]\\])*)\]", r"\1", markdown)
    return re.sub(r"\\(.)", r"\1", unhighlighted)


def original_line(english: str) -> str:
    return f":small[{fr('themes.fr_text.original', text=esc(english))}]"


def search_cards(at) -> list[str]:
    """The result cards' markdown ("**Bénin** · Priorité  \n<text>[  \n<English original>]")."""
    return [m for m in markdowns(at) if m.startswith("**") and " · " in m.split("  \n")[0]]


def known_card(at) -> list[str]:
    """The known priority's card, in lines: office and kind, the text shown[, the English original]."""
    office = esc(ENTITIES.loc[KNOWN_OFFICE, "name_fr"])
    cards = [card.split("  \n") for card in search_cards(at) if card.startswith(f"**{office}** · ")]
    (card,) = [lines for lines in cards if plain(lines[1]) == KNOWN_FR]
    return card


def test_the_mark_is_french_and_says_working_translation():
    assert MARK in fr("themes.fr_text.mark")
    assert KNOWN_FR and KNOWN_FR != KNOWN_EN and WORD not in KNOWN_EN


# --- one theme ------------------------------------------------------------------------------------------


def test_theme_list_reads_the_french_with_the_english_one_click_away():
    at = run_page(PAGE, "fr", theme=THEME)
    assert not at.exception, at.exception
    blocks = markdowns(at)
    bullets = [line for m in blocks for line in m.split("\n") if line.startswith("- ")]
    assert any(line.endswith(esc(KNOWN_FR)) for line in bullets)
    assert not any(esc(KNOWN_EN) in m for m in blocks)  # the English is not shown until asked for
    # marked once for the list
    assert [c for c in captions(at) if MARK in c] == [fr("themes.fr_text.mark")]
    # one click: the toggle shows the English original under each French text
    toggle = at.toggle(key="themes-list-original")
    assert toggle.label == fr("themes.fr_text.show_original") and toggle.value is False
    toggle.set_value(True)
    at = rerun(at)
    assert not at.exception, at.exception
    block = next(m for m in markdowns(at) if esc(KNOWN_FR) in m)
    after = block.split(esc(KNOWN_FR), 1)[1]
    assert after.startswith("\n\n  " + original_line(KNOWN_EN))
    # every priority of the theme has both, in the list's table too
    open_data_views(at, "themes-list-data")
    table = dataframe_with(at, fr("themes.fr_text.col_translation"))
    ids = table[fr("themes.col.priority_id")].tolist()
    assert sorted(ids) == sorted(BORDER)
    assert table[fr("themes.fr_text.col_translation")].tolist() == PRIORITIES.loc[ids, "text_fr"].tolist()
    assert table[fr("themes.fr_text.col_original")].tolist() == PRIORITIES.loc[ids, "text"].tolist()


def test_stale_and_missing_translations_are_marked(processed_copy):
    table = pd.read_csv(processed_copy / "priorities.csv", dtype=str, keep_default_na=False)
    stale, missing = BORDER[0], BORDER[1]
    table.loc[table["priority_id"] == stale, "text_fr_stale"] = "true"
    table.loc[table["priority_id"] == missing, "text_fr"] = ""
    rewrite_processed_table(processed_copy, "priorities", table)
    at = run_page(PAGE, "fr", theme=THEME)
    assert not at.exception, at.exception
    bullets = [line for m in markdowns(at) for line in m.split("\n") if line.startswith("- ")]
    stale_mark = f" :small[:orange[({fr('themes.fr_text.stale')})]]"
    assert any(line.endswith(esc(PRIORITIES.loc[stale, "text_fr"]) + stale_mark) for line in bullets)
    # no French yet: the English as written, saying so (empty, not the English again, in the table)
    missing_mark = f" :small[:gray[({fr('themes.fr_text.untranslated')})]]"
    assert any(line.endswith(esc(PRIORITIES.loc[missing, "text"]) + missing_mark) for line in bullets)
    open_data_views(at, "themes-list-data")
    shown = dataframe_with(at, fr("themes.fr_text.col_translation")).set_index(fr("themes.col.priority_id"))
    assert shown.loc[missing, fr("themes.fr_text.col_translation")] == ""
    assert shown.loc[missing, fr("themes.fr_text.col_original")] == PRIORITIES.loc[missing, "text"]


# --- the region's own -----------------------------------------------------------------------------------


def test_regional_statements_in_french_with_the_english_one_click_away():
    at = run_page(PAGE, "fr", view="regional")
    assert not at.exception, at.exception
    regional = [p for p in PRIORITIES.index if PRIORITIES.loc[p, "kind"] in ("principle", "objective")]
    shown = markdowns(at)
    for priority_id in regional:
        assert esc(PRIORITIES.loc[priority_id, "text_fr"]) in shown
        assert esc(PRIORITIES.loc[priority_id, "text"]) not in shown
    assert [c for c in captions(at) if MARK in c] == [fr("themes.fr_text.mark")]
    at.toggle(key="themes-regional-original").set_value(True)
    at = rerun(at)
    for priority_id in regional:
        assert original_line(PRIORITIES.loc[priority_id, "text"]) in markdowns(at)


# --- search ---------------------------------------------------------------------------------------------


def test_a_french_word_finds_its_priority_highlighted_in_french():
    at = run_page(PAGE, "fr", q=WORD)
    assert not at.exception, at.exception
    card = known_card(at)
    assert len(card) == 2 and f":orange-background[{WORD}]" in card[1]  # no English until asked for
    assert [c for c in captions(at) if MARK in c] == [fr("themes.fr_text.mark")]
    # the English original one click away
    at.toggle(key="themes-search-original").set_value(True)
    at = rerun(at)
    assert known_card(at)[2:] == [original_line(KNOWN_EN)]
    # the table holds every priority found, in both languages, as the priorities table says
    open_data_views(at, "themes-search-data")
    table = dataframe_with(at, fr("themes.fr_text.col_translation")).set_index(fr("themes.col.priority_id"))
    assert table.loc[KNOWN, fr("themes.fr_text.col_translation")] == KNOWN_FR
    assert table.loc[KNOWN, fr("themes.fr_text.col_original")] == KNOWN_EN
    folded = PRIORITIES["text_fr"].map(search.normalise)
    holding = {p for p, text in folded.items() if search.normalise(WORD) in text}
    assert holding <= set(table.index)


def test_an_english_word_found_only_in_the_english_shows_the_original_highlighted():
    at = run_page(PAGE, "fr", q="trafficking")
    assert not at.exception, at.exception
    cards = search_cards(at)
    assert cards
    for card in cards:
        french, original = card.split("  \n")[1:3]
        assert ":orange-background[" not in french  # the French does not hold the English word
        assert original.startswith(":small[" + fr("themes.fr_text.original", text="")) and (
            ":orange-background[" in original
        )


# --- English: as before ---------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"theme": THEME}, {"view": "regional"}, {"q": "MIDAS"}])
def test_english_readers_read_the_english_unmarked(params):
    at = run_page(PAGE, "en", **params)
    assert not at.exception, at.exception
    shown = texts(at)
    assert len(at.toggle) == 0
    assert translate("themes.fr_text.mark", "en") not in shown
    assert not any(PRIORITIES.loc[p, "text_fr"] in shown for p in PRIORITIES.index)
    if "theme" in params:
        assert any(esc(KNOWN_EN) in m for m in markdowns(at))
    if "q" in params:
        cards = search_cards(at)
        assert cards and all(len(card.split("  \n")) == 2 for card in cards)  # office and kind, the text
