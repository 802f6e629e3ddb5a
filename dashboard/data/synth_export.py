"""Turning drawn appeals into registry exports: one Parquet snapshot per quarter end.

Each snapshot holds the appeals received since the previous one plus those still open at it,
in the state they had on the snapshot date (open appeals have no answer, outcome or signature).
"""

from __future__ import annotations

import math
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


def appeal_table(gen: Generator, id_part: str = "") -> pa.Table:
    """The columns that do not change between snapshots, one row per appeal.

    `id_part` goes between the year and the number ("2016-03-0000001") so the shards of a
    large dataset never share an appeal number.
    """
    c, ref = gen.cols, gen.ref
    n = len(c["day"])
    order = np.lexsort((np.arange(n), c["day"]))
    seq = np.empty(n, dtype=np.int64)
    seq[order] = np.arange(n)
    # Number within the year: one look-up per distinct year, not one Python call per appeal.
    years, year_of_row = np.unique(c["year"], return_inverse=True)
    year_starts = np.array([day_number(f"{y}-01-01") for y in years])
    seq -= np.searchsorted(c["day"][order], year_starts)[year_of_row]
    number = pc.utf8_lpad(pa.array(seq + 1).cast(pa.string()), width=7, padding="0")
    ids = pc.binary_join_element_wise(
        pa.array(c["year"]).cast(pa.string()),
        pc.binary_join_element_wise(id_part, number, ""),
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
            "applicant_key": _applicant_keys(
                c["applicant"] + gen.shard * SHARD_APPLICANTS, gen.p["seed"]
            ),
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
    return t.select(list(schema.COLUMN_NAMES)).cast(schema.arrow_schema())


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


# Largest share of the calibrated volume drawn at once: a shard of about 3 M appeals peaks
# near 1,3 GB, so a dataset of any size is drawn in shards and memory does not grow with it.
SHARD_SCALE = 0.5
WHOLE_SCALE = 1.0  # up to this scale a dataset is one part (the default data among them)
SHARD_APPLICANTS = 10**12  # applicant numbers of shard i start at i * this: never shared


def shards(scale: float) -> list[float]:
    """The scale of each part drawn at once. Up to the calibrated volume it is one part, so
    the default data (and its exact 2016 figures) are drawn as a whole; above it, equal parts
    of at most SHARD_SCALE, each a full history with the letter's shares (counts scaled)."""
    if scale <= WHOLE_SCALE:
        return [scale]
    k = math.ceil(scale / SHARD_SCALE)
    return [scale / k] * k


def progress_steps(scale: float) -> int:
    """How many times generate() reports progress: per shard, four drawing steps and one
    step per snapshot file."""
    return len(shards(scale)) * (4 + len(snapshot_days(load_profile())))


def generate(
    out_dir: Path | None = None,
    reference_dir: Path | None = None,
    scale: float = 1.0,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the default snapshots into out_dir, replacing what was there only when done.

    Shard by shard: each shard's rows for every snapshot are appended to that snapshot's
    file as row groups, so at most one shard's appeals are in memory.
    """
    out_dir = Path(out_dir or paths.SNAPSHOTS_DIR)
    step = progress or (lambda _msg: None)
    profile = load_profile()
    ref = Reference.load(Path(reference_dir or paths.REFERENCE_DIR), profile["first_day"])
    snap_days = snapshot_days(profile)
    staging = out_dir.with_name(out_dir.name + ".generating")
    shutil.rmtree(staging, ignore_errors=True)
    parts = shards(scale)
    writers: dict[int, pq.ParquetWriter] = {}
    try:
        for i, part in enumerate(parts):
            gen = Generator(profile, ref, part, shard=i)
            for name in ("draw_dimensions", "draw_repeats", "draw_deadlines", "draw_outcomes"):
                step(name.replace("_", " "))
                getattr(gen, name)()
            base = appeal_table(gen, f"{i:03d}-" if len(parts) > 1 else "")
            for s, day in enumerate(snap_days):
                step(f"snapshot {EPOCH + day}")
                if s not in writers:
                    folder = staging / f"snapshot_date={EPOCH + day}"
                    folder.mkdir(parents=True)
                    writers[s] = pq.ParquetWriter(
                        folder / "appeals.parquet", schema.arrow_schema(), compression="zstd"
                    )
                writers[s].write_table(snapshot(gen, base, snap_days, s))
            del gen, base
    finally:
        for writer in writers.values():
            writer.close()
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    return [out_dir / f"snapshot_date={EPOCH + day}" / "appeals.parquet" for day in snap_days]
