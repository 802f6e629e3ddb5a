"""The record of imported files (snapshots/imports.json): re-importing the same bytes is a no-op.

One entry per import: the source file's sha256, its name, the mapping, the snapshot date and
the row count. The file is replaced atomically (write a temporary file, then rename).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from dashboard.data import store

MANIFEST_NAME = "imports.json"


@dataclass(frozen=True)
class Entry:
    """One imported file."""

    sha256: str
    file: str
    mapping: str
    snapshot_date: str
    rows: int
    imported_at: str
    # Contract columns the file lacked -> the default they took (mapping.DEFAULTS keys);
    # empty in records written before defaults existed.
    absent: dict[str, str] = field(default_factory=dict)


def entries(snapshots_dir: Path) -> list[Entry]:
    """Every recorded import (none when the manifest does not exist yet)."""
    path = snapshots_dir / MANIFEST_NAME
    if not path.exists():
        return []
    return [Entry(**e) for e in json.loads(path.read_text(encoding="utf-8"))]


def for_store(db_path: Path) -> list[Entry]:
    """The imports of the store at db_path (its snapshot folder lies beside it), oldest first."""
    return sorted(entries(Path(db_path).parent / "snapshots"), key=lambda e: e.snapshot_date)


def find(snapshots_dir: Path, sha256: str) -> Entry | None:
    """The import of these bytes whose snapshot is still in place, if any."""
    for e in entries(snapshots_dir):
        exists = store.snapshot_path(snapshots_dir, date.fromisoformat(e.snapshot_date)).exists()
        if e.sha256 == sha256 and exists:
            return e
    return None


def record(snapshots_dir: Path, entry: Entry) -> None:
    """Add an entry, replacing the manifest in one rename."""
    path = snapshots_dir / MANIFEST_NAME
    rows = [asdict(e) for e in entries(snapshots_dir) if e.snapshot_date != entry.snapshot_date]
    rows.append(asdict(entry))
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{time.monotonic_ns()}")
    try:
        tmp.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
