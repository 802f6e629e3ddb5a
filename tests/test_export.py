"""dashboard/ui/export.py: CSV that Excel reads in Cyrillic, XLSX that reopens with its values."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd

from dashboard.data.filters import Filters
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


def test_text_that_looks_like_a_formula_is_written_as_text_in_csv_and_xlsx():
    nasty = pd.DataFrame(
        {
            "=cmd": ["=1+2", "+7", "-3", "@SUM(A1)", "\tx", "\rx", "ok\x00\x07\x1b", "a-b"],
            "n": [-1, 2, 3, 4, 5, 6, 7, 8],  # numbers stay numbers, negative ones too
        }
    )
    want = ["'=1+2", "'+7", "'-3", "'@SUM(A1)", "'\tx", "'\rx", "ok", "a-b"]
    back = pd.read_csv(io.BytesIO(export.to_csv_bytes(nasty)), sep=";", encoding="utf-8-sig")
    assert back.columns.tolist() == ["'=cmd", "n"]
    assert back["'=cmd"].tolist() == want
    assert back["n"].tolist() == [-1, 2, 3, 4, 5, 6, 7, 8]
    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(nasty))).active
    cells = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert cells == want
    assert all(cell.data_type == "s" for cell in ws["A"])  # no formula cell anywhere
    assert [row[1] for row in ws.iter_rows(min_row=2, values_only=True)][0] == -1


CONTEXT = export.Context((("Период", "01.07.2016 – 30.09.2016"), ("Регионы", "=HYPERLINK()")))


def test_csv_starts_with_the_context_lines_then_the_table():
    data = export.to_csv_bytes(frame(), context=CONTEXT)
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[:2] == ["# Период: 01.07.2016 – 30.09.2016", "# Регионы: =HYPERLINK()"]
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", comment="#")
    assert back["Дней просрочки"].tolist() == [139, 83]


def test_xlsx_has_a_context_block_above_the_frozen_table():
    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(frame(), "x", CONTEXT))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("Период", "01.07.2016 – 30.09.2016")
    assert rows[1][:2] == ("Регионы", "'=HYPERLINK()")
    assert rows[3] == tuple(frame().columns)  # after one blank row
    assert rows[4][0] == "a4"
    assert ws.freeze_panes == "A5"
    assert ws["B5"].number_format == "DD.MM.YYYY"


def test_context_and_file_name_carry_filters_as_of_and_data_date():
    default = Filters.default(date(2013, 1, 1), date(2017, 9, 30))
    f = Filters(date(2016, 7, 1), date(2016, 9, 30), region_codes=("35",), appeal_types=())
    names = {"35": "Карагандинская область"}
    about = export.context(
        f, lambda kind, code: names.get(code, code), date(2017, 9, 30), as_of=date(2017, 6, 30)
    )
    assert about.lines == (
        ("Период", "01.07.2016 – 30.09.2016"),
        ("Регионы", "Карагандинская область"),
        ("Дата расчёта", "30.06.2017"),
        ("Дата данных", "30.09.2017"),
    )
    stem = export.file_stem("просроченные", f, default, date(2017, 9, 30), date(2017, 6, 30))
    assert stem == (
        "просроченные_2016-07-01_2016-09-30_на-2017-06-30_данные-2017-09-30_region-35_type-all"
    )
    dated = export.context(f, lambda kind, code: code, date(2017, 9, 30), period_applies=False)
    assert dated.lines[0] == ("Период", "не применяется (все открытые на дату расчёта)")
