"""House-style plotly figures (dashboard/ui/charts.py): titles, axes, locale formats, empty data."""

import math
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.i18n import NBSP
from dashboard.ui import charts, charts_analysis

MONTHS = pd.date_range("2016-01-01", "2016-12-01", freq="MS")


@pytest.fixture
def monthly():
    return pd.DataFrame(
        {
            "month": list(MONTHS) * 2,
            "level": ["ЦГО"] * 12 + ["МИО"] * 12,
            "n_received": [41000 + 100 * i for i in range(12)]
            + [68000 + 50 * i for i in range(12)],
            "late_share": [0.004995] * 24,
        }
    )


@pytest.fixture
def by_region():
    return pd.DataFrame(
        {
            "region_code": ["11", "75", "71"],
            "n_received": [40000, 98000, 61000],
            "share": [0.5, 0.4995, 0.45],
        }
    )


@pytest.fixture
def cells():
    return pd.DataFrame(
        {
            "region": ["Акмолинская", "Акмолинская", "г. Алматы", "г. Алматы"],
            "section": ["Жильё", "Земля", "Жильё", "Земля"],
            "repeat_share": [0.02, 0.5, 0.04, 0.06],
            "is_small": [False, True, False, False],
        }
    )


@pytest.fixture
def funnel_data():
    n = np.array([100, 500, 1000, 5000, 20000], dtype=float)
    p = 0.05
    se = np.sqrt(p * (1 - p) / n)
    limits = pd.DataFrame(
        {
            "n": n,
            "lower95": p - 1.96 * se,
            "upper95": p + 1.96 * se,
            "lower998": p - 3.09 * se,
            "upper998": p + 3.09 * se,
        }
    )
    units = pd.DataFrame(
        {
            "body": ["inside", "warn", "alarm", "better"],
            "n_received": [1000, 5000, 5000, 20000],
            "repeat_share": [0.05, 0.057, 0.07, 0.045],
        }
    )
    return units, limits


@pytest.fixture
def tiles():
    return pd.DataFrame(
        {
            "tile_row": [0, 0, 1],
            "tile_col": [1, 2, 0],
            "name": ["СКО", "ПАВ", "АКМ"],
            "per_10k": [12.5, 30.0, 7.25],
        }
    )


def build(kind: str, data: dict, lang: str = "ru", empty: bool = False) -> go.Figure:
    """One figure of each kind with titles on everything, optionally from an empty frame."""

    def frame(df: pd.DataFrame) -> pd.DataFrame:
        return df.iloc[0:0] if empty else df

    if kind == "line":
        return charts.line_chart(
            frame(data["monthly"]),
            "month",
            "n_received",
            color="level",
            title="Received by month",
            x_title="Month",
            y_title="appeals",
            lang=lang,
        )
    if kind == "bar":
        return charts.bar_chart(
            frame(data["by_region"]),
            "region_code",
            "n_received",
            title="Received by region",
            x_title="Region",
            y_title="appeals",
            lang=lang,
        )
    if kind == "small_multiples":
        return charts.small_multiples(
            frame(data["monthly"]),
            "month",
            "late_share",
            "level",
            title="Late share by level",
            x_title="Month",
            y_title="%",
            lang=lang,
            y_is_share=True,
        )
    if kind == "heatmap":
        return charts_analysis.heatmap(
            frame(data["cells"]),
            "section",
            "region",
            "repeat_share",
            mask_col="is_small",
            title="Repeat share",
            x_title="Section",
            y_title="Region",
            lang=lang,
        )
    if kind == "funnel":
        units, limits = data["funnel"]
        return charts_analysis.funnel_plot(
            frame(units),
            "n_received",
            "repeat_share",
            "body",
            frame(limits),
            target=0.05,
            title="Repeat funnel",
            x_title="Appeals",
            y_title="Repeat share",
            lang=lang,
        )
    return charts_analysis.tile_map(
        frame(data["tiles"]), "tile_row", "tile_col", "name", "per_10k",
        title="Per 10 000", value_title="per 10 000 residents", lang=lang,
    )  # fmt: skip


