"""The slide builders: each turns query results into one Section (title, table, chart, notes).

Each builder is independent: it asks the context for the queries it needs (run once per pack)
and returns None when it has nothing to show for the scope. Numbers are never re-derived here
beyond what dashboard.analysis already does for the pages.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dashboard.analysis import deadlines, metrics, overview
from dashboard.data.filters import Filters
from dashboard.i18n import fmt_date, fmt_int, fmt_month
from dashboard.report.pack import Chart, Context, Section

MIN_N = deadlines.MIN_N  # appeals; a share on fewer is greyed, never ranked
TOP = 10  # bars on a ranked chart
TREND_MONTHS = 12  # months on the monthly charts, ending with the quarter
# Rows of the headline table: (totals() field, label key, kind).
HEADLINE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("n_received", "metrics.received", "count"),
    ("n_satisfied", "metrics.satisfied", "count"),
    ("satisfied_share", "metrics.satisfied_share", "share"),
    ("n_late", "metrics.late", "count"),
    ("late_share", "metrics.late_share", "share"),
    ("n_repeat", "metrics.repeat", "count"),
    ("repeat_share", "metrics.repeat_share", "share"),
    ("n_backlog", "metrics.backlog", "count"),
    ("n_collective", "metrics.collective", "count"),
)
# Columns of the per-group tables: (query column, header key, kind).
GROUP_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("n_received", "metrics.received", "count"),
    ("received_share", "overview.received_share", "share"),
    ("satisfied_share", "metrics.satisfied_share", "share"),
    ("late_share", "metrics.late_share", "share"),
    ("repeat_share", "metrics.repeat_share", "share"),
)
DEFINITIONS = ("received", "satisfied", "late", "backlog", "repeat", "collective", "as_of")


def _definitions(ctx: Context, *terms: str) -> str:
    return " ".join(f"{ctx.t(f'data.terms.{k}')}: {ctx.t(f'data.definitions.{k}')}" for k in terms)


def _months_window(ctx: Context) -> Filters:
    """TREND_MONTHS months ending with the quarter: the filters for the monthly charts."""
    end = ctx.quarter.end
    index = end.year * 12 + end.month - TREND_MONTHS
    start = pd.Timestamp(index // 12, index % 12 + 1, 1).date()
    return replace(ctx.filters, period_start=start)


def _quarter_months(ctx: Context, months: pd.Series) -> tuple[int, ...]:
    stamps = pd.to_datetime(months)
    start = pd.Timestamp(ctx.quarter.start)
    return tuple(i for i, m in enumerate(stamps) if m >= start)


def _change(now: float | None, before: float | None, kind: str) -> float | None:
    if kind == "share":
        pp = metrics.pp_change(now, before)
        return None if pp is None else pp * 100  # stored in percentage points
    return metrics.relative_change(now, before)


def headline(ctx: Context) -> Section | None:
    """Headline figures of the quarter with changes on the previous quarter and a year before."""
    now = metrics.totals(ctx.query("summary_by_group", group_by="none"))
    prev = metrics.totals(ctx.query("summary_by_group", ctx.previous(), group_by="none"))
    ago = metrics.totals(ctx.query("summary_by_group", ctx.last_year(), group_by="none"))
    q = ctx.quarter
    labels = [q.label(ctx.lang), q.previous().label(ctx.lang), q.year_before().label(ctx.lang)]
    rows = []
    for name, key, kind in HEADLINE_ROWS:
        comparable = name != "n_backlog"  # judged on one date: earlier backlogs have cleared
        rows.append(
            [
                ctx.t(key),
                now[name],
                prev[name],
                _change(now[name], prev[name], kind) if comparable else None,
                ago[name],
                _change(now[name], ago[name], kind) if comparable else None,
            ]
        )
    headers = [
        ctx.t("overview.indicator"),
        labels[0],
        labels[1],
        ctx.t("collegium.change_to", period=labels[1]),
        labels[2],
        ctx.t("collegium.change_to", period=labels[2]),
    ]
    chart = Chart(
        "column",
        ctx.t("collegium.headline.chart"),
        (labels[2], labels[1], labels[0]),
        ((ctx.t("metrics.received"), (ago["n_received"], prev["n_received"], now["n_received"])),),
        highlight=(2,),
    )
    notes = ctx.t(
        "collegium.headline.notes",
        n=fmt_int(now["n_received"], ctx.lang),
        date=fmt_date(ctx.as_of, ctx.lang),
    )
    return Section(
        "headline",
        ctx.t("collegium.headline.title", quarter=labels[0]),
        pd.DataFrame(rows, columns=headers),
        ("text", "value", "value", "change", "value", "change"),
        chart,
        notes + " " + _definitions(ctx, "received", "satisfied", "late", "repeat", "backlog"),
        row_kinds=tuple(kind for _, _, kind in HEADLINE_ROWS),
        # a quarter: the year-on-year change leads (seasonality), then the quarter before
        cards=tuple(
            overview.cards(
                now,
                [(ago, "overview.vs_last_year"), (prev, "overview.vs_previous")],
                ctx.as_of,
                ctx.lang,
            )
        ),
    )


def volumes(ctx: Context) -> Section | None:
    """Appeals received per month over the year ending with the quarter."""
    trend = ctx.query("overview_trend_by_month", _months_window(ctx))
    if trend.empty:
        return None
    months = [fmt_month(m, ctx.lang) for m in trend["received_month"]]
    cols = (
        ("n_received", "metrics.received", "count"),
        ("satisfied_share", "metrics.satisfied_share", "share"),
        ("late_share", "metrics.late_share", "share"),
        ("repeat_share", "metrics.repeat_share", "share"),
    )
    table = pd.DataFrame({ctx.t("collegium.month"): months})
    for col, key, _ in cols:
        table[ctx.t(key)] = trend[col].to_numpy()
    total = int(trend["n_received"].sum())
    return Section(
        "volumes",
        ctx.t("collegium.volumes.title"),
        table,
        ("text", *(k for _, _, k in cols)),
        Chart(
            "column",
            ctx.t("collegium.volumes.chart"),
            tuple(months),
            ((ctx.t("metrics.received"), tuple(int(v) for v in trend["n_received"])),),
            highlight=_quarter_months(ctx, trend["received_month"]),
        ),
        ctx.t("collegium.volumes.notes", n=fmt_int(total, ctx.lang), months=len(months))
        + " "
        + _definitions(ctx, "received"),
    )


def late_by_month(ctx: Context) -> Section | None:
    """Late share per month of receipt, judged on the data date."""
    monthly = ctx.query("deadlines_late_by_month", _months_window(ctx))
    if monthly.empty:
        return None
    months = [fmt_month(m, ctx.lang) for m in monthly["received_month"]]
    table = pd.DataFrame(
        {
            ctx.t("collegium.month"): months,
            ctx.t("metrics.received"): monthly["n_received"].to_numpy(),
            ctx.t("metrics.late"): monthly["n_late"].to_numpy(),
            ctx.t("metrics.late_share"): monthly["late_share"].to_numpy(),
        }
    )
    day = fmt_date(ctx.as_of, ctx.lang)
    return Section(
        "late_by_month",
        ctx.t("collegium.late.title"),
        table,
        ("text", "count", "count", "share"),
        Chart(
            "column",
            ctx.t("collegium.late.chart", date=day),
            tuple(months),
            ((ctx.t("metrics.late_share"), tuple(float(v) for v in monthly["late_share"])),),
            is_share=True,
            highlight=_quarter_months(ctx, monthly["received_month"]),
        ),
        ctx.t(
            "collegium.late.notes",
            n=fmt_int(int(monthly["n_received"].sum()), ctx.lang),
            n_late=fmt_int(int(monthly["n_late"].sum()), ctx.lang),
            date=day,
        )
        + " "
        + _definitions(ctx, "late"),
        slide_rows=0,
    )


def backlog(ctx: Context) -> Section | None:
    """Appeals open at the quarter's end by age, and how many of them were past due."""
    day = min(ctx.quarter.end, ctx.as_of)
    ages = ctx.query("deadlines_backlog_by_age", as_of=day)
    n_open, n_overdue = deadlines.backlog_totals(ages)
    if not n_open:
        return None
    buckets = tuple(ctx.t(f"deadlines.age.{b}") for b in ages["age_bucket"])
    table = pd.DataFrame(
        {
            ctx.t("collegium.backlog.age"): buckets,
            ctx.t("collegium.backlog.open"): ages["n_backlog"].to_numpy(),
            ctx.t("deadlines.status.overdue"): ages["n_overdue"].to_numpy(),
        }
    )
    # Overdue counts are small beside the backlog: a stacked segment would not show them,
    # so each bar's label names its overdue part.
    labels = tuple(
        fmt_int(n, ctx.lang)
        + (f"\n{ctx.t('collegium.backlog.overdue_label', n=fmt_int(o, ctx.lang))}" if o else "")
        for n, o in zip(ages["n_backlog"], ages["n_overdue"], strict=True)
    )
    text_day = fmt_date(day, ctx.lang)
    return Section(
        "backlog",
        ctx.t("collegium.backlog.title", date=text_day),
        table,
        ("text", "count", "count"),
        Chart(
            "column",
            ctx.t("collegium.backlog.chart", date=text_day),
            buckets,
            ((ctx.t("collegium.backlog.open"), tuple(int(v) for v in ages["n_backlog"])),),
            labels=(labels,),
        ),
        ctx.t(
            "collegium.backlog.notes",
            n=fmt_int(n_open, ctx.lang),
            n_overdue=fmt_int(n_overdue, ctx.lang),
            date=text_day,
        )
        + " "
        + _definitions(ctx, "backlog"),
    )


