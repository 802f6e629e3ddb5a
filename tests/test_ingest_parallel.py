"""A large file's chunks are checked by worker processes (chunked.WORKERS): the contract rows,
pseudonym keys, violations, messages and errors are exactly those of the one-process check,
and a failing import still leaves nothing behind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from ingest_fixtures import FIXTURES, SNAPSHOT, registry_frame, write_csv
from test_ingest_chunks import contract_parquet
from test_store import digest

from dashboard.data.ingest import IngestError, chunked, mapping, pipeline, readers

CSV = FIXTURES / "registry_cp1251.csv"  # 40 rows
SR = FIXTURES / "service_requests.csv"  # new_codes: add, cells with line breaks
CHUNK = 7  # rows: the fixtures' 40 make six chunks
LATER = date(2016, 10, 31)


@pytest.fixture(autouse=True)
def small_chunks(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))
    monkeypatch.setattr(readers, "CHUNK_ROWS", CHUNK)
    monkeypatch.setattr(chunked, "PARALLEL_MIN_BYTES", 0)


@pytest.fixture
def resets(monkeypatch) -> list[Path]:
    """The scratch files reset after a failed parallel check (none: it did not fall back)."""
    done: list[Path] = []
    reset = chunked._Writer.reset

    def spy(self: chunked._Writer) -> None:
        done.append(self.parquet)
        reset(self)

    monkeypatch.setattr(chunked._Writer, "reset", spy)
    return done


def workers(monkeypatch, n: int) -> None:
    monkeypatch.setattr(chunked, "WORKERS", n)


def bad_registry(tmp_path: Path) -> Path:
    """Several kinds of problems in several chunks, some kinds in more than one."""
    df = registry_frame()
    for row in (2, 9, 17, 33):
        df.loc[row, "Дата регистрации"] = f"{row}.13.2016"
    for row in (5, 30):
        df.loc[row, "Краткое содержание"] = f"текст\x1b{row}"
    df.loc[12, "ИИН/БИН заявителя"] = "12345"
    df.loc[20, "Коллективное"] = "может быть"
    df.loc[26, "Канал"] = "Голубиная почта"
    df.loc[27, "Орган"] = "Неизвестный орган"
    df.loc[38, "Кол-во подписавших"] = "два"
    df.loc[39, "Рег. номер"] = df.loc[0, "Рег. номер"]  # first and last chunk
    df.loc[22, "Рег. номер"] = df.loc[21, "Рег. номер"]  # within one chunk
    return write_csv(df, tmp_path / "bad.csv")


def checked(monkeypatch, n: int, path: Path, mapping_name: str, out: Path):
    workers(monkeypatch, n)
    parquet = out / "appeals.parquet"
    out.mkdir(parents=True)
    m = mapping.load(mapping_name)
    result = chunked.check(path, m, SNAPSHOT, parquet, snapshots_dir=out, unmapped=True)
    rows = pq.read_table(parquet).to_pandas() if parquet.exists() else None
    leftovers = sorted(p.name for p in out.iterdir() if p != parquet)
    return result, rows, leftovers


def assert_same(one, other) -> None:
    (a, rows_a, left_a), (b, rows_b, left_b) = one, other
    assert (a.rows, a.violations, a.n_due_derived, a.absent) == (
        b.rows,
        b.violations,
        b.n_due_derived,
        b.absent,
    )
    pd.testing.assert_frame_equal(a.preview, b.preview)
    pd.testing.assert_frame_equal(a.unmapped, b.unmapped)
    assert (a.codes is None) == (b.codes is None)
    if a.codes is not None:
        pd.testing.assert_frame_equal(a.codes, b.codes)
    assert (rows_a is None) == (rows_b is None)
    if rows_a is not None:
        pd.testing.assert_frame_equal(rows_a, rows_b)
    assert left_a == left_b == []


@pytest.mark.parametrize(
    ("source", "mapping_name"),
    [
        (CSV, "registry_ru"),
        ("bad", "registry_ru"),
        ("parquet", "contract"),
        (SR, "service_requests"),
    ],
)
def test_checking_in_workers_gives_exactly_what_one_process_gives(
    tmp_path, monkeypatch, resets, source, mapping_name
):
    if source == "bad":
        source = bad_registry(tmp_path)
    elif source == "parquet":
        source = contract_parquet(tmp_path, monkeypatch)
        monkeypatch.setattr(readers, "CHUNK_ROWS", CHUNK)
    one = checked(monkeypatch, 1, source, mapping_name, tmp_path / "one")
    parallel = checked(monkeypatch, 2, source, mapping_name, tmp_path / "parallel")
    assert_same(one, parallel)
    assert resets == []  # the workers' result, not a fallback's
    assert one[0].rows > 3 * CHUNK
    if mapping_name == "registry_ru":
        assert one[1] is not None or len(one[0].violations) >= 8


def test_bad_rows_in_several_chunks_are_reported_alike(tmp_path, monkeypatch, resets):
    path = bad_registry(tmp_path)
    messages = []
    for n in (1, 2):
        workers(monkeypatch, n)
        with pytest.raises(pipeline.Rejected) as caught:
            pipeline.prepare(path, mapping.load("registry_ru"), SNAPSHOT)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "4 row(s): rows 4, 11, 19, 35; bad values: '2.13.2016', '9.13.2016'" in messages[1]
    assert "'Рег. номер -> appeal_id', 4 row(s): rows 2, 23, 24, 41;" in messages[1]
    assert resets == []


def test_pseudonym_keys_are_those_of_one_process(tmp_path, monkeypatch):
    one = checked(monkeypatch, 1, CSV, "registry_ru", tmp_path / "one")[1]
    parallel = checked(monkeypatch, 2, CSV, "registry_ru", tmp_path / "parallel")[1]
    assert parallel.applicant_key.notna().sum() > 30
    assert parallel.applicant_key.tolist() == one.applicant_key.tolist()


def test_a_rejected_parallel_import_leaves_the_store_and_snapshots_unchanged(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    workers(monkeypatch, 2)
    pipeline.ingest(CSV, "registry_ru", SNAPSHOT, folder / "appeals.duckdb")
    before = digest(folder)
    df = registry_frame()
    df.loc[39, "Дата регистрации"] = "31.02.2016"  # the last chunk
    path = write_csv(df, tmp_path / "later.csv")
    with pytest.raises(pipeline.Rejected, match="rows 41;"):
        pipeline.ingest(path, "registry_ru", LATER, folder / "appeals.duckdb")
    assert digest(folder) == before
    assert not list(folder.rglob(".import-*"))


def test_a_parallel_import_gives_the_store_of_one_process(tmp_path, monkeypatch):
    snapshots = []
    for n in (1, 2):
        workers(monkeypatch, n)
        folder = tmp_path / f"store{n}"
        result = pipeline.ingest(CSV, "registry_ru", SNAPSHOT, folder / "appeals.duckdb")
        assert result.status == "imported" and result.rows == 40
        snapshots.append(pq.read_table(folder / "snapshots" / f"snapshot_date={SNAPSHOT}"))
    assert snapshots[0].equals(snapshots[1])


def error_text(monkeypatch, n: int, path: Path, mapping_name: str = "registry_ru") -> str:
    workers(monkeypatch, n)
    with pytest.raises(IngestError) as caught:
        pipeline.prepare(path, mapping.load(mapping_name), SNAPSHOT)
    return str(caught.value)


def test_unreadable_files_give_the_errors_of_one_process(tmp_path, monkeypatch):
    df = registry_frame().drop(columns=["Канал"])
    missing = write_csv(df, tmp_path / "missing.csv")
    undecodable = tmp_path / "undecodable.csv"
    text = CSV.read_bytes()
    at = text.index(b"\r\n", len(text) * 3 // 4)  # in a later chunk
    undecodable.write_bytes(text[:at] + b"\x98" + text[at:])  # not a cp1251 character
    for path in (missing, undecodable, tmp_path / "absent.csv"):
        assert error_text(monkeypatch, 2, path) == error_text(monkeypatch, 1, path)


def test_the_row_limit_is_the_same_in_parallel(monkeypatch):
    monkeypatch.setenv("APPEALS_IMPORT_MAX_ROWS", "30")
    message = error_text(monkeypatch, 2, CSV)
    assert "40 rows is over the limit of 30" in message
    assert message == error_text(monkeypatch, 1, CSV)


def test_a_failure_in_the_workers_falls_back_to_one_process(tmp_path, monkeypatch, resets):
    given = chunked._parallel

    def broken(path, ctx, out):
        parts = given(path, ctx, out)
        yield next(parts)  # one chunk written, then the workers are lost
        parts.close()
        raise RuntimeError("a worker died")

    monkeypatch.setattr(chunked, "_parallel", broken)
    path = bad_registry(tmp_path)
    parallel = checked(monkeypatch, 2, path, "registry_ru", tmp_path / "parallel")
    assert resets == [tmp_path / "parallel" / "appeals.parquet"]
    assert_same(checked(monkeypatch, 1, path, "registry_ru", tmp_path / "one"), parallel)
