"""An import reads, checks and writes a file chunk by chunk (readers.CHUNK_ROWS rows at a time):
the store, the snapshot file, the report and every error message are those of a whole read."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from ingest_fixtures import FIXTURES, SNAPSHOT, registry_frame, write_csv
from test_store import digest

from dashboard.data import store
from dashboard.data.ingest import mapping, pipeline, readers, upload

CSV = FIXTURES / "registry_cp1251.csv"  # 40 rows
SR = FIXTURES / "service_requests.csv"  # texts for codes of their own, cells with line breaks
LATER = date(2016, 10, 31)
WHOLE = 10_000_000


@pytest.fixture(autouse=True)
def salt(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))


def imported(monkeypatch, chunk: int, path: Path, folder: Path, mapping_name: str):
    monkeypatch.setattr(readers, "CHUNK_ROWS", chunk)
    return pipeline.ingest(path, mapping_name, SNAPSHOT, folder / "appeals.duckdb")


def tables(db: Path) -> dict[str, pd.DataFrame]:
    """Every table of a store, rows sorted, but the metadata (its version hashes the bytes)."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.execute("show tables").fetchall()]
        out = {}
        for name in names:
            if name == "meta":
                continue
            df = con.execute(f'select * from "{name}"').df()
            df = df.map(
                lambda v: tuple(v) if hasattr(v, "__len__") and not isinstance(v, str) else v
            )
            out[name] = df.sort_values(list(df.columns)).reset_index(drop=True)
    return out


def contract_parquet(tmp_path: Path, monkeypatch) -> Path:
    """The CSV's contract rows as a Parquet export, in row groups that do not match chunks."""
    imported(monkeypatch, WHOLE, CSV, tmp_path / "src", "registry_ru")
    table = pq.read_table(store.snapshot_path(tmp_path / "src" / "snapshots", SNAPSHOT))
    path = tmp_path / "export.parquet"
    pq.write_table(table, path, row_group_size=13)
    return path


@pytest.mark.parametrize(
    ("source", "mapping_name"),
    [(CSV, "registry_ru"), (SR, "service_requests"), ("parquet", "contract")],
)
def test_an_import_in_several_chunks_gives_the_store_and_snapshot_of_one_read(
    tmp_path, monkeypatch, source, mapping_name
):
    path = contract_parquet(tmp_path, monkeypatch) if source == "parquet" else source
    rows = len(pq.read_table(path)) if source == "parquet" else None
    whole = imported(monkeypatch, WHOLE, path, tmp_path / "whole", mapping_name)
    chunked = imported(monkeypatch, 7, path, tmp_path / "chunked", mapping_name)
    assert chunked.rows == whole.rows == (rows or chunked.rows) and chunked.rows > 3 * 7
    snap = [store.snapshot_path(tmp_path / f / "snapshots", SNAPSHOT) for f in ("whole", "chunked")]
    pd.testing.assert_frame_equal(
        pq.read_table(snap[0]).to_pandas(), pq.read_table(snap[1]).to_pandas()
    )
    assert pq.ParquetFile(snap[1]).metadata.num_row_groups > 1  # written chunk by chunk
    a, b = (
        tables(tmp_path / "whole" / "appeals.duckdb"),
        tables(tmp_path / "chunked" / "appeals.duckdb"),
    )
    assert a.keys() == b.keys() and "appeals" in a
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    codes = [tmp_path / f / "snapshots" / "imported_codes.csv" for f in ("whole", "chunked")]
    assert codes[0].exists() == codes[1].exists() == (mapping_name == "service_requests")
    if codes[0].exists():
        assert codes[0].read_bytes() == codes[1].read_bytes()


@pytest.mark.parametrize(
    ("source", "mapping_name"), [(CSV, "registry_ru"), (SR, "service_requests")]
)
def test_quality_warnings_and_unknown_shares_over_chunks_equal_a_whole_read(
    tmp_path, monkeypatch, source, mapping_name
):
    whole = imported(monkeypatch, WHOLE, source, tmp_path / "whole", mapping_name)
    chunked = imported(monkeypatch, 6, source, tmp_path / "chunked", mapping_name)
    assert not whole.warnings.empty
    pd.testing.assert_frame_equal(whole.warnings, chunked.warnings)
    pd.testing.assert_frame_equal(whole.unknown, chunked.unknown)
    assert (whole.n_due_derived, whole.absent) == (chunked.n_due_derived, chunked.absent)
    # and the counts are those of the file, counted the plain way
    snap = store.snapshot_path(tmp_path / "chunked" / "snapshots", SNAPSHOT)
    frame = pq.read_table(snap).to_pandas()
    shares = chunked.unknown.set_index("column_name")
    assert (shares.n_rows == len(frame)).all() or "outcome" in shares.index
    for column in set(shares.index) & {"applicant_key", "due_date"}:
        assert shares.loc[column, "n_unknown"] == frame[column].isna().sum()


