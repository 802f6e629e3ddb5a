"""CLI subcommands on the evaluation pages' SQL: ranking, discipline, region.

Each builds the same Filters a page would (the default appeal types, the chosen period and
level) and runs the same queries uncached, so the figures equal the pages'.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.analysis import algorithm, evaluation, region_report
from dashboard.cli_args import add_user_arg, iso_date, user_of
from dashboard.data import codes, queries, schema, store
from dashboard.data.filters import Filters
from dashboard.i18n import fmt_int, fmt_number, fmt_share


class _Ctx:
    """Store, as-of date, period and a runner bound to them."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.db = Path(args.db) if getattr(args, "db", None) else None
        info = store.info(self.db)
        self.as_of = info.latest_snapshot
        start, end = _period(args, info)
        levels = (getattr(args, "level", None),) if getattr(args, "level", None) else ()
        chosen = Filters(start, end, levels=levels, lang=getattr(args, "lang", "ru"))
        self.filters = user_of(args).scoped(chosen)  # `--as USER`: the user's scope only

    def run(self, name: str, filters: Filters | None = None, **params: object) -> pd.DataFrame:
        values = {**(filters or self.filters).to_sql_params(), "as_of": self.as_of, **params}
        return queries.execute(name, values, self.db)

    def name(self, kind: str, code: str) -> str:
        return codes.labels(kind, self.filters.lang, self.db).get(code, code)


def _period(args: argparse.Namespace, info: store.StoreInfo) -> tuple[date, date]:
    if getattr(args, "from_", None) or getattr(args, "to", None):
        if not (args.from_ and args.to):
            raise ValueError("--from and --to go together")
        return args.from_, args.to
    if getattr(args, "year", None):
        return date(args.year, 1, 1), date(args.year, 12, 31)
    default = Filters.default(info.first_received, info.latest_snapshot)
    return default.period_start, default.period_end


def _num(x: object) -> int | float | None:
    return None if pd.isna(x) else (int(x) if isinstance(x, int) else round(float(x), 6))


def ranking_rows(ctx: _Ctx, min_n: int) -> pd.DataFrame:
    """The evaluation page's ranking for the context's period and level."""
    criteria = evaluation.load_criteria()
    now = ctx.run("evaluation_by_body")
    before = ctx.run("evaluation_by_body", ctx.filters.previous_period())
    return evaluation.ranking(now, before, criteria, min_n)


def cmd_ranking(args: argparse.Namespace) -> int:
    """Print the ranking of bodies within their level (JSON key `bodies`)."""
    ctx = _Ctx(args)
    ranked = ranking_rows(ctx, args.min_n)
    crit = [c.id for c in evaluation.load_criteria()]
    bodies = [
        {
            "body_id": r["body_id"],
            "name": ctx.name("body", r["body_id"]),
            "level": r["body_level"],
            "n": int(r["n_received"]),
            "deadlines_met": _num(r["deadlines_met"]),
            "justified_repeat_share": _num(r["justified_repeat_share"]),
            "satisfied_share": _num(r["satisfied_share"]),
            **{f"points_{c}": _num(r[f"points_{c}"]) for c in crit},
            "score": _num(r["score"]),
            "rank": None if pd.isna(r["rank"]) else int(r["rank"]),
            "previous_rank": None if pd.isna(r["previous_rank"]) else int(r["previous_rank"]),
            **{f"band_{c}": r[f"band_{c}"] for c in crit},
        }
        for _, r in ranked.iterrows()
    ]
    if args.json:
        print(json.dumps(_doc(ctx, bodies=bodies), ensure_ascii=False, indent=2))
        return 0
    lang = ctx.filters.lang
    head = ("level", "rank", "body", "n", "met", "just.rep", "satisf.", "score")
    lines = [
        (
            b["level"],
            "—" if b["rank"] is None else str(b["rank"]),
            b["name"][:48],
            fmt_int(b["n"], lang),
            fmt_share(b["deadlines_met"], lang),
            fmt_share(b["justified_repeat_share"], lang),
            fmt_share(b["satisfied_share"], lang),
            fmt_number(b["score"], lang, 1),
        )
        for b in bodies
    ]
    print(_text_table(_title(ctx), head, lines))
    return 0