def most_late(ctx: Context) -> Section | None:
    """The bodies (or, for one body, the regions) with the most late appeals."""
    grouping = "region" if ctx.scope.kind == "body" else "body"
    groups = ctx.query("deadlines_late_by_group", group_by=grouping)
    groups = groups[groups["n_late"] > 0]
    if groups.empty:
        return None
    top = groups.sort_values(["n_late", "group_code"], ascending=[False, True]).head(TOP)
    names = [deadlines.group_label(grouping, c, ctx.labeler) for c in top["group_code"]]
    what = ctx.t(f"collegium.most_late.{grouping}")
    table = pd.DataFrame(
        {
            what: names,
            ctx.t("metrics.received"): top["n_received"].to_numpy(),
            ctx.t("metrics.late"): top["n_late"].to_numpy(),
            ctx.t("metrics.late_share"): top["late_share"].to_numpy(),
        }
    )
    return Section(
        "most_late",
        ctx.t(f"collegium.most_late.title_{grouping}"),
        table,
        ("text", "count", "count", "share"),
        Chart(
            "bar",
            ctx.t("collegium.most_late.chart"),
            tuple(names),
            ((ctx.t("metrics.late"), tuple(int(v) for v in top["n_late"])),),
        ),
        ctx.t("collegium.most_late.notes", top=len(top), of=len(groups))
        + " "
        + _definitions(ctx, "late"),
        small=small_rows(top["n_received"]),
    )


