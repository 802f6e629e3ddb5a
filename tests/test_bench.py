"""The benchmark (dashboard/perf): its workload matches the pages, its pandas yardstick
computes the same numbers as the store, and quick mode runs end to end with ratio keys."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest

from dashboard import cli, paths
from dashboard.data import queries
from dashboard.perf import bench, pandas_baseline, workload

PAGE_QUERY = re.compile(r"queries\.run\(\s*\"([a-z0-9_]+)\"")


def test_workload_lists_every_query_a_page_runs():
    used = {
        name
        for page in paths.ROOT.joinpath("pages").glob("*.py")
        for name in PAGE_QUERY.findall(page.read_text(encoding="utf-8"))
    }
    listed = {c.query for c in workload.CALLS}
    assert used - listed == set(), "add these page queries to dashboard/perf/workload.py"


def test_workload_call_keys_are_unique():
    keys = [c.key for c in workload.CALLS]
    assert len(keys) == len(set(keys))


@pytest.fixture(scope="module")
def tiny_frames(tiny_store):
    return pandas_baseline.load(tiny_store.parent / "snapshots")


def _calls(tiny_store):
    info = queries.store_info(tiny_store)
    for state in workload.states(2016):
        for call in workload.CALLS:
            if call.query in pandas_baseline.TWINS:
                params = {"as_of": info.latest_snapshot}
                params |= call.params(state.filters, info.first_received, info.latest_snapshot)
                yield f"{state.name}:{call.key}", call.query, params


def _comparable(df: pd.DataFrame, key: str) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if col.startswith("n_"):
            out[col] = out[col].astype("int64")
        elif col in ("received_month",):
            out[col] = pd.to_datetime(out[col])
        elif col.endswith("_share"):
            out[col] = out[col].astype(float).round(12)
    return out.sort_values(key).reset_index(drop=True)


def test_pandas_twins_give_the_stores_numbers_for_every_state(tiny_store, tiny_frames):
    checked = 0
    for label, query, params in _calls(tiny_store):
        ours = queries.execute(query, params, tiny_store)
        twin = pandas_baseline.TWINS[query](tiny_frames, params)
        key = ours.columns[0]
        columns = [c for c in twin.columns if c in ours.columns]
        got, want = _comparable(twin[columns], key), _comparable(ours[columns], key)
        pd.testing.assert_frame_equal(got, want, check_dtype=False, obj=label)
        checked += 1
    assert checked >= 5 * len(pandas_baseline.TWINS)


def test_page_totals_take_the_slowest_state_per_page():
    calls = [("a", "overview.x", "x", {}), ("b", "overview.x", "x", {})]
    warm = {"overview.x": [1.0, 3.0, 10.0, 30.0]}  # state a: 1, 3; state b: 10, 30
    assert bench._page_totals(calls, warm, repeat=2) == {"overview": 20.0}


def test_quick_mode_fails_only_on_ratios():
    good = {"median_speed_ratio": 8.0, "memory_ratio": 5.0}
    assert bench.gross_regression(good) is None
    assert "speed_ratio" in bench.gross_regression({**good, "median_speed_ratio": 1.2})
    assert "memory_ratio" in bench.gross_regression({**good, "memory_ratio": 1.1})


def test_bench_quick_json_runs_end_to_end_with_named_ratios(tmp_path, monkeypatch, capsys):
    """A small dataset keeps this fast; the CI-sized run is the test marked `bench` below."""
    monkeypatch.setattr(paths, "GENERATED_DIR", tmp_path)
    code = cli.main(["bench", "--rows", "20000", "--quick", "--repeat", "1", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code in (0, 3)  # 20 000 rows are too few for the ratio floor to mean anything
    assert {"median_speed_ratio", "memory_ratio"} <= result.keys()
    assert all("speed_ratio" in q for q in result["queries"] if "pandas_median_ms" in q)
    assert result["rows"] > 15_000 and result["machine"]["cores"] >= 1
    assert {"overview", "trends", "deadlines", "data"} <= result["page_ms"].keys()


@pytest.mark.bench
def test_bench_1m_quick_passes_against_pandas(tmp_path_factory, monkeypatch, capsys):
    monkeypatch.setattr(paths, "GENERATED_DIR", tmp_path_factory.mktemp("bench"))
    code = cli.main(["bench", "--rows", "1M", "--quick", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0, bench.gross_regression(result)
    assert result["median_speed_ratio"] >= bench.QUICK_MIN_SPEED_RATIO
    assert result["rows"] >= 999_000 and result["date"] == date.today().isoformat()


def test_the_next_quarter_export_adds_new_appeals_a_quarter_on(tiny_store):
    """The incremental-add measurement imports a valid export of the following quarter."""
    from conftest import tiny_frame

    from dashboard.data import schema
    from dashboard.perf import incremental

    snapshots = tiny_store.parent / "snapshots"
    frame, when = incremental.next_quarter(snapshots, rows=5)
    assert when == date(2016, 12, 31) and len(frame) == 5
    assert schema.validate(frame, {}) == []
    assert not set(frame.appeal_id) & set(tiny_frame().appeal_id)
    assert (pd.to_datetime(frame.received_date) <= pd.Timestamp(when)).all()
    result = incremental.measure(snapshots, tiny_store, rows=5)
    n_before = queries.store_info(tiny_store).n_appeals
    assert result["rows_added"] == 5 and result["store_appeals"] == n_before + 5
