"""Text slides of the pack: findings in plain words (the overview's narrative and the largest
changes on a year before), and the appendix with the definitions and the filters used."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import metrics, narrative
from dashboard.i18n import fmt_date, fmt_int
from dashboard.report.pack import Context, Section, fmt_cell
from dashboard.report.sections import DEFINITIONS, MIN_N

TOP_CHANGES = 5  # largest changes named on the findings slide


def largest_changes(ctx: Context) -> pd.DataFrame:
    """Topics and regions whose appeals moved most against the same quarter a year before.

    Only groups with at least MIN_N appeals in both quarters: on fewer, a percentage is noise.
    Columns: grouping, group_code, n_before, n_now, change (relative, 0–1).
    """
    frames = []
    groupings = ("section",) if ctx.scope.kind == "region" else ("section", "region")
    for grouping in groupings:
        now = ctx.query("summary_by_group", group_by=grouping)[["group_code", "n_received"]]
        ago = ctx.query("summary_by_group", ctx.last_year(), group_by=grouping)
        both = now.merge(ago[["group_code", "n_received"]], on="group_code", suffixes=("", "_ago"))
        both = both[(both["n_received"] >= MIN_N) & (both["n_received_ago"] >= MIN_N)]
        frames.append(
            pd.DataFrame(
                {
                    "grouping": grouping,
                    "group_code": both["group_code"],
                    "n_before": both["n_received_ago"].astype(int),
                    "n_now": both["n_received"].astype(int),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["change"] = (out["n_now"] - out["n_before"]) / out["n_before"]
    out["size"] = out["change"].abs()
    out = out.sort_values(["size", "grouping", "group_code"], ascending=[False, True, True])
    return out.drop(columns="size").head(TOP_CHANGES).reset_index(drop=True)


def findings(ctx: Context) -> Section | None:
    """The overview's paragraph for the quarter and the largest changes in words."""
    now = metrics.totals(ctx.query("summary_by_group", group_by="none"))
    ago = metrics.totals(ctx.query("summary_by_group", ctx.last_year(), group_by="none"))
    levels = metrics.by_group(ctx.query("summary_by_group", group_by="level"))
    f = ctx.filters
    paragraph = narrative.overview(
        f.period_start, f.period_end, now, levels, f.appeal_types, ctx.as_of, ctx.lang, ago
    )
    changes = largest_changes(ctx)
    names = [
        ctx.labeler("category" if g == "section" else g, c)
        for g, c in zip(changes["grouping"], changes["group_code"], strict=True)
    ]
    kinds = [ctx.t(f"collegium.findings.{g}") for g in changes["grouping"]]
    year_before = ctx.quarter.year_before().label(ctx.lang)
    bullets = [
        ctx.t(
            "collegium.findings.change",
            what=kind,
            name=name,
            before=fmt_int(row.n_before, ctx.lang),
            now=fmt_int(row.n_now, ctx.lang),
            change=fmt_cell(row.change, "rel", ctx.lang),
            period=year_before,
        )
        for kind, name, row in zip(kinds, names, changes.itertuples(), strict=True)
    ]
    table = pd.DataFrame(
        {
            ctx.t("collegium.findings.what"): kinds,
            ctx.t("collegium.findings.name"): names,
            year_before: changes["n_before"].to_numpy(),
            ctx.quarter.label(ctx.lang): changes["n_now"].to_numpy(),
            ctx.t("collegium.change_to", period=year_before): changes["change"].to_numpy(),
        }
    )
    intro = ctx.t("collegium.findings.changes_intro", period=year_before, min_n=MIN_N)
    return Section(
        "findings",
        ctx.t("collegium.findings.title"),
        table,
        ("text", "text", "count", "count", "rel"),
        None,
        ctx.t("collegium.findings.notes", min_n=MIN_N, top=TOP_CHANGES),
        text=tuple(x for x in (paragraph, intro if bullets else "", *bullets) if x),
    )


def appendix(ctx: Context) -> Section | None:
    """Definitions, the filters used, the data date: what every figure of the pack means."""
    rows = [(ctx.t(f"data.terms.{k}"), ctx.t(f"data.definitions.{k}")) for k in DEFINITIONS]
    rows.append((ctx.t("collegium.appendix.quarter"), ctx.quarter.label(ctx.lang)))
    rows.append((ctx.t("collegium.appendix.scope"), ctx.scope.label(ctx.lang, ctx.labeler)))
    for line in ctx.filters.describe(ctx.lang, ctx.labeler):
        term, _, value = line.partition(": ")
        rows.append((term, value))
    rows.append((ctx.t("collegium.appendix.as_of"), fmt_date(ctx.as_of, ctx.lang)))
    rows.append(
        (ctx.t("collegium.appendix.min_n"), ctx.t("collegium.appendix.min_n_text", n=MIN_N))
    )
    table = pd.DataFrame(
        rows, columns=[ctx.t("collegium.appendix.term"), ctx.t("collegium.appendix.value")]
    )
    return Section(
        "appendix",
        ctx.t("collegium.appendix.title"),
        table,
        ("text", "text"),
        None,
        ctx.t("collegium.appendix.notes"),
        text=tuple(f"{term} — {value}" for term, value in rows),
    )
