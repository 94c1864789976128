"""The themes page (AppTest): every theme in English (a few in French), the numbers shown equal the tables',
the three questions the page must answer, search, URL state, presentation mode and missing tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import queries, search
from dashboard.i18n import format_int, format_usd, translate
from dashboard.tables import read_table
from tests.apptest_helpers import coloured, map_specs, open_data_views, run_page, texts
from tests.etl_helpers import rewrite_processed_table

PAGE = "app_pages/themes.py"
PRIORITIES = read_table("priorities")
PRIORITY_THEMES = read_table("priority_themes")
THEMES = read_table("themes")
PILLARS = read_table("pillars")
ENTITIES = read_table("entities")
APPEAL = read_table("appeal")
ORDERED = queries.ordered_themes(THEMES, PILLARS)
COUNTRIES = set(ENTITIES.loc[ENTITIES["kind"] == "country", "entity_id"])
NAMES = {
    lang: dict(zip(ENTITIES["entity_id"], ENTITIES[f"name_{lang}"], strict=True)) for lang in ("en", "fr")
}
TAGGED = PRIORITY_THEMES.merge(PRIORITIES[["priority_id", "entity_id", "text"]], on="priority_id")


def expected_countries(theme_id: str) -> set[str]:
    return set(TAGGED.loc[TAGGED["theme_id"] == theme_id, "entity_id"]) & COUNTRIES


def pillar_of(theme_id: str) -> str:
    return THEMES.set_index("theme_id").loc[theme_id, "pillar"]


def expected_pillar_amount(theme_id: str) -> int:
    rows = APPEAL[
        APPEAL["entity_id"].isin(expected_countries(theme_id)) & (APPEAL["pillar"] == pillar_of(theme_id))
    ]
    return int(rows["amount_usd"].sum())


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def plotly_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def map_locations(at) -> list[str]:
    """The countries the theme map colours by their number of priorities."""
    found = map_specs(at)
    assert len(found) == 1
    return list(coloured(found[0]))


def dataframe_with(at, column: str) -> pd.DataFrame:
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


def markdowns(at) -> list[str]:
    return [m.value for m in at.markdown]


def t(key: str, lang: str = "en", **values) -> str:
    return translate(key, lang, **values)


# --- every theme ---------------------------------------------------------------------------------------


def check_theme(at, theme_id: str, lang: str) -> None:
    assert not at.exception, at.exception
    assert at.selectbox(key="themes-theme").value == theme_id
    shown = metrics(at)
    countries = expected_countries(theme_id)
    n_priorities = int((PRIORITY_THEMES["theme_id"] == theme_id).sum())
    assert shown[t("themes.metric_countries", lang)] == format_int(len(countries), lang)
    assert shown[t("themes.metric_priorities", lang)] == format_int(n_priorities, lang)
    pillar_label = t(f"themes.pillar_short.{pillar_of(theme_id)}", lang)
    assert shown[t("themes.metric_appeal", lang, pillar=pillar_label)] == format_usd(
        expected_pillar_amount(theme_id), lang
    )
    # the map colours exactly the countries with the theme
    assert sorted(map_locations(at)) == sorted(countries)
    # every country named in the list of countries, in the session's language
    listing = next(m for m in markdowns(at) if m.startswith(t("themes.countries_list", lang, count="")[:12]))
    for entity_id in countries:
        assert search.escape_markdown(NAMES[lang][entity_id]) in listing
    # the priorities in the reader's language (in French the working translation): one bullet each, and
    # their table
    items = TAGGED[TAGGED["theme_id"] == theme_id]
    shown_texts = queries.priority_texts_in(PRIORITIES, lang).set_index("priority_id")["shown"]
    bullets = [line for m in markdowns(at) for line in m.split("\n") if line.startswith("- ")]
    for priority_id in items["priority_id"]:
        assert any(line.endswith(search.escape_markdown(shown_texts[priority_id])) for line in bullets)
    open_data_views(at, "themes-list-data")
    assert not at.exception, at.exception
    assert len(dataframe_with(at, t("themes.col.matched", lang))) == len(items)


@pytest.mark.parametrize("theme_id", THEMES["theme_id"].tolist())
def test_every_theme_in_english(theme_id):
    at = run_page(PAGE, "en", theme=theme_id)
    check_theme(at, theme_id, "en")


@pytest.mark.parametrize("theme_id", ["counter_trafficking", "border_management", "climate_environment_drr"])
def test_some_themes_in_french(theme_id):
    at = run_page(PAGE, "fr", theme=theme_id)
    check_theme(at, theme_id, "fr")
    assert t("themes.title", "fr") in texts(at)
    # French names: in the selector and the matrix
    name_fr = THEMES.set_index("theme_id").loc[theme_id, "name_fr"]
    assert name_fr in at.selectbox(key="themes-theme").format_func(theme_id)


def test_choosing_a_theme_writes_the_url():
    at = run_page(PAGE, "en")
    at.selectbox(key="themes-theme").set_value("health").run()
    assert not at.exception
    assert at.query_params["theme"] in ("health", ["health"])
    check_theme(at, "health", "en")


# --- the questions the page answers --------------------------------------------------------------------


def test_which_countries_prioritise_border_management():
    at = run_page(PAGE, "en", theme="border_management")
    listing = next(m for m in markdowns(at) if m.startswith("**Countries that prioritise it"))
    names = ["Benin", "Chad", "Côte d'Ivoire", "Ghana", "Guinea", "Guinea-Bissau", "Liberia", "Mali"]
    names += ["Mauritania", "Nigeria", "Senegal", "The Gambia", "The Niger"]
    assert listing == "**Countries that prioritise it (13):** " + ", ".join(names)
    assert expected_countries("border_management") == {
        "BEN", "TCD", "CIV", "GHA", "GIN", "GNB", "LBR", "MLI", "MRT", "NGA", "SEN", "GMB", "NER",
    }  # fmt: skip
    captions = [c.value for c in at.caption]
    assert any("Migration Initiatives 2020" in c for c in captions)  # with its source
    assert any("Theme taxonomy and keyword rules of this project" in c for c in captions)  # by title


def test_what_guinea_plans_on_counter_trafficking():
    at = run_page(PAGE, "en", theme="counter_trafficking")
    gin03 = PRIORITIES.set_index("priority_id").loc["GIN-03", "text"]
    assert gin03.startswith("Strengthen the capacities of the Government to combat trafficking in persons.")
    shown = markdowns(at)
    (block,) = [k for k, m in enumerate(shown) if "- " + search.escape_markdown(gin03) + "\n" in m]
    assert shown[block].startswith("**Guinea** (2)\n")  # in Guinea's block, under its name and count
    assert "VoTs" in shown[block]
    # with the words that gave it the theme, right under it, and the source
    after = shown[block].split("- " + search.escape_markdown(gin03) + "\n", 1)[1]
    assert after.lstrip().startswith(":small[:gray[")
    assert "words found: trafficking, VoTs" in after.split("\n- ")[0]
    assert any("Migration Initiatives 2020" in c.value for c in at.caption)


def test_what_climate_and_drr_countries_ask_under_the_pillar():
    at = run_page(PAGE, "en", theme="climate_environment_drr")
    assert pillar_of("climate_environment_drr") == "O2"
    countries = expected_countries("climate_environment_drr")
    assert countries == {"BFA", "GNB", "MRT", "SEN", "SLE"}
    rows = APPEAL[APPEAL["entity_id"].isin(countries) & (APPEAL["pillar"] == "O2")]
    total = int(rows["amount_usd"].sum())
    assert metrics(at)["2020 requirement — Objective 2"] == format_usd(total, "en")
    assert f"**Total for these 5 countries: {format_usd(total, 'en')}**" in markdowns(at)
    # labelled as the pillar's amount, not the theme's
    pillar = search.escape_markdown("Objective 2 — Addressing the mobility dimensions of crises")
    note = t("themes.appeal_note", pillar=pillar)
    assert note.startswith(
        "Requirement under Objective 2 — Addressing the mobility dimensions of crises, the"
    )
    assert "the appeal is not broken down by theme" in note and note in markdowns(at)
    open_data_views(at, "themes-appeal-data")
    table = dataframe_with(at, "2020 requirement under Objective 2 (USD)")
    assert table["2020 requirement under Objective 2 (USD)"].sum() == total
    assert sorted(table["Office"]) == sorted(NAMES["en"][c] for c in countries)
    assert any("Migration Initiatives 2020" in c.value for c in at.caption)


# --- the matrix ----------------------------------------------------------------------------------------


def matrix_table(at, lang: str = "en") -> pd.DataFrame:
    """The table behind the matrix (its view opened first): an office column and a column per theme."""
    open_data_views(at, "themes-matrix-data")
    assert not at.exception, at.exception
    office, themes = t("themes.col.office", lang), set(ORDERED[f"name_{lang}"])
    for frame in at.dataframe:
        if office in frame.value.columns and themes & set(frame.value.columns):
            return frame.value.set_index(office)
    raise AssertionError("no matrix table")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_matrix_equals_priority_themes(lang):
    at = run_page(PAGE, lang, view="matrix")
    assert not at.exception
    shown = matrix_table(at, lang)
    names = dict(zip(ORDERED[f"name_{lang}"], ORDERED["theme_id"], strict=True))
    offices = {v: k for k, v in NAMES[lang].items()}
    counts = TAGGED.groupby(["entity_id", "theme_id"]).size()
    assert set(shown.columns) == set(names) and len(shown) == len(ENTITIES)
    for office, row in shown.iterrows():
        for theme_name, value in row.items():
            assert value == counts.get((offices[office], names[theme_name]), 0), (office, theme_name)
    assert shown.to_numpy().sum() == len(PRIORITY_THEMES)
    # the heatmap draws the same numbers, themes labelled by pillar
    heatmap = next(s["data"][0] for s in plotly_specs(at) if s["data"][0]["type"] == "heatmap")
    assert sum(sum(row) for row in heatmap["z"]) == len(PRIORITY_THEMES)
    assert heatmap["y"][0][0] == t("themes.pillar_short.P1", lang)
    assert heatmap["y"][1] == list(shown.columns)


@pytest.mark.parametrize("country_order", queries.OFFICE_ORDERS)
@pytest.mark.parametrize("theme_order", queries.THEME_ORDERS)
def test_every_sort_order(country_order, theme_order):
    at = run_page(PAGE, "en", view="matrix", country_order=country_order, theme_order=theme_order)
    assert not at.exception
    shown = matrix_table(at)
    assert shown.index[-1] == "Regional Office Dakar"
    if country_order == "total":
        totals = shown.sum(axis=1).iloc[:-1].tolist()
        assert totals == sorted(totals, reverse=True)
    else:
        assert shown.index[:3].tolist() == ["Benin", "Burkina Faso", "Cabo Verde"]
    pillar = dict(zip(ORDERED["name_en"], ORDERED["pillar_seq"], strict=True))
    seqs = [pillar[c] for c in shown.columns]
    assert seqs == sorted(seqs)  # always grouped by pillar


def test_sort_controls_write_the_url():
    at = run_page(PAGE, "en", view="matrix")
    at.radio(key="themes-country-order").set_value("total").run()
    at.radio(key="themes-theme-order").set_value("name").run()
    assert not at.exception
    assert at.query_params["country_order"] in ("total", ["total"])
    assert at.query_params["theme_order"] in ("name", ["name"])
    totals = matrix_table(at).sum(axis=1).iloc[:-1].tolist()
    assert totals == sorted(totals, reverse=True)


# --- the region's own priorities and how themes are assigned -------------------------------------------


def test_regional_principles_and_objectives_under_their_pillar():
    at = run_page(PAGE, "en", view="regional")
    labels = [e.label for e in at.expander]
    for pillar in queries.PILLAR_ORDER:
        name = PILLARS.set_index("pillar_id").loc[pillar, "name_en"]
        label = f"{t('themes.pillar_short.' + pillar)} — {name}"
        assert search.escape_markdown(label) in labels
    shown = markdowns(at)
    for pillar in queries.PILLAR_ORDER:
        text = PRIORITIES.set_index("priority_id").loc[f"RO-DAKAR-{pillar}", "text"]
        assert search.escape_markdown(text) in shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_theme_definitions_are_shown_from_the_table(lang):
    at = run_page(PAGE, lang, view="method")
    table = dataframe_with(at, t("themes.col.keywords", lang))
    assert table[t("themes.col.theme", lang)].tolist() == ORDERED[f"name_{lang}"].tolist()
    assert table[t("themes.col.keywords", lang)].tolist() == ORDERED["keywords"].tolist()
    assert table[t("themes.col.search_terms_fr", lang)].tolist() == ORDERED["search_terms_fr"].tolist()
    assert table[t("themes.col.description", lang)].tolist() == ORDERED[f"description_{lang}"].tolist()
    counts = PRIORITY_THEMES.groupby("theme_id").size()
    assert table[t("themes.col.priorities", lang)].tolist() == [counts[th] for th in ORDERED["theme_id"]]


# --- search --------------------------------------------------------------------------------------------


def search_results(at) -> list[str]:
    """The result cards' first markdown (office, kind, highlighted text)."""
    return [m for m in markdowns(at) if "  \n" in m and " · " in m.split("  \n")[0]]


