"""AppTest of pages/trends.py on the tiny store: headlines are the data's, widgets change it."""

from __future__ import annotations

import base64
import json
from datetime import date

import numpy as np
from apptest_helpers import app_on, metrics_by_label, open_page
from conftest import current_state, tiny_frame

from dashboard import i18n
from dashboard.data import queries, schema
from dashboard.data.filters import Filters

PAGE = "pages/trends.py"
PERIOD = "01.01.2016 – 30.09.2016"  # the tiny data ends on 30 Sep 2016


def chart_traces(at, i: int = 0) -> list[dict]:
    return json.loads(at.get("plotly_chart")[i].proto.spec)["data"]


def ys(trace: dict) -> list[float]:
    """A trace's y values; plotly ships numeric arrays as base64 typed arrays."""
    y = trace["y"]
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    return list(y)


def test_trends_headlines_equal_an_independent_count(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    f = Filters(date(2016, 1, 1), date(2016, 9, 30))
    want = queries.run("summary_by_group", f, tiny_store, group_by="none").iloc[0]
    cur = current_state(tiny_frame())
    cur = cur[(cur.received_date >= date(2016, 1, 1)) & (cur.received_date <= date(2016, 9, 30))]
    complaints = int((cur.appeal_type == "complaint").sum())
    assert int(want.n_received) == int(cur.appeal_type.isin(schema.EVALUATED_TYPES).sum()) == 10
    shown = metrics_by_label(at)
    # a range of dates is "период" in the label (dates would be cut off) and exact in the help
    assert shown["Поступило за период"] == "10"
    assert PERIOD in at.metric[0].help and "01.01.2013 – 30.09.2013" in at.metric[0].help
    label = i18n.t(
        "trends.headline.growth_label", type="Жалобы", base_period="3 года назад", period="период"
    )
    assert shown[label] == str(complaints) == "7"  # a1, a3, a4, a5, a8, a9, a12
    assert all(len(m.label) <= 40 for m in at.metric), [m.label for m in at.metric]
    assert at.get("plotly_chart"), "the volume chart is drawn"


def test_trends_breakdown_widget_changes_the_chart(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    by_type = {t["name"] for t in chart_traces(at)}
    assert by_type == {"Жалоба", "Заявление"}
    at.selectbox(key="trends_breakdown").select("level").run()
    assert not at.exception
    assert {t["name"] for t in chart_traces(at)} == {"ЦГО", "МИО"}


def test_trends_per_10k_measure_changes_the_values(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    counts = ys(chart_traces(at)[0])
    at.radio(key="trends_measure").set_value("per_10k").run()
    assert not at.exception
    rates = ys(chart_traces(at)[0])
    assert len(rates) == len(counts) and max(rates) < 0.01  # a few appeals in 17.7 M people
    assert "10" in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]


def test_trends_growth_table_follows_min_n(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    assert not at.dataframe  # every base is under 100 appeals: nothing is ranked
    at.number_input(key="trends_min_n").set_value(1).run()
    assert not at.exception
    assert not at.dataframe  # the base year is empty in the tiny data, still nothing to rank


def test_trends_shows_the_empty_state_when_nothing_matches(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, region="47"), PAGE)
    assert not at.metric
    assert any(i18n.t("empty.no_data") in box.value for box in at.info)
    assert not at.get("plotly_chart")


def test_trends_speaks_kazakh(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01", "lang": "kk"}), PAGE)
    assert at.title[0].value == i18n.t("trends.title", "kk")
