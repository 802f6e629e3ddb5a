"""What the overview compares with (issue 8, item 4): a year still running meets the same
months a year before, never a run of other months; a quarter or month leads with the year-on-
year change; a period whose appeals are still largely open is marked provisional."""

from __future__ import annotations

from datetime import date

from apptest_helpers import app_on, open_page

from dashboard import i18n
from dashboard.analysis import overview
from dashboard.data.filters import Filters

PAGE = "pages/overview.py"
DATA_END = date(2017, 9, 30)


def _compared(start: date, end: date) -> list[tuple[date, date, str]]:
    got = overview.comparisons(Filters(start, end), DATA_END)
    return [(g.period_start, g.period_end, key.rsplit(".", 1)[-1]) for g, key in got]


def test_a_year_still_running_is_compared_with_the_same_months_a_year_before():
    assert _compared(date(2017, 1, 1), DATA_END) == [
        (date(2016, 1, 1), date(2016, 9, 30), "vs_last_year")
    ]


def test_a_quarter_leads_with_the_year_on_year_change_then_the_quarter_before():
    assert _compared(date(2016, 4, 1), date(2016, 6, 30)) == [
        (date(2015, 4, 1), date(2015, 6, 30), "vs_last_year"),
        (date(2016, 1, 1), date(2016, 3, 31), "vs_previous"),
    ]


def test_a_calendar_year_has_one_comparison():
    assert [k for *_, k in _compared(date(2016, 1, 1), date(2016, 12, 31))] == ["vs_last_year"]


def _card_comparisons(at) -> list[str]:
    """The first comparison on each card (st.metric's delta description)."""
    return [m.proto.delta_description for m in at.metric if m.proto.delta]


def test_overview_of_a_running_year_names_no_other_months(tiny_store, monkeypatch):
    # the tiny data end on 30.09.2016, so 2016 is a year still running
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    captions = " ".join(c.value for c in at.caption)
    assert "01.04.2015" not in captions  # the nine months before: April–December 2015
    shown = _card_comparisons(at) + [m.value for m in at.markdown]
    assert not any(i18n.t("overview.vs_previous") in text for text in shown)


def test_the_card_carries_the_first_comparison_the_year_on_year_one():
    now = {
        "n_received": 120,
        "satisfied_share": 0.5,
        "late_share": 0.01,
        "repeat_share": 0.1,
        "n_backlog": 0,
        "n_collective": 2,
    }
    last_year, previous = {**now, "n_received": 100}, {**now, "n_received": 150}
    compared = [(last_year, "overview.vs_last_year"), (previous, "overview.vs_previous")]
    received = overview.cards(now, compared, DATA_END, "ru")[0]
    assert [(d.text, d.against) for d in received.deltas] == [
        ("+20,0\u00a0%", i18n.t("overview.vs_last_year")),
        ("\u221220,0\u00a0%", i18n.t("overview.vs_previous")),
    ]


def test_a_period_with_many_appeals_still_open_is_marked_provisional(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    # 3 of the 10 complaints and applications of 2016 are open on 30.09.2016 (a4, a6, a9)
    assert any(w.value.startswith("Предварительно") and "30,00" in w.value for w in at.info)
    at = app_on(tiny_store, monkeypatch, **{"from": "2016-01-01", "to": "2016-03-31"})
    shown = open_page(at, PAGE).info  # every first-quarter appeal is answered
    assert not [w for w in shown if w.value.startswith("Предварительно")]
