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
