"""The briefing pack's slides of a country's current figures (dashboard.brief.current): humanitarian funding
from OCHA FTS with its ten-year chart and the unmet requirement per displaced person, and displacement from
IDMC and UNHCR with one line per source and series. Native, editable charts; each slide's source line names
its sources, and every one is listed on the Sources slides."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dashboard.brief.current import CurrentFigures, percent_text
from dashboard.brief.pptx_parts import (
    ACCENT,
    BODY_TOP,
    INK,
    MARGIN,
    MUTED,
    WIDTH,
    columns_chart,
    lines_chart,
    text_box,
    titled_slide,
)

# Requirement light blue, funding received blue, funding outside plans grey (context): as on the page.
FUNDING_COLOURS = ("9DB9D5", "0072B2", "BBBBBB")
# Per measure of the displacement trends: colour and dashed, as the page's lines.
LINE_STYLES = {
    "conflict_idps_idmc_gidd": ("0072B2", False),
    "conflict_idps_idmc_via_unhcr": ("0072B2", True),
    "refugees_hosted": ("E69F00", False),
    "asylum_seekers_hosted": ("E69F00", True),
    "refugees_originating": ("009E73", False),
    "asylum_seekers_originating": ("009E73", True),
    "idps_of_concern": ("CC79A7", False),
}
CHART_BOX = (MARGIN, BODY_TOP, 8.4, 5.3)
PANEL_LEFT = MARGIN + 8.6
PANEL_WIDTH = WIDTH - PANEL_LEFT - MARGIN


def funding_slide(prs, title: str, figures: CurrentFigures, line: Callable[[Iterable[str]], str]) -> None:
    """The country's latest FTS plan, its regional plans' shares apart, the ten-year chart, and the unmet
    requirement per displaced person where one year has all its figures. `line` makes the source line
    (and records the sources for the Sources slides)."""
    slide = titled_slide(prs, title, line(figures.fts_sources() + figures.per_person_sources()))
    plan, t, page = figures.plan, figures.t, figures.page
    panel: list[tuple] = []
    if plan is None:
        panel.append((t("fts_none"), 14, False, INK))
    else:
        panel += [
            (t("fts_latest", plan=plan["name"], year=plan["year"]), 13, False, MUTED),
            (page("fts.unmet"), 13, False, MUTED),
            (figures.usd(plan["gap_usd"]), 26, True, ACCENT),
            (figures.pair(page("fts.requirement"), figures.usd(plan["requirement_usd"])), 13, False, INK),
            (figures.pair(page("fts.funding"), figures.usd(plan["funding_usd"])), 13, False, INK),
            (figures.pair(page("fts.percent"), percent_text(plan["percent_funded"], figures.lang)), 13, False,
             INK),
        ]
    shares = figures.shares_lines()
    if shares:
        panel += [(text, 11, False, INK, True) for text in shares]
        panel.append((page("fts.regional_note"), 10, False, MUTED))
    per_person = figures.per_person_lines()
    if per_person:
        panel += [(per_person[0], 14, True, ACCENT), (per_person[1], 10, False, MUTED)]
    text_box(slide, PANEL_LEFT, BODY_TOP, PANEL_WIDTH, 5.3, panel)
    years = figures.trend_years()
    if not (figures.trend["plans"] > 0).any():
        text_box(slide, MARGIN, BODY_TOP + 0.3, 8.0, 1.0,
                 [(t("fts_no_trend", first=years[0], last=years[-1]), 14, False, MUTED)])  # fmt: skip
        return
    trend = zip(figures.trend_series(), FUNDING_COLOURS, strict=True)
    series = [(name, values, colour) for (name, values), colour in trend]
    columns_chart(slide, [str(y) for y in years], series, box=(MARGIN, BODY_TOP, 8.4, 4.6), font_size=11)
    note = page("fts.trend_note", year=years[-1])
    text_box(slide, MARGIN, BODY_TOP + 4.65, 8.4, 0.7, [(note, 9, False, MUTED)])


def displacement_slide(
    prs, title: str, figures: CurrentFigures, line: Callable[[Iterable[str]], str]
) -> None:
    """The latest IDMC and UNHCR figures with their years, and one line per source and series since 2009."""
    slide = titled_slide(prs, title, line(figures.displacement_sources()))
    if not figures.has_displacement:
        text_box(slide, MARGIN, BODY_TOP + 0.3, WIDTH - 2 * MARGIN, 1.0,
                 [(figures.t("forced_none"), 16, False, INK)])  # fmt: skip
        return
    panel: list[tuple] = []
    for label, value in figures.headline_lines():
        panel += [(label, 12, False, MUTED), (value, 22, True, ACCENT)]
    panel.append((figures.page("forced.trend_note"), 10, False, MUTED))
    text_box(slide, PANEL_LEFT, BODY_TOP, PANEL_WIDTH, 5.3, panel)
    years, series = figures.displacement_series()
    if not years:
        return
    styled = [(name, values, *LINE_STYLES[measure]) for measure, name, values in series]
    lines_chart(slide, [str(y) for y in years], styled, box=CHART_BOX, font_size=11)
