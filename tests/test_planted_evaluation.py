"""On the full default data, the regions, evaluation and algorithm analyses find what was planted.

The patterns are in dashboard/data/synth_profile.yaml under `planted`; every expectation
below is read from there, not written by hand.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from dashboard import paths
from dashboard.analysis import algorithm, evaluation, region_report, regions
from dashboard.data import queries
from dashboard.data.filters import Filters

PLANTED = yaml.safe_load((paths.ROOT / "dashboard/data/synth_profile.yaml").read_text())["planted"]
AS_OF = date(2017, 9, 30)
YEAR_2016 = Filters(date(2016, 1, 1), date(2016, 12, 31))
pytestmark = pytest.mark.default_data


def runner(db, f: Filters):
    def run(name: str, **params: object):
        return queries.execute(name, {**f.to_sql_params(), "as_of": AS_OF, **params}, db)

    return run


def body_levels() -> dict[str, str]:
    from dashboard.data import reference

    bodies = reference.table("bodies")
    return dict(zip(bodies.body_id, bodies.level, strict=True))


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2016, 1, 1), date(2016, 12, 31)), (date(2017, 1, 1), date(2017, 9, 30))],
)
def test_the_planted_emerging_topic_is_found_in_its_regions_after_its_start(
    default_store, start, end
):
    topic = PLANTED["emerging_topic"]
    assert date.fromisoformat(str(topic["start"])) < end
    run = runner(default_store, Filters(start, end))
    for code in topic["region_codes"]:
        found = regions.emerging(run("region_topic_shift_by_category", region_code=code))
        top = found[found.significant].category_code.iloc[0]
        assert top == topic["category_code"], f"region {code}: top emerging {top}"


def test_the_emerging_topic_is_not_found_before_its_start(default_store):
    topic = PLANTED["emerging_topic"]
    run = runner(default_store, Filters(date(2015, 1, 1), date(2015, 12, 31)))
    for code in topic["region_codes"]:
        found = regions.emerging(run("region_topic_shift_by_category", region_code=code))
        assert topic["category_code"] not in set(found[found.significant].category_code)


def test_the_collective_surge_region_is_first_on_collective_appeals_per_10k(default_store):
    run = runner(default_store, YEAR_2016)
    tiles = region_report.region_tiles(run, YEAR_2016.period_start, YEAR_2016.period_end, AS_OF)
    surge = PLANTED["collective_surge"]["region_code"]
    assert regions.ranked_by(tiles, "collective_per_10k")[0] == surge


def test_the_planted_late_bodies_have_the_lowest_deadlines_points_of_their_level(default_store):
    run = runner(default_store, YEAR_2016)
    prev = runner(default_store, YEAR_2016.previous_period())
    ranked = evaluation.ranking(
        run("evaluation_by_body"), prev("evaluation_by_body"), evaluation.load_criteria()
    )
    levels = body_levels()
    for planted in PLANTED["late_bodies"]:
        body = planted["body_id"]
        level = ranked[ranked.body_level == levels[body]]
        worst = level.sort_values("points_deadlines_met").body_id.iloc[0]
        assert worst == body
        assert level.set_index("body_id").loc[body, "points_deadlines_met"] == 0


def test_the_planted_algorithm_breakers_have_the_lowest_compliance(default_store):
    per_body = algorithm.by_body_rule(runner(default_store, YEAR_2016)("algorithm_by_body"))
    pooled = per_body.groupby(["body_level", "body_id"])[["n", "compliant"]].sum()
    pooled["share"] = pooled.compliant / pooled.n
    levels = body_levels()
    for planted in PLANTED["algorithm_breakers"]:
        body = planted["body_id"]
        level = pooled.loc[levels[body]].sort_values("share")
        assert level.index[0] == body
        for rule in ("rule1", "rule3", "legal_basis"):
            one = per_body[(per_body.rule == rule) & (per_body.body_level == levels[body])]
            assert one.sort_values("share").body_id.iloc[0] == body, rule
