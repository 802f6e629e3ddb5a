"""The shell (streamlit_app.py + dashboard/ui/sidebar.py): URL state, reset, language switch."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from apptest_helpers import app_on, open_page

from dashboard import i18n
from dashboard.data.filters import Filters
from dashboard.ui import navigation
from dashboard.ui import page as ui

SHARED_URL = {
    "from": "2016-04-01",
    "to": "2016-06-30",
    "level": "local",
    "region": ["19", "51"],
    "cat": "02",
    "type": "complaint",
    "channel": "paper",
}


def active(at) -> Filters:
    return at.session_state[ui.FILTERS_KEY]


def url(at) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def test_a_shared_url_opens_the_same_filters_and_widgets(tiny_store, monkeypatch):
    at = app_on(tiny_store, monkeypatch, **SHARED_URL)
    at.run()
    assert not at.exception
    f = active(at)
    assert (f.period_start, f.period_end) == (date(2016, 4, 1), date(2016, 6, 30))
    assert f.levels == ("local",) and f.region_codes == ("19", "51")
    assert f.category_codes == ("02",) and f.appeal_types == ("complaint",)
    assert f.channels == ("paper",)
    assert at.radio(key="f_mode").value == "quarter"
    assert at.selectbox(key="f_quarter").value == "2016-Q2"
    assert at.multiselect(key="f_regions").value == ["19", "51"]
    # the app writes the same view back into the URL, so copying it reproduces the view
    assert url(at) == {k: v if isinstance(v, list) else [v] for k, v in SHARED_URL.items()}


def test_changing_a_widget_updates_the_url_and_the_filters(tiny_store, monkeypatch):
    at = app_on(tiny_store, monkeypatch)
    at.run()
    at.multiselect(key="f_regions").select("75").run()
    at.radio(key="f_mode").set_value("month").run()
    at.selectbox(key="f_month").select("2016-02").run()
    assert not at.exception
    f = active(at)
    assert f.region_codes == ("75",)
    assert (f.period_start, f.period_end) == (date(2016, 2, 1), date(2016, 2, 29))
    assert url(at)["region"] == ["75"]
    assert url(at)["from"] == ["2016-02-01"] and url(at)["to"] == ["2016-02-29"]


def test_reset_returns_to_the_default_view_and_a_clean_url(tiny_store, monkeypatch):
    at = app_on(tiny_store, monkeypatch, **SHARED_URL)
    at.run()
    at.button[0].click().run()
    assert not at.exception
    info_default = Filters.default(date(2015, 12, 20), date(2016, 9, 30))
    assert active(at) == info_default
    assert url(at) == {}


def test_a_bad_url_value_is_reported_and_ignored(tiny_store, monkeypatch):
    at = app_on(tiny_store, monkeypatch, region=["75", "zz"], to="not-a-date")
    at.run()
    assert not at.exception
    assert active(at).region_codes == ("75",)
    assert len(at.warning) == 2


def test_language_switch_relabels_the_app_and_survives_reset(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch), "pages/overview.py")
    assert at.sidebar.header[0].value == i18n.t("filters.title", "ru")
    at.selectbox(key="f_lang").select("en").run()
    assert not at.exception
    assert at.sidebar.header[0].value == "Filters"
    assert at.title[0].value == "Overview"
    assert url(at)["lang"] == ["en"]
    at.button[0].click().run()
    assert active(at).lang == "en"


def test_kazakh_opened_from_the_url(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, lang="kk"), "pages/overview.py")
    assert at.title[0].value == i18n.t("pages.overview", "kk")
    assert at.metric[0].label == i18n.t("metrics.received", "kk")


@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda p: p.name)
def test_every_filter_survives_a_language_switch_on_every_page(tiny_store, monkeypatch, spec):
    at = open_page(app_on(tiny_store, monkeypatch), spec.path)
    at.radio(key="f_mode").set_value("quarter").run()
    at.selectbox(key="f_quarter").select("2016-Q3").run()
    at.multiselect(key="f_regions").select("35").run()
    before = active(at)
    for lang in ("en", "kk", "ru"):
        at.selectbox(key="f_lang").select(lang).run()
        assert not at.exception, at.exception
        assert active(at) == replace(before, lang=lang)
        at.switch_page(navigation.PAGES[0].path).run()  # the next page change keeps them too
        assert active(at) == replace(before, lang=lang)
        at.switch_page(spec.path).run()
        assert not at.exception, at.exception


@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda p: p.name)
def test_a_filter_matching_nothing_shows_at_most_one_empty_state(tiny_store, monkeypatch, spec):
    at = open_page(app_on(tiny_store, monkeypatch, region="47"), spec.path)
    boxes = [box for box in at.info if i18n.t("empty.no_data") in box.value]
    assert len(boxes) <= 1
