"""Reading an export file as a frame of text cells, whatever its format and encoding.

Everything is read as text (empty cells as missing) so that a bad value is reported with its
row instead of breaking the read; types are parsed later, in ingest.parse.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from dashboard.data.ingest import IngestError, limits
from dashboard.data.ingest.mapping import Mapping

SUFFIX_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}


# Rows an import reads, maps and checks at a time (read_chunks): its memory grows with this,
# not with the file. XLSX files are read whole (limits.py keeps them small).
CHUNK_ROWS = 250_000  # 1 M rows of a registry export: 0,8 GB at peak, against 1,1 at 500 000


class UnreadableFile(IngestError):
    """The file cannot be opened or parsed as the mapping says (`key`, `params`: IngestError)."""

    def __init__(self, path: Path, reason: str, key: str = "", /, **params: object) -> None:
        super().__init__(f"{path}: rejected, nothing was imported: {reason}", key, **params)


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
            "no_format",
            mapping=mapping.name,
        )
    return fmt


def read(path: Path, mapping: Mapping) -> pd.DataFrame:
    """The file's cells as text, one row per data row, header names stripped."""
    return read_with_lines(path, mapping)[0]


def read_with_lines(path: Path, mapping: Mapping) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The cells as text, and for a CSV whose cells hold line breaks the file line of each row.

    A quoted cell with line breaks is one spreadsheet row but several lines of the file:
    messages give the row (as a spreadsheet shows it) and, when they differ, the line.
    None when every row is one line (then row and line are the same number).
    """
    if not path.is_file():
        raise UnreadableFile(path, "no such file", "no_file")
    fmt = file_format(path, mapping)
    limits.check_file(path, fmt, mapping.delimiter, csv_encoding(path, mapping.encoding))
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "parquet": _read_parquet}[fmt]
    try:
        table = reader(path, mapping)
    except IngestError:
        raise
    except Exception as exc:  # any parser failure means the same thing: the file is unreadable
        raise _unreadable(path, mapping, fmt, exc) from exc
    lines = _file_lines(table, path) if fmt == "csv" else None
    raw = clean(table, mapping.null_values)
    limits.check_rows(raw, str(path))
    return raw, lines


def _unreadable(path: Path, mapping: Mapping, fmt: str, exc: Exception) -> UnreadableFile:
    key, how = _how_params(mapping, fmt)
    return UnreadableFile(
        path,
        f"cannot be read as {fmt} ({_explain(exc)}); check the file and the reading keys "
        f"of mapping {mapping.name} ({_how(mapping, fmt)})",
        f"unreadable_{key}",
        detail=_explain(exc),
        mapping=mapping.name,
        **how,
    )


def read_chunks(path: Path, mapping: Mapping) -> Iterator[pd.DataFrame]:
    """The cells as text (as `read` gives them), CHUNK_ROWS rows at a time, in file order.

    Always at least one chunk (maybe of no rows: the header). The row limit is the caller's
    to check, on the rows counted (limits.check_row_count).
    """
    for table in raw_chunks(path, mapping):
        yield clean(table, mapping.null_values)


def raw_chunks(path: Path, mapping: Mapping) -> Iterator[pa.Table]:
    """The chunks read_chunks gives, before `clean` (what a parallel import ships)."""
    if not path.is_file():
        raise UnreadableFile(path, "no such file", "no_file")
    fmt = file_format(path, mapping)
    limits.check_file(path, fmt, mapping.delimiter, csv_encoding(path, mapping.encoding))
    reader = {"csv": _csv_chunks, "xlsx": _xlsx_chunks, "parquet": _parquet_chunks}[fmt]
    tables = reader(path, mapping)
    while True:
        try:
            table = next(tables)
        except StopIteration:
            return
        except IngestError:
            raise
        except Exception as exc:  # any parser failure means the same thing: unreadable
            raise _unreadable(path, mapping, fmt, exc) from exc
        yield table


def _rechunk(batches: Iterable[pa.RecordBatch], schema: pa.Schema) -> Iterator[pa.Table]:
    """Batches of any size as tables of CHUNK_ROWS rows (the last may be shorter)."""
    size, pending, n, given = CHUNK_ROWS, [], 0, False
    for batch in batches:
        pending.append(batch)
        n += batch.num_rows
        while n >= size:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, size)
            given = True
            rest = table.slice(size)
            pending, n = rest.to_batches(), rest.num_rows
    if n or not given:
        yield pa.Table.from_batches(pending) if pending else schema.empty_table()


def _slices(table: pa.Table) -> Iterator[pa.Table]:
    size = CHUNK_ROWS
    for start in range(0, table.num_rows, size):
        yield table.slice(start, size)


def _csv_chunks(path: Path, mapping: Mapping) -> Iterator[pa.Table]:
    encoding = csv_encoding(path, mapping.encoding)
    done = 0
    try:
        reader = pacsv.open_csv(path, **_csv_options(path, mapping.delimiter, encoding))
        for table in _rechunk(reader, reader.schema):
            yield table
            done += table.num_rows
    except (pa.ArrowInvalid, UnicodeError):
        # Arrow stopped at a short row or an undecodable byte: pandas reads the whole file
        # (as `read` does) and the rows Arrow already gave are skipped.
        rest = _read_csv_pandas_table(path, mapping, encoding).slice(done)
        if done == 0 and rest.num_rows == 0:
            yield rest
        yield from _slices(rest)


def _xlsx_chunks(path: Path, mapping: Mapping) -> Iterator[pa.Table]:
    yield _read_xlsx(path, mapping)


def _parquet_chunks(path: Path, _mapping: Mapping) -> Iterator[pa.Table]:
    with pq.ParquetFile(path) as f:
        schema = f.schema_arrow
        for table in _rechunk(f.iter_batches(batch_size=CHUNK_ROWS), schema):
            yield _as_text(table)


def file_lines(path: Path, mapping: Mapping, rows: int) -> np.ndarray | None:
    """The file line each data row starts on, for a CSV whose cells hold line breaks (else
    None), counted chunk by chunk. A second read of the file: made only to word a rejection."""
    if file_format(path, mapping) != "csv" or _newlines(path) <= rows + 1:
        return None
    parts, extra_before, row = [], 0, 0
    for table in raw_chunks(path, mapping):
        extra = _extra_lines(table)
        parts.append(2 + row + np.arange(table.num_rows) + extra_before + np.cumsum(extra) - extra)
        extra_before += int(extra.sum())
        row += table.num_rows
    return np.concatenate(parts) if extra_before else None


def _newlines(path: Path) -> int:
    """How many line feeds the file holds (bytes.count is memchr-fast)."""
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))


def _file_lines(table: pa.Table, path: Path) -> np.ndarray | None:
    """The file line each data row starts on (header = line 1), if any cell spans lines."""
    if _newlines(path) <= table.num_rows + 1:  # one line per row: nothing to count per cell
        return None
    extra = _extra_lines(table)
    if not extra.any():
        return None
    return 2 + np.arange(table.num_rows) + np.cumsum(extra) - extra


def _extra_lines(table: pa.Table) -> np.ndarray:
    """How many line breaks each row's cells hold (the lines it spans beyond its first)."""
    extra = np.zeros(table.num_rows, dtype=np.int64)
    for col in table.columns:
        counts = pc.count_substring_regex(col.cast(pa.string()), r"\r\n?|\n")
        extra += counts.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    return extra


