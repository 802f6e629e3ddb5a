"""One import: read, map, check, pseudonymise (chunk by chunk), then add to the store in one
atomic step.

Either the snapshot file, the store and the import record all change, or (on any error)
none of them does. Re-importing the same bytes changes nothing and says so.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from dashboard import paths
from dashboard.data import schema, store
from dashboard.data.ingest import (
    IngestError,
    chunked,
    manifest,
    quality,
    readers,
    transform,
)
from dashboard.data.ingest import mapping as mapping_mod
from dashboard.data.ingest.mapping import Mapping
from dashboard.data.schema import Violation

# A derived column whose missing value only echoes a problem already reported for its source.
DERIVED_FROM = {"body_level": "body_id", "applicant_kind": "applicant_key"}
CODE_FILES = {
    "body_id": "bodies.csv",
    "region_code": "regions.csv",
    "category_code": "categories.csv",
}


class Rejected(IngestError):
    """A file that breaks the contract: one message naming the file, rows, columns and values."""

    def __init__(
        self,
        source: str,
        violations: list[Violation],
        first_row_number: int,
        file_lines: np.ndarray | None = None,
    ) -> None:
        self.source = source
        self.violations = violations
        self.first_row_number = first_row_number
        # per violation, the file lines of its rows shown, when they differ from the rows
        self.lines = [_file_lines(v, first_row_number, file_lines) for v in violations]
        texts = [
            _with_lines(v.describe(source, first_row_number), at)
            for v, at in zip(violations, self.lines, strict=True)
        ]
        head = f"{source}: rejected, nothing was imported; {len(violations)} problem(s):"
        super().__init__("\n".join([head, *texts]), "rejected")


def _file_lines(
    v: Violation, first_row_number: int, file_lines: np.ndarray | None
) -> list[int] | None:
    """The file lines of the violation's rows shown, when cells with line breaks make them
    differ from the rows (a text editor counts lines, a spreadsheet rows); else None."""
    shown = v.rows[: schema.MAX_ROWS_SHOWN]
    if file_lines is None or not shown:
        return None
    at = [int(file_lines[r]) for r in shown]
    return None if at == [r + first_row_number for r in shown] else at


def _with_lines(text: str, at: list[int] | None) -> str:
    """The violation's message, with the file's own lines when they differ from the rows."""
    if at is None:
        return text
    at_text = ", ".join(map(str, at))
    return f"{text} (in the file: line(s) {at_text}; cells with line breaks span several lines)"


@dataclass
class Result:
    """What an import did."""

    status: str  # "imported" or "unchanged"
    source: Path
    snapshot_date: date
    rows: int
    seconds: float = 0.0
    n_due_derived: int = 0
    info: store.StoreInfo | None = None
    warnings: pd.DataFrame = field(default_factory=pd.DataFrame)
    absent: dict[str, str] = field(default_factory=dict)  # column -> default (mapping.DEFAULTS)
    unknown: pd.DataFrame = field(default_factory=pd.DataFrame)  # quality.unknown_shares


def store_paths(db: Path | None, snapshots: Path | None) -> tuple[Path, Path]:
    """The store and its snapshot folder: beside --db when given, else the project's own."""
    if db is None:
        return paths.DEFAULT_DB, Path(snapshots or paths.SNAPSHOTS_DIR)
    db = Path(db)
    return db, Path(snapshots or db.parent / "snapshots")


def _dedupe(violations: list[Violation]) -> list[Violation]:
    """Drop rows already reported for the same column, or for the column a value derives from."""
    by_column: dict[str, set[int]] = {}
    for v in violations:
        by_column.setdefault(v.column, set()).update(v.rows)
    reported: dict[str, set[int]] = {}
    out = []
    for v in violations:
        seen = reported.get(v.column, set()) | by_column.get(DERIVED_FROM.get(v.column, ""), set())
        rows = [r for r in v.rows if r not in seen]
        if rows or not v.rows:
            values = v.bad_values if rows == v.rows else []
            out.append(dataclasses.replace(v, rows=rows, bad_values=values))
        reported.setdefault(v.column, set()).update(v.rows)
    return out


def _labelled(v: Violation, mapping: Mapping) -> Violation:
    """The violation named with the file's header, and saying where codes come from."""
    if v.column in CODE_FILES and v.rule == "reference_code":
        params = {"file": CODE_FILES[v.column], "column": v.column, "mapping": mapping.name}
        v = Violation.of(v.column, v.rows, "listed_code", v.bad_values, **params)
    return dataclasses.replace(v, header=mapping.source_header(v.column))


def check(
    path: Path,
    mapping: Mapping,
    snapshot_date: date,
    parquet: Path,
    reference_dir: Path | None = None,
    snapshots_dir: Path | None = None,
    unmapped: bool = False,
) -> chunked.Checked:
    """The file read, mapped and checked chunk by chunk into the contract Parquet file
    `parquet`, or Rejected listing every problem of the whole file.

    Under new_codes: add, texts in body, region and topic get codes from the registry of
    `snapshots_dir` (textcodes); `codes` is that registry with any new codes.
    """
    checked = chunked.check(
        path, mapping, snapshot_date, parquet, reference_dir, snapshots_dir, unmapped
    )
    if checked.violations:
        raise rejection(path, mapping, checked)
    return checked


