"""Text search over the priorities (dashboard.search): tolerant of accents, case and apostrophes, in the
English texts and their French working translations, French through the themes' search terms too, office
names in both languages; safe highlighting in the language shown."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import search
from dashboard.tables import read_table


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {n: read_table(n) for n in ("priorities", "entities", "themes", "priority_themes")}


def find(tables, query: str) -> pd.DataFrame:
    t = tables
    return search.search_priorities(query, t["priorities"], t["entities"], t["themes"], t["priority_themes"])


def ids(tables, query: str) -> list[str]:
    return find(tables, query)["priority_id"].tolist()


def theme_priorities(tables, theme_id: str) -> set[str]:
    pt = tables["priority_themes"]
    return set(pt.loc[pt["theme_id"] == theme_id, "priority_id"])


# --- normalising ---------------------------------------------------------------------------------------


def test_normalise_drops_accents_case_and_curly_apostrophes():
    assert search.normalise("Côte d’Ivoire") == search.normalise("COTE D'IVOIRE") == "cote d'ivoire"
    assert search.normalise("Guinée-Bissau, Bénin, Réinstallation") == "guinee-bissau, benin, reinstallation"
    assert search.normalise("Straße") == "strasse"


def test_normalise_with_map_points_back_to_the_original():
    folded, origin = search.normalise_with_map("Straße Côte")
    assert folded == "strasse cote"
    assert len(origin) == len(folded)
    assert origin[4:6] == [4, 4]  # "ss" both come from "ß"
    assert "Straße Côte"[origin[folded.index("cote")]] == "C"


def test_query_words():
    assert search.query_words("  Côte d’Ivoire, MIDAS  midas ") == ["cote", "d", "ivoire", "midas"]
    assert search.query_words("") == [] and search.query_words("?!-") == []
    assert len("".join(search.query_words("a" * 500))) == search.MAX_QUERY_LENGTH


# --- what the search finds on the real document --------------------------------------------------------


def test_transhumance_tracking_tool_is_the_regional_section_and_nigeria(tables):
    found = find(tables, "Transhumance Tracking Tool")
    assert set(found["entity_id"]) == {"RO-DAKAR", "NGA"}
    # the two texts holding the phrase come first
    phrase = found[found["phrase"]]["priority_id"].tolist()
    assert phrase == ["RO-DAKAR-O2", "NGA-06"] == found["priority_id"].tolist()[:2]


def test_midas_is_benin_chad_and_the_gambia(tables):
    found = find(tables, "MIDAS")
    assert found["priority_id"].tolist() == ["BEN-02", "TCD-08", "GMB-04"]
    assert set(found["entity_id"]) == {"BEN", "TCD", "GMB"}
    # MIDAS is also a French search term of border management, but a word of the texts: no widening
    assert (found["via_themes"] == "").all()
    assert ids(tables, "midas") == ids(tables, "MIDAS")


@pytest.mark.parametrize("query", ["trafic", "traite", "TRAFIC", "lutte contre le trafic", "traité"])
def test_french_words_find_counter_trafficking(tables, query):
    found = find(tables, query).set_index("priority_id")
    tagged = theme_priorities(tables, "counter_trafficking")
    # every counter-trafficking priority, through the theme's French search terms...
    assert tagged <= set(found.index)
    assert (found.loc[sorted(tagged), "via_themes"] == "counter_trafficking").all()
    # ...and beyond it only French texts that hold the words ("traite" inside "traitement"), highlighted
    french = tables["priorities"].set_index("priority_id")["text_fr"].map(search.normalise)
    words = search.query_words(query)
    extra = set(found.index) - tagged
    assert all(all(w in french[p] for w in words) and found.loc[p, "spans_fr"] for p in extra)
    if search.query_words(query) == ["traite"]:
        assert extra == {p for p, text in french.items() if "traite" in text} - tagged


def test_french_text_is_searched_and_highlighted(tables):
    priorities = tables["priorities"].set_index("priority_id")
    # a word only the French working translation holds finds the texts that hold it, highlighted there
    holding = {p for p, text in priorities["text_fr"].items() if "frontières" in text}
    assert holding and not any("frontières" in text for text in priorities["text"])
    found = find(tables, "frontières").set_index("priority_id")
    assert holding <= set(found.index)
    for priority_id in sorted(holding):
        text = priorities.loc[priority_id, "text_fr"]
        assert "frontières" in [text[a:b] for a, b in found.loc[priority_id, "spans_fr"]]
        assert found.loc[priority_id, "spans"] == []  # nothing to highlight in the English
    # accents and case do not matter, in French as in English
    assert ids(tables, "FRONTIERES") == ids(tables, "frontières")
    # an English word still finds its English texts, highlighted in the English only
    midas = find(tables, "MIDAS").set_index("priority_id")
    for priority_id in midas.index:
        english = priorities.loc[priority_id, "text"]
        assert [english[a:b] for a, b in midas.loc[priority_id, "spans"]] == ["MIDAS"]


def test_without_french_texts_only_the_english_is_searched(tables):
    english_only = tables["priorities"].drop(columns=["text_fr", "text_fr_stale"])
    found = find({**tables, "priorities": english_only}, "frontières")
    # only the theme's French search terms find something, nothing is highlighted
    assert set(found["priority_id"]) == theme_priorities(tables, "border_management")
    assert found["spans"].map(len).sum() == 0 and found["spans_fr"].map(len).sum() == 0


def test_trafficking_finds_counter_trafficking_priorities(tables):
    found = ids(tables, "trafficking")
    texts = tables["priorities"].set_index("priority_id")["text"]
    assert set(found) == {p for p, text in texts.items() if "trafficking" in text.lower()}
    assert "NER-05" in found  # "countertrafficking": the word lost its hyphen in the document
    assert set(found) <= theme_priorities(tables, "counter_trafficking")
    assert len(found) >= 25


@pytest.mark.parametrize("query", ["Cote d'Ivoire", "cote d ivoire", "CÔTE D’IVOIRE", "Côte d'Ivoire"])
def test_cote_d_ivoire_finds_its_section(tables, query):
    found = find(tables, query)
    civ = tables["priorities"].loc[tables["priorities"]["entity_id"] == "CIV", "priority_id"]
    assert found["priority_id"].tolist() == civ.tolist()
    assert found["in_office"].all()
    # CIV-01 names the country in its text ("Côte d’Ivoire", curly apostrophe): one highlighted span
    text = tables["priorities"].set_index("priority_id").loc["CIV-01", "text"]
    spans = found.set_index("priority_id").loc["CIV-01", "spans"]
    assert [text[a:b] for a, b in spans] == ["Côte d’Ivoire"]


def test_office_names_in_french_and_whole_words(tables):
    tchad = find(tables, "Tchad")
    chad = tables["priorities"].loc[tables["priorities"]["entity_id"] == "TCD", "priority_id"]
    assert set(chad) <= set(tchad.loc[tchad["in_office"], "priority_id"])
    # other offices' texts that name the country in French ("le bassin du lac Tchad"), as "Chad" does
    others = tchad[tchad["entity_id"] != "TCD"]
    assert not others["in_office"].any() and others["spans_fr"].map(len).all()
    assert tchad["priority_id"].tolist() == ids(tables, "Chad")
    assert set(find(tables, "Guinée")["entity_id"]) == {"GIN", "GNB"}  # Guinée, Guinée-Bissau
    assert "NGA" not in set(find(tables, "Gambie")["entity_id"])


def test_every_word_must_be_found(tables):
    assert ids(tables, "MIDAS Chad") == ["TCD-08"]  # one word in the text, one in the office name
    assert ids(tables, "trafic Guinée") == ["GIN-01", "GIN-03", "GNB-05"]  # theme term + office name
    assert ids(tables, "MIDAS xqzv") == []


@pytest.mark.parametrize("query", ["xqzv", "", "   ", "!!!"])
def test_nonsense_or_empty_finds_nothing(tables, query):
    found = find(tables, query)
    assert found.empty and list(found.columns) == search.RESULT_COLUMNS


def test_theme_terms_need_a_french_only_word(tables):
    themes = tables["themes"]
    assert search.theme_terms_in_query(["trafic"], themes) == {"counter_trafficking": {"trafic"}}
    assert search.theme_terms_in_query(["midas"], themes, text_words=["midas"]) == {}
    assert "border_management" in search.theme_terms_in_query(["gestion", "des", "frontieres"], themes)
    assert search.theme_terms_in_query(["migrants"], themes) == {}  # no term is "migrants" alone


# --- highlighting ---------------------------------------------------------------------------------------


def test_match_spans_merge_neighbouring_words():
    text = "IOM runs the Transhumance Tracking Tool (TTT) and countertrafficking work."
    spans = search.match_spans(text, search.query_words("transhumance tracking tool"))
    assert [text[a:b] for a, b in spans] == ["Transhumance Tracking Tool"]
    spans = search.match_spans(text, ["trafficking", "ttt"])
    assert [text[a:b] for a, b in spans] == ["TTT", "trafficking"]
    # two-letter words only as whole words: "an" is not found inside "and"
    assert search.match_spans("and an", ["an"]) == [(4, 6)]


UNSAFE = "**bold** _it_ [link](http://example.com) <b>x</b> :red[red] $x^2$ `code` \\ | ~~s~~ &amp; :smile:"


def unescape(text: str) -> str:
    """What a reader sees of escaped text: no backslash escapes, no zero-width word joiners."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def test_escape_markdown_leaves_no_markup():
    escaped = search.escape_markdown(UNSAFE)
    assert escaped == (
        "\\*\\*bold\\*\\* \\_it\\_ \\[link\\](http:\u2060//example.com) \\<b\\>x\\</b\\> \\:red\\[red\\] "
        "\\$x^2\\$ \\`code\\` \\\\ | \\~\\~s\\~\\~ \\&amp; \\:smile\\:"
    )
    # no markup character is left unescaped (a pipe is, outside a table's delimiter row:
    # tests/test_escaping.py)...
    for char in "*_[]<>$`~":
        assert re.search(rf"(?<!\\){re.escape(char)}", escaped.replace("\\\\", "")) is None, char
    # ...and removing the escapes gives the text back, so a reader sees exactly what the data says
    assert unescape(escaped) == UNSAFE
    assert search.escape_markdown("line one\n\nline  two") == "line one line two"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# Title", "\\# Title"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. first", "1\\. first"),
        ("12) twelfth", "12\\) twelfth"),
        # ordinary text stays as written: the priorities read as in the document
        ("cross-border (MIDAS). Note: fine, 50% of 1. x", "cross-border (MIDAS). Note: fine, 50% of 1. x"),
        ("Côte d’Ivoire & partners", "Côte d’Ivoire & partners"),
    ],
)
def test_escape_markdown_line_starts_and_ordinary_text(text, escaped):
    assert search.escape_markdown(text) == escaped
    assert unescape(escaped) == text