def _how(mapping: Mapping, fmt: str) -> str:
    if fmt == "csv":
        return f"encoding {mapping.encoding}, delimiter {mapping.delimiter!r}"
    if fmt == "xlsx":
        return f"sheet {mapping.sheet if mapping.sheet is not None else 'first'}"
    return "parquet"


def _how_params(mapping: Mapping, fmt: str) -> tuple[str, dict[str, str]]:
    """_how as a key (csv, xlsx, xlsx_first, parquet) and its parameters, for the page."""
    if fmt == "csv":
        return "csv", {"encoding": mapping.encoding, "delimiter": mapping.delimiter}
    if fmt == "xlsx":
        if mapping.sheet is None:
            return "xlsx_first", {}
        return "xlsx", {"sheet": str(mapping.sheet)}
    return "parquet", {}


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
        return _read_csv_pandas_table(path, mapping, encoding)


def _read_csv_pandas_table(path: Path, mapping: Mapping, encoding: str) -> pa.Table:
    """pandas' reader is slower, but it accepts short rows and names the undecodable byte;
    a row with too many fields is located by _long_rows, by row and file line."""
    try:
        frame = _read_csv_pandas(path, mapping, encoding)
    except pd.errors.ParserError as exc:
        reason, key, params = _long_rows(path, mapping, encoding, exc)
        raise UnreadableFile(path, reason, key, **params) from exc
    return pa.Table.from_pandas(frame, preserve_index=False)


