"""AppTest of pages/evaluation.py on the algorithm store: the ranking table against pandas."""

from __future__ import annotations

from apptest_helpers import app_on, open_page
from test_evaluation import hand_points, pandas_criteria

from dashboard import i18n
from dashboard.analysis import evaluation

PAGE = "pages/evaluation.py"
FROM = {"from": "2016-01-01"}


def local_table(at):
    """The local bodies' ranking table (the second level shown: central, then local)."""
    return at.table[1].value


def test_evaluation_page_ranks_local_bodies_as_the_formula_by_hand(algorithm_store, monkeypatch):
    at = open_page(app_on(algorithm_store, monkeypatch, **FROM), PAGE)
    at.number_input(key="evaluation_min_n").set_value(1).run()
    assert not at.exception
    table = local_table(at)
    want = pandas_criteria().query("body_level == 'local'").set_index("body_id")
    w = {c.id: c.weight for c in evaluation.load_criteria()}
    score = (
        w["deadlines_met"] * hand_points(want.met, True)
        + w["justified_repeats"] * hand_points(want.jr_share, False)
        + w["satisfied_share"] * hand_points(want.sat_share, True)
    ).sort_values(ascending=False)
    col = lambda k: i18n.t(f"evaluation.columns.{k}")  # noqa: E731
    assert [r.split()[0] for r in table[col("rank")]] == ["1", "2", "3"]
    assert table[col("rank")].iloc[-1] == "3 (▼2)"  # akimat_19 was alone, first, in 2015
    assert list(table[col("score")]) == [i18n.fmt_number(s, "ru", 1) for s in score]
    assert list(table[col("n")]) == [str(int(want.n[b])) for b in score.index]
    met = i18n.t("evaluation.short.deadlines_met")
    assert table[met].iloc[-1].startswith(i18n.fmt_share(want.met["akimat_19"]))


def test_evaluation_page_greys_small_bodies_by_default(algorithm_store, monkeypatch):
    at = open_page(app_on(algorithm_store, monkeypatch, **FROM), PAGE)
    table = local_table(at)
    # every body has fewer than 30 appeals here: shown, none ranked
    assert set(table[i18n.t("evaluation.columns.rank")]) == {"—"}
    assert i18n.t("evaluation.formula_title") in [e.label for e in at.expander]


def test_evaluation_page_renders_in_every_language(algorithm_store, monkeypatch):
    for lang in i18n.LANGS:
        at = open_page(app_on(algorithm_store, monkeypatch, lang=lang), PAGE)
        assert at.title[0].value == i18n.t("evaluation.title", lang)
        assert len(at.get("plotly_chart")) >= 1  # the body card's quarters


def test_evaluation_page_shows_the_empty_state_when_nothing_matches(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, region="47"), PAGE)
    assert any(i18n.t("empty.no_data") in box.value for box in at.info)


def test_evaluation_card_shows_the_bodys_algorithm_compliance(algorithm_store, monkeypatch):
    at = open_page(app_on(algorithm_store, monkeypatch, **FROM), PAGE)
    at.selectbox(key="evaluation_body").select("akimat_27").run()
    assert not at.exception
    card = at.table[-1].value
    rule4 = i18n.t("algorithm.rules.rule4")  # the card names rules in full
    row = card[card[i18n.t("algorithm.widgets.rule")] == rule4].iloc[0]
    assert row[i18n.t("evaluation.card.algorithm")] == "50,00\u00a0% (n\u00a0=\u00a02)"  # b7, b8
