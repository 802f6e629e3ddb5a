"""One import: read, map, check, pseudonymise, then add to the store in one atomic step.

Either the snapshot file, the store and the import record all change, or (on any error)
none of them does. Re-importing the same bytes changes nothing and says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import paths
from dashboard.data import reference, schema, store
from dashboard.data.ingest import (
    IngestError,
    limits,
    manifest,
    pseudonymise,
    quality,
    readers,
    textcodes,
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
        self.violations = violations
        lines = [_with_lines(v, source, first_row_number, file_lines) for v in violations]
        head = f"{source}: rejected, nothing was imported; {len(violations)} problem(s):"
        super().__init__("\n".join([head, *lines]))


def _with_lines(
    v: Violation, source: str, first_row_number: int, file_lines: np.ndarray | None
) -> str:
    """The violation's message; with the file's own lines when cells with line breaks make
    them differ from the rows (a text editor counts lines, a spreadsheet rows)."""
    text = v.describe(source, first_row_number)
    shown = v.rows[: schema.MAX_ROWS_SHOWN]
    if file_lines is None or not shown:
        return text
    at = [int(file_lines[r]) for r in shown]
    if at == [r + first_row_number for r in shown]:
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
            out.append(
                Violation(v.column, rows, v.expected, v.bad_values if rows == v.rows else [])
            )
        reported.setdefault(v.column, set()).update(v.rows)
    return out


def _labelled(v: Violation, mapping: Mapping) -> Violation:
    expected = v.expected
    if v.column in CODE_FILES and expected.startswith("a code from"):
        expected = (
            f"a code listed in data/reference/{CODE_FILES[v.column]}; map other codes under "
            f"values: {v.column}: in mapping {mapping.name}, or set new_codes: add to give "
            "texts codes of their own"
        )
    return Violation(mapping.source_label(v.column), v.rows, expected, v.bad_values)


def map_file(
    path: Path, mapping: Mapping, snapshot_date: date, reference_dir: Path | None = None
) -> transform.Mapped:
    """The file mapped onto the contract, unchecked: bad cells are listed, not raised."""
    raw, lines = readers.read_with_lines(path, mapping)
    transform.check_columns(raw, mapping, str(path))
    mapped = transform.to_contract(
        raw, mapping, snapshot_date, pseudonymise.load_salt(), reference_dir
    )
    mapped.violations = limits.control_violations(raw) + mapped.violations
    mapped.source_lines = lines
    return mapped


def prepare(
    path: Path,
    mapping: Mapping,
    snapshot_date: date,
    reference_dir: Path | None = None,
    snapshots_dir: Path | None = None,
    mapped: transform.Mapped | None = None,
) -> transform.Mapped:
    """The file as a checked contract frame, or Rejected listing every problem.

    `mapped` is map_file's result when the caller already has it (the file is not read again).

    Under new_codes: add, texts in body, region and topic get codes from the registry of
    `snapshots_dir` (textcodes); `mapped.codes` is that registry with any new codes.
    """
    source = str(path)
    mapped = mapped or map_file(path, mapping, snapshot_date, reference_dir)
    if mapping.new_codes == "add":
        registry = textcodes.load(snapshots_dir)
        mapped.frame, mapped.codes = textcodes.assign(mapped.frame, registry, reference_dir)
    # new_codes: add lets unknown codes in; the store build labels them (ref_*_added.sql).
    known = reference.known_codes(reference_dir) if mapping.new_codes == "reject" else {}
    found = _dedupe(mapped.violations + schema.validate(mapped.frame, known))
    if found:
        first = 1 if readers.file_format(path, mapping) == "parquet" else 2
        labelled = [_labelled(v, mapping) for v in found]
        raise Rejected(source, labelled, first, mapped.source_lines)
    return mapped


def ingest(
    path: Path,
    mapping_name: str | Path,
    snapshot_date: date,
    db_path: Path | None = None,
    snapshots_dir: Path | None = None,
    reference_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Import one export file as the snapshot of `snapshot_date`."""
    t0 = time.perf_counter()
    path = Path(path)
    mapping = mapping_mod.load(mapping_name)
    db_path, snapshots_dir = store_paths(db_path, snapshots_dir)
    if not path.is_file():
        raise readers.UnreadableFile(path, "no such file")
    sha = store.file_sha256(path)
    done = manifest.find(snapshots_dir, sha)
    if done is not None:
        return Result("unchanged", path, date.fromisoformat(done.snapshot_date), done.rows)
    target = store.snapshot_path(snapshots_dir, snapshot_date)
    if target.exists():
        raise IngestError(_already_loaded(path, snapshot_date, target))
    if progress:
        progress("reading")
    mapped = prepare(path, mapping, snapshot_date, reference_dir, snapshots_dir)
    if progress:
        progress("checked")
    try:
        info = store.add_snapshot(
            mapped.frame,
            str(path),
            snapshot_date,
            db_path,
            snapshots_dir,
            reference_dir,
            progress,
            new_codes=mapping.new_codes,
            imported_codes=mapped.codes,
        )
    except FileExistsError as exc:  # another import of this date won the race
        raise IngestError(_already_loaded(path, snapshot_date, target)) from exc
    _record(snapshots_dir, sha, path, mapping, snapshot_date, mapped)
    return Result(
        "imported",
        path,
        snapshot_date,
        len(mapped.frame),
        time.perf_counter() - t0,
        mapped.n_due_derived,
        info,
        quality.check_frame(mapped.frame),
        mapped.absent,
        quality.unknown_frame(mapped.frame),
    )


def _record(
    snapshots_dir: Path,
    sha: str,
    path: Path,
    mapping: Mapping,
    snapshot_date: date,
    mapped: transform.Mapped,
) -> None:
    """Note the import after the store changed (a crash in between only loses the no-op check)."""
    entry = manifest.Entry(
        sha256=sha,
        file=path.name,
        mapping=mapping.name,
        snapshot_date=snapshot_date.isoformat(),
        rows=len(mapped.frame),
        imported_at=datetime.now().isoformat(timespec="seconds"),
        absent=mapped.absent,
    )
    manifest.record(snapshots_dir, entry)


def _already_loaded(path: Path, snapshot_date: date, target: Path) -> str:
    return (
        f"{path}: rejected, nothing was imported: a different file is already loaded as the "
        f"snapshot of {snapshot_date} ({target}); choose another --snapshot-date"
    )
