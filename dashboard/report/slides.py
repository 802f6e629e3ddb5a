"""The pack as a PowerPoint deck: a title slide, then one slide per section.

Charts are native (CategoryChartData): their series hold the query values, so PowerPoint can
edit them. Data labels are written as text formatted for the language (`1 321 050`,
`0,48 %`), because a chart's number format follows the viewer's Windows locale, not the pack's.
"""

from __future__ import annotations

import io

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from dashboard.analysis.headline import Metric
from dashboard.i18n import fmt_date, t
from dashboard.report import master
from dashboard.report.master import BODY_BOTTOM, BODY_TOP, FONT, MARGIN, WIDTH, rgb
from dashboard.report.pack import Chart, Pack, Section, fmt_cell
from dashboard.ui.charts import PALETTE

CHART_FONT = Pt(14)  # every text of a chart: readable from the back of a room
CHART_TITLE = Pt(18)
CAPTION_HEIGHT = Inches(0.75)  # room for a two-line chart caption
TABLE_FONT = Pt(14)
TEXT_FONT = Pt(18)  # findings and appendix paragraphs
APPENDIX_FONT = Pt(14)
TITLE_FONT = Pt(28)
CARD_VALUE = Pt(32)
CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
SERIES_COLOURS = (PALETTE["primary"], PALETTE["red"], PALETTE["teal"], PALETTE["slate"])
GOOD, BAD, NEUTRAL = PALETTE["teal"], PALETTE["red"], PALETTE["slate"]


def _style_title(slide: Slide, text: str, size: Pt = TITLE_FONT) -> None:
    slide.shapes.title.text = text
    for para in slide.shapes.title.text_frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size, run.font.bold, run.font.name = size, True, FONT
            run.font.color.rgb = rgb(PALETTE["primary"])


def _label_text(value: float, spec: Chart, lang: str) -> str:
    return fmt_cell(value, "share" if spec.is_share else "count", lang)


def _colour_points(series: object, spec: Chart, index: int) -> None:
    fill = series.format.fill  # type: ignore[attr-defined]
    fill.solid()
    fill.fore_color.rgb = rgb(SERIES_COLOURS[index % len(SERIES_COLOURS)])
    if spec.highlight and len(spec.series) == 1:  # context months lighter than the quarter's
        for i in range(len(spec.categories)):
            if i not in spec.highlight:
                point = series.points[i]  # type: ignore[attr-defined]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = rgb(PALETTE["light_blue"])


def _label_points(series: object, index: int, spec: Chart, lang: str) -> None:
    stacked = spec.kind == "stacked"
    values = spec.series[index][1]
    texts = spec.labels[index] if spec.labels else [_label_text(v, spec, lang) for v in values]
    for i, (value, text) in enumerate(zip(values, texts, strict=True)):
        if stacked and not value:
            continue  # a zero segment has no room for a label
        label = series.points[i].data_label  # type: ignore[attr-defined]
        label.text_frame.text = text
        label.position = XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END
        for para in label.text_frame.paragraphs:
            for run in para.runs:
                run.font.size, run.font.name = CHART_FONT, FONT
                run.font.color.rgb = rgb("#ffffff" if stacked else PALETTE["ink"])


def _label_every_category(axis: object) -> None:
    """<c:tickLblSkip val=1/>: viewers otherwise drop every other name when space is tight."""
    cat_ax = axis._element  # type: ignore[attr-defined]
    skip = cat_ax.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    anchor = cat_ax.find(qn("c:noMultiLvlLbl"))
    if anchor is not None:
        anchor.addprevious(skip)
    else:
        cat_ax.append(skip)


def _caption(slide: Slide, text: str, box: tuple[Emu, Emu, Emu, Emu]) -> None:
    frame = slide.shapes.add_textbox(*box).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = CHART_TITLE, True, FONT
    run.font.color.rgb = rgb(PALETTE["ink"])


