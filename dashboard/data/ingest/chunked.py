"""Reading, mapping and checking a file chunk by chunk, its contract rows written to Parquet.

An import's memory grows with readers.CHUNK_ROWS, not with the file: each chunk is mapped
and checked by the same functions a whole file was (transform.to_contract,
limits.control_violations, textcodes.assign, schema.validate), with the registry of text
codes carried from chunk to chunk, and written to one Parquet file (the snapshot to be).
Violations of the same column and expectation are merged across chunks, rows offset to the
file's own, so a message counts and lists rows as a read of the whole file would. The one
rule no chunk can see whole, an appeal_id twice in the file, is checked on the Parquet file.

A large file's chunks are checked by WORKERS processes at once (chunk_worker), while this one
reads the next chunks and writes the results in file order, so the outcome is the same. A
mapping with new_codes: add is checked here alone: its registry needs each chunk's codes
before the next. Should anything fail in the workers, the file is checked again here from
the start, so a result or an error is always the one-process check's.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import logging
import os
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.data import reference, schema
from dashboard.data.ingest import (
    chunk_worker,
    limits,
    pseudonymise,
    readers,
    textcodes,
    transform,
)
from dashboard.data.ingest.mapping import Mapping
from dashboard.data.schema import Violation
from dashboard.data.sql import load_sql

PREVIEW_ROWS = 10
DUPLICATE_RULE = "unique_id"  # schema._row_rules' rule
DUPLICATE_EXPECTED = schema.expected_text(DUPLICATE_RULE)
SHOWN_VALUES = 10  # distinct bad values a violation quotes (parse.failed, schema.validate)
# Processes checking a large file's chunks at once (1: all in the importing process).
_WORKERS_SET = os.environ.get("APPEALS_IMPORT_WORKERS", "").strip()
WORKERS = int(_WORKERS_SET) if _WORKERS_SET.isdigit() else os.cpu_count() or 1
# Files smaller than this are checked in the importing process: starting workers costs more.
PARALLEL_MIN_BYTES = 64 << 20
_log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class _Context:
    """What checking any chunk of one import needs: sent once to each worker process."""

    mapping: Mapping
    snapshot_date: date
    salt: bytes
    reference_dir: Path | None
    known: dict[str, set[str]]  # reference codes, under new_codes: reject
    unmapped: bool


@dataclass
class _Part:
    """One chunk checked: its violations (rows counted in the chunk) and what is written."""

    rows: int
    found: list[Violation]
    n_due_derived: int
    absent: dict[str, str]
    preview: pd.DataFrame  # its first PREVIEW_ROWS rows, mapped
    ids: pa.Array  # appeal_id of every row, for the duplicate check
    # The contract rows when the chunk has no violation; the error converting them raised,
    # if any, only when they would be written (after an invalid chunk they never are).
    table: pa.Table | Exception | None
    counts: pd.DataFrame | None  # textcodes.unmapped, when asked for


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
    counts the values of body, region and topic that are not reference codes. A large file's
    chunks are checked by WORKERS processes at once, with the same result.
    """
    before = textcodes.load(snapshots_dir) if mapping.new_codes == "add" else None
    # new_codes: add lets unknown codes in; the store build labels them (ref_*_added.sql).
    known = reference.known_codes(reference_dir) if mapping.new_codes == "reject" else {}
    salt = pseudonymise.load_salt()
    ctx = _Context(mapping, snapshot_date, salt, reference_dir, known, unmapped)
    with _Writer(parquet) as writer, _arrow_pool():
        out, merged, counts = _checked(path, ctx, before, writer)
        writer.close()
        release_freed_memory()
        limits.check_row_count(out.rows, str(path))
        out.violations = _with_duplicates(list(merged.values()), writer.ids)
    out.codes = None if before is None else _ordered(out.codes, len(before))
    out.unmapped = _summed(counts) if unmapped else out.unmapped
    return out


