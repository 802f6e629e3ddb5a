"""The sidebar offers what has data (issue 8, item 9): regions and bodies with appeals in the
period, bodies by name, narrowed by the chosen level and region; a choice never vanishes."""

from __future__ import annotations

from datetime import date

from apptest_helpers import app_on
from conftest import current_state, tiny_frame

from dashboard.data import codes


def _with_data(column: str, start: date, end: date, **where: str) -> set[str]:
    cur = current_state(tiny_frame())
    cur = cur[(cur.received_date >= start) & (cur.received_date <= end)]
    for name, value in where.items():
        cur = cur[cur[name] == value]
    return set(cur[column])


def test_regions_offered_are_those_with_appeals_in_the_period(tiny_store, monkeypatch):
    at = app_on(tiny_store, monkeypatch)
    at.run()
    names = codes.labels("region", "ru", tiny_store)
    want = _with_data("region_code", date(2016, 1, 1), date(2016, 9, 30))
    assert set(at.multiselect(key="f_regions").options) == {names[c] for c in want}
    assert len(want) < len(names)  # some regions of the reference had no appeals


def test_bodies_are_listed_by_name_and_narrowed_by_level_and_region(tiny_store, monkeypatch):
    at = app_on(tiny_store, monkeypatch)
    at.run()
    names = codes.labels("body", "ru", tiny_store)
    offered = at.multiselect(key="f_bodies").options
    assert offered == sorted(offered, key=str.casefold)
    assert set(offered) == {
        names[c] for c in _with_data("body_id", date(2016, 1, 1), date(2016, 9, 30))
    }
    at.multiselect(key="f_levels").select("central").run()
    central = _with_data("body_id", date(2016, 1, 1), date(2016, 9, 30), body_level="central")
    assert set(at.multiselect(key="f_bodies").options) == {names[c] for c in central}
    at.multiselect(key="f_levels").unselect("central").run()
    at.multiselect(key="f_regions").select("51").run()
    in_51 = _with_data("body_id", date(2016, 1, 1), date(2016, 9, 30), region_code="51")
    assert set(at.multiselect(key="f_bodies").options) == {names[c] for c in in_51}


def test_a_chosen_region_without_data_stays_chosen_and_offered(tiny_store, monkeypatch):
    at = app_on(tiny_store, monkeypatch, region="47")
    at.run()
    assert at.multiselect(key="f_regions").value == ["47"]
    assert codes.labels("region", "ru", tiny_store)["47"] in at.multiselect(key="f_regions").options
