"""Pure functions on query results: shares, changes between periods, reshaping for charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard.i18n import is_missing

# Counts of summary_by_group (and their shares) that the overview puts in its headline row.
HEADLINE_COUNTS: tuple[str, ...] = (
    "n_received",
    "n_satisfied",
    "n_late",
    "n_repeat",
    "n_backlog",
    "n_collective",
)


def share(part: float | None, whole: float | None) -> float | None:
    """part / whole as a 0–1 fraction; None when either is missing or whole is 0."""
    if is_missing(part) or is_missing(whole) or not whole:
        return None
    return float(part) / float(whole)  # type: ignore[arg-type]


def relative_change(current: float | None, previous: float | None) -> float | None:
    """(current − previous) / previous as a 0–1 fraction; None without a non-zero base."""
    if is_missing(current) or is_missing(previous) or not previous:
        return None
    return (float(current) - float(previous)) / float(previous)  # type: ignore[arg-type]


def pp_change(current: float | None, previous: float | None) -> float | None:
    """Difference of two 0–1 shares (0.003 = +0.3 percentage points); None if either missing."""
    if is_missing(current) or is_missing(previous):
        return None
    return float(current) - float(previous)  # type: ignore[arg-type]


def totals(summary: pd.DataFrame) -> dict[str, Any]:
    """The single 'all' row of summary_by_group as a dict; zeros (shares None) when empty."""
    if summary.empty:
        return {
            **dict.fromkeys(HEADLINE_COUNTS, 0),
            "satisfied_share": None,
            "late_share": None,
            "repeat_share": None,
            "collective_share": None,
        }
    row = summary.iloc[0].to_dict()
    out = {k: int(row[k]) for k in HEADLINE_COUNTS}
    out["satisfied_share"] = share(out["n_satisfied"], out["n_received"])
    out["late_share"] = share(out["n_late"], out["n_received"])
    out["repeat_share"] = share(out["n_repeat"], out["n_received"])
    out["collective_share"] = share(out["n_collective"], out["n_received"])
    return out


def by_group(summary: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Rows of summary_by_group keyed by group_code, each with its share of all received."""
    total = int(summary.n_received.sum()) if not summary.empty else 0
    out: dict[str, dict[str, Any]] = {}
    for _, row in summary.iterrows():
        values = totals(pd.DataFrame([row]))
        values["received_share"] = share(values["n_received"], total)
        out[str(row["group_code"])] = values
    return out


@dataclass(frozen=True)
class Change:
    """How one headline figure moved against a comparison period."""

    current: float | None
    previous: float | None
    change: float | None  # relative change for counts, percentage points for shares
    is_share: bool


def compare(current: Mapping[str, Any], previous: Mapping[str, Any], key: str) -> Change:
    """Change of `key` between two totals(): relative for counts (n_*), pp for shares."""
    now, before = current.get(key), previous.get(key)
    is_share = key.endswith("_share")
    if is_share:
        return Change(now, before, pp_change(now, before), True)
    return Change(now, before, relative_change(now, before), False)


def period_kind(start: date, end: date) -> str:
    """year, quarter or month for whole calendar periods; cumulative from 1 January; else custom."""
    if start.day == 1 and (end + pd.Timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 12 and start.month == 1:
            return "year"
        if months == 3 and start.month % 3 == 1:
            return "quarter"
        if months == 1:
            return "month"
    if start.month == 1 and start.day == 1 and end.year == start.year:
        return "cumulative"
    return "custom"


def to_long(df: pd.DataFrame, x: str, measures: Mapping[str, str]) -> pd.DataFrame:
    """Wide measures -> long (x, measure, value) with the measure's label, in `measures` order."""
    cols: Sequence[str] = [c for c in measures if c in df]
    long = df.melt(id_vars=[x], value_vars=list(cols), var_name="measure", value_name="value")
    long["measure"] = pd.Categorical(long["measure"], categories=list(cols), ordered=True)
    long = long.sort_values(["measure", x]).reset_index(drop=True)
    long["measure"] = long["measure"].astype(str).map(measures)
    return long