def add_chart(slide: Slide, spec: Chart, box: tuple[Emu, Emu, Emu, Emu], lang: str) -> object:
    """A native chart from `spec` in `box` (left, top, width, height); returns the chart.

    Its title (with the unit) is a caption above the chart rather than the chart's own title:
    inside, it takes height from the categories, and viewers then drop every other name.
    """
    left, top, width, height = box
    _caption(slide, spec.title, (left, top, width, CAPTION_HEIGHT))
    data = CategoryChartData(number_format="0.00%" if spec.is_share else "#,##0")
    data.categories = spec.categories
    for name, values in spec.series:
        data.add_series(name, values)
    plot_box = (left, top + CAPTION_HEIGHT, width, height - CAPTION_HEIGHT)
    chart = slide.shapes.add_chart(CHART_TYPES[spec.kind], *plot_box, data).chart
    chart.font.size, chart.font.name = CHART_FONT, FONT
    chart.has_title = False
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        chart.legend.font.size = CHART_FONT
    values_axis, categories = chart.value_axis, chart.category_axis
    values_axis.visible = False  # the bars carry their numbers; a second scale only distracts
    values_axis.has_major_gridlines = False
    categories.tick_labels.font.size = CHART_FONT
    categories.format.line.color.rgb = rgb(PALETTE["grey"])
    if spec.kind == "bar":
        categories.reverse_order = True  # first category on top, as the table reads
    _label_every_category(categories)
    plot = chart.plots[0]
    plot.gap_width = 60
    if spec.kind == "stacked":
        plot.overlap = 100
    for index, series in enumerate(plot.series):
        _colour_points(series, spec, index)
        _label_points(series, index, spec, lang)
    return chart


def add_table(slide: Slide, section: Section, box: tuple[Emu, Emu, Emu, Emu], lang: str) -> None:
    """The first `slide_rows` rows of the section's table, header in the house blue."""
    df = section.table.head(section.slide_rows)
    left, top, width, _ = box
    row_height = Inches(0.42)
    shape = slide.shapes.add_table(len(df) + 1, len(df.columns), left, top, width, row_height)
    table = shape.table
    first = int(width * 0.4) if len(df.columns) > 1 else width
    table.columns[0].width = first
    for c in range(1, len(df.columns)):
        table.columns[c].width = int((width - first) / (len(df.columns) - 1))
    for c, header in enumerate(df.columns):
        _cell(table.cell(0, c), str(header), bold=True, colour="#ffffff", fill=PALETTE["primary"])
    for r in range(len(df)):
        for c in range(len(df.columns)):
            grey = section.is_small(r, c)
            text = fmt_cell(df.iat[r, c], section.cell_kind(r, c), lang)
            fill = "#ffffff" if r % 2 else "#f0f4f9"
            colour = PALETTE["grey"] if grey else PALETTE["ink"]
            _cell(table.cell(r + 1, c), text, colour=colour, fill=fill, right=c > 0)


def _cell(
    cell: object,
    text: str,
    bold: bool = False,
    colour: str = "",
    fill: str = "",
    right: bool = False,
) -> None:
    cell.text = text  # type: ignore[attr-defined]
    cell.fill.solid()  # type: ignore[attr-defined]
    cell.fill.fore_color.rgb = rgb(fill)  # type: ignore[attr-defined]
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE  # type: ignore[attr-defined]
    para = cell.text_frame.paragraphs[0]  # type: ignore[attr-defined]
    if right:
        para.alignment = PP_ALIGN.RIGHT
    for run in para.runs:
        run.font.size, run.font.bold, run.font.name = TABLE_FONT, bold, FONT
        run.font.color.rgb = rgb(colour or PALETTE["ink"])


def _text(
    slide: Slide, paragraphs: tuple[str, ...], box: tuple[Emu, ...], size: Pt, bullets_from: int
) -> None:
    frame = slide.shapes.add_textbox(*box).text_frame
    frame.word_wrap = True
    for i, text in enumerate(paragraphs):
        text = f"•  {text}" if i >= bullets_from else text
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.space_after = Pt(8) if size > APPENDIX_FONT else Pt(3)
        run = para.add_run()
        run.text = text
        run.font.size, run.font.name = size, FONT
        run.font.color.rgb = rgb(PALETTE["ink"])


