"""Plotly figures in one house style: restrained palette, one font, locale number formats.

Hover texts are pre-formatted with dashboard.i18n (so ru shows "49,95 %", "янв. 2016"), and
date axes get babel month names, because plotly.js only knows English month names. Shares stay
0–1 fractions in figure data (so `fig.add_hline(y=0.5)` means 50 %); share axes get explicit
ticks labelled like the cards ("0,6 %", "40 %"): plotly's d3 percent format cannot put the
space before % (localise_share_axes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.i18n import (
    fmt_date,
    fmt_int,
    fmt_month,
    fmt_number,
    fmt_share,
    is_missing,
    norm_lang,
)

PALETTE: dict[str, str] = {
    "primary": "#1f4e79",  # deep blue: the main series
    "teal": "#2a8c8c",  # second series; "better than expected"
    "amber": "#d99a1e",  # warnings (beyond the 95 % limit)
    "red": "#b3261e",  # late answers, breaches, beyond the 99.8 % limit
    "slate": "#6b7b8c",
    "light_blue": "#9dc3e6",
    "grey": "#8c8c8c",  # reference lines
    "light_grey": "#d9d9d9",  # masked cells (too few appeals to show)
    "grid": "#e8e8e8",
    "ink": "#262626",  # text
}
# Order in which categorical series take colours: blues and teals first, alarm colours last.
COLORWAY: list[str] = [
    PALETTE["primary"],
    PALETTE["teal"],
    PALETTE["slate"],
    PALETTE["light_blue"],
    "#8fcfc9",
    "#4d4d4d",
    "#b0b7bf",
    PALETTE["amber"],
]
# Sequential scale for heatmaps and the tile map: near-white to the primary blue.
SEQUENTIAL: list[list[float | str]] = [[0.0, "#f0f4f9"], [0.5, "#6f9bc8"], [1.0, "#1f4e79"]]
# PT Sans covers Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і); the rest are fallbacks.
FONT_FAMILY = "'PT Sans', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_SIZE = 13  # px
# plotly `separators`: first char = decimal mark, second = thousands separator.
SEPARATORS: dict[str, str] = {"ru": ", ", "kk": ", ", "en": ".,"}
SHARE_TICKFORMAT = ".2~%"  # 0.0048 -> "0,48%", 0.5 -> "50%"
HOVER = "%{hovertext}<extra></extra>"
ROW_HEIGHT = 170  # px per row of small multiples
Y_TITLE_GAP = 24  # px between a small-multiples y title and the tick labels beside it


def apply_house_style(fig: go.Figure, lang: str = "ru") -> go.Figure:
    """Font, colours, white background, left title, locale separators; returns `fig`."""
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": PALETTE["ink"]},
        colorway=COLORWAY,
        separators=SEPARATORS[norm_lang(lang)],
        paper_bgcolor="white",
        plot_bgcolor="white",
        title={"x": 0.0, "xanchor": "left", "pad": {"l": 12}, "font": {"size": 17}},
        margin={"l": 64, "r": 24, "t": 84, "b": 56},
        hoverlabel={"bgcolor": "white", "font": {"family": FONT_FAMILY}},
        legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
    )
    fig.update_xaxes(gridcolor=PALETTE["grid"], linecolor=PALETTE["grey"], zeroline=False)
    fig.update_yaxes(gridcolor=PALETTE["grid"], linecolor=PALETTE["grey"], zeroline=False)
    return fig


def new_figure(title: str, lang: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title={"text": title})
    return apply_house_style(fig, lang)


# --- value and label formatting ----------------------------------------------------------


def fmt_value(v: object, lang: str, is_share: bool) -> str:
    if is_missing(v):
        return "—"
    if is_share:
        return fmt_share(float(v), lang)
    number = float(v)
    return fmt_int(number, lang) if number.is_integer() else fmt_number(number, lang, 1)


def _is_datelike(values: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    sample = values.dropna()
    return len(sample) > 0 and all(isinstance(v, date) for v in sample.head(20))


def _fmt_x(values: pd.Series, lang: str) -> list[str]:
    """Hover labels for x: month names for month starts, dates otherwise, else str()."""
    if not _is_datelike(values):
        return [str(v) for v in values]
    stamps = pd.to_datetime(values)
    if all(s.day == 1 for s in stamps.dropna()):
        return [fmt_month(s, lang) for s in stamps]
    return [fmt_date(s, lang) for s in stamps]


def _date_ticks(
    values: Iterable[object], lang: str, max_ticks: int = 12
) -> tuple[list[datetime], list[str]]:
    """Ticks at month starts, every 1/3/12/24/60 months to stay under `max_ticks`.

    Labels are babel month names ("янв. 2016"), or bare years once ticks are a year apart.
    """
    stamps = pd.to_datetime(pd.Series(list(values))).dropna()
    if stamps.empty:
        return [], []
    first, last = stamps.min().to_period("M").to_timestamp(), stamps.max()
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((s for s in (1, 3, 12, 24) if -(-months // s) <= max_ticks), 60)
    ticks = pd.date_range(first, last, freq="MS")
    if step >= 12:
        ticks = ticks[ticks.month == 1][:: step // 12]
        if ticks.empty:  # less than a year from first to last January: one tick at the start
            ticks = pd.DatetimeIndex([first])
        return [d.to_pydatetime() for d in ticks], [str(d.year) for d in ticks]
    ticks = ticks[(ticks.month - 1) % step == 0]
    return [d.to_pydatetime() for d in ticks], [fmt_month(d, lang) for d in ticks]


def _localise_x(fig: go.Figure, values: pd.Series, lang: str, max_ticks: int = 12) -> None:
    """Babel month names on a date x axis; category type on a code axis ("11" is not 11)."""
    if _is_datelike(values):
        tickvals, ticktext = _date_ticks(values, lang, max_ticks)
        fig.update_xaxes(tickvals=tickvals, ticktext=ticktext)
    else:
        fig.update_xaxes(type="category")


def _share_axis(is_share: bool) -> dict[str, object]:
    # ",~r" groups thousands ("20 000") where plotly's default would write "20k".
    return {"tickformat": SHARE_TICKFORMAT} if is_share else {"tickformat": ",~r"}


def share_ticks(top: float, lang: str, n: int = 5) -> tuple[list[float], list[str]]:
    """Round ticks from 0 to just above `top` (a 0–1 share) labelled as the cards write shares:
    "0,6 %", "40 %" (plotly's own percent format cannot put the space before %)."""
    if not top > 0:
        return [0.0], [fmt_share(0.0, lang, digits=0)]
    raw = top / n
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    values = [round(i * step, 12) for i in range(int(top / step + 1e-9) + 2)]
    digits = next(d for d in range(6) if abs(round(step * 100, d) - step * 100) < 1e-9)
    return values, [fmt_share(v, lang, digits=digits) for v in values]


def localise_share_axes(fig: go.Figure, lang: str, value_axis: str = "y") -> go.Figure:
    """Give each share axis of `fig` (y, y2… or x for horizontal bars) share_ticks of its data."""
    tops: dict[str, float] = {}
    for trace in fig.data:
        name = getattr(trace, f"{value_axis}axis", None) or value_axis
        data = getattr(trace, value_axis)
        values = pd.to_numeric(pd.Series([] if data is None else list(data)), errors="coerce")
        if values.notna().any():
            tops[name] = max(tops.get(name, 0.0), float(values.max()))
    shared = any(getattr(a, "matches", None) for a in fig.select_yaxes())
    for name, top in tops.items():
        vals, text = share_ticks(max(tops.values()) if shared else top, lang)
        key = name.replace("x", "xaxis").replace("y", "yaxis")
        fig.layout[key].update(tickmode="array", tickvals=vals, ticktext=text)
    return fig


def _groups(df: pd.DataFrame, color: str | None) -> list[tuple[str | None, pd.DataFrame]]:
    if color is None:
        return [(None, df)]
    return [(str(k), g) for k, g in df.groupby(color, sort=False, dropna=False)]


def _hover(names: Sequence[str | None], xs: list[str], ys: list[str]) -> list[str]:
    return [
        (f"<b>{n}</b><br>" if n else "") + f"{x}: <b>{y}</b>"
        for n, x, y in zip(names, xs, ys, strict=True)
    ]


# --- chart builders ----------------------------------------------------------------------


def line_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    color: str | None = None,
    x_title: str = "",
    y_title: str = "",
    lang: str = "ru",
    y_is_share: bool = False,
    hover_x: str | None = None,
) -> go.Figure:
    """Lines of `y` over `x`, one per `color` value; y starts at zero (no exaggerated trends).

    `hover_x` names a column of ready x labels for hovers ("I кв. 2016" for a quarter start).
    """
    fig = new_figure(title, lang)
    for name, g in _groups(df, color):
        g = g.sort_values(x)
        ys = [fmt_value(v, lang, y_is_share) for v in g[y]]
        xs = [str(v) for v in g[hover_x]] if hover_x else _fmt_x(g[x], lang)
        fig.add_trace(
            go.Scatter(
                x=g[x],
                y=g[y],
                name=name or y_title,
                mode="lines+markers" if len(g) <= 24 else "lines",
                line={"width": 2.5 if color is None else 2},
                hovertext=_hover([name] * len(g), xs, ys),
                hovertemplate=HOVER,
            )
        )
    fig.update_layout(
        showlegend=color is not None,
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": y_title}, "rangemode": "tozero", **_share_axis(y_is_share)},
    )
    _localise_x(fig, df[x] if x in df else pd.Series(dtype=object), lang)
    return localise_share_axes(fig, lang) if y_is_share else fig


