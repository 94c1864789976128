"""Everything from the data is text (issue #16): dashboard/text.py's escaping, and the shared builders that
use it, with the strings an operator's file could hold.

A "reader" here is what reads the escaped text: CommonMark (markdown-it, as Streamlit's Markdown reads
links, images, emphasis and blocks), plotly's text rule (tags split off, then entities decoded) and
python-pptx. The browser test (tests/browser/test_hostile_text_browser.py) checks the real renderers.
"""

from __future__ import annotations

import html
import io
import re

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from dashboard import charts, citations, maps, search
from dashboard.text import WORD_JOINER, for_html, for_markdown, for_markdown_lines, for_plotly, for_pptx

LINK = "[link](http://example.invalid/x)"
IMAGE = "![p](http://example.invalid/pixel.png)"
IMG_TAG = "<img src=http://example.invalid/i.png>"
ANCHOR = "<a href=http://example.invalid>x</a>"
COLOUR = ":red[colour]"
BOLD = "**bold**"
LATEX = "$x^2$"
HOSTILE = [
    LINK, IMAGE, IMG_TAG, ANCHOR, COLOUR, BOLD, LATEX,
    "www.example.invalid/w", "mail@example.invalid", "<http://example.invalid/auto>",
    "# heading", "- item", "+ item", "1. first", "> quote", "---", "`code`", "~~strike~~", "| a | b |",
    ":material/home: :smile:", ":blue-background[x]", "<b>bold</b> <i>i</i> <span style='color:red'>s</span>",
    "&lt;b&gt; &amp; &#36;", "$$\\int$$", "%{y} %{customdata}", "_under_ \\back\\slash",
    "<script>alert(1)</script>", "line one\nline two",
]  # fmt: skip
ALL_IN_ONE = " ".join([LINK, IMAGE, IMG_TAG, ANCHOR, COLOUR, BOLD, LATEX])
# What CommonMark turns into elements; escaped text must give none of them, only <p> around its text.
MARKUP_ELEMENTS = re.compile(r"<(?!/?p>)[a-z/!]", re.IGNORECASE)


def markdown_html(markdown: str) -> str:
    """`markdown` as CommonMark (with GitHub tables and strikethrough) renders it."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def markdown_reads(markdown: str) -> str:
    """The text a reader sees of rendered `markdown`: paragraphs' text and line breaks, entities decoded."""
    shown = html.unescape(re.sub(r"</?p>\n?|<br />", "", markdown_html(markdown))).strip()
    return shown.replace(WORD_JOINER, "")  # zero width: not seen


def plotly_reads(text: str) -> tuple[str, list[str]]:
    """(the text plotly draws, the tags it reads as markup), by plotly's rule (svg_text_utils.js): the
    string is split at tags (<...>), then entities are decoded in the text between them."""
    parts = re.split(r"(<[^<>]*>)", text)
    tags = [p for p in parts if p.startswith("<") and p.endswith(">")]
    shown = "".join("\n" if p == "<br>" else "" if p in tags else html.unescape(p) for p in parts)
    return shown, tags


# --- Markdown -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE + [ALL_IN_ONE])
def test_markdown_shows_the_text_and_no_markup(text):
    escaped = for_markdown(text)
    rendered = markdown_html(escaped)
    assert not MARKUP_ELEMENTS.search(rendered), rendered
    # The reader sees exactly the data's text (line breaks as spaces: no block can start mid-text).
    assert markdown_reads(escaped) == " ".join(text.split())


# Streamlit's GitHub autolinks (mdast-util-gfm-autolink-literal, in its Markdown bundle) search the text
# nodes, i.e. the text after escapes are read: a backslash cannot stop them.
GFM_AUTOLINKS = [
    re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE),
    re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),
]


@pytest.mark.parametrize(
    "text", [LINK, IMAGE, IMG_TAG, ANCHOR, "www.example.invalid", "a mail@example.invalid"]
)
def test_no_autolink_forms_in_the_text_streamlit_reads(text):
    text_node = re.sub(r"\\(.)", r"\1", for_markdown(text))  # escapes read, word joiners kept
    assert [p.pattern for p in GFM_AUTOLINKS if p.search(text_node)] == []
    assert [p.pattern for p in GFM_AUTOLINKS if p.search(text)]  # ...which the raw text would make


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        # What CommonMark does not know but Streamlit reads: colour directives, short codes, maths,
        # GitHub's autolinks (found after escapes are read: a zero-width word joiner breaks them).
        (COLOUR, "\\:red\\[colour\\]"),
        (":material/home: :smile:", "\\:material/home: \\:smile\\:"),
        (LATEX, "\\$x^2\\$"),
        ("www.example.invalid/w", "www\u2060.example.invalid/w"),
        ("WWW.example.invalid", "WWW\u2060.example.invalid"),
        ("mail@example.invalid", "mail\u2060@example.invalid"),
        ("http://example.invalid", "http:\u2060//example.invalid"),
        # ordinary text stays as written
        ("Far North / Extrême-Nord, 31 October 2020", "Far North / Extrême-Nord, 31 October 2020"),
        ("Côte d’Ivoire & partners (50%): fine", "Côte d’Ivoire & partners (50%): fine"),
        ("awww. ok", "awww. ok"),
    ],
)
def test_markdown_escapes_what_streamlit_reads_beyond_commonmark(text, escaped):
    assert for_markdown(text) == escaped
    # removing the escapes (and word joiners) gives the text back
    assert re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "") == text


