"""Each query of queries/ run on the tiny store and checked against pandas on the same rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import (
    NO_FILTERS,
    current_state,
    pandas_backlog,
    pandas_late,
    tiny_frame,
    write_snapshots,
)

from dashboard.data import queries, reference, schema, store

ALL = NO_FILTERS
AS_OF = date(2016, 9, 30)


def table(db, sql: str, **params) -> pd.DataFrame:
    """Read a store table directly (tests only; pages go through dashboard.queries)."""
    with store.connect(db) as con:
        return con.execute(sql, params).df()


def summary(tiny_store, **params) -> pd.DataFrame:
    base = {
        **ALL,
        "period_start": date(2016, 1, 1),
        "period_end": date(2016, 12, 31),
        "as_of": AS_OF,
        "group_by": "none",
    }
    return queries.execute("summary_by_group", {**base, **params}, tiny_store)


def test_stg_appeals_keeps_each_appeals_latest_row(tiny_store):
    got = table(tiny_store, "select * from appeals")
    want = current_state(tiny_frame())
    assert sorted(got.appeal_id) == sorted(want.appeal_id)
    a3 = got.set_index("appeal_id").loc["a3"]
    assert a3.outcome == "partially_satisfied"
    assert a3.snapshot_date == pd.Timestamp("2016-09-30")


@pytest.mark.parametrize("as_of", [date(2016, 7, 1), date(2016, 9, 30), date(2017, 1, 1)])
def test_late_and_backlog_macros_match_pandas(tiny_store, as_of):
    got = table(
        tiny_store,
        "select appeal_id, is_late(due_date, closed_date, $as_of) as is_late, "
        "is_backlog(received_date, closed_date, $as_of) as is_backlog from appeals",
        as_of=as_of,
    ).set_index("appeal_id")
    cur = current_state(tiny_frame()).set_index("appeal_id")
    pd.testing.assert_series_equal(
        got.is_late.sort_index(), pandas_late(cur, as_of).sort_index(), check_names=False
    )
    pd.testing.assert_series_equal(
        got.is_backlog.sort_index(), pandas_backlog(cur, as_of).sort_index(), check_names=False
    )


def test_late_counts_open_appeals_past_due():
    cur = current_state(tiny_frame()).set_index("appeal_id")
    late = pandas_late(cur, AS_OF)
    # a2 closed late, a4 still open past its due date; a11 has no due date
    assert sorted(late[late].index) == ["a10", "a2", "a4"]


def test_summary_totals_match_pandas(tiny_store):
    got = summary(tiny_store, appeal_types=list(schema.EVALUATED_TYPES)).iloc[0]
    cur = current_state(tiny_frame())
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES)]
    cur = cur[(cur.received_date >= date(2016, 1, 1)) & (cur.received_date <= date(2016, 12, 31))]
    assert got.n_received == len(cur) == 10
    assert got.n_satisfied == (cur.outcome == "satisfied").sum() == 4
    assert got.n_partially_satisfied == 1
    assert got.n_late == pandas_late(cur, AS_OF).sum() == 2
    assert got.n_repeat == cur.repeat_of.notna().sum() == 2
    assert got.n_justified_repeat == 1  # a5
    assert got.n_collective == 1
    assert got.n_backlog == pandas_backlog(cur, AS_OF).sum() == 3  # a4, a6, a11
    assert got.satisfied_share == pytest.approx(4 / 10)
    assert got.late_share == pytest.approx(2 / 10)


@pytest.mark.parametrize(
    ("group_by", "column"),
    [
        ("level", "body_level"),
        ("region", "region_code"),
        ("body", "body_id"),
        ("category", "category_code"),
    ],
)
def test_summary_by_group_matches_pandas_groupby(tiny_store, group_by, column):
    got = summary(tiny_store, group_by=group_by).set_index("group_code")
    cur = current_state(tiny_frame())
    cur = cur[cur.received_date >= date(2016, 1, 1)]
    want = cur.groupby(column).size()
    assert got.n_received.sort_index().to_dict() == want.sort_index().to_dict()
    want_late = pandas_late(cur, AS_OF).groupby(cur[column]).sum()
    assert got.n_late.sort_index().to_dict() == want_late.sort_index().to_dict()


def test_summary_section_filter_selects_its_topics(tiny_store):
    got = summary(tiny_store, category_codes=["02"]).iloc[0]
    assert got.n_received == 2  # a8 and a9 are in 02.02


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"levels": ["central"]}, 2),
        ({"region_codes": ["51"]}, 2),
        ({"body_ids": ["mvd", "akimat_51"]}, 4),
        ({"channels": ["paper"]}, 1),
        ({"appeal_types": ["proposal"]}, 1),
        ({"category_codes": ["07.01"]}, 2),
        ({"region_codes": ["__none__"]}, 0),
    ],
)
def test_summary_filters_are_bound_lists(tiny_store, params, expected):
    got = summary(tiny_store, **params)
    assert int(got.n_received.sum()) == expected


def test_region_that_later_split_keeps_its_code(tiny_store):
    got = summary(tiny_store, group_by="region").set_index("group_code")
    assert got.loc["51", "n_received"] == 2


def test_rollup_cells_match_pandas(tiny_store):
    got = table(
        tiny_store,
        "select received_month, sum(columns('^n_')) from rollup_cells group by all",
    )
    cur = current_state(tiny_frame())
    month = pd.to_datetime(cur.received_date).dt.to_period("M").dt.to_timestamp()
    want = cur.assign(
        m=month, late=pandas_late(cur, AS_OF), open=pandas_backlog(cur, AS_OF)
    ).groupby("m")
    by_month = got.set_index("received_month")
    assert by_month.n_received.to_dict() == want.size().to_dict()
    assert by_month.n_late.to_dict() == want.late.sum().to_dict()
    assert by_month.n_backlog.to_dict() == want.open.sum().to_dict()
    assert (
        by_month.n_satisfied.to_dict()
        == want.outcome.apply(lambda s: (s == "satisfied").sum()).to_dict()
    )
    collective = cur.signatories.where(cur.is_collective, 0)
    assert int(got.n_collective_signatories.sum()) == int(collective.sum())


def test_snapshot_catalogue_counts_rows_and_open(tiny_store):
    got = table(tiny_store, "select * from snapshots").set_index("snapshot_date")
    frame = tiny_frame()
    want = frame.groupby("snapshot_date").size()
    assert got.n_rows.tolist() == want.tolist()
    assert (
        got.n_open.tolist()
        == frame.groupby("snapshot_date").closed_date.apply(lambda s: s.isna().sum()).tolist()
    )


def test_reference_codes_lists_every_reference_row(tiny_store):
    got = queries.execute("reference_codes", {}, tiny_store)
    want = {
        "region": reference.table("regions").region_code,
        "body": reference.table("bodies").body_id,
        "category": reference.table("categories").category_code,
    }
    for kind, codes in want.items():
        assert sorted(got[got.kind == kind].code) == sorted(codes), kind
    assert set(got.source) == {"data/reference"}
    topic = got[(got.kind == "category") & (got.code == "02.03")].iloc[0]
    assert (topic.parent_code, topic.level) == ("02", "topic")


def test_codes_missing_from_reference_are_added_with_their_raw_value(tmp_path):
    frame = tiny_frame()
    new = frame[frame.appeal_id == "a1"].copy()
    new["appeal_id"] = "n1"
    new["body_id"] = "Министерство цифрового развития"
    new["region_code"] = "99"
    new["category_code"] = "17.01.02"
    write_snapshots(pd.concat([frame, new], ignore_index=True), tmp_path / "snapshots")
    db = tmp_path / "appeals.duckdb"
    store.build(db, tmp_path / "snapshots")
    got = queries.execute("reference_codes", {}, db).set_index(["kind", "code"])
    added = got[got.source == "import"]
    assert sorted(added.index) == [
        ("body", "Министерство цифрового развития"),
        ("category", "17"),
        ("category", "17.01"),
        ("category", "17.01.02"),
        ("region", "99"),
    ]
    body = got.loc[("body", "Министерство цифрового развития")]
    assert (body.level, body.name_kk) == ("central", "Министерство цифрового развития")
    assert got.loc[("category", "17.01.02")].parent_code == "17.01"
    assert got.loc[("category", "17.01")].level == "topic"
