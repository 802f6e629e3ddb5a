"""Helpers for AppTest page tests: the app on the tiny store, metric values by label."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import paths

ENTRY = Path(__file__).resolve().parents[1] / "streamlit_app.py"
TIMEOUT_S = 30


def app_on(store: Path, monkeypatch: pytest.MonkeyPatch, **query: str | list[str]) -> AppTest:
    """The whole app (shell and navigation) reading `store`, opened with URL params `query`."""
    monkeypatch.setattr(paths, "DEFAULT_DB", store)
    at = AppTest.from_file(str(ENTRY), default_timeout=TIMEOUT_S)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    """Run the shell once, then switch to `page` ("pages/overview.py") and run it."""
    at.run()
    assert not at.exception, at.exception
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def metrics_by_label(at: AppTest) -> dict[str, str]:
    """Every st.metric on the page: label -> displayed value."""
    return {m.label: m.value for m in at.metric}