@pytest.mark.parametrize(
    "lines",
    [["a | b", ":--|--"], ["| a |", "| --- |"], ["a | b", "- | -"], ["x|y", "|-|-|"], ["a | b", "--- | ---"]],
)
def test_no_table_can_form_from_data_lines(lines):
    shown = for_markdown_lines(lines)
    assert "<table" not in markdown_html(shown)
    assert markdown_reads(shown).splitlines() == lines
    # ...while an ordinary pipe stays as written ("As of … | source")
    assert for_markdown("As of 31 October 2020 | IOM DTM") == "As of 31 October 2020 | IOM DTM"


def test_markdown_lines_are_escaped_one_by_one():
    lines = for_markdown_lines(["# one", LINK])
    assert lines == "\\# one  \n\\[link\\](http:\u2060//example.invalid/x)"
    assert "<a" not in markdown_html(lines) and "<h1" not in markdown_html(lines)


def test_the_old_name_is_the_one_path():
    assert search.escape_markdown(ALL_IN_ONE) == for_markdown(ALL_IN_ONE)
    marked = search.highlight_markdown(ALL_IN_ONE, [(0, 4)])
    assert marked.startswith(":orange-background[\\[lin]") and "<a" not in markdown_html(marked)


# --- plotly ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE + [ALL_IN_ONE])
def test_plotly_shows_the_text_and_no_markup(text):
    escaped = for_plotly(text)
    shown, tags = plotly_reads(escaped)
    assert set(tags) <= {"<br>"}  # only a line break, where the text has one
    assert "$" not in escaped  # plotly would hand $…$ to MathJax
    if not re.search(r"&\w+;|&#\d+;", text):  # entities are read as such (see below)
        assert shown == text


def test_plotly_does_not_escape_twice():
    # Text a caller escaped (html.escape) or wrapped (<br>) draws the same as the plain text.
    assert for_plotly("Sao Tome & Principe") == "Sao Tome &amp; Principe"
    name = "Sao Tome & Principe <x>"
    assert for_plotly(html.escape(name, quote=False)) == for_plotly(name)
    assert for_plotly("Objective 2 —<br>Addressing crises") == "Objective 2 —<br>Addressing crises"
    for text in HOSTILE:
        assert for_plotly(for_plotly(text)) == for_plotly(text)
    # ...but only <br> itself is kept: no other tag, however written
    assert plotly_reads(for_plotly("<br/><BR><br >x"))[1] == []


def test_html_and_pptx_texts():
    assert for_html(ANCHOR + "'\"") == "&lt;a href=http://example.invalid&gt;x&lt;/a&gt;&#x27;&quot;"
    assert for_pptx("a\x00b\x0bc\td\ne\ud800") == "abc\td\ne"

    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1))
    box.text_frame.text = for_pptx(ALL_IN_ONE + "\x0b\x01")
    buffer = io.BytesIO()
    deck.save(buffer)  # python-pptx refuses control characters; for_pptx leaves none
    run = Presentation(io.BytesIO(buffer.getvalue())).slides[0].shapes[0].text_frame.paragraphs[0].runs[0]
    assert run.text == ALL_IN_ONE and run.hyperlink.address is None


# --- the shared builders --------------------------------------------------------------------------------


def _strings(value: object, where: str = "") -> list[tuple[str, str]]:
    """(path, string) of every string in a plotly figure's JSON dict."""
    if isinstance(value, dict):
        return [hit for key, item in value.items() for hit in _strings(item, f"{where}.{key}")]
    if isinstance(value, list | tuple):
        return [hit for k, item in enumerate(value) for hit in _strings(item, f"{where}[{k}]")]
    return [(where, value)] if isinstance(value, str) else []


def assert_plain_figure(fig, expected: list[str]) -> None:
    """No string of `fig` holds markup plotly reads (only <br> and the hover's <extra></extra>) or maths;
    each of `expected` is drawn, literally, somewhere."""
    drawn = []
    for where, value in _strings(fig.to_dict()):
        if where.endswith(".hovertemplate"):
            value = value.replace("<extra></extra>", "")
        shown, tags = plotly_reads(value)
        assert set(tags) <= {"<br>"}, (where, value)
        assert "$" not in value or where.endswith(("tickprefix", "ticksuffix")), (where, value)
        drawn.append(shown)
    for text in expected:
        assert any(text in shown for shown in drawn), text


