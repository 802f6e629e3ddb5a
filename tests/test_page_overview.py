"""AppTest of pages/overview.py on the tiny store: renders, and its numbers are the CLI's."""

from __future__ import annotations

from datetime import date

from apptest_helpers import app_on, metrics_by_label, open_page
from conftest import build_store, current_state, tiny_frame

from dashboard import i18n
from dashboard.data import queries, schema, summary
from dashboard.data.filters import Filters

PAGE = "pages/overview.py"


def test_overview_renders_the_cli_summary_for_2016(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    cli = summary.summarise(2016, db_path=tiny_store)["total"]
    shown = metrics_by_label(at)
    assert shown[i18n.t("metrics.received")] == i18n.fmt_int(cli["n_received"])
    assert shown[i18n.t("metrics.satisfied_share")] == i18n.fmt_share(cli["satisfied_share"])
    assert shown[i18n.t("metrics.late_share")] == i18n.fmt_share(cli["late_share"])
    assert shown[i18n.t("metrics.repeat_share")] == i18n.fmt_share(cli["repeat_share"])
    assert shown[i18n.t("metrics.backlog")] == i18n.fmt_int(cli["n_backlog"])
    assert at.get("plotly_chart"), "the trend strip is drawn"


def test_overview_numbers_follow_a_region_filter(tiny_store, monkeypatch):
    at = app_on(tiny_store, monkeypatch, **{"from": "2016-01-01", "region": "51"})
    at = open_page(at, PAGE)
    f = Filters(date(2016, 1, 1), date(2016, 9, 30), region_codes=("51",))
    want = queries.run("summary_by_group", f, tiny_store, group_by="none").iloc[0]
    shown = metrics_by_label(at)
    assert shown[i18n.t("metrics.received")] == i18n.fmt_int(want.n_received)
    assert shown[i18n.t("metrics.satisfied_share")] == i18n.fmt_share(want.satisfied_share)


def test_overview_changes_when_a_sidebar_filter_changes(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    before = metrics_by_label(at)[i18n.t("metrics.received")]
    at.multiselect(key="f_levels").select("central").run()
    assert not at.exception
    after = metrics_by_label(at)[i18n.t("metrics.received")]
    assert (before, after) == ("10", "2")  # a1 and a5 are the central body's


def test_overview_shows_the_empty_state_when_nothing_matches(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, region="47"), PAGE)
    assert not at.metric
    assert any(i18n.t("empty.no_data") in box.value for box in at.info)
    assert not at.get("plotly_chart")


def test_overview_speaks_english(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01", "lang": "en"}), PAGE)
    assert at.title[0].value == "Overview"
    assert i18n.t("metrics.received", "en") in metrics_by_label(at)


def test_each_section_has_one_short_line_and_its_method_in_the_help(tiny_store, monkeypatch):
    for page in ("pages/overview.py", "pages/deadlines.py", "pages/trends.py"):
        at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), page)
        for caption in at.caption:
            text = caption.value
            assert "нарастающим итогом" not in text and "в стиле письма" not in text, text
            assert len(text) <= 160 or "\n" in text, f"{page}: a long caption: {text}"
        assert [h for h in at.subheader if h.help], f"{page}: no method in a help tooltip"


def _warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def test_outcome_note_counts_the_selections_answered_appeals_as_pandas_does(tmp_path, monkeypatch):
    frame = tiny_frame()
    # an export without outcomes, in part: a10 is received before the period, a7 is a
    # proposal (not an evaluated type), a1 is in region 75; only a8 and a3 are in the selection
    frame.loc[frame.appeal_id.isin(["a10", "a7", "a1", "a8", "a3"]), "outcome"] = "unknown"
    db = build_store(frame, tmp_path)
    at = open_page(app_on(db, monkeypatch, **{"from": "2016-01-01", "region": "19"}), PAGE)
    cur = current_state(frame)
    sel = cur[
        (cur.received_date >= date(2016, 1, 1))
        & cur.appeal_type.isin(schema.EVALUATED_TYPES)
        & (cur.region_code == "19")
    ]
    total = int(sel.closed_date.notna().sum())
    n = int((sel.outcome == "unknown").sum())
    assert (n, total) == (2, 3)  # a8, a3 of a2, a8, a3
    note = next(w for w in _warnings(at) if i18n.t("overview.unknown_outcome").split("{")[0] in w)
    assert f"{n} из {total}" in note and i18n.fmt_share(n / total) in note


def test_overview_has_no_outcome_note_when_every_outcome_is_known(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), PAGE)
    unknown = i18n.t("overview.unknown_outcome").split("{")[0]
    assert not any(unknown in w for w in _warnings(at))