KINDS = ["line", "bar", "small_multiples", "heatmap", "funnel", "tile_map"]


@pytest.fixture
def data(monthly, by_region, cells, funnel_data, tiles):
    return {
        "monthly": monthly,
        "by_region": by_region,
        "cells": cells,
        "funnel": funnel_data,
        "tiles": tiles,
    }


def axis_titles(fig: go.Figure) -> set[str]:
    """Axis titles, plus shared subplot titles that make_subplots writes as annotations."""
    titles = {fig.layout.xaxis.title.text, fig.layout.yaxis.title.text}
    titles |= {a.text for a in fig.layout.annotations or ()}
    return {x for x in titles if x}


def hover_texts(fig: go.Figure) -> list[str]:
    out: list[str] = []
    for trace in fig.data:
        for item in np.ravel(np.asarray(trace.hovertext if trace.hovertext is not None else [])):
            out.append(str(item))
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("lang", "separators"), [("ru", ", "), ("kk", ", "), ("en", ".,")])
def test_every_chart_has_title_and_locale_separators(kind, lang, separators, data):
    fig = build(kind, data, lang)
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    assert fig.layout.separators == separators
    assert fig.layout.plot_bgcolor == "white"
    assert fig.layout.font.family == charts.FONT_FAMILY
    fig.to_json()  # a figure plotly cannot serialise would fail in the browser


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("line", {"Month", "appeals"}),
        ("bar", {"Region", "appeals"}),
        ("small_multiples", {"Month", "%"}),
        ("heatmap", {"Section", "Region"}),
        ("funnel", {"Appeals", "Repeat share"}),
    ],
)
def test_axis_titles_are_set(kind, expected, data):
    assert expected <= axis_titles(build(kind, data))


def test_tile_map_names_its_colour_scale(data):
    fig = build("tile_map", data)
    assert fig.data[0].colorbar.title.text == "per 10 000 residents"


@pytest.mark.parametrize("kind", KINDS)
def test_every_chart_survives_an_empty_frame(kind, data):
    fig = build(kind, data, empty=True)
    assert fig.layout.title.text
    assert fig.layout.separators == ", "
    fig.to_json()


# --- formats -------------------------------------------------------------------------------


def test_line_hover_shows_russian_numbers_and_months(data):
    texts = hover_texts(build("line", data, "ru"))
    assert f"янв. 2016: <b>41{NBSP}000</b>" in texts[0]
    assert "ЦГО" in texts[0]


def test_share_hover_uses_percent_with_space_in_ru_and_none_in_en(monthly):
    ru = charts.line_chart(monthly, "month", "late_share", title="t", lang="ru", y_is_share=True)
    en = charts.line_chart(monthly, "month", "late_share", title="t", lang="en", y_is_share=True)
    assert f"0,50{NBSP}%" in hover_texts(ru)[0]
    assert "0.50%" in hover_texts(en)[0]
    assert ru.layout.yaxis.tickformat == charts.SHARE_TICKFORMAT


def test_date_axis_ticks_use_babel_month_names(monthly):
    ru = charts.line_chart(monthly, "month", "n_received", title="t", lang="ru")
    kk = charts.line_chart(monthly, "month", "n_received", title="t", lang="kk")
    assert ru.layout.xaxis.ticktext[0] == "янв. 2016"
    assert kk.layout.xaxis.ticktext[0] == "2016 ж. қаң."
    assert len(ru.layout.xaxis.ticktext) == 12


def test_long_date_axis_thins_to_years():
    months = pd.date_range("2013-01-01", "2017-09-01", freq="MS")
    df = pd.DataFrame({"month": months, "n": range(len(months))})
    fig = charts.line_chart(df, "month", "n", title="t")
    assert list(fig.layout.xaxis.ticktext) == ["2013", "2014", "2015", "2016", "2017"]


def test_code_axis_is_categorical_not_numeric(data):
    # Region "11" must not be placed at x = 11 on a numeric axis.
    assert build("bar", data).layout.xaxis.type == "category"


