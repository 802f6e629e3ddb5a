"""dashboard/ui/export.py: CSV that Excel reads in Cyrillic, XLSX that reopens with its values."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd

from dashboard.ui import export


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Рег. номер": ["a4", "a6"],
            "Дата поступления": [date(2016, 7, 1), date(2016, 9, 25)],
            "Дней просрочки": [139, 83],
            "Госорган": ["Акимат Алматинской области", "МВД; ДП"],
        }
    )


def test_csv_starts_with_a_bom_and_keeps_russian_headers():
    data = export.to_csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Рег. номер;Дата поступления;Дней просрочки;Госорган"
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig")
    assert back["Госорган"].tolist() == ["Акимат Алматинской области", "МВД; ДП"]  # quoted
    assert back["Дней просрочки"].tolist() == [139, 83]


def test_xlsx_reopens_with_the_same_values():
    data = export.to_xlsx_bytes(frame(), "Просроченные")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Просроченные"]
    ws = wb["Просроченные"]
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == tuple(frame().columns)
    assert values[1][0] == "a4"
    assert values[1][1].date() == date(2016, 7, 1)  # a real date cell, not text
    assert values[2][2] == 83
    assert values[2][3] == "МВД; ДП"
    assert ws.freeze_panes == "A2"
    assert ws["B2"].number_format == "DD.MM.YYYY"


def test_sheet_names_are_made_acceptable_to_excel():
    assert export.safe_sheet_name("a/b:c*d?[e]") == "a b c d  e"
    assert len(export.safe_sheet_name("x" * 40)) == 31
    assert export.safe_sheet_name("///") == "Sheet1"
