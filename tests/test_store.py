"""The store: builds are idempotent, and a failed build or a bad snapshot changes nothing."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import closed, row, tiny_frame, write_snapshots

from dashboard import paths
from dashboard.data import schema, store


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder: the state a failed operation must not change."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def work(tmp_path: Path) -> tuple[Path, Path]:
    snaps = tmp_path / "snapshots"
    write_snapshots(tiny_frame(), snaps)
    db = tmp_path / "appeals.duckdb"
    store.build(db, snaps, paths.REFERENCE_DIR)
    return db, snaps


def test_rebuild_is_idempotent(work):
    db, snaps = work
    first = store.info(db)
    with store.connect(db) as con:
        before = con.execute("select * from appeals order by appeal_id").df()
    second = store.build(db, snaps, paths.REFERENCE_DIR)
    with store.connect(db) as con:
        after = con.execute("select * from appeals order by appeal_id").df()
    assert first.data_version == second.data_version
    pd.testing.assert_frame_equal(before, after)
    assert [p.name for p in db.parent.iterdir() if p.name.startswith(".")] == []


def test_a_full_build_reports_each_of_its_steps_once_in_order(work):
    db, snaps = work
    seen: list[str] = []
    store.build(db, snaps, paths.REFERENCE_DIR, progress=seen.append)
    assert tuple(seen) == store.BUILD_STEPS  # the CLI's bar counts these


def test_info_reports_latest_snapshot_and_counts(work):
    db, _ = work
    info = store.info(db)
    assert info.latest_snapshot == date(2016, 9, 30)
    assert info.n_appeals == 12
    assert info.n_snapshots == 2
    assert info.n_snapshot_rows == len(tiny_frame())


def test_failed_rebuild_leaves_previous_store_usable(work):
    db, snaps = work
    before = digest(db.parent)
    broken = snaps / "snapshot_date=2016-12-31" / "appeals.parquet"
    broken.parent.mkdir()
    broken.write_bytes(b"not parquet at all")
    with pytest.raises(Exception, match="parquet|Parquet"):
        store.build(db, snaps, paths.REFERENCE_DIR)
    broken.unlink()
    broken.parent.rmdir()
    assert digest(db.parent) == before
    assert store.info(db).n_appeals == 12


def next_snapshot() -> pd.DataFrame:
    """A valid third export: a6 closed, one new appeal."""
    df = tiny_frame()
    df = df[df.appeal_id.isin(["a6"]) & (df.snapshot_date == date(2016, 9, 30))].copy()
    df["snapshot_date"] = date(2016, 12, 31)
    df["closed_date"] = date(2016, 10, 5)
    df["outcome"] = "explained"
    df["justified"] = False
    df["signed_level"] = "unit_head"
    df["cites_legal_basis"] = True
    new = df.copy()
    new["appeal_id"] = "a13"
    new["received_date"] = date(2016, 11, 1)
    return pd.concat([df, new], ignore_index=True)[list(schema.COLUMN_NAMES)]


def test_add_snapshot_updates_current_state(work):
    db, snaps = work
    info = store.add_snapshot(next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps)
    assert info.n_appeals == 13
    assert info.latest_snapshot == date(2016, 12, 31)
    with store.connect(db) as con:
        outcome = con.execute("select outcome from appeals where appeal_id = 'a6'").fetchone()
    assert outcome == ("explained",)


def test_add_snapshot_twice_is_refused_and_changes_nothing(work):
    db, snaps = work
    store.add_snapshot(next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps)
    before = digest(db.parent)
    with pytest.raises(FileExistsError, match="2016-12-31"):
        store.add_snapshot(next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps)
    assert digest(db.parent) == before


def test_snapshot_with_bad_row_is_rejected_and_store_unchanged(work):
    db, snaps = work
    before = digest(db.parent)
    bad = next_snapshot()
    bad.loc[1, "appeal_type"] = "grievance"
    with pytest.raises(schema.ContractError, match=r"q4.parquet: column 'appeal_type'.*rows 3;"):
        store.add_snapshot(bad, "q4.parquet", date(2016, 12, 31), db, snaps)
    assert digest(db.parent) == before


@pytest.mark.parametrize(
    ("step", "incremental"), [("_build_into", False), ("_update_into", True), ("_derive", True)]
)
def test_failure_during_build_leaves_no_half_written_state(work, monkeypatch, step, incremental):
    db, snaps = work
    before = digest(db.parent)

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, step, explode)
    with pytest.raises(RuntimeError, match="disk full"):
        store.add_snapshot(
            next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps, incremental=incremental
        )
    assert digest(db.parent) == before


def test_concurrent_adds_both_land_in_the_store(work):
    db, snaps = work
    from concurrent.futures import ThreadPoolExecutor

    q4 = next_snapshot()
    q1 = next_snapshot().assign(snapshot_date=date(2017, 3, 31))
    q1["appeal_id"] = q1.appeal_id.replace({"a6": "a6", "a13": "a14"})
    with ThreadPoolExecutor(2) as pool:
        jobs = [
            pool.submit(store.add_snapshot, q4, "q4", date(2016, 12, 31), db, snaps),
            pool.submit(store.add_snapshot, q1, "q1", date(2017, 3, 31), db, snaps),
        ]
        [j.result() for j in jobs]
    info = store.info(db)
    assert info.n_snapshots == 4
    assert info.n_appeals == 14


def test_store_info_counts_match_pandas(work):
    db, _ = work
    from dashboard.data import queries

    got = queries.execute("store_info", {}, db).iloc[0]
    frame = tiny_frame()
    assert got.n_appeals == frame.appeal_id.nunique() == 12
    assert got.n_snapshot_rows == len(frame)
    assert got.n_snapshots == frame.snapshot_date.nunique()
    assert got.first_received.date() == frame.received_date.min()
    assert got.store_version == store.STORE_VERSION


def test_store_of_an_older_layout_asks_to_be_rebuilt(work, capsys):
    import duckdb

    from dashboard import cli

    db, snaps = work
    con = duckdb.connect(str(db))
    con.execute("alter table meta drop column store_version")
    con.close()
    with pytest.raises(store.StaleStoreError, match="python -m dashboard build"):
        store.info(db)
    assert cli.main(["summary", "--year", "2016", "--db", str(db)]) == 1
    assert "older version of the dashboard" in capsys.readouterr().err
    assert cli.main(["build", "--db", str(db), "--snapshots", str(snaps)]) == 0
    assert store.info(db).n_appeals == 12


def test_build_if_needed_skips_a_current_store_and_rebuilds_a_changed_one(work, capsys):
    from dashboard import cli

    db, snaps = work
    args = ["build", "--if-needed", "--db", str(db), "--snapshots", str(snaps)]
    before = digest(db.parent)
    assert cli.main(args) == 0
    assert "up to date" in capsys.readouterr().err
    assert digest(db.parent) == before
    write_snapshots(next_snapshot(), snaps)
    assert cli.main(args) == 0
    assert store.info(db).n_appeals == 13


def _crash_between_renames(db: Path, snaps: Path, monkeypatch) -> None:
    """add_snapshot killed after the store swap, before the file's rename (nothing cleaned)."""

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(store, "_place", killed)
    monkeypatch.setattr(store, "_remove", lambda *_files: None)  # a kill runs no `finally`
    with pytest.raises(KeyboardInterrupt):
        store.add_snapshot(next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps)
    monkeypatch.undo()


