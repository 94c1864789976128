"""The themes page's computations (dashboard.views) and its chart builder (dashboard.charts.count_heatmap),
on the real tables and on small frames."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import charts, queries
from dashboard.tables import read_table


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    names = ("priorities", "priority_themes", "themes", "pillars", "entities", "appeal")
    return {name: read_table(name) for name in names}


@pytest.fixture(scope="module")
def ordered(tables) -> pd.DataFrame:
    return queries.ordered_themes(tables["themes"], tables["pillars"])


@pytest.fixture(scope="module")
def matrix(tables) -> pd.DataFrame:
    t = tables
    return queries.theme_matrix(t["priorities"], t["priority_themes"], t["themes"], t["entities"])


def test_ordered_themes_grouped_by_pillar_in_taxonomy_order(tables, ordered):
    assert sorted(ordered["theme_id"]) == sorted(tables["themes"]["theme_id"])
    seqs = ordered["pillar_seq"].tolist()
    assert seqs == sorted(seqs)
    assert ordered["position"].tolist() == list(range(len(ordered)))
    # within a pillar, the taxonomy's (themes.csv) order
    taxonomy = {theme_id: i for i, theme_id in enumerate(tables["themes"]["theme_id"])}
    for _, group in ordered.groupby("pillar"):
        positions = [taxonomy[th] for th in group["theme_id"]]
        assert positions == sorted(positions)
    assert ordered["theme_id"].iloc[0] == "protection_vulnerable_migrants"  # the only P1 theme
    o3 = ordered.loc[ordered["pillar"] == "O3", "theme_id"].tolist()
    assert o3[:2] == ["counter_trafficking", "border_management"]
    assert ordered.loc[ordered["pillar"] == "O3", "pillar_name_en"].iloc[0].startswith("Migration should")


def test_matrix_equals_priority_themes(tables, matrix):
    pt, prios, entities, themes = (tables[n] for n in ("priority_themes", "priorities", "entities", "themes"))
    assert len(matrix) == len(entities) * len(themes)  # every office x every theme, zeros included
    expected = (
        pt.merge(prios[["priority_id", "entity_id"]], on="priority_id")
        .groupby(["entity_id", "theme_id"])
        .size()
    )
    got = matrix.set_index(["entity_id", "theme_id"])["count"]
    assert got[got > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert matrix["count"].sum() == len(pt)
    # spot checks on the document: Chad's MIDAS bullet is one of its border-management priorities
    assert got["TCD", "border_management"] >= 1
    assert got["CAF", "social_cohesion_peacebuilding"] == 7  # the darkest cell of the matrix
    assert got["CAF", "counter_trafficking"] == 0


def test_matrix_counts_a_priority_once_per_theme():
    prios = pd.DataFrame({"priority_id": ["A-1", "A-2"], "entity_id": ["A", "A"]})
    pt = pd.DataFrame(
        {"priority_id": ["A-1", "A-1", "A-2"], "theme_id": ["x", "x", "y"], "matched": ["k", "k", "k"]}
    )
    themes = pd.DataFrame({"theme_id": ["x", "y", "z"]})
    entities = pd.DataFrame({"entity_id": ["A", "B"]})
    m = queries.theme_matrix(prios, pt, themes, entities).set_index(["entity_id", "theme_id"])["count"]
    assert m.to_dict() == {
        ("A", "x"): 1, ("A", "y"): 1, ("A", "z"): 0, ("B", "x"): 0, ("B", "y"): 0, ("B", "z"): 0,
    }  # fmt: skip


def test_office_order(tables, matrix):
    entities = tables["entities"]
    by_name = queries.office_order(matrix, entities, "name", "en")
    assert by_name[-1] == "RO-DAKAR"  # the region's own section after the countries
    assert by_name[:3] == ["BEN", "BFA", "CPV"]
    assert by_name.index("CIV") < by_name.index("GAB")  # "Côte" sorts with C
    by_name_fr = queries.office_order(matrix, entities, "name", "fr")
    assert by_name_fr[:2] == ["BEN", "BFA"] and by_name_fr.index("TCD") > by_name_fr.index("SLE")  # Tchad
    by_total = queries.office_order(matrix, entities, "total", "en")
    assert by_total[-1] == "RO-DAKAR"
    totals = matrix.groupby("entity_id")["count"].sum()
    values = [totals[e] for e in by_total[:-1]]
    assert values == sorted(values, reverse=True)
    assert sorted(by_total) == sorted(entities["entity_id"])


@pytest.mark.parametrize("by", queries.THEME_ORDERS)
def test_theme_order_keeps_pillars_together(matrix, ordered, by):
    order = queries.theme_order(matrix, ordered, by, "en")
    assert sorted(order) == sorted(ordered["theme_id"])
    pillar = dict(zip(ordered["theme_id"], ordered["pillar_seq"], strict=True))
    seqs = [pillar[th] for th in order]
    assert seqs == sorted(seqs)
    totals = matrix.groupby("theme_id")["count"].sum()
    names = dict(zip(ordered["theme_id"], ordered["name_en"], strict=True))
    o2 = [th for th in order if pillar[th] == 5]
    if by == "taxonomy":
        assert order == ordered["theme_id"].tolist()
    elif by == "total":
        assert [totals[th] for th in o2] == sorted((totals[th] for th in o2), reverse=True)
    else:
        assert [names[th] for th in o2] == sorted(names[th] for th in o2)


def test_theme_offices_border_management(tables):
    t = tables
    offices = queries.theme_offices(t["priorities"], t["priority_themes"], t["entities"], "border_management")
    countries = offices.loc[offices["kind"] == "country", "entity_id"].tolist()
    assert set(countries) == {
        "BEN", "CIV", "GHA", "GIN", "GMB", "GNB", "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "TCD",
    }  # fmt: skip
    assert offices["entity_id"].iloc[-1] == "RO-DAKAR"
    assert offices.set_index("entity_id").loc["GIN", "count"] == 3
    assert offices["count"].sum() == (t["priority_themes"]["theme_id"] == "border_management").sum()


def test_theme_priorities_guinea_counter_trafficking(tables):
    t = tables
    items = queries.theme_priorities(
        t["priorities"], t["priority_themes"], t["entities"], "counter_trafficking"
    )
    guinea = items[items["entity_id"] == "GIN"]
    assert guinea["priority_id"].tolist() == ["GIN-01", "GIN-03"]
    gin03 = guinea.set_index("priority_id").loc["GIN-03"]
    assert gin03["text"].startswith("Strengthen the capacities of the Government to combat trafficking")
    assert gin03["matched"] == r"traffick; \bVoTs?\b" and gin03["name_fr"] == "Guinée"
    assert items["priority_id"].iloc[0].startswith("RO-DAKAR")  # document order: regional section first


def test_theme_pillar_appeal_is_the_pillar_amount(tables):
    appeal, entities = tables["appeal"], tables["entities"]
    countries = ["BFA", "GNB", "MRT", "SEN", "SLE"]
    amounts = queries.theme_pillar_appeal(appeal, entities, countries, "O2")
    expected = appeal[appeal["entity_id"].isin(countries) & (appeal["pillar"] == "O2")]
    assert amounts["amount_usd"].sum() == expected["amount_usd"].sum()
    assert set(amounts["entity_id"]) == set(countries)
    assert amounts["amount_usd"].is_monotonic_decreasing
    assert set(amounts["source_id"]) == set(expected["source_id"])
    assert queries.theme_pillar_appeal(appeal, entities, [], "O2").empty


def test_regional_statements(tables):
    statements = queries.regional_statements(tables["priorities"], tables["pillars"])
    assert statements["pillar"].tolist() == list(queries.PILLAR_ORDER)
    assert statements["priority_id"].tolist() == [f"RO-DAKAR-{p}" for p in queries.PILLAR_ORDER]
    assert statements["pillar_group"].tolist() == ["principle"] * 3 + ["objective"] * 3
    assert "Transhumance Tracking Tool" in statements.set_index("pillar").loc["O2", "text"]


def test_priority_theme_names(tables, ordered):
    names = queries.priority_theme_names(tables["priority_themes"], ordered)
    gin03 = names[names["priority_id"] == "GIN-03"]
    assert "counter_trafficking" in gin03["theme_id"].tolist()
    positions = dict(zip(ordered["theme_id"], ordered["position"], strict=True))
    assert [positions[th] for th in gin03["theme_id"]] == sorted(positions[th] for th in gin03["theme_id"])
    assert len(names) == len(tables["priority_themes"])


def test_count_heatmap_groups_rows_by_pillar():
    fig = charts.count_heatmap(
        [[0, 2], [1, 0], [3, 1]],
        ["Benin", "Regional Office"],
        ["Theme a", "Theme b", "Theme c"],
        row_groups=["Principle 1", "Objective 2", "Objective 2"],
        hover_texts=[["a <b>", "b"], ["c", "d"], ["e", "f\ng"]],
        colorbar_title="Priorities",
        separate_last_column=True,
    )
    spec = json.loads(fig.to_json())
    heatmap = spec["data"][0]
    assert heatmap["type"] == "heatmap"
    assert heatmap["y"] == [["Principle 1", "Objective 2", "Objective 2"], ["Theme a", "Theme b", "Theme c"]]
    assert heatmap["text"] == [["", "2"], ["1", ""], ["3", "1"]]  # zero cells stay empty
    assert heatmap["hovertext"][0][0] == "a &lt;b&gt;" and heatmap["hovertext"][2][1] == "f<br>g"
    assert heatmap["zmin"] == 0 and heatmap["zmax"] == 3
    # one line between the two pillar groups, one before the last column
    shapes = spec["layout"]["shapes"]
    assert [s["yref"] for s in shapes] == ["y", "paper"]
    assert shapes[0]["y0"] == 0.5 and shapes[1]["x0"] == 0.5


# --- the priorities' texts in the reader's language ---------------------------------------------------


def test_priority_texts_in_each_language(tables):
    priorities = tables["priorities"]
    english = queries.priority_texts_in(priorities, "en")
    assert english["shown"].tolist() == english["original"].tolist() == priorities["text"].tolist()
    assert not english[["translated", "stale", "untranslated"]].to_numpy().any()
    french = queries.priority_texts_in(priorities, "fr")
    assert french["priority_id"].tolist() == priorities["priority_id"].tolist()
    assert french["shown"].tolist() == priorities["text_fr"].tolist()  # every priority is translated
    assert french["original"].tolist() == priorities["text"].tolist()
    assert french["translated"].all() and not french["untranslated"].any()
    assert french["stale"].tolist() == priorities["text_fr_stale"].tolist()


def test_priority_texts_mark_stale_and_missing_translations():
    small = pd.DataFrame({
        "priority_id": ["A-1", "A-2", "A-3", "A-4"],
        "kind": ["bullet"] * 4,
        "text": ["one", "two", "three", "four"],
        "text_fr": ["un", "", None, "quatre"],
        "text_fr_stale": [True, True, False, False],
    })  # fmt: skip
    french = queries.priority_texts_in(small, "fr")
    assert french["shown"].tolist() == ["un", "two", "three", "quatre"]  # the English where no French
    assert french["untranslated"].tolist() == [False, True, True, False]
    assert french["stale"].tolist() == [True, False, False, False]  # stale only where a French text is shown
    english = queries.priority_texts_in(small, "en")
    assert english["shown"].tolist() == small["text"].tolist() and not english["stale"].any()
    # a table without French texts: French readers read the English, marked as untranslated
    english_only = small.drop(columns=["text_fr", "text_fr_stale"])
    assert queries.priority_texts_in(english_only, "fr")["untranslated"].all()
    assert small["text_fr"].tolist() == ["un", "", None, "quatre"]  # the table is left as it was
