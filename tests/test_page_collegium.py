"""AppTest of pages/collegium.py on the tiny store, and the pack's numbers against the overview
page's for the same filters (three scopes, two languages)."""

from __future__ import annotations

import io

import pytest
from apptest_helpers import app_on, metrics_by_label, open_page
from pptx import Presentation

from dashboard import i18n
from dashboard.report import collegium
from dashboard.report.pack import Quarter, Scope

PAGE = "pages/collegium.py"
Q3 = {"from": "2016-07-01", "to": "2016-09-30"}


def test_collegium_previews_titles_and_findings_then_offers_three_files(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **Q3), PAGE)
    assert at.selectbox(key="collegium_quarter").value == "2016Q3"
    assert at.selectbox(key="collegium_scope").value == "all"
    text = " ".join(m.value for m in at.markdown)
    assert i18n.t("collegium.headline.title", quarter="III кв. 2016") in text
    assert not at.get("download_button")
    at.button(key="collegium_build").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 3
    assert [b.proto.label for b in buttons] == [
        i18n.t(f"collegium.page.download_{ext}") for ext in ("pptx", "xlsx", "html")
    ]


def test_collegium_offers_the_one_region_picked_as_the_scope(tiny_store, monkeypatch):
    query = {"from": "2016-04-01", "to": "2016-06-30", "region": "51", "lang": "en"}
    at = open_page(app_on(tiny_store, monkeypatch, **query), PAGE)
    assert at.selectbox(key="collegium_scope").value == "region:51"
    assert at.selectbox(key="collegium_scope").options[0] == i18n.t("collegium.scope.all", "en")
    assert at.title[0].value == i18n.t("pages.collegium", "en")


def test_collegium_shows_the_empty_state_when_the_scope_has_no_appeals(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **Q3, region="47"), PAGE)
    assert any(i18n.t("empty.no_data") in box.value for box in at.info)
    assert not [b for b in at.main.button if b.key == "collegium_build"]


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize(
    ("url", "scope", "quarter"),
    [
        ({}, Scope(), Quarter(2016, 3)),
        ({"body": "akimat_19"}, Scope("body", "akimat_19"), Quarter(2016, 3)),
        ({"region": "51"}, Scope("region", "51"), Quarter(2016, 2)),
    ],
    ids=["all", "body", "region"],
)
def test_pack_headline_equals_the_overview_page(tiny_store, monkeypatch, url, scope, quarter, lang):
    period = {"from": quarter.start.isoformat(), "to": quarter.end.isoformat(), "lang": lang}
    at = open_page(app_on(tiny_store, monkeypatch, **period, **url), "pages/overview.py")
    shown = metrics_by_label(at)
    pack = collegium.make_pack(quarter, scope, lang, db_path=tiny_store)
    cards = {m.label: m.value for m in pack.section("headline").cards}
    assert cards == shown
    files = collegium.render_all(pack)
    slide = Presentation(io.BytesIO(files["pptx"])).slides[1]
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    page = files["html"].decode("utf-8")
    for value in shown.values():
        assert value in text and f">{value}<" in page


def test_collegium_quarter_and_scope_live_in_the_url(tiny_store, monkeypatch):
    query = {**Q3, "region": "51", "quarter": "2016Q2", "scope": "region:51"}
    at = open_page(app_on(tiny_store, monkeypatch, **query), PAGE)
    assert at.selectbox(key="collegium_quarter").value == "2016Q2"
    assert at.selectbox(key="collegium_scope").value == "region:51"
    at.selectbox(key="collegium_scope").select("all").run()
    assert not at.exception
    assert at.query_params["scope"] == "all"


def test_collegium_ignores_a_url_scope_the_filters_do_not_offer(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **Q3, scope="body:mvd"), PAGE)
    assert at.selectbox(key="collegium_scope").value == "all"
