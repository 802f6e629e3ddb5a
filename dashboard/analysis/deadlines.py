"""Review deadlines: pure pandas on results of queries/deadlines_*.sql (no Streamlit, no SQL)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.analysis.trends import Headline
from dashboard.data.codes import short_body_name
from dashboard.data.schema import BODY_LEVELS
from dashboard.i18n import enum_label, fmt_int, fmt_pp, fmt_share, t
from dashboard.ui import charts

GROUPINGS: tuple[str, ...] = ("body", "region", "section")
EXTENSION_VIEWS: tuple[str, ...] = ("month", "body")
AGE_BUCKETS: tuple[str, ...] = ("0-15", "16-30", "31-60", "60+")  # days since receipt
MIN_N = 100  # appeals; a group's late share on fewer is too noisy to rank
PAGE_SIZE = 50  # rows of the overdue list per page
EXPORT_MAX_ROWS = 100_000  # rows the overdue list loads and exports at most
BAR_HEIGHT = 26  # px per bar of the ranked charts
CHART_CHROME = 170  # px of title, legend and axis around the bars
# Overdue-list columns shown and exported, in order (appeal_type and codes become names).
LIST_COLUMNS: tuple[str, ...] = (
    "appeal_id",
    "received_date",
    "due_date",
    "days_overdue",
    "body",
    "region",
    "category",
    "appeal_type",
)

Labeler = Callable[[str, str], str]  # (kind, code) -> name, as ui.label


@dataclass(frozen=True)
class Totals:
    """Cumulative figures of a period: received, late and extended, with shares of received."""

    n_received: int
    n_late: int
    n_extended: int

    @property
    def late_share(self) -> float | None:
        """Late / received (0–1); None when nothing was received."""
        return self.n_late / self.n_received if self.n_received else None

    @property
    def extended_share(self) -> float | None:
        """Extended / received (0–1); None when nothing was received."""
        return self.n_extended / self.n_received if self.n_received else None


def totals(monthly: pd.DataFrame) -> Totals:
    """The period's cumulative totals from deadlines_late_by_month rows."""
    return Totals(
        int(monthly["n_received"].sum()),
        int(monthly["n_late"].sum()),
        int(monthly["n_extended"].sum()),
    )