def bar_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    color: str | None = None,
    orientation: str = "v",
    x_title: str = "",
    y_title: str = "",
    lang: str = "ru",
    y_is_share: bool = False,
    barmode: str = "group",
) -> go.Figure:
    """Bars of `y` per category `x`; with orientation="h" categories run down, first on top.

    `x_title` always names the category axis and `y_title` the value axis.
    """
    if orientation not in ("v", "h"):
        raise ValueError(f"orientation must be 'v' or 'h', not {orientation!r}")
    if barmode not in ("group", "stack"):
        raise ValueError(f"barmode must be 'group' or 'stack', not {barmode!r}")
    fig = new_figure(title, lang)
    for name, g in _groups(df, color):
        ys = [fmt_value(v, lang, y_is_share) for v in g[y]]
        cats = [str(v) for v in g[x]]
        values, categories = g[y], cats
        fig.add_trace(
            go.Bar(
                x=values if orientation == "h" else categories,
                y=categories if orientation == "h" else values,
                orientation=orientation,
                name=name or y_title,
                marker={"color": PALETTE["primary"]} if color is None else {},
                hovertext=_hover([name] * len(g), _fmt_x(g[x], lang), ys),
                hovertemplate=HOVER,
            )
        )
    value_axis = {"title": {"text": y_title}, **_share_axis(y_is_share)}
    category_axis = {"title": {"text": x_title}, "type": "category"}
    if orientation == "h":
        category_axis["autorange"] = "reversed"
        fig.update_layout(xaxis=value_axis, yaxis=category_axis)
    else:
        fig.update_layout(xaxis=category_axis, yaxis=value_axis)
    fig.update_layout(barmode=barmode, showlegend=color is not None, bargap=0.25)
    if y_is_share:
        localise_share_axes(fig, lang, "x" if orientation == "h" else "y")
    return fig


