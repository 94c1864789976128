"""The briefing pack's slides, drawn from dashboard.brief.facts with dashboard.brief.pptx_parts: title, key
figures, a country's humanitarian funding (OCHA FTS) and displacement (IDMC, UNHCR) from
dashboard.brief.current_slides, appeal by pillar (the region adds the ranked offices), priorities by theme,
DTM displacement (Lake Chad Basin countries and the region), sources. Every slide carries its "As of … | …"
line and every source it cites is listed on the Sources slides."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import pandas as pd
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

from dashboard import queries
from dashboard.brief.current_slides import displacement_slide, funding_slide
from dashboard.brief.facts import Facts, compact, load_tables, month, shorten, signed, source_line
from dashboard.brief.pptx_parts import (
    ACCENT,
    BAR_COLOUR,
    BODY_TOP,
    HEIGHT,
    HIGHLIGHT,
    INK,
    MARGIN,
    MUTED,
    PILLAR_COLOURS,
    WIDTH,
    bar_chart,
    card,
    line_chart,
    source_box,
    text_box,
    titled_slide,
)
from dashboard.i18n import format_date, format_int, format_pct, translate
from i18n import colon as label_colon

SOURCES_PER_SLIDE = 8


class _Deck:
    """Builds one deck; remembers every source a slide cites, for the Sources slides."""

    def __init__(self, facts: Facts):
        self.facts = facts
        # the facts' names used on every slide
        self.lang, self.name, self.name_col = facts.lang, facts.name, facts.name_col
        self.region, self.tb, self.t, self.usd = facts.region, facts.tb, facts.t, facts.usd
        self.used: list[str] = []
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(WIDTH), Inches(HEIGHT)

    def cite(self, ids: Iterable[str]) -> list[str]:
        ids = [i for i in ids if isinstance(i, str) and i]
        self.used.extend(i for i in ids if i not in self.used)
        return ids

    def line(self, ids: Iterable[str]) -> str:
        return source_line(self.cite(ids), self.tb["sources"], self.lang)

    def title_slide(self) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # Blank
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, self.prs.slide_width, Inches(0.35))
        band.fill.solid()
        band.fill.fore_color.rgb = ACCENT
        band.line.fill.background()
        dates = [(self.t("data_appeal"), self.facts.source_date(self.facts.appeal_source()))]
        trend = self.facts.trend()
        if trend is not None:
            dates.append((self.t("data_dtm"), format_date(trend["latest"]["as_of"], self.lang)))
        current = self.facts.current
        if current is not None:
            dates += current.dates()
        colon = label_colon(self.lang)  # French: a narrow no-break space before the colon
        lines = [
            (self.t("kicker"), 18, False, MUTED),
            (self.name, 48, True, INK),
            (self.t("subtitle_region") if self.region else self.t("subtitle_country"), 22, False, INK),
            (self.t("data_as_of", items=" · ".join(f"{k}{colon}{v}" for k, v in dates)), 16, False, MUTED),
            (self.t("generated", date=format_date(dt.date.today(), self.lang)), 14, False, MUTED),
        ]
        text_box(slide, 0.9, 1.6, WIDTH - 1.8, 4.6, lines, anchor=MSO_ANCHOR.MIDDLE)
        ids = self.facts.appeal_source()
        if trend is not None:
            ids.append(trend["latest"]["source_id"])
        if current is not None:
            ids += current.fts_sources()[:1] + current.displacement_sources()
        source_box(slide, self.line(ids))

    def key_figures(self) -> None:
        cards, ids = self.facts.key_figures()
        slide = titled_slide(self.prs, self.t("key_figures_title", name=self.name), self.line(ids))
        per_row = 3 if len(cards) <= 6 else 4  # a country's eight cards in two rows of four
        width = (WIDTH - 2 * MARGIN - 0.3 * (per_row - 1)) / per_row
        height = 2.35
        for i, figure in enumerate(cards[: 2 * per_row]):
            left = MARGIN + (i % per_row) * (width + 0.3)
            top = BODY_TOP + 0.15 + (i // per_row) * (height + 0.3)
            compact = per_row > 3
            card(slide, left, top, width, height, figure.label, figure.value, figure.note, compact=compact)

    def pillars_slide(self) -> None:
        table = queries.appeal_by_pillar(
            self.tb["appeal"], self.tb["pillars"], None if self.region else self.facts.entity_id
        )
        total = int(table["amount_usd"].sum())
        slide = titled_slide(
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
        text_box(slide, 9.7, BODY_TOP + 0.3, WIDTH - 9.7 - MARGIN, 5.0, notes)

    def ranking_slide(self) -> None:
        table = self.facts.totals
        slide = titled_slide(self.prs, self.t("ranking_title"), self.line(table["source_id"]))
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

    def themes_slide(self) -> None:
        counts = self.facts.theme_table()
        office = queries.REGIONAL_OFFICE if self.region else self.facts.entity_id
        texts = queries.office_priorities(self.tb["priorities"], self.tb["priority_themes"], office)
        ids = list(self.facts.texts()["source_id"]) + list(self.tb["themes"]["source_id"])
        slide = titled_slide(self.prs, self.t("themes_title", name=self.name), self.line(ids))
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
        # In French the project's working translation (text_fr), marked on the slide, with the English
        # original of each quoted text in the slide's notes; the English as written otherwise.
        shown = queries.priority_texts_in(self.tb["priorities"], self.lang).set_index("priority_id")
        paragraphs = [
            (self.t("themes_note_region") if self.region else self.t("themes_note"), 12, False, MUTED)
        ]
        originals = []
        for _, row in quoted.iterrows():
            prefix = (
                f"{pillar_names.get(row['pillar'], '')} — "
                if row["kind"] in ("principle", "objective")
                else ""
            )
            item = shown.loc[row["priority_id"]]
            paragraphs.append((prefix + shorten(item["shown"]), 12, False, INK, True))
            if item["translated"]:
                originals.append(prefix + " ".join(str(item["original"]).split()))
        translated = bool(originals)
        paragraphs.append((self.t("texts_translated" if translated else "texts_language"), 11, False, MUTED))
        text_box(slide, 7.8, BODY_TOP + 0.1, WIDTH - 7.8 - MARGIN, 5.2, paragraphs)
        if translated:
            notes = [self.t("texts_original_heading"), *originals]
            slide.notes_slide.notes_text_frame.text = "\n\n".join(notes)

    def displacement_slide(self) -> None:
        series = queries.dtm_series(self.tb["displacement"], None if self.region else self.facts.entity_id)
        if series.empty:
            return
        ids = list(reversed(series["source_id"].tolist()))  # the newest dashboard leads the source line
        title = self.t("dtm_title_region") if self.region else self.t("dtm_title", name=self.name)
        slide = titled_slide(self.prs, title, self.line(ids))
        line_chart(
            slide,
            [month(d, self.lang) for d in series["as_of"]],
            list(series["value"]),
            [compact(float(v), self.lang) for v in series["value"]],
            series_name=self.t("series_affected"),
            box=(MARGIN, BODY_TOP, 8.9, 5.3),
        )
        trend = self.facts.trend()
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
            notes.append(
                (
                    self.t(
                        "dtm_change",
                        change=signed(trend["change"], self.lang),
                        prev_no=int(previous["dashboard_no"]),
                        prev_date=format_date(previous["as_of"], self.lang),
                    ),
                    14,
                    False,
                    INK,
                )
            )
        notes.append((self.t("dtm_note"), 12, False, MUTED))
        text_box(slide, 9.7, BODY_TOP + 0.3, WIDTH - 9.7 - MARGIN, 5.0, notes)

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
            slide = titled_slide(self.prs, title, line)
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
        current = self.facts.current
        if current is not None:
            funding_slide(self.prs, self.t("fts_title", name=self.name), current, self.line)
            displacement_slide(self.prs, self.t("forced_title", name=self.name), current, self.line)
        self.pillars_slide()
        if self.region:
            self.ranking_slide()
        self.themes_slide()
        if self.facts.in_basin:
            self.displacement_slide()
        self.sources_slides()
        return self.prs


def build_presentation(
    entity_id: str, lang: str, tables: dict[str, pd.DataFrame] | None = None
) -> Presentation:
    """The deck for one office (its entity_id) or the region ("REGION"), in lang ("en" / "fr")."""
    return _Deck(Facts(entity_id, lang, tables if tables is not None else load_tables())).build()


def build_brief(entity_id: str, lang: str, tables: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The .pptx file's bytes (what the page's download button and the command line write)."""
    buffer = io.BytesIO()
    build_presentation(entity_id, lang, tables).save(buffer)
    return buffer.getvalue()
