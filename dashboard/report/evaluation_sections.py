"""Slides on the evaluation and review-algorithm pages: the ranking of bodies within a level and
compliance with the algorithm's rules. Each calls that page's own module (dashboard.analysis
.evaluation, .algorithm) on the same queries, so the numbers are the pages' own."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dashboard.analysis import algorithm, evaluation
from dashboard.analysis.deadlines import short_body_name
from dashboard.i18n import fmt_int, fmt_number
from dashboard.report.analysis_sections import share_n
from dashboard.report.pack import Chart, Context, Section

NAME_MAX = 48  # characters of a body's name on a ranking bar


def _clip(name: str) -> str:
    # A name that wraps makes viewers drop every other bar's name; the table keeps it whole.
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


def _ranked(ctx: Context, level: str) -> pd.DataFrame:
    """The evaluation page's ranking of one level for the pack's quarter, ranked bodies only.

    For one body, its rank is among every body of its level, so the body is not a filter here;
    otherwise the pack's filters apply as on the page.
    """
    f = replace(ctx.filters, levels=(level,))
    if ctx.scope.kind == "body":
        f = replace(f, body_ids=())
    ranked = evaluation.ranking(
        ctx.query("evaluation_by_body", f),
        ctx.query("evaluation_by_body", f.previous_period()),
        evaluation.load_criteria(),
        evaluation.MIN_N,  # the page's default minimum n
    )
    return ranked[ranked["ranked"] & (ranked["body_level"] == level)].reset_index(drop=True)


def _ranking(ctx: Context, level: str) -> Section | None:
    if ctx.scope.kind == "level" and ctx.scope.code != level:
        return None
    ranked = _ranked(ctx, level)
    own = tuple(i for i, b in enumerate(ranked["body_id"]) if b == ctx.scope.code)
    if ranked.empty or (ctx.scope.kind == "body" and not own):
        return None
    criteria = evaluation.load_criteria()
    names = [short_body_name(ctx.labeler("body", b)) for b in ranked["body_id"]]
    table = pd.DataFrame(
        {
            ctx.t("collegium.ranking.rank"): ranked["rank"].astype(int).to_numpy(),
            ctx.t("collegium.most_late.body"): names,
            ctx.t("metrics.received"): ranked["n_received"].to_numpy(),
            **{ctx.t(f"evaluation.short.{c.id}"): ranked[c.share].to_numpy() for c in criteria},
            ctx.t("collegium.ranking.score"): ranked["score"].to_numpy(),
            ctx.t("collegium.ranking.previous"): ranked["previous_rank"].to_numpy(),
        }
    )
    title = ctx.t(f"collegium.ranking.title_{level}")
    if own:
        title = ctx.t("collegium.ranking.title_body", rank=own[0] + 1, of=len(ranked), level=title)
    labels = tuple(
        f"{fmt_number(s, ctx.lang, 1)} (n\u00a0=\u00a0{fmt_int(n, ctx.lang)})"
        for s, n in zip(ranked["score"], ranked["n_received"], strict=True)
    )
    return Section(
        f"ranking_{level}",
        title,
        table,
        ("count", "text", "count", *("share" for _ in criteria), "number", "count"),
        Chart(
            "bar",
            ctx.t("collegium.ranking.chart"),
            tuple(f"{int(r)}. {_clip(n)}" for r, n in zip(ranked["rank"], names, strict=True)),
            ((ctx.t("collegium.ranking.score"), tuple(float(v) for v in ranked["score"])),),
            highlight=own,
            labels=(labels,),
        ),
        ctx.t("collegium.ranking.notes", min_n=evaluation.MIN_N),
    )


def ranking_central(ctx: Context) -> Section | None:
    """Central bodies ranked by the evaluation score (the evaluation page's ranking)."""
    return _ranking(ctx, "central")


def ranking_local(ctx: Context) -> Section | None:
    """Local executive bodies ranked by the evaluation score (the evaluation page's ranking)."""
    return _ranking(ctx, "local")


def algorithm_compliance(ctx: Context) -> Section | None:
    """Share of answers following each rule of the review algorithm, each with its n."""
    per_rule = algorithm.totals(ctx.query("algorithm_by_body"))
    per_rule = per_rule[per_rule["n"] > 0]
    if per_rule.empty:
        return None
    names = [algorithm.rule_name(r, ctx.lang, short=True) for r in per_rule.index]
    table = pd.DataFrame(
        {
            ctx.t("collegium.algorithm.rule"): names,
            ctx.t("collegium.algorithm.n"): per_rule["n"].astype(int).to_numpy(),
            ctx.t("collegium.algorithm.compliant"): per_rule["compliant"].astype(int).to_numpy(),
            ctx.t("collegium.algorithm.share"): per_rule["share"].to_numpy(),
        }
    )
    labels = tuple(
        share_n(s, int(n), ctx.lang) for s, n in zip(per_rule["share"], per_rule["n"], strict=True)
    )
    return Section(
        "algorithm",
        ctx.t("collegium.algorithm.title"),
        table,
        ("text", "count", "count", "share"),
        Chart(
            "bar",
            ctx.t("collegium.algorithm.chart"),
            tuple(names),
            ((ctx.t("collegium.algorithm.share"), tuple(float(v) for v in per_rule["share"])),),
            is_share=True,
            labels=(labels,),
        ),
        ctx.t("collegium.algorithm.notes"),
        small=tuple(i for i, n in enumerate(per_rule["n"]) if n < algorithm.MIN_N),
    )
