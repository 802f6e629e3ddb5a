"""The evaluation ranking (dashboard/analysis/evaluation.py) against the formula by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import yaml
from conftest import NO_FILTERS, algorithm_frame, current_state, pandas_late

from dashboard import paths
from dashboard.analysis import evaluation
from dashboard.data import queries, schema

AS_OF = date(2016, 9, 30)
YEAR = {"period_start": date(2016, 1, 1), "period_end": date(2016, 12, 31), "as_of": AS_OF}
EVALUATED = {**NO_FILTERS, "appeal_types": list(schema.EVALUATED_TYPES)}


def rows(db, **params) -> pd.DataFrame:
    return queries.execute("evaluation_by_body", {**EVALUATED, **YEAR, **params}, db)


def pandas_criteria() -> pd.DataFrame:
    """The three criteria per body of 2016, written the plain way from the raw rows."""
    cur = current_state(algorithm_frame())
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES)]
    cur = cur[(cur.received_date >= date(2016, 1, 1)) & (cur.received_date <= AS_OF)]
    cur = cur.assign(
        late=pandas_late(cur, AS_OF),
        jr=cur.repeat_of.notna() & (cur.justified == True),  # noqa: E712 (None is not True)
        sat=cur.outcome == "satisfied",
    )
    g = cur.groupby(["body_id", "body_level"])
    out = pd.DataFrame({"n": g.size(), "late": g.late.sum(), "jr": g.jr.sum(), "sat": g.sat.sum()})
    out["met"] = 1 - out.late / out.n
    out["jr_share"], out["sat_share"] = out.jr / out.n, out.sat / out.n
    return out.reset_index()


def hand_points(v: pd.Series, higher_is_better: bool) -> pd.Series:
    lo, hi = v.min(), v.max()
    if hi == lo:
        return pd.Series(100.0, index=v.index)
    return (v - lo) / (hi - lo) * 100 if higher_is_better else (hi - v) / (hi - lo) * 100


def test_evaluation_query_counts_equal_pandas(algorithm_store):
    got = evaluation.by_body(rows(algorithm_store)).set_index("body_id").sort_index()
    want = pandas_criteria().set_index("body_id").sort_index()
    assert list(got.n_received) == list(want.n)
    assert list(got.n_late) == list(want.late)
    assert list(got.n_justified_repeat) == list(want.jr)
    assert list(got.n_satisfied) == list(want.sat)


def test_ranking_of_three_local_bodies_equals_the_formula_by_hand(algorithm_store):
    criteria = evaluation.load_criteria()
    w = {c.id: c.weight for c in criteria}
    ranked = evaluation.ranking(rows(algorithm_store), rows(algorithm_store, **{}), criteria, 1)
    got = ranked[ranked.body_level == "local"].set_index("body_id")
    want = pandas_criteria().query("body_level == 'local'").set_index("body_id")
    assert sorted(want.index) == ["akimat_19", "akimat_27", "akimat_51"]
    score = (
        w["deadlines_met"] * hand_points(want.met, True)
        + w["justified_repeats"] * hand_points(want.jr_share, False)
        + w["satisfied_share"] * hand_points(want.sat_share, True)
    )
    # by hand: akimat_51 100; akimat_27 0.3334·100 + 0.3333·12.5 = 37.50...; akimat_19 33.33
    assert score["akimat_51"] == pytest.approx(100.0)
    assert score["akimat_27"] == pytest.approx(33.34 + 0.3333 * 12.5)
    assert score["akimat_19"] == pytest.approx(33.33)
    pd.testing.assert_series_equal(
        got.score.sort_index(), score.sort_index(), check_names=False, check_dtype=False
    )
    assert got["rank"].to_dict() == {"akimat_51": 1, "akimat_27": 2, "akimat_19": 3}
    assert list(ranked[ranked.body_level == "local"].body_id) == [
        "akimat_51",
        "akimat_27",
        "akimat_19",
    ]


def with_weights(tmp_path, **weights: float):
    spec = yaml.safe_load((paths.REFERENCE_DIR / "evaluation.yaml").read_text(encoding="utf-8"))
    for c in spec["criteria"]:
        c["weight"] = weights.get(c["id"], c["weight"])
    path = tmp_path / "evaluation.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return evaluation.load_criteria(path)


def central_order(db, criteria) -> list[str]:
    ranked = evaluation.ranking(rows(db), rows(db), criteria, 1)
    return list(ranked[ranked.body_level == "central"].body_id)


def test_a_weight_read_from_the_yaml_changes_the_order(algorithm_store, tmp_path):
    # mvd: all satisfied but a justified repeat; minjust: no repeat, none satisfied
    repeats_weigh = with_weights(tmp_path, justified_repeats=0.5, satisfied_share=0.1666)
    satisfied_weighs = with_weights(tmp_path, justified_repeats=0.1666, satisfied_share=0.5)
    assert central_order(algorithm_store, repeats_weigh) == ["minjust", "mvd"]
    assert central_order(algorithm_store, satisfied_weighs) == ["mvd", "minjust"]


def test_weights_in_the_reference_sum_to_one():
    assert sum(c.weight for c in evaluation.load_criteria()) == pytest.approx(1.0, abs=1e-9)


def test_points_are_100_when_every_body_is_equal_and_reversed_when_lower_is_better():
    same = evaluation.points(pd.Series([0.2, 0.2]), higher_is_better=True)
    assert list(same) == [100.0, 100.0]
    lower = evaluation.points(pd.Series([0.1, 0.3, 0.2]), higher_is_better=False)
    assert list(lower.round(6)) == [100.0, 0.0, 50.0]


def test_bodies_under_min_n_are_neither_scored_nor_ranked(tiny_store):
    criteria = evaluation.load_criteria()
    ranked = evaluation.ranking(rows(tiny_store), rows(tiny_store), criteria, min_n=3)
    small = ranked[ranked.n_received < 3]
    assert set(small.body_id) == {"mvd", "akimat_51"}
    assert small["rank"].isna().all() and small.score.isna().all()
    assert set(small.band_deadlines_met) == {"too_small"}
    big = ranked.set_index("body_id").loc["akimat_19"]
    assert big["rank"] == 1 and big.score == pytest.approx(100.0)  # alone in its level


def test_previous_rank_comes_from_the_previous_period(algorithm_store):
    criteria = evaluation.load_criteria()
    prev = rows(algorithm_store, period_start=date(2015, 1, 1), period_end=date(2015, 12, 31))
    assert set(prev.body_id) == {"akimat_19"}  # a10 only
    ranked = evaluation.ranking(rows(algorithm_store), prev, criteria, 1).set_index("body_id")
    assert ranked.loc["akimat_19", "previous_rank"] == 1
    assert ranked.loc["akimat_19", "rank_change"] == 1 - 3
    assert pd.isna(ranked.loc["mvd", "previous_rank"])


def test_quarterly_card_splits_a_body_by_quarter_of_receipt(algorithm_store):
    q = evaluation.quarterly(rows(algorithm_store), "akimat_27")
    assert [d.month for d in pd.to_datetime(q.quarter_start)] == [1, 4, 7]
    assert list(q.n_received) == [2, 4, 2]  # b1 b5 | b2 b3 b4 b6 | b7 b8