def late_lines(monthly: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long frame (received_month, series, share): each month's late share and the running one.

    The cumulative line is late / received from the period's start to that month, so its last
    point equals the period's headline late share.
    """
    m = monthly.sort_values("received_month")
    cum = m["n_late"].cumsum() / m["n_received"].cumsum()
    month = pd.DataFrame(
        {"received_month": m["received_month"], "series": t("periods.month", lang)}
    ).assign(share=m["late_share"].to_numpy())
    if len(m) == 1:  # one month: the running share is the same point, drawn on top of it
        return month.reset_index(drop=True)
    running = pd.DataFrame(
        {"received_month": m["received_month"], "series": t("periods.cumulative", lang)}
    ).assign(share=cum.to_numpy())
    return pd.concat([month, running], ignore_index=True)


def group_label(grouping: str, code: str, labeler: Labeler) -> str:
    """A body's (short), region's or category's name."""
    if grouping == "body":
        return short_body_name(labeler("body", code))
    return labeler("region" if grouping == "region" else "category", code)


def rank_groups(
    df: pd.DataFrame,
    grouping: str,
    labeler: Labeler,
    lang: str,
    share: str = "late_share",
    min_n: int = MIN_N,
    levels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Every group with at least `min_n` received, highest `share` first, named; none cut.

    Adds `group` (name with n, e.g. "МВД (n = 1 200)") so every bar shows its base. With
    `levels` (body id -> central | local) bodies are ranked within their level, central
    first, and `level` names it: a ministry and an akimat are not compared with each other.
    """
    big = df[df["n_received"] >= min_n].copy()
    keys, ascending = [share, "group_code"], [False, True]
    if levels is not None:
        order = {level: i for i, level in enumerate(BODY_LEVELS)}
        codes = big["group_code"].map(levels)
        big["level_order"] = codes.map(order).fillna(len(order))
        big["level"] = [
            enum_label("level_short", c, lang) if isinstance(c, str) else "" for c in codes
        ]
        keys, ascending = ["level_order", *keys], [True, *ascending]
    big = big.sort_values(keys, ascending=ascending)
    big["group"] = [
        f"{group_label(grouping, c, labeler)} (n\u00a0=\u00a0{fmt_int(n, lang)})"
        for c, n in zip(big["group_code"], big["n_received"], strict=True)
    ]
    return big.reset_index(drop=True)


def n_small(df: pd.DataFrame, min_n: int = MIN_N) -> int:
    """How many groups rank_groups leaves out for fewer than `min_n` received."""
    return int((df["n_received"] < min_n).sum())


def groups_caption(df: pd.DataFrame, ranked: pd.DataFrame, lang: str, min_n: int = MIN_N) -> str:
    """Which groups the ranking shows: «31 из 33», why the rest are not ranked, and whether
    levels are ranked apart (bodies) or together (regions, topics hold both levels)."""
    text = t(
        "deadlines.late_groups.small",
        lang,
        n_shown=fmt_int(len(ranked), lang),
        n_all=fmt_int(int((df["n_received"] > 0).sum()), lang),
        min_n=fmt_int(min_n, lang),
        n_small=fmt_int(n_small(df[df["n_received"] > 0], min_n), lang),
    )
    key = "by_level" if "level" in ranked.columns else "levels_mixed"
    return f"{text} {t(f'deadlines.late_groups.{key}', lang)}"


def backlog_totals(ages: pd.DataFrame) -> tuple[int, int]:
    """(open, of them overdue) on the as-of date, from deadlines_backlog_by_age rows."""
    return int(ages["n_backlog"].sum()), int(ages["n_overdue"].sum())


def age_bars(ages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long frame (age, status, n) for a stacked bar: within deadline vs overdue per bucket."""
    ages = ages.set_index("age_bucket").reindex(list(AGE_BUCKETS), fill_value=0)
    buckets = [t(f"deadlines.age.{b}", lang) for b in AGE_BUCKETS]
    on_time = (ages["n_backlog"] - ages["n_overdue"]).to_numpy()
    rows = [
        pd.DataFrame({"age": buckets, "status": t("deadlines.status.in_time", lang), "n": on_time}),
        pd.DataFrame(
            {
                "age": buckets,
                "status": t("deadlines.status.overdue", lang),
                "n": ages["n_overdue"].to_numpy(),
            }
        ),
    ]
    return pd.concat(rows, ignore_index=True)


def overdue_table(df: pd.DataFrame, lang: str, labeler: Labeler) -> pd.DataFrame:
    """The overdue list for people: names instead of codes, headers in `lang`, no n_total."""
    out = pd.DataFrame(
        {
            "appeal_id": df["appeal_id"],
            "received_date": pd.to_datetime(df["received_date"]).dt.date,
            "due_date": pd.to_datetime(df["due_date"]).dt.date,
            "days_overdue": df["days_overdue"].astype(int),
            "body": [labeler("body", c) for c in df["body_id"]],
            "region": [labeler("region", c) for c in df["region_code"]],
            "category": [labeler("category", c) for c in df["category_code"]],
            "appeal_type": [enum_label("appeal_type", v, lang) for v in df["appeal_type"]],
        }
    )
    return out.rename(columns={c: t(f"deadlines.columns.{c}", lang) for c in LIST_COLUMNS})


# Overdue-list column widths in px: headers whole, every column on screen (970 px: the main
# column at 1440 px with the sidebar open); long names are cut and shown whole on hover.
LIST_WIDTHS: dict[str, int] = {
    "appeal_id": 100,
    "received_date": 120,
    "due_date": 95,
    "days_overdue": 110,
    "body": 185,
    "region": 145,
    "category": 130,
    "appeal_type": 85,
}


def list_widths(lang: str) -> dict[str, int]:
    """Overdue-list headers in `lang` -> column width in px."""
    return {t(f"deadlines.columns.{c}", lang): w for c, w in LIST_WIDTHS.items()}


def date_columns(lang: str) -> list[str]:
    """Headers of the overdue list's date columns in `lang` (shown as dd.mm.yyyy)."""
    return [t(f"deadlines.columns.{c}", lang) for c in ("received_date", "due_date")]


def n_pages(total: int, size: int = PAGE_SIZE) -> int:
    """Pages needed for `total` rows (at least 1, so a page widget always has a value)."""
    return max(1, -(-total // size))


def page(df: pd.DataFrame, number: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Rows of page `number` (1-based; clipped to the pages there are)."""
    number = min(max(1, number), n_pages(len(df), size))
    return df.iloc[(number - 1) * size : number * size]


def headlines(
    now: Totals,
    before: Totals,
    backlog: tuple[int, int],
    period: str,
    against: str,
    day: str,
    lang: str,
) -> list[Headline]:
    """Late share (its change `against` a period, «к 2015 году»), backlog on the date, extended
    share of the period."""
    change = (
        now.late_share - before.late_share
        if now.late_share is not None and before.late_share is not None
        else None
    )
    n_open, n_overdue = backlog

    def of(n: int) -> str:
        return t(
            "deadlines.headline.n_of", lang, n=fmt_int(n, lang), total=fmt_int(now.n_received, lang)
        )

    overdue = t("deadlines.headline.overdue", lang, n=fmt_int(n_overdue, lang))
    return [
        Headline(
            t("deadlines.headline.late_share", lang),
            fmt_share(now.late_share, lang),
            # n goes on its own line: beside the change it would not fit a card in kk
            ((fmt_pp(change, lang), change, against), (of(now.n_late), None, "")),
            up_is_good=False,
            help=t("deadlines.headline.late_help", lang),
        ),
        Headline(
            t("deadlines.headline.backlog", lang, date=day),
            fmt_int(n_open, lang),
            ((overdue, None, ""),),
        ),
        Headline(
            t("deadlines.headline.extended", lang),
            fmt_share(now.extended_share, lang),
            ((of(now.n_extended), None, ""),),
        ),
    ]


def scope_caption(period: str, day: str, lang: str) -> str:
    """What the headline numbers cover: the period cumulatively, the backlog on the date."""
    return t("deadlines.headline.scope", lang, period=period, date=day)


# --- figures (dashboard.charts with this page's titles; no Streamlit) ------------------------


def late_chart(monthly: pd.DataFrame, day: str, lang: str) -> go.Figure:
    """Late share per month of receipt and running, on the as-of date; the axis from zero, and
    markers, so a single month reads as a point at its height rather than above the grid."""
    fig = charts.line_chart(
        late_lines(monthly, lang),
        "received_month",
        "share",
        color="series",
        title=t("deadlines.late_trend.chart", lang, date=day),
        x_title=t("deadlines.late_trend.x", lang),
        y_title=t("deadlines.late_trend.y", lang),
        lang=lang,
        y_is_share=True,
    )
    fig.update_yaxes(rangemode="tozero")
    return fig.update_traces(mode="lines+markers")


def groups_chart(ranked: pd.DataFrame, share: str, title: str, lang: str) -> go.Figure:
    """Horizontal bars of a share per named group, highest on top, tall enough to read."""
    fig = charts.bar_chart(
        ranked,
        "group",
        share,
        color="level" if "level" in ranked.columns else None,
        barmode="stack",  # one bar per group: "group" mode would offset them by level
        orientation="h",
        title=title,
        y_title=t("deadlines.late_groups.x", lang),
        lang=lang,
        y_is_share=True,
    )
    return fig.update_layout(height=BAR_HEIGHT * len(ranked) + CHART_CHROME)


def age_chart(ages: pd.DataFrame, day: str, lang: str) -> go.Figure:
    """Open appeals per age bucket (left) and, on a scale of its own, those of them past their
    due date (right, red): stacked on the open ones the past-due part was a sliver."""
    bars = age_bars(ages, lang)
    overdue_name = t("deadlines.status.overdue", lang)
    open_n = bars.groupby("age", sort=False)["n"].sum()
    overdue = bars[bars["status"] == overdue_name]
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=[t("deadlines.backlog.open_panel", lang), overdue_name],
        horizontal_spacing=0.1,
    )
    fig.update_layout(title={"text": t("deadlines.backlog.chart", lang, date=day)})
    charts.apply_house_style(fig, lang)
    panels = (
        (open_n.index, open_n.to_numpy(), charts.PALETTE["primary"], 1),
        (overdue["age"], overdue["n"].to_numpy(), charts.PALETTE["red"], 2),
    )
    for x, y, colour, col in panels:
        texts = [fmt_int(v, lang) for v in y]
        fig.add_trace(
            go.Bar(
                x=list(x),
                y=y,
                name=t("deadlines.backlog.open_panel", lang) if col == 1 else overdue_name,
                marker={"color": colour},
                text=texts,
                textposition="outside",
                cliponaxis=False,
                hovertext=[f"{a}: {n}" for a, n in zip(x, texts, strict=True)],
                hovertemplate=charts.HOVER,
            ),
            row=1,
            col=col,
        )
    fig.update_xaxes(type="category", title_text=t("deadlines.backlog.x", lang))
    fig.update_yaxes(
        rangemode="tozero", tickformat=",~r", title_text=t("deadlines.backlog.y", lang)
    )
    fig.update_annotations(font={"size": 12})
    return fig.update_layout(showlegend=False)


def extensions_chart(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Share of appeals with an extended deadline per month of receipt."""
    return charts.line_chart(
        monthly,
        "received_month",
        "extended_share",
        title=t("deadlines.extensions.chart_month", lang),
        x_title=t("deadlines.extensions.x_month", lang),
        y_title=t("deadlines.extensions.y", lang),
        lang=lang,
        y_is_share=True,
    )


def list_caption(total: int, loaded: int, number: int, day: str, lang: str) -> str:
    """ "Всего на 30.09.2017: 241; показаны 1–50." plus a note when the list was cut."""
    first = (number - 1) * PAGE_SIZE + 1
    last = min(number * PAGE_SIZE, loaded)
    text = t(
        "deadlines.list.total",
        lang,
        date=day,
        total=fmt_int(total, lang),
        first=fmt_int(first, lang),
        last=fmt_int(last, lang),
    )
    if total > loaded:
        text += " " + t("deadlines.list.truncated", lang, max=fmt_int(loaded, lang))
    return text