Merged = dict[tuple[str, str], Violation]


def _checked(
    path: Path, ctx: _Context, registry: pd.DataFrame | None, writer: _Writer
) -> tuple[Checked, Merged, list[pd.DataFrame]]:
    """Every chunk checked and written, in worker processes when that pays, else here."""
    if registry is None and _parallel_pays(path):
        try:
            out = Checked()
            return _consume(_parallel(path, ctx, out), out, writer)
        except Exception:  # noqa: BLE001 - the one-process path below raises what it must
            # Whatever went wrong (a bad file, a worker killed), the one-process path gives
            # the result or error an import has always given, from a clean start.
            _log.info(
                "checking %s in worker processes failed; checking it here", path, exc_info=True
            )
            writer.reset()
    out = Checked(codes=registry)
    return _consume(_sequential(path, ctx, out), out, writer)


def _consume(
    parts: Iterator[tuple[int, _Part]], out: Checked, writer: _Writer
) -> tuple[Checked, Merged, list[pd.DataFrame]]:
    """The chunks' results, in file order, into `out`, the merged violations and `writer`."""
    merged: Merged = {}
    counts: list[pd.DataFrame] = []
    for offset, part in parts:
        _merge(merged, part.found, offset)
        out.n_due_derived += part.n_due_derived
        out.absent = part.absent
        out.preview = _preview(out.preview, part.preview)
        counts += [] if part.counts is None else [part.counts]
        writer.write(part.ids, part.table)
    return out, merged, counts


def _admit(out: Checked, header: pd.DataFrame, n: int, ctx: _Context, path: Path) -> int | None:
    """The first row in the file of a chunk of `n` rows, counted into `out`; None past the
    row limit (such chunks are only counted, for the message). The first checks `header`."""
    if out.rows == 0:
        transform.check_columns(header, ctx.mapping, str(path))
    offset, out.rows = out.rows, out.rows + n
    return None if out.rows > limits.max_rows() else offset


def _sequential(path: Path, ctx: _Context, out: Checked) -> Iterator[tuple[int, _Part]]:
    """Each chunk read and checked in this process; the registry of text codes (out.codes,
    new_codes: add) carried from chunk to chunk."""
    for raw in readers.read_chunks(path, ctx.mapping):
        offset = _admit(out, raw, len(raw), ctx, path)
        if offset is not None:
            part, out.codes = _check_frame(raw, ctx, out.codes)
            yield offset, part


def _check_frame(
    raw: pd.DataFrame, ctx: _Context, registry: pd.DataFrame | None
) -> tuple[_Part, pd.DataFrame | None]:
    """One chunk mapped and checked as a whole file would be, and the registry after it."""
    mapped = transform.to_contract(raw, ctx.mapping, ctx.snapshot_date, ctx.salt, ctx.reference_dir)
    found = limits.control_violations(raw) + mapped.violations
    frame = mapped.frame
    counts = textcodes.unmapped(frame, ctx.reference_dir) if ctx.unmapped else None
    if registry is not None:
        frame, registry = textcodes.assign(frame, registry, ctx.reference_dir)
    found += schema.validate(frame, ctx.known)
    ids = pa.array(frame["appeal_id"], pa.string(), from_pandas=True)
    table = None if found else _contract_table(frame)
    preview = frame.head(PREVIEW_ROWS)
    part = _Part(len(raw), found, mapped.n_due_derived, mapped.absent, preview, ids, table, counts)
    return part, registry


def _contract_table(frame: pd.DataFrame) -> pa.Table | Exception:
    try:
        return schema.to_arrow(frame)
    except Exception as exc:  # noqa: BLE001 - raised by the writer, if it comes to write it
        return exc


def _parallel_pays(path: Path) -> bool:
    """Whether to check in worker processes: several cores, and a file big enough that
    starting the workers (about a second) is worth it."""
    return WORKERS > 1 and path.is_file() and path.stat().st_size >= PARALLEL_MIN_BYTES


