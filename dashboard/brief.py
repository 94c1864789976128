"""Briefing pack: a PowerPoint deck for one office, or for the whole region, with native, editable charts.

    python -m dashboard.brief --country NGA --lang en --out nigeria.pptx
    python -m dashboard.brief --country REGION --lang fr --out region.pptx

Slides: title, key figures, appeal by pillar (the region adds the ranked offices), priorities by theme,
displacement (Lake Chad Basin countries and the region), sources. Every slide carries its "As of … | …"
line. Charts are PowerPoint charts (CategoryChartData), so a recipient can restyle or re-read the numbers;
the data labels are written in the deck's language (110,5 M$), the axes follow the reader's PowerPoint.

No Streamlit here: the command line and the page both call build_brief(); tables come from
dashboard.tables.read_table (the page caches the bytes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from dashboard import queries
from dashboard.citations import citation
from dashboard.i18n import LANGUAGES, format_date, format_int, format_pct, format_usd, translate
from dashboard.tables import TableUnavailable, read_table

REGION = "REGION"
TABLES = (
    "sources",
    "entities",
    "pillars",
    "appeal",
    "priorities",
    "priority_themes",
    "themes",
    "displacement",
    "funding",
)

# 16:9, in inches
WIDTH, HEIGHT = 13.333, 7.5
MARGIN = 0.5
TITLE_TOP, TITLE_HEIGHT = 0.35, 0.9
BODY_TOP = 1.35
SOURCE_TOP, SOURCE_HEIGHT = 6.75, 0.55

# Okabe-Ito, as the dashboard (charts.PILLAR_COLOURS; not imported: charts pulls in plotly)
PILLAR_COLOURS = {
    "P1": "0072B2",
    "P2": "56B4E9",
    "P3": "009E73",
    "O1": "E69F00",
    "O2": "D55E00",
    "O3": "CC79A7",
}
BAR_COLOUR = "0072B2"
HIGHLIGHT = "D55E00"
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x55, 0x55, 0x55)
CARD_FILL = RGBColor(0xF2, 0xF5, 0xF8)
ACCENT = RGBColor(0x00, 0x72, 0xB2)

TEXT_LIMIT = 230  # characters of a priority quoted on a slide
SOURCES_PER_SLIDE = 8


class UnknownEntity(ValueError):
    """The code is neither one of the 21 offices nor REGION."""


# --- text ----------------------------------------------------------------------------------------------


def _tr(lang: str, key: str, **values: object) -> str:
    return translate(f"country.brief.{key}", lang, **values)


def _shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    """The start of a text, cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _compact(value: float, lang: str) -> str:
    """A short people count for chart labels: 4.46 M / 4,46 M, 775 k (the exact figure is beside it)."""
    if abs(value) >= 1e6:
        return format_decimal(value / 1e6, format="#,##0.00", locale=lang) + "\u00a0M"
    if abs(value) >= 1e3:
        return format_decimal(round(value / 1e3), format="#,##0", locale=lang) + "\u00a0k"
    return format_int(value, lang)


def _month(value: str, lang: str) -> str:
    """Short date for chart categories: Feb 2024 / févr. 2024."""
    return babel_date(dt.date.fromisoformat(str(value)[:10]), format="MMM y", locale=lang)


def source_line(source_ids: Sequence[str], sources: pd.DataFrame, lang: str) -> str:
    """The slide's "As of <date> | <source>" line: the first source in full, the others counted (they are
    all on the Sources slide)."""
    by_id = sources.set_index("source_id")
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s in by_id.index]
    if not ids:
        return ""
    line = citation(by_id.loc[ids[0]], lang)
    if len(ids) == 2:
        line += " " + _tr(lang, "more_sources_one")
    elif len(ids) > 2:
        line += " " + _tr(lang, "more_sources", count=len(ids) - 1)
    return line


# --- slide building blocks -----------------------------------------------------------------------------


def _text_box(
    slide,
    left: float,
    top: float,
    width: float,
    height: float,
    paragraphs: Iterable[tuple],
    *,
    anchor=MSO_ANCHOR.TOP,
):
    """A text box; paragraphs are (text, size_pt, bold, colour) or (text, size, bold, colour, bullet)."""
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    first = True
    for spec in paragraphs:
        text, size, bold, colour = spec[:4]
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        run = paragraph.add_run()
        run.text = ("• " if len(spec) > 4 and spec[4] else "") + text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour
        paragraph.space_after = Pt(size * 0.45)
    return box


