"""Reading, mapping and checking a file chunk by chunk, its contract rows written to Parquet.

An import's memory grows with readers.CHUNK_ROWS, not with the file: each chunk is mapped
and checked by the same functions a whole file was (transform.to_contract,
limits.control_violations, textcodes.assign, schema.validate), with the registry of text
codes carried from chunk to chunk, and written to one Parquet file (the snapshot to be).
Violations of the same column and expectation are merged across chunks, rows offset to the
file's own, so a message counts and lists rows as a read of the whole file would. The one
rule no chunk can see whole, an appeal_id twice in the file, is checked on the Parquet file.
"""

from __future__ import annotations

import ctypes
import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.data import reference, schema
from dashboard.data.ingest import limits, pseudonymise, readers, textcodes, transform
from dashboard.data.ingest.mapping import Mapping
from dashboard.data.schema import Violation
from dashboard.data.sql import load_sql

PREVIEW_ROWS = 10
DUPLICATE_RULE = "unique_id"  # schema._row_rules' rule
DUPLICATE_EXPECTED = schema.expected_text(DUPLICATE_RULE)
SHOWN_VALUES = 10  # distinct bad values a violation quotes (parse.failed, schema.validate)


@dataclass
class Checked:
    """What checking a whole file found; its contract rows are in the Parquet file written."""

    rows: int = 0
    violations: list[Violation] = field(default_factory=list)  # merged, file row positions
    n_due_derived: int = 0
    absent: dict[str, str] = field(default_factory=dict)
    codes: pd.DataFrame | None = None  # the registry of text codes, when new_codes: add
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)  # the first rows, mapped
    unmapped: pd.DataFrame = field(default_factory=pd.DataFrame)  # textcodes.unmapped, summed


def check(
    path: Path,
    mapping: Mapping,
    snapshot_date: date,
    parquet: Path,
    reference_dir: Path | None = None,
    snapshots_dir: Path | None = None,
    unmapped: bool = False,
) -> Checked:
    """Read, map and check `path` chunk by chunk, writing the contract rows to `parquet`.

    Problems are returned in `violations`, not raised; a file that cannot be read at all
    (or lacks a mapped column, or is over the row limit) raises IngestError. `unmapped` also
    counts the values of body, region and topic that are not reference codes.
    """
    out = Checked()
    before = textcodes.load(snapshots_dir) if mapping.new_codes == "add" else None
    registry = before
    # new_codes: add lets unknown codes in; the store build labels them (ref_*_added.sql).
    known = reference.known_codes(reference_dir) if mapping.new_codes == "reject" else {}
    salt = pseudonymise.load_salt()
    merged: dict[tuple[str, str], Violation] = {}
    counts: list[pd.DataFrame] = []
    with _Writer(parquet) as writer:
        for raw in readers.read_chunks(path, mapping):
            if out.rows == 0:
                transform.check_columns(raw, mapping, str(path))
            offset, out.rows = out.rows, out.rows + len(raw)
            if out.rows > limits.max_rows():
                continue  # only counted from here on, for the message
            mapped = transform.to_contract(raw, mapping, snapshot_date, salt, reference_dir)
            found = limits.control_violations(raw) + mapped.violations
            frame = mapped.frame
            if unmapped:
                counts.append(textcodes.unmapped(frame, reference_dir))
            if registry is not None:
                frame, registry = textcodes.assign(frame, registry, reference_dir)
            found += schema.validate(frame, known)
            _merge(merged, found, offset)
            out.n_due_derived += mapped.n_due_derived
            out.absent = mapped.absent
            out.preview = _preview(out.preview, frame)
            writer.write(frame, valid=not found)
        writer.close()
        release_freed_memory()
        limits.check_row_count(out.rows, str(path))
        out.violations = _with_duplicates(list(merged.values()), writer.ids)
    out.codes = None if registry is None else _ordered(registry, len(before))
    out.unmapped = _summed(counts) if unmapped else out.unmapped
    return out


def release_freed_memory() -> None:
    """Hand the memory the chunks used back to the system before DuckDB (the duplicate check,
    the store build) needs its own: the allocators keep freed memory otherwise (0,7 GB after
    1 M rows, 0,3 with this)."""
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # glibc only
    except (OSError, AttributeError):
        pass


