"""Guards against hostile or runaway files, checked before and right after reading.

- size: the file itself (APPEALS_IMPORT_MAX_MB);
- XLSX: the unpacked size of its parts and their compression ratio (a 600 KB "zip bomb"
  that unpacks to 160 MB of sheet is refused before any XML is parsed);
- width: a header of more columns than any registry export has (APPEALS_IMPORT_MAX_COLUMNS),
  read from the first line only;
- rows: APPEALS_IMPORT_MAX_ROWS;
- control characters (NUL, ESC, …) in text cells: refused with their rows and columns,
  because they break exports for everyone later and have no place in registry text.
Messages name the limit, the file's figure and the variable that changes it.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.data.ingest import IngestError
from dashboard.data.schema import Violation, expected_text

MB = 1 << 20
DEFAULT_MAX_MB = 2048  # a 10 M-row CSV export is about 1,6 GB
DEFAULT_MAX_XLSX_UNPACKED_MB = 512  # Excel's own sheet limit keeps real exports far below
MAX_XLSX_RATIO = 100  # unpacked ÷ packed; real sheets compress 5-20x
DEFAULT_MAX_COLUMNS = 500  # registry exports have tens of columns
DEFAULT_MAX_ROWS = 20_000_000
HEADER_READ_BYTES = 1 * MB  # the first line is read at most this far to count columns
SHOWN_HEADER_NAMES = 12  # a header listed in a message is cut after this many names
# C0 controls but tab, LF and CR (legitimate inside cells), plus DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_RULE = "no_control_characters"  # a key of schema.EXPECTED
CONTROL_EXPECTED = expected_text(CONTROL_RULE)
CONTROL_SHOWN = 3  # cells a control-character violation quotes (in row order, repeats kept)
CONTROL_BYTES = np.zeros(256, bool)  # the bytes of the characters CONTROL matches
CONTROL_BYTES[[*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]] = True


def _limit(env: str, default: int) -> int:
    value = os.environ.get(env, "").strip()
    return int(value) if value.isdigit() else default


def check_file(path: Path, fmt: str, delimiter: str = ",", encoding: str = "utf-8") -> None:
    """Refuse a file whose size, unpacked size or width is past its limit, before reading it."""
    max_mb = _limit("APPEALS_IMPORT_MAX_MB", DEFAULT_MAX_MB)
    size = path.stat().st_size
    if size > max_mb * MB:
        raise IngestError(
            f"{path}: rejected, nothing was imported: {size / MB:.0f} MB is over the limit of "
            f"{max_mb} MB (APPEALS_IMPORT_MAX_MB); split the export by period",
            "too_big",
            size=round(size / MB),
            limit=max_mb,
        )
    if fmt == "xlsx":
        _check_xlsx(path)
    elif fmt == "csv":
        _check_width(path, delimiter, encoding)


def _check_xlsx(path: Path) -> None:
    max_mb = _limit("APPEALS_XLSX_MAX_UNPACKED_MB", DEFAULT_MAX_XLSX_UNPACKED_MB)
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except zipfile.BadZipFile:
        return  # not a zip at all: the reader says the file cannot be read
    unpacked = sum(p.file_size for p in parts)
    packed = max(1, sum(p.compress_size for p in parts))
    if unpacked > max_mb * MB or unpacked / packed > MAX_XLSX_RATIO:
        raise IngestError(
            f"{path}: rejected, nothing was imported: the workbook unpacks to "
            f"{unpacked / MB:.0f} MB ({unpacked / packed:.0f} times its size); the limits are "
            f"{max_mb} MB (APPEALS_XLSX_MAX_UNPACKED_MB) and {MAX_XLSX_RATIO} times; "
            "export the sheet as CSV",
            "xlsx_unpacked",
            size=round(unpacked / MB),
            ratio=round(unpacked / packed),
            limit=max_mb,
            max_ratio=MAX_XLSX_RATIO,
        )


def _check_width(path: Path, delimiter: str, encoding: str) -> None:
    max_columns = _limit("APPEALS_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)
    with path.open("rb") as f:
        head = f.read(HEADER_READ_BYTES)
    first = head.split(b"\n", 1)[0]
    text = first.decode(encoding, errors="replace").lstrip("\ufeff")
    header = next(csv.reader([text], delimiter=delimiter), [])
    if len(header) > max_columns:
        whole = len(first) < len(head)  # else the line goes on past what was read
        count = f"{len(header)}" if whole else f"more than {len(header)}"
        raise IngestError(
            f"{path}: rejected, nothing was imported: the header has {count} columns, "
            f"over the limit of {max_columns} (APPEALS_IMPORT_MAX_COLUMNS); it begins "
            f"{shorten_names(header)}; check the delimiter of the mapping",
            "too_wide" if whole else "too_wide_more",
            n=len(header),
            limit=max_columns,
            names=names_shown(header),
            names_more=max(0, len(header) - SHOWN_HEADER_NAMES),
        )


def max_rows() -> int:
    """The row limit (APPEALS_IMPORT_MAX_ROWS)."""
    return _limit("APPEALS_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def check_rows(raw: pd.DataFrame, source: str) -> None:
    """Refuse a file of more rows than the limit (checked once the rows are counted)."""
    check_row_count(len(raw), source)


def check_row_count(n: int, source: str) -> None:
    """Refuse a file of `n` rows when that is more than the limit."""
    if n > max_rows():
        raise IngestError(
            f"{source}: rejected, nothing was imported: {n:,} rows is over the limit of "
            f"{max_rows():,} (APPEALS_IMPORT_MAX_ROWS); split the export by period",
            "too_many_rows",
            n=n,
            limit=max_rows(),
        )


def shorten_names(names: list[str]) -> str:
    """A header for a message: the first names quoted, then how many more."""
    shown = ", ".join(repr(n) for n in names_shown(names))
    rest = len(names) - SHOWN_HEADER_NAMES
    return f"{shown} and {rest} more" if rest > 0 else shown


def names_shown(names: list[str]) -> list[str]:
    """The names shorten_names quotes: the first SHOWN_HEADER_NAMES, 40 characters each."""
    return [str(n)[:40] for n in names[:SHOWN_HEADER_NAMES]]


def control_violations(raw: pd.DataFrame) -> list[Violation]:
    """One violation per source column whose text cells hold control characters."""
    found = []
    for column in raw.columns:
        cells = raw[column]
        if not (pd.api.types.is_string_dtype(cells) or cells.dtype == object):
            continue
        if not _may_hold_control(cells):
            continue
        bad = cells.astype("string").str.contains(CONTROL, regex=True, na=False)
        if bad.any():
            rows = [int(i) for i in bad.to_numpy().nonzero()[0]]
            shown = [_visible(v) for v in cells[bad].head(CONTROL_SHOWN)]
            found.append(Violation.of(str(column), rows, CONTROL_RULE, shown))
    return found


def _may_hold_control(cells: pd.Series) -> bool:
    """False when no byte of the column's UTF-8 text is a control character (in UTF-8 those
    bytes never occur inside other characters): a scan of its bytes, many times faster than
    the regex, which then runs only on a column that may hold one."""
    if not isinstance(cells.dtype, pd.StringDtype) or cells.dtype.storage != "pyarrow":
        return True
    for chunk in pa.chunked_array(pa.array(cells)).chunks:
        data = chunk.buffers()[2]
        if data is None:
            continue
        text = np.frombuffer(data, np.uint8)
        # the bytes below 0x20 are few (tab, line breaks): only they are looked up
        if CONTROL_BYTES[text[text < 0x20]].any() or (text == 0x7F).any():
            return True
    return False


def _visible(value: object) -> str:
    """A cell for a message: control characters as \\xNN, and no longer than 40 characters."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return text[:40] + ("…" if len(text) > 40 else "")
