"""Figures of the repeat and thematic pages in the house style: the repeat heatmap with n on
hover, the funnel plot coloured by the flags of dashboard.analysis.funnel, chain lengths.

The funnel here draws the module's own flags (not limits re-read from the curve), so the plot
and the hotspot table can never disagree about a unit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.funnel import FunnelResult
from dashboard.i18n import fmt_int, fmt_share, t
from dashboard.ui import charts_analysis
from dashboard.ui.charts import (
    HOVER,
    PALETTE,
    SHARE_TICKFORMAT,
    bar_chart,
    line_chart,
    new_figure,
)

# flag -> (legend key, colour); "higher is worse" for repeats, so above is red/amber.
FLAG_STYLE: dict[str, tuple[str, str]] = {
    "above_998": ("repeats.flag.above_998", PALETTE["red"]),
    "above_95": ("repeats.flag.above_95", PALETTE["amber"]),
    "within": ("repeats.flag.within", PALETTE["primary"]),
    "below_95": ("repeats.flag.below_95", PALETTE["teal"]),
    "below_998": ("repeats.flag.below_998", PALETTE["teal"]),
    "too_small": ("repeats.flag.too_small", PALETTE["light_grey"]),
}
CELL_HEIGHT = 24  # px per heatmap row
HEATMAP_CHROME = 300  # px of title, column labels and margins around the heatmap rows


def repeat_heatmap(
    cells: pd.DataFrame, *, title: str, x_title: str, y_title: str, lang: str
) -> go.Figure:
    """Repeat share per (row, col) cell, cells under the minimum n grey; share and n on hover."""
    fig = charts_analysis.heatmap(
        cells,
        "col",
        "row",
        "share",
        title=title,
        x_title=x_title,
        y_title=y_title,
        lang=lang,
        mask_col="small",
        show_values=cells["row"].nunique() <= 20,
    )
    n_text = {(r, c): n for r, c, n in zip(cells["row"], cells["col"], cells["n"], strict=True)}
    main = fig.data[0]
    main.hovertext = [
        [
            f"{text}<br>n = {fmt_int(n_text[(y, x)], lang)}" if (y, x) in n_text else text
            for x, text in zip(main.x, row, strict=True)
        ]
        for y, row in zip(main.y, main.hovertext, strict=True)
    ]
    # Long column names read better slanted under the grid than crowding the title above it.
    fig.update_xaxes(side="bottom", tickangle=-35)
    return fig.update_layout(
        height=CELL_HEIGHT * cells["row"].nunique() + HEATMAP_CHROME, margin={"t": 70, "b": 200}
    )


def _limit_lines(curve: pd.DataFrame, target: float, lang: str) -> list[go.Scatter]:
    """95 % (dashed) and 99.8 % (solid) limits, and the target line."""
    traces = charts_analysis.limit_traces(curve, lang, sep="_")
    traces.append(
        go.Scatter(
            x=[curve["n"].min(), curve["n"].max()],
            y=[target, target],
            mode="lines",
            name=t("repeats.funnel.target", lang, target=fmt_share(target, lang)),
            line={"color": PALETTE["ink"], "width": 1},
            hoverinfo="skip",
        )
    )
    return traces


def log_ticks(low: float, high: float) -> list[int]:
    """1, 2, 5 × 10^k between low and high: plotly's own log ticks crowd ("600 700 800 900")."""
    ticks = [m * 10**k for k in range(0, 9) for m in (1, 2, 5)]
    return [v for v in ticks if low <= v <= high * 1.05]


