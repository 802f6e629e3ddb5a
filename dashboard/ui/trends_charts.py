"""The growth-trend charts: volumes or rates per period and group, and year-on-year change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.trends import LINE_MAX_GROUPS, MAX_TICKS
from dashboard.i18n import fmt_number, t
from dashboard.ui import charts


@dataclass(frozen=True)
class ChartNames:
    """Titles of the trend charts in one language: what is shown, for which period, units."""

    volume: str
    volume_y: str
    x: str
    yoy: str
    yoy_y: str


def chart_names(
    grain: str, breakdown: str, measure: str, first: date, last: date, lang: str
) -> ChartNames:
    """Chart and axis titles that say the measure, the grain ("за квартал") and the range."""
    per_grain = t(f"trends.per_grain.{grain}", lang)
    span = f"{first.year}–{last.year}" if first.year != last.year else str(first.year)
    what = t(f"trends.breakdown.{breakdown}", lang).lower()
    key = "chart_per_10k" if measure == "per_10k" else "chart"
    y_key = "y_per_10k" if measure == "per_10k" else "y_count"
    return ChartNames(
        volume=t(f"trends.trend.{key}", lang, per_grain=per_grain, range=span, breakdown=what),
        volume_y=t(f"trends.trend.{y_key}", lang, per_grain=per_grain),
        x=t(f"trends.grain_axis.{grain}", lang),
        yoy=t("trends.yoy.chart", lang, per_grain=per_grain, range=span, breakdown=what),
        yoy_y=t("trends.yoy.y", lang),
    )


def _lines(
    df: pd.DataFrame, y: str, names: tuple[str, str, str], grain: str, lang: str, share: bool
) -> go.Figure:
    """One chart for a few groups, small multiples for many (16 regions cannot share one plot
    area); the panels share one y scale so a small region looks small."""
    title, y_title, x_title = names
    common = {"title": title, "x_title": x_title, "y_title": y_title, "lang": lang}
    if df["group"].nunique() > LINE_MAX_GROUPS:
        # Panels are narrow: keep charts' year ticks, which suit every grain there.
        return charts.small_multiples(
            df,
            "period_start",
            y,
            "group",
            y_is_share=share,
            hover_x="period",
            shared_y=True,
            **common,
        )
    fig = charts.line_chart(
        df, "period_start", y, color="group", y_is_share=share, hover_x="period", **common
    )
    if grain != "month":  # name quarters and years on the axis, not their first months
        ticks = df.drop_duplicates("period_start").sort_values("period_start")
        step = -(-len(ticks) // MAX_TICKS)
        fig.update_xaxes(
            tickvals=list(pd.to_datetime(ticks["period_start"]))[::step],
            ticktext=list(ticks["period"])[::step],
        )
    return fig


def volume_chart(
    frame: pd.DataFrame, grain: str, breakdown: str, measure: str, lang: str
) -> go.Figure:
    """Volumes (or rates) per period and group, titled with the frame's own years.

    A partial period (a quarter cut by the data's end) would read as a sharp drop on the line:
    the line stops before it and it is drawn as an open marker, named so in the legend.
    """
    names = chart_names(grain, breakdown, measure, *_years(frame), lang)
    labels = (names.volume, names.volume_y, names.x)
    partial = frame["is_partial"].astype(bool) if "is_partial" in frame else None
    if partial is None or not partial.any():
        return _lines(frame, "value", labels, grain, lang, share=False)
    whole = frame.assign(value=frame["value"].where(~partial))
    fig = _lines(whole, "value", labels, grain, lang, share=False)
    if "xaxis2" not in fig.layout:  # one chart; small multiples keep the gap and the caption
        cut = frame[partial]
        name = t("trends.trend.partial_marker", lang)
        fig.add_trace(
            go.Scatter(
                x=cut["period_start"],
                y=cut["value"],
                mode="markers",
                name=name,
                marker={"symbol": "circle-open", "size": 10, "color": charts.PALETTE["grey"]},
                hovertext=[
                    f"{g}, {p}: {fmt_number(v, lang)} ({name})"
                    for g, p, v in zip(cut["group"], cut["period"], cut["value"], strict=True)
                ],
                hovertemplate=charts.HOVER,
            )
        )
        fig.update_layout(showlegend=True)
    return fig


def yoy_chart(frame: pd.DataFrame, grain: str, breakdown: str, lang: str) -> go.Figure:
    """Change against the same period a year before, per period and group."""
    names = chart_names(grain, breakdown, "count", *_years(frame), lang)
    return _lines(frame, "yoy_share", (names.yoy, names.yoy_y, names.x), grain, lang, share=True)


def _years(frame: pd.DataFrame) -> tuple[date, date]:
    starts = pd.to_datetime(frame["period_start"])
    return starts.min().date(), starts.max().date()
