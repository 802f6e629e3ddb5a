"""Pure functions of dashboard/analysis/metrics.py: shares, changes, period kinds, reshaping."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.analysis import metrics


def test_share_is_a_fraction_and_none_without_a_base():
    assert metrics.share(659852, 1321050) == pytest.approx(0.49949, abs=1e-5)
    assert metrics.share(3, 0) is None
    assert metrics.share(None, 10) is None


def test_relative_change_is_none_when_previous_is_zero_or_missing():
    assert metrics.relative_change(110, 100) == pytest.approx(0.10)
    assert metrics.relative_change(90, 100) == pytest.approx(-0.10)
    assert metrics.relative_change(5, 0) is None
    assert metrics.relative_change(5, float("nan")) is None


def test_pp_change_is_the_difference_of_shares():
    assert metrics.pp_change(0.0051, 0.0048) == pytest.approx(0.0003)
    assert metrics.pp_change(None, 0.1) is None


def test_compare_uses_relative_change_for_counts_and_pp_for_shares():
    now = {"n_received": 120, "late_share": 0.006}
    before = {"n_received": 100, "late_share": 0.004}
    count = metrics.compare(now, before, "n_received")
    assert not count.is_share and count.change == pytest.approx(0.2)
    share = metrics.compare(now, before, "late_share")
    assert share.is_share and share.change == pytest.approx(0.002)


def summary_row(**kw: int) -> pd.DataFrame:
    base = dict.fromkeys(metrics.HEADLINE_COUNTS, 0)
    return pd.DataFrame([{"group_code": "all", **base, **kw}])


def test_totals_of_an_empty_result_are_zero_with_no_shares():
    out = metrics.totals(pd.DataFrame())
    assert out["n_received"] == 0
    assert out["late_share"] is None


def test_totals_compute_shares_of_received():
    out = metrics.totals(summary_row(n_received=200, n_late=3, n_collective=10))
    assert out["late_share"] == pytest.approx(0.015)
    assert out["collective_share"] == pytest.approx(0.05)


def test_by_group_adds_each_groups_share_of_all_received():
    df = pd.concat(
        [
            summary_row(n_received=501336).assign(group_code="central"),
            summary_row(n_received=819714).assign(group_code="local"),
        ]
    )
    out = metrics.by_group(df)
    assert out["central"]["received_share"] == pytest.approx(0.3795, abs=5e-5)
    assert out["local"]["received_share"] == pytest.approx(0.6205, abs=5e-5)


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        (date(2016, 1, 1), date(2016, 12, 31), "year"),
        (date(2016, 4, 1), date(2016, 6, 30), "quarter"),
        (date(2016, 2, 1), date(2016, 2, 29), "month"),
        (date(2017, 1, 1), date(2017, 9, 30), "cumulative"),
        (date(2016, 2, 3), date(2016, 5, 1), "custom"),
        (date(2016, 2, 1), date(2016, 4, 30), "custom"),  # three months, not a quarter
    ],
)
def test_period_kind_names_whole_calendar_periods(start, end, kind):
    assert metrics.period_kind(start, end) == kind


def test_to_long_keeps_measure_order_and_labels():
    wide = pd.DataFrame({"m": [1, 2], "a": [10, 20], "b": [0.1, 0.2], "c": [5, 6]})
    long = metrics.to_long(wide, "m", {"b": "Bee", "a": "Ay"})
    assert list(long.measure) == ["Bee", "Bee", "Ay", "Ay"]
    assert list(long.value) == [0.1, 0.2, 10, 20]