def funnel_chart(
    result: FunnelResult, curve: pd.DataFrame, *, title: str, x_title: str, y_title: str, lang: str
) -> go.Figure:
    """Each unit's repeat share against its n, coloured by its flag, inside the limits."""
    fig = new_figure(title, lang)
    fig.add_traces(_limit_lines(curve, result.target, lang))
    units = result.units
    for flag, (key, colour) in FLAG_STYLE.items():
        g = units[units["flag"] == flag]
        if g.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=g["n"],
                y=g["share"],
                mode="markers",
                name=t(key, lang),
                marker={"color": colour, "size": 8, "line": {"color": "white", "width": 1}},
                hovertext=[
                    f"<b>{u}</b><br>n = {fmt_int(n, lang)}<br>"
                    f"{t('repeats.funnel.hover', lang, e=fmt_int(e, lang), s=fmt_share(s, lang))}"
                    for u, n, e, s in zip(g["unit"], g["n"], g["events"], g["share"], strict=True)
                ],
                hovertemplate=HOVER,
            )
        )
    top = float(max(units["share"].max() if len(units) else 0.0, result.target) * 1.15 + 0.01)
    fig.update_layout(
        xaxis={
            "title": {"text": x_title},
            "type": "log",
            "tickformat": ",d",
            "tickvals": log_ticks(float(curve["n"].min()), float(curve["n"].max())),
        },
        yaxis={"title": {"text": y_title}, "tickformat": SHARE_TICKFORMAT, "range": [0, top]},
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"},
    )
    return fig


def lengths_chart(
    lengths: pd.DataFrame, *, title: str, x_title: str, y_title: str, lang: str
) -> go.Figure:
    """Number of chains by their number of rounds."""
    df = lengths.assign(rounds=lengths["n_rounds"].astype(str))
    return bar_chart(
        df, "rounds", "n_chains", title=title, x_title=x_title, y_title=y_title, lang=lang
    )


# --- thematic page ---------------------------------------------------------------------------

BAR_HEIGHT = 26  # px per bar of a ranked chart
BAR_CHROME = 170  # px of title and axes around the bars


def topic_trend(monthly: pd.DataFrame, topic: str, lang: str) -> tuple[go.Figure, go.Figure]:
    """The topic's appeals per month, and its share of all appeals per month."""
    df = monthly.assign(period_start=pd.to_datetime(monthly["period_start"]))
    volume = line_chart(
        df,
        "period_start",
        "n_received",
        title=t("thematic.trend.chart", lang, topic=topic),
        x_title=t("thematic.trend.x", lang),
        y_title=t("thematic.trend.y", lang),
        lang=lang,
    )
    share = line_chart(
        df,
        "period_start",
        "share_of_all",
        title=t("thematic.trend.share_chart", lang, topic=topic),
        x_title=t("thematic.trend.x", lang),
        y_title=t("thematic.trend.share_y", lang),
        lang=lang,
        y_is_share=True,
    )
    return volume, share


def region_rates_chart(rates: pd.DataFrame, topic: str, period: str, lang: str) -> go.Figure:
    """Appeals on the topic per 10 000 residents by region, highest on top, n in the label."""
    df = rates.assign(
        label=[
            f"{r} (n\u00a0=\u00a0{fmt_int(n, lang)})"
            for r, n in zip(rates["region"], rates["n"], strict=True)
        ]
    )
    fig = bar_chart(
        df,
        "label",
        "per_10k",
        orientation="h",
        title=t("thematic.regions.chart", lang, topic=topic, period=period),
        y_title=t("thematic.regions.x", lang),
        lang=lang,
    )
    return fig.update_layout(height=BAR_HEIGHT * len(df) + BAR_CHROME)


def answers_chart(split: pd.DataFrame, what: str, lang: str) -> go.Figure:
    """Answered appeals by outcome or by signature level, as shares with n in the label."""
    df = split.assign(
        label=[
            f"{lbl} (n\u00a0=\u00a0{fmt_int(n, lang)})"
            for lbl, n in zip(split["label"], split["n"], strict=True)
        ]
    )
    fig = bar_chart(
        df,
        "label",
        "share",
        orientation="h",
        title=t(f"thematic.answers.{what}_chart", lang),
        y_title=t("thematic.answers.x", lang),
        lang=lang,
        y_is_share=True,
    )
    return fig.update_layout(height=BAR_HEIGHT * max(len(df), 3) + BAR_CHROME)
