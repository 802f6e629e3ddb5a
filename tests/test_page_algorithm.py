"""AppTest of pages/algorithm.py on the algorithm store: headlines and breaches against pandas."""

from __future__ import annotations

from apptest_helpers import app_on, open_page
from test_algorithm import pandas_rules

from dashboard import i18n
from dashboard.analysis import algorithm

PAGE = "pages/algorithm.py"
FROM = {"from": "2016-01-01"}


def test_algorithm_headlines_equal_pandas_with_n(algorithm_store, monkeypatch):
    at = open_page(app_on(algorithm_store, monkeypatch, **FROM), PAGE)
    want = pandas_rules().groupby("rule").compliant.agg(["size", "sum"])
    shown = {m.label: m for m in at.metric}
    for rule in algorithm.RULES:
        card = shown[algorithm.rule_name(rule, "ru", short=True)]
        share = want.loc[rule, "sum"] / want.loc[rule, "size"]
        assert card.value == i18n.fmt_share(share)
        n_text = i18n.t("algorithm.n_of", ok=want.loc[rule, "sum"], n=want.loc[rule, "size"])
        assert card.delta == n_text


def test_algorithm_breach_list_is_pseudonymised_and_downloadable(algorithm_store, monkeypatch):
    at = open_page(app_on(algorithm_store, monkeypatch, **FROM), PAGE)
    table = at.dataframe[-1].value
    want = pandas_rules().query("not compliant")
    assert sorted(table[i18n.t("algorithm.columns.appeal_id")]) == sorted(want.appeal_id)
    assert not any("k-" in str(v) for c in table for v in table[c])
    assert len(at.get("download_button")) == 2
    at.multiselect(key="algorithm_rules").set_value(["rule4"]).run()
    assert list(at.dataframe[-1].value[i18n.t("algorithm.columns.appeal_id")]) == ["b8"]


def test_algorithm_page_renders_in_every_language(algorithm_store, monkeypatch):
    for lang in i18n.LANGS:
        at = open_page(app_on(algorithm_store, monkeypatch, lang=lang, **FROM), PAGE)
        assert at.title[0].value == i18n.t("algorithm.title", lang)
        assert len(at.get("plotly_chart")) == 3  # heatmap, trend, funnel


def test_algorithm_page_shows_the_empty_state_when_nothing_matches(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, region="47"), PAGE)
    assert any(i18n.t("empty.no_data") in box.value for box in at.info)
