"""ranking, discipline and region on the command line: JSON keys, and the pages' figures."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_cli import run_cli

from dashboard.analysis import algorithm, evaluation
from dashboard.data import queries
from dashboard.data.filters import Filters

YEAR_2016 = Filters(date(2016, 1, 1), date(2016, 12, 31))
RANKING_KEYS = {
    "body_id",
    "name",
    "level",
    "n",
    "deadlines_met",
    "justified_repeat_share",
    "satisfied_share",
    "points_deadlines_met",
    "points_justified_repeats",
    "points_satisfied_share",
    "score",
    "rank",
    "previous_rank",
    "band_deadlines_met",
    "band_justified_repeats",
    "band_satisfied_share",
}


def test_ranking_json_has_the_issues_keys_and_the_pages_scores(algorithm_store, capsys):
    db = str(algorithm_store)
    code, out, _ = run_cli(
        capsys, "ranking", "--year", "2016", "--min-n", "1", "--json", "--db", db
    )
    assert code == 0
    bodies = json.loads(out)["bodies"]
    assert set(bodies[0]) == RANKING_KEYS
    rows = queries.run("evaluation_by_body", YEAR_2016, algorithm_store)
    prev = queries.run("evaluation_by_body", YEAR_2016.previous_period(), algorithm_store)
    page = evaluation.ranking(rows, prev, evaluation.load_criteria(), 1).set_index("body_id")
    for b in bodies:
        assert b["score"] == pytest.approx(page.loc[b["body_id"], "score"])
        assert b["rank"] == page.loc[b["body_id"], "rank"]
    local = [b["body_id"] for b in bodies if b["level"] == "local"]
    assert local == ["akimat_51", "akimat_27", "akimat_19"]


def test_ranking_level_and_period_options(algorithm_store, capsys):
    args = ["ranking", "--from", "2016-01-01", "--to", "2016-06-30", "--level", "central"]
    code, out, _ = run_cli(capsys, *args, "--json", "--db", str(algorithm_store))
    doc = json.loads(out)
    assert code == 0 and doc["period_end"] == "2016-06-30"
    assert {b["level"] for b in doc["bodies"]} == {"central"}


def test_discipline_json_per_body_and_rule(algorithm_store, capsys):
    code, out, _ = run_cli(
        capsys, "discipline", "--year", "2016", "--json", "--db", str(algorithm_store)
    )
    assert code == 0
    rows = json.loads(out)["bodies"]
    assert set(rows[0]) == {"body_id", "name", "level", "rule", "n", "compliant", "share", "band"}
    got = {(r["body_id"], r["rule"]): (r["n"], r["compliant"]) for r in rows}
    page = algorithm.by_body_rule(queries.run("algorithm_by_body", YEAR_2016, algorithm_store))
    page = page[page.n > 0]
    assert got == {(r.body_id, r.rule): (r.n, r.compliant) for r in page.itertuples()}
    assert got[("akimat_27", "rule4")] == (2, 1)


def test_region_json_and_text(tiny_store, capsys):
    code, out, _ = run_cli(
        capsys, "region", "19", "--year", "2016", "--json", "--db", str(tiny_store)
    )
    doc = json.loads(out)
    assert code == 0
    assert (doc["n_received"], doc["n_collective"], doc["n_signatories"]) == (6, 1, 40)
    assert doc["late_share"] == pytest.approx(2 / 6)  # a2 late, a4 open past due
    assert {b["body_id"] for b in doc["bodies"]} == {"akimat_19"}
    code, out, _ = run_cli(capsys, "region", "19", "--year", "2016", "--db", str(tiny_store))
    assert code == 0 and "Алматинская" in out


def test_region_brief_writes_a_self_contained_html(tiny_store, capsys, tmp_path):
    target = tmp_path / "brief.html"
    args = ["region", "19", "--year", "2016", "--brief", str(target), "--lang", "en"]
    code, _, _ = run_cli(capsys, *args, "--db", str(tiny_store))
    text = target.read_text(encoding="utf-8")
    assert code == 0 and text.startswith("<!DOCTYPE html>") and 'lang="en"' in text
    assert "plotly" in text.lower() and "<script src=" not in text  # plotly.js embedded
    assert "@page { size: A4" in text


def test_region_unknown_in_the_period_is_a_one_line_error(tiny_store, capsys):
    code, _, err = run_cli(capsys, "region", "79", "--year", "2016", "--db", str(tiny_store))
    assert code == 1 and err.startswith("error: region '79' is not valid")
