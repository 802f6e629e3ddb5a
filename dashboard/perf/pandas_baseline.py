"""The benchmark's yardstick: the same page computations written plainly in pandas.

Reads the snapshot Parquet files (only the columns needed), keeps each appeal's row from its
latest snapshot, and computes what the store's queries compute. It exists to be timed
against the store in the same run (dashboard.perf.bench), and its summary is checked
against the store's in tests, so the two sides really do the same work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

COLUMNS = [
    "appeal_id",
    "snapshot_date",
    "received_date",
    "appeal_type",
    "body_id",
    "body_level",
    "region_code",
    "category_code",
    "channel",
    "due_date",
    "closed_date",
    "outcome",
    "repeat_of",
    "justified",
    "is_collective",
    "extended",
]
GROUP_COLUMNS = {
    "type": "appeal_type",
    "level": "body_level",
    "body": "body_id",
    "region": "region_code",
    "section": "section_code",
    "category": "category_code",
}
AGE_BUCKETS = (("0-15", 0, 15), ("16-30", 16, 30), ("31-60", 31, 60), ("60+", 61, None))


def load(snapshots: Path) -> pd.DataFrame:
    """Current state of every appeal from the snapshot files, as the store's stg_appeals."""
    files = sorted(snapshots.glob("*/*.parquet"))
    df = pd.concat((pd.read_parquet(f, columns=COLUMNS) for f in files), ignore_index=True)
    df = df.sort_values("snapshot_date").drop_duplicates("appeal_id", keep="last")
    for col in ("received_date", "due_date", "closed_date"):
        df[col] = pd.to_datetime(df[col])
    df["section_code"] = df.category_code.str[:2]
    df["received_month"] = df.received_date.dt.to_period("M").dt.to_timestamp()
    df["is_repeat"] = df.repeat_of.notna()
    return df.reset_index(drop=True)


def _in_filters(df: pd.DataFrame, p: dict[str, Any]) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for param, col in (
        ("levels", "body_level"),
        ("body_ids", "body_id"),
        ("region_codes", "region_code"),
        ("appeal_types", "appeal_type"),
        ("channels", "channel"),
    ):
        if p[param]:
            mask &= df[col].isin(p[param])
    if p["category_codes"]:
        codes = p["category_codes"]
        mask &= (
            df.category_code.isin(codes)
            | df.section_code.isin(codes)
            | df.category_code.str[:5].isin(codes)
        )
    return mask


def _scoped(df: pd.DataFrame, p: dict[str, Any], end: date | None = None) -> pd.DataFrame:
    start, stop = pd.Timestamp(p["period_start"]), pd.Timestamp(end or p["period_end"])
    return df[df.received_date.between(start, stop) & _in_filters(df, p)]


def is_late(df: pd.DataFrame, as_of: date) -> pd.Series:
    """Answered after the deadline, or open past it, judged on `as_of` (def_is_late)."""
    day = pd.Timestamp(as_of)
    judged = df.closed_date.where(df.closed_date.notna() & (df.closed_date < day), day)
    return (df.due_date < judged).fillna(False).astype(bool)


def is_backlog(df: pd.DataFrame, as_of: date) -> pd.Series:
    """Received by `as_of` and not answered by it (def_is_backlog)."""
    day = pd.Timestamp(as_of)
    return (df.received_date <= day) & (df.closed_date.isna() | (df.closed_date > day))


def summary_by_group(df: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """queries/summary_by_group.sql."""
    s = _scoped(df, p)
    key = s[GROUP_COLUMNS[p["group_by"]]] if p["group_by"] in GROUP_COLUMNS else "all"
    frame = pd.DataFrame(
        {
            "group_code": key,
            "n_received": 1,
            "n_satisfied": s.outcome.eq("satisfied"),
            "n_partially_satisfied": s.outcome.eq("partially_satisfied"),
            "n_late": is_late(s, p["as_of"]),
            "n_repeat": s.is_repeat,
            "n_justified_repeat": s.is_repeat & s.justified.fillna(False).astype(bool),
            "n_collective": s.is_collective,
            "n_backlog": is_backlog(s, p["as_of"]),
        },
        index=s.index,
    )
    out = frame.groupby("group_code", as_index=False).sum(numeric_only=False)
    for what in ("satisfied", "late", "repeat"):
        out[f"{what}_share"] = out[f"n_{what}"] / out.n_received
    return out.sort_values(["n_received", "group_code"], ascending=[False, True])


def _late_frame(df: pd.DataFrame, p: dict[str, Any], key: str) -> pd.DataFrame:
    s = _scoped(df, p, min(p["period_end"], p["as_of"]))
    frame = pd.DataFrame(
        {key: s[key], "n_received": 1, "n_late": is_late(s, p["as_of"]), "n_extended": s.extended}
    )
    out = frame.groupby(key, as_index=False).sum()
    out["late_share"] = out.n_late / out.n_received
    out["extended_share"] = out.n_extended / out.n_received
    return out


def deadlines_late_by_month(df: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """queries/deadlines_late_by_month.sql."""
    return _late_frame(df, p, "received_month").sort_values("received_month")


def deadlines_late_by_group(df: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """queries/deadlines_late_by_group.sql."""
    out = _late_frame(df, p, GROUP_COLUMNS[p["group_by"]])
    out = out.rename(columns={GROUP_COLUMNS[p["group_by"]]: "group_code"})
    return out.sort_values("late_share", ascending=False)


def deadlines_backlog_by_age(df: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """queries/deadlines_backlog_by_age.sql."""
    open_ = df[is_backlog(df, p["as_of"]) & _in_filters(df, p)]
    age = (pd.Timestamp(p["as_of"]) - open_.received_date).dt.days
    overdue = is_late(open_, p["as_of"])
    rows = []
    for name, low, high in AGE_BUCKETS:
        inside = (age >= low) & (age <= (high if high is not None else np.inf))
        rows.append((name, int(inside.sum()), int((inside & overdue).sum())))
    return pd.DataFrame(rows, columns=["age_bucket", "n_backlog", "n_overdue"])


def overview_trend_by_month(df: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """queries/overview_trend_by_month.sql (late and open as of the latest snapshot)."""
    s = _scoped(df, p)
    latest = p["as_of"]  # the rollup judges late on the latest snapshot's date
    frame = pd.DataFrame(
        {
            "received_month": s.received_month,
            "n_received": 1,
            "n_satisfied": s.outcome.eq("satisfied"),
            "n_late": is_late(s, latest),
            "n_repeat": s.is_repeat,
            "n_collective": s.is_collective,
            "n_open": s.closed_date.isna(),
        }
    )
    return frame.groupby("received_month", as_index=False).sum().sort_values("received_month")


# The queries that have a pandas twin; the others are timed on the store's side only.
TWINS: dict[str, Callable[[pd.DataFrame, dict[str, Any]], pd.DataFrame]] = {
    "summary_by_group": summary_by_group,
    "deadlines_late_by_month": deadlines_late_by_month,
    "deadlines_late_by_group": deadlines_late_by_group,
    "deadlines_backlog_by_age": deadlines_backlog_by_age,
    "overview_trend_by_month": overview_trend_by_month,
}