def rejection(monkeypatch, chunk: int, path: Path, mapping_name: str) -> str:
    monkeypatch.setattr(readers, "CHUNK_ROWS", chunk)
    with pytest.raises(pipeline.Rejected) as caught:
        pipeline.prepare(path, mapping.load(mapping_name), SNAPSHOT)
    return str(caught.value)


def file_line_of(path: Path, key: str, encoding: str = "utf-8") -> int:
    text = path.read_bytes().decode(encoding)
    return text[: text.index(key)].count("\n") + 1


def test_errors_in_later_chunks_name_their_row_and_file_line(tmp_path, monkeypatch):
    src = pd.read_csv(SR, dtype=str, keep_default_na=False)
    assert src.Descriptor.str.contains("\n").sum() >= 3  # cells with line breaks before them
    src.loc[25, "Created Date"] = "sometime in May"  # chunk 2 of 20-row chunks
    src.loc[47, "Created Date"] = "in June"  # chunk 3
    src.loc[52, "Unique Key"] = src.loc[3, "Unique Key"]  # the same id in chunks 1 and 3
    path = tmp_path / "sr.csv"
    src.to_csv(path, index=False)
    message = rejection(monkeypatch, 20, path, "service_requests")
    assert message == rejection(monkeypatch, WHOLE, path, "service_requests")
    lines = [file_line_of(path, "sometime in May"), file_line_of(path, "in June")]
    assert lines[0] > 27  # the line breaks before push the file line past the row
    assert "'Created Date -> received_date', 2 row(s): rows 27, 49;" in message
    assert f"(in the file: line(s) {lines[0]}, {lines[1]};" in message
    assert "'Unique Key -> appeal_id', 2 row(s): rows 5, 54;" in message
    assert message.count("expected each appeal_id once per snapshot") == 1


def test_problems_of_every_chunk_are_counted_and_quoted_as_in_a_whole_read(tmp_path, monkeypatch):
    df = registry_frame()
    for row in (2, 9, 17, 33):  # four chunks of 8 rows
        df.loc[row, "Дата регистрации"] = f"{row}.13.2016"
        df.loc[row, "Краткое содержание"] = f"текст\x1b{row}"
    df.loc[39, "Рег. номер"] = df.loc[0, "Рег. номер"]  # first and last chunk
    path = write_csv(df, tmp_path / "bad.csv")
    message = rejection(monkeypatch, 8, path, "registry_ru")
    assert message == rejection(monkeypatch, WHOLE, path, "registry_ru")
    assert "4 row(s): rows 4, 11, 19, 35; bad values: '2.13.2016', '9.13.2016'" in message
    assert "rows 2, 41;" in message


def test_a_bad_row_in_the_last_chunk_leaves_the_store_and_snapshots_unchanged(
    tmp_path, monkeypatch
):
    folder = tmp_path / "store"
    imported(monkeypatch, WHOLE, CSV, folder, "registry_ru")
    before = digest(folder)
    df = registry_frame()
    df.loc[39, "Дата регистрации"] = "31.02.2016"
    path = write_csv(df, tmp_path / "later.csv")
    monkeypatch.setattr(readers, "CHUNK_ROWS", 7)
    with pytest.raises(pipeline.Rejected, match="rows 41;"):
        pipeline.ingest(path, "registry_ru", LATER, folder / "appeals.duckdb")
    assert digest(folder) == before
    assert not list(folder.rglob(".import-*"))


def test_a_rejected_first_import_leaves_no_snapshot_folder(tmp_path, monkeypatch):
    df = registry_frame()
    df.loc[20, "Дата регистрации"] = "31.02.2016"
    path = write_csv(df, tmp_path / "bad.csv")
    monkeypatch.setattr(readers, "CHUNK_ROWS", 7)
    with pytest.raises(pipeline.Rejected):
        pipeline.ingest(path, "registry_ru", SNAPSHOT, tmp_path / "store" / "appeals.duckdb")
    assert not (tmp_path / "store" / "snapshots").exists()


def test_the_row_limit_counts_the_rows_of_every_chunk(tmp_path, monkeypatch):
    monkeypatch.setenv("APPEALS_IMPORT_MAX_ROWS", "30")
    monkeypatch.setattr(readers, "CHUNK_ROWS", 7)
    with pytest.raises(pipeline.IngestError, match="40 rows is over the limit of 30"):
        pipeline.ingest(CSV, "registry_ru", SNAPSHOT, tmp_path / "appeals.duckdb")


