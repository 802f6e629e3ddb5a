"""Overview and data-page queries on the tiny store, checked against pandas on the same rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import NO_FILTERS as ALL
from conftest import current_state, pandas_backlog, pandas_late, tiny_frame
from test_sql import AS_OF

from dashboard.data import queries

PERIOD = {"period_start": date(2015, 12, 1), "period_end": date(2016, 9, 30)}


def pandas_trend(
    df: pd.DataFrame, start: date, end: date, types: list[str], regions: list[str]
) -> pd.DataFrame:
    """Monthly counts the plain way, on each appeal's current state."""
    month = df.received_date.map(lambda d: d.replace(day=1))
    keep = (month >= start.replace(day=1)) & (df.received_date <= end)
    keep &= df.appeal_type.isin(types) if types else True
    keep &= df.region_code.isin(regions) if regions else True
    df = df[keep].assign(
        received_month=month[keep],
        sat=df.outcome.eq("satisfied"),
        late=pandas_late(df, AS_OF),
        rep=df.repeat_of.notna(),
        open=pandas_backlog(df, AS_OF),
    )
    out = df.groupby("received_month").agg(
        n_received=("appeal_id", "size"),
        n_satisfied=("sat", "sum"),
        n_late=("late", "sum"),
        n_repeat=("rep", "sum"),
        n_collective=("is_collective", "sum"),
        n_open=("open", "sum"),
    )
    return out.astype("int64").reset_index()


@pytest.mark.parametrize(
    ("types", "regions"),
    [([], []), (["complaint", "application"], []), (["complaint"], ["19"]), ([], ["47"])],
)
def test_overview_trend_by_month_matches_pandas(tiny_store, types, regions):
    params = {**ALL, **PERIOD, "appeal_types": types, "region_codes": regions}
    got = queries.execute("overview_trend_by_month", params, tiny_store)
    want = pandas_trend(current_state(tiny_frame()), **_period(), types=types, regions=regions)
    assert len(got) == len(want)
    if want.empty:
        return
    got_months = [pd.Timestamp(m).date() for m in got.received_month]
    assert got_months == list(want.received_month)
    for col in ("n_received", "n_satisfied", "n_late", "n_repeat", "n_collective", "n_open"):
        assert list(got[col]) == list(want[col]), col
    assert list(got.late_share) == pytest.approx(list(want.n_late / want.n_received))
    assert list(got.satisfied_share) == pytest.approx(list(want.n_satisfied / want.n_received))


def _period() -> dict[str, date]:
    return {"start": PERIOD["period_start"], "end": PERIOD["period_end"]}


def test_overview_trend_by_month_starts_at_the_month_of_period_start(tiny_store):
    params = {**ALL, "period_start": date(2016, 2, 15), "period_end": date(2016, 2, 28)}
    got = queries.execute("overview_trend_by_month", params, tiny_store)
    # a2 (received 1 Feb) is in the month of the period start, so the month is counted whole
    assert [pd.Timestamp(m).date() for m in got.received_month] == [date(2016, 2, 1)]
    assert int(got.n_received[0]) == 1


def test_data_snapshots_counts_rows_per_export(tiny_store):
    got = queries.execute("data_snapshots", {}, tiny_store)
    frame = tiny_frame()
    want = frame.groupby("snapshot_date").agg(
        n_rows=("appeal_id", "size"), n_open=("closed_date", lambda s: int(s.isna().sum()))
    )
    assert [pd.Timestamp(d).date() for d in got.snapshot_date] == list(want.index)
    assert list(got.n_rows) == list(want.n_rows)
    assert list(got.n_open) == list(want.n_open)