def test_crash_between_renames_is_completed_by_the_next_writer(work, monkeypatch):
    db, snaps = work
    _crash_between_renames(db, snaps, monkeypatch)
    assert list(snaps.glob(store.STAGED_GLOB)), "the crash left the staged file"
    assert store.info(db).latest_snapshot == date(2016, 12, 31)  # the store had committed
    with pytest.raises(FileExistsError, match="already loaded"):  # true now: it is loaded
        store.add_snapshot(next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps)
    assert store.snapshot_path(snaps, date(2016, 12, 31)).exists()
    assert not list(snaps.glob(store.STAGED_GLOB))
    assert store.info(db).data_version == store.data_version(store.snapshot_files(snaps))


def test_crash_between_renames_then_build_if_needed_finds_the_store_current(
    work, monkeypatch, capsys
):
    from dashboard import cli

    db, snaps = work
    _crash_between_renames(db, snaps, monkeypatch)
    assert cli.main(["build", "--if-needed", "--db", str(db), "--snapshots", str(snaps)]) == 0
    assert store.snapshot_path(snaps, date(2016, 12, 31)).exists()
    assert store.info(db).n_appeals == 13


def test_killed_build_leftovers_are_removed_by_the_next_build(work):
    db, snaps = work
    leftover = db.with_name(f".{db.name}.building-999-1")
    leftover.write_bytes(b"half a database")
    stray = snaps / "snapshot_date=2017-03-31" / ".appeals.parquet.staged-999-2"
    stray.parent.mkdir()
    stray.write_bytes(b"never committed")
    store.build(db, snaps, paths.REFERENCE_DIR)
    assert not leftover.exists() and not stray.parent.exists()
    assert store.info(db).latest_snapshot == date(2016, 9, 30)


