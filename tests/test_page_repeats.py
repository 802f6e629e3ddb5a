"""AppTest of pages/repeats.py: headline figures against pandas, the planted hotspot in the table
and its drill-down, ru/kk/en, and the empty state."""

from __future__ import annotations

from datetime import date

import pytest
from apptest_helpers import app_on, metrics_by_label, open_page
from conftest import HOTSPOT, current_state, hotspot_frame, repeats_frame

from dashboard import i18n
from dashboard.data import schema

PAGE = "pages/repeats.py"


def evaluated_2016(frame):
    cur = current_state(frame)
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES)]
    return cur[(cur.received_date >= date(2016, 1, 1)) & (cur.received_date <= date(2016, 12, 31))]


def hotspot_table(at):
    return next(d.value for d in at.dataframe if i18n.t("repeats.table.flag") in d.value.columns)


def test_repeat_share_headline_equals_pandas(repeats_store, monkeypatch):
    at = open_page(app_on(repeats_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    cur = evaluated_2016(repeats_frame())
    want = cur.repeat_of.notna().sum() / len(cur)
    assert metrics_by_label(at)[i18n.t("repeats.headline.share")] == i18n.fmt_share(want)
    # too few appeals everywhere for the default minimum: nothing is a hotspot
    assert metrics_by_label(at)[i18n.t("repeats.headline.hotspots")] == "0"
    assert any(i18n.t("repeats.table.none") in box.value for box in at.info)


def test_planted_hotspot_is_listed_and_drills_into_its_chains(hotspot_store, monkeypatch):
    at = open_page(app_on(hotspot_store, monkeypatch), PAGE)
    at.selectbox(key="repeats_unit").select("region").run()
    assert not at.exception
    shown = metrics_by_label(at)
    cur = evaluated_2016(hotspot_frame())
    assert shown[i18n.t("repeats.headline.share")] == i18n.fmt_share(
        cur.repeat_of.notna().sum() / len(cur)
    )
    assert shown[i18n.t("repeats.headline.hotspots")] == "1"
    hot = hotspot_table(at)
    assert hot[i18n.t("repeats.table.unit")].tolist() == ["Алматинская область"]  # region 19
    assert hot[i18n.t("repeats.table.repeats")].tolist() == [f"24 ({i18n.fmt_share(24 / 60)})"]
    frames = [d.value for d in at.dataframe]
    chains = next(f for f in frames if i18n.t("repeats.chains.columns.chain") in f.columns)
    assert chains[i18n.t("repeats.chains.columns.rounds")].max() == 3  # 21 -> 45 -> 59
    assert chains[i18n.t("repeats.chains.columns.chain")].nunique() == 23
    listing = next(f for f in frames if i18n.t("repeats.list.columns.appeal_id") in f.columns)
    assert len(listing) == 24 and listing.iloc[:, 0].str.startswith(f"h{HOTSPOT}-2016").all()
    assert not any("applicant" in str(c) or "k-" in str(v) for c in listing for v in listing[c])
    assert len(at.get("download_button")) == 2


def test_small_region_is_never_flagged(hotspot_store, monkeypatch):
    at = open_page(app_on(hotspot_store, monkeypatch), PAGE)
    at.selectbox(key="repeats_unit").select("region").run()
    hot = hotspot_table(at)
    assert "Южно-Казахстанская область" not in hot[i18n.t("repeats.table.unit")].tolist()


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_repeats_page_renders_in_every_language(hotspot_store, monkeypatch, lang):
    at = open_page(app_on(hotspot_store, monkeypatch, lang=lang), PAGE)
    assert at.title[0].value == i18n.t("repeats.title", lang)
    assert i18n.t("repeats.headline.share", lang) in metrics_by_label(at)
    assert len(at.get("plotly_chart")) >= 2  # heatmap, funnel


def test_repeats_page_shows_the_empty_state_when_nothing_matches(repeats_store, monkeypatch):
    at = open_page(app_on(repeats_store, monkeypatch, region="47"), PAGE)
    assert any(i18n.t("empty.no_data") in box.value for box in at.info)
    assert not at.get("plotly_chart")
