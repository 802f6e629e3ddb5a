"""queries/deadlines_*.sql on the tiny store, checked against pandas on the same rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import NO_FILTERS, current_state, pandas_backlog, pandas_late, tiny_frame

from dashboard.data import queries

ALL = NO_FILTERS
PERIOD = {"period_start": date(2016, 1, 1), "period_end": date(2016, 12, 31)}
AS_OF = date(2016, 9, 30)


def run(tiny_store, name: str, **params) -> pd.DataFrame:
    return queries.execute(name, {**ALL, **PERIOD, "as_of": AS_OF, **params}, tiny_store)


def cur() -> pd.DataFrame:
    df = current_state(tiny_frame())
    df["received_month"] = [d.replace(day=1) for d in df.received_date]
    return df


def in_period(df: pd.DataFrame, as_of: date) -> pd.DataFrame:
    end = min(PERIOD["period_end"], as_of)
    return df[(df.received_date >= PERIOD["period_start"]) & (df.received_date <= end)]


@pytest.mark.parametrize("as_of", [date(2016, 7, 1), AS_OF, date(2017, 1, 1)])
def test_late_by_month_matches_pandas(tiny_store, as_of):
    got = run(tiny_store, "deadlines_late_by_month", as_of=as_of)
    got["received_month"] = pd.to_datetime(got.received_month).dt.date
    c = in_period(cur(), as_of)
    late = pandas_late(c, as_of)
    want = pd.DataFrame(
        {
            "n_received": c.groupby("received_month").size(),
            "n_late": late.groupby(c.received_month).sum(),
            "n_extended": c.extended.groupby(c.received_month).sum(),
        }
    )
    got = got.set_index("received_month")
    assert got.n_received.to_dict() == want.n_received.to_dict()
    assert got.n_late.to_dict() == want.n_late.astype(int).to_dict()
    assert got.n_extended.to_dict() == want.n_extended.astype(int).to_dict()
    assert (got.late_share == got.n_late / got.n_received).all()


def test_late_by_month_by_hand(tiny_store):
    got = run(tiny_store, "deadlines_late_by_month").set_index("received_month")
    feb, jul = got.loc[pd.Timestamp("2016-02-01")], got.loc[pd.Timestamp("2016-07-01")]
    assert (feb.n_received, feb.n_late) == (1, 1)  # a2 answered after its due date
    # a4 (open past due, extended) and a5 (on time)
    assert (jul.n_received, jul.n_late, jul.n_extended) == (2, 1, 1)
    assert jul.late_share == pytest.approx(0.5)


def test_late_by_month_ignores_appeals_received_after_as_of(tiny_store):
    got = run(tiny_store, "deadlines_late_by_month", as_of=date(2016, 7, 1))
    jul = got[pd.to_datetime(got.received_month) == pd.Timestamp("2016-07-01")]
    assert jul.n_received.tolist() == [1]  # a4 came on 1 July; a5 on the 10th is not known yet


@pytest.mark.parametrize(
    ("group_by", "column"),
    [("body", "body_id"), ("region", "region_code"), ("category", "category_code")],
)
def test_late_by_group_matches_pandas(tiny_store, group_by, column):
    got = run(tiny_store, "deadlines_late_by_group", group_by=group_by).set_index("group_code")
    c = in_period(cur(), AS_OF)
    assert got.n_received.to_dict() == c.groupby(column).size().to_dict()
    want_late = pandas_late(c, AS_OF).groupby(c[column]).sum().astype(int)
    assert got.n_late.to_dict() == want_late.to_dict()
    assert list(got.late_share) == sorted(got.late_share, reverse=True)  # worst first


def test_late_by_section_by_hand(tiny_store):
    got = run(tiny_store, "deadlines_late_by_group", group_by="section").set_index("group_code")
    # section 03: a2 (late), a3, a4 (late), a6, a7, a11, a12 in 2016 -> 2 of 7
    assert got.loc["03"].n_received == 7
    assert got.loc["03"].n_late == 2
    assert got.loc["03"].n_extended == 1  # a4


@pytest.mark.parametrize("as_of", [date(2016, 7, 1), AS_OF, date(2017, 1, 1)])
def test_backlog_by_age_matches_pandas(tiny_store, as_of):
    got = run(tiny_store, "deadlines_backlog_by_age", as_of=as_of)
    assert got.age_bucket.tolist() == ["0-15", "16-30", "31-60", "60+"]
    c = cur()
    open_ = c[pandas_backlog(c, as_of)]
    age = pd.Series([(as_of - d).days for d in open_.received_date], index=open_.index)
    bucket = pd.cut(age, [-1, 15, 30, 60, 10_000], labels=["0-15", "16-30", "31-60", "60+"])
    want = bucket.value_counts().reindex(got.age_bucket, fill_value=0)
    assert got.n_backlog.tolist() == want.tolist()
    overdue = pandas_late(open_, as_of)
    want_overdue = bucket[overdue].value_counts().reindex(got.age_bucket, fill_value=0)
    assert got.n_overdue.tolist() == want_overdue.tolist()


def test_backlog_by_age_by_hand(tiny_store):
    got = run(tiny_store, "deadlines_backlog_by_age").set_index("age_bucket")
    # on 30 Sep: a6 (5 days, not due), a11 (60 days, no due date), a4 (91 days, past due)
    assert got.n_backlog.to_dict() == {"0-15": 1, "16-30": 0, "31-60": 1, "60+": 1}
    assert got.n_overdue.to_dict() == {"0-15": 0, "16-30": 0, "31-60": 0, "60+": 1}


def test_backlog_ignores_the_period_but_not_the_other_filters(tiny_store):
    got = run(
        tiny_store,
        "deadlines_backlog_by_age",
        as_of=date(2016, 1, 5),
        period_start=date(2016, 6, 1),
    )
    # a10 (received 2015-12-20, due 4 Jan, closed 11 Jan) is open and past due on 5 Jan, aged
    # 16 days, though received long before the period; a1 comes only on 10 Jan
    assert got.set_index("age_bucket").n_backlog.to_dict() == {
        "0-15": 0,
        "16-30": 1,
        "31-60": 0,
        "60+": 0,
    }
    assert got.n_overdue.sum() == 1
    only_51 = run(tiny_store, "deadlines_backlog_by_age", region_codes=["51"])
    assert only_51.n_backlog.sum() == 0


def test_overdue_list_by_hand(tiny_store):
    got = run(tiny_store, "deadlines_overdue_by_appeal", limit=50, offset=0)
    assert got.appeal_id.tolist() == ["a4"]
    assert got.days_overdue.tolist() == [46]  # 30 Sep - 15 Aug
    assert got.n_total.tolist() == [1]
    assert "applicant_key" not in got.columns


def test_overdue_list_matches_pandas_and_pages(tiny_store):
    as_of = date(2017, 1, 1)
    c = cur()
    want = c[pandas_backlog(c, as_of) & pandas_late(c, as_of)]
    want = want.assign(days=[(as_of - d).days for d in want.due_date])
    want = want.sort_values(["days", "appeal_id"], ascending=[False, True])
    full = run(tiny_store, "deadlines_overdue_by_appeal", as_of=as_of, limit=50, offset=0)
    assert full.appeal_id.tolist() == want.appeal_id.tolist() == ["a4", "a6"]
    assert full.days_overdue.tolist() == want.days.tolist() == [139, 83]
    second = run(tiny_store, "deadlines_overdue_by_appeal", as_of=as_of, limit=1, offset=1)
    assert second.appeal_id.tolist() == ["a6"]
    assert second.n_total.tolist() == [2]  # the whole list's size survives paging