def test_chart_builders_draw_data_as_text():
    hostile = ALL_IN_ONE
    office = "%{x} " + ANCHOR  # a placeholder in a name is not filled in
    figures = [
        charts.ranked_bar([hostile, "Chad"], [2.0, 1.0], value_texts=[LATEX, "1"], keys=["A", "TCD"],
                          x_title=BOLD, title=COLOUR),
        charts.count_heatmap([[1, 0]], [IMAGE, "b"], [hostile], row_groups=[LINK],
                             hover_texts=[[IMG_TAG + "\n" + LATEX, "x"]], colorbar_title=BOLD),
        charts.pillar_bar(["P1"], [hostile + "\nsecond line"], [1.0], value_texts=[LATEX], x_title=ANCHOR),
        charts.gap_bar([hostile], [1.0], [2.0], funded_texts=[LATEX], gap_texts=[BOLD],
                       hover_lines=[[hostile, IMAGE]], funded_name=COLOUR, gap_name=ANCHOR),
        charts.grouped_pillar_bars([hostile], [office], ["P1"], [[1.0]], [[LATEX]], y_title=IMAGE),
        charts.grouped_theme_bars([hostile], [office], [[1]], x_title=LINK),
        charts.dated_lines(
            [{"name": hostile, "x": ["2020-01-31"], "y": [1], "hover": [IMG_TAG], "colour": "#000000"}],
            flags={"name": LINK, "x": ["2020-01-31"], "y": [1], "hover": [ANCHOR]},
            events=[{"x": "2020-01-31", "name": IMAGE, "label": LATEX}],
            y_title=COLOUR,
        ),
        charts.grouped_bars(
            [hostile],
            [{"name": COLOUR, "values": [1], "texts": [LATEX], "colour": "#000000", "hover": [IMAGE]}],
            x_title=BOLD,
        ),
    ]  # fmt: skip
    for fig in figures:
        assert_plain_figure(fig, [hostile])
    assert_plain_figure(figures[4], [office])
    assert_plain_figure(figures[5], [office])
    money = charts.money_axis(charts.ranked_bar(["a"], [5.0], value_texts=["5"]), 5.0, lambda v: f"${v:g} M")
    assert_plain_figure(money, ["$2 M"])
    assert money.layout.xaxis.ticktext[1] == "&#36;2 M"  # "$" drawn as itself, never the start of maths


def test_a_ranked_bar_keeps_its_selection_keys_raw():
    fig = charts.ranked_bar([ANCHOR], [1.0], value_texts=["1"])
    assert list(fig.data[0].customdata) == [ANCHOR]  # the key a click returns, never drawn
    assert fig.data[0].y[0] == "&lt;a href=http://example.invalid&gt;x&lt;/a&gt;"


def test_map_specs_carry_text_as_it_is():
    """The map component writes text with textContent (tests/test_maps.py checks map.js has no HTML
    sink): a spec holds the data's text unescaped, or the reader would see "&lt;"."""
    geo = maps.load_boundaries()
    values = pd.DataFrame({"entity_id": ["NGA"], "amount": [1.0], "name_en": [ALL_IN_ONE], "note": [LINK]})
    spec = maps.choropleth_map(values, "amount", geo, hover_name_col="name_en", hover_cols={"note": IMAGE},
                               colorbar_title=BOLD)  # fmt: skip
    (nigeria,) = [s for s in spec["shapes"] if s["id"] == "NGA" and s["layer"] == "values"]
    assert nigeria["tip"] == [ALL_IN_ONE, f"{BOLD}: 1", f"{IMAGE}: {LINK}"]
    assert spec["legend"]["title"] == BOLD


def test_a_citation_is_plain_text_and_its_caption_is_escaped():
    source = pd.Series({"title": "t", "short_title": None, "publisher": ALL_IN_ONE, "date": "2020-10-31"})
    line = citations.citation(source, "en")
    assert line == f"As of 31 October 2020 | {ALL_IN_ONE}, t"  # plain: the briefing pack and tables use it
    at = AppTest.from_function(_caption_script, args=(line,), default_timeout=30).run()
    assert not at.exception
    (caption,) = at.caption
    assert caption.value == for_markdown(line)
    assert not MARKUP_ELEMENTS.search(markdown_html(caption.value))
    assert markdown_reads(caption.value) == line


def _caption_script(line: str) -> None:
    """components.source_caption of one source whose citation line is `line`."""
    from dashboard import components, data

    real = data.citation_index
    data.citation_index = lambda lang: {"IMPORT-1": line}
    try:
        components.source_caption(["IMPORT-1"])
    finally:
        data.citation_index = real


@pytest.mark.parametrize("module", ["charts", "components", "citations", "maps", "search"])
def test_shared_modules_escape_only_through_dashboard_text(module):
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module(f"dashboard.{module}"))
    assert "html.escape" not in source and "import html" not in source
    assert "_MARKDOWN_ANYWHERE" not in source  # no Markdown escaping rule of its own
