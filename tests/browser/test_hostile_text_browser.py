"""Imported text is text (issue #16), in real Chromium: a displacement file whose cells (and name) hold a
Markdown link and image, raw HTML, a colour directive, bold and LaTeX is imported with `python -m etl
import` into a copy of the data; a server on that copy shows the Lake Chad Basin page (the map and its
"not on the map" caption, source captions, the breakdown chart's labels and hover, the data views), the
country page (Nigeria, Chad) and the methods page, in English and French.

On every page: no request leaves 127.0.0.1, no link or image (or any src/href) points where the data
said, and each hostile string that the page shows reads literally (never as bold, colour, maths, a link).
Screenshots hostile-<page>-<lang>.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from dashboard import tables
from tests.browser.conftest import PROJECT_DIR, streamlit_server

pytestmark = pytest.mark.browser

# Each marker word appears only inside its hostile string: wherever the page shows the word, the string's
# characters next to it must be there too, as written (a rendered **b** shows the word without its
# asterisks, a link its text without brackets, an image or a tag nothing at all).
LINK = "[linkword](http://example.invalid/x)"
IMAGE = "![pixelword](http://example.invalid/pixel.png)"
IMG_TAG = "<img src=http://example.invalid/i.png alt=imgword>"
ANCHOR = "<a href=http://example.invalid>anchorword</a>"
COLOUR = ":red[colourword]"
BOLD = "**boldword**"
LATEX = "$xword^2$"
WWW = "www.example.invalid/wwwword"
MAIL = "mailword@example.invalid"
MARKERS = {
    "linkword": LINK, "pixelword": IMAGE, "imgword": IMG_TAG, "anchorword": ANCHOR, "colourword": COLOUR,
    "boldword": BOLD, "xword": LATEX, "wwwword": WWW, "mailword": MAIL,
}  # fmt: skip
AREA = f"{LINK} {IMAGE} {IMG_TAG} {ANCHOR} {COLOUR} {BOLD} {LATEX}"  # admin1: no such area, not placed
ORG = f"{IMAGE} {ANCHOR} {COLOUR} {BOLD} {LATEX} {WWW} {MAIL}"  # source_org: legend, labels, hover
NOTE = f"{LINK} {IMG_TAG} {BOLD}"
# The file's own name becomes its source title ("Imported file <name>") in every "as of | source" line.
# A name holds no "/", so its link and image point to a relative address: not fetched either.
FILE_NAME = "dtm <img src=fileimg.invalid alt=fileword> [filelink](x) :red[filecolour] **filebold** $f^2$.csv"
FILE_MARKERS = {
    "fileword": "<img src=fileimg.invalid alt=fileword>", "filelink": "[filelink](x)",
    "filecolour": ":red[filecolour]", "filebold": "**filebold**",
}  # fmt: skip
# Format (a) of data/raw/imports/README.md, dated after the bundled Chad DTM export (January 2025) so that
# the figure set is among the latest the breakdown chart shows.
# Chad's figure is not placed on the map, Nigeria's (Borno) is.
CSV = "\n".join(
    [
        "as_of,entity_id,admin1,category,value,source_org,value_text,note",
        f"2025-02-28,TCD,{AREA},idps,12345,{ORG},{LATEX} {BOLD},{NOTE}",
        f"2025-02-28,NGA,Borno,idps,23456,{ORG},,{COLOUR}",
        "",
    ]
)

# Elements and attributes through which a page fetches or links: none may name the data's addresses.
LINKS_TO_DATA = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const fetches = ['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'poster', 'data',
                       'background'].includes(name) || (name === 'style' && attr.value.includes('url('));
      if (!fetches || !/invalid|^x$/.test(attr.value)) continue;
      // where: the element's Streamlit container (widget key or element type) names the section
      const holder = el.closest('[data-testid="stElementContainer"]');
      const key = holder && ([...holder.classList].find(c => c.startsWith('st-key-'))
                              || (holder.querySelector('[data-testid]') || {}).dataset?.testid);
      found.push(`${el.tagName} ${name}=${attr.value} in ${key || '?'}`);
    }
  }
  return found;
}"""
# The text a reader sees: the main area's rendered text, plotly's SVG texts and the map's texts.
SHOWN_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const svg = [...main.querySelectorAll('svg text, .wca-map-legend, .wca-map-tip')].map(t => t.textContent);
  return [main.innerText, ...svg].join('\\n');
}"""

PAGES = {
    "lake-chad-TCD": "lake-chad?category=idps&date=2025-02-28&country=TCD",
    "lake-chad-NGA": "lake-chad?category=idps&date=2025-02-28&country=NGA",
    "country-NGA": "country?country=NGA",
    "country-TCD": "country?country=TCD",
    "methods": "methods?",
}
# The methods page lists the build's warnings as Markdown: an imported admin-1 name that matches no area
# becomes a warning quoting it (admin1.unmatched); escaped, its image is never fetched.


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory) -> Iterator[str]:
    """A server on copies of data/raw and data/processed into which the hostile file was imported."""
    root = tmp_path_factory.mktemp("hostile")
    raw, processed = root / "raw", root / "processed"
    shutil.copytree(PROJECT_DIR / "data" / "raw", raw)
    shutil.copytree(tables.PROCESSED_DIR, processed)
    upload = root / "upload" / FILE_NAME
    upload.parent.mkdir()
    upload.write_text(CSV, encoding="utf-8")
    command = [sys.executable, "-m", "etl", "--raw", str(raw), "--out", str(processed), "import", str(upload)]
    done = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 row(s) added" in done.stdout
    with streamlit_server({"WCA_PROCESSED_DIR": str(processed), "WCA_RAW_DIR": str(raw)}) as url:
        yield url


def assert_literal(shown: str, markers: dict[str, str]) -> list[str]:
    """Every marker word the page shows has its hostile string's markup characters around it, as
    written (the character each side, where the string has one); the words shown."""
    present = []
    for word, hostile in markers.items():
        at = hostile.index(word)
        context = hostile[max(at - 1, 0) : at + len(word) + 1]
        words, literal = shown.count(word), shown.count(context)
        assert words == literal, f"{context!r}: {word!r} shown {words} times, as written only {literal}"
        if words:
            present.append(word)
    return present


def open_page(browse, app_url: str, path: str, lang: str):
    visit = browse(f"{app_url}/{path}{'' if path.endswith('?') else '&'}lang={lang}")
    visit.wait_for_page_complete(timeout_ms=120_000)
    visit.wait_for_charts(timeout_ms=60_000)
    return visit


def check_page(visit, name: str) -> str:
    """The checks every page passes; returns what it shows."""
    if visit.page.get_by_role("dialog").count():  # Streamlit's first-load notice (test_lake_chad_browser)
        visit.page.keyboard.press("Escape")
    visit.page.set_viewport_size({"width": 1400, "height": 4000})
    visit.page.wait_for_timeout(800)
    visit.screenshot(f"hostile-{name}")
    assert visit.external_requests == []
    links = visit.page.evaluate(LINKS_TO_DATA)
    assert links == [], "\n".join(links)
    # Markdown text holds zero-width word joiners where an autolink would form (dashboard/text.py): unseen.
    return visit.page.evaluate(SHOWN_TEXT).replace("\u2060", "")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("country", ["TCD", "NGA"])
def test_lake_chad_page_shows_imported_text_as_text(hostile_app, browse, lang, country):
    # Open the entry point once so app.py (st.navigation) has registered the pages.
    browse(f"{hostile_app}/?lang={lang}").wait_for_app(timeout_ms=90_000)
    visit = open_page(browse, hostile_app, PAGES[f"lake-chad-{country}"], lang)
    page = visit.page

    # The breakdown chart: the figure set's label (area · source · date) on the axis and in the hover.
    chart = page.locator(".st-key-lake_chad_breakdown .js-plotly-plot")
    ticks = chart.locator(".ytick text").all_text_contents()
    mine = [t for t in ticks if ORG in t]
    assert mine, ticks
    if country == "TCD":
        assert any(t.startswith(AREA + " · " + ORG) for t in mine), mine
    hover = _hover_bar_of(page, chart, mine[0])
    assert ORG in hover, hover

    # The map: its circles' hover lines and legend (Nigeria's figure in Borno is placed; Chad's is not).
    map_tip = ""
    if page.locator(".st-key-lake_chad_map .wca-map").count():
        legend = page.locator(".st-key-lake_chad_map .wca-map-legend").text_content()
        assert ORG in legend
        map_tip = _hover_circle_with(page, ORG)

    # The data views: each table's download holds the cells as written.
    rows = visit.table_csv("lake_chad_map_data")
    assert {row[_col(lang, "area")] for row in rows} >= {AREA, "Borno"}
    assert {row[_col(lang, "note")] for row in rows} >= {NOTE, COLOUR}
    breakdown = visit.table_csv("lake_chad_breakdown_data")
    assert ORG in {row[_col(lang, "source")] for row in breakdown}

    shown = check_page(visit, f"lake-chad-{country}-{lang}") + "\n" + map_tip
    words = assert_literal(shown, MARKERS | FILE_MARKERS)
    # Chad's area is named in the "not on the map" caption; every source caption names the file.
    assert AREA in page.inner_text('[data-testid="stMain"]').replace("\u2060", "")
    assert set(words) == set(MARKERS) | set(FILE_MARKERS)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    "page_name", ["country-NGA", "country-TCD", "methods"]
)
def test_other_pages_show_imported_text_as_text(hostile_app, browse, lang, page_name):
    browse(f"{hostile_app}/?lang={lang}").wait_for_app(timeout_ms=90_000)
    visit = open_page(browse, hostile_app, PAGES[page_name], lang)
    shown = check_page(visit, f"{page_name}-{lang}")
    assert_literal(shown, MARKERS | FILE_MARKERS)
    if page_name == "methods":  # the build's warning that Chad's area matches none quotes it
        assert AREA in shown


# --- helpers ----------------------------------------------------------------------------------------------


def _col(lang: str, key: str) -> str:
    from dashboard.i18n import translate

    return translate(f"lake_chad.col.{key}", lang)


def _hover_bar_of(page, chart, label: str) -> str:
    """Hover the drawn bar nearest the axis label `label` (in its group); the hover box's text."""
    tick = chart.locator(".ytick text").filter(has_text=re.compile("^" + re.escape(label) + "$")).first
    tick.scroll_into_view_if_needed()
    box = tick.bounding_box()
    middle = box["y"] + box["height"] / 2
    bars = [(bar, bar.bounding_box()) for bar in chart.locator(".bars path").all()]
    drawn = [(abs(b["y"] + b["height"] / 2 - middle), bar) for bar, b in bars if b and b["width"] > 0.5]
    distance, bar = min(drawn, key=lambda pair: pair[0])
    assert distance < 60, f"no bar beside {label!r}"
    bar.hover(force=True)
    hover = chart.locator(".hoverlayer .hovertext")
    hover.first.wait_for(state="attached", timeout=5_000)
    return "\n".join(hover.all_text_contents())


def _hover_circle_with(page, text: str) -> str:
    """Hover the map's circles until the tooltip holds `text`; the tooltip's text."""
    tip = page.locator(".st-key-lake_chad_map .wca-map-tip")
    for circle in page.locator(".st-key-lake_chad_map svg circle").all():
        circle.scroll_into_view_if_needed()
        circle.hover(force=True)
        page.wait_for_timeout(100)
        content = tip.text_content() or ""
        if text in content:
            return content
    raise AssertionError(f"no circle's tooltip holds {text!r}")
