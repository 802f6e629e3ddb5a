"""The `ingest` and `quality` subcommands of python -m dashboard.

Errors are raised as ValueError (IngestError) so dashboard.cli prints one line per problem
and exits with status 1; nothing is written in that case.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from dashboard.cli_args import iso_date
from dashboard.data.ingest import chunked, pipeline, quality, suggest, textcodes
from dashboard.data.ingest import mapping as mapping_mod


def cmd_ingest(args: argparse.Namespace) -> int:
    """Import one export file as a snapshot."""
    result = pipeline.ingest(
        Path(args.file),
        args.mapping,
        args.snapshot_date,
        Path(args.db) if args.db else None,
        Path(args.snapshots) if args.snapshots else None,
    )
    if result.status == "unchanged":
        print(
            f"{result.source}: already imported as snapshot {result.snapshot_date} "
            f"({result.rows:,} rows); nothing changed",
            file=sys.stderr,
        )
        return 0
    info = result.info
    rate = result.rows / result.seconds if result.seconds else 0.0
    print(
        f"{result.source}: imported {result.rows:,} rows as snapshot {result.snapshot_date} "
        f"into {info.path} in {result.seconds:.1f} s ({rate:,.0f} rows/s); due dates derived: "
        f"{result.n_due_derived:,}; store: {info.n_appeals:,} appeals in "
        f"{info.n_snapshots} snapshot(s)",
        file=sys.stderr,
    )
    print(quality.render_absent(result.absent), file=sys.stderr)
    print(quality.render(result.warnings, str(result.source)), file=sys.stderr)
    print(quality.render_unknown(result.unknown, str(result.source)), file=sys.stderr)
    return 0


def cmd_quality(args: argparse.Namespace) -> int:
    """Print the data-quality warnings of the store, or of one file before importing it."""
    if args.file:
        if not args.mapping:
            raise ValueError("quality FILE needs --mapping NAME_OR_PATH")
        mapping = mapping_mod.load(args.mapping)
        snapshot_date = args.snapshot_date or date.today()
        path = Path(args.file)
        with tempfile.TemporaryDirectory(prefix="appeals-quality-") as tmp:
            parquet = Path(tmp) / "appeals.parquet"
            checked = chunked.check(path, mapping, snapshot_date, parquet, unmapped=True)
            if not args.json:  # printed first: it is what a rejected file needs most
                print(textcodes.render_unmapped(checked.unmapped, args.file))
            if checked.violations:
                raise pipeline.rejection(path, mapping, checked)
            report, where = quality.check_file(parquet), args.file
            unknown = quality.unknown_file(parquet)
        absent = mapping.absent()
    else:
        db, _ = pipeline.store_paths(Path(args.db) if args.db else None, None)
        report, where = quality.check_store(db), str(db)
        unknown, absent = quality.unknown_store(db), None
    if args.json:
        records = report.assign(example_ids=report.example_ids.map(list)).to_dict("records")
        print(json.dumps(records, ensure_ascii=False, indent=2, default=str))
        return 0
    if absent is not None:
        print(quality.render_absent(absent))
    print(quality.render(report, where))
    print(quality.render_unknown(unknown, where))
    return 0


def cmd_mapping_suggest(args: argparse.Namespace) -> int:
    """Write (or print) a commented mapping guessed from a file's headers and values."""
    text = suggest.suggest(Path(args.file), Path(args.out) if args.out else None)
    if args.out:
        print(f"{args.out}: suggested mapping written; check it, then run", file=sys.stderr)
        print(
            f"  python -m dashboard quality {args.file} --mapping {args.out} --snapshot-date D",
            file=sys.stderr,
        )
    else:
        print(text, end="")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ingest, quality and mapping subcommands to the CLI's subparsers."""
    i = sub.add_parser("ingest", help="import a registry export (csv, xlsx, parquet) as a snapshot")
    i.add_argument("file", help="the export file")
    i.add_argument("--mapping", required=True, help="data/mappings/NAME.yaml name, or a path")
    i.add_argument("--snapshot-date", type=iso_date, required=True, help="date of the export")
    i.add_argument("--db", help="store path; created if missing (snapshots go beside it)")
    i.add_argument("--snapshots", help="snapshot folder (default: beside the store)")
    i.set_defaults(func=cmd_ingest)

    q = sub.add_parser("quality", help="data-quality warnings of the store or of one file")
    q.add_argument("file", nargs="?", help="check this export instead of the store")
    q.add_argument("--mapping", help="mapping of FILE")
    q.add_argument("--snapshot-date", type=iso_date, help="date of FILE's export (default today)")
    q.add_argument("--db", help="store to check (default: the project's own)")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(func=cmd_quality)

    m = sub.add_parser("mapping", help="column mappings: suggest one for a new export")
    msub = m.add_subparsers(dest="mapping_command", required=True)
    ms = msub.add_parser("suggest", help="guess a mapping from a file's headers and values")
    ms.add_argument("file", help="the export file (csv, xlsx, parquet)")
    ms.add_argument("--out", help="write the mapping here (default: print it)")
    ms.set_defaults(func=cmd_mapping_suggest)
