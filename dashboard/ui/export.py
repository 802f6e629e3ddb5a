"""Tables as downloadable files: CSV that Excel opens in Cyrillic, and XLSX (openpyxl).

Every file says what it shows (filters, as-of date, data date: a header block in XLSX, leading
"# " lines in CSV, and in the file name), and no cell can run as a formula: text beginning with
= + - @ tab or CR gets an apostrophe in front (OWASP, CSV injection), control characters go.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.data.filters import LIST_KEYS, Filters
from dashboard.i18n import fmt_date, t

# Excel in ru/kk locales splits CSV on ";" (its list separator), and a comma file would land
# in one column; ";" also never clashes with the decimal comma.
CSV_SEPARATOR = ";"
SHEET_NAME_MAX = 31  # characters Excel allows in a sheet name
COLUMN_WIDTH_MAX = 60  # characters; longer cells wrap instead of widening the column
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet may read these as a formula
# C0 and C1 control characters but tab, LF and CR (kept inside text; openpyxl rejects the rest).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FILE_STEM_MAX = 120  # characters of a file name before its extension
_UNSAFE_IN_NAME = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class Context:
    """What a file shows, as (label, value) lines written above its table."""

    lines: tuple[tuple[str, str], ...] = ()


def strip_control(text: str) -> str:
    """`text` without control characters (a NUL makes the whole XLSX unreadable)."""
    return _CONTROL.sub("", text)


def safe_text(value: object) -> object:
    """A text cell no spreadsheet will run; other values unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START):
        value = "'" + value
    return strip_control(value)


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell and header made safe (safe_text)."""
    out = df.copy()
    out.columns = [safe_text(str(c)) for c in df.columns]
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_text)
    return out


def to_csv_bytes(
    df: pd.DataFrame, sep: str = CSV_SEPARATOR, context: Context | None = None
) -> bytes:
    """UTF-8 with a byte-order mark (Excel otherwise reads Cyrillic as cp1251), no index;
    the context first, one "# label: value" line each (pandas: comment="#" skips them)."""
    head = io.StringIO()
    writer = csv.writer(head, delimiter=sep, lineterminator="\r\n")
    for label, value in (context or Context()).lines:
        writer.writerow([safe_text(f"# {label}: {value}")])
    body = neutralised(df).to_csv(index=False, sep=sep, lineterminator="\r\n")
    return (head.getvalue() + body).encode("utf-8-sig")


def safe_sheet_name(name: str) -> str:
    """A name Excel accepts: no []:*?/\\ and at most 31 characters."""
    return _SHEET_FORBIDDEN.sub(" ", name).strip()[:SHEET_NAME_MAX] or "Sheet1"


def to_xlsx_bytes(
    df: pd.DataFrame, sheet_name: str = "Sheet1", context: Context | None = None
) -> bytes:
    """One sheet: the context block (bold labels), a blank row, then the table with a frozen,
    bold header row and columns wide enough for their values."""
    # imported here, when a workbook is asked for: 0,2 s a page's first run need not wait for
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    name = safe_sheet_name(sheet_name)
    lines = (context or Context()).lines
    top = len(lines) + 1 if lines else 0  # rows above the table's header
    df = neutralised(df)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name=name, index=False, startrow=top)
        ws = writer.sheets[name]
        for row, (label, value) in enumerate(lines, start=1):
            ws.cell(row, 1, safe_text(label)).font = Font(bold=True)
            ws.cell(row, 2, safe_text(value))
        ws.freeze_panes = f"A{top + 2}"
        for i, column in enumerate(df.columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in df[column].head(1000))])
            ws.column_dimensions[get_column_letter(i)].width = min(longest + 2, COLUMN_WIDTH_MAX)
            if pd.api.types.is_object_dtype(df[column]) and _all_dates(df[column]):
                for cell in ws.iter_rows(min_row=top + 2, min_col=i, max_col=i):
                    cell[0].number_format = "DD.MM.YYYY"
    return buffer.getvalue()


def context(
    f: Filters,
    labeler: Callable[[str, str], str],
    data_date: date,
    as_of: date | None = None,
    period_applies: bool = True,
) -> Context:
    """The filters (each on its line), the as-of date and the data date, in f.lang."""
    lang = f.lang
    described = f.describe(lang, labeler)
    if not period_applies:  # a list on a date: say so rather than show a period it ignores
        described = [f"{t('filters.period', lang)}: {t('export.period_not_applied', lang)}"]
        described += f.describe(lang, labeler)[1:]
    lines = [tuple(line.split(": ", 1)) for line in described]
    if as_of is not None:
        lines.append((t("export.as_of", lang), fmt_date(as_of, lang)))
    lines.append((t("export.data_date", lang), fmt_date(data_date, lang)))
    return Context(tuple((a, b) for a, b in lines))


def file_stem(
    stem: str,
    f: Filters,
    default: Filters,
    data_date: date,
    as_of: date | None = None,
    period_applies: bool = True,
) -> str:
    """stem_<from>_<to>[_<as-of>]_<data date>[_<filter>-<codes>…]: a file says what it holds
    even when renamed copies pile up in a downloads folder (codes keep it language-neutral)."""
    parts: list[str] = [stem]
    if period_applies:
        parts.append(f"{f.period_start.isoformat()}_{f.period_end.isoformat()}")
    if as_of is not None:
        parts.append(t("export.name_as_of", f.lang, date=as_of.isoformat()))
    parts.append(t("export.name_data", f.lang, date=data_date.isoformat()))
    chosen = f.to_query_params(default)
    parts += [f"{key}-{'-'.join(_as_list(chosen[key]))}" for key in LIST_KEYS if key in chosen]
    name = _UNSAFE_IN_NAME.sub("-", "_".join(parts)).strip("-_")
    return name[:FILE_STEM_MAX]


def _as_list(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _all_dates(values: pd.Series) -> bool:
    sample = values.dropna().head(20)
    return len(sample) > 0 and all(isinstance(v, date) for v in sample)
