"""Deriving a missing due_date from the dated review rules of data/reference/deadline_rules.yaml.

A rule applies to appeals of its types received in [valid_from, valid_to). Calendar days are
added as they are; working days skip weekends and the days off of holidays_kz.csv. Counting
starts the day after receipt, as the laws count terms.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from dashboard import paths
from dashboard.data.ingest.parse import DATE_DTYPE

WEEKMASK = "1111100"  # Monday to Friday
# holidays_kz.csv kinds that are days off; a transfer_working_day (a working Saturday)
# cannot be expressed in numpy's business-day calendar and is ignored (none are listed).
DAY_OFF_KINDS = ("holiday", "transfer_day_off")


def review_rules(reference_dir: Path | None = None) -> list[dict[str, Any]]:
    """The `kind: review` rules of deadline_rules.yaml."""
    folder = Path(reference_dir or paths.REFERENCE_DIR)
    rules = yaml.safe_load((folder / "deadline_rules.yaml").read_text(encoding="utf-8"))
    return [r for r in rules if r.get("kind") == "review"]


def days_off(reference_dir: Path | None = None) -> np.ndarray:
    """Public holidays and carried-over days off, as datetime64[D]."""
    folder = Path(reference_dir or paths.REFERENCE_DIR)
    df = pd.read_csv(folder / "holidays_kz.csv", dtype=str)
    return np.array(sorted(df.loc[df.kind.isin(DAY_OFF_KINDS), "date"]), dtype="datetime64[D]")


def _in_force(received: np.ndarray, rule: dict[str, Any]) -> np.ndarray:
    start = np.datetime64(_as_date(rule["valid_from"]), "D")
    ok = received >= start
    if rule.get("valid_to"):
        ok &= received < np.datetime64(_as_date(rule["valid_to"]), "D")
    return ok


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def derive(
    received: pd.Series, appeal_type: pd.Series, reference_dir: Path | None = None
) -> pd.Series:
    """The statutory due date of each appeal (missing where no rule applies)."""
    rec = received.to_numpy(dtype="datetime64[D]", na_value=np.datetime64("NaT"))
    due = np.full(len(rec), np.datetime64("NaT"), dtype="datetime64[D]")
    holidays = None
    for rule in review_rules(reference_dir):
        mask = ~np.isnat(rec) & _in_force(rec, rule)
        mask &= appeal_type.isin(rule["applies_to"]).to_numpy(dtype=bool, na_value=False)
        if not mask.any():
            continue
        days = int(rule["days"])
        if rule["day_kind"] == "calendar":
            due[mask] = rec[mask] + np.timedelta64(days, "D")
        else:
            holidays = days_off(reference_dir) if holidays is None else holidays
            due[mask] = np.busday_offset(
                rec[mask], days, roll="backward", weekmask=WEEKMASK, holidays=holidays
            )
    return pd.Series(due, index=received.index).astype(DATE_DTYPE)