def _slide(prs, title: str, source: str):
    """A slide with its title (a real title placeholder: it shows in the outline) and its source line."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
    heading = slide.shapes.title
    heading.left, heading.top = Inches(MARGIN), Inches(TITLE_TOP)
    heading.width, heading.height = Inches(WIDTH - 2 * MARGIN), Inches(TITLE_HEIGHT)
    heading.text = title
    frame = heading.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size = Pt(30 if len(title) <= 48 else 24)  # long (French) titles stay on one line
            run.font.bold = True
            run.font.color.rgb = INK
    _source_box(slide, source)
    return slide


def _source_box(slide, source: str) -> None:
    box = _text_box(
        slide,
        MARGIN,
        SOURCE_TOP,
        WIDTH - 2 * MARGIN,
        SOURCE_HEIGHT,
        [(source, 10, False, MUTED)],
        anchor=MSO_ANCHOR.BOTTOM,
    )
    box.name = "Source line"


def _card(
    slide, left: float, top: float, width: float, height: float, label: str, value: str, note: str = ""
) -> None:
    """A key figure: a light panel with the value large, its label, and a short note."""
    panel = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height)
    )
    panel.fill.solid()
    panel.fill.fore_color.rgb = CARD_FILL
    panel.line.fill.background()
    panel.shadow.inherit = False
    paragraphs = [(label, 14, False, MUTED), (value, 28, True, ACCENT)]
    if note:
        paragraphs.append((note, 12, False, INK))
    _text_box(slide, left + 0.15, top + 0.12, width - 0.3, height - 0.24, paragraphs)


def _show_every_label(axis) -> None:
    """Every category named on the axis (viewers otherwise skip labels when space runs short)."""
    element = axis._element
    for old in element.findall(qn("c:tickLblSkip")):
        element.remove(old)
    skip = OxmlElement("c:tickLblSkip")
    skip.set("val", "1")
    successors = [element.find(qn(tag)) for tag in ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")]
    successor = next((e for e in successors if e is not None), None)
    if successor is None:
        element.append(skip)
    else:
        successor.addprevious(skip)


def _style_chart(chart, size: int = 12) -> None:
    chart.has_title = False  # the slide title says what the chart shows
    chart.font.size = Pt(size)
    chart.font.color.rgb = INK


def bar_chart(
    slide,
    categories: Sequence[str],
    values: Sequence[float],
    labels: Sequence[str],
    *,
    series_name: str,
    colours: Sequence[str] | None = None,
    box: tuple[float, ...],
    font_size: int = 12,
    number_format: str = "#,##0",
):
    """Horizontal bars, first category on top; one colour per bar; data labels as given (formatted)."""
    chart_data = CategoryChartData(number_format=number_format)
    chart_data.categories = list(categories)
    chart_data.add_series(series_name, [float(v) for v in values])
    left, top, width, height = box
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(left), Inches(top), Inches(width), Inches(height), chart_data
    )
    chart = frame.chart
    _style_chart(chart, font_size)
    chart.has_legend = False
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.vary_by_categories = False
    series = plot.series[0]
    series.invert_if_negative = False
    for i, label in enumerate(labels):
        point = series.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string((colours or [BAR_COLOUR] * len(labels))[i])
        data_label = point.data_label
        data_label.has_text_frame = True
        data_label.text_frame.text = label
        data_label.position = XL_LABEL_POSITION.OUTSIDE_END
        data_label.font.size = Pt(font_size)
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(font_size)
    _show_every_label(chart.category_axis)
    chart.category_axis.format.line.color.rgb = RGBColor(0xBB, 0xBB, 0xBB)
    value_axis = chart.value_axis
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    value_axis.minimum_scale = 0
    if len(values) and max(values) > 0:
        value_axis.maximum_scale = max(values) * 1.25  # room for the labels outside the bars
    return frame


def line_chart(
    slide,
    categories: Sequence[str],
    values: Sequence[float],
    labels: Sequence[str],
    *,
    series_name: str,
    box: tuple[float, ...],
    font_size: int = 12,
):
    """A line with markers over dated categories; every point labelled (formatted in the deck's language)."""
    chart_data = CategoryChartData(number_format="#,##0")
    chart_data.categories = list(categories)
    chart_data.add_series(series_name, [float(v) for v in values])
    left, top, width, height = box
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Inches(left), Inches(top), Inches(width), Inches(height), chart_data
    )
    chart = frame.chart
    _style_chart(chart, font_size)
    chart.has_legend = False
    series = chart.plots[0].series[0]
    series.smooth = False
    series.format.line.color.rgb = RGBColor.from_string(BAR_COLOUR)
    series.format.line.width = Pt(2.5)
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = RGBColor.from_string(BAR_COLOUR)
    for i, label in enumerate(labels):
        data_label = series.points[i].data_label
        data_label.has_text_frame = True
        data_label.text_frame.text = label
        # peaks labelled above, dips below: neighbouring labels then rarely collide
        neighbours = [values[j] for j in (i - 1, i + 1) if 0 <= j < len(values)]
        above = not neighbours or values[i] >= sum(neighbours) / len(neighbours)
        data_label.position = XL_LABEL_POSITION.ABOVE if above else XL_LABEL_POSITION.BELOW
        data_label.font.size = Pt(font_size - 3)
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xE0, 0xE0, 0xE0)
    value_axis.tick_labels.font.size = Pt(font_size - 1)
    value_axis.tick_labels.number_format = "#,##0"
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.minimum_scale = 0
    value_axis.maximum_scale = max(values) * 1.15 if len(values) else None
    chart.category_axis.tick_labels.font.size = Pt(font_size - 1)
    return frame