def cmd_discipline(args: argparse.Namespace) -> int:
    """Print compliance with the review algorithm per body and rule."""
    ctx = _Ctx(args)
    per_body = algorithm.by_body_rule(ctx.run("algorithm_by_body"), args.min_n)
    per_body = per_body[per_body["n"] > 0]
    rows = [
        {
            "body_id": r["body_id"],
            "name": ctx.name("body", r["body_id"]),
            "level": r["body_level"],
            "rule": r["rule"],
            "n": int(r["n"]),
            "compliant": int(r["compliant"]),
            "share": _num(r["share"]),
            "band": r["band"],
        }
        for _, r in per_body.iterrows()
    ]
    if args.json:
        print(json.dumps(_doc(ctx, bodies=rows), ensure_ascii=False, indent=2))
        return 0
    lang = ctx.filters.lang
    head = ("body", "rule", "n", "compliant", "share", "band")
    lines = [
        (
            r["name"][:48],
            r["rule"],
            fmt_int(r["n"], lang),
            fmt_int(r["compliant"], lang),
            fmt_share(r["share"], lang),
            str(r["band"]),
        )
        for r in rows
    ]
    print(_text_table(_title(ctx), head, lines))
    return 0


def region_data(ctx: _Ctx, code: str) -> region_report.RegionReport:
    """The regions page's report on one region for the context's period."""
    f = ctx.filters

    def run(name: str, **params: object) -> pd.DataFrame:
        return ctx.run(name, **params)

    return region_report.gather(run, code, f.period_start, f.period_end, ctx.as_of, None)


def cmd_region(args: argparse.Namespace) -> int:
    """Print a region's figures (or --json), or write its inspection brief (--brief OUT.html)."""
    from dashboard.report import region_brief

    ctx = _Ctx(args)
    report = region_data(ctx, args.code)
    name = ctx.name("region", args.code)
    if args.brief:
        Path(args.brief).write_text(region_brief.html(report, ctx.filters.lang, ctx.name), "utf-8")
        print(f"wrote {args.brief}")
        return 0
    doc = region_report.to_json(report, name)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    lang = ctx.filters.lang
    emerging = [e["category_code"] for e in doc["emerging"] if e["significant"]]
    lines = [
        ("received", fmt_int(doc["n_received"], lang)),
        ("per 10 000 residents", fmt_number(doc["per_10k"], lang, 1)),
        ("late share", fmt_share(doc["late_share"], lang)),
        ("repeat share", fmt_share(doc["repeat_share"], lang)),
        ("satisfied share", fmt_share(doc["satisfied_share"], lang)),
        ("collective appeals", fmt_int(doc["n_collective"], lang)),
        ("signatories", fmt_int(doc["n_signatories"], lang)),
        ("emerging topics", ", ".join(emerging) or "none"),
    ]
    print(_text_table(f"{name} ({args.code}), {_title(ctx)}", ("", ""), lines))
    return 0


def _title(ctx: _Ctx) -> str:
    f = ctx.filters
    return f"{f.period_start} – {f.period_end}, complaints and applications, as of {ctx.as_of}"


def _text_table(title: str, head: tuple[str, ...], lines: list[tuple[str, ...]]) -> str:
    """An aligned text table: the first column left, the others right."""
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]

    def fmt(r: tuple[str, ...]) -> str:
        rest = (c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))
        return "  ".join([r[0].ljust(widths[0]), *rest])

    return "\n".join([title, fmt(head), *map(fmt, lines)])


def _doc(ctx: _Ctx, **body: object) -> dict[str, Any]:
    f = ctx.filters
    return {
        "period_start": f.period_start.isoformat(),
        "period_end": f.period_end.isoformat(),
        "as_of": ctx.as_of.isoformat(),
        "appeal_types": list(schema.EVALUATED_TYPES),
        "levels": list(f.levels) or list(schema.BODY_LEVELS),
        **body,
    }


def register(sub: argparse._SubParsersAction) -> None:
    """Add ranking, discipline and region to the CLI's subparsers."""
    r = sub.add_parser("ranking", help="bodies ranked on the three evaluation criteria")
    r.add_argument("--year", type=int)
    r.add_argument("--from", dest="from_", type=iso_date, help="period start (with --to)")
    r.add_argument("--to", type=iso_date, help="period end, inclusive")
    r.add_argument("--level", choices=schema.BODY_LEVELS)
    r.add_argument("--min-n", type=int, default=evaluation.MIN_N, help="appeals to be ranked")
    r.set_defaults(func=cmd_ranking)

    d = sub.add_parser("discipline", help="compliance with the review algorithm per body and rule")
    d.add_argument("--year", type=int)
    d.add_argument("--min-n", type=int, default=algorithm.MIN_N, help="answers to get a band")
    d.set_defaults(func=cmd_discipline)

    g = sub.add_parser("region", help="one region's figures, or its inspection brief")
    g.add_argument("code", help="KATO two-digit region code, e.g. 75")
    g.add_argument("--year", type=int)
    g.add_argument("--brief", metavar="OUT.html", help="write the inspection brief here")
    g.add_argument("--lang", choices=("ru", "kk", "en"), default="ru")
    g.set_defaults(func=cmd_region)

    for p in (r, d, g):
        p.add_argument("--db", help="store to read (default: the project's own)")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        add_user_arg(p)