def small_multiples(
    df: pd.DataFrame,
    x: str,
    y: str,
    facet: str,
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    lang: str = "ru",
    y_is_share: bool = False,
    cols: int = 4,
    hover_x: str | None = None,
    shared_y: bool = False,
) -> go.Figure:
    """A strip of small line charts, one per `facet` value, in order of first appearance.

    X is shared. With `shared_y` every panel has one y scale (panels of the same measure, such
    as regions, compared by size); else each its own, when the point is each trend's shape
    (different measures), and the caller says so.
    `hover_x` names a column of ready x labels for hovers, as in line_chart.
    """
    facets = list(pd.unique(df[facet])) if facet in df else []
    if not facets:
        fig = new_figure(title, lang)
        fig.update_layout(xaxis_title_text=x_title, yaxis_title_text=y_title)
        return fig
    ncols = max(1, min(cols, len(facets)))
    nrows = -(-len(facets) // ncols)
    fig = make_subplots(
        rows=nrows,
        cols=ncols,
        subplot_titles=[str(f) for f in facets],
        shared_xaxes=True,
        x_title=x_title or None,
        y_title=y_title or None,
        horizontal_spacing=0.06,
        vertical_spacing=min(0.12, 0.5 / nrows),
    )
    fig.update_layout(title={"text": title})
    apply_house_style(fig, lang)
    for i, value in enumerate(facets):
        g = df[df[facet] == value].sort_values(x)
        ys = [fmt_value(v, lang, y_is_share) for v in g[y]]
        xs = [str(v) for v in g[hover_x]] if hover_x else _fmt_x(g[x], lang)
        fig.add_trace(
            go.Scatter(
                x=g[x],
                y=g[y],
                name=str(value),
                mode="lines",
                line={"color": PALETTE["primary"], "width": 2},
                hovertext=_hover([str(value)] * len(g), xs, ys),
                hovertemplate=HOVER,
            ),
            row=i // ncols + 1,
            col=i % ncols + 1,
        )
    fig.update_yaxes(rangemode="tozero", **_share_axis(y_is_share))
    if shared_y:
        fig.update_yaxes(matches="y")
    if y_is_share:
        localise_share_axes(fig, lang)
    fig.update_annotations(font={"size": 12})  # panel titles smaller than the figure title
    # make_subplots puts the shared y title right against the first panel's tick labels
    fig.update_annotations(selector={"textangle": -90}, xshift=-Y_TITLE_GAP)
    fig.update_layout(
        margin={"l": fig.layout.margin.l + Y_TITLE_GAP if fig.layout.margin.l else 80}
    )
    fig.update_layout(showlegend=False, height=ROW_HEIGHT * nrows + 140)
    # Panels above an empty slot of the last row would otherwise lose their x labels.
    fig.update_xaxes(showticklabels=True)
    _localise_x(fig, df[x], lang, max_ticks=3)
    return fig