# --- the deck ------------------------------------------------------------------------------------------


def load_tables(folder: Path | None = None) -> dict[str, pd.DataFrame]:
    """The tables the pack uses (raises TableUnavailable with the table's name when one is missing)."""
    return {name: read_table(name, folder) for name in TABLES}


def entity_choices(tables: dict[str, pd.DataFrame]) -> list[str]:
    return [*tables["entities"]["entity_id"], REGION]


class _Deck:
    """Builds one deck; remembers every source a slide cites, for the Sources slides."""

    def __init__(self, entity_id: str, lang: str, tables: dict[str, pd.DataFrame]):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
        if entity_id not in entity_choices(tables):
            raise UnknownEntity(entity_id)
        self.entity_id = entity_id
        self.lang = lang
        self.tb = tables
        self.region = entity_id == REGION
        self.name_col = f"name_{lang}"
        self.entities = tables["entities"].set_index("entity_id")
        self.name = (
            translate("common.region", lang)
            if self.region
            else str(self.entities.loc[entity_id, self.name_col])
        )
        self.totals = queries.appeal_totals(tables["appeal"], tables["entities"])
        self.used: list[str] = []
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(WIDTH), Inches(HEIGHT)

    # helpers
    def cite(self, ids: Iterable[str]) -> list[str]:
        ids = [i for i in ids if isinstance(i, str) and i]
        self.used.extend(i for i in ids if i not in self.used)
        return ids

    def line(self, ids: Iterable[str]) -> str:
        return source_line(self.cite(ids), self.tb["sources"], self.lang)

    def usd(self, value: object) -> str:
        return format_usd(value, self.lang)

    def usd_or_unknown(self, value: object) -> str:
        return translate("common.not_known", self.lang) if pd.isna(value) else self.usd(value)

    def funded_text(self, plan: pd.Series) -> str:
        """Funding received in dollars, else the share funded as published."""
        if not pd.isna(plan["funded_usd"]):
            return self.usd(plan["funded_usd"])
        if not pd.isna(plan["funded_pct"]):
            pct = float(plan["funded_pct"])
            return self.t(
                "card_funded_pct", pct=format_pct(pct / 100, self.lang, digits=0 if pct.is_integer() else 1)
            )
        return translate("common.not_known", self.lang)

    def t(self, key: str, **values: object) -> str:
        return _tr(self.lang, key, **values)

    @property
    def in_basin(self) -> bool:
        return self.region or (
            self.entity_id != queries.REGIONAL_OFFICE
            and bool(self.entities.loc[self.entity_id, "lake_chad_basin"])
        )

    def appeal_source(self) -> list[str]:
        return list(dict.fromkeys(self.tb["appeal"]["source_id"]))

    def trend(self) -> dict | None:
        if not self.in_basin:
            return None
        return queries.dtm_trend(self.tb["displacement"], None if self.region else self.entity_id)

    # slides
    def title_slide(self) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # Blank
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, self.prs.slide_width, Inches(0.35))
        band.fill.solid()
        band.fill.fore_color.rgb = ACCENT
        band.line.fill.background()
        dates = [(self.t("data_appeal"), self.source_date(self.appeal_source()))]
        trend = self.trend()
        if trend is not None:
            dates.append((self.t("data_dtm"), format_date(trend["latest"]["as_of"], self.lang)))
        funding = self.funding_row()
        if funding is not None:
            dates.append((self.t("data_funding"), format_date(funding["as_of"], self.lang)))
        colon = ": " if self.lang == "en" else "\u00a0: "  # French puts a space before the colon
        lines = [
            (self.t("kicker"), 18, False, MUTED),
            (self.name, 48, True, INK),
            (self.t("subtitle_region") if self.region else self.t("subtitle"), 22, False, INK),
            (self.t("data_as_of", items=" · ".join(f"{k}{colon}{v}" for k, v in dates)), 16, False, MUTED),
            (self.t("generated", date=format_date(dt.date.today(), self.lang)), 14, False, MUTED),
        ]
        _text_box(slide, 0.9, 1.6, WIDTH - 1.8, 4.6, lines, anchor=MSO_ANCHOR.MIDDLE)
        ids = self.appeal_source()
        if trend is not None:
            ids.append(trend["latest"]["source_id"])
        if funding is not None:
            ids.append(funding["source_id"])
        _source_box(slide, self.line(ids))

    def source_date(self, ids: Sequence[str]) -> str:
        by_id = self.tb["sources"].set_index("source_id")
        dates = [by_id.loc[i, "date"] for i in ids if i in by_id.index and not pd.isna(by_id.loc[i, "date"])]
        return format_date(max(dates) if dates else None, self.lang)

    def funding_row(self) -> pd.Series | None:
        if self.region or self.entity_id == queries.REGIONAL_OFFICE:
            return None
        latest = queries.latest_funding_by_country(self.tb["funding"])  # as the funding page chooses it
        latest = latest[latest["entity_id"] == self.entity_id]
        return None if latest.empty else latest.iloc[0]

    def key_figures(self) -> None:
        cards: list[tuple[str, str, str]] = []
        ids = self.appeal_source()
        if self.region:
            total = int(self.tb["appeal"]["amount_usd"].sum())
            countries = int((self.tb["entities"]["kind"] == "country").sum())
            top = self.totals.iloc[0]
            cards += [
                (
                    self.t("card_region_total"),
                    self.usd(total),
                    self.t("card_region_offices", countries=countries),
                ),
                (
                    self.t("card_largest"),
                    str(top[self.name_col]),
                    f"{self.usd(top['amount_usd'])} · {format_pct(top['share'], self.lang)}",
                ),
            ]
            by_pillar = queries.appeal_by_pillar(self.tb["appeal"], self.tb["pillars"])
            group = by_pillar.groupby("group")["amount_usd"].sum()
            basin = self.tb["entities"].loc[self.tb["entities"]["lake_chad_basin"], "entity_id"]
            basin_total = int(self.totals.loc[self.totals["entity_id"].isin(basin), "amount_usd"].sum())
            cards.append(
                (
                    self.t("card_lcb_share"),
                    format_pct(basin_total / total if total else None, self.lang),
                    self.t(
                        "card_lcb_share_note",
                        amount=self.usd(basin_total),
                        countries=", ".join(self.entities.loc[list(basin), self.name_col]),
                    ),
                )
            )
            cards.append(
                (
                    self.t("card_objectives"),
                    format_pct(group.get("objective", 0) / total if total else None, self.lang),
                    self.t("card_objectives_note", amount=self.usd(group.get("objective", 0))),
                )
            )
        else:
            row = self.totals.set_index("entity_id").loc[self.entity_id]
            cards += [
                (self.t("card_total"), self.usd(row["amount_usd"]), self.t("card_total_note")),
                (self.t("card_share"), format_pct(row["share"], self.lang), self.t("card_share_note")),
                (
                    self.t("card_rank"),
                    translate("country.rank_value", self.lang, rank=int(row["rank"]), total=len(self.totals)),
                    self.t("card_rank_note"),
                ),
            ]
        trend = self.trend()
        if trend is not None:
            latest, previous = trend["latest"], trend["previous"]
            note = self.t(
                "card_dtm_note", no=int(latest["dashboard_no"]), date=format_date(latest["as_of"], self.lang)
            )
            if previous is not None:
                change = trend["change"]
                sign = "+" if change > 0 else ("−" if change < 0 else "±")
                note += " " + self.t(
                    "card_dtm_change",
                    change=f"{sign}{format_int(abs(change), self.lang)}",
                    prev_no=int(previous["dashboard_no"]),
                )
                ids.append(previous["source_id"])
            ids.append(latest["source_id"])
            label = self.t("card_dtm_region") if self.region else self.t("card_dtm")
            cards.append((label, format_int(latest["value"], self.lang), note))
        funding = self.funding_row()
        if funding is not None:
            cards.append(
                (
                    self.t("card_funding"),
                    self.funded_text(funding),
                    self.t(
                        "card_funding_note",
                        appeal=_shorten(funding["appeal"], 70),
                        required=self.usd_or_unknown(funding["required_usd"]),
                        gap=self.usd_or_unknown(funding["gap_usd"]),
                    ),
                )
            )
            ids.append(funding["source_id"])
        elif not self.region and self.entity_id != queries.REGIONAL_OFFICE:
            has_rows = bool((self.tb["funding"]["entity_id"] == self.entity_id).any())
            cards.append(
                (
                    self.t("card_funding"),
                    translate("common.not_known", self.lang),
                    self.t("card_funding_unknown") if has_rows else self.t("card_funding_none"),
                )
            )
        texts = self.texts()
        cards.append(
            (
                self.t("card_priorities"),
                format_int(len(texts), self.lang),
                self.t("card_priorities_note", themes=", ".join(self.top_themes(3))),
            )
        )
        ids += list(texts["source_id"]) + ["PROJECT-THEMES"]
        slide = _slide(self.prs, self.t("key_figures_title", name=self.name), self.line(ids))
        per_row = 3
        width = (WIDTH - 2 * MARGIN - 0.3 * (per_row - 1)) / per_row
        height = 2.35
        for i, (label, value, note) in enumerate(cards[:6]):
            left = MARGIN + (i % per_row) * (width + 0.3)
            top = BODY_TOP + 0.15 + (i // per_row) * (height + 0.3)
            _card(slide, left, top, width, height, label, value, note)

    def pillars_slide(self) -> None:
        table = queries.appeal_by_pillar(
            self.tb["appeal"], self.tb["pillars"], None if self.region else self.entity_id
        )
        total = int(table["amount_usd"].sum())
        slide = _slide(
            self.prs, self.t("pillars_title", name=self.name), self.line(table["source_id"].dropna())
        )
        bar_chart(
            slide,
            list(table[self.name_col]),
            list(table["amount_usd"]),
            [self.usd(v) for v in table["amount_usd"]],
            series_name=self.t("series_requirement"),
            colours=[PILLAR_COLOURS[p] for p in table["pillar_id"]],
            box=(MARGIN, BODY_TOP, 8.9, 5.3),
        )
        top = table.sort_values("amount_usd", ascending=False).iloc[0]
        groups = table.groupby("group")["amount_usd"].sum()
        notes = [
            (self.t("pillars_total"), 14, False, MUTED),
            (self.usd(total), 28, True, ACCENT),
            (self.t("pillars_largest"), 14, False, MUTED),
            (
                f"{top[self.name_col]} — {self.usd(top['amount_usd'])} "
                f"({format_pct(top['amount_usd'] / total if total else None, self.lang)})",
                15,
                True,
                INK,
            ),
            (
                self.t(
                    "pillars_groups",
                    principles=self.usd(groups.get("principle", 0)),
                    objectives=self.usd(groups.get("objective", 0)),
                ),
                13,
                False,
                INK,
            ),
        ]
        _text_box(slide, 9.7, BODY_TOP + 0.3, WIDTH - 9.7 - MARGIN, 5.0, notes)

    def ranking_slide(self) -> None:
        table = self.totals
        slide = _slide(self.prs, self.t("ranking_title"), self.line(table["source_id"]))
        colours = [HIGHLIGHT if e == queries.REGIONAL_OFFICE else BAR_COLOUR for e in table["entity_id"]]
        bar_chart(
            slide,
            list(table[self.name_col]),
            list(table["amount_usd"]),
            [
                f"{self.usd(v)} · {format_pct(s, self.lang)}"
                for v, s in zip(table["amount_usd"], table["share"], strict=True)
            ],
            series_name=self.t("series_requirement"),
            colours=colours,
            box=(MARGIN, BODY_TOP - 0.1, WIDTH - 2 * MARGIN, 5.45),
            font_size=10,
        )

    def texts(self) -> pd.DataFrame:
        """The texts the theme counts cover: the office's, or every office's for the region."""
        if self.region:
            return self.tb["priorities"]
        return queries.office_priorities(self.tb["priorities"], self.tb["priority_themes"], self.entity_id)

    def theme_table(self) -> pd.DataFrame:
        """Themes with the number of texts they tag (most first, zeros left out): the office's, or all
        offices' for the region. Columns theme_id, name_en, name_fr, count."""
        priorities, priority_themes, themes = (
            self.tb[n] for n in ("priorities", "priority_themes", "themes")
        )
        if self.region:
            matrix = queries.theme_matrix(priorities, priority_themes, themes, self.tb["entities"])
            summed = matrix.groupby("theme_id", sort=False)["count"].sum()
            table = themes[["theme_id", "name_en", "name_fr"]].assign(
                count=lambda d: d["theme_id"].map(summed)
            )
            table = table[table["count"] > 0].sort_values("count", ascending=False, kind="stable")
        else:
            table = queries.theme_counts(priorities, priority_themes, themes, self.entity_id)
            table = table.rename(columns={"priorities": "count"})
        return table[["theme_id", "name_en", "name_fr", "count"]].reset_index(drop=True)

    def top_themes(self, n: int) -> list[str]:
        return list(self.theme_table()[self.name_col].head(n))

    def themes_slide(self) -> None:
        counts = self.theme_table()
        office = queries.REGIONAL_OFFICE if self.region else self.entity_id
        texts = queries.office_priorities(self.tb["priorities"], self.tb["priority_themes"], office)
        ids = list(self.texts()["source_id"]) + list(self.tb["themes"]["source_id"])
        slide = _slide(self.prs, self.t("themes_title", name=self.name), self.line(ids))
        bar_chart(
            slide,
            list(counts[self.name_col]),
            list(counts["count"]),
            [format_int(c, self.lang) for c in counts["count"]],
            series_name=self.t("series_texts"),
            box=(MARGIN, BODY_TOP, 7.0, 5.35),
            font_size=10 if len(counts) > 9 else 12,
        )
        pillar_names = dict(
            zip(self.tb["pillars"]["pillar_id"], self.tb["pillars"][self.name_col], strict=True)
        )
        quoted = texts[texts["kind"] != "intro"].head(3)
        paragraphs = [
            (self.t("themes_note_region") if self.region else self.t("themes_note"), 12, False, MUTED)
        ]
        for _, row in quoted.iterrows():
            prefix = (
                f"{pillar_names.get(row['pillar'], '')} — "
                if row["kind"] in ("principle", "objective")
                else ""
            )
            paragraphs.append((prefix + _shorten(row["text"]), 12, False, INK, True))
        paragraphs.append((self.t("texts_language"), 11, False, MUTED))
        _text_box(slide, 7.8, BODY_TOP + 0.1, WIDTH - 7.8 - MARGIN, 5.2, paragraphs)

    def displacement_slide(self) -> None:
        series = queries.dtm_series(self.tb["displacement"], None if self.region else self.entity_id)
        if series.empty:
            return
        ids = list(reversed(series["source_id"].tolist()))  # the newest dashboard leads the source line
        title = self.t("dtm_title_region") if self.region else self.t("dtm_title", name=self.name)
        slide = _slide(self.prs, title, self.line(ids))
        line_chart(
            slide,
            [_month(d, self.lang) for d in series["as_of"]],
            list(series["value"]),
            [_compact(float(v), self.lang) for v in series["value"]],
            series_name=self.t("series_affected"),
            box=(MARGIN, BODY_TOP, 8.9, 5.3),
        )
        trend = self.trend()
        latest, previous = trend["latest"], trend["previous"]
        notes = [
            (
                self.t(
                    "dtm_latest", no=int(latest["dashboard_no"]), date=format_date(latest["as_of"], self.lang)
                ),
                14,
                False,
                MUTED,
            ),
            (format_int(latest["value"], self.lang), 28, True, ACCENT),
        ]
        if previous is not None:
            change = trend["change"]
            sign = "+" if change > 0 else ("−" if change < 0 else "±")
            notes.append(
                (
                    self.t(
                        "dtm_change",
                        change=f"{sign}{format_int(abs(change), self.lang)}",
                        prev_no=int(previous["dashboard_no"]),
                        prev_date=format_date(previous["as_of"], self.lang),
                    ),
                    14,
                    False,
                    INK,
                )
            )
        notes.append((self.t("dtm_note"), 12, False, MUTED))
        _text_box(slide, 9.7, BODY_TOP + 0.3, WIDTH - 9.7 - MARGIN, 5.0, notes)

    def sources_slides(self) -> None:
        by_id = self.tb["sources"].set_index("source_id")
        rows = [by_id.loc[i] for i in self.used if i in by_id.index]
        chunks = [rows[i : i + SOURCES_PER_SLIDE] for i in range(0, len(rows), SOURCES_PER_SLIDE)] or [[]]
        headers = [self.t("col_title"), self.t("col_publisher"), self.t("col_date"), self.t("col_url")]
        widths = [4.6, 2.5, 1.6, WIDTH - 2 * MARGIN - 8.7]
        dates = [r["date"] for r in rows if not pd.isna(r["date"])]
        line = translate(
            "common.as_of_source",
            self.lang,
            date=format_date(max(dates) if dates else None, self.lang),
            source=self.t("sources_line", count=len(rows)),
        )
        for k, chunk in enumerate(chunks):
            title = self.t("sources_title")
            if len(chunks) > 1:
                title += f" ({k + 1}/{len(chunks)})"
            slide = _slide(self.prs, title, line)
            shape = slide.shapes.add_table(
                len(chunk) + 1, 4, Inches(MARGIN), Inches(BODY_TOP), Inches(WIDTH - 2 * MARGIN), Inches(0.4)
            )
            table = shape.table
            for j, width in enumerate(widths):
                table.columns[j].width = Inches(width)
            for j, header in enumerate(headers):
                self._cell(table.cell(0, j), header, bold=True)
            for i, row in enumerate(chunk, start=1):
                date = format_date(None if pd.isna(row["date"]) else row["date"], self.lang)
                values = [
                    row["title"],
                    "" if pd.isna(row["publisher"]) else row["publisher"],
                    date,
                    "" if pd.isna(row["url"]) else row["url"],
                ]
                for j, value in enumerate(values):
                    self._cell(table.cell(i, j), str(value))

    @staticmethod
    def _cell(cell, text: str, bold: bool = False) -> None:
        cell.text = text
        cell.margin_top = cell.margin_bottom = Emu(45720)
        for paragraph in cell.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(10)
                run.font.bold = bold

    def build(self) -> Presentation:
        self.title_slide()
        self.key_figures()
        self.pillars_slide()
        if self.region:
            self.ranking_slide()
        self.themes_slide()
        if self.in_basin:
            self.displacement_slide()
        self.sources_slides()
        return self.prs


def build_presentation(
    entity_id: str, lang: str, tables: dict[str, pd.DataFrame] | None = None
) -> Presentation:
    """The deck for one office (its entity_id) or the region ("REGION"), in lang ("en" / "fr")."""
    return _Deck(entity_id, lang, tables if tables is not None else load_tables()).build()


def build_brief(entity_id: str, lang: str, tables: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The .pptx file's bytes (what the page's download button and the command line write)."""
    buffer = io.BytesIO()
    build_presentation(entity_id, lang, tables).save(buffer)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.brief",
        description="Write the PowerPoint briefing pack of one office (ISO3 code, RO-DAKAR) or the region.",
    )
    parser.add_argument("--country", required=True, help="ISO3 code of a country office, RO-DAKAR, or REGION")
    parser.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the pack (default en)")
    parser.add_argument("--out", required=True, type=Path, help="where to write the .pptx file")
    args = parser.parse_args(argv)
    code = args.country.strip().upper()
    try:
        tables = load_tables()
    except TableUnavailable as err:
        print(
            f"error: the table “{err.name}” cannot be read ({err.reason}); run `python -m etl`.",
            file=sys.stderr,
        )
        return 1
    choices = entity_choices(tables)
    if code not in choices:
        print(
            f"error: unknown code {args.country!r}. Use one of: {', '.join(choices)}.",
            file=sys.stderr,
        )
        return 2
    data = build_brief(code, args.lang, tables)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