def test_search_midas_from_the_url():
    at = run_page(PAGE, "en", q="MIDAS")
    assert not at.exception
    assert at.text_input(key="q").value == "MIDAS"
    assert "**3 priorities found**" in markdowns(at)
    results = search_results(at)
    assert [r.split(" · ")[0] for r in results] == ["**Benin**", "**Chad**", "**The Gambia**"]
    assert all(":orange-background[MIDAS]" in r for r in results)
    open_data_views(at, "themes-search-data")
    table = dataframe_with(at, t("themes.col.themes"))
    assert table[t("themes.col.priority_id")].tolist() == ["BEN-02", "TCD-08", "GMB-04"]


def test_search_typed_transhumance_tracking_tool():
    at = run_page(PAGE, "en", view="search")
    at.text_input(key="q").input("Transhumance Tracking Tool").run()
    assert not at.exception
    # The box is bound to ?q= (Streamlit's bind="query-params"): the browser writes the words into the
    # URL, which AppTest does not simulate; tests/browser/test_themes_browser.py waits for "q=MIDAS".
    assert at.text_input(key="q").proto.query_param_key == "q"
    open_data_views(at, "themes-search-data")
    table = dataframe_with(at, t("themes.col.themes"))
    ids = table[t("themes.col.priority_id")].tolist()
    assert ids[:2] == ["RO-DAKAR-O2", "NGA-06"]
    assert {PRIORITIES.set_index("priority_id").loc[i, "entity_id"] for i in ids} == {"RO-DAKAR", "NGA"}
    assert ":orange-background[Transhumance Tracking Tool]" in search_results(at)[0]


