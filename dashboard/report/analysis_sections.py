"""Slides on the analysis pages' findings: repeat hotspots (the «Повторные обращения» page).

Each builder calls that page's own analysis module on the same query with the same defaults,
so the slide shows the page's numbers for the same filters; nothing is re-derived here.
"""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import repeats
from dashboard.analysis.trends import base, shift_years
from dashboard.i18n import fmt_int, fmt_share
from dashboard.report.pack import Chart, Context, Section

TOP = 10  # units on the hotspot chart (the workbook lists every hotspot and watch unit)


def share_n(share: float, n: int, lang: str) -> str:
    """ "4,81 % (n = 1 234)": a share always with its base."""
    return f"{fmt_share(share, lang)} (n\u00a0=\u00a0{fmt_int(n, lang)})"


def _hotspot_units(ctx: Context) -> tuple[tuple[str, str], pd.DataFrame]:
    # The page's default unit is region × topic; within one region, body × topic.
    by = repeats.UNITS["body_category" if ctx.scope.kind == "region" else "region_category"]
    units = ctx.query(
        "repeats_by_unit",
        group_by=by[0],
        group_by2=by[1],
        section="",
        **base(shift_years(ctx.filters, 1)),
    )
    return by, units


def hotspots(ctx: Context) -> Section | None:
    """Units whose repeat share lies above the funnel's upper limits, as the repeats page flags
    them: hotspots (99.8 %) first, then units to watch (95 %)."""
    by, units = _hotspot_units(ctx)
    if units.empty or not units["n"].sum():
        return None
    result = repeats.assess(units, by, ctx.labeler)
    hot = repeats.hotspots(result)
    target = fmt_share(result.target, ctx.lang)
    title = ctx.t("collegium.hotspots.title")
    notes = ctx.t(
        "collegium.hotspots.notes", target=target, units=len(result.units), min_n=repeats.MIN_N
    )
    if hot.empty:
        table = pd.DataFrame({ctx.t("collegium.hotspots.unit"): []})
        text = (ctx.t("collegium.hotspots.none", target=target),)
        return Section("hotspots", title, table, ("text",), None, notes, text=text)
    table = pd.DataFrame(
        {
            ctx.t("collegium.hotspots.unit"): hot["unit"].to_numpy(),
            ctx.t("collegium.hotspots.flag"): [
                ctx.t(f"repeats.flag_short.{f}") for f in hot["flag"]
            ],
            ctx.t("metrics.n"): hot["n"].to_numpy(),
            ctx.t("metrics.repeat"): hot["events"].to_numpy(),
            ctx.t("metrics.repeat_share"): hot["share"].to_numpy(),
            ctx.t("collegium.hotspots.expected"): result.target,
            ctx.t("collegium.hotspots.change"): (hot["change_pp"] * 100).to_numpy(),
        }
    )
    top = hot.head(TOP)
    labels = tuple(share_n(s, n, ctx.lang) for s, n in zip(top["share"], top["n"], strict=True))
    return Section(
        "hotspots",
        title,
        table,
        ("text", "text", "count", "count", "share", "share", "pp"),
        Chart(
            "bar",
            ctx.t("collegium.hotspots.chart", target=target),
            tuple(top["unit"]),
            ((ctx.t("metrics.repeat_share"), tuple(float(v) for v in top["share"])),),
            is_share=True,
            highlight=tuple(i for i, f in enumerate(top["flag"]) if f == repeats.HOT_FLAGS[0]),
            labels=(labels,),
        ),
        notes,
    )
