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
