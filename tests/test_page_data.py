"""AppTest of pages/data.py on the tiny store: snapshots, quality, definitions, references."""

from __future__ import annotations

from apptest_helpers import app_on, metrics_by_label, open_page

from dashboard import i18n
from dashboard.data import queries

PAGE = "pages/data.py"


def test_data_page_shows_the_stores_snapshots_and_counts(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch), PAGE)
    info = queries.store_info(tiny_store)
    shown = metrics_by_label(at)
    assert shown[i18n.t("data.n_snapshots")] == "2"
    assert shown[i18n.t("data.n_appeals")] == i18n.fmt_int(info.n_appeals)
    assert shown[i18n.t("data.latest_snapshot")] == "30.09.2016"
    assert at.get("plotly_chart"), "rows per snapshot are charted"


def test_data_page_reports_the_missing_due_date_warning(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch), PAGE)
    tables = at.get("table")
    text = " ".join(str(t.proto) for t in tables)
    # a11 has no due date: the quality report names it in plain Russian
    assert "a11" in text


def test_data_page_lists_the_definitions_in_the_language(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, lang="kk"), PAGE)
    text = " ".join(m.value for m in at.markdown)
    assert i18n.t("data.terms.late", "kk") in text


def test_national_user_reads_the_audit_log_newest_first(tiny_store, monkeypatch):
    from dashboard.data import audit

    audit.record("export", "chief", "xlsx", 12, ["Период: 2016"], "overdue list")
    audit.record("import", "loader", "csv", 40, detail="registry.csv")
    at = open_page(app_on(tiny_store, monkeypatch), PAGE)
    assert any(i18n.t("audit.title") in s.value for s in at.subheader)
    log = next(t.value for t in at.get("table") if "loader" in str(t.proto))
    assert list(log[i18n.t("audit.user")]) == ["loader", "chief"]  # newest first
    assert log[i18n.t("audit.action")].iloc[0] == i18n.t("audit.actions.import")
    assert log[i18n.t("audit.detail")].iloc[0] == "registry.csv"


def test_region_user_does_not_see_the_audit_log(tiny_store, monkeypatch, tmp_path):
    from dashboard.data import access, audit

    audit.record("export", "chief", "csv", 3)
    path = tmp_path / "access.yaml"
    path.write_text('users:\n  south: {role: region, regions: ["51"]}\n', encoding="utf-8")
    monkeypatch.setenv(access.ACCESS_ENV, str(path))
    monkeypatch.setenv(access.USER_ENV, "south")
    at = open_page(app_on(tiny_store, monkeypatch), PAGE)
    assert not any(i18n.t("audit.title") in s.value for s in at.subheader)
    assert "chief" not in " ".join(str(t.proto) for t in at.get("table"))