def _read_csv_arrow(path: Path, delimiter: str, encoding: str) -> pa.Table:
    """Arrow's multi-threaded reader, every column as text."""
    return pacsv.read_csv(path, **_csv_options(path, delimiter, encoding))


def _csv_options(path: Path, delimiter: str, encoding: str) -> dict:
    """Arrow's reading options: every column of the header as text, line breaks in cells."""
    with path.open(encoding=encoding, newline="") as f:
        header = next(csv.reader([f.readline()], delimiter=delimiter), [])
    return {
        "read_options": pacsv.ReadOptions(encoding=encoding),
        # Quoted cells may hold line breaks; without this Arrow may split a file's blocks
        # inside such a cell and misread it.
        "parse_options": pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
        "convert_options": pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
        ),
    }


def _long_rows(
    path: Path, mapping: Mapping, encoding: str, exc: Exception
) -> tuple[str, str, dict[str, object]]:
    """Rows with more fields than the header, by spreadsheet row and file line: the message,
    and its key and parameters for the page."""
    found, width = [], 0
    with path.open(encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=mapping.delimiter)
        width = len(next(reader, []))
        start = reader.line_num + 1
        for row_number, cells in enumerate(reader, start=2):
            if len(cells) > width:
                found.append((row_number, start, len(cells)))
            start = reader.line_num + 1
    _, how = _how_params(mapping, "csv")
    if not found:
        text = f"cannot be read as csv ({_explain(exc)})"
        return text, "unparsed_csv", {"detail": _explain(exc)}
    shown = ", ".join(
        f"row {r} (line {line} of the file)" if r != line else f"row {r}"
        for r, line, _ in found[:20]
    )
    more = f" and {len(found) - 20} more" if len(found) > 20 else ""
    text = (
        f"{len(found)} row(s) with more fields than the header's {width}: {shown}{more} "
        f"(e.g. {found[0][2]} fields); a ';' or ',' inside a cell needs quotes — check the "
        f"delimiter of mapping {mapping.name} ({_how(mapping, 'csv')})"
    )
    rows, lines = [r for r, _, _ in found[:20]], [line for _, line, _ in found[:20]]
    params = {
        "n": len(found),
        "width": width,
        "rows": rows,
        "rows_more": max(0, len(found) - 20),
        "lines": lines,
        "fields": found[0][2],
        "mapping": mapping.name,
        **how,
    }
    return text, "long_rows" if rows == lines else "long_rows_lines", params


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
        byte = repr(exc.object[exc.start : exc.end])
        raise UnreadableFile(
            path,
            f"not readable as {encoding} text (byte {byte} near "
            f"byte {exc.start}); set encoding: in mapping {mapping.name} "
            "(exports are often cp1251)",
            "encoding",
            encoding=encoding,
            byte=byte,
            at=exc.start,
            mapping=mapping.name,
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
                raise UnreadableFile(
                    path,
                    f"no sheet number {sheet} (sheets: {names})",
                    "no_sheet_number",
                    sheet=sheet,
                    sheets=list(names),
                )
            sheet = names[sheet]
        if sheet not in names:
            raise UnreadableFile(
                path,
                f"no sheet {sheet!r} (sheets: {names})",
                "no_sheet",
                sheet=str(sheet),
                sheets=list(names),
            )
        rows = book[sheet].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise UnreadableFile(path, f"sheet {sheet!r} is empty", "empty_sheet", sheet=sheet)
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
    return _as_text(pq.read_table(path))


def _as_text(table: pa.Table) -> pa.Table:
    # Dates become ISO text and booleans 'true'/'false', as the parsers expect.
    return pa.table([c.cast(pa.string()) for c in table.columns], names=table.column_names)


def clean(table: pa.Table, nulls: tuple[str, ...]) -> pd.DataFrame:
    """Cells stripped, the mapping's null texts missing, header names stripped; in Arrow (fast)."""
    null_set = pa.array(list(nulls), pa.large_string())
    cols = []
    for col in table.columns:
        # One array per column, not the CSV reader's batches of a few thousand rows: every
        # kernel here and every pandas operation after runs once instead of once per batch.
        # Large strings (64-bit offsets), as pandas keeps text anyway: no limit to the join.
        text = pc.utf8_trim_whitespace(col.cast(pa.large_string()).combine_chunks())
        cols.append(pc.if_else(pc.is_in(text, value_set=null_set), None, text))
    return pa.table(cols, names=clean_names(table)).to_pandas()


def clean_names(table: pa.Table) -> list[str]:
    """The header names `clean` gives the columns of `table`."""
    return [str(n).strip() for n in table.column_names]
