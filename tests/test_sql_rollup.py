"""The rollup path of `cells_in` gives the same figures as counting the appeals themselves.

Every query over `cells_in` is run twice on the same store: once as the pages run it (whole
months from `rollup_cells`) and once told the rollup was judged on another date, which makes
the macro count every appeal. A store with its appeals deleted then shows which rows the
rollup served: whole months keep their figures, partial months lose theirs.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest
from conftest import NO_FILTERS, current_state, pandas_late, repeats_frame, tiny_frame

from dashboard.data import queries, store
from dashboard.data.sql import load_sql

LATEST = date(2016, 9, 30)  # the tiny store's latest snapshot: the rollup's as-of date
ELSEWHERE = date(1999, 1, 1)  # a data_as_of no rollup was judged on: forces the appeal scan

WHOLE_YEAR = {"period_start": date(2016, 1, 1), "period_end": date(2016, 12, 31)}
PARTIAL = {"period_start": date(2015, 12, 21), "period_end": date(2016, 8, 14)}
BASES = {"base_start": date(2015, 1, 1), "base_end": date(2015, 12, 31)}

CASES = [
    ("summary_by_group", {"group_by": g}) for g in ("none", "level", "region", "body", "section")
] + [
    ("deadlines_late_by_group", {"group_by": "body"}),
    ("deadlines_late_by_month", {}),
    ("trends_growth_by_group", {"group_by": "type", **BASES}),
    ("repeats_by_unit", {"group_by": "region", "group_by2": "category", "section": "", **BASES}),
    ("region_metrics_by_group", {"group_by": "category", "region_code": ""}),
    ("evaluation_by_body", {}),
    ("algorithm_by_body", {}),
    ("trends_received_by_period", {"grain": "quarter", "breakdown": "region"}),
    ("overview_trend_by_month", {}),
    ("region_topic_shift_by_category", {"region_code": ""}),
    ("region_collective_by_quarter", {"region_code": ""}),
    # open_on: the build's open_appeals on the latest date, every appeal on another
    ("deadlines_backlog_by_age", {}),
    ("deadlines_overdue_by_appeal", {"limit": 1000, "offset": 0}),
]


def run_sql(db, name: str, params: dict, path: str = queries.FULL_PATH) -> pd.DataFrame:
    """The query's own SQL with every parameter as given (data_as_of included), `cells_in`
    resolved on `path` (the macro that may count appeals, unless told ROLLED_PATH)."""
    with store.connect(db) as con:
        con.execute(path)
        return con.execute(load_sql(name), queries.bind(name, params)).df()


def both_paths(db, name: str, params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    base = {**NO_FILTERS, "as_of": LATEST, **params}
    served = run_sql(db, name, {**base, "data_as_of": LATEST})
    counted = run_sql(db, name, {**base, "data_as_of": ELSEWHERE})
    return served, counted


@pytest.mark.parametrize("period", [WHOLE_YEAR, PARTIAL], ids=["whole_months", "partial"])
@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_rollup_and_appeal_count_agree(tiny_store, repeats_store, name, params, period):
    for db in (tiny_store, repeats_store):
        served, counted = both_paths(db, name, {**params, **period})
        assert not served.empty
        pd.testing.assert_frame_equal(served, counted, check_dtype=False)


QUARTER = {"period_start": date(2016, 7, 1), "period_end": date(2016, 9, 30)}


@pytest.mark.parametrize("period", [WHOLE_YEAR, QUARTER], ids=["year", "quarter"])
@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_the_rollup_alone_answers_whole_months_as_counting_the_appeals_does(
    tiny_store, repeats_store, name, params, period
):
    """Where queries.rollup_answers says so, rolled.cells_in (the rollup without the appeal
    count) gives every query's figures as counting every appeal does."""
    for db in (tiny_store, repeats_store):
        given = {**NO_FILTERS, "as_of": LATEST, "data_as_of": LATEST, **params, **period}
        assert queries.rollup_answers(queries.bind(name, given))
        rolled = run_sql(db, name, given, queries.ROLLED_PATH)
        _, counted = both_paths(db, name, {**params, **period})
        assert not rolled.empty or period is QUARTER  # the tiny data has no collective in Q3
        pd.testing.assert_frame_equal(rolled, counted, check_dtype=False)


def test_partial_months_are_never_left_to_the_rollup_alone(tiny_store):
    given = {**NO_FILTERS, "as_of": LATEST, "data_as_of": LATEST, "group_by": "none", **PARTIAL}
    assert not queries.rollup_answers(queries.bind("summary_by_group", given))
    # and it matters: the rollup alone would miss the partial months' appeals
    rolled = run_sql(tiny_store, "summary_by_group", given, queries.ROLLED_PATH)
    counted = run_sql(tiny_store, "summary_by_group", given)
    assert int(rolled.n_received.sum()) < int(counted.n_received.sum())
    assert queries.execute("summary_by_group", given, tiny_store).equals(counted)


WHOLE = {
    "period_start": date(2016, 1, 1),
    "period_end": date(2016, 12, 31),
    "base_start": date(2015, 1, 1),
    "base_end": date(2015, 12, 31),
    "as_of": LATEST,
    "data_as_of": LATEST,
    "channels": [],
}