def _parallel(path: Path, ctx: _Context, out: Checked) -> Iterator[tuple[int, _Part]]:
    """Chunks read here (in order: a CSV cannot be split without reading it) and checked by
    WORKERS processes in turn, given back in file order. Arrow tables cross the process
    boundary (pickled as Arrow buffers: far cheaper than frames of Python strings)."""
    workers: list[chunk_worker.Worker] = []
    pending: deque[tuple[int, chunk_worker.Worker]] = deque()
    sent, done = 0, False
    try:
        for table in readers.raw_chunks(path, ctx.mapping):
            header = pd.DataFrame(columns=readers.clean_names(table))
            offset = _admit(out, header, table.num_rows, ctx, path)
            if offset is None:
                continue
            # two chunks per worker at most (one checked, one waiting): memory stays that of
            # a few chunks. Chunks go round in turn, so the oldest is the next worker's own.
            while len(pending) >= 2 * WORKERS:
                yield _received(pending.popleft())
            if len(workers) < WORKERS:
                workers.append(chunk_worker.Worker(ctx))
            worker = workers[sent % WORKERS]
            worker.send(table)
            sent += 1
            pending.append((offset, worker))
        while pending:
            yield _received(pending.popleft())
        done = True
    finally:
        for worker in workers:
            worker.close(kill=not done)


def _received(sent: tuple[int, chunk_worker.Worker]) -> tuple[int, _Part]:
    offset, worker = sent
    return offset, cast(_Part, worker.receive())


def start_worker(ctx: _Context) -> None:
    """Set a worker process up for check_in_worker (chunk_worker.main)."""
    _WORKER_CONTEXT.append(ctx)
    gc.freeze()  # the modules just imported: full collections no longer walk them
    pool = _reusing_pool()
    if pool is not None:  # a worker only checks chunks: for good
        pa.set_memory_pool(pool)


def check_in_worker(table: pa.Table) -> _Part:
    """One chunk's raw cells checked in a worker process (the context: start_worker's)."""
    ctx = _WORKER_CONTEXT[-1]
    return _check_frame(readers.clean(table, ctx.mapping.null_values), ctx, None)[0]


_WORKER_CONTEXT: list[_Context] = []  # in a worker process: the import's context


def _reusing_pool() -> pa.MemoryPool | None:
    """jemalloc, for Arrow's buffers while chunks are checked (None where pyarrow lacks it).

    mimalloc, pyarrow's default, gave each chunk's freed buffers back to the system and
    faulted fresh pages in for the next: a third of checking's time went to the kernel
    (1 M rows: 4,9 s of system time, against 1,3 with jemalloc, at a lower peak)."""
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:
        return None


@contextmanager
def _arrow_pool() -> Iterator[None]:
    """_reusing_pool as Arrow's default while checking, the previous one again after."""
    previous, pool = pa.default_memory_pool(), _reusing_pool()
    if pool is not None:
        pa.set_memory_pool(pool)
    try:
        yield
    finally:
        if pool is not None:
            pa.set_memory_pool(previous)
            pool.release_unused()


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

    def write(self, ids: pa.Array, table: pa.Table | Exception | None) -> None:
        """One chunk: its appeal_ids, and its contract rows (None: the chunk is invalid)."""
        id_table = pa.table({"appeal_id": ids})
        self.id_rows = self.id_rows or pq.ParquetWriter(self.ids, id_table.schema)
        self.id_rows.write_table(id_table)
        self.valid = self.valid and table is not None
        if not self.valid:
            self._close_rows()
            self.parquet.unlink(missing_ok=True)
            return
        if isinstance(table, Exception):
            raise table
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

    def reset(self) -> None:
        """Back to nothing written, for a fresh start."""
        self.close()
        self.parquet.unlink(missing_ok=True)
        self.ids.unlink(missing_ok=True)
        self.valid = True

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
