"""AppTest of pages/deadlines.py on the tiny store: late share, backlog, the overdue list."""

from __future__ import annotations

import json
from datetime import date

from apptest_helpers import app_on, metrics_by_label, open_page
from conftest import current_state, tiny_frame
from test_sql import pandas_backlog

from dashboard import i18n
from dashboard.data import queries, schema
from dashboard.data.filters import Filters

PAGE = "pages/deadlines.py"
PERIOD = "01.01.2016 – 30.09.2016"


def late_label() -> str:
    return i18n.t("deadlines.headline.late_share", period=PERIOD)


def test_deadlines_headlines_equal_the_summary_query(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    f = Filters(date(2016, 1, 1), date(2016, 9, 30))
    want = queries.run("summary_by_group", f, tiny_store, group_by="none").iloc[0]
    shown = metrics_by_label(at)
    assert shown[late_label()] == i18n.fmt_share(want.late_share) == "20,00\u00a0%"  # a2, a4
    cur = current_state(tiny_frame())
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES)]
    n_open = int(pandas_backlog(cur, date(2016, 9, 30)).sum())
    assert shown[i18n.t("deadlines.headline.backlog", date="30.09.2016")] == str(n_open) == "3"
    assert len(at.get("plotly_chart")) >= 2  # late by month, backlog by age


def test_deadlines_as_of_date_changes_the_figures(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    at.date_input(key="deadlines_as_of").set_value(date(2016, 7, 1)).run()
    assert not at.exception
    # on 1 July only the 7 appeals received by then are known; a2 is the one late
    f = Filters(date(2016, 1, 1), date(2016, 7, 1))
    want = queries.run(
        "summary_by_group", f, tiny_store, group_by="none", as_of=date(2016, 7, 1)
    ).iloc[0]
    assert (int(want.n_received), int(want.n_late)) == (7, 1)
    assert metrics_by_label(at)[late_label()] == i18n.fmt_share(want.late_share)
    assert i18n.t("deadlines.headline.backlog", date="01.07.2016") in metrics_by_label(at)


def test_deadlines_overdue_list_is_pseudonymised_and_downloadable(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    table = at.dataframe[0].value
    assert table[i18n.t("deadlines.columns.appeal_id")].tolist() == ["a4"]
    assert table[i18n.t("deadlines.columns.days_overdue")].tolist() == [46]
    assert not any("applicant" in str(c) or "k-" in str(v) for c in table for v in table[c])
    assert len(at.get("download_button")) == 2


def test_deadlines_extensions_widget_switches_the_view(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    charts_before = len(at.get("plotly_chart"))
    at.radio(key="deadlines_extensions_view").set_value("body").run()
    assert not at.exception
    # every body has fewer than 100 appeals here, so the by-body view is the empty state
    assert len(at.get("plotly_chart")) == charts_before - 1


def test_deadlines_shows_the_empty_state_when_nothing_matches(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, region="47"), PAGE)
    # one empty state for the page, not one per section, and no leftover notes
    assert [i18n.t("empty.no_data") in box.value for box in at.info] == [True]
    assert not at.get("plotly_chart") and not at.metric
    assert not [c for c in at.caption if "ранжируются" in c.value or "n =" in c.value]


def test_the_overdue_list_pages_are_chosen_from_those_there_are_and_say_of_how_many(
    tiny_store, monkeypatch
):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    box = at.selectbox(key="deadlines_page")
    assert box.label == "Страница (из 1)"  # one overdue appeal: one page
    assert box.options == ["1"]  # 0, −1 or 7 cannot be entered
    config = json.loads(at.dataframe[0].proto.columns)  # headers whole, names wide enough
    assert config[i18n.t("deadlines.columns.days_overdue")]["width"] >= 110
    assert config[i18n.t("deadlines.columns.body")]["width"] >= 180
    assert sum(c["width"] for c in config.values() if "width" in c) <= 970  # all on screen
