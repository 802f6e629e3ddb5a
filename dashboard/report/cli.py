"""`python -m dashboard report`: the collegium pack for a quarter and scope, as three files."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.cli_args import add_user_arg, user_of
from dashboard.data import audit
from dashboard.data.filters import Filters
from dashboard.data.schema import BODY_LEVELS
from dashboard.i18n import LANGS
from dashboard.report.pack import Quarter, Scope


def scope_of(args: argparse.Namespace) -> Scope:
    """The scope the options name: --level, --body or --region (at most one), else all."""
    if args.level:
        return Scope("level", args.level)
    if args.body:
        return Scope("body", args.body)
    if args.region:
        return Scope("region", args.region)
    return Scope()


def cmd_report(args: argparse.Namespace) -> int:
    """Write collegium-<scope>-<quarter>.pptx, .xlsx and .html into --out."""
    t0 = time.perf_counter()
    db = Path(args.db) if args.db else None
    from dashboard.report import collegium  # python-pptx, openpyxl, kaleido: only when used

    quarter = Quarter.parse(args.quarter)
    user = user_of(args)
    base = user.scoped(Filters(quarter.start, quarter.end))  # the user's access scope
    pack = collegium.make_pack(quarter, scope_of(args), args.lang, base=base, db_path=db)
    files = collegium.render_all(pack)
    written = collegium.write_all(files, Path(args.out), pack.stem)
    for path in written:
        print(path)
        filters = pack.filters.describe(args.lang)
        slides = len(pack.sections) + 1
        audit.record("report", user.name, path.suffix[1:], slides, filters, path.name)
    print(f"{len(pack.sections) + 1} slides in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the report subcommand to the CLI's subparsers."""
    r = sub.add_parser("report", help="the collegium pack: slides, workbook and one-page brief")
    r.add_argument("--quarter", required=True, help="e.g. 2016Q4 (a complete quarter of the data)")
    scope = r.add_mutually_exclusive_group()
    scope.add_argument("--level", choices=BODY_LEVELS)
    scope.add_argument("--body", help="a body id (data/reference/bodies.csv)")
    scope.add_argument("--region", help="a KATO region code (data/reference/regions.csv)")
    r.add_argument("--lang", choices=LANGS, default="ru")
    r.add_argument("--db", help="store to read (default: the project's own)")
    r.add_argument("--out", required=True, help="folder for the three files")
    add_user_arg(r)
    r.set_defaults(func=cmd_report)