def _card(slide: Slide, metric: Metric, box: tuple[Emu, Emu, Emu, Emu]) -> None:
    shape = slide.shapes.add_shape(1, *box)  # MSO_SHAPE.RECTANGLE
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb("#f0f4f9")
    shape.line.fill.background()
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    lines = [
        (metric.label, Pt(14), PALETTE["slate"], False),
        (metric.value, CARD_VALUE, PALETTE["ink"], True),
    ]
    for delta in metric.deltas:
        lines.append(
            (f"{delta.text} {delta.against}", Pt(14), _delta_colour(metric, delta.change), False)
        )
    for i, (text, size, colour, bold) in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = PP_ALIGN.LEFT
        run = para.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = size, bold, FONT
        run.font.color.rgb = rgb(colour)


def _delta_colour(metric: Metric, change: float | None) -> str:
    if not change or metric.up_is_good is None:
        return NEUTRAL
    return GOOD if (change > 0) == metric.up_is_good else BAD


def _headline(slide: Slide, section: Section, lang: str) -> None:
    cols, gap = 3, Inches(0.2)
    card_w, card_h = Emu(int((Inches(8.0) - gap * (cols - 1)) / cols)), Inches(2.55)
    for i, metric in enumerate(section.cards):
        left = MARGIN + (card_w + gap) * (i % cols)
        top = BODY_TOP + (card_h + gap) * (i // cols)
        _card(slide, metric, (left, top, card_w, card_h))
    if section.chart:
        left = MARGIN + Inches(8.2)
        add_chart(
            slide,
            section.chart,
            (left, BODY_TOP, WIDTH - MARGIN - left, BODY_BOTTOM - BODY_TOP),
            lang,
        )


def _content(slide: Slide, section: Section, lang: str) -> None:
    height = BODY_BOTTOM - BODY_TOP
    full = WIDTH - 2 * MARGIN
    if section.key == "headline":
        _headline(slide, section, lang)
    elif section.chart and section.slide_rows:
        chart_w = Inches(5.8)
        add_chart(slide, section.chart, (MARGIN, BODY_TOP, chart_w, height), lang)
        left = MARGIN + chart_w + Inches(0.3)
        add_table(
            slide, section, (left, BODY_TOP + Inches(0.6), WIDTH - MARGIN - left, height), lang
        )
    elif section.chart:
        add_chart(slide, section.chart, (MARGIN, BODY_TOP, full, height), lang)
    elif section.text:
        appendix = section.key == "appendix"
        size, bullets_from = (APPENDIX_FONT, 99) if appendix else (TEXT_FONT, 2)
        _text(slide, section.text, (MARGIN, BODY_TOP, full, height), size, bullets_from)


def _title_slide(prs: PresentationType, pack: Pack) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[master.TITLE_SLIDE])
    _style_title(slide, pack.title, Pt(40))
    subtitle = slide.placeholders[1].text_frame
    lines = (  # (text, size, bold, colour)
        (t("app.subtitle", pack.lang), Pt(18), False, PALETTE["slate"]),
        (pack.scope_label, Pt(26), True, PALETTE["ink"]),
        (pack.quarter.label(pack.lang), Pt(24), False, PALETTE["ink"]),
        (
            t("collegium.data_as_of", pack.lang, date=fmt_date(pack.as_of, pack.lang)),
            Pt(18),
            False,
            PALETTE["slate"],
        ),
    )
    for i, (text, size, bold, colour) in enumerate(lines):
        para = subtitle.paragraphs[0] if i == 0 else subtitle.add_paragraph()
        para.alignment = PP_ALIGN.LEFT
        para.space_after = Pt(14) if i == 0 else Pt(4)
        run = para.add_run()
        run.text = text
        run.font.size, run.font.name, run.font.bold = size, FONT, bold
        run.font.color.rgb = rgb(colour)
    slide.notes_slide.notes_text_frame.text = " ".join(pack.filter_lines)


def render(pack: Pack) -> bytes:
    """The deck as .pptx bytes."""
    footer = f"{pack.title} · {pack.scope_label} · {pack.quarter.label(pack.lang)}"
    prs = master.presentation(footer)
    _title_slide(prs, pack)
    for section in pack.sections:
        slide = prs.slides.add_slide(prs.slide_layouts[master.CONTENT_SLIDE])
        _style_title(slide, section.title)
        _content(slide, section, pack.lang)
        slide.notes_slide.notes_text_frame.text = section.notes
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
