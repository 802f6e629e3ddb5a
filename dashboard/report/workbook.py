"""The pack as an Excel workbook: one sheet per slide with the table behind it.

Counts and shares stay numbers (with number formats), so analysts can recompute; every text
cell is written as text, so a label that begins with = + - @ can never run as a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.i18n import is_missing, lookup, t
from dashboard.report.pack import Pack, Section
from dashboard.ui import export
from dashboard.ui.charts import PALETTE
from dashboard.ui.export import COLUMN_WIDTH_MAX, safe_sheet_name

# Excel number formats per cell kind (the decimal mark follows the reader's Excel locale).
NUMBER_FORMATS: dict[str, str] = {
    "count": "#,##0",
    "number": "0.0",
    "share": "0.00%",
    "rel": "+0.0%;-0.0%;0.0%",
    "pp": '+0.00" {pp}";-0.00" {pp}";0.00" {pp}"',
}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=PALETTE["primary"].lstrip("#").upper())
SMALL_FONT = Font(color=PALETTE["grey"].lstrip("#").upper())


def write_text(cell: Cell, text: str) -> None:
    """A text cell that stays text: never a formula, shown as typed (quote prefix)."""
    cell.value = export.strip_control(text)
    cell.data_type = "s"  # openpyxl marks any "=..." string a formula; this one is not
    if text.startswith(export.FORMULA_START):  # Excel's own "typed as text" mark
        cell.quotePrefix = True


def _value(cell: Cell, value: object, kind: str, lang: str) -> None:
    if is_missing(value):
        cell.value = None
    elif kind == "text":
        write_text(cell, str(value))
    else:
        cell.value = int(value) if kind == "count" else float(value)  # type: ignore[arg-type]
        cell.number_format = NUMBER_FORMATS[kind].format(pp=t("units.pp", lang))


def _sheet(ws: Worksheet, section: Section, lang: str) -> None:
    df = section.table
    for c, header in enumerate(df.columns, start=1):
        cell = ws.cell(row=1, column=c)
        write_text(cell, str(header))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for r in range(len(df)):
        for c in range(len(df.columns)):
            cell = ws.cell(row=r + 2, column=c + 1)
            _value(cell, df.iat[r, c], section.cell_kind(r, c), lang)
            if section.is_small(r, c):
                cell.font = SMALL_FONT
    ws.freeze_panes = "A2"
    if len(df):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{len(df) + 1}"
    for c, header in enumerate(df.columns, start=1):
        longest = max([len(str(header)), *(len(str(v)) for v in df.iloc[:, c - 1])])
        ws.column_dimensions[get_column_letter(c)].width = min(longest + 3, COLUMN_WIDTH_MAX)


def sheet_names(pack: Pack) -> list[str]:
    """One Excel-safe, unique name per section, in slide order."""
    names: list[str] = []
    for i, section in enumerate(pack.sections, start=1):
        short = lookup(f"collegium.sheet.{section.key}", pack.lang) or section.title
        name = safe_sheet_name(f"{i}. {short}")
        while name in names:
            name = safe_sheet_name(f"{name[:28]}~{i}")
        names.append(name)
    return names


def render(pack: Pack) -> bytes:
    """The workbook as .xlsx bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, section in zip(sheet_names(pack), pack.sections, strict=True):
        _sheet(wb.create_sheet(name), section, pack.lang)
    wb.properties.title = f"{pack.title} · {pack.scope_label} · {pack.quarter.label(pack.lang)}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
