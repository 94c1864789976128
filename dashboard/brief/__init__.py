"""Briefing pack: a PowerPoint deck for one office, or for the whole region, with native, editable charts.

    python -m dashboard.brief --country NGA --lang en --out nigeria.pptx
    python -m dashboard.brief --country REGION --lang fr --out region.pptx

Slides: title, key figures, a country's humanitarian funding (OCHA FTS: latest plan, ten-year chart, unmet
requirement per displaced person of one year) and displacement (IDMC, UNHCR: latest figures with their
years, one line per source and series), appeal by pillar (the region adds the ranked offices), priorities by
theme, DTM displacement (Lake Chad Basin countries and the region), sources. Every slide carries its "As of
… | …" line. Charts are PowerPoint charts (CategoryChartData), so a recipient can restyle or re-read the
numbers; the data labels are written in the deck's language (110,5 M$), the axes follow the reader's
PowerPoint.

- facts.py: the tables, the office or region, and its figures (from dashboard.queries, as on the pages);
- current.py and current_slides.py: a country's current figures (FTS, IDMC, UNHCR) and their two slides;
- pptx_parts.py: geometry, colours, text boxes, cards, native charts;
- deck.py: the slides, build_presentation() and build_brief();
- cli.py: the command line (__main__.py runs it).

No Streamlit here: the command line reads the tables with dashboard.tables.read_table; the country page
passes its own (dashboard.data.load) and caches the bytes.
"""

from dashboard.brief.cli import main
from dashboard.brief.deck import build_brief, build_presentation
from dashboard.brief.facts import REGION, TABLES, UnknownEntity, entity_choices, load_tables, source_line

__all__ = [
    "REGION",
    "TABLES",
    "UnknownEntity",
    "build_brief",
    "build_presentation",
    "entity_choices",
    "load_tables",
    "main",
    "source_line",
]