def test_one_trace_per_colour_group(data):
    fig = build("line", data)
    assert [tr.name for tr in fig.data] == ["ЦГО", "МИО"]
    assert fig.layout.showlegend is True


# --- chart-specific behaviour ----------------------------------------------------------------


def test_horizontal_bars_put_values_on_x_and_first_category_on_top(by_region):
    fig = charts.bar_chart(
        by_region, "region_code", "n_received", orientation="h", title="t",
        x_title="Region", y_title="appeals",
    )  # fmt: skip
    bar = fig.data[0]
    assert bar.orientation == "h"
    assert list(bar.y) == ["11", "75", "71"]
    assert list(bar.x) == [40000, 98000, 61000]
    assert fig.layout.xaxis.title.text == "appeals"
    assert fig.layout.yaxis.autorange == "reversed"


def test_bar_chart_stacks_on_request(monthly):
    fig = charts.bar_chart(
        monthly, "month", "n_received", color="level", title="t", barmode="stack"
    )
    assert fig.layout.barmode == "stack" and len(fig.data) == 2


@pytest.mark.parametrize("bad", [{"orientation": "x"}, {"barmode": "overlay"}])
def test_bar_chart_rejects_unknown_options(by_region, bad):
    with pytest.raises(ValueError):
        charts.bar_chart(by_region, "region_code", "n_received", title="t", **bad)


def test_small_multiples_one_panel_per_facet_in_order(monthly):
    fig = charts.small_multiples(monthly, "month", "late_share", "level", title="t", cols=4)
    assert [tr.name for tr in fig.data] == ["ЦГО", "МИО"]
    assert fig.data[0].xaxis == "x" and fig.data[1].xaxis == "x2"
    assert {"ЦГО", "МИО"} <= {a.text for a in fig.layout.annotations}


def test_heatmap_greys_masked_cells_and_hides_their_value(data):
    fig = build("heatmap", data)
    main, grey = fig.data
    assert list(main.x) == ["Жильё", "Земля"] and list(main.y) == ["Акмолинская", "г. Алматы"]
    assert math.isnan(main.z[0][1])  # the small cell is not coloured by its noisy 50 %
    assert main.z[1][1] == pytest.approx(0.06)
    assert grey.z[0][1] == 1.0 and math.isnan(grey.z[0][0])
    assert main.text[0][0] == f"2,00{NBSP}%"
    assert "мало обращений" in grey.hovertext[0][1]


def test_heatmap_without_mask_has_one_trace(cells):
    fig = charts_analysis.heatmap(cells, "section", "region", "repeat_share", title="t")
    assert len(fig.data) == 1 and main_values(fig) == [0.02, 0.5, 0.04, 0.06]


def main_values(fig: go.Figure) -> list[float]:
    return [float(v) for v in np.ravel(np.asarray(fig.data[0].z, dtype=float))]


def test_funnel_colours_units_by_the_limit_they_cross(data):
    fig = build("funnel", data)
    names = {tr.name: tr for tr in fig.data if tr.mode == "markers"}
    assert set(names) == {"В пределах границ", "За границей 95 %", "За границей 99,8 %",
                          "Значимо лучше среднего"}  # fmt: skip
    alarm = names["За границей 99,8 %"]
    assert alarm.marker.color == charts.PALETTE["red"]
    assert "alarm" in alarm.hovertext[0] and f"n = 5{NBSP}000" in alarm.hovertext[0]


def test_funnel_when_higher_is_better_flips_the_colours(funnel_data):
    units, limits = funnel_data
    fig = charts_analysis.funnel_plot(
        units, "n_received", "repeat_share", "body", limits, target=0.05, title="t",
        higher_is_worse=False,
    )  # fmt: skip
    better = next(tr for tr in fig.data if tr.name == "Значимо лучше среднего")
    assert {"alarm", "warn"} <= {h.split("</b>")[0].removeprefix("<b>") for h in better.hovertext}


def test_funnel_draws_limits_and_centre_line(data):
    fig = build("funnel", data)
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert len(lines) == 5  # two sides of two limits, plus the centre
    centre = lines[-1]
    assert set(centre.y) == {0.05} and "5,00" in centre.name


