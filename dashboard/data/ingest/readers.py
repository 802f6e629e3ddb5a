"""Reading an export file as a frame of text cells, whatever its format and encoding.

Everything is read as text (empty cells as missing) so that a bad value is reported with its
row instead of breaking the read; types are parsed later, in ingest.parse.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from dashboard.data.ingest import IngestError
from dashboard.data.ingest.mapping import Mapping

SUFFIX_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}


class UnreadableFile(IngestError):
    """The file cannot be opened or parsed as the mapping says."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: rejected, nothing was imported: {reason}")


def file_format(path: Path, mapping: Mapping) -> str:
    """The mapping's format, or the one the file name suggests when the mapping says auto."""
    if mapping.format != "auto":
        return mapping.format
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableFile(
            path,
            f"cannot tell the format from the name; set format: csv|xlsx|parquet "
            f"in mapping {mapping.name}",
        )
    return fmt


def read(path: Path, mapping: Mapping) -> pd.DataFrame:
    """The file's cells as text, one row per data row, header names stripped."""
    if not path.is_file():
        raise UnreadableFile(path, "no such file")
    fmt = file_format(path, mapping)
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "parquet": _read_parquet}[fmt]
    try:
        table = reader(path, mapping)
    except IngestError:
        raise
    except Exception as exc:  # any parser failure means the same thing: the file is unreadable
        raise UnreadableFile(
            path,
            f"cannot be read as {fmt} ({_explain(exc)}); check the file and the reading keys "
            f"of mapping {mapping.name} ({_how(mapping, fmt)})",
        ) from exc
    return _clean(table, mapping.null_values)


def _how(mapping: Mapping, fmt: str) -> str:
    if fmt == "csv":
        return f"encoding {mapping.encoding}, delimiter {mapping.delimiter!r}"
    if fmt == "xlsx":
        return f"sheet {mapping.sheet if mapping.sheet is not None else 'first'}"
    return "parquet"


def _explain(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def csv_encoding(path: Path, declared: str) -> str:
    """The declared encoding, unless the file starts with a UTF-8 byte-order mark."""
    with path.open("rb") as f:
        head = f.read(3)
    # A BOM is an unambiguous declaration, and in cp1251 its bytes are never a real header.
    return "utf-8-sig" if head == codecs.BOM_UTF8 else declared


def _read_csv(path: Path, mapping: Mapping) -> pa.Table:
    encoding = csv_encoding(path, mapping.encoding)
    try:
        return _read_csv_arrow(path, mapping.delimiter, encoding)
    except (pa.ArrowInvalid, UnicodeError):
        # pandas' reader is slower, but it accepts short rows and its errors name the line
        # (or the undecodable byte), which is what a person needs to fix the file.
        return pa.Table.from_pandas(_read_csv_pandas(path, mapping, encoding), preserve_index=False)


def _read_csv_arrow(path: Path, delimiter: str, encoding: str) -> pa.Table:
    """Arrow's multi-threaded reader, every column as text."""
    with path.open(encoding=encoding, newline="") as f:
        header = next(csv.reader([f.readline()], delimiter=delimiter), [])
    return pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding=encoding),
        parse_options=pacsv.ParseOptions(delimiter=delimiter),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
        ),
    )


def _read_csv_pandas(path: Path, mapping: Mapping, encoding: str) -> pd.DataFrame:
    try:
        return pd.read_csv(
            path,
            sep=mapping.delimiter,
            dtype=str,
            encoding=encoding,
            keep_default_na=False,
            na_filter=False,
            engine="c",
        )
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            path,
            f"not readable as {encoding} text (byte {exc.object[exc.start : exc.end]!r} near "
            f"byte {exc.start}); set encoding: in mapping {mapping.name} "
            "(exports are often cp1251)",
        ) from exc


def _cell_text(value: object) -> str | None:
    """An Excel cell as text: dates as ISO, whole numbers without '.0' (ids keep their digits)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, mapping: Mapping) -> pa.Table:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = mapping.sheet if mapping.sheet is not None else 0
        names = book.sheetnames
        if isinstance(sheet, int):
            if sheet >= len(names):
                raise UnreadableFile(path, f"no sheet number {sheet} (sheets: {names})")
            sheet = names[sheet]
        if sheet not in names:
            raise UnreadableFile(path, f"no sheet {sheet!r} (sheets: {names})")
        rows = book[sheet].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise UnreadableFile(path, f"sheet {sheet!r} is empty")
        width = len(header)
        pad = (None,) * width  # read-only sheets may give short rows
        data = [
            [_cell_text(v) for v in (tuple(r) + pad)[:width]]
            for r in rows
            if any(v is not None for v in r)
        ]
    finally:
        book.close()
    names_row = [str(h) if h is not None else f"column {i + 1}" for i, h in enumerate(header)]
    columns = list(zip(*data, strict=True)) if data else [()] * len(names_row)
    return pa.table([pa.array(c, pa.string()) for c in columns], names=names_row)


def _read_parquet(path: Path, _mapping: Mapping) -> pa.Table:
    table = pq.read_table(path)
    # Dates become ISO text and booleans 'true'/'false', as the parsers expect.
    return pa.table([c.cast(pa.string()) for c in table.columns], names=table.column_names)


def _clean(table: pa.Table, nulls: tuple[str, ...]) -> pd.DataFrame:
    """Cells stripped, the mapping's null texts missing, header names stripped; in Arrow (fast)."""
    null_set = pa.array(list(nulls), pa.string())
    cols = []
    for col in table.columns:
        text = pc.utf8_trim_whitespace(col.cast(pa.string()))
        cols.append(pc.if_else(pc.is_in(text, value_set=null_set), None, text))
    names = [str(n).strip() for n in table.column_names]
    return pa.table(cols, names=names).to_pandas()