@pytest.mark.parametrize(("lang", "query"), [("fr", "trafic"), ("fr", "traite"), ("en", "trafficking")])
def test_search_counter_trafficking(lang, query):
    at = run_page(PAGE, lang, q=query)
    assert not at.exception
    open_data_views(at, "themes-search-data")
    table = dataframe_with(at, t("themes.col.themes", lang))
    found = set(table[t("themes.col.priority_id", lang)])
    tagged = set(PRIORITY_THEMES.loc[PRIORITY_THEMES["theme_id"] == "counter_trafficking", "priority_id"])
    if query == "trafficking":
        assert found == {
            p
            for p, x in zip(PRIORITIES["priority_id"], PRIORITIES["text"], strict=True)
            if "trafficking" in x
        }
        assert found <= tagged
    else:
        # the theme's every priority, and French texts holding the word ("traite" in "traitement")
        holding = {
            p for p, x in zip(PRIORITIES["priority_id"], PRIORITIES["text_fr"], strict=True)
            if query in search.normalise(x)
        }  # fmt: skip
        assert found == tagged | holding
        assert any(t("themes.found_via_terms", lang, themes="")[:20] in c.value for c in at.caption)
    assert t("themes.search_count", lang, count=format_int(len(found), lang)) in markdowns(at)
    assert len(search_results(at)) == min(len(found), 25)


