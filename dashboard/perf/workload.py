"""What the pages ask the store for: each page's query calls, for a set of filter states.

The benchmark runs exactly these calls, cache off; tests/test_bench.py fails when a page
calls a query (`queries.run("name", ...)` in pages/*.py) that is not listed here, so the
list cannot drift from the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from dashboard.analysis import overview, trends
from dashboard.data import thematic
from dashboard.data.filters import Filters


@dataclass(frozen=True)
class Call:
    """One query a page runs: its name and how its parameters follow from the filters."""

    page: str
    query: str
    params: Callable[[Filters, date, date], dict[str, Any]]  # (filters, data_start, as_of)
    label: str = ""  # what distinguishes two calls of one query on a page

    @property
    def key(self) -> str:
        """A unique name for reports: page.query[.label]."""
        return ".".join(p for p in (self.page, self.query, self.label) if p)


def _with(f: Filters, **extra: object) -> dict[str, Any]:
    return {**f.to_sql_params(), **extra}


def _summary(pick: Callable[[Filters], Filters], label: str, group_by: str = "none") -> Call:
    return Call(
        "overview",
        "summary_by_group",
        lambda f, _s, a: _with(pick(f), as_of=a, group_by=group_by),
        label,
    )


def _growth(group_by: str, years: int, label: str) -> Call:
    return Call(
        "trends",
        "trends_growth_by_group",
        lambda f, _s, _a: _with(f, group_by=group_by, **trends.base(trends.shift_years(f, years))),
        label,
    )


def _late_groups(group_by: str) -> Call:
    return Call(
        "deadlines",
        "deadlines_late_by_group",
        lambda f, _s, a: _with(f, as_of=a, group_by=group_by),
        group_by,
    )


HOTSPOT_UNIT = {
    "group_by": "region",
    "group_code": "19",
    "group_by2": "category",
    "group_code2": "03.01",
}  # the drill-down measured: a planted hotspot
THEMATIC_TOPIC = "03.01"  # the topic the thematic page is measured on


def _repeats(group_by: str, group_by2: str, label: str) -> Call:
    return Call(
        "repeats",
        "repeats_by_unit",
        lambda f, _s, _a: _with(
            f,
            group_by=group_by,
            group_by2=group_by2,
            section="",
            **trends.base(trends.shift_years(f, 1)),
        ),
        label,
    )


def _topic(f: Filters) -> Filters:
    return thematic.topic_filters(f, THEMATIC_TOPIC)


_REPEATS_CALLS: tuple[Call, ...] = (
    _repeats("region", "category", "units"),
    _repeats("region", "section", "heatmap"),
    Call("repeats", "repeats_chains", lambda f, _s, _a: _with(f, **HOTSPOT_UNIT)),
    Call(
        "repeats",
        "appeals_by_unit",
        lambda f, _s, a: _with(f, **HOTSPOT_UNIT, as_of=a, only_repeats=True, limit=50, offset=0),
    ),
)
_THEMATIC_CALLS: tuple[Call, ...] = (
    Call(
        "thematic",
        "summary_by_group",
        lambda f, _s, a: _with(_topic(f), as_of=a, group_by="body"),
        "bodies",
    ),
    Call(
        "thematic",
        "trends_received_by_period",
        lambda f, _s, _a: _with(_topic(f), grain="year", breakdown="region"),
        "regions",
    ),
    Call(
        "thematic",
        "trends_received_by_period",
        lambda f, _s, _a: _with(_topic(trends.history_filters(f)), grain="month", breakdown="none"),
        "topic_months",
    ),
    Call(
        "thematic",
        "trends_received_by_period",
        lambda f, _s, _a: _with(
            thematic.every_topic(trends.history_filters(f)), grain="month", breakdown="none"
        ),
        "all_months",
    ),
    Call("thematic", "thematic_answers", lambda f, _s, _a: _with(_topic(f))),
    Call(
        "thematic",
        "repeats_by_unit",
        lambda f, _s, _a: _with(
            _topic(f),
            group_by="region",
            group_by2="none",
            section="",
            **trends.base(trends.shift_years(f, 1)),
        ),
    ),
    Call(
        "thematic",
        "trends_growth_by_group",
        lambda f, _s, _a: _with(
            thematic.every_topic(f),
            group_by="category",
            **trends.base(trends.shift_years(f, 1)),
        ),
    ),
    Call(
        "thematic",
        "appeals_by_unit",
        lambda f, _s, a: _with(
            _topic(f),
            group_by="none",
            group_code="all",
            group_by2="none",
            group_code2="all",
            as_of=a,
            only_repeats=False,
            limit=50,
            offset=0,
        ),
    ),
)

CALLS: tuple[Call, ...] = (
    _summary(lambda f: f, "now"),
    _summary(lambda f: f.previous_period(), "previous"),
    _summary(lambda f: f.same_period_last_year(), "last_year"),
    _summary(lambda f: f, "levels", "level"),
    Call(
        "overview",
        "overview_trend_by_month",
        lambda f, s, _a: overview.trend_filters(f, s).to_sql_params(),
    ),
    _growth("type", 1, "type_1y"),
    _growth("type", trends.HISTORY_YEARS, "type_3y"),
    _growth("section", 1, "section_1y"),
    Call(
        "trends",
        "trends_received_by_period",
        lambda f, _s, _a: _with(trends.fetch_filters(f), grain="month", breakdown="type"),
    ),
    Call("deadlines", "deadlines_late_by_month", lambda f, _s, a: _with(f, as_of=a), "now"),
    Call(
        "deadlines",
        "deadlines_late_by_month",
        lambda f, _s, a: _with(trends.shift_years(f, 1), as_of=a),
        "year_before",
    ),
    Call("deadlines", "deadlines_backlog_by_age", lambda f, _s, a: _with(f, as_of=a)),
    _late_groups("body"),
    _late_groups("region"),
    Call(
        "deadlines",
        "deadlines_overdue_by_appeal",
        lambda f, _s, a: _with(f, as_of=a, limit=10_000, offset=0),
    ),
    *_REPEATS_CALLS,
    *_THEMATIC_CALLS,
    Call("evaluation", "evaluation_by_body", lambda f, _s, a: _with(f, as_of=a), "now"),
    Call(
        "evaluation",
        "evaluation_by_body",
        lambda f, _s, a: _with(f.previous_period(), as_of=a),
        "previous",
    ),
    Call("evaluation", "algorithm_by_body", lambda f, _s, a: _with(f, as_of=a), "card"),
    Call("algorithm", "algorithm_by_body", lambda f, _s, a: _with(f, as_of=a)),
    Call(
        "algorithm",
        "algorithm_breaches_by_appeal",
        lambda f, _s, a: _with(f, as_of=a, rules=[], limit=50, offset=0),
    ),
    *(
        Call(
            "regions",
            "region_metrics_by_group",
            lambda f, _s, a, g=group, r=region: _with(f, as_of=a, group_by=g, region_code=r),
            f"{group}_{region or 'all'}",
        )
        for group, region in (("region", ""), ("category", "75"), ("category", ""), ("body", "75"))
    ),
    Call(
        "regions",
        "region_topic_shift_by_category",
        lambda f, _s, a: _with(f, as_of=a, region_code="75"),
    ),
    Call(
        "regions",
        "region_collective_by_quarter",
        lambda f, _s, a: _with(f, as_of=a, region_code="75"),
    ),
    Call("data", "data_snapshots", lambda _f, _s, _a: {}),
    Call("data", "data_quality_report", lambda _f, _s, _a: {}),
    Call("data", "data_quality_unknowns", lambda _f, _s, _a: {}),
)


@dataclass(frozen=True)
class State:
    """A filter state the benchmark measures every call under."""

    name: str
    filters: Filters


def states(year: int) -> tuple[State, ...]:
    """All data for a year; its last quarter; one region; one topic section; one body."""
    whole = Filters(date(year, 1, 1), date(year, 12, 31))
    return (
        State("year", whole),
        State("quarter", replace(whole, period_start=date(year, 10, 1))),
        State("region", replace(whole, region_codes=("75",))),
        State("section", replace(whole, category_codes=("02",))),
        State("body", replace(whole, body_ids=("mvd",))),
    )
