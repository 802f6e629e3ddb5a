"""analysis/deadlines.py: totals, running late share, ranking, ageing, the overdue list."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from apptest_helpers import app_on, open_page

from dashboard import i18n
from dashboard.analysis import deadlines
from dashboard.data import codes

NBSP = "\u00a0"


def monthly() -> pd.DataFrame:
    """deadlines_late_by_month rows: 3 months, 10/20/10 received, 1/1/2 late."""
    df = pd.DataFrame(
        {
            "received_month": pd.to_datetime(["2016-01-01", "2016-02-01", "2016-03-01"]),
            "n_received": [10, 20, 10],
            "n_late": [1, 1, 2],
            "n_extended": [0, 2, 1],
        }
    )
    return df.assign(
        late_share=df.n_late / df.n_received, extended_share=df.n_extended / df.n_received
    )


def test_totals_add_up_the_period():
    got = deadlines.totals(monthly())
    assert (got.n_received, got.n_late, got.n_extended) == (40, 4, 3)
    assert got.late_share == pytest.approx(0.1)
    assert got.extended_share == pytest.approx(0.075)
    assert deadlines.Totals(0, 0, 0).late_share is None


def test_late_lines_running_share_ends_at_the_period_total():
    got = deadlines.late_lines(monthly(), "ru")
    assert set(got.series) == {"за месяц", "с начала периода"}
    running = got[got.series == "с начала периода"].share.tolist()
    assert running == pytest.approx([0.1, 2 / 30, 0.1])  # 1/10, 2/30, 4/40
    assert got[got.series == "за месяц"].share.tolist() == pytest.approx([0.1, 0.05, 0.2])


def test_rank_groups_drops_small_groups_and_shows_n():
    df = pd.DataFrame(
        {
            "group_code": ["mvd", "tiny", "mon"],
            "n_received": [1200, 5, 300],
            "late_share": [0.01, 0.9, 0.02],
        }
    )
    got = deadlines.rank_groups(df, "body", lambda kind, code: code.upper(), "ru", min_n=100)
    assert got.group.tolist() == [f"MON (n{NBSP}={NBSP}300)", f"MVD (n{NBSP}={NBSP}1{NBSP}200)"]
    assert deadlines.n_small(df, 100) == 1


def test_age_bars_keep_bucket_order_and_split_overdue():
    ages = pd.DataFrame(
        {"age_bucket": ["60+", "0-15", "31-60"], "n_backlog": [3, 10, 4], "n_overdue": [3, 0, 1]}
    )
    got = deadlines.age_bars(ages, "ru")
    assert got.age.unique().tolist() == ["0–15 дней", "16–30 дней", "31–60 дней", "более 60 дней"]
    assert got.n.sum() == 17
    overdue = got[got.status == "Срок истёк"].n.tolist()
    assert overdue == [0, 0, 1, 3]
    assert deadlines.backlog_totals(ages) == (17, 4)


def overdue_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "appeal_id": ["a4", "a6"],
            "received_date": [date(2016, 7, 1), date(2016, 9, 25)],
            "due_date": [date(2016, 8, 15), date(2016, 10, 10)],
            "days_overdue": [139, 83],
            "body_id": ["akimat_19", "mvd"],
            "region_code": ["19", "75"],
            "category_code": ["03.01", "07.01"],
            "appeal_type": ["complaint", "application"],
            "n_total": [2, 2],
        }
    )


def test_overdue_table_names_codes_and_translates_headers():
    got = deadlines.overdue_table(overdue_rows(), "ru", lambda kind, code: f"{kind}:{code}")
    assert list(got.columns) == [
        "Рег. номер",
        "Дата поступления",
        "Срок ответа",
        "Дней просрочки",
        "Госорган",
        "Регион",
        "Тематика",
        "Вид обращения",
    ]
    assert got.iloc[0].tolist() == [
        "a4",
        date(2016, 7, 1),
        date(2016, 8, 15),
        139,
        "body:akimat_19",
        "region:19",
        "category:03.01",
        "Жалоба",
    ]
    en = deadlines.overdue_table(overdue_rows(), "en", lambda kind, code: code)
    assert "Days overdue" in en.columns


def test_pages_cover_the_list_and_clip_the_number():
    df = pd.DataFrame({"x": range(120)})
    assert deadlines.n_pages(120) == 3
    assert deadlines.n_pages(0) == 1
    assert deadlines.page(df, 3).x.tolist() == list(range(100, 120))
    assert deadlines.page(df, 9).x.tolist() == list(range(100, 120))


def test_list_caption_says_total_shown_rows_and_truncation():
    got = deadlines.list_caption(241, 241, 2, "30.09.2017", "ru")
    assert got == "Всего на 30.09.2017: 241; показаны 51–100."
    cut = deadlines.list_caption(150_000, 100_000, 1, "30.09.2017", "ru")
    assert cut.endswith(f"Загружены и выгружаются первые 100{NBSP}000 строк.")


def test_headlines_show_late_share_change_backlog_and_extensions():
    now, before = deadlines.Totals(1000, 5, 30), deadlines.Totals(800, 8, 20)
    got = deadlines.headlines(now, before, (35, 4), "2016", "к 2015 году", "30.09.2017", "ru")
    assert [h.value for h in got] == [f"0,50{NBSP}%", "35", f"3,00{NBSP}%"]
    text, change, against = got[0].deltas[0]
    assert change == pytest.approx(-0.005)
    assert (text, against) == (f"−0,50{NBSP}п.п.", "к 2015 году")
    assert got[0].deltas[1][0] == f"5 из 1{NBSP}000"
    assert got[0].up_is_good is False
    assert got[1].deltas[0][0] == "из них срок истёк: 4"
    assert got[2].deltas[0][0] == f"30 из 1{NBSP}000"
    assert deadlines.scope_caption("2016", "30.09.2017", "ru") == (
        "За 2016; открытые — на 30.09.2017."
    )


def test_figures_are_titled_with_grain_and_date():
    fig = deadlines.late_chart(monthly(), "30.09.2017", "ru")
    assert "за месяц и с начала периода" in fig.layout.title.text
    assert fig.layout.yaxis.title.text == "доля от поступивших, %"
    assert [tr.name for tr in fig.data] == ["за месяц", "с начала периода"]


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Министерство юстиции Республики Казахстан", "Министерство юстиции"),
        ("Қазақстан Республикасының Әділет министрлігі", "Әділет министрлігі"),
        (
            "Қазақстан Республикасы Мемлекеттік қызмет істері агенттігі",
            "Мемлекеттік қызмет істері агенттігі",
        ),
        ("Ministry of Justice of the Republic of Kazakhstan", "Ministry of Justice"),
        ("Акимат города Алматы", "Акимат города Алматы"),
    ],
)
def test_short_body_name_drops_the_country(name, short):
    assert deadlines.short_body_name(name) == short


def test_age_chart_gives_the_past_due_part_a_panel_and_scale_of_its_own():
    ages = pd.DataFrame(
        {
            "age_bucket": ["0-15", "16-30", "31-60", "60+"],
            "n_backlog": [100, 10, 5, 2],
            "n_overdue": [0, 3, 5, 2],
        }
    )
    fig = deadlines.age_chart(ages, "30.09.2017", "ru")
    open_bars, overdue = fig.data
    assert list(open_bars.y) == [100, 10, 5, 2]
    assert list(overdue.y) == [0, 3, 5, 2] and list(overdue.text) == ["0", "3", "5", "2"]
    assert overdue.marker.color == deadlines.charts.PALETTE["red"]
    assert (open_bars.yaxis, overdue.yaxis) == ("y", "y2")  # its own scale: 5 is half of it


def _bodies(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_code": [f"b{i:02d}" for i in range(n)],
            "n_received": [100 + i for i in range(n)],
            "late_share": [i / 100 for i in range(n)],
        }
    )


def test_rank_groups_shows_every_group_with_enough_appeals_none_cut():
    df = _bodies(31)  # the default data has 31 bodies with appeals; 20 were drawn
    got = deadlines.rank_groups(df, "body", lambda kind, code: code, "ru")
    assert len(got) == 31
    assert got.late_share.tolist() == sorted(df.late_share, reverse=True)


def test_rank_groups_ranks_central_and_local_bodies_apart():
    df = _bodies(4)
    levels = {"b00": "central", "b01": "local", "b02": "central", "b03": "local"}
    got = deadlines.rank_groups(df, "body", lambda kind, code: code, "ru", levels=levels)
    assert got.group_code.tolist() == ["b02", "b00", "b03", "b01"]  # ЦГО first, each by share
    assert got.level.tolist() == ["ЦГО", "ЦГО", "МИО", "МИО"]
    fig = deadlines.groups_chart(got, "late_share", "t", "ru")
    assert [trace.name for trace in fig.data] == ["ЦГО", "МИО"]


def test_groups_caption_says_how_many_groups_are_shown_of_all():
    df = pd.concat(
        [_bodies(3), pd.DataFrame({"group_code": ["x"], "n_received": [7], "late_share": [0.5]})]
    )
    ranked = deadlines.rank_groups(df, "body", lambda kind, code: code, "ru", levels={})
    text = deadlines.groups_caption(df, ranked, "ru")
    assert text.startswith("Показаны 3 из 4 групп")
    assert "1 с n < 100 не ранжируются" in text and "ранжируются отдельно" in text
    mixed = deadlines.rank_groups(df, "region", lambda kind, code: code, "ru")
    assert "и в ЦГО, и в МИО" in deadlines.groups_caption(df, mixed, "ru")


def test_a_body_has_one_name_in_the_sidebar_charts_tables_and_exports(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), "pages/deadlines.py")
    short = {lang: codes.labels("body", lang, tiny_store)["mvd"] for lang in ("ru", "kk", "en")}
    assert short == {
        "ru": "Министерство внутренних дел",
        "kk": "Ішкі істер министрлігі",
        "en": "Ministry of Internal Affairs",
    }
    assert short["ru"] in at.multiselect(key="f_bodies").options  # the sidebar
    chart_name = deadlines.group_label("body", "mvd", lambda k, c: short["ru"])
    rows = pd.DataFrame(
        {
            "appeal_id": ["x"],
            "received_date": [date(2016, 1, 1)],
            "due_date": [date(2016, 1, 2)],
            "days_overdue": [3],
            "body_id": ["mvd"],
            "region_code": ["75"],
            "category_code": ["07.01"],
            "appeal_type": ["complaint"],
        }
    )
    table = deadlines.overdue_table(rows, "ru", lambda k, c: codes.labels(k, "ru", tiny_store)[c])
    assert table[i18n.t("deadlines.columns.body")].tolist() == [chart_name]  # list and export


def test_a_single_month_is_one_point_on_an_axis_from_zero():
    monthly = pd.DataFrame(
        {
            "received_month": [date(2015, 3, 1)],
            "n_received": [40],
            "n_late": [2],
            "late_share": [0.05],
        }
    )
    assert deadlines.late_lines(monthly, "ru").series.tolist() == ["за месяц"]
    fig = deadlines.late_chart(monthly, "30.09.2017", "ru")
    assert len(fig.data) == 1 and "markers" in fig.data[0].mode
    assert fig.layout.yaxis.rangemode == "tozero"
