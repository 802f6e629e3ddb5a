"""What the overview page shows, built from query results: headline cards, level table, trends.

Kept out of pages/overview.py so the page stays a thin list of sections, and testable alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import metrics, narrative
from dashboard.analysis.headline import Delta, Metric
from dashboard.data.filters import Filters
from dashboard.data.schema import BODY_LEVELS
from dashboard.i18n import fmt_date, fmt_int, fmt_pp, fmt_share, t
from dashboard.ui import charts

PROVISIONAL_OPEN_SHARE = 0.01  # 1 % of a period's appeals still open: its shares may move
TREND_MONTHS = 36  # months of context the trend strip shows, ending with the period
# Headline cards: (summary field, label key, does growth mean better?).
CARDS: tuple[tuple[str, str, bool | None], ...] = (
    ("n_received", "metrics.received", None),
    ("satisfied_share", "metrics.satisfied_share", True),
    ("late_share", "metrics.late_share", False),
    ("repeat_share", "metrics.repeat_share", False),
    ("n_backlog", "metrics.backlog", False),
    ("n_collective", "metrics.collective", None),
)
VOLUME_MEASURES = ("n_received", "n_repeat", "n_collective")
QUALITY_MEASURES = ("satisfied_share", "late_share", "repeat_share")
MEASURE_LABELS = {
    "n_received": "metrics.received",
    "n_repeat": "metrics.repeat",
    "n_collective": "metrics.collective",
    "satisfied_share": "metrics.satisfied_share",
    "late_share": "metrics.late_share",
    "repeat_share": "metrics.repeat_share",
}


def _value(field: str, totals: Mapping[str, Any], lang: str) -> str:
    if field.endswith("_share"):
        return fmt_share(totals[field], lang)
    return fmt_int(totals[field], lang)


def _delta(
    field: str, now: Mapping[str, Any], before: Mapping[str, Any], against: str, lang: str
) -> Delta | None:
    change = metrics.compare(now, before, field)
    if change.change is None:
        return None
    if change.is_share:
        shown = round(change.change, 4)  # as displayed: 0.01 pp; smaller is "no change"
        return Delta(fmt_pp(change.change, lang), shown, against)
    shown = round(change.change, 3)  # as displayed: 0.1 %
    text = fmt_share(change.change, lang, digits=1)
    return Delta(text if shown <= 0 else "+" + text, shown, against)


def comparisons(f: Filters, data_end: date) -> list[tuple[Filters, str]]:
    """The periods the cards compare with, the leading one first, with their label keys.

    The same dates a year before always lead: seasonality hides a change against the months
    just before. Those months are added only for a whole quarter or month or a past custom
    range; for a year they are the year before anyway, and a year or quarter still running
    (cut at the data's end) must not meet a run of other months (Jan–Sep vs Apr–Dec).
    """
    kind = metrics.period_kind(f.period_start, f.period_end)
    out = [(f.same_period_last_year(), "overview.vs_last_year")]
    running = kind == "cumulative" or (kind == "custom" and f.period_end >= data_end)
    if kind != "year" and not running:
        out.append((f.previous_period(), "overview.vs_previous"))
    return out


def provisional_note(now: Mapping[str, Any], as_of: date, lang: str) -> str | None:
    """«Предварительно: …» when at least PROVISIONAL_OPEN_SHARE of the period's appeals are
    still open on the as-of date (their outcome, so the satisfied and late shares, can change)."""
    n_open, n = int(now["n_backlog"]), int(now["n_received"])
    if not n or n_open / n < PROVISIONAL_OPEN_SHARE:
        return None
    share = fmt_share(n_open / n, lang)
    day = fmt_date(as_of, lang)
    return t("overview.provisional", lang, date=day, share=share, n=fmt_int(n_open, lang))


def unknown_outcome_note(summary: pd.DataFrame, lang: str) -> str | None:
    """«Исход неизвестен…» when answered appeals of the selection (summary_by_group's rows:
    n_closed, n_outcome_unknown) have an outcome no export gave: they are never counted
    satisfied, so the satisfied share reads low. None when every outcome is known."""
    n_unknown = int(summary["n_outcome_unknown"].sum()) if not summary.empty else 0
    if not n_unknown:
        return None
    n_closed = int(summary["n_closed"].sum())
    return t(
        "overview.unknown_outcome",
        lang,
        n=fmt_int(n_unknown, lang),
        total=fmt_int(n_closed, lang),
        share=fmt_share(n_unknown / n_closed, lang),
    )


def cards(
    now: Mapping[str, Any],
    compared: list[tuple[Mapping[str, Any], str]],
    as_of: date,
    lang: str,
) -> list[Metric]:
    """The six headline cards with deltas against each (totals, label key) of `compared`,
    the first on the card. The backlog has none: earlier periods' backlogs have long cleared.
    """
    out = []
    helps = {
        "n_received": t("overview.received_help", lang),
        "late_share": t("overview.late_help", lang, date=fmt_date(as_of, lang)),
        "n_backlog": t("overview.backlog_help", lang, date=fmt_date(as_of, lang)),
    }
    for field, key, up_is_good in CARDS:
        deltas: list[Delta] = []
        if field != "n_backlog":
            for before, against in compared:
                found = _delta(field, now, before, t(against, lang), lang)
                if found:
                    deltas.append(found)
        out.append(
            Metric(
                t(key, lang), _value(field, now, lang), tuple(deltas), up_is_good, helps.get(field)
            )
        )
    return out


def headline_why(f: Filters, data_end: date, lang: str) -> str:
    """What the cards cover and what their arrows compare with (see comparisons)."""
    compared = [g for g, _ in comparisons(f, data_end)]
    kind = narrative.period_label(f.period_start, f.period_end, lang)
    last_year = compared[0]
    ly_text = narrative.period_text(last_year.period_start, last_year.period_end, lang)
    if len(compared) == 1:
        return t("overview.headline_why_one", lang, kind=kind, last_year=ly_text)
    previous = compared[1]
    prev_text = narrative.period_text(previous.period_start, previous.period_end, lang)
    return t("overview.headline_why", lang, kind=kind, previous=prev_text, last_year=ly_text)


# Rows of the level table: (summary field, label key).
LEVEL_ROWS: tuple[tuple[str, str], ...] = (
    ("n_received", "metrics.received"),
    ("received_share", "overview.received_share"),
    ("n_satisfied", "metrics.satisfied"),
    ("satisfied_share", "metrics.satisfied_share"),
    ("n_late", "metrics.late"),
    ("late_share", "metrics.late_share"),
    ("n_repeat", "metrics.repeat"),
    ("repeat_share", "metrics.repeat_share"),
    ("n_backlog", "metrics.backlog"),
)


def level_table(levels: Mapping[str, Mapping[str, Any]], lang: str) -> pd.DataFrame:
    """Central vs local side by side: one row per figure, one column per level present."""
    table = {t("overview.indicator", lang): [t(key, lang) for _, key in LEVEL_ROWS]}
    for level in BODY_LEVELS:
        if level in levels:
            values = levels[level]
            column = [_value(field, values, lang) for field, _ in LEVEL_ROWS]
            table[t(f"enums.level.{level}", lang)] = column
    return pd.DataFrame(table)


def trend_filters(f: Filters, data_start: date) -> Filters:
    """The filters with the period widened to TREND_MONTHS months ending with the period."""
    end = f.period_end
    index = end.year * 12 + end.month - TREND_MONTHS
    start = max(date(index // 12, index % 12 + 1, 1), data_start.replace(day=1))
    return replace(f, period_start=min(start, f.period_start))


def _shade(fig: go.Figure, f: Filters) -> go.Figure:
    # The selected period as a light band across every panel, so context reads as context.
    fig.add_vrect(
        x0=pd.Timestamp(f.period_start) - pd.Timedelta(days=14),
        x1=pd.Timestamp(f.period_end) - pd.Timedelta(days=14),
        fillcolor=charts.PALETTE["light_blue"],
        opacity=0.25,
        line_width=0,
        layer="below",
        row="all",
        col="all",
    )
    return fig


def _clear_y_title(fig: go.Figure, y_title: str) -> None:
    # make_subplots puts the shared y title over the tick labels; an axis title keeps clear.
    fig.layout.annotations = [a for a in fig.layout.annotations if a.text != y_title]
    fig.update_yaxes(title_text=y_title, row=1, col=1)


def trend_figures(trend: pd.DataFrame, f: Filters, lang: str) -> tuple[go.Figure, go.Figure]:
    """Two strips of small multiples: monthly volumes (counts) and quality (shares)."""
    labels = {k: t(v, lang) for k, v in MEASURE_LABELS.items()}
    figs = []
    for measures, title, y_title, is_share in (
        (VOLUME_MEASURES, "overview.trend_volume", "overview.axis_appeals", False),
        (QUALITY_MEASURES, "overview.trend_quality", "overview.axis_share", True),
    ):
        long = metrics.to_long(trend, "received_month", {m: labels[m] for m in measures})
        fig = charts.small_multiples(
            long,
            "received_month",
            "value",
            "measure",
            title=t(title, lang),
            x_title=t("overview.axis_month", lang),
            y_title=t(y_title, lang),
            lang=lang,
            y_is_share=is_share,
            cols=3,
        )
        _clear_y_title(fig, t(y_title, lang))
        figs.append(_shade(fig, f))
    return figs[0], figs[1]
