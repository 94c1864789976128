"""The drawing parts of the briefing pack: the slide geometry and colours, text boxes, a slide with its
title and source line, key-figure cards, and native PowerPoint bar and line charts (CategoryChartData, so a
recipient can restyle them or re-read the numbers). Nothing here chooses a figure: dashboard.brief.facts
does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
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


def _add_chart(
    slide,
    kind: XL_CHART_TYPE,
    categories: Sequence[str],
    values: Sequence[float],
    *,
    series_name: str,
    box: tuple[float, ...],
    font_size: int,
    number_format: str = "#,##0",
):
    """A native chart of one series, without title (the slide's says what it shows) or legend."""
    chart_data = CategoryChartData(number_format=number_format)
    chart_data.categories = list(categories)
    chart_data.add_series(series_name, [float(v) for v in values])
    left, top, width, height = box
    frame = slide.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), chart_data)
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(font_size)
    chart.font.color.rgb = INK
    chart.has_legend = False
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
        values,
        series_name=series_name,
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
    frame = _add_chart(
        slide,
        XL_CHART_TYPE.LINE_MARKERS,
        categories,
        values,
        series_name=series_name,
        box=box,
        font_size=font_size,
    )
    chart = frame.chart
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
