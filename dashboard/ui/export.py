"""Tables as downloadable files: CSV that Excel opens in Cyrillic, and XLSX (openpyxl)."""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
from openpyxl.utils import get_column_letter

# Excel in ru/kk locales splits CSV on ";" (its list separator), and a comma file would land
# in one column; ";" also never clashes with the decimal comma.
CSV_SEPARATOR = ";"
SHEET_NAME_MAX = 31  # characters Excel allows in a sheet name
COLUMN_WIDTH_MAX = 60  # characters; longer cells wrap instead of widening the column
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def to_csv_bytes(df: pd.DataFrame, sep: str = CSV_SEPARATOR) -> bytes:
    """UTF-8 with a byte-order mark (Excel otherwise reads Cyrillic as cp1251), no index."""
    return df.to_csv(index=False, sep=sep, lineterminator="\r\n").encode("utf-8-sig")


def safe_sheet_name(name: str) -> str:
    """A name Excel accepts: no []:*?/\\ and at most 31 characters."""
    return _SHEET_FORBIDDEN.sub(" ", name).strip()[:SHEET_NAME_MAX] or "Sheet1"


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = "Sheet1") -> bytes:
    """One sheet with a frozen, bold header row and columns wide enough for their values."""
    buffer = io.BytesIO()
    name = safe_sheet_name(sheet_name)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name=name, index=False)
        ws = writer.sheets[name]
        ws.freeze_panes = "A2"
        for i, column in enumerate(df.columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in df[column].head(1000))])
            ws.column_dimensions[get_column_letter(i)].width = min(longest + 2, COLUMN_WIDTH_MAX)
            if pd.api.types.is_object_dtype(df[column]) and _all_dates(df[column]):
                for cell in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell[0].number_format = "DD.MM.YYYY"
    return buffer.getvalue()


def _all_dates(values: pd.Series) -> bool:
    sample = values.dropna().head(20)
    return len(sample) > 0 and all(isinstance(v, date) for v in sample)