def test_search_cote_d_ivoire_and_filters():
    at = run_page(PAGE, "en", q="Cote d'Ivoire")
    open_data_views(at, "themes-search-data")
    table = dataframe_with(at, t("themes.col.themes"))
    civ = PRIORITIES.loc[PRIORITIES["entity_id"] == "CIV", "priority_id"].tolist()
    assert table[t("themes.col.priority_id")].tolist() == civ
    assert ":orange-background[Côte d’Ivoire]" in search_results(at)[0]
    # narrowed by theme
    at.multiselect(key="themes-q-themes").set_value(["counter_trafficking"]).run()
    assert not at.exception
    assert at.query_params["q_themes"] in ("counter_trafficking", ["counter_trafficking"])
    assert dataframe_with(at, t("themes.col.themes"))[t("themes.col.priority_id")].tolist() == ["CIV-04"]


def test_filters_alone_list_the_priorities():
    at = run_page(PAGE, "en", q_countries="GIN", q_themes="counter_trafficking")
    assert not at.exception
    assert at.multiselect(key="themes-q-countries").value == ["GIN"]
    open_data_views(at, "themes-search-data")
    table = dataframe_with(at, t("themes.col.themes"))
    assert table[t("themes.col.priority_id")].tolist() == ["GIN-01", "GIN-03"]


