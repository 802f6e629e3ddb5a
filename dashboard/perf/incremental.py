"""How long adding one quarterly snapshot to a large store takes (`bench`, full runs only).

The benchmark's dataset is copied (its store and snapshot files stay as they are), a next
quarter's export of the size bench asks for (1 M appeals, or a tenth of a smaller dataset) is
made from its last quarters' files (dates moved one quarter on, numbers made new), and
`store.add_snapshot` adds it the way `ingest` does: validated, written, the store updated on
a copy and swapped in.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

QUARTER = timedelta(days=92)
DATE_COLUMNS = ("received_date", "due_date", "closed_date")


def next_quarter(snapshots: Path, rows: int) -> tuple[pd.DataFrame, date]:
    """An export of the quarter after the last snapshot, of about `rows` appeals: the last
    quarters' exports, each moved on so its snapshot date becomes the new one (an appeal
    keeps its place in its quarter, open ones stay open) and numbered anew."""
    files = sorted(snapshots.glob("snapshot_date=*/*.parquet"))
    when = _snapshot_date(files[-1]) + QUARTER
    parts, n = [], 0
    for i, path in enumerate(reversed(files)):
        if n >= rows:
            break
        part = pq.read_table(path).to_pandas()
        shift = pd.Timedelta(days=(when - _snapshot_date(path)).days)
        for column in DATE_COLUMNS:
            part[column] = (pd.to_datetime(part[column]) + shift).dt.date
        part["appeal_id"] = part.appeal_id + f"-next{i}"  # new appeals, never seen before
        part["repeat_of"] = None
        parts.append(part)
        n += len(part)
    frame = pd.concat(parts, ignore_index=True).head(rows)
    frame["snapshot_date"] = when
    return frame, when


def _snapshot_date(path: Path) -> date:
    return date.fromisoformat(path.parent.name.split("=", 1)[1])


def measure(snapshots: Path, db: Path, rows: int) -> dict[str, Any]:
    """Seconds to add a next-quarter snapshot of about `rows` appeals to a copy of the store."""
    from dashboard.data import store

    with tempfile.TemporaryDirectory(prefix="bench-add-") as tmp:
        folder = Path(tmp)
        shutil.copytree(snapshots, folder / "snapshots")
        shutil.copyfile(db, folder / "appeals.duckdb")
        frame, when = next_quarter(snapshots, rows)
        t0 = time.perf_counter()
        info = store.add_snapshot(
            frame, "bench", when, folder / "appeals.duckdb", folder / "snapshots"
        )
        seconds = time.perf_counter() - t0
    return {"rows_added": len(frame), "store_appeals": info.n_appeals, "seconds": seconds}
