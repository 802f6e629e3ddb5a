"""Command line: python -m dashboard generate | build | summary | ingest | quality | hotspots |
category | ranking | discipline | region | bench | loadtest | report.

Errors end in one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

# The query cache is Streamlit's; outside a running app it warns that it has no runtime.
# A filter (unlike a level, which Streamlit resets on import) keeps the CLI's stderr clean.
logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
    lambda record: record.levelno >= logging.ERROR
)

from dashboard import paths  # noqa: E402
from dashboard.cli_args import CliError, add_user_arg, iso_date, user_of  # noqa: E402
from dashboard.data import schema, store, summary  # noqa: E402

# Subcommands registered by other modules, by the module. Only the module of the command
# being run is imported: `summary` starts without pandas, plotly or python-pptx.
COMMAND_MODULES = {
    "dashboard.data.ingest.cli": ("ingest", "quality", "mapping"),
    "dashboard.cli_analysis": ("hotspots", "category"),
    "dashboard.cli_evaluation": ("ranking", "discipline", "region"),
    "dashboard.report.cli": ("report",),
}


@contextmanager
def progress_bar(total: int, desc: str) -> Iterator[Callable[[str], None]]:
    """A tqdm bar on stderr advanced once per named step."""
    bar = tqdm(total=total, desc=desc, unit="step", file=sys.stderr, dynamic_ncols=True)

    def step(name: str) -> None:
        bar.set_postfix_str(name)
        bar.update(1)

    try:
        yield step
    finally:
        bar.close()


def build_store(db: Path, snapshots: Path) -> store.StoreInfo:
    """Rebuild the store with a progress bar and report what it holds."""
    t0 = time.perf_counter()
    with progress_bar(len(store.BUILD_STEPS), "store") as step:
        info = store.build(db, snapshots, progress=step)
    size_mb = db.stat().st_size / 1e6
    print(
        f"store {db}: {info.n_appeals:,} appeals from {info.n_snapshots} snapshots "
        f"({info.n_snapshot_rows:,} rows), {size_mb:.0f} MB, built in "
        f"{time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
    )
    return info


def cmd_generate(args: argparse.Namespace) -> int:
    """Write the default synthetic snapshots, then build the store over them."""
    from dashboard.data import synth_export

    snapshots = Path(args.out or paths.SNAPSHOTS_DIR)
    t0 = time.perf_counter()
    with progress_bar(synth_export.progress_steps(args.scale), "generate") as step:
        files = synth_export.generate(snapshots, scale=args.scale, progress=step)
    print(
        f"wrote {len(files)} snapshots to {snapshots} in {time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
    )
    if not args.no_build:
        build_store(Path(args.db or paths.DEFAULT_DB), snapshots)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Rebuild the store from the snapshot files (with --if-needed: only when out of date)."""
    db, snapshots = Path(args.db or paths.DEFAULT_DB), Path(args.snapshots or paths.SNAPSHOTS_DIR)
    if args.if_needed and store.up_to_date(db, snapshots):
        print(f"store {db} is up to date", file=sys.stderr)
        return 0
    build_store(db, snapshots)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    """Print received, satisfied, late and repeats for a year."""
    db = Path(args.db) if args.db else None
    levels = [args.level] if args.level else []
    rows = summary.summarise(
        year=args.year,
        levels=levels,
        group_by=args.by or "level",
        as_of=args.as_of,
        db_path=db,
        user=user_of(args),
    )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        print(summary.render(rows, lang=args.lang, db_path=db))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Time every page's queries against pandas in the same run; quick mode guards CI."""
    from dashboard.perf import bench

    repeat = args.repeat or (3 if args.quick else 10)
    result = bench.run(bench.parse_rows(args.rows), repeat, args.quick)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text if args.json else bench.render(result))
    problem = bench.gross_regression(result) if args.quick else None
    if problem:
        print(f"error: gross regression against pandas: {problem}", file=sys.stderr)
        return 3
    return 0


def cmd_loadtest(args: argparse.Namespace) -> int:
    """Drive the real server with concurrent sessions; non-zero exit when any page failed."""
    from dashboard.perf import loadtest

    env = loadtest.store_env(Path(args.db) if args.db else None)
    result = loadtest.run(args.sessions, args.seconds, env)
    print(json.dumps(result, indent=2) if args.json else loadtest.render(result))
    return 0 if result["errors"] == 0 and result["requests"] > 0 else 1


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand, or the CLI's own and `command`'s when it is the
    name of one (what `main` runs needs no other module)."""
    p = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write the default synthetic data and build the store")
    g.add_argument(
        "--scale", type=float, default=1.0, help="fraction of full volume (1.0 = calibrated)"
    )
    g.add_argument("--out", help="snapshot folder (default data/snapshots)")
    g.add_argument("--db", help="store path (default data/appeals.duckdb)")
    g.add_argument("--no-build", action="store_true", help="only write the snapshots")
    g.set_defaults(func=cmd_generate)

    b = sub.add_parser("build", help="rebuild the store from the snapshot files")
    b.add_argument("--snapshots", help="snapshot folder (default data/snapshots)")
    b.add_argument("--db", help="store path (default data/appeals.duckdb)")
    b.add_argument(
        "--if-needed", action="store_true", help="only when missing, stale or the files changed"
    )
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("summary", help="received, satisfied, late and repeats for a year")
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--level", choices=schema.BODY_LEVELS)
    s.add_argument("--by", choices=summary.GROUPINGS)
    s.add_argument("--as-of", type=iso_date, help="judge late and backlog on this date")
    s.add_argument("--db", help="store to read (default: the project's own)")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument("--lang", choices=("ru", "kk", "en"), default="ru")
    add_user_arg(s)
    s.set_defaults(func=cmd_summary)

    bn = sub.add_parser("bench", help="time every page's queries against pandas, same run")
    bn.add_argument("--rows", default="1M", help="1M, 10M, 100M or a number (default 1M)")
    bn.add_argument("--repeat", type=int, help="warm runs per call (default 10, quick 3)")
    bn.add_argument("--quick", action="store_true", help="CI mode: fail only on gross regression")
    bn.add_argument("--json", action="store_true", help="print the JSON report")
    bn.add_argument("--out", help="also write the JSON report to this file")
    bn.set_defaults(func=cmd_bench)

    lt = sub.add_parser("loadtest", help="concurrent sessions against the real server (loopback)")
    lt.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    lt.add_argument("--seconds", type=float, default=60, help="how long (default 60)")
    lt.add_argument("--db", help="store for the app (default: the project's own)")
    lt.add_argument("--json", action="store_true", help="machine-readable output")
    lt.set_defaults(func=cmd_loadtest)

    modules = [m for m, names in COMMAND_MODULES.items() if command in names]
    if not modules and command not in sub.choices:  # --help, or not a command: every one
        modules = list(COMMAND_MODULES)
    for module in modules:
        importlib.import_module(module).register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print one line and return 1."""
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv[0] if argv else None).parse_args(argv)
    try:
        return args.func(args)
    except (CliError, FileNotFoundError, ValueError, store.StaleStoreError) as exc:
        print(f"error: {schema.mask_ids(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _reader_went_away()


def _reader_went_away() -> int:
    """The reader of stdout closed it (`... | head`): stop quietly, as Unix tools do.

    Point stdout at /dev/null so the interpreter's final flush cannot raise again
    (the recipe of the Python docs, "Note on SIGPIPE").
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by the closed pipe
