"""Figures of the analysis pages in the house style: heatmap, funnel plot, tile cartogram.

Built on dashboard.charts (palette, fonts, number formats); kept apart so that module stays
the small set of everyday charts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.i18n import (
    fmt_int,
    fmt_share,
    is_missing,
    t,
)
from dashboard.ui.charts import (
    HOVER,
    PALETTE,
    SEQUENTIAL,
    SHARE_TICKFORMAT,
    fmt_value,
    new_figure,
)


def _grid(df: pd.DataFrame, row: str, col: str, value: str) -> pd.DataFrame:
    """Long (row, col, value) -> wide table in first-appearance order (last duplicate wins)."""
    rows, cols = list(pd.unique(df[row])), list(pd.unique(df[col]))
    wide = df.drop_duplicates([row, col], keep="last").set_index([row, col])[value].unstack(col)
    return wide.reindex(index=rows, columns=cols)


def _mask_layer(mask: pd.DataFrame, xs: list[str], ys: list[str], lang: str) -> go.Heatmap:
    """Flat grey cells where `mask` is True, hover saying there are too few appeals."""
    small = t("charts.small_n", lang)
    return go.Heatmap(
        z=np.where(mask.to_numpy(), 1.0, np.nan),
        x=xs,
        y=ys,
        colorscale=[[0, PALETTE["light_grey"]], [1, PALETTE["light_grey"]]],
        showscale=False,
        xgap=1,
        ygap=1,
        hoverongaps=False,
        hovertext=[[f"{yv} · {xv}: {small}" for xv in xs] for yv in ys],
        hovertemplate=HOVER,
    )


def heatmap(
    df: pd.DataFrame,
    x: str,
    y: str,
    z: str,
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    lang: str = "ru",
    z_is_share: bool = True,
    mask_col: str | None = None,
    show_values: bool = True,
) -> go.Figure:
    """Cells of `z` by (`y`, `x`); where `mask_col` is True the cell is grey and unranked.

    Masking is for cells under the minimum n: their share is too noisy to colour.
    """
    fig = new_figure(title, lang)
    values = _grid(df, y, x, z).astype(float)
    mask = (
        _grid(df, y, x, mask_col).fillna(False).astype(bool)
        if mask_col
        else pd.DataFrame(False, index=values.index, columns=values.columns)
    )
    xs, ys = [str(c) for c in values.columns], [str(r) for r in values.index]
    shown = values.where(~mask)
    top = float(np.nanmax(shown.to_numpy())) if shown.notna().any().any() else None
    cell_text = [[fmt_value(v, lang, z_is_share) for v in row] for row in shown.to_numpy()]
    hover = [
        [f"{yv} · {xv}: <b>{text}</b>" for xv, text in zip(xs, row, strict=True)]
        for yv, row in zip(ys, cell_text, strict=True)
    ]
    fig.add_trace(
        go.Heatmap(
            z=shown.to_numpy(),
            x=xs,
            y=ys,
            colorscale=SEQUENTIAL,
            # Colour from zero (plotly needs both ends): a 1 % cell must not look like "none".
            zmin=0 if top is not None else None,
            zmax=top,
            xgap=1,
            ygap=1,
            hoverongaps=False,
            text=cell_text,
            texttemplate="%{text}" if show_values else None,
            hovertext=hover,
            hovertemplate=HOVER,
            colorbar={"tickformat": SHARE_TICKFORMAT if z_is_share else ",~r"},
        )
    )
    if mask.to_numpy().any():
        fig.add_trace(_mask_layer(mask, xs, ys, lang))
    fig.update_layout(
        xaxis={"title": {"text": x_title}, "type": "category", "showgrid": False, "side": "top"},
        yaxis={
            "title": {"text": y_title},
            "type": "category",
            "autorange": "reversed",
            "showgrid": False,
        },
        margin={"t": 120},
    )
    return fig


def _classify(
    share: float, low95: float, up95: float, low998: float, up998: float, higher_is_worse: bool
) -> str:
    worse_998 = share > up998 if higher_is_worse else share < low998
    worse_95 = share > up95 if higher_is_worse else share < low95
    better_95 = share < low95 if higher_is_worse else share > up95
    if worse_998:
        return "alarm"
    if worse_95:
        return "warn"
    return "better" if better_95 else "inside"


def funnel_classes(
    df: pd.DataFrame, n_col: str, share_col: str, limits_df: pd.DataFrame, higher_is_worse: bool
) -> pd.Series:
    """Each unit's place against the limits read at its own n (linear interpolation):
    "alarm" (beyond 99.8 % on the bad side), "warn" (beyond 95 %), "better", "inside".
    """
    lim = limits_df.sort_values("n")
    if df.empty or lim.empty:
        return pd.Series("inside", index=df.index, dtype=object)
    n = df[n_col].astype(float)
    at = {c: np.interp(n, lim["n"], lim[c]) for c in _LIMIT_COLUMNS}
    rows = zip(df[share_col], *(at[c] for c in _LIMIT_COLUMNS), strict=True)
    return pd.Series([_classify(*r, higher_is_worse) for r in rows], index=df.index, dtype=object)


_LIMIT_COLUMNS = ("lower95", "upper95", "lower998", "upper998")  # order _classify expects
FUNNEL_CLASSES: dict[str, tuple[str, str]] = {  # class -> (i18n key, colour)
    "inside": ("charts.funnel_inside", PALETTE["primary"]),
    "better": ("charts.funnel_better", PALETTE["teal"]),
    "warn": ("charts.funnel_warn", PALETTE["amber"]),
    "alarm": ("charts.funnel_alarm", PALETTE["red"]),
}


def limit_traces(lim: pd.DataFrame, lang: str, sep: str = "") -> list[go.Scatter]:
    """Grey 95 % (dashed) and 99.8 % (solid) limit lines from the columns n and
    upper<sep>95, lower<sep>95, upper<sep>998, lower<sep>998."""
    traces: list[go.Scatter] = []
    for level, dash in (("95", "dash"), ("998", "solid")):
        for side in ("upper", "lower"):
            traces.append(
                go.Scatter(
                    x=lim["n"],
                    y=lim[f"{side}{sep}{level}"],
                    mode="lines",
                    name=t(f"charts.funnel_limit_{level}", lang),
                    legendgroup=level,
                    showlegend=side == "upper",
                    line={"color": PALETTE["grey"], "width": 1.2, "dash": dash},
                    hoverinfo="skip",
                )
            )
    return traces


def _funnel_lines(
    lim: pd.DataFrame, n_values: pd.Series, target: float, lang: str
) -> list[go.Scatter]:
    """Grey 95 % (dashed) and 99.8 % (solid) limit lines and the centre line at `target`."""
    traces = limit_traces(lim, lang)
    x_span = [n_values.min(), n_values.max()] if len(n_values) else []
    traces.append(
        go.Scatter(
            x=x_span,
            y=[target] * len(x_span),
            mode="lines",
            name=f"{t('charts.funnel_centre', lang)}: {fmt_share(target, lang)}",
            line={"color": PALETTE["ink"], "width": 1},
            hoverinfo="skip",
        )
    )
    return traces


def funnel_plot(
    df: pd.DataFrame,
    n_col: str,
    share_col: str,
    label_col: str,
    limits_df: pd.DataFrame,
    *,
    target: float,
    title: str,
    x_title: str = "",
    y_title: str = "",
    lang: str = "ru",
    higher_is_worse: bool = True,
    log_x: bool = False,
) -> go.Figure:
    """Units' shares against their size with 95 % and 99.8 % control limits around `target`.

    `limits_df` has columns n, lower95, upper95, lower998, upper998 (from dashboard.metrics).
    With higher_is_worse=False (satisfied share) the colours flip: high is "better".
    """
    fig = new_figure(title, lang)
    lim = limits_df.sort_values("n")
    n_values = pd.concat([lim["n"], df[n_col]]) if n_col in df else lim["n"]
    fig.add_traces(_funnel_lines(lim, n_values, target, lang))
    classes = funnel_classes(df, n_col, share_col, lim, higher_is_worse)
    for cls, (key, colour) in FUNNEL_CLASSES.items():
        g = df[classes == cls]
        if g.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=g[n_col],
                y=g[share_col],
                mode="markers",
                name=t(key, lang),
                marker={"color": colour, "size": 9, "line": {"color": "white", "width": 1}},
                hovertext=[
                    f"<b>{lbl}</b><br>n = {fmt_int(nn, lang)}<br>{fmt_share(s, lang)}"
                    for lbl, nn, s in zip(g[label_col], g[n_col], g[share_col], strict=True)
                ],
                hovertemplate=HOVER,
            )
        )
    fig.update_layout(
        xaxis={
            "title": {"text": x_title or t("metrics.n", lang)},
            "type": "log" if log_x else "-",
            "tickformat": ",d",  # "5 000", not d3's SI "5k"
        },
        yaxis={"title": {"text": y_title}, "tickformat": SHARE_TICKFORMAT, "rangemode": "tozero"},
        # Six legend entries do not fit one row under the title: list them at the right.
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"},
    )
    return fig


def tile_map(
    df: pd.DataFrame,
    row: str,
    col: str,
    label: str,
    value: str,
    *,
    title: str,
    lang: str = "ru",
    value_title: str = "",
    value_is_share: bool = False,
) -> go.Figure:
    """Tile-grid cartogram: one equal square per region at (row, col), coloured by `value`.

    Equal tiles keep small-area, high-population regions (Almaty, Astana) as visible as the
    large steppe regions. Row 0 is the top; `value_title` labels the colour bar.
    """
    fig = new_figure(title, lang)
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_layout(
        xaxis={**hidden, "constrain": "domain"},
        yaxis={**hidden, "autorange": "reversed", "scaleanchor": "x", "constrain": "domain"},
    )
    if df.empty:
        return fig
    r0, c0 = int(df[row].min()), int(df[col].min())
    nrows, ncols = int(df[row].max()) - r0 + 1, int(df[col].max()) - c0 + 1
    z = np.full((nrows, ncols), np.nan)
    text = [["" for _ in range(ncols)] for _ in range(nrows)]
    hover = [["" for _ in range(ncols)] for _ in range(nrows)]
    for rec in df[[row, col, label, value]].itertuples(index=False):
        i, j = int(rec[0]) - r0, int(rec[1]) - c0
        shown = fmt_value(rec[3], lang, value_is_share)
        z[i, j] = np.nan if is_missing(rec[3]) else float(rec[3])
        text[i][j] = f"{rec[2]}<br><b>{shown}</b>"
        hover[i][j] = f"<b>{rec[2]}</b><br>{value_title}: {shown}" if value_title else text[i][j]
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=list(range(ncols)),
            y=list(range(nrows)),
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertext=hover,
            hovertemplate=HOVER,
            hoverongaps=False,
            colorscale=SEQUENTIAL,
            xgap=4,
            ygap=4,
            colorbar={
                "title": {"text": value_title},
                "tickformat": SHARE_TICKFORMAT if value_is_share else ",~r",
            },
        )
    )
    return fig


TILE_HALF = 0.46  # half a tile's side in grid units (the rest is the gap between tiles)
TILE_ROW_PX = 118  # px of figure height per grid row (the width follows the page)


def _tile_colours(values: pd.Series) -> tuple[list[str], list[str]]:
    """Fill and text colour per tile on the sequential scale; grey where there is no value."""
    v = values.astype(float)
    lo, hi = np.nanmin(v) if v.notna().any() else 0.0, np.nanmax(v) if v.notna().any() else 1.0
    span = (hi - lo) or 1.0
    fills, texts = [], []
    for x in v:
        if np.isnan(x):
            fills.append(PALETTE["light_grey"])
            texts.append(PALETTE["ink"])
            continue
        pos = (x - lo) / span
        fills.append(sample_colorscale(SEQUENTIAL, [pos])[0])
        texts.append("white" if pos > 0.55 else PALETTE["ink"])
    return fills, texts


def _tile_shapes(df: pd.DataFrame, fills: list[str], selected: str | None) -> list[dict]:
    """One filled square per region in data coordinates, so tiles scale with the figure."""
    return [
        {
            "type": "rect",
            "x0": c - TILE_HALF,
            "x1": c + TILE_HALF,
            "y0": r - TILE_HALF,
            "y1": r + TILE_HALF,
            "fillcolor": fill,
            "line": {
                "color": PALETTE["ink"] if code == selected else "white",
                "width": 4 if code == selected else 1,
            },
            "layer": "below",
        }
        for r, c, code, fill in zip(
            df["tile_row"], df["tile_col"], df["region_code"], fills, strict=True
        )
    ]


def tile_picker(
    df: pd.DataFrame,
    *,
    value: str,
    label: str,
    hover: str,
    title: str,
    lang: str = "ru",
    value_is_share: bool = False,
    selected: str | None = None,
) -> go.Figure:
    """Clickable tile cartogram: one square per region at (tile_row, tile_col).

    Squares are layout shapes (they scale with the figure); over each sits a
    transparent marker carrying its region_code as customdata, because markers, unlike
    shapes or heatmap cells, report clicks to st.plotly_chart(on_select=...). `hover` holds
    the hover text (with n); the `selected` region gets a dark outline. Light = low, dark =
    high on the page's sequential scale.
    """
    fig = new_figure(title, lang)
    fills, texts = _tile_colours(df[value])
    shown = [fmt_value(v, lang, value_is_share) for v in df[value]]
    fig.add_trace(
        go.Scatter(
            x=df["tile_col"],
            y=df["tile_row"],
            mode="markers+text",
            customdata=df["region_code"],
            text=[f"{n}<br><b>{s}</b>" for n, s in zip(df[label], shown, strict=True)],
            textfont={"size": 12, "color": texts},
            hovertext=df[hover],
            hovertemplate=HOVER,
            # Big, invisible markers: the click target of each tile (plotly picks the closest).
            marker={"symbol": "square", "size": 60, "color": "rgba(0,0,0,0)"},
            showlegend=False,
        )
    )
    rows = int(df["tile_row"].max()) + 1 if len(df) else 1
    cols = int(df["tile_col"].max()) + 1 if len(df) else 1
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    fig.update_layout(
        shapes=_tile_shapes(df, fills, selected),
        xaxis={**hidden, "range": [-0.55, cols - 0.45]},
        yaxis={**hidden, "range": [rows - 0.45, -0.55]},
        height=TILE_ROW_PX * rows + 90,
        clickmode="event+select",
        hovermode="closest",
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig
