"""The themes page in real Chromium, both languages: the theme's map drawn (its counts are the priorities
tables'), hovering a country names it with its count; the matrix and the search in their own tabs, opened
by a click (search results highlighted); nothing fetched from outside localhost, no console error;
screenshots themes-en / themes-fr / themes-matrix-en / themes-matrix-fr."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from dashboard.i18n import translate
from tests.browser.conftest import PROJECT_DIR

pytestmark = pytest.mark.browser

MAP = "themes-map"
THEME = "border_management"


def _read(name: str) -> list[dict[str, str]]:
    with (PROJECT_DIR / "data" / "processed" / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _priorities_per_country(theme_id: str) -> tuple[dict[str, int], dict[str, dict[str, str]]]:
    """From the processed tables themselves: {ISO3: number of priorities under the theme} of the countries
    that have any, and the entities' rows by ISO3."""
    entities = {row["entity_id"]: row for row in _read("entities")}
    tagged = {row["priority_id"] for row in _read("priority_themes") if row["theme_id"] == theme_id}
    counts = Counter(
        row["entity_id"]
        for row in _read("priorities")
        if row["priority_id"] in tagged and entities[row["entity_id"]]["kind"] == "country"
    )
    return dict(counts), entities


HEADINGS = {"en": ("Immigration and border management", "Objective 3"), "fr": ("Gestion de l", "Objectif 3")}


TAB_LABELS = {"en": ("All themes", "Search"), "fr": ("Tous les thèmes", "Recherche")}


def _open_tab(visit, label: str, view: str) -> None:
    """Click a tab of the page as a reader does: the page reruns with that tab's content, the URL says it."""
    visit.page.get_by_role("tab", name=label).click()
    visit.page.wait_for_url(f"**view={view}**", timeout=30_000)
    visit.wait_for_page_complete()


def _show_the_english_original(visit) -> None:
    """French: the priorities read in the working translation, marked once; the toggle shows the English
    original under each text, drawn as text (no markup left visible)."""
    page = visit.page
    tagged = {row["priority_id"] for row in _read("priority_themes") if row["theme_id"] == THEME}
    first = next(row for row in _read("priorities") if row["priority_id"] in tagged)
    list_box = page.locator('[data-testid="stMainBlockContainer"]')
    assert "traduction de travail (non officielle)" in list_box.inner_text()
    assert first["text_fr"][:60] in list_box.inner_text() and first["text"][:60] not in list_box.inner_text()
    page.get_by_text(translate("themes.fr_text.show_original", "fr")).click()
    visit.wait_for_page_complete()
    page.wait_for_function(
        "(words) => document.querySelector('[data-testid=stMainBlockContainer]').innerText.includes(words)",
        arg=first["text"][:60],
        timeout=30_000,
    )
    shown = list_box.inner_text()
    assert translate("themes.fr_text.original", "fr", text="").strip("* ") in shown
    assert ":small[" not in shown and ":gray[" not in shown and "\\" not in shown
    visit.screenshot("themes-fr-original")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_themes_page_renders_offline(app_url, browse, lang):
    visit = browse(f"{app_url}/themes?lang={lang}&theme={THEME}")
    visit.wait_for_app()
    page = visit.page
    visit.wait_for_map(MAP)
    visit.wait_for_charts()
    theme_name, pillar_label = HEADINGS[lang]
    # the theme's tab: the map, the appeal bars, the list; the matrix is not drawn until its tab is opened
    assert page.locator(".js-plotly-plot").count() == 1 and page.locator(".heatmaplayer").count() == 0
    # the map: the 13 countries with priorities under the theme coloured by their count (the tables'),
    # the other countries of the appeal grey ("no priority"), the neighbours light grey
    counts, entities = _priorities_per_country(THEME)
    drawn = visit.maps()[MAP]
    assert len(counts) == 13 and drawn["values"] == counts
    focus = {iso3 for iso3, row in entities.items() if row["kind"] == "country"}
    assert set(drawn["layers"]["missing"]) == focus - set(counts)
    assert drawn["layers"]["context"] and not set(drawn["layers"]["context"]) & focus
    assert drawn["drawn"] == drawn["shapes"] and drawn["geometryFetches"] == []
    assert drawn["width"] > 300 and drawn["height"] > 150
    assert drawn["ticks"] == [str(k) for k in range(max(counts.values()) + 1)]  # one tick per count
    assert len(drawn["legendItems"]) == 2  # "no priority" and "outside the appeal"
    assert drawn["clickable"] == []  # a click here would do nothing: no pointer, no keyboard stop
    # hovering Nigeria: its name, then its count
    tip = visit.hover_map(MAP, "NGA")
    assert tip[0] == entities["NGA"][f"name_{lang}"] and re.sub(r"\D", "", tip[1]) == str(counts["NGA"])
    main = page.inner_text('[data-testid="stMainBlockContainer"]')
    assert theme_name in main
    # the same counts in the list of priorities below ("**Name** (count)")
    for iso3, count in counts.items():
        assert f"{entities[iso3][f'name_{lang}']} ({count})" in main
    # escaped markdown shows no backslashes
    assert "\\" not in main
    # the whole tab in one picture: Streamlit scrolls inside its own container, so make the window tall
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 9000)})
    page.wait_for_timeout(1500)
    visit.screenshot(f"themes-{lang}")
    page.set_viewport_size({"width": 1400, "height": 1000})
    if lang == "fr":
        _show_the_english_original(visit)

    # the matrix tab: a label per non-zero cell, the pillar groups on its axis, in the session's language
    matrix_label, search_label = TAB_LABELS[lang]
    _open_tab(visit, matrix_label, "matrix")
    page.wait_for_selector(".st-key-themes-matrix .js-plotly-plot .heatmaplayer", timeout=30_000)
    visit.wait_for_charts()
    matrix = page.locator(".st-key-themes-matrix .js-plotly-plot")
    assert matrix.locator(".heatmaplayer text").count() > 50
    assert pillar_label in matrix.inner_text()
    assert page.locator(".wca-map").count() == 0  # the theme's tab is no longer sent
    visit.screenshot(f"themes-matrix-{lang}")

    # the search tab: results highlighted (Streamlit draws :orange-background[...] as a styled span)
    _open_tab(visit, search_label, "search")
    page.get_by_role("textbox").first.fill("MIDAS")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=MIDAS**", timeout=30_000)
    visit.wait_for_page_complete()
    # at least three highlighted results; they are drawn one after another, so wait for the third
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMarkdownContainer"] span')]
                   .filter(s => s.textContent.includes('MIDAS')).length >= 3""",
        timeout=30_000,
    )
    assert visit.external_requests == []
    assert visit.console_errors == []