def test_search_nonsense_finds_nothing():
    at = run_page(PAGE, "en", q="xqzv")
    assert not at.exception
    assert [i.value for i in at.info] == [t("themes.search_none")]
    assert search_results(at) == []


def test_search_results_are_escaped(processed_copy):
    # a text with markdown, HTML, maths and a colour directive is shown as written, highlighted safely
    path = processed_copy / "priorities.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    nasty = "Extend MIDAS **now** :red[alarm] [click](http://example.com) <b>bold</b> $x$ _it_"
    table.loc[table["priority_id"] == "BEN-02", "text"] = nasty
    rewrite_processed_table(processed_copy, "priorities", table)
    at = run_page(PAGE, "en", q="MIDAS")
    assert not at.exception
    benin = search_results(at)[0]
    body = benin.split("  \n", 1)[1]
    assert body == (
        "Extend :orange-background[MIDAS] \\*\\*now\\*\\* \\:red\\[alarm\\] "
        # a zero-width word joiner in "://": Streamlit's autolinks ignore backslashes (dashboard/text.py)
        "\\[click\\](http:\u2060//example.com) \\<b\\>bold\\</b\\> \\$x\\$ \\_it\\_"
    )


# --- URL state, presentation, missing tables -----------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value"),
    [("theme", "nonsense"), ("theme", "x" * 500), ("country_order", "size"), ("theme_order", "colour")],
)
def test_bad_url_values_fall_back_with_a_notice(param, value):
    # The orders belong to the matrix: they are read (and corrected) when its tab is open.
    view = "matrix" if param.endswith("_order") else "theme"
    at = run_page(PAGE, "en", view=view, **{param: value})
    assert not at.exception
    assert any(param in str(toast.value) for toast in at.toast)
    if view == "theme":
        assert at.selectbox(key="themes-theme").value == ORDERED["theme_id"].iloc[0]
    else:
        assert at.radio(key="themes-country-order").value == "name"
        assert at.radio(key="themes-theme-order").value == "taxonomy"


def test_a_loosely_spelled_view_opens_its_tab():
    at = run_page(PAGE, "en", view=" METHOD")
    assert not at.exception and not at.toast
    assert (
        dataframe_with(at, t("themes.col.keywords"))[t("themes.col.theme")].tolist()
        == ORDERED["name_en"].tolist()
    )


@pytest.mark.parametrize("value", ["nonsense", "x" * 500])
def test_a_bad_view_falls_back_to_the_theme_with_a_notice(value):
    at = run_page(PAGE, "en", view=value)
    assert not at.exception
    assert any("view" in str(toast.value) for toast in at.toast)
    assert at.selectbox(key="themes-theme").value == ORDERED["theme_id"].iloc[0]
    assert len(map_specs(at)) == 1


