"""The server load test (dashboard/perf/loadtest.py): real server, protocol-level sessions."""

from __future__ import annotations

from dashboard.perf import loadtest
from dashboard.ui.navigation import PAGES


def test_summary_gives_percentiles_per_page_and_counts_errors():
    a = loadtest.Tally(times_ms={"overview": [100.0, 300.0]}, errors=[])
    b = loadtest.Tally(times_ms={"overview": [200.0], "data": [50.0]}, errors=["boom"])
    r = loadtest.summarise([a, b], sessions=2, seconds=1)
    assert r["requests"] == 4 and r["errors"] == 1 and r["error_samples"] == ["boom"]
    assert r["pages"]["overview"]["p50_ms"] == 200.0
    assert r["pages"]["overview"]["max_ms"] == 300.0
    assert r["overall"]["n"] == 4


def test_loadtest_drives_every_page_on_the_real_server_without_errors(tiny_store):
    r = loadtest.run(sessions=2, seconds=6, env=loadtest.store_env(tiny_store))
    assert r["errors"] == 0, r["error_samples"]
    assert r["requests"] >= len(PAGES)
    assert set(r["pages"]) == {p.url or "overview" for p in PAGES}
    start = r["app_start"]  # spawn -> health check -> the overview's first run, in that order
    assert 0 < start["server_up_s"] < start["total_s"]
    assert start["total_s"] == start["server_up_s"] + start["first_page_s"]
    assert "app start: server up in" in loadtest.render(r)
