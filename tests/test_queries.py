"""The query layer: binding, caching per store build, and the headers of every SQL file."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import paths
from dashboard.data import queries, sql

SQL_FILES = sorted(paths.QUERIES_DIR.glob("*.sql"))
TESTS_TEXT = "\n".join(p.read_text() for p in paths.ROOT.joinpath("tests").glob("*.py"))

FILTERS = {
    "period_start": date(2016, 1, 1),
    "period_end": date(2016, 12, 31),
    "levels": [],
    "body_ids": [],
    "region_codes": [],
    "category_codes": [],
    "appeal_types": ["complaint", "application"],
    "channels": [],
}


class Params:
    """A stand-in for Filters: anything with to_sql_params()."""

    def to_sql_params(self):
        return dict(FILTERS)


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.stem)
def test_every_sql_file_has_a_header_matching_its_statement(path):
    text = path.read_text()
    header = sql.parse_header(text)
    assert header.purpose, "first line says what the query is for"
    assert header.output, "an `-- output:` line names the result columns"
    assert "params:" in text
    assert header.params == sql.statement_params(text)


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.stem)
def test_every_sql_file_is_exercised_by_a_test(path):
    stem = path.stem
    used_by_store = stem.startswith(("def_", "ref_", "stg_", "rollup_"))
    assert used_by_store or f'"{stem}"' in TESTS_TEXT, f"no test runs queries/{stem}.sql"


def test_run_binds_filters_and_defaults_as_of_to_latest_snapshot(tiny_store):
    df = queries.run("summary_by_group", Params(), tiny_store, group_by="none")
    assert int(df.n_received[0]) == 10
    assert int(df.n_backlog[0]) == 3  # as of 2016-09-30, the latest snapshot


def test_run_as_of_changes_the_answer(tiny_store):
    df = queries.run(
        "summary_by_group", Params(), tiny_store, group_by="none", as_of=date(2016, 7, 1)
    )
    # on 1 July: a3, a4, a12 open; a4 not yet due; a2 already late
    assert int(df.n_backlog[0]) == 3
    assert int(df.n_late[0]) == 1


def test_run_returns_a_copy_callers_may_change(tiny_store):
    first = queries.run("summary_by_group", Params(), tiny_store, group_by="none")
    first.loc[0, "n_received"] = -1
    again = queries.run("summary_by_group", Params(), tiny_store, group_by="none")
    assert int(again.n_received[0]) == 10


def test_missing_parameter_is_named():
    with pytest.raises(queries.QueryError, match="period_end"):
        queries.bind("summary_by_group", {"period_start": date(2016, 1, 1)})


def test_query_names_cannot_reach_outside_queries_folder():
    with pytest.raises(ValueError, match="not a query name"):
        sql.load_sql("../README")


def test_queries_share_one_duckdb_instance_per_store_build(tiny_store):
    key = queries.store_key(tiny_store)
    queries.execute(
        "summary_by_group", {**FILTERS, "as_of": date(2016, 9, 30), "group_by": "none"}, tiny_store
    )
    first = queries._instance(key)
    queries.execute("data_snapshots", {}, tiny_store)
    assert queries._instance(key) is first


def test_cli_process_never_imports_streamlit():
    import subprocess
    import sys

    code = "import sys; from dashboard import cli; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