def small_rows(n: pd.Series) -> tuple[int, ...]:
    """Positions of rows with fewer than MIN_N appeals (their shares are greyed)."""
    return tuple(i for i, v in enumerate(n) if v < MIN_N)


def _groups(ctx: Context, grouping: str, key: str) -> Section | None:
    summary = ctx.query("summary_by_group", group_by=grouping)
    if len(summary) < 2:  # one group is the scope itself: nothing to compare
        return None
    total = int(summary["n_received"].sum())
    summary["received_share"] = summary["n_received"] / total
    summary = summary.sort_values(["n_received", "group_code"], ascending=[False, True])
    kind = "category" if grouping == "section" else grouping
    names = [ctx.labeler(kind, c) for c in summary["group_code"]]
    table = pd.DataFrame({ctx.t(f"collegium.{key}.group"): names})
    for col, header, _ in GROUP_COLUMNS:
        table[ctx.t(header)] = summary[col].to_numpy()
    top = summary.head(TOP)
    small = int((summary["n_received"] < MIN_N).sum())
    return Section(
        key,
        ctx.t(f"collegium.{key}.title"),
        table,
        ("text", *(k for _, _, k in GROUP_COLUMNS)),
        Chart(
            "bar",
            ctx.t(f"collegium.{key}.chart", top=len(top)),
            tuple(names[: len(top)]),
            ((ctx.t("metrics.received"), tuple(int(v) for v in top["n_received"])),),
        ),
        ctx.t(
            "collegium.groups_notes",
            n=fmt_int(total, ctx.lang),
            groups=len(summary),
            min_n=MIN_N,
            small=small,
        )
        + " "
        + _definitions(ctx, "received", "satisfied", "late", "repeat"),
        small=small_rows(summary["n_received"]),
    )


def topics(ctx: Context) -> Section | None:
    """Appeals by section of the classifier, most first."""
    return _groups(ctx, "section", "topics")


def regions(ctx: Context) -> Section | None:
    """Appeals by region, most first (left out when the scope is one region)."""
    return _groups(ctx, "region", "regions")