@pytest.mark.parametrize(
    "change",
    [
        {"period_start": date(2016, 1, 2)},
        {"period_end": date(2016, 12, 30)},
        {"base_end": date(2015, 12, 30)},
        {"as_of": LATEST - timedelta(days=1)},  # late judged on another day than the rollup's
        {"as_of": date(2016, 9, 15), "data_as_of": date(2016, 9, 15)},  # least(end, as_of)
        {"channels": ["paper"]},  # the rollup has no channel
        {"period_start": "2016-01-01"},  # not a date: not judged, so not trusted
        {"some_day": date(2016, 1, 1)},  # a date the rule does not know
        {"data_as_of": None},
    ],
)
def test_the_rollup_alone_is_chosen_only_for_whole_months_on_its_date(change):
    assert queries.rollup_answers(WHOLE)
    assert not queries.rollup_answers({**WHOLE, **change})


def test_queries_without_an_as_of_date_may_use_the_rollup_on_any_data_date():
    trend = {k: v for k, v in WHOLE.items() if k != "as_of"}
    assert queries.rollup_answers({**trend, "data_as_of": date(2016, 9, 15)})


def test_a_channel_filter_counts_the_appeals_and_matches_pandas(tiny_store):
    got = queries.execute(
        "summary_by_group",
        {**NO_FILTERS, **WHOLE_YEAR, "as_of": LATEST, "group_by": "none", "channels": ["paper"]},
        tiny_store,
    )
    df = current_state(tiny_frame())
    in_scope = (
        df.received_date.astype(str).str.startswith("2016")
        & (df.channel == "paper")
        & df.appeal_type.isin(["complaint", "application", "proposal"])
    )
    assert int(got.n_received.iloc[0]) == int(in_scope.sum())
    assert int(got.n_late.iloc[0]) == int((in_scope & pandas_late(df, LATEST)).sum())


@pytest.fixture
def store_without_appeals(tiny_store, tmp_path):
    """A copy of the tiny store whose appeal rows are gone; its rollup is kept."""
    db = tmp_path / "rollup_only.duckdb"
    shutil.copy(tiny_store, db)
    con = duckdb.connect(str(db))
    con.execute("delete from appeals")
    con.close()
    return db


def test_whole_months_on_the_latest_date_are_served_by_the_rollup(
    tiny_store, store_without_appeals
):
    params = {**NO_FILTERS, **WHOLE_YEAR, "as_of": LATEST, "group_by": "none"}
    full = queries.execute("summary_by_group", params, tiny_store)
    rollup_only = queries.execute("summary_by_group", params, store_without_appeals)
    assert int(rollup_only.n_received.iloc[0]) == int(full.n_received.iloc[0]) > 0


def test_another_as_of_date_and_partial_months_are_counted_from_the_appeals(
    store_without_appeals,
):
    other_day = {**NO_FILTERS, **WHOLE_YEAR, "as_of": LATEST - timedelta(days=1)}
    partial = {**NO_FILTERS, **PARTIAL, "as_of": LATEST}
    for params in (other_day, partial):
        got = queries.execute("deadlines_late_by_month", params, store_without_appeals)
        months = pd.to_datetime(got.received_month).dt.date
        start, end = params["period_start"], params["period_end"]
        partial_months = {date(start.year, start.month, 1), date(end.year, end.month, 1)}
        if params is other_day:  # nothing may come from the rollup
            assert got.empty
        else:  # the first and last months are partial: only the appeals could give them
            assert not partial_months & set(months)


def test_the_agreement_compares_real_repeats(repeats_store):
    # guards the agreement test above against comparing two columns of zeros
    params = {"group_by": "none", "group_by2": "none", "section": "", **BASES, **WHOLE_YEAR}
    served, _ = both_paths(repeats_store, "repeats_by_unit", params)
    df = current_state(repeats_frame())
    in_2016 = df.received_date.astype(str).str.startswith("2016")
    assert int(served.n_repeat.sum()) == int((in_2016 & df.repeat_of.notna()).sum()) > 0


@pytest.mark.parametrize("chosen", [["17.01.02"], ["17.01"], ["17"], ["17.01", "03.01"]])
def test_a_sub_topic_is_selected_by_itself_its_topic_and_its_section(tmp_path, chosen):
    """The filter reads the stored section_code and topic_code (a sub-topic's first two and
    five characters), on the rollup and on the appeals alike."""
    from conftest import build_store

    frame = tiny_frame()
    sub = frame[frame.appeal_id == "a1"].assign(appeal_id="s1", category_code="17.01.02")
    db = build_store(pd.concat([frame, sub], ignore_index=True), tmp_path)
    cur = current_state(pd.concat([frame, sub], ignore_index=True))
    want = cur[
        cur.category_code.isin(chosen)
        | cur.category_code.str[:2].isin(chosen)
        | cur.category_code.str[:5].isin(chosen)
    ]
    in_2016 = want.received_date.astype(str).str.startswith("2016")
    params = {**NO_FILTERS, **WHOLE_YEAR, "group_by": "none", "category_codes": chosen}
    served, counted = both_paths(db, "summary_by_group", params)
    assert int(served.n_received.sum()) == int(counted.n_received.sum()) == int(in_2016.sum())