def test_highlight_markdown_wraps_only_the_spans_and_escapes_inside_and_out():
    text = "Use MIDAS [v2] *now*: :red[x] 50% <script>"
    start = text.index("MIDAS [v2]")
    marked = search.highlight_markdown(text, [(start, start + len("MIDAS [v2]"))])
    assert marked == "Use :orange-background[MIDAS \\[v2\\]] \\*now\\*: \\:red\\[x\\] 50% \\<script\\>"
    # the only unescaped brackets are those of the highlight directive
    assert re.findall(r"(?<!\\)[\[\]]", marked) == ["[", "]"]
    assert search.highlight_markdown("plain", []) == "plain"
    assert search.highlight_markdown("a b", [(0, 1), (0, 1), (2, 3)]) == (
        ":orange-background[a] :orange-background[b]"
    )
    # a colon just before a highlight cannot join it into a short code
    assert search.highlight_markdown("Note:MIDAS", [(5, 10)]) == "Note\\::orange-background[MIDAS]"


def test_rule_hits_show_the_words_as_written():
    text = "Protect vulnerable migrants and VoTs; migration policies."
    assert search.rule_hits(text, r"vulnerab; \bVoTs?\b; polic(y|ies); protect") == [
        "vulnerable", "VoTs", "policies", "Protect",
    ]  # fmt: skip
    assert search.rule_hits(text, "space travel") == ["space travel"]  # nothing found: the rule itself
    assert search.rule_hits(text, "traffick(") == ["traffick("]  # not a pattern: shown as written
