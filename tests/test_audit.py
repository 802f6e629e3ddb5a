"""The audit log (data/audit.py): append-only JSON lines, newest first when read."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard.data import audit


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "audit" / "audit.jsonl"
    monkeypatch.setenv(audit.AUDIT_ENV, str(path))
    return path


def test_entries_are_appended_and_read_newest_first(log):
    audit.record("export", "chief", "xlsx", 12, ["Период: 2016"], "deadlines overdue list")
    audit.record("import", "loader", "csv", 1000, detail="registry_ru")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["filters"] == ["Период: 2016"]
    newest = audit.read()
    assert [e["action"] for e in newest] == ["import", "export"]
    assert newest[1]["user"] == "chief" and newest[1]["rows"] == 12


def test_recording_never_rewrites_earlier_entries(log):
    audit.record("report", "chief", "pptx", 9)
    first = log.read_bytes()
    audit.record("report", "chief", "xlsx", 9)
    assert log.read_bytes().startswith(first)


def test_concurrent_writers_never_interleave_lines(log):
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: audit.record("export", f"u{i}", "csv", i, ["x" * 500]), range(200)))
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(e["rows"] for e in entries) == list(range(200))


def test_unknown_action_is_refused(log):
    with pytest.raises(ValueError, match="export"):
        audit.record("delete", "x", "csv", 0)
    assert not log.exists()


def test_reading_a_missing_log_gives_nothing(log):
    assert audit.read() == []


def test_an_export_is_logged_with_its_user_filters_type_and_rows(log, monkeypatch):
    from datetime import date

    import pandas as pd

    from dashboard.data.filters import Filters
    from dashboard.ui import page

    monkeypatch.setattr(page, "label", lambda _kind, code: code)
    f = Filters(date(2016, 1, 1), date(2016, 12, 31), region_codes=("75",))
    get = page._audited(lambda: pd.DataFrame({"appeal_id": ["a", "b", "c"]}), "overdue", f, "xlsx")
    assert audit.read() == []  # nothing is logged until the file is built (a click)
    assert len(get()) == 3
    entry = audit.read()[0]
    assert (entry["action"], entry["user"], entry["file_type"], entry["rows"]) == (
        "export",
        "local",
        "xlsx",
        3,
    )
    assert entry["detail"] == "overdue" and any("75" in line for line in entry["filters"])
