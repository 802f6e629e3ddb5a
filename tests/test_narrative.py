"""The overview's plain-language paragraph (dashboard/analysis/narrative.py) in ru, kk and en."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.analysis import narrative
from dashboard.i18n import NBSP

AS_OF = date(2017, 9, 30)
# The 2016 figures of the 2017 letter (domain.md).
TOTAL = {
    "n_received": 1321050,
    "n_satisfied": 659852,
    "satisfied_share": 659852 / 1321050,
    "n_late": 6325,
    "late_share": 6325 / 1321050,
    "n_repeat": 60749,
    "repeat_share": 60749 / 1321050,
    "n_backlog": 0,
}
LEVELS = {
    "central": {"n_received": 501336, "received_share": 501336 / 1321050, "n_late": 3771},
    "local": {"n_received": 819714, "received_share": 819714 / 1321050, "n_late": 2554},
}
TYPES = ("application", "complaint")


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_year_paragraph_reads_like_the_2017_letter():
    text = plain(
        narrative.overview(date(2016, 1, 1), date(2016, 12, 31), TOTAL, LEVELS, TYPES, AS_OF)
    )
    assert text.startswith(
        "В 2016 году поступило 1 321 050 жалоб и заявлений (ЦГО — 501 336, или 37,95 %; "
        "МИО — 819 714, или 62,05 %), из них удовлетворено 659 852, или 49,95 %."
    )
    assert "С нарушением сроков рассмотрено 6 325 обращений, или 0,48 %" in text
    assert "(ЦГО — 3 771; МИО — 2 554)" in text
    assert "На 30.09.2017 все они рассмотрены." in text


def test_a_quarter_is_named_by_its_dates():
    text = narrative.overview(date(2016, 1, 1), date(2016, 3, 31), TOTAL, {}, TYPES, AS_OF)
    assert text.startswith("За период 01.01.2016 – 31.03.2016 поступило")
    assert "ЦГО" not in text  # one level only: no split


def test_other_appeal_types_are_called_appeals():
    text = plain(
        narrative.overview(date(2016, 1, 1), date(2016, 12, 31), TOTAL, {}, ("proposal",), AS_OF)
    )
    assert "поступило 1 321 050 обращений" in text


def test_backlog_and_change_against_last_year_are_reported():
    total = {**TOTAL, "n_backlog": 21}
    last_year = {"n_received": 1200000}
    text = plain(
        narrative.overview(
            date(2016, 1, 1), date(2016, 12, 31), total, LEVELS, TYPES, AS_OF, last_year=last_year
        )
    )
    assert "Из них на 30.09.2017 ещё не рассмотрено 21 обращение." in text
    assert "поступление выросло на 10,1 %" in text


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("kk", "2016 жылы 1 321 050 шағым мен өтініш түсті"),
        ("en", "In 2016, the bodies received 1,321,050 complaints"),
    ],
)
def test_paragraph_in_kazakh_and_english(lang, start):
    text = plain(
        narrative.overview(
            date(2016, 1, 1), date(2016, 12, 31), TOTAL, LEVELS, TYPES, AS_OF, lang=lang
        )
    )
    assert text.startswith(start)
    assert "{" not in text


def test_english_paragraph_agrees_with_a_count_of_one():
    one = {**TOTAL, "n_received": 1, "n_satisfied": 1, "n_late": 1}
    text = plain(
        narrative.overview(date(2016, 1, 1), date(2016, 12, 31), one, [], TYPES, AS_OF, lang="en")
    )
    assert "1 complaint or application" in text
    assert " were " not in text


def test_nothing_received_gives_no_paragraph():
    empty = {**TOTAL, "n_received": 0}
    assert narrative.overview(date(2016, 1, 1), date(2016, 12, 31), empty, {}, TYPES, AS_OF) == ""


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2016, 1, 1), date(2016, 12, 31), "за год"),
        (date(2016, 4, 1), date(2016, 6, 30), "за квартал"),
        (date(2016, 5, 1), date(2016, 5, 31), "за месяц"),
        (date(2017, 1, 1), date(2017, 9, 30), "с начала года"),
    ],
)
def test_period_label_says_month_quarter_or_cumulative(start, end, label):
    assert narrative.period_label(start, end, "ru") == label
