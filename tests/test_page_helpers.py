"""ui/page.py helpers: a change that reads as zero gets no arrow and no colour."""

from __future__ import annotations

from dashboard.analysis.headline import Delta
from dashboard.ui import page


def test_a_change_shown_as_zero_is_neutral():
    tiny = Delta("+0,00 п.п.", 0.00004, "к 2015")
    assert page._arrow_and_colour(page._shown_change(tiny), up_is_good=False) == ("off", "gray")


def test_a_visible_change_keeps_its_arrow_and_colour():
    worse = Delta("+0,12 п.п.", 0.0012, "к 2015")
    assert page._arrow_and_colour(page._shown_change(worse), up_is_good=False) == ("up", "red")
