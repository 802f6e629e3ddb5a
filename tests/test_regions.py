"""Per-region analysis (queries/region_*.sql, dashboard/analysis/regions.py) against pandas."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from conftest import NO_FILTERS, current_state, pandas_late, tiny_frame

from dashboard.analysis import region_report, regions
from dashboard.data import queries, reference, schema

AS_OF = date(2016, 9, 30)
YEAR = {"period_start": date(2016, 1, 1), "period_end": date(2016, 12, 31), "as_of": AS_OF}
PARAMS = {**NO_FILTERS, "appeal_types": list(schema.EVALUATED_TYPES), **YEAR}


def runner(db):
    def run(name: str, **params: object) -> pd.DataFrame:
        return queries.execute(name, {**PARAMS, **params}, db)

    return run


def pandas_2016() -> pd.DataFrame:
    cur = current_state(tiny_frame())
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES)]
    return cur[(cur.received_date >= date(2016, 1, 1)) & (cur.received_date <= AS_OF)]


def test_metrics_by_region_equal_pandas(tiny_store):
    got = runner(tiny_store)("region_metrics_by_group", group_by="region", region_code="")
    got = got.set_index("group_code").sort_index()
    cur = pandas_2016().assign(late=lambda d: pandas_late(d, AS_OF))
    cur = cur.assign(rep=cur.repeat_of.notna(), sat=cur.outcome == "satisfied")
    g = cur.groupby("region_code")
    assert got.n_received.to_dict() == g.size().to_dict() == {"19": 6, "51": 2, "75": 2}
    assert got.n_late.to_dict() == g.late.sum().to_dict()
    assert got.n_repeat.to_dict() == g.rep.sum().to_dict()
    assert got.n_satisfied.to_dict() == g.sat.sum().to_dict()
    assert got.n_signatories.to_dict() == {"19": 40, "51": 0, "75": 0}  # a8, collective


def test_tiles_hold_the_regions_valid_in_the_period_with_rates(tiny_store):
    run = runner(tiny_store)
    tiles = region_report.region_tiles(run, date(2016, 1, 1), date(2016, 12, 31), AS_OF)
    assert len(tiles) == 16 and not {"61", "79", "10", "33", "62"} & set(tiles.region_code)
    pop = reference.population(2016)
    r19 = tiles.set_index("region_code").loc["19"]
    assert r19.per_10k == pytest.approx(6 / pop["19"] * 10_000)
    assert r19.collective_per_10k == pytest.approx(1 / pop["19"] * 10_000)
    later = regions.valid_regions(date(2018, 1, 1), date(2018, 12, 31))
    assert {"51", "61", "79"} <= set(later.region_code)  # 2018: before and after the split
    assert regions.ranked_by(tiles, "collective_per_10k")[0] == "19"


def test_location_quotient_is_the_regions_share_over_the_overall_share(tiny_store):
    run = runner(tiny_store)
    topics = run("region_metrics_by_group", group_by="category", region_code="19")
    every = run("region_metrics_by_group", group_by="category", region_code="")
    lq = regions.location_quotients(topics, every, min_n=1).set_index("category_code")
    cur = pandas_2016()
    reg = cur[cur.region_code == "19"].category_code.value_counts(normalize=True)
    nat = cur.category_code.value_counts(normalize=True)
    assert lq.loc["03.01", "lq"] == pytest.approx(reg["03.01"] / nat["03.01"])  # (5/6)/(6/10)
    assert lq.loc["03.01", "n_region"] == 5
    assert lq.small.sum() == 0
    assert regions.location_quotients(topics, every).small.all()  # MIN_N 30: all greyed


def test_topic_shift_counts_the_two_windows(tiny_store):
    shift = runner(tiny_store)("region_topic_shift_by_category", region_code="19")
    cur = current_state(tiny_frame())
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES) & (cur.region_code == "19")]
    recent = cur[(cur.received_date > date(2015, 9, 30)) & (cur.received_date <= AS_OF)]
    got = shift[shift.span == "recent"].set_index("category_code").n_received.to_dict()
    assert got == recent.category_code.value_counts().to_dict()
    assert set(shift.span) == {"recent"}  # nothing received a year before


def test_emerging_marks_a_significant_rise_and_not_noise():
    shift = pd.DataFrame(
        {
            "category_code": ["02.06", "02.06", "03.01", "03.01", "05.01", "05.01"],
            "span": ["recent", "before", "recent", "before", "recent", "before"],
            "n_received": [60, 10, 34, 30, 906, 960],
        }
    )
    em = regions.emerging(shift).set_index("category_code")
    p1, p0 = 60 / 1000, 10 / 1000
    pooled = 70 / 2000
    z = (p1 - p0) / np.sqrt(pooled * (1 - pooled) * (2 / 1000))
    assert em.loc["02.06", "z"] == pytest.approx(z)
    assert em.loc["02.06", "significant"] and not em.loc["03.01", "significant"]
    assert em.index[0] == "02.06"


def test_collective_totals_by_quarter_and_topic(tiny_store):
    rows = runner(tiny_store)("region_collective_by_quarter", region_code="19")
    coll = regions.collective(rows)
    assert (coll.n_collective, coll.n_signatories) == (1, 40)  # a8
    assert list(coll.by_topic.category_code) == ["02.02"]
    assert [pd.Timestamp(q).date() for q in coll.by_quarter.quarter_start] == [date(2016, 4, 1)]
    assert regions.collective(rows.iloc[0:0]).n_collective == 0


def test_region_report_refuses_a_region_not_valid_in_the_period(tiny_store):
    with pytest.raises(ValueError, match="not valid"):
        region_report.gather(
            runner(tiny_store), "79", date(2016, 1, 1), date(2016, 12, 31), AS_OF, None
        )


def test_two_sided_p_equals_scipys_normal_tail():
    from scipy.stats import norm  # the yardstick only: the dashboard computes it with math

    z = np.array([0.0, 1.96, -2.5, 8.0, np.nan])
    np.testing.assert_allclose(regions.two_sided_p(z), 2 * norm.sf(np.abs(z)), rtol=1e-12)