def test_only_the_open_tab_runs_and_is_sent():
    """Each tab's content is computed and sent only while it is open: a rerun pays for what is shown."""
    at = run_page(PAGE, "en")
    assert [tab.label for tab in at.tabs] == [
        t(f"themes.tab.{v}") for v in ("theme", "matrix", "regional", "search", "method")
    ]
    assert len(map_specs(at)) == 1 and not any(s["data"][0]["type"] == "heatmap" for s in plotly_specs(at))
    assert len(at.text_input) == 0  # no search box
    at = run_page(PAGE, "en", view="matrix")
    assert len(map_specs(at)) == 0 and [s["data"][0]["type"] for s in plotly_specs(at)] == ["heatmap"]
    at = run_page(PAGE, "en", view="search")
    assert len(at.text_input) == 1 and len(map_specs(at)) == 0 and plotly_specs(at) == []


def test_a_search_link_opens_the_search_tab():
    at = run_page(PAGE, "en", q="MIDAS")
    assert len(at.text_input) == 1 and at.text_input(key="q").value == "MIDAS"
    assert search_results(at)


def test_oversized_query_is_cut_with_a_notice():
    linked = "MIDAS" + " " * 150 + "xqzv"  # the whole would find nothing, its first 100 characters MIDAS
    at = run_page(PAGE, "en", q=linked)
    assert not at.exception
    notice = t("themes.search_cut", count=search.MAX_QUERY_LENGTH)
    assert "q=" in notice and [str(toast.value) for toast in at.toast] == [notice]
    assert at.text_input(key="q").value == linked[: search.MAX_QUERY_LENGTH]
    assert "**3 priorities found**" in markdowns(at)
    assert [r.split(" · ")[0] for r in search_results(at)] == ["**Benin**", "**Chad**", "**The Gambia**"]


def test_bad_filter_values_are_dropped_with_a_notice():
    at = run_page(PAGE, "en", q="MIDAS", q_countries="BEN,XXX", q_themes="nope")
    assert not at.exception
    assert at.multiselect(key="themes-q-countries").value == ["BEN"]
    assert any("XXX" in str(toast.value) for toast in at.toast)
    assert [r.split(" · ")[0] for r in search_results(at)] == ["**Benin**"]


def test_missing_priority_themes_stops_this_page_only(processed_copy):
    (processed_copy / "priority_themes.csv").unlink()
    at = run_page(PAGE, "en")
    assert not at.exception
    assert any("priority_themes" in e.value for e in at.error)
    assert len(at.get("plotly_chart")) == 0 and not map_specs(at)
    assert not run_page("app_pages/overview.py", "en").exception


def test_missing_appeal_keeps_the_rest_of_the_page(processed_copy):
    (processed_copy / "appeal.csv").unlink()
    at = run_page(PAGE, "en", theme="border_management")
    assert not at.exception
    assert any("appeal" in w.value for w in at.warning)
    assert metrics(at)["2020 requirement — Objective 3"] == "–"
    assert sorted(map_locations(at)) == sorted(expected_countries("border_management"))


def test_the_page_leaves_what_it_shares_unchanged():
    """The theme's map, the matrix and the found-words captions are built once per process and shared by
    every session: the captions and names cannot be changed, and two runs with every table open leave the
    map and the matrix as built."""
    from dashboard.sections import themes, themes_matrix

    def shared() -> str:
        return json.dumps(
            [
                themes.theme_map("border_management", "en"),
                themes_matrix.matrix_figure("name", "taxonomy", "en").to_dict(),
            ],
            sort_keys=True,
            default=str,
        )

    run_page(PAGE, "en", theme="border_management")
    run_page(PAGE, "en", view="matrix")
    before = shared()
    for view in ("theme", "matrix", "regional", "search", "method"):
        at = open_data_views(run_page(PAGE, "en", view=view, theme="border_management", q="MIDAS"))
        assert not at.exception, view
    assert shared() == before
    captions, names = themes.found_words("en"), themes.names("en")
    with pytest.raises(TypeError):
        captions[("GIN-03", None)] = "changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        names.offices["GIN"] = "changed"  # type: ignore[index]
    assert "words found: trafficking, VoTs" in captions[("GIN-03", "counter_trafficking")]
