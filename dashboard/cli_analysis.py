"""CLI subcommands of the analysis pages: `hotspots` (repeat funnel) and `category` (deep-dive).

Both run the pages' SQL and shaping (dashboard.data.hotspots, dashboard.data.thematic), so
a figure printed here is the figure the page shows for the same filters.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dashboard import i18n
from dashboard.cli_args import add_user_arg, iso_date, user_of
from dashboard.data import hotspots, schema, thematic
from dashboard.data.filters import Filters


def _filters(args: argparse.Namespace) -> tuple[Filters, Path | None]:
    db = Path(args.db) if args.db else None
    start, end = hotspots.period(
        args.year, getattr(args, "date_from", None), getattr(args, "date_to", None), db
    )
    levels = (args.level,) if getattr(args, "level", None) else ()
    f = Filters(start, end, levels=levels, lang=getattr(args, "lang", "ru"))
    return user_of(args).scoped(f), db


def _render_hotspots(result: dict, lang: str) -> str:
    """Flagged units as an aligned text table (the JSON has every unit)."""
    head = (
        f"{result['period_start']} – {result['period_end']}, by {result['by']}: target "
        f"{i18n.fmt_share(result['target'], lang)}, φ = {i18n.fmt_number(result['phi'], lang, 2)}, "
        f"τ² = {i18n.fmt_number(result['tau2'], lang, 5)}, "
        f"{'over-dispersed' if result['overdispersed'] else 'not over-dispersed'}"
    )
    lines = [head]
    for u in result["units"]:
        if u["flag"] not in ("above_998", "above_95"):
            continue
        name = " · ".join(str(v)[:40] for k, v in u.items() if k.endswith("_name"))
        lines.append(
            f"{u['flag']:<10} {name:<80} n={i18n.fmt_int(u['n'], lang):>9} "
            f"repeats={i18n.fmt_int(u['events'], lang):>7} {i18n.fmt_share(u['share'], lang):>9} "
            f"(upper 99,8 % {i18n.fmt_share(u['upper_998'], lang)})"
        )
    if len(lines) == 1:
        lines.append("no unit above the upper limits")
    return "\n".join(lines)


def cmd_hotspots(args: argparse.Namespace) -> int:
    """Repeat hotspots by the funnel: every unit's n, repeats, share, limits and flag."""
    f, db = _filters(args)
    result = hotspots.hotspots(f, args.by, args.min_n, args.lang, db)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(_render_hotspots(result, args.lang))
    return 0


def cmd_category(args: argparse.Namespace) -> int:
    """The thematic deep-dive's figures for one section or topic."""
    f, db = _filters(args)
    result = thematic.deep_dive(f, args.code, args.lang, db)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        print(thematic.render(result, args.lang))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the hotspots and category subcommands to the CLI's subparsers."""
    h = sub.add_parser("hotspots", help="repeat hotspots by the funnel plot (as the repeats page)")
    when = h.add_mutually_exclusive_group()
    when.add_argument("--year", type=int, help="calendar year (default: the last full year)")
    when.add_argument("--from", dest="date_from", type=iso_date, help="period start YYYY-MM-DD")
    h.add_argument("--to", dest="date_to", type=iso_date, help="period end YYYY-MM-DD")
    h.add_argument("--by", choices=tuple(hotspots.BY_OPTIONS), default="region,category")
    h.add_argument("--level", choices=schema.BODY_LEVELS)
    h.add_argument("--min-n", type=int, default=hotspots.repeats.MIN_N, help="appeals per unit")
    h.add_argument("--db", help="store to read (default: the project's own)")
    h.add_argument("--json", action="store_true", help="machine-readable output")
    h.add_argument("--lang", choices=i18n.LANGS, default="ru", help="language of the names")
    add_user_arg(h)
    h.set_defaults(func=cmd_hotspots)

    c = sub.add_parser("category", help="the thematic deep-dive of a section or topic")
    c.add_argument("code", help="section (02) or topic (02.03) code")
    c.add_argument("--year", type=int, help="calendar year (default: the last full year)")
    c.add_argument("--db", help="store to read (default: the project's own)")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.add_argument("--lang", choices=i18n.LANGS, default="ru", help="language of names and text")
    add_user_arg(c)
    c.set_defaults(func=cmd_category)
