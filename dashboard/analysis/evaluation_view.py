"""The evaluation page's tables, formula and charts for people (no Streamlit, no SQL)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from dashboard.analysis.deadlines import short_body_name
from dashboard.analysis.evaluation import Criterion
from dashboard.i18n import MISSING, fmt_int, fmt_number, fmt_quarter, fmt_share, is_missing, t
from dashboard.ui import charts

Labeler = Callable[[str, str], str]  # (kind, code) -> name, as ui.label
GREY = charts.PALETTE["grey"]


def formula(criteria: tuple[Criterion, ...], min_n: int, lang: str) -> str:
    """The scoring formula in words, with the weights actually in force (markdown)."""
    weights = " + ".join(
        f"{fmt_number(c.weight, lang, 4)} × {t(f'evaluation.short.{c.id}', lang)}" for c in criteria
    )
    return t("evaluation.formula", lang, weights=weights, min_n=fmt_int(min_n, lang))


def band_label(band: object, lang: str) -> str:
    """A funnel band in words ("в пределах нормы"); a dash when there is none."""
    return MISSING if is_missing(band) else t(f"evaluation.bands.{band}", lang)


def _rank_change(change: object, lang: str) -> str:
    if is_missing(change):
        return MISSING
    change = int(change)
    return "±0" if change == 0 else (f"▲ {change}" if change > 0 else f"▼ {-change}")


def ranking_table(
    ranked: pd.DataFrame, criteria: tuple[Criterion, ...], lang: str, labeler: Labeler
) -> pd.DataFrame:
    """One level's ranking for people: rank, change, body, n, each criterion with band, score."""
    col = lambda key: t(f"evaluation.columns.{key}", lang)  # noqa: E731
    out = pd.DataFrame(
        {
            col("rank"): [MISSING if is_missing(r) else str(int(r)) for r in ranked["rank"]],
            col("rank_change"): [_rank_change(c, lang) for c in ranked["rank_change"]],
            col("body"): [short_body_name(labeler("body", b)) for b in ranked["body_id"]],
            col("n"): [fmt_int(n, lang) for n in ranked["n_received"]],
        }
    )
    for c in criteria:
        short = t(f"evaluation.short.{c.id}", lang)
        out[short] = [
            f"{fmt_share(s, lang)} · {band_label(b, lang)}"
            for s, b in zip(ranked[c.share], ranked[f"band_{c.id}"], strict=True)
        ]
        out[f"{short}, {col('points')}"] = [
            fmt_number(p, lang, 1) for p in ranked[f"points_{c.id}"]
        ]
    out[col("score")] = [fmt_number(s, lang, 1) for s in ranked["score"]]
    return out


def grey_unranked(table: pd.DataFrame, ranked: pd.Series) -> Styler:
    """The table with rows of bodies under the minimum n greyed (shown, never ranked)."""
    flags = list(ranked)

    def style(row: pd.Series) -> list[str]:
        return ["" if flags[row.name] else f"color: {GREY}"] * len(row)

    return table.reset_index(drop=True).style.apply(style, axis=1)


def score_chart(ranked: pd.DataFrame, lang: str, labeler: Labeler, title: str) -> go.Figure:
    """Score (0–100) per ranked body of one level, best on top, n in the label."""
    df = ranked[ranked["ranked"]].sort_values("score", ascending=False).copy()
    df["body"] = [
        f"{short_body_name(labeler('body', b))} (n\u00a0=\u00a0{fmt_int(n, lang)})"
        for b, n in zip(df["body_id"], df["n_received"], strict=True)
    ]
    fig = charts.bar_chart(
        df,
        "body",
        "score",
        orientation="h",
        title=title,
        y_title=t("evaluation.score_axis", lang),
        lang=lang,
    )
    return fig.update_layout(height=26 * len(df) + 170, xaxis={"range": [0, 100]})


def quarter_chart(quarters: pd.DataFrame, criteria: tuple[Criterion, ...], lang: str) -> go.Figure:
    """A body's three criteria per quarter of receipt (shares, with n in the hover)."""
    labels = [fmt_quarter(q.year, (q.month - 1) // 3 + 1, lang) for q in quarters["quarter_start"]]
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "quarter": labels,
                    "criterion": t(f"evaluation.short.{c.id}", lang),
                    "share": quarters[c.share].to_numpy(),
                }
            )
            for c in criteria
        ],
        ignore_index=True,
    )
    return charts.bar_chart(
        long,
        "quarter",
        "share",
        color="criterion",
        title=t("evaluation.card.chart", lang),
        x_title=t("evaluation.card.x", lang),
        y_title=t("evaluation.card.y", lang),
        lang=lang,
        y_is_share=True,
    )


def quarter_table(
    quarters: pd.DataFrame, criteria: tuple[Criterion, ...], lang: str
) -> pd.DataFrame:
    """The card's figures per quarter with n, for reading exact values."""
    out = pd.DataFrame(
        {
            t("evaluation.card.x", lang): [
                fmt_quarter(q.year, (q.month - 1) // 3 + 1, lang) for q in quarters["quarter_start"]
            ],
            t("evaluation.columns.n", lang): [fmt_int(n, lang) for n in quarters["n_received"]],
        }
    )
    for c in criteria:
        out[t(f"evaluation.short.{c.id}", lang)] = [fmt_share(s, lang) for s in quarters[c.share]]
    return out
