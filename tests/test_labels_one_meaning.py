"""A label means one thing everywhere (issue 8, item 2): two different backlog figures never
share a name, and the lists say which period or date they follow."""

from __future__ import annotations

from apptest_helpers import app_on, metrics_by_label, open_page

from dashboard import i18n
from dashboard.i18n import LANGS

MONTH = {"from": "2016-09-01", "to": "2016-09-30"}  # a4 (July) is open on 30.09 but not from it


def _cards(tiny_store, monkeypatch, page: str, lang: str) -> dict[str, str]:
    at = open_page(app_on(tiny_store, monkeypatch, **MONTH, lang=lang), page)
    return metrics_by_label(at)


def test_cards_named_alike_on_overview_and_deadlines_show_the_same_number(tiny_store, monkeypatch):
    for lang in LANGS:
        overview = _cards(tiny_store, monkeypatch, "pages/overview.py", lang)
        deadlines = _cards(tiny_store, monkeypatch, "pages/deadlines.py", lang)
        for a, value_a in overview.items():
            for b, value_b in deadlines.items():
                if a.lower() in b.lower() or b.lower() in a.lower():
                    assert value_a == value_b, f"{lang}: «{a}» = {value_a} but «{b}» = {value_b}"


def test_the_two_backlogs_differ_here_so_the_label_check_has_teeth(tiny_store, monkeypatch):
    overview = _cards(tiny_store, monkeypatch, "pages/overview.py", "ru")
    deadlines = _cards(tiny_store, monkeypatch, "pages/deadlines.py", "ru")
    period_open = overview[i18n.t("metrics.backlog")]
    all_open = deadlines[i18n.t("deadlines.headline.backlog", date="30.09.2016")]
    assert period_open != all_open


def test_the_overdue_list_says_it_follows_the_date_not_the_period(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **MONTH), "pages/deadlines.py")
    assert "Открытые обращения с истёкшим сроком" in [h.value for h in at.subheader]
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["a4"]  # received in July
    says = [
        c.value for c in at.caption if "30.09.2016" in c.value and "с истёкшим сроком" in c.value
    ]
    assert any("независимо от периода" in text for text in says), says