def test_snapshot_file_the_store_was_not_built_from_is_detected(work, capsys):
    from dashboard import cli

    db, snaps = work
    assert store.unbuilt_snapshots(db, snaps) == []
    write_snapshots(next_snapshot(), snaps)  # dropped in by hand, no import
    assert store.unbuilt_snapshots(db, snaps) == [date(2016, 12, 31)]
    assert cli.main(["build", "--if-needed", "--db", str(db), "--snapshots", str(snaps)]) == 0
    assert store.unbuilt_snapshots(db, snaps) == []


def _tables(db: Path) -> dict[str, pd.DataFrame]:
    """Every table of a store, rows sorted, so two stores compare by content, not order."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        out = {}
        for name in sorted(names):
            df = con.execute(f'select * from "{name}"').df()  # test-only: names from the catalogue
            df = df.drop(columns=["built_at"], errors="ignore")
            for col in df.columns if len(df) else ():  # list cells (example ids) as text
                if df[col].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
                    df[col] = df[col].map(lambda v: ",".join(map(str, v)))
            out[name] = df.sort_values(list(df.columns)).reset_index(drop=True)
        return out
    finally:
        con.close()


def _assert_same_store(a: Path, b: Path) -> None:
    left, right = _tables(a), _tables(b)
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_incremental_add_equals_a_full_rebuild(work, tmp_path):
    db, snaps = work
    store.add_snapshot(next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps)
    full = tmp_path / "full.duckdb"
    store.build(full, snaps, paths.REFERENCE_DIR)
    _assert_same_store(db, full)


def _chain_rows(snapshot: str) -> list[dict]:
    """Repeats and answers whose chains and breaches a later export changes."""
    answered = closed("explained", "2016-03-10", signed_level="deputy_head")
    return [
        row("c1", snapshot, "2016-03-01", "2016-03-16", **answered),
        row("c2", snapshot, "2016-06-01", "2016-06-16", repeat_of="c1"),  # open
        row("c3", snapshot, "2016-07-01", "2016-07-16", repeat_of="ghost",
            **closed("refused", "2016-07-10")),  # its original is not in the store yet
        row("c4", snapshot, "2016-02-01", "2016-02-16",
            **closed("explained", "2016-02-10", signed_level="executor")),
    ]  # fmt: skip


def _chains_changed(snapshot: str) -> list[dict]:
    """The next export: c1's answer re-signed, c2 answered, the missing original arrives, a
    repeat of a repeat, and c4 now recorded as a repeat of c1."""
    first = closed("explained", "2016-03-10", signed_level="first_head")
    return [
        row("c1", snapshot, "2016-03-01", "2016-03-16", **first),
        row("c2", snapshot, "2016-06-01", "2016-06-16", repeat_of="c1",
            **closed("refused", "2016-06-12", signed_level="deputy_head")),
        row("ghost", snapshot, "2016-01-15", "2016-01-30", **closed("explained", "2016-01-20")),
        row("c5", snapshot, "2016-11-01", "2016-11-16", repeat_of="c2",
            **closed("explained", "2016-11-10", signed_level="unit_head")),
        row("c4", snapshot, "2016-02-01", "2016-02-16", repeat_of="c1",
            **closed("explained", "2016-02-10", signed_level="executor")),
    ]  # fmt: skip


def test_incremental_add_that_changes_chains_and_breaches_equals_a_full_rebuild(tmp_path):
    snaps, db = tmp_path / "snapshots", tmp_path / "appeals.duckdb"
    first = pd.DataFrame(_chain_rows("2016-09-30"))[list(schema.COLUMN_NAMES)]
    write_snapshots(first, snaps)
    store.build(db, snaps, paths.REFERENCE_DIR)
    later = pd.DataFrame(_chains_changed("2016-12-31"))[list(schema.COLUMN_NAMES)]
    store.add_snapshot(later, "q4.parquet", date(2016, 12, 31), db, snaps)
    full = tmp_path / "full.duckdb"
    store.build(full, snaps, paths.REFERENCE_DIR)
    _assert_same_store(db, full)
    paths_now = _tables(db)["repeat_paths"]
    assert set(paths_now[paths_now.start_id == "c5"].appeal_id) == {"c1", "c2", "c5"}
    assert paths_now[paths_now.start_id == "c3"].received_date.notna().all()  # ghost known


def test_incremental_backfill_of_an_older_snapshot_equals_a_full_rebuild(work, tmp_path):
    """A snapshot dated before the latest only changes appeals no later export holds."""
    db, snaps = work
    store.add_snapshot(next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps)
    older = next_snapshot().assign(snapshot_date=date(2016, 11, 30))
    older["appeal_id"] = older.appeal_id.replace({"a13": "a14"})
    older["outcome"] = "refused"
    store.add_snapshot(older, "nov.parquet", date(2016, 11, 30), db, snaps)
    full = tmp_path / "full.duckdb"
    store.build(full, snaps, paths.REFERENCE_DIR)
    _assert_same_store(db, full)
    assert store.info(db).n_appeals == 14


def test_add_to_a_lagging_store_rebuilds_from_every_file(work, tmp_path):
    db, snaps = work
    write_snapshots(next_snapshot(), snaps)  # a file the store was not built from
    later = next_snapshot().assign(snapshot_date=date(2017, 3, 31))
    store.add_snapshot(later, "q1.parquet", date(2017, 3, 31), db, snaps)
    full = tmp_path / "full.duckdb"
    store.build(full, snaps, paths.REFERENCE_DIR)
    _assert_same_store(db, full)


def test_kept_quality_report_equals_the_checks_run_now_after_an_incremental_add(work):
    from dashboard.data import queries

    db, snaps = work
    store.add_snapshot(next_snapshot(), "q4.parquet", date(2016, 12, 31), db, snaps)
    kept = queries.execute("data_quality_report", {}, db)
    now = queries.execute("quality_warnings", {}, db)
    assert not kept.empty  # a11 has no due date
    pd.testing.assert_frame_equal(kept, now)
    kept = queries.execute("data_quality_unknowns", {}, db)
    now = queries.execute("quality_unknown_shares", {}, db)
    assert not kept.empty  # a11's missing due date again
    pd.testing.assert_frame_equal(kept, now)