def rejection(path: Path, mapping: Mapping, checked: chunked.Checked) -> Rejected:
    """The message for a file with problems: each once, labelled with the file's headers."""
    first = 1 if readers.file_format(path, mapping) == "parquet" else 2
    labelled = [_labelled(v, mapping) for v in _dedupe(checked.violations)]
    lines = readers.file_lines(path, mapping, checked.rows)
    return Rejected(str(path), labelled, first, lines)


def prepare(
    path: Path,
    mapping: Mapping,
    snapshot_date: date,
    reference_dir: Path | None = None,
    snapshots_dir: Path | None = None,
) -> transform.Mapped:
    """The file as a checked contract frame, or Rejected listing every problem: `check` into a
    temporary file, read back whole (for small files; an import never holds the frame)."""
    with tempfile.TemporaryDirectory(prefix="appeals-check-") as tmp:
        parquet = Path(tmp) / "appeals.parquet"
        checked = check(path, mapping, snapshot_date, parquet, reference_dir, snapshots_dir)
        frame = pq.read_table(parquet).to_pandas()
    return transform.Mapped(frame, [], checked.n_due_derived, checked.absent, checked.codes)


def ingest(
    path: Path,
    mapping_name: str | Path,
    snapshot_date: date,
    db_path: Path | None = None,
    snapshots_dir: Path | None = None,
    reference_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Import one export file as the snapshot of `snapshot_date`.

    The file is read, checked and written to the snapshot's Parquet file chunk by chunk
    (readers.CHUNK_ROWS rows at a time), so memory does not grow with the file.
    """
    t0 = time.perf_counter()
    path = Path(path)
    mapping = mapping_mod.load(mapping_name)
    db_path, snapshots_dir = store_paths(db_path, snapshots_dir)
    if not path.is_file():
        raise readers.UnreadableFile(path, "no such file", "no_file")
    sha = store.file_sha256(path)
    done = manifest.find(snapshots_dir, sha)
    if done is not None:
        return Result("unchanged", path, date.fromisoformat(done.snapshot_date), done.rows)
    target = store.snapshot_path(snapshots_dir, snapshot_date)
    if target.exists():
        raise _already_loaded(path, snapshot_date, target)
    if progress:
        progress("reading")
    with _scratch(snapshots_dir) as parquet:
        checked = check(path, mapping, snapshot_date, parquet, reference_dir, snapshots_dir)
        if progress:
            progress("checked")
        chunked.release_freed_memory()
        warnings, unknown = quality.check_file(parquet), quality.unknown_file(parquet)
        try:
            info = store.add_snapshot(
                parquet,
                str(path),
                snapshot_date,
                db_path,
                snapshots_dir,
                reference_dir,
                progress,
                new_codes=mapping.new_codes,
                imported_codes=checked.codes,
            )
        except FileExistsError as exc:  # another import of this date won the race
            raise _already_loaded(path, snapshot_date, target) from exc
    _record(snapshots_dir, sha, path, mapping, snapshot_date, checked)
    return Result(
        "imported",
        path,
        snapshot_date,
        checked.rows,
        time.perf_counter() - t0,
        checked.n_due_derived,
        info,
        warnings,
        checked.absent,
        unknown,
    )


SCRATCH_PREFIX = ".import-"  # then the writer's pid


def _remove_orphans(snapshots_dir: Path) -> None:
    """Delete what imports killed while reading left (their process is gone)."""
    for f in snapshots_dir.glob(f"{SCRATCH_PREFIX}*"):
        pid = f.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            f.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@contextmanager
def _scratch(snapshots_dir: Path) -> Iterator[Path]:
    """A path for the snapshot being written, on the snapshot folder's file system (the store
    moves it into place) but outside the snapshot_date=* folders recover() tidies; deleted
    unless moved, and a snapshot folder made only for it goes too."""
    made = not snapshots_dir.exists()
    snapshots_dir.mkdir(parents=True, exist_ok=True)
    _remove_orphans(snapshots_dir)
    parquet = snapshots_dir / f"{SCRATCH_PREFIX}{os.getpid()}-{time.monotonic_ns()}.parquet"
    try:
        yield parquet
    finally:
        parquet.unlink(missing_ok=True)
        if made and not any(snapshots_dir.iterdir()):
            snapshots_dir.rmdir()


def _record(
    snapshots_dir: Path,
    sha: str,
    path: Path,
    mapping: Mapping,
    snapshot_date: date,
    checked: chunked.Checked,
) -> None:
    """Note the import after the store changed (a crash in between only loses the no-op check)."""
    entry = manifest.Entry(
        sha256=sha,
        file=path.name,
        mapping=mapping.name,
        snapshot_date=snapshot_date.isoformat(),
        rows=checked.rows,
        imported_at=datetime.now().isoformat(timespec="seconds"),
        absent=checked.absent,
    )
    manifest.record(snapshots_dir, entry)


def _already_loaded(path: Path, snapshot_date: date, target: Path) -> IngestError:
    return IngestError(
        f"{path}: rejected, nothing was imported: a different file is already loaded as the "
        f"snapshot of {snapshot_date} ({target}); choose another --snapshot-date",
        "snapshot_taken",
        date=snapshot_date.isoformat(),
    )
