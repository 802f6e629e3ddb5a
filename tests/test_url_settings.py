"""Page-level settings live in the URL like the sidebar filters (issue 8, item 13)."""

from __future__ import annotations

from datetime import date

from apptest_helpers import app_on, open_page


def url(at) -> dict[str, str]:
    return {k: at.query_params[k] for k in at.query_params}


def test_a_shared_deadlines_link_reopens_its_as_of_date_and_grouping(tiny_store, monkeypatch):
    query = {"from": "2016-01-01", "as_of": "2016-07-01", "grouping": "region"}
    at = open_page(app_on(tiny_store, monkeypatch, **query), "pages/deadlines.py")
    assert at.date_input(key="deadlines_as_of").value == date(2016, 7, 1)
    assert at.radio(key="deadlines_grouping").value == "region"
    assert url(at)["as_of"] in ("2016-07-01", ["2016-07-01"])


def test_changing_a_page_setting_writes_it_to_the_url_and_the_default_clears_it(
    tiny_store, monkeypatch
):
    at = open_page(app_on(tiny_store, monkeypatch), "pages/deadlines.py")
    assert "grouping" not in url(at) and "as_of" not in url(at)
    at.radio(key="deadlines_grouping").set_value("section").run()
    assert url(at)["grouping"] in ("section", ["section"])
    at.radio(key="deadlines_grouping").set_value("body").run()  # the default
    assert "grouping" not in url(at)


def test_trends_settings_from_the_url_and_bad_values_fall_back(tiny_store, monkeypatch):
    query = {"grain": "year", "breakdown": "nonsense", "min_n": "5"}
    at = open_page(app_on(tiny_store, monkeypatch, **query), "pages/trends.py")
    assert not at.exception
    assert at.selectbox(key="trends_grain").value == "year"
    assert at.selectbox(key="trends_breakdown").value == "type"  # the default
    assert at.number_input(key="trends_min_n").value == 5


def test_a_page_setting_survives_a_visit_to_another_page(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch), "pages/trends.py")
    at.selectbox(key="trends_grain").select("year").run()
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/trends.py").run()
    assert not at.exception
    assert at.selectbox(key="trends_grain").value == "year"
