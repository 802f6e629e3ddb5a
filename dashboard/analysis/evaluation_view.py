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


# Funnel band -> a mark short enough for a table cell; the legend under the table spells them.
BAND_MARKS = {
    "far_above": "▲▲",
    "above": "▲",
    "within": "●",
    "below": "▼",
    "far_below": "▼▼",
    "too_small": "○",
}


def band_label(band: object, lang: str) -> str:
    """A funnel band in words ("в пределах нормы"); a dash when there is none."""
    return MISSING if is_missing(band) else t(f"evaluation.bands.{band}", lang)


def band_legend(lang: str) -> str:
    """The marks of the funnel bands in words, for the caption under the ranking."""
    return " · ".join(f"{mark} {band_label(band, lang)}" for band, mark in BAND_MARKS.items())


def _rank(rank: object, change: object) -> str:
    if is_missing(rank):
        return MISSING
    text = str(int(rank))
    if is_missing(change) or int(change) == 0:
        return text
    change = int(change)
    return f"{text} (▲{change})" if change > 0 else f"{text} (▼{-change})"


def ranking_table(
    ranked: pd.DataFrame, criteria: tuple[Criterion, ...], lang: str, labeler: Labeler
) -> pd.DataFrame:
    """One level's ranking for people: rank (its change), body, n, each criterion's share with
    its band mark and points, the score."""
    col = lambda key: t(f"evaluation.columns.{key}", lang)  # noqa: E731
    out = pd.DataFrame(
        {
            col("rank"): [
                _rank(r, c) for r, c in zip(ranked["rank"], ranked["rank_change"], strict=True)
            ],
            col("body"): [short_body_name(labeler("body", b)) for b in ranked["body_id"]],
            col("n"): [fmt_int(n, lang) for n in ranked["n_received"]],
        }
    )
    for c in criteria:
        short = t(f"evaluation.short.{c.id}", lang)
        out[short] = [
            f"{fmt_share(s, lang)} {BAND_MARKS.get(b, '') if not is_missing(b) else ''}".strip()
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
