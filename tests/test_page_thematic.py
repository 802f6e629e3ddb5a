"""AppTest of pages/thematic.py: headline figures against pandas, the topic kept in the URL,
ru/kk/en, and the empty state."""

from __future__ import annotations

from datetime import date

import pytest
from apptest_helpers import app_on, metrics_by_label, open_page
from conftest import build_store, current_state, hotspot_frame, repeats_frame

from dashboard import i18n
from dashboard.data import schema

PAGE = "pages/thematic.py"


def evaluated(frame, start: date, end: date):
    cur = current_state(frame)
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES)]
    return cur[(cur.received_date >= start) & (cur.received_date <= end)]


@pytest.mark.parametrize("topic", ["03", "07.01"])
def test_thematic_headlines_equal_pandas(repeats_store, monkeypatch, topic):
    at = open_page(
        app_on(repeats_store, monkeypatch, **{"from": "2016-01-01", "topic": topic}), PAGE
    )
    cur = evaluated(repeats_frame(), date(2016, 1, 1), date(2016, 9, 30))
    mine = cur[cur.category_code.str.startswith(topic)]
    shown = metrics_by_label(at)
    assert shown[i18n.t("thematic.headline.received")] == i18n.fmt_int(len(mine))
    assert shown[i18n.t("thematic.headline.repeat_share")] == i18n.fmt_share(
        mine.repeat_of.notna().sum() / len(mine)
    )
    assert shown[i18n.t("thematic.headline.satisfied_share")] == i18n.fmt_share(
        (mine.outcome == "satisfied").sum() / len(mine)
    )
    share = i18n.t("thematic.headline.of_all", share=i18n.fmt_share(len(mine) / len(cur)))
    assert any(share in m.value for m in at.markdown)
    assert at.query_params["topic"] in (topic, [topic])  # the choice is in the URL


def test_thematic_default_topic_follows_the_sidebar_category(repeats_store, monkeypatch):
    at = open_page(app_on(repeats_store, monkeypatch, cat="07"), PAGE)
    assert at.selectbox(key="thematic_topic").value == "07"
    # the default topic is not repeated in the link: `cat=07` already reopens it (as every
    # page choice, ui.url_choice, writes only what differs from its default)
    assert "topic" not in at.query_params


def test_thematic_list_and_export(hotspot_store, monkeypatch):
    at = open_page(app_on(hotspot_store, monkeypatch, topic="03.01"), PAGE)
    cur = evaluated(hotspot_frame(), date(2016, 1, 1), date(2016, 12, 31))
    listing = next(
        d.value for d in at.dataframe if i18n.t("repeats.list.columns.appeal_id") in d.value.columns
    )
    assert len(listing) == 50  # the first page of 610
    assert any(i18n.fmt_int(len(cur)) in c.value for c in at.caption)
    assert len(at.get("download_button")) == 2
    text = " ".join(m.value for m in at.markdown)
    assert "Предоставление земельных участков" in text  # the paragraph names the topic


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_thematic_page_renders_in_every_language(hotspot_store, monkeypatch, lang):
    at = open_page(app_on(hotspot_store, monkeypatch, lang=lang, topic="03.01"), PAGE)
    assert at.title[0].value == i18n.t("thematic.title", lang)
    assert i18n.t("thematic.headline.received", lang) in metrics_by_label(at)
    assert len(at.get("plotly_chart")) >= 5


def test_thematic_page_shows_the_empty_state_when_nothing_matches(repeats_store, monkeypatch):
    at = open_page(app_on(repeats_store, monkeypatch, region="47"), PAGE)
    assert any(i18n.t("empty.no_data") in box.value for box in at.info)
    assert not at.get("plotly_chart")


def test_thematic_warns_of_the_topics_unknown_outcomes_only(tmp_path, monkeypatch):
    frame = hotspot_frame()
    # two answered appeals of topic 03.01 in 2016 and one in 2015 have no known outcome
    planted = ["h19-2016-000", "h11-2016-001", "h11-2015-000"]
    frame.loc[frame.appeal_id.isin(planted), "outcome"] = "unknown"
    db = build_store(frame, tmp_path)
    query = {"from": "2016-01-01", "to": "2016-12-31", "topic": "03.01"}
    at = open_page(app_on(db, monkeypatch, **query), PAGE)
    mine = evaluated(frame, date(2016, 1, 1), date(2016, 12, 31))
    mine = mine[mine.category_code.str.startswith("03.01") & mine.closed_date.notna()]
    n = int((mine.outcome == "unknown").sum())
    assert n == 2
    note = " ".join(w.value for w in at.warning)
    assert f"{n} из {i18n.fmt_int(len(mine))}" in note
