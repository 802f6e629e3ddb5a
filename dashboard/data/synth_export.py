"""Turning drawn appeals into registry exports: one Parquet snapshot per quarter end.

Each snapshot holds the appeals received since the previous one plus those still open at it,
in the state they had on the snapshot date (open appeals have no answer, outcome or signature).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard import paths
from dashboard.data import schema
from dashboard.data.synth import (
    EPOCH,
    LEVELS,
    TYPES,
    Generator,
    Reference,
    day_number,
    load_profile,
)


def appeal_table(gen: Generator) -> pa.Table:
    """The columns that do not change between snapshots, one row per appeal."""
    c, ref = gen.cols, gen.ref
    n = len(c["day"])
    order = np.lexsort((np.arange(n), c["day"]))
    seq = np.empty(n, dtype=np.int64)
    seq[order] = np.arange(n)
    # Number within the year: one look-up per distinct year, not one Python call per appeal.
    years, year_of_row = np.unique(c["year"], return_inverse=True)
    year_starts = np.array([day_number(f"{y}-01-01") for y in years])
    seq -= np.searchsorted(c["day"][order], year_starts)[year_of_row]
    ids = pc.binary_join_element_wise(
        pa.array(c["year"]).cast(pa.string()),
        pc.utf8_lpad(pa.array(seq + 1).cast(pa.string()), width=7, padding="0"),
        "-",
    )
    has_parent = c["parent"] >= 0
    level_of_body = np.array(LEVELS)[ref.body_level]

    def labels(values: list[str] | np.ndarray, idx: np.ndarray) -> pa.Array:
        return pc.take(pa.array(list(values), pa.string()), pa.array(idx))

    return pa.table(
        {
            "appeal_id": ids,
            "received_date": pa.array(c["day"].astype(np.int32)).cast(pa.date32()),
            "appeal_type": labels(TYPES, c["type"]),
            "body_id": labels(ref.bodies, c["body"]),
            "body_level": labels(level_of_body, c["body"]),
            "region_code": labels(ref.regions, c["region"]),
            "district_code": pa.nulls(n, pa.string()),
            "category_code": labels(ref.topics, c["topic"]),
            "channel": labels(gen.p["channels"], c["channel"]),
            "applicant_key": _applicant_keys(c["applicant"], gen.p["seed"]),
            "applicant_kind": labels(schema.APPLICANT_KINDS, c["legal"].astype(np.int8)),
            "is_collective": pa.array(c["collective"]),
            "signatories": pa.array(c["signatories"], pa.int32()),
            "repeat_of": pc.if_else(
                pa.array(has_parent), pc.take(ids, pa.array(c["parent"].clip(0))), None
            ),
            "due_date": pa.array(c["due"].astype(np.int32)).cast(pa.date32()),
            "extended": pa.array(c["extended"]),
        }
    )


def snapshot(gen: Generator, base: pa.Table, snap_days: np.ndarray, s: int) -> pa.Table:
    """The export taken on snapshot s: new appeals plus those open at the previous one."""
    c = gen.cols
    first = np.searchsorted(snap_days, c["day"], side="left")
    last = np.minimum(np.searchsorted(snap_days, c["closed"], side="left"), len(snap_days) - 1)
    idx = np.flatnonzero((first <= s) & (last >= s))
    is_open = c["closed"][idx] > snap_days[s]
    evaluated = c["type"][idx] <= 1

    def state(
        values: np.ndarray, labels: tuple[str, ...] | None = None, mask: np.ndarray = is_open
    ) -> pa.Array:
        if labels is None:
            return pa.array(values, mask=mask)
        return pc.take(pa.array(labels), pa.array(values.astype(np.int64), mask=mask))

    t = base.take(pa.array(idx))
    cols = {
        "snapshot_date": pa.array(np.full(len(idx), snap_days[s], np.int32)).cast(pa.date32()),
        "closed_date": pa.array(c["closed"][idx].astype(np.int32), mask=is_open).cast(pa.date32()),
        "outcome": state(c["outcome"][idx], schema.OUTCOMES),
        "justified": state(c["justified"][idx], mask=is_open | ~evaluated),
        "signed_level": state(c["signed"][idx], schema.SIGNED_LEVELS),
        "cites_legal_basis": state(c["cites"][idx]),
        "correspondence_ended": pa.array(c["ended"][idx] & ~is_open),
    }
    for name, arr in cols.items():
        t = t.append_column(name, arr)
    return t.select(list(schema.COLUMN_NAMES)).cast(schema.ARROW_SCHEMA)


def snapshot_days(profile: dict) -> np.ndarray:
    """Quarter ends from the first quarter up to the last snapshot, as days since 1970."""
    ends = pd.date_range(pd.Timestamp(profile["first_day"]), profile["last_snapshot"], freq="QE")
    return np.array([day_number(d.date()) for d in ends])


def _applicant_keys(applicant: np.ndarray, seed: int) -> pa.Array:
    """Opaque applicant keys: a splitmix64 mix of the applicant number (no real IIN exists here)."""
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps on purpose
        z = applicant.astype(np.uint64) + np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return pc.binary_join_element_wise("a", pa.array(z).cast(pa.string()), "")


def generate(
    out_dir: Path | None = None,
    reference_dir: Path | None = None,
    scale: float = 1.0,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the default snapshots into out_dir, replacing what was there only when done."""
    out_dir = Path(out_dir or paths.SNAPSHOTS_DIR)
    step = progress or (lambda _msg: None)
    profile = load_profile()
    ref = Reference.load(Path(reference_dir or paths.REFERENCE_DIR), profile["first_day"])
    gen = Generator(profile, ref, scale)
    for name in ("draw_dimensions", "draw_repeats", "draw_deadlines", "draw_outcomes"):
        step(name.replace("_", " "))
        getattr(gen, name)()
    base = appeal_table(gen)
    snap_days = snapshot_days(profile)
    staging = out_dir.with_name(out_dir.name + ".generating")
    shutil.rmtree(staging, ignore_errors=True)
    written = []
    for s, day in enumerate(snap_days):
        step(f"snapshot {EPOCH + day}")
        folder = staging / f"snapshot_date={EPOCH + day}"
        folder.mkdir(parents=True)
        pq.write_table(
            snapshot(gen, base, snap_days, s), folder / "appeals.parquet", compression="zstd"
        )
        written.append(out_dir / folder.name / "appeals.parquet")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    return written
