"""An upload from the Data page: the same pipeline as the CLI, with a dry run first.

`dry_run` reads, maps and checks the file without touching the store and says what an import
would do (rows, the first rows as mapped, warnings, errors with row numbers); `run` is
pipeline.ingest itself, so the all-or-nothing guarantee is the CLI's. Problems are kept as
data (`Problems`), which the page words in its language. No Streamlit here.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard import paths
from dashboard.data import schema, store
from dashboard.data.ingest import IngestError, chunked, manifest, pipeline, quality
from dashboard.data.ingest import mapping as mapping_mod
from dashboard.data.schema import Violation

# The largest file the page accepts, in MB (APPEALS_UPLOAD_MAX_MB moves it).
DEFAULT_MAX_MB = 200
SUFFIXES = ("csv", "txt", "tsv", "xlsx", "parquet")
PREVIEW_ROWS = 10
# Steps an import reports (readers, then store._build_into), as fractions of the bar.
STEPS = {
    "reading": 0.05,
    "checked": 0.35,
    "definitions": 0.4,
    "reference tables": 0.45,
    "current state of appeals": 0.5,
    "repeat chains and breaches": 0.6,
    "monthly rollup": 0.75,
    "snapshot catalogue": 0.9,
}


def max_mb() -> int:
    """The size limit of an upload in MB."""
    return int(os.environ.get("APPEALS_UPLOAD_MAX_MB", DEFAULT_MAX_MB))


def too_large(n_bytes: int) -> bool:
    """Whether a file is past the size limit."""
    return n_bytes > max_mb() * 1024 * 1024


def shipped_mappings() -> list[str]:
    """Names of the mappings in data/mappings."""
    return sorted(p.stem for p in paths.MAPPINGS_DIR.glob("*.yaml"))


UPLOAD_PREFIX = "appeals-upload-"


def save(name: str, data: bytes, folder: Path | None = None, upload_id: str = "") -> Path:
    """The uploaded bytes as a file under its own (sanitised) name.

    In `folder`, or in a temporary folder of its own: the same one for the same `upload_id`
    (the page reruns often; the mapping file must keep its path between reruns).
    """
    if folder is None and upload_id:
        tag = re.sub(r"[^\w-]", "_", upload_id)
        folder = Path(tempfile.gettempdir()) / f"{UPLOAD_PREFIX}{tag}"
        folder.mkdir(mode=0o700, exist_ok=True)
    folder = Path(folder or tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
    safe = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip() or "upload"
    path = folder / safe
    path.write_bytes(data)
    return path


def discard(path: Path) -> None:
    """Delete an uploaded file's temporary folder (uploads are not kept once used)."""
    folder = Path(path).parent
    if folder.name.startswith(UPLOAD_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Problems:
    """Why a file cannot be imported, as data: broken rules (`violations`), or another
    problem (`key` + `params`: IngestError's); analysis.imports.problem_lines words them."""

    source: str  # the file's name (never its temporary folder)
    text: list[str] = field(default_factory=list)  # in English, as the CLI words it
    violations: list[Violation] = field(default_factory=list)  # labelled with the headers
    first_row: int = 2  # the spreadsheet number of the first data row (the header is 1)
    lines: list[list[int] | None] = field(default_factory=list)  # per violation: file lines
    key: str = ""  # ingest.errors.<key> in the locales; "" = only `text` says it
    params: dict[str, object] = field(default_factory=dict)


def problems(exc: Exception, path: Path) -> Problems:
    """What `exc` says went wrong with the uploaded file `path`, as Problems."""
    found = Problems(path.name, str(exc).replace(str(path), path.name).splitlines())
    if isinstance(exc, pipeline.Rejected):
        found.violations, found.lines = exc.violations, exc.lines
        found.first_row = exc.first_row_number
    elif isinstance(exc, schema.ContractError):  # the store's own check (store.add_snapshot)
        found.violations, found.first_row = exc.violations, exc.first_row_number
    elif isinstance(exc, IngestError):
        found.key, found.params = exc.key, dict(exc.params)
    return found


@dataclass
class DryRun:
    """What importing a file would do; no `problems` means the import can go ahead."""

    rows: int = 0
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: Problems | None = None
    warnings: pd.DataFrame = field(default_factory=pd.DataFrame)
    unknown: pd.DataFrame = field(default_factory=pd.DataFrame)
    unmapped: pd.DataFrame = field(default_factory=pd.DataFrame)
    absent: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        """The problems in English, as the CLI words them (empty = none)."""
        return self.problems.text if self.problems else []

    @property
    def ok(self) -> bool:
        """Nothing stands in the way of the import."""
        return self.problems is None


def _store_conflict(path: Path, snapshot_date: date, db_path: Path) -> IngestError | None:
    _, snapshots = pipeline.store_paths(db_path, None)
    done = manifest.find(snapshots, store.file_sha256(path))
    if done is not None:
        return IngestError(
            f"{path.name}: already imported as snapshot {done.snapshot_date}; nothing to do",
            "already_imported",
            date=done.snapshot_date,
        )
    if store.snapshot_path(snapshots, snapshot_date).exists():
        return IngestError(
            f"{path.name}: a different file is already loaded as the snapshot of "
            f"{snapshot_date}; choose another snapshot date",
            "snapshot_taken",
            date=snapshot_date.isoformat(),
        )
    return None


def dry_run(
    path: Path, mapping_ref: str | Path, snapshot_date: date, db_path: Path | None = None
) -> DryRun:
    """Read, map and check the file as an import would; the store is not touched."""
    db_path = Path(db_path or paths.DEFAULT_DB)
    out = DryRun()
    _, snapshots = pipeline.store_paths(db_path, None)
    with tempfile.TemporaryDirectory(prefix="appeals-dry-run-") as tmp:
        parquet = Path(tmp) / "appeals.parquet"
        try:
            m = mapping_mod.load(mapping_ref)
            checked = chunked.check(path, m, snapshot_date, parquet, None, snapshots, True)
            out.rows, out.absent, out.unmapped = checked.rows, checked.absent, checked.unmapped
            if checked.violations:
                raise pipeline.rejection(path, m, checked)
        except (IngestError, ValueError) as exc:  # as the import would fail
            out.problems = problems(exc, path)
            return out
        conflict = _store_conflict(path, snapshot_date, db_path)
        out.problems = problems(conflict, path) if conflict else None
        out.preview = checked.preview.head(PREVIEW_ROWS)
        out.warnings = quality.check_file(parquet)
        out.unknown = quality.unknown_file(parquet)
    return out


def run(
    path: Path,
    mapping_ref: str | Path,
    snapshot_date: date,
    db_path: Path | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> pipeline.Result:
    """The import itself: pipeline.ingest, reporting its steps as fractions of a bar."""
    report = progress or (lambda _f, _s: None)
    result = pipeline.ingest(
        path,
        mapping_ref,
        snapshot_date,
        Path(db_path or paths.DEFAULT_DB),
        progress=lambda step: report(STEPS.get(step, 0.5), step),
    )
    report(1.0, "done")
    return result
