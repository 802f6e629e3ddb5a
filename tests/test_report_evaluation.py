"""Ranking and review-algorithm slides: the evaluation and algorithm pages' own module output
for the same filters, on the tiny store with the algorithm rows (tests/conftest.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dashboard import i18n
from dashboard.analysis import algorithm, evaluation
from dashboard.data import codes, queries
from dashboard.data.filters import Filters
from dashboard.report import collegium, evaluation_sections
from dashboard.report.pack import Context, Quarter, Scope, execute_runner

AS_OF = date(2016, 9, 30)
PERIOD = Filters(date(2016, 1, 1), date(2016, 9, 30))


def context(db, scope: Scope, f: Filters = PERIOD) -> Context:
    def label(kind: str, code: str) -> str:
        return codes.labels(kind, "ru", db).get(code) or code

    return Context(scope.apply(f), Quarter(2016, 3), scope, AS_OF, "ru", label, execute_runner(db))


def run(db, name: str, f: Filters) -> object:
    return queries.execute(name, {**f.to_sql_params(), "as_of": AS_OF}, db)


@pytest.fixture
def rank_everyone(monkeypatch):
    """The tiny bodies have a few appeals each: rank them all (the page's min n is 30)."""
    monkeypatch.setattr(evaluation, "MIN_N", 1)


def test_local_ranking_slide_is_the_evaluation_pages_ranking(algorithm_store, rank_everyone):
    section = evaluation_sections.ranking_local(context(algorithm_store, Scope()))
    f = replace(PERIOD, levels=("local",))
    want = evaluation.ranking(
        run(algorithm_store, "evaluation_by_body", f),
        run(algorithm_store, "evaluation_by_body", f.previous_period()),
        evaluation.load_criteria(),
        1,
    )
    assert list(section.chart.series[0][1]) == list(want["score"])
    assert section.chart.series[0][1][0] == pytest.approx(100.0)  # akimat_51, by hand
    assert list(section.table.iloc[:, 0]) == [1, 2, 3]


def test_a_bodys_slide_ranks_it_among_its_whole_level(algorithm_store, rank_everyone):
    scope = Scope("body", "akimat_27")
    section = evaluation_sections.ranking_local(context(algorithm_store, scope))
    assert len(section.table) == 3  # akimat_19, _27, _51: the body filter is not applied
    rank = section.chart.highlight[0] + 1
    assert section.title == i18n.t(
        "collegium.ranking.title_body",
        rank=rank,
        of=3,
        level=i18n.t("collegium.ranking.title_local"),
    )
    assert evaluation_sections.ranking_central(context(algorithm_store, scope)) is None


def test_no_ranking_slide_when_no_body_reaches_the_pages_minimum(algorithm_store):
    assert evaluation_sections.ranking_local(context(algorithm_store, Scope())) is None


def test_algorithm_slide_is_the_algorithm_pages_totals(algorithm_store):
    section = evaluation_sections.algorithm_compliance(context(algorithm_store, Scope()))
    totals = algorithm.totals(run(algorithm_store, "algorithm_by_body", PERIOD))
    totals = totals[totals["n"] > 0]
    assert list(section.chart.series[0][1]) == list(totals["share"])
    assert list(section.table.iloc[:, 1]) == list(totals["n"].astype(int))
    assert section.small == tuple(range(len(totals)))  # every rule under 30 answers: grey


def test_the_pack_holds_ranking_and_algorithm_before_the_findings(algorithm_store, rank_everyone):
    pack = collegium.make_pack(Quarter(2016, 2), Scope(), "en", db_path=algorithm_store)
    keys = [s.key for s in pack.sections]
    assert keys.index("algorithm") == keys.index("findings") - 1
    assert "ranking_local" in keys