def test_a_short_row_in_a_later_chunk_falls_back_to_pandas_and_imports(tmp_path, monkeypatch):
    df = registry_frame()
    df.loc[29, "Краткое содержание"] = ""
    path = write_csv(df, tmp_path / "short.csv")
    lines = path.read_bytes().split(b"\r\n")
    assert lines[30].endswith(b";")
    lines[30] = lines[30][:-1]  # row 31 lacks its last (empty) cell: Arrow cannot read it
    path.write_bytes(b"\r\n".join(lines))
    whole = imported(monkeypatch, WHOLE, path, tmp_path / "whole", "registry_ru")
    chunked = imported(monkeypatch, 7, path, tmp_path / "chunked", "registry_ru")
    assert chunked.rows == whole.rows == 40
    snap = [store.snapshot_path(tmp_path / f / "snapshots", SNAPSHOT) for f in ("whole", "chunked")]
    pd.testing.assert_frame_equal(
        pq.read_table(snap[0]).to_pandas(), pq.read_table(snap[1]).to_pandas()
    )


def test_dry_run_lists_every_problem_and_previews_the_first_rows(tmp_path, monkeypatch):
    df = registry_frame()
    df.loc[37, "Дата регистрации"] = "31.02.2016"
    bad = write_csv(df, tmp_path / "bad.csv")
    monkeypatch.setattr(readers, "CHUNK_ROWS", 7)
    db = tmp_path / "store" / "appeals.duckdb"
    got = upload.dry_run(bad, "registry_ru", SNAPSHOT, db)
    assert got.rows == 40 and any("rows 39;" in e for e in got.errors)
    good = upload.dry_run(CSV, "registry_ru", SNAPSHOT, db)
    monkeypatch.setattr(readers, "CHUNK_ROWS", WHOLE)
    one = upload.dry_run(CSV, "registry_ru", SNAPSHOT, db)
    assert good.ok and len(good.preview) == upload.PREVIEW_ROWS
    pd.testing.assert_frame_equal(good.preview, one.preview)
    pd.testing.assert_frame_equal(good.warnings, one.warnings)
    pd.testing.assert_frame_equal(good.unknown, one.unknown)
    assert not db.exists()


def test_unmapped_texts_are_summed_over_chunks(tmp_path, monkeypatch):
    sr_strict = tmp_path / "strict.yaml"
    text = mapping.resolve("service_requests").read_text(encoding="utf-8")
    sr_strict.write_text(text.replace("new_codes: add", "new_codes: reject"), encoding="utf-8")
    db = tmp_path / "store" / "appeals.duckdb"
    monkeypatch.setattr(readers, "CHUNK_ROWS", 9)
    chunked = upload.dry_run(SR, str(sr_strict), SNAPSHOT, db)
    monkeypatch.setattr(readers, "CHUNK_ROWS", WHOLE)
    whole = upload.dry_run(SR, str(sr_strict), SNAPSHOT, db)
    assert not chunked.unmapped.empty
    pd.testing.assert_frame_equal(
        chunked.unmapped.reset_index(drop=True), whole.unmapped.reset_index(drop=True)
    )
    assert chunked.errors == whole.errors
    shutil.rmtree(tmp_path / "store", ignore_errors=True)


def test_an_import_deletes_what_a_killed_import_left_but_not_a_running_ones(tmp_path):
    snapshots = tmp_path / "store" / "snapshots"
    snapshots.mkdir(parents=True)
    dead = snapshots / ".import-99999999-1.parquet"  # above any pid the kernel hands out
    running = snapshots / f".import-{os.getpid()}-1.parquet"
    dead.write_bytes(b"partial")
    running.write_bytes(b"partial")
    pipeline.ingest(CSV, "registry_ru", SNAPSHOT, tmp_path / "store" / "appeals.duckdb")
    assert not dead.exists() and running.exists()


def test_duplicate_ids_query_lists_every_row_of_a_repeated_number(tmp_path):
    import pyarrow as pa

    from dashboard.data.sql import load_sql

    ids = ["a1", "a2", "a1", None, "a3", None, "a2", "a1"]
    file = tmp_path / "ids.parquet"
    pq.write_table(pa.table({"appeal_id": pa.array(ids, pa.string())}), file)
    con = duckdb.connect()
    try:
        got = con.execute(load_sql("ingest_duplicate_ids"), {"file": str(file)}).fetchall()
    finally:
        con.close()
    s = pd.Series(ids)
    want = s[s.notna() & s.duplicated(keep=False)]  # pandas: every row of a repeated id
    assert got == list(zip(want.index.tolist(), want.tolist(), strict=True))
