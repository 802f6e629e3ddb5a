"""AppTest of pages/regions.py on the tiny store: the chosen region's figures against pandas."""

from __future__ import annotations

from datetime import date

from apptest_helpers import app_on, metrics_by_label, open_page
from test_regions import AS_OF, pandas_2016, runner

from dashboard import i18n
from dashboard.analysis import region_report
from dashboard.report import region_brief

PAGE = "pages/regions.py"
FROM = {"from": "2016-01-01"}


def test_regions_headlines_of_the_picked_region_equal_pandas(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, pick="19", **FROM), PAGE)
    cur = pandas_2016()
    r19 = cur[cur.region_code == "19"]
    shown = metrics_by_label(at)
    assert shown[i18n.t("regions.headline.received")] == str(len(r19)) == "6"
    repeat = r19.repeat_of.notna().mean()
    assert shown[i18n.t("regions.headline.repeat")] == i18n.fmt_share(repeat)
    assert shown[i18n.t("regions.headline.collective")] == str(int(r19.is_collective.sum()))
    assert at.selectbox(key="regions_region").value == "19"
    assert len(at.get("plotly_chart")) >= 2  # the cartogram and collective appeals


def test_regions_default_is_the_top_region_and_the_choice_goes_to_the_url(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **FROM), PAGE)
    # the default metric is appeals per 10 000: Almaty region (6) has the highest rate here
    assert at.selectbox(key="regions_region").value == "19"
    assert at.query_params["pick"] == "19"
    at.selectbox(key="regions_region").select("75").run()
    assert not at.exception
    assert at.query_params["pick"] == "75"
    assert metrics_by_label(at)[i18n.t("regions.headline.received")] == "2"  # a1, a5


def test_regions_compare_with_the_country(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, pick="19", **FROM), PAGE)
    table = at.table[-1].value
    country = i18n.t("regions.compare.country")
    received = i18n.t("regions.compare.rows.n_received")
    row = table[table[i18n.t("regions.compare.metric")] == received].iloc[0]
    assert row[country] == str(len(pandas_2016())) == "10"
    assert len(at.get("download_button")) == 1  # the brief


def test_regions_brief_holds_the_regions_headline_numbers(tiny_store):
    report = region_report.gather(
        runner(tiny_store), "19", date(2016, 1, 1), date(2016, 12, 31), AS_OF, None
    )
    for lang in i18n.LANGS:
        text = region_brief.html(report, lang, lambda kind, code: code)
        assert i18n.t("regions.brief.heading", lang) in text
        assert i18n.fmt_share(1 / 6, lang) in text  # repeat share: a4 of 6
        collective = i18n.t("regions.brief.collective_text", lang, n=1, signatories=40)
        assert collective in text


def test_regions_page_renders_in_every_language(tiny_store, monkeypatch):
    for lang in i18n.LANGS:
        at = open_page(app_on(tiny_store, monkeypatch, lang=lang, pick="19", **FROM), PAGE)
        assert at.title[0].value == i18n.t("regions.title", lang)


def test_regions_page_shows_the_empty_state_when_nothing_matches(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, region="47"), PAGE)
    assert any(i18n.t("empty.no_data") in box.value for box in at.info)