def _preview(preview: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The first PREVIEW_ROWS rows of the file, from as many chunks as that takes."""
    if len(preview) >= PREVIEW_ROWS:
        return preview
    if preview.empty:
        return frame.head(PREVIEW_ROWS)
    more = frame.head(PREVIEW_ROWS - len(preview))
    return pd.concat([preview, more], ignore_index=True)


class _Writer:
    """The contract rows into `parquet` while every chunk is valid (a file with a problem is
    never imported, and an invalid frame may not fit the contract's types); every chunk's
    appeal_id into a file of its own beside it, for the duplicate check (deleted on exit)."""

    def __init__(self, parquet: Path) -> None:
        self.parquet = parquet
        self.ids = parquet.with_name(parquet.name + ".ids")
        self.rows: pq.ParquetWriter | None = None
        self.id_rows: pq.ParquetWriter | None = None
        self.valid = True

    def __enter__(self) -> _Writer:
        return self

    def write(self, frame: pd.DataFrame, valid: bool) -> None:
        ids = pa.table({"appeal_id": pa.array(frame["appeal_id"], pa.string(), from_pandas=True)})
        self.id_rows = self.id_rows or pq.ParquetWriter(self.ids, ids.schema)
        self.id_rows.write_table(ids)
        self.valid = self.valid and valid
        if not self.valid:
            self._close_rows()
            self.parquet.unlink(missing_ok=True)
            return
        table = schema.to_arrow(frame)
        self.rows = self.rows or pq.ParquetWriter(self.parquet, table.schema, compression="zstd")
        self.rows.write_table(table)

    def _close_rows(self) -> None:
        if self.rows is not None:
            self.rows.close()
            self.rows = None

    def close(self) -> None:
        """Finish both files (the rows' only when every chunk was valid)."""
        self._close_rows()
        if self.id_rows is not None:
            self.id_rows.close()
            self.id_rows = None

    def __exit__(self, *_exc: object) -> None:
        self.close()
        self.ids.unlink(missing_ok=True)


def _merge(merged: dict[tuple[str, str], Violation], found: list[Violation], offset: int) -> None:
    """Add a chunk's violations, rows offset to the file's, into those of earlier chunks.

    A new kind of violation goes after the last kind this chunk also had (else at the end),
    so the order follows the order the checks run in.
    """
    after: tuple[str, str] | None = None
    for v in found:
        key = (v.column, v.expected)
        rows = [r + offset for r in v.rows]
        old = merged.get(key)
        if old is None:
            copy = dataclasses.replace(v, rows=rows, bad_values=list(v.bad_values))
            _insert(merged, key, copy, after)
        else:
            old.rows.extend(rows)
            old.bad_values = _values(v.expected, old.bad_values, v.bad_values)
        after = key


def _insert(
    merged: dict[tuple[str, str], Violation],
    key: tuple[str, str],
    v: Violation,
    after: tuple[str, str] | None,
) -> None:
    items = list(merged.items())
    at = len(items) if after is None else [k for k, _ in items].index(after) + 1
    items.insert(at, (key, v))
    merged.clear()
    merged.update(items)


def _values(expected: str, first: list[str], more: list[str]) -> list[str]:
    """The values a whole-file violation would quote: control characters, the first cells in
    row order; the others, the first distinct values."""
    if expected == limits.CONTROL_EXPECTED:
        return (first + more)[: limits.CONTROL_SHOWN]
    return list(dict.fromkeys(first + more))[:SHOWN_VALUES]


def _with_duplicates(violations: list[Violation], ids: Path) -> list[Violation]:
    """The duplicate-appeal_id violation over the whole file, replacing the chunks' own."""
    if not ids.exists():
        return violations
    con = duckdb.connect()
    try:
        found = con.execute(load_sql("ingest_duplicate_ids"), {"file": str(ids)}).fetchall()
    finally:
        con.close()
    at = [i for i, v in enumerate(violations) if v.expected == DUPLICATE_EXPECTED]
    if not found:
        return violations
    rows = [int(r) for r, _ in found]
    values = list(dict.fromkeys(str(a) for _, a in found))[:SHOWN_VALUES]
    dup = Violation.of("appeal_id", rows, DUPLICATE_RULE, values)
    if at:
        violations[at[0]] = dup
    else:  # duplicates only across chunks: their rule runs among the last
        violations.append(dup)
    return violations


def _ordered(registry: pd.DataFrame, n_before: int) -> pd.DataFrame:
    """The registry with its new codes in the order a whole-file import gives them: by kind
    (bodies, regions, topics with their sections), each in order of first appearance."""
    new = registry.iloc[n_before:]
    group = {k: i for i, k in enumerate(textcodes.TEXT_COLUMNS)}
    group[textcodes.SECTION_KIND] = group["category_code"]
    new = new.iloc[new.kind.map(group).argsort(kind="stable")]
    return pd.concat([registry.iloc[:n_before], new], ignore_index=True)


def _summed(counts: list[pd.DataFrame]) -> pd.DataFrame:
    """textcodes.unmapped of every chunk as one: counts summed, most frequent first."""
    both = pd.concat(counts, ignore_index=True)
    if both.empty:
        return both
    summed = both.groupby(["column", "value"], sort=False, as_index=False)["n"].sum()
    return summed.sort_values(
        ["column", "n", "value"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
