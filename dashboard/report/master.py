"""The pack's 16:9 presentation: theme colours from the house palette, fonts, a slide master.

python-pptx starts from its 4:3 default template; here the slide size becomes 16:9, the
theme's accent colours become the house palette of dashboard/ui/charts.py (so native charts
and tables take them by default), the theme fonts become FONT, and the master carries the
band, rule and footer every slide shows.
"""

from __future__ import annotations

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.util import Emu, Inches, Pt

from dashboard.ui.charts import COLORWAY, PALETTE

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: 16:9 exactly
MARGIN = Inches(0.6)
# PT Sans (the web charts' font) is rarely installed on office PCs; Arial is everywhere and
# covers Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і).
FONT = "Arial"
TITLE_SLIDE, CONTENT_SLIDE = 0, 5  # default template layouts: "Title Slide", "Title Only"
TITLE_TOP, TITLE_HEIGHT = Inches(0.35), Inches(0.95)
BODY_TOP, BODY_BOTTOM = Inches(1.45), Inches(6.85)
FOOTER_SIZE = Pt(12)  # the footer only; every chart and table text is 14 pt or more
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
# Theme colour slots -> house palette; charts take accent1, accent2, ... for their series.
THEME_COLOURS: dict[str, str] = {
    "dk2": PALETTE["ink"],
    "lt2": "#f0f4f9",
    "accent1": COLORWAY[0],
    "accent2": COLORWAY[1],
    "accent3": COLORWAY[2],
    "accent4": COLORWAY[3],
    "accent5": PALETTE["amber"],
    "accent6": PALETTE["red"],
}


def rgb(hex_colour: str) -> RGBColor:
    """#1f4e79 -> RGBColor."""
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _theme(prs: PresentationType) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    scheme = root.find(f".//{{{_A}}}clrScheme")
    for slot, colour in THEME_COLOURS.items():
        element = scheme.find(f"{{{_A}}}{slot}")
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, f"{{{_A}}}srgbClr", val=colour.lstrip("#").upper())
    for kind in ("majorFont", "minorFont"):
        root.find(f".//{{{_A}}}{kind}/{{{_A}}}latin").set("typeface", FONT)
    # A theme part is a plain Part: its bytes are all it has.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _place_titles(prs: PresentationType) -> None:
    """Title boxes of the two layouts used, placed for 16:9 (the template's are for 4:3)."""
    wide = WIDTH - 2 * MARGIN
    content = prs.slide_layouts[CONTENT_SLIDE].placeholders[0]
    content.left, content.top, content.width, content.height = (
        MARGIN,
        TITLE_TOP,
        wide,
        TITLE_HEIGHT,
    )
    title_layout = prs.slide_layouts[TITLE_SLIDE]
    boxes = ((Inches(2.2), Inches(1.6)), (Inches(4.0), Inches(2.4)))  # title, subtitle
    for ph, (top, height) in zip(title_layout.placeholders, boxes, strict=False):
        ph.left, ph.top, ph.width, ph.height = MARGIN, top, wide, height


def _master_shape(prs: PresentationType, sp: CT_Shape) -> Shape:
    prs.slide_master.shapes._spTree.append(sp)
    return Shape(sp, prs.slide_master.shapes)


def _decorate(prs: PresentationType, footer: str) -> None:
    """A band across the top, a rule and a footer line at the bottom, on the master."""
    shapes = prs.slide_master.shapes
    band = _master_shape(
        prs,
        CT_Shape.new_autoshape_sp(shapes._next_shape_id, "Band", "rect", 0, 0, WIDTH, Inches(0.14)),
    )
    rule = _master_shape(
        prs,
        CT_Shape.new_autoshape_sp(
            shapes._next_shape_id,
            "Rule",
            "rect",
            MARGIN,
            Inches(6.95),
            WIDTH - 2 * MARGIN,
            Emu(9525),
        ),
    )
    for shape, colour in ((band, PALETTE["primary"]), (rule, PALETTE["light_grey"])):
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(colour)
        shape.line.fill.background()
    box = _master_shape(
        prs,
        CT_Shape.new_textbox_sp(
            shapes._next_shape_id, "Footer", MARGIN, Inches(7.0), Inches(10), Inches(0.35)
        ),
    )
    run = box.text_frame.paragraphs[0].add_run()
    run.text = footer
    run.font.size, run.font.name = FOOTER_SIZE, FONT
    run.font.color.rgb = rgb(PALETTE["slate"])


def presentation(footer: str) -> PresentationType:
    """An empty 16:9 deck with the house theme, layouts placed, and `footer` on the master."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _theme(prs)
    _place_titles(prs)
    _decorate(prs, footer)
    return prs
