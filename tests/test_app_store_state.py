"""The app tells the user when its store lags behind the snapshot folder (streamlit_app.py)."""

from __future__ import annotations

from datetime import date

from conftest import tiny_frame, write_snapshots
from streamlit.testing.v1 import AppTest
from test_store import next_snapshot

from dashboard import i18n, paths
from dashboard.data import store
from tests.apptest_helpers import ENTRY, TIMEOUT_S


def _app_on_folder(folder, monkeypatch) -> AppTest:
    monkeypatch.setattr(paths, "GENERATED_DIR", folder)
    monkeypatch.setattr(paths, "SNAPSHOTS_DIR", folder / "snapshots")
    monkeypatch.setattr(paths, "DEFAULT_DB", folder / "appeals.duckdb")
    return AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT_S)


def test_snapshot_the_store_lacks_is_announced_in_every_language(tmp_path, monkeypatch):
    write_snapshots(tiny_frame(), tmp_path / "snapshots")
    store.build(tmp_path / "appeals.duckdb", tmp_path / "snapshots", paths.REFERENCE_DIR)
    at = _app_on_folder(tmp_path, monkeypatch).run()
    assert not at.exception and not at.warning
    write_snapshots(next_snapshot(), tmp_path / "snapshots")  # dropped in, store not rebuilt
    for lang, word in (("ru", "Перестройте"), ("kk", "қайта құрыңыз"), ("en", "Rebuild")):
        day = i18n.fmt_date(date(2016, 12, 31), lang)
        at = _app_on_folder(tmp_path, monkeypatch)
        at.query_params["lang"] = lang
        at.run()
        assert not at.exception
        shown = " ".join(w.value for w in at.warning)
        assert day in shown and word in shown


def test_missing_store_says_how_to_build_it_in_the_users_language(tmp_path, monkeypatch):
    for lang, word in (
        ("ru", "Данных пока нет"),
        ("kk", "Деректер әлі жоқ"),
        ("en", "No data yet"),
    ):
        at = _app_on_folder(tmp_path, monkeypatch)
        at.query_params["lang"] = lang
        at.run()
        assert not at.exception
        shown = " ".join(e.value for e in at.error)
        assert word in shown and "python -m dashboard generate" in shown
        assert str(tmp_path) not in shown  # no server path on a user's screen


def test_store_of_an_older_layout_asks_for_a_rebuild_not_a_traceback(tmp_path, monkeypatch):
    write_snapshots(tiny_frame(), tmp_path / "snapshots")
    store.build(tmp_path / "appeals.duckdb", tmp_path / "snapshots", paths.REFERENCE_DIR)
    monkeypatch.setattr(store, "STORE_VERSION", store.STORE_VERSION + 1)
    at = _app_on_folder(tmp_path, monkeypatch).run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "Перестройте" in shown and "python -m dashboard build" in shown
    assert not at.metric  # no page ran on the stale store
