"""The DuckDB store over snapshot Parquet files: build, atomic swap, metadata.

The store holds the current state of every appeal (`appeals`), the monthly rollup, the two
drill-down tables traced once per build (repeat paths, algorithm breaches), the reference
tables and the definition macros of queries/def_*.sql. It is always rebuilt
into a temporary file and swapped in with one rename, so a failed build leaves the previous
database untouched and readers never see half a store.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dashboard import paths
from dashboard.data import reference, schema
from dashboard.data.sql import load_sql

if TYPE_CHECKING:  # pandas loads on use: the CLI's summary never needs it
    import pandas as pd

# Reference CSV files copied into the store, each by queries/ref_<stem>.sql.
REFERENCE_TABLES = ("regions", "region_population", "bodies", "categories")


# Bumped whenever the store's tables change shape; an older store must be rebuilt.
STORE_VERSION = 16


class StaleStoreError(RuntimeError):
    """The store was built by an older version of the code."""


@dataclass(frozen=True)
class StoreInfo:
    """What a built store says about itself."""

    path: Path
    data_version: str
    latest_snapshot: date
    first_received: date
    n_snapshots: int
    n_appeals: int
    n_snapshot_rows: int


def snapshot_files(snapshots_dir: Path) -> list[Path]:
    """Every snapshot Parquet file, oldest first (directory names sort by date)."""
    return sorted(snapshots_dir.glob("snapshot_date=*/*.parquet"))


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in 1 MB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def data_version(files: list[Path]) -> str:
    """A short hash of the snapshot files' contents: changes whenever the data changes.

    Keyed on the snapshot folder (its date), not the file name, so a file staged under a
    temporary name hashes like the same file in its final place.
    """
    h = hashlib.sha256()
    for f in files:
        h.update(f.parent.name.encode())
        h.update(file_sha256(f).encode())
    return h.hexdigest()[:16]


def _run_file(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> None:
    con.execute(load_sql(name), params or {})


def _define_macros(con: duckdb.DuckDBPyConnection) -> None:
    for sql_file in sorted(paths.QUERIES_DIR.glob("def_*.sql")):
        _run_file(con, sql_file.stem)
    _run_file(con, "stg_current_appeals")


def _load_reference(con: duckdb.DuckDBPyConnection, reference_dir: Path) -> None:
    for stem in REFERENCE_TABLES:
        _run_file(con, f"ref_{stem}", {"path": str(reference_dir / f"{stem}.csv")})


IMPORTED_CODES = "imported_codes.csv"  # written by dashboard.data.ingest.textcodes
LABEL_COLUMNS = ("kind", "code", "name_ru", "name_kk", "name_en")


def imported_labels(snapshots_dir: Path) -> pd.DataFrame:
    """Names of codes imports gave to texts (kind, code, name_ru/kk/en); empty when none."""
    path = Path(snapshots_dir) / IMPORTED_CODES
    if not path.exists():
        return _no_labels()
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)[list(LABEL_COLUMNS)]


def _no_labels() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=str) for c in LABEL_COLUMNS})


# Share of the machine's memory a build may hold; beyond it DuckDB spills to disk beside the
# store. Its default (80 %) let a 100 M-appeal build, with the app or tests beside it, be
# killed by the kernel.
BUILD_MEMORY_SHARE = 0.5
# The steps a full build reports to its `progress` callback, in order (the CLI's bar).
BUILD_STEPS = (
    "definitions",
    "reference tables",
    "current state of appeals",
    "repeat chains and breaches",
    "monthly rollup",
    "snapshot catalogue",
)


def _writer(target: Path) -> duckdb.DuckDBPyConnection:
    """A connection that builds a store, within BUILD_MEMORY_SHARE of memory. DuckDB's own
    progress bar is off: it would draw on stdout, where the CLI draws one already and
    `bench --json` writes its result."""
    total_mb = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2**20
    limit = f"{int(total_mb * BUILD_MEMORY_SHARE)}MB"
    con = duckdb.connect(str(target), config={"memory_limit": limit})
    con.execute("set enable_progress_bar = false")
    return con


def _build_into(
    target: Path,
    files: list[Path],
    reference_dir: Path,
    step: Callable[[str], None],
    labels: pd.DataFrame | None = None,
) -> None:
    """A whole store from every snapshot file, into `target`."""
    con = _writer(target)
    try:
        step("definitions")
        _define_macros(con)
        step("reference tables")
        _load_reference(con, reference_dir)
        step("current state of appeals")
        _run_file(con, "stg_appeals", {"files": [str(f) for f in files]})
        _derive(con, files, step, labels)
    finally:
        con.close()


def _update_into(
    target: Path,
    new_file: Path,
    files: list[Path],
    step: Callable[[str], None],
    labels: pd.DataFrame | None = None,
) -> None:
    """Add one snapshot to a copy of the current store in `target`: only its appeals change.

    The reference tables are kept as built (a changed data/reference needs a full `build`);
    everything derived from the appeals is recomputed exactly as a full build does.
    """
    con = _writer(target)
    try:
        step("definitions")
        _define_macros(con)
        step("reference tables (kept)")
        step("current state of appeals")
        _run_file(con, "stg_merge_delete", {"file": str(new_file)})
        _run_file(con, "stg_merge_insert", {"file": str(new_file)})
        _derive(con, files, step, labels, changed_by=new_file)
    finally:
        con.close()


def _derive(
    con: duckdb.DuckDBPyConnection,
    files: list[Path],
    step: Callable[[str], None],
    labels: pd.DataFrame | None = None,
    changed_by: Path | None = None,
) -> None:
    """Everything computed from `appeals`: shared by the full build and the incremental update.

    `labels` names the codes imports gave to texts (imported_labels), for ref_*_added.
    `changed_by` is the snapshot file an incremental update added: the drill-down tables are
    then redone only for the appeals it changed; None (a full build) does them whole.
    """
    _run_file(con, "stg_earlier_signed_level")  # repeats may point into any earlier snapshot
    _run_file(con, "stg_appeals_in")  # a table macro binds its table: defined after it
    step("repeat chains and breaches")
    _drill_down_tables(con, changed_by)
    # A view of this connection only: it names added codes, the store keeps no copy.
    con.register("imported_labels", labels if labels is not None else _no_labels())
    for kind in ("bodies", "regions", "categories"):  # codes imported with new_codes: add
        _run_file(con, f"ref_{kind}_added")
    latest = con.execute("select max(snapshot_date) from appeals").fetchone()[0]
    step("monthly rollup")
    _run_file(con, "stg_cells_counted")  # a table macro binds its table: defined after it
    _run_file(con, "rollup_cells", {"as_of": latest})
    _run_file(con, "stg_rolled_schema")
    _run_file(con, "stg_cells_in_rolled")  # the rollup's part of cells_in: defined before it
    _run_file(con, "stg_cells_in")
    _run_file(con, "stg_open_appeals", {"as_of": latest})
    _run_file(con, "stg_open_on")
    _run_file(con, "stg_cells_in_periods")
    step("snapshot catalogue")
    _run_file(con, "stg_snapshots", {"files": [str(f) for f in files]})
    # The Data page's quality report and unknown shares: computed once per build.
    _keep(con, "quality_warnings", "quality_rows", "stg_quality_report")
    _keep(con, "quality_unknown_shares", "unknown_rows", "stg_quality_unknowns")
    _run_file(
        con,
        "stg_meta",
        {"version": data_version(files), "latest": latest, "store_version": STORE_VERSION},
    )
    con.execute("checkpoint")


def _drill_down_tables(con: duckdb.DuckDBPyConnection, changed_by: Path | None) -> None:
    """The drill-down lists' own tables: each repeat's path up its chain (repeat_paths) and
    each breach of the review algorithm (algorithm_breaches), from one definition each (the
    temporary views *_rows), whole or for the appeals a new snapshot changed."""
    _run_file(con, "stg_algorithm_breach_rows")
    if changed_by is None:
        _run_file(con, "stg_path_starts")
        _run_file(con, "stg_repeat_path_rows")  # a view binds its tables: after path_starts
        _run_file(con, "stg_repeat_paths")
        _run_file(con, "stg_algorithm_breaches")
        return
    _run_file(con, "stg_changed_appeals", {"file": str(changed_by)})
    _run_file(con, "stg_path_starts_changed")
    _run_file(con, "stg_repeat_path_rows")
    for table in ("repeat_paths", "algorithm_breaches"):
        _run_file(con, f"stg_{table}_delete")
        _run_file(con, f"stg_{table}_insert")


def _keep(con: duckdb.DuckDBPyConnection, query: str, rows: str, table_file: str) -> None:
    """Store queries/<query>.sql's result as a table: queries/<table_file>.sql copies it from
    the view `rows`, so the query stays the only definition of what it computes."""
    con.register(rows, con.execute(load_sql(query)).df())
    _run_file(con, table_file)
    con.unregister(rows)


@contextmanager
def _write_lock(db_path: Path) -> Iterator[None]:
    """One writer at a time per store folder: two imports would each miss the other's file.

    The lock is taken on the folder itself, so no lock file is left beside the store.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(db_path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _tmp_name(path: Path, what: str) -> Path:
    return path.with_name(f".{path.name}.{what}-{os.getpid()}-{time.monotonic_ns()}")


def build(
    db_path: Path | None = None,
    snapshots_dir: Path | None = None,
    reference_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> StoreInfo:
    """Rebuild the store from every snapshot file, atomically replacing any previous one."""
    db_path = Path(db_path or paths.DEFAULT_DB)
    snapshots_dir = Path(snapshots_dir or paths.SNAPSHOTS_DIR)
    with _write_lock(db_path):
        recover(db_path, snapshots_dir)
        files = snapshot_files(snapshots_dir)
        if not files:
            raise FileNotFoundError(
                f"no snapshot files under {snapshots_dir}; run `python -m dashboard generate` "
                "or `python -m dashboard ingest FILE ...` first"
            )
        tmp = _tmp_name(db_path, "building")
        try:
            _build_into(
                tmp,
                files,
                Path(reference_dir or paths.REFERENCE_DIR),
                progress or _quiet,
                imported_labels(snapshots_dir),
            )
            os.replace(tmp, db_path)
        finally:
            _remove(tmp)
    return info(db_path)


def snapshot_path(snapshots_dir: Path, snapshot_date: date) -> Path:
    """Where the snapshot of a date lives (hive-style folder, one file)."""
    return snapshots_dir / f"snapshot_date={snapshot_date.isoformat()}" / "appeals.parquet"


def add_snapshot(
    frame: pd.DataFrame | Path,
    source: str,
    snapshot_date: date,
    db_path: Path | None = None,
    snapshots_dir: Path | None = None,
    reference_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    new_codes: str = "reject",
    incremental: bool = True,
    imported_codes: pd.DataFrame | None = None,
) -> StoreInfo:
    """Validate and add one snapshot: the store and snapshot folder change together or not at all.

    With new_codes="add", body, region and category codes missing from data/reference are
    accepted; the build adds them to the store's reference tables (queries/ref_*_added.sql),
    named from `imported_codes` (the registry of codes given to texts, replaced with the
    snapshot, just before the commit point).
    A contract violation raises schema.ContractError naming `source`, rows and columns. The
    Parquet file is staged beside its final place and the store is built into a temporary
    file with it (incrementally: a copy of the current store takes the new snapshot's appeals;
    a missing, stale or lagging store, or `incremental=False`, is built from every file);
    only when that succeeds are both renamed into place: the store first
    (the commit point), then the file. A writer killed between the two renames leaves the
    staged file, which the next writer's `recover` moves into place.

    `frame` may instead be a contract Parquet file already written and checked (an import
    writes one chunk by chunk, so its whole frame is never in memory): it is moved into the
    staged place (keep it on the snapshot folder's file system), not checked again.
    """
    db_path = Path(db_path or paths.DEFAULT_DB)
    snapshots_dir = Path(snapshots_dir or paths.SNAPSHOTS_DIR)
    reference_dir = Path(reference_dir or paths.REFERENCE_DIR)
    stage = _stager(frame, source, reference_dir, new_codes)
    target = snapshot_path(snapshots_dir, snapshot_date)
    with _write_lock(db_path):
        recover(db_path, snapshots_dir)
        if target.exists():
            raise FileExistsError(f"a snapshot of {snapshot_date} is already loaded ({target})")
        target.parent.mkdir(parents=True, exist_ok=True)
        staged, tmp_db = _tmp_name(target, "staged"), _tmp_name(db_path, "building")
        codes_path = snapshots_dir / IMPORTED_CODES
        staged_codes = _tmp_name(codes_path, "staged")
        if imported_codes is not None and imported_codes.empty:
            imported_codes = None  # nothing to name: leave the registry (if any) as it is
        labels = imported_labels(snapshots_dir) if imported_codes is None else imported_codes
        try:
            stage(staged)
            if imported_codes is not None:
                imported_codes.to_csv(staged_codes, index=False)
            files = sorted([*snapshot_files(snapshots_dir), staged], key=_snapshot_sort_key)
            if incremental and _can_update(db_path, snapshots_dir):
                shutil.copyfile(db_path, tmp_db)
                _update_into(tmp_db, staged, files, progress or _quiet, labels)
            else:
                _build_into(tmp_db, files, reference_dir, progress or _quiet, labels)
            if imported_codes is not None:
                # before the commit point: a crash after it must not lose codes the store
                # uses; one before it only leaves codes no appeal uses yet
                os.replace(staged_codes, codes_path)
            os.replace(tmp_db, db_path)  # the commit point: readers now see the new snapshot
            _place(staged, target)
        finally:
            _remove(staged, tmp_db, staged_codes)
            if not any(target.parent.iterdir()):
                target.parent.rmdir()
    return info(db_path)


def _stager(
    frame: pd.DataFrame | Path, source: str, reference_dir: Path, new_codes: str
) -> Callable[[Path], None]:
    """What puts the snapshot file at its staged path: the validated frame written, or a
    written file (of the contract's columns) moved."""
    import pyarrow.parquet as pq  # here: reading a store needs no Parquet writer

    if isinstance(frame, Path):
        got = pq.read_schema(frame)
        if not got.equals(schema.arrow_schema(), check_metadata=False):
            raise ValueError(f"{frame} is not a snapshot file: its columns are {got.names}")
        return lambda staged: os.replace(frame, staged)
    known = reference.known_codes(reference_dir) if new_codes == "reject" else {}
    violations = schema.validate(frame, known)
    if violations:
        raise schema.ContractError(source, violations)
    table = schema.to_arrow(frame)
    return lambda staged: pq.write_table(table, staged, compression="zstd")


def _can_update(db_path: Path, snapshots_dir: Path) -> bool:
    """The store is current and built from exactly the folder's files: safe to update in place."""
    try:
        built = info(db_path).data_version
    except (FileNotFoundError, StaleStoreError):
        return False
    return built == data_version(snapshot_files(snapshots_dir))


def _place(staged: Path, target: Path) -> None:
    """Move a snapshot file the store has committed into its final place."""
    os.replace(staged, target)


STAGED_GLOB = "snapshot_date=*/.appeals.parquet.staged-*"


def built_dates(db_path: Path) -> set[date]:
    """Snapshot dates the store was built from (none if it is missing or of an old layout)."""
    if not db_path.exists():
        return set()
    try:
        with connect(db_path) as con:
            rows = con.execute(load_sql("data_snapshots")).fetchall()
    except duckdb.Error:
        return set()
    return {row[0] for row in rows}


def recover(db_path: Path, snapshots_dir: Path) -> list[str]:
    """Finish or undo what a killed writer left; call with the write lock held.

    Temporary store builds are deleted. A staged snapshot file whose date the store already
    holds was committed (the store is swapped first) and is moved into place; any other
    staged file never was, and is deleted. Returns what was done, for the log.
    """
    done = []
    for tmp in sorted(db_path.parent.glob(f".{db_path.name}.building-*")):
        _remove(tmp)
        done.append(f"removed {tmp.name}")
    built = built_dates(db_path)
    for staged in sorted(snapshots_dir.glob(STAGED_GLOB)):
        target = staged.with_name("appeals.parquet")
        day = date.fromisoformat(staged.parent.name.split("=", 1)[1])
        if day in built and not target.exists():
            _place(staged, target)
            done.append(f"completed the snapshot of {day}")
        else:
            staged.unlink()
            done.append(f"removed {staged.name}")
        if not any(staged.parent.iterdir()):
            staged.parent.rmdir()
    return done


def snapshot_dates(snapshots_dir: Path) -> set[date]:
    """Dates of the snapshot files in the folder (from their hive-style folder names)."""
    return {
        date.fromisoformat(f.parent.name.split("=", 1)[1]) for f in snapshot_files(snapshots_dir)
    }


def unbuilt_snapshots(db_path: Path, snapshots_dir: Path) -> list[date]:
    """Snapshot files in the folder that the store was not built from (it needs a rebuild)."""
    return sorted(snapshot_dates(snapshots_dir) - built_dates(db_path))


def _quiet(_step: str) -> None:
    """A progress callback that shows nothing."""


def _remove(*files: Path) -> None:
    """Delete temporary files (and a DuckDB file's write-ahead log) if they are still there."""
    for f in files:
        f.unlink(missing_ok=True)
        f.with_name(f.name + ".wal").unlink(missing_ok=True)


def _snapshot_sort_key(path: Path) -> str:
    return path.parent.name


def require(db_path: Path | None = None) -> Path:
    """The store's path, or an error saying how to build it."""
    db_path = Path(db_path or paths.DEFAULT_DB)
    if not db_path.exists():
        raise FileNotFoundError(
            f"no store at {db_path}; run `python -m dashboard generate` to build the default data"
        )
    return db_path


@contextmanager
def connect(db_path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a built store."""
    con = duckdb.connect(str(require(db_path)), read_only=True)
    try:
        yield con
    finally:
        con.close()


def up_to_date(db: Path, snapshots: Path) -> bool:
    """The store exists, has the current layout and was built from exactly these files."""
    try:
        built = info(db).data_version
    except (FileNotFoundError, StaleStoreError):
        return False
    return built == data_version(snapshot_files(snapshots))


def info(db_path: Path | None = None) -> StoreInfo:
    """Metadata of a built store; a store of an older layout raises StaleStoreError."""
    path = require(db_path)
    with connect(path) as con:
        try:
            result = con.execute(load_sql("store_info"))
            row = dict(zip([d[0] for d in result.description], result.fetchone(), strict=True))
        except duckdb.Error as exc:  # a missing column or table: an older layout
            row = None
            cause: Exception | None = exc
        else:
            cause = None
    if row is None or row["store_version"] != STORE_VERSION:
        raise StaleStoreError(
            f"the store at {path} was built by an older version of the dashboard; "
            "rebuild it with `python -m dashboard build`"
        ) from cause
    return StoreInfo(
        path=path,
        data_version=row["data_version"],
        latest_snapshot=_day(row["latest_snapshot"]),
        first_received=_day(row["first_received"]),
        n_snapshots=int(row["n_snapshots"]),
        n_appeals=int(row["n_appeals"]),
        n_snapshot_rows=int(row["n_snapshot_rows"]),
    )


def _day(value: date | datetime) -> date:
    """A DATE column's value as a date (a TIMESTAMP one comes back as a datetime)."""
    return value.date() if isinstance(value, datetime) else value
