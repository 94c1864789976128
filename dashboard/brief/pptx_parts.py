"""The drawing parts of the briefing pack: the slide geometry and colours, text boxes, a slide with its
title and source line, key-figure cards, and native PowerPoint bar and line charts (CategoryChartData, so a
recipient can restyle them or re-read the numbers). Nothing here chooses a figure: dashboard.brief.facts
does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Inches, Pt

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

# --- slide building blocks -----------------------------------------------------------------------------


def text_box(
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


def titled_slide(prs, title: str, source: str):
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
    source_box(slide, source)
    return slide


def source_box(slide, source: str) -> None:
    box = text_box(
        slide,
        MARGIN,
        SOURCE_TOP,
        WIDTH - 2 * MARGIN,
        SOURCE_HEIGHT,
        [(source, 10, False, MUTED)],
        anchor=MSO_ANCHOR.BOTTOM,
    )
    box.name = "Source line"


def card(
    slide,
    left: float,
    top: float,
    width: float,
    height: float,
    label: str,
    value: str,
    note: str = "",
    *,
    compact: bool = False,
) -> None:
    """A key figure: a light panel with the value large, its label, and a short note (`compact`: smaller
    type, for four cards in a row)."""
    panel = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height)
    )
    panel.fill.solid()
    panel.fill.fore_color.rgb = CARD_FILL
    panel.line.fill.background()
    panel.shadow.inherit = False
    label_size, value_size, note_size = (12, 24, 10.5) if compact else (14, 28, 12)
    paragraphs = [(label, label_size, False, MUTED), (value, value_size, True, ACCENT)]
    if note:
        paragraphs.append((note, note_size, False, INK))
    text_box(slide, left + 0.15, top + 0.12, width - 0.3, height - 0.24, paragraphs)


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


def _solid_fill(fill, colour: str) -> None:
    """A bar's, a column's or a marker's fill: `colour` (hex, "1F77B4")."""
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(colour)


def _data_label(point, text: str, position: XL_LABEL_POSITION, font_size: float) -> None:
    """A point's label: `text` as given (already formatted in the deck's language), at `position`."""
    data_label = point.data_label
    data_label.has_text_frame = True
    data_label.text_frame.text = text
    data_label.position = position
    data_label.font.size = Pt(font_size)


def _line_style(plotted, colour: str, width: float, *, dashed: bool = False) -> None:
    """A line series drawn straight (never smoothed: a curve would show values no source gave), in `colour`,
    `width` points wide, its markers filled alike."""
    plotted.smooth = False
    plotted.format.line.color.rgb = RGBColor.from_string(colour)
    plotted.format.line.width = Pt(width)
    if dashed:
        plotted.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    _solid_fill(plotted.marker.format.fill, colour)


def _add_chart(
    slide,
    kind: XL_CHART_TYPE,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    box: tuple[float, ...],
    font_size: int,
    number_format: str = "#,##0",
    legend: bool = False,
):
    """A native chart of (name, values) series (None = no point, never 0), without title (the slide's says
    what it shows); a legend below the plot where asked."""
    chart_data = CategoryChartData(number_format=number_format)
    chart_data.categories = list(categories)
    for name, values in series:
        chart_data.add_series(name, [None if v is None else float(v) for v in values])
    left, top, width, height = box
    frame = slide.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), chart_data)
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(font_size)
    chart.font.color.rgb = INK
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(font_size - 1)
    return frame


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
    frame = _add_chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        categories,
        [(series_name, values)],
        box=box,
        font_size=font_size,
        number_format=number_format,
    )
    chart = frame.chart
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.vary_by_categories = False
    series = plot.series[0]
    series.invert_if_negative = False
    for i, label in enumerate(labels):
        point = series.points[i]
        _solid_fill(point.format.fill, (colours or [BAR_COLOUR] * len(labels))[i])
        _data_label(point, label, XL_LABEL_POSITION.OUTSIDE_END, font_size)
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
    frame = _add_chart(
        slide,
        XL_CHART_TYPE.LINE_MARKERS,
        categories,
        [(series_name, values)],
        box=box,
        font_size=font_size,
    )
    chart = frame.chart
    series = chart.plots[0].series[0]
    _line_style(series, BAR_COLOUR, 2.5)
    for i, label in enumerate(labels):
        # peaks labelled above, dips below: neighbouring labels then rarely collide
        neighbours = [values[j] for j in (i - 1, i + 1) if 0 <= j < len(values)]
        above = not neighbours or values[i] >= sum(neighbours) / len(neighbours)
        position = XL_LABEL_POSITION.ABOVE if above else XL_LABEL_POSITION.BELOW
        _data_label(series.points[i], label, position, font_size - 3)
    _value_axis(chart, font_size)
    chart.value_axis.maximum_scale = max(values) * 1.15 if len(values) else None
    return frame


def _value_axis(chart, font_size: int) -> None:
    """Numbers with thousands separators from 0, light gridlines, ticks a size below the chart's."""
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xE0, 0xE0, 0xE0)
    value_axis.tick_labels.font.size = Pt(font_size - 1)
    value_axis.tick_labels.number_format = "#,##0"
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.minimum_scale = 0
    chart.category_axis.tick_labels.font.size = Pt(font_size - 1)


def columns_chart(
    slide,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    box: tuple[float, ...],
    font_size: int = 12,
):
    """Columns side by side (never stacked), one colour per (name, values, colour) series, with a legend:
    e.g. requirement and funding received per year. None = no column."""
    frame = _add_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        categories,
        [(name, values) for name, values, _ in series],
        box=box,
        font_size=font_size,
        legend=True,
    )
    chart = frame.chart
    chart.plots[0].gap_width = 60
    chart.plots[0].overlap = 0
    for plotted, (_, _, colour) in zip(chart.plots[0].series, series, strict=True):
        _solid_fill(plotted.format.fill, colour)
        plotted.invert_if_negative = False
    _value_axis(chart, font_size)
    return frame


def lines_chart(
    slide,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str, bool]],
    *,
    box: tuple[float, ...],
    font_size: int = 12,
):
    """One line per (name, values, colour, dashed) series over the same categories, with a legend: e.g. one
    per source and series, never added together. None = no point (the line has a gap there)."""
    frame = _add_chart(
        slide,
        XL_CHART_TYPE.LINE_MARKERS,
        categories,
        [(name, values) for name, values, _, _ in series],
        box=box,
        font_size=font_size,
        legend=True,
    )
    chart = frame.chart
    for plotted, (_, _, colour, dashed) in zip(chart.plots[0].series, series, strict=True):
        _line_style(plotted, colour, 2.25, dashed=dashed)
    _value_axis(chart, font_size)
    return frame
