"""The review algorithm's rules (def_algorithm_*.sql, algorithm_*.sql) on the hand-made rows.

algorithm_rows() in conftest holds one compliant and one breaching answer per rule; each test
names them, and pandas recomputes each rule the plain way as the independent check.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import NO_FILTERS, algorithm_frame, current_state

from dashboard.analysis import algorithm
from dashboard.data import queries, schema

AS_OF = date(2016, 9, 30)
YEAR = {"period_start": date(2016, 1, 1), "period_end": date(2016, 12, 31), "as_of": AS_OF}
PARAMS = {**NO_FILTERS, "appeal_types": list(schema.EVALUATED_TYPES), **YEAR}


def by_body(db) -> pd.DataFrame:
    return queries.execute("algorithm_by_body", PARAMS, db)


def breaches(db, rules: list[str] | None = None) -> pd.DataFrame:
    params = {**PARAMS, "rules": rules or [], "limit": 1000, "offset": 0}
    return queries.execute("algorithm_breaches_by_appeal", params, db)


def pandas_rules() -> pd.DataFrame:
    """(appeal_id, rule, compliant) for every answer a rule applies to, the plain way."""
    cur = current_state(algorithm_frame())
    earlier = cur.set_index("appeal_id")["signed_level"]
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES) & cur.signed_level.notna()]
    cur = cur[(cur.received_date >= date(2016, 1, 1)) & (cur.received_date <= AS_OF)]
    top, first = {"deputy_head", "first_head"}, {"first_head"}
    out = []
    for r in cur.itertuples():
        repeat = pd.notna(r.repeat_of)
        before = earlier.get(r.repeat_of) if repeat else None
        checks = {
            "rule1": (repeat, r.signed_level in top),
            "rule2": (repeat and before == "deputy_head", r.signed_level in first),
            "rule3": (r.outcome == "refused", r.signed_level in top),
            "rule4": (bool(r.correspondence_ended), r.signed_level in first),
            "legal_basis": (pd.notna(r.cites_legal_basis), bool(r.cites_legal_basis)),
        }
        out += [(r.appeal_id, r.body_id, k, ok) for k, (applies, ok) in checks.items() if applies]
    return pd.DataFrame(out, columns=["appeal_id", "body_id", "rule", "compliant"])


@pytest.mark.parametrize(
    ("rule", "compliant", "breaching"),
    [
        ("rule1", "b2", "b4"),  # repeats: first head / unit head
        ("rule2", "b2", "b3"),  # repeats after a deputy's answer b1: first head / deputy
        ("rule3", "b6", "a2"),  # refusals: first head / unit head
        ("rule4", "b7", "b8"),  # correspondence ended: first head / deputy
        ("legal_basis", "b2", "b5"),  # cites the law / does not
    ],
)
def test_each_rule_tells_the_compliant_answer_from_the_breaching_one(
    algorithm_store, rule, compliant, breaching
):
    want = pandas_rules().query("rule == @rule").set_index("appeal_id")["compliant"]
    assert want[compliant] and not want[breaching]
    listed = breaches(algorithm_store, [rule])
    assert set(listed.appeal_id) == set(want[~want].index)
    assert breaching in set(listed.appeal_id) and compliant not in set(listed.appeal_id)


def test_rule2_needs_the_earlier_answer_signed_by_a_deputy(algorithm_store):
    # a5 repeats a1, which a unit head signed: rule 1 applies to a5, rule 2 does not
    got = pandas_rules()
    assert set(got[got.appeal_id == "a5"].rule) == {"rule1", "legal_basis"}
    assert set(got[got.rule == "rule2"].appeal_id) == {"b2", "b3"}


def test_counts_per_body_and_rule_equal_pandas(algorithm_store):
    got = algorithm.by_body_rule(by_body(algorithm_store), min_n=1)
    got = got.set_index(["body_id", "rule"])[["n", "compliant"]].sort_index()
    want = pandas_rules().groupby(["body_id", "rule"]).compliant.agg(["size", "sum"])
    want = want.rename(columns={"size": "n", "sum": "compliant"}).sort_index()
    got = got[got.n > 0]
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    akimat_27 = got.loc["akimat_27"]
    assert akimat_27.loc["rule1"].tolist() == [3, 2]  # b2 b3 comply, b4 breaches
    assert akimat_27.loc["rule2"].tolist() == [2, 1]


def test_the_breach_list_has_no_applicant_column(algorithm_store):
    listed = breaches(algorithm_store)
    assert not any("applicant" in c for c in listed.columns)
    assert int(listed.n_total.iloc[0]) == len(listed) == int((~pandas_rules().compliant).sum())


def test_breach_pages_are_consecutive_slices_of_one_newest_first_list(algorithm_store):
    whole = breaches(algorithm_store)
    want = pandas_rules().query("not compliant")
    assert sorted(zip(whole.appeal_id, whole.rule, strict=True)) == sorted(
        zip(want.appeal_id, want.rule, strict=True)
    )
    assert whole.received_date.is_monotonic_decreasing
    pages = [
        queries.execute(
            "algorithm_breaches_by_appeal",
            {**PARAMS, "rules": [], "limit": 2, "offset": offset},
            algorithm_store,
        )
        for offset in range(0, len(whole), 2)
    ]
    joined = pd.concat(pages, ignore_index=True)
    assert joined.astype(str).equals(whole.astype(str))  # text: an all-null page is typeless
    assert {int(p.n_total.iloc[0]) for p in pages} == {len(whole)}


def test_trend_and_totals_sum_the_bodies(algorithm_store):
    rows = by_body(algorithm_store)
    tot = algorithm.totals(rows)
    want = pandas_rules().groupby("rule").compliant.agg(["size", "sum"])
    assert tot.loc["rule4", "n"] == want.loc["rule4", "size"] == 2
    assert tot.loc["rule4", "share"] == pytest.approx(0.5)
    trend = algorithm.trend(rows)
    assert trend.groupby("rule").n.sum().to_dict() == tot.n.astype(int).to_dict()


def test_funnel_bands_mark_bodies_under_min_n_too_small(algorithm_store):
    per_body = algorithm.by_body_rule(by_body(algorithm_store))  # MIN_N 30: all small
    assert set(per_body.band) == {"too_small"}
    assert not per_body.ranked.any()
