"""analysis/trends.py: YoY, partial periods, growth tables and headlines on hand-made frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.analysis import trends
from dashboard.data import reference
from dashboard.data.filters import Filters
from dashboard.ui import trends_charts

NBSP = "\u00a0"


def rows(*items: tuple[str, str, int]) -> pd.DataFrame:
    """(period_start, group_code, n_received) rows as trends_received_by_period returns them."""
    df = pd.DataFrame(items, columns=["period_start", "group_code", "n_received"])
    df["period_start"] = pd.to_datetime(df.period_start)
    return df.assign(population=1_000_000, received_per_10k=df.n_received / 100)


def growth_rows(*items: tuple[str, int, int]) -> pd.DataFrame:
    return pd.DataFrame(items, columns=["group_code", "n_current", "n_base"])


def test_add_yoy_compares_with_the_same_period_a_year_before_per_group():
    df = rows(
        ("2015-01-01", "a", 100),
        ("2015-04-01", "a", 50),
        ("2016-01-01", "a", 150),
        ("2016-01-01", "b", 10),
        ("2016-04-01", "a", 40),
    )
    got = trends.add_yoy(df).set_index(["period_start", "group_code"]).yoy_share
    assert got[(date(2016, 1, 1), "a")] == pytest.approx(0.5)
    assert got[(date(2016, 4, 1), "a")] == pytest.approx(-0.2)
    assert pd.isna(got[(date(2016, 1, 1), "b")])  # nothing a year before
    assert pd.isna(got[(date(2015, 1, 1), "a")])


def test_mark_partial_flags_periods_sticking_out_of_the_data():
    df = rows(("2017-01-01", "a", 1), ("2017-07-01", "a", 1), ("2016-01-01", "a", 1))
    got = trends.mark_partial(df, "quarter", date(2016, 1, 1), date(2017, 8, 31))
    assert got.is_partial.tolist() == [False, True, False]
    yearly = trends.mark_partial(df.iloc[:1], "year", date(2016, 1, 1), date(2017, 9, 30))
    assert yearly.is_partial.tolist() == [True]


def test_trend_frame_drops_the_extra_year_and_hides_yoy_of_partial_periods():
    df = rows(("2015-01-01", "a", 100), ("2016-01-01", "a", 120), ("2017-01-01", "a", 90))
    got = trends.trend_frame(df, "year", date(2016, 1, 1), date(2017, 9, 30), "count")
    assert [d.year for d in got.period_start] == [2016, 2017]
    assert got.yoy_share.iloc[0] == pytest.approx(0.2)
    assert got.is_partial.tolist() == [False, True]
    assert pd.isna(got.yoy_share.iloc[1])  # 9 months of 2017 against all of 2016: not shown
    per_10k = trends.trend_frame(df, "year", date(2016, 1, 1), date(2016, 12, 31), "per_10k")
    assert per_10k.value.tolist() == [1.2, 0.9]


def test_trend_frame_of_no_rows_is_empty():
    empty = rows().iloc[0:0]
    assert trends.trend_frame(empty, "month", date(2016, 1, 1), date(2016, 12, 31), "count").empty


def test_with_labels_names_groups_largest_first():
    df = rows(("2016-01-01", "application", 5), ("2016-01-01", "complaint", 9))
    got = trends.with_labels(df, "type", "ru", lambda kind, code: code)
    assert got.group.tolist() == ["Жалоба", "Заявление"]
    regions = trends.with_labels(
        rows(("2016-01-01", "75", 1)), "region", "ru", lambda kind, code: f"{kind}:{code}"
    )
    assert regions.group.tolist() == ["region:75"]


def test_growth_table_leaves_out_small_bases_and_sorts_by_change():
    df = growth_rows(("x", 300, 100), ("y", 50, 3), ("z", 220, 200), ("w", 90, 100))
    got = trends.growth_table(df, min_n=100)
    assert got.group_code.tolist() == ["x", "z", "w"]  # y: base 3 < 100, left out
    assert got.abs_change.tolist() == [200, 20, -10]
    assert got.change_share.tolist() == pytest.approx([2.0, 0.1, -0.1])
    assert trends.n_small(df, 100) == 1
    assert trends.growth_table(df, min_n=1000).empty


def test_period_label_names_calendar_units():
    assert trends.period_label(date(2016, 1, 1), date(2016, 12, 31), "ru") == "2016"
    assert trends.period_label(date(2016, 4, 1), date(2016, 6, 30), "ru") == "II кв. 2016"
    assert trends.period_label(date(2016, 2, 1), date(2016, 2, 29), "en") == "Feb 2016"
    assert trends.period_label(date(2017, 1, 1), date(2017, 9, 30), "ru") == (
        "01.01.2017 – 30.09.2017"
    )


def test_shift_years_keeps_month_ends():
    f = Filters(date(2017, 1, 1), date(2017, 9, 30))
    got = trends.shift_years(f, 3)
    assert (got.period_start, got.period_end) == (date(2014, 1, 1), date(2014, 9, 30))
    assert trends.history_filters(f).period_start == date(2014, 1, 1)
    assert trends.fetch_filters(f).period_start == date(2013, 1, 1)


def test_growth_sentence_is_the_letters_headline_from_numbers():
    g = trends.Growth("complaint", 97_500, 157_000)
    text = trends.growth_sentence(g, "2013", "2016", "ru")
    assert text == f"Жалобы: 97{NBSP}500 (2013) → 157{NBSP}000 (2016), рост в 1,6 раза."
    assert trends.growth_sentence(g, "2013", "2016", "en").endswith("up 1.6 times.")
    down = trends.Growth("complaint", 130, 100)
    assert "снижение в 1,3 раза" in trends.growth_sentence(down, "2015", "2016", "ru")


def test_headline_type_prefers_complaints_else_the_largest():
    assert trends.headline_type(growth_rows(("application", 9, 9), ("complaint", 1, 1))) == (
        "complaint"
    )
    assert trends.headline_type(growth_rows(("request", 2, 1), ("application", 9, 9))) == (
        "application"
    )
    assert trends.headline_type(growth_rows()) is None


def test_headlines_compute_received_growth_and_rate():
    f = Filters(date(2016, 1, 1), date(2016, 12, 31), region_codes=("51",))
    one = growth_rows(("complaint", 150, 100), ("application", 50, 100))
    three = growth_rows(("complaint", 150, 50), ("application", 50, 100))
    got = trends.headlines(one, three, f, "ru")
    assert [h.value for h in got[:2]] == ["200", "150"]
    assert got[0].deltas[0][:2] == ("0,0\u00a0%", pytest.approx(0.0))
    assert got[1].label == "Жалобы: 2013 → 2016"
    assert got[1].deltas[0][0] == "рост в 3,0 раза"
    pop16, pop15 = reference.population(2016)["51"], reference.population(2015)["51"]
    rate = 200 * 10_000 / pop16
    assert got[2].value == trends.fmt_number(rate, "ru", 1)
    assert got[2].deltas[0][1] == pytest.approx(rate / (200 * 10_000 / pop15) - 1)


def test_scope_population_sums_selected_regions_or_all():
    pop = reference.population(2016)
    assert trends.scope_population(2016, ()) == sum(pop.values())
    assert trends.scope_population(2016, ("11", "75")) == pop["11"] + pop["75"]
    assert trends.per_10k(5, 0) is None


def test_growth_display_formats_numbers_and_names_both_periods():
    table = trends.growth_table(growth_rows(("75", 1500, 1000)), min_n=100)
    got = trends.growth_display(table, "region", "2016", "2015", "ru", lambda k, c: f"R{c}")
    assert list(got.columns) == [
        "Регионы",
        "Обращений, 2015",
        "Обращений, 2016",
        "Изменение, обращений",
        "Изменение, %",
    ]
    assert got.iloc[0].tolist() == ["R75", f"1{NBSP}000", f"1{NBSP}500", "+500", "+50,0\u00a0%"]


@pytest.mark.parametrize(("n_groups", "panels"), [(2, False), (16, True)])
def test_volume_chart_uses_small_multiples_for_many_groups(n_groups, panels):
    df = rows(*[("2016-01-01", f"g{i}", i + 1) for i in range(n_groups)])
    frame = trends.trend_frame(df, "quarter", date(2016, 1, 1), date(2016, 12, 31), "count")
    frame = trends.with_period_labels(frame.assign(group=frame.group_code), "quarter", "ru")
    fig = trends_charts.volume_chart(frame, "quarter", "region", "count", "ru")
    assert len(fig.data) == n_groups
    assert ("xaxis2" in fig.layout) is panels
    assert fig.layout.title.text == "Поступило обращений за квартал, 2016: регион"
    assert "I кв. 2016" in fig.data[0].hovertext[0]  # quarter name, not "янв. 2016"
    if not panels:  # one chart names quarters on its axis; narrow panels keep year ticks
        assert list(fig.layout.xaxis.ticktext) == ["I кв. 2016"]


def test_chart_names_say_measure_grain_and_years():
    names = trends_charts.chart_names(
        "month", "type", "per_10k", date(2013, 1, 1), date(2016, 12, 1), "ru"
    )
    assert names.volume == "Обращений на 10 000 жителей за месяц, 2013–2016: вид обращения"
    assert names.volume_y == "обращений на 10 000 жителей за месяц"
    assert names.x == "Месяц поступления"


@pytest.mark.parametrize(
    ("start", "end", "lang", "want"),
    [
        (date(2015, 3, 1), date(2015, 3, 31), "ru", "к марту 2015 г."),
        (date(2015, 1, 1), date(2015, 12, 31), "ru", "к 2015 году"),
        (date(2015, 4, 1), date(2015, 6, 30), "ru", "к II кв. 2015 г."),
        (date(2015, 1, 1), date(2015, 9, 30), "ru", "к тем же датам 2015 г."),
        (date(2015, 3, 1), date(2015, 3, 31), "kk", "2015 жылғы наурызбен салыстырғанда"),
        (date(2015, 9, 1), date(2015, 9, 30), "kk", "2015 жылғы қыркүйекпен салыстырғанда"),
        (date(2015, 1, 1), date(2015, 12, 31), "kk", "2015 жылмен салыстырғанда"),
        (date(2015, 4, 1), date(2015, 6, 30), "kk", "2015 ж. II тоқсанмен салыстырғанда"),
        (date(2015, 3, 1), date(2015, 3, 31), "en", "vs March 2015"),
    ],
)
def test_comparison_phrases_put_the_period_in_the_case_the_phrase_needs(start, end, lang, want):
    assert trends.against(start, end, lang) == want


def test_a_partial_last_quarter_is_an_open_marker_not_a_drop_of_the_line():
    df = rows(("2016-01-01", "g", 100), ("2016-04-01", "g", 110), ("2016-07-01", "g", 20))
    frame = trends.trend_frame(df, "quarter", date(2016, 1, 1), date(2016, 7, 31), "count")
    frame = trends.with_period_labels(frame.assign(group=frame.group_code), "quarter", "ru")
    fig = trends_charts.volume_chart(frame, "quarter", "type", "count", "ru")
    line, marker = fig.data
    assert [v for v in line.y if v == v and v is not None] == [100, 110]  # the line stops
    assert marker.mode == "markers" and list(marker.y) == [20]
    assert marker.name == "неполный период"