def test_tile_map_places_tiles_by_row_and_column(data):
    fig = build("tile_map", data)
    tile = fig.data[0]
    z = np.asarray(tile.z, dtype=float)
    assert z.shape == (2, 3)
    assert z[0, 1] == 12.5 and z[1, 0] == 7.25 and math.isnan(z[0, 0])
    assert tile.text[0][2] == "ПАВ<br><b>30</b>"
    assert tile.text[1][0] == "АКМ<br><b>7,3</b>"
    assert fig.layout.yaxis.autorange == "reversed"


def test_apply_house_style_returns_same_figure_with_palette():
    fig = go.Figure()
    assert charts.apply_house_style(fig, "en") is fig
    assert fig.layout.separators == ".,"
    assert list(fig.layout.colorway)[0] == "#1f4e79"


def test_dates_as_python_dates_are_treated_as_dates():
    df = pd.DataFrame({"day": [date(2016, 1, 1), date(2016, 2, 1)], "n": [1, 2]})
    fig = charts.line_chart(df, "day", "n", title="t", lang="en")
    assert list(fig.layout.xaxis.ticktext) == ["Jan 2016", "Feb 2016"]


def test_funnel_classes_reads_limits_at_each_units_n(funnel_data):
    units, limits = funnel_data
    classes = charts_analysis.funnel_classes(units, "n_received", "repeat_share", limits, True)
    assert list(classes) == ["inside", "warn", "alarm", "better"]
    flipped = charts_analysis.funnel_classes(units, "n_received", "repeat_share", limits, False)
    assert list(flipped) == ["inside", "better", "better", "alarm"]


def test_heatmap_colour_scale_starts_at_zero(data):
    main = build("heatmap", data).data[0]
    assert (main.zmin, main.zmax) == (0, pytest.approx(0.06))


def test_share_axes_are_labelled_as_the_cards_write_shares():
    df = pd.DataFrame({"m": [date(2016, 1, 1), date(2016, 2, 1)], "s": [0.002, 0.006]})
    fig = charts.line_chart(df, "m", "s", title="t", lang="ru", y_is_share=True)
    assert fig.layout.yaxis.ticktext[:3] == ("0,0\u00a0%", "0,2\u00a0%", "0,4\u00a0%")
    assert max(fig.layout.yaxis.tickvals) >= 0.006  # the ticks reach above the data
    bars = pd.DataFrame({"g": ["a", "b"], "s": [0.4, 0.1]})
    fig = charts.bar_chart(bars, "g", "s", title="t", orientation="h", lang="kk", y_is_share=True)
    assert "40\u00a0%" in fig.layout.xaxis.ticktext
    assert all(" %" in t.replace("\u00a0", " ") for t in fig.layout.xaxis.ticktext)


def test_region_small_multiples_share_one_scale():
    df = pd.DataFrame(
        {
            "p": [date(2016, 1, 1), date(2016, 4, 1)] * 2,
            "v": [10, 12, 1000, 1100],
            "g": ["small", "small", "big", "big"],
        }
    )
    fig = charts.small_multiples(df, "p", "v", "g", title="t", shared_y=True)
    assert all(ax.matches == "y" for ax in fig.select_yaxes())


def test_the_definitions_do_not_promise_a_collegium_export_that_does_not_exist():
    from dashboard import i18n

    for lang in i18n.LANGS:
        text = i18n.t("data.definitions_why", lang).lower()
        assert "коллег" not in text and "алқа" not in text and "collegium" not in text


def test_small_multiples_keep_the_y_title_clear_of_the_tick_labels():
    df = pd.DataFrame({"p": [date(2016, 1, 1), date(2016, 2, 1)], "v": [0.4, 0.5], "g": ["a"] * 2})
    fig = charts.small_multiples(df, "p", "v", "g", title="t", y_title="Доля, %", y_is_share=True)
    title = next(a for a in fig.layout.annotations if a.text == "Доля, %")
    assert title.xshift <= -charts.Y_TITLE_GAP
