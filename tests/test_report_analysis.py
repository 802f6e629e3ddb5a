"""Slides built on the analysis pages: their numbers are the pages' own modules' output for the
same filters, checked against pandas on the hand-made hotspot store."""

from __future__ import annotations

import io
from datetime import date

import pytest
from conftest import HOTSPOT, current_state, hotspot_frame
from pptx import Presentation

from dashboard import i18n
from dashboard.analysis import repeats
from dashboard.analysis.trends import base, shift_years
from dashboard.data import codes, queries
from dashboard.data.filters import Filters
from dashboard.report import analysis_sections, collegium
from dashboard.report.pack import Context, Quarter, Scope, execute_runner

Y2016 = Filters(date(2016, 1, 1), date(2016, 12, 31))


def context(db, f: Filters = Y2016, lang: str = "ru") -> Context:
    def label(kind: str, code: str) -> str:
        return codes.labels(kind, lang, db).get(code) or code

    return Context(
        f, Quarter(2016, 4), Scope(), date(2016, 12, 31), lang, label, execute_runner(db)
    )


def test_hotspot_slide_is_the_repeats_pages_hotspots(hotspot_store):
    section = analysis_sections.hotspots(context(hotspot_store))
    params = {**Y2016.to_sql_params(), **base(shift_years(Y2016, 1))}
    units = queries.execute(
        "repeats_by_unit",
        {**params, "group_by": "region", "group_by2": "category", "section": ""},
        hotspot_store,
    )
    want = repeats.hotspots(
        repeats.assess(units, ("region", "category"), context(hotspot_store).labeler)
    )
    assert list(section.chart.series[0][1]) == list(want["share"].head(analysis_sections.TOP))
    assert list(section.table.iloc[:, 2]) == list(want["n"])


def test_the_planted_hotspot_leads_with_its_pandas_share(hotspot_store):
    section = analysis_sections.hotspots(context(hotspot_store))
    cur = current_state(hotspot_frame())
    mine = cur[(cur.region_code == HOTSPOT) & (cur.received_date >= date(2016, 1, 1))]
    assert section.chart.series[0][1][0] == pytest.approx(mine.repeat_of.notna().mean())  # 24/60
    assert section.table.iloc[0, 2] == len(mine) == 60
    assert section.chart.categories[0].startswith(
        codes.labels("region", "ru", hotspot_store)[HOTSPOT]
    )
    assert section.table.iloc[0, 1] == i18n.t("repeats.flag_short.above_998")
    assert 0 in section.chart.highlight  # hotspots dark, units to watch light


def test_without_hotspots_the_slide_says_so(tiny_store):
    section = analysis_sections.hotspots(context(tiny_store))
    assert section.chart is None
    assert section.text[0].startswith(i18n.t("collegium.hotspots.none", target="")[:20])


def test_the_pack_carries_the_hotspot_slide_between_deadlines_and_regions(hotspot_store):
    pack = collegium.make_pack(Quarter(2016, 3), Scope(), "kk", db_path=hotspot_store)
    keys = [s.key for s in pack.sections]
    assert keys.index("most_late" if "most_late" in keys else "backlog") < keys.index("hotspots")
    assert keys.index("hotspots") < keys.index("regions")  # one topic only: no topic slide
    deck = Presentation(io.BytesIO(collegium.render_all(pack)["pptx"]))
    titles = [s.shapes.title.text for s in deck.slides]
    assert i18n.t("collegium.hotspots.title", "kk") in titles
