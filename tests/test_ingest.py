"""Importing registry exports end to end: cp1251 CSV, UTF-8 with BOM, XLSX, the store's answers."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from ingest_fixtures import FIXTURES, SNAPSHOT, build
from test_store import digest

from dashboard import cli
from dashboard.data import store
from dashboard.data.ingest import IngestError, manifest, pipeline

CSV = FIXTURES / "registry_cp1251.csv"


@pytest.fixture(autouse=True)
def salt(tmp_path_factory, monkeypatch) -> Path:
    path = tmp_path_factory.getbasetemp() / "salt" / "salt"
    monkeypatch.setenv("APPEALS_SALT_FILE", str(path))
    return path


def ingest(path: Path, db: Path, when: date = SNAPSHOT, mapping: str = "registry_ru"):
    return pipeline.ingest(path, mapping, when, db)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def source_truth(path: Path, encoding: str = "cp1251") -> pd.DataFrame:
    """The export computed the plain way in pandas: the independent answer for summary."""
    src = pd.read_csv(path, sep=";", encoding=encoding, dtype=str, keep_default_na=False)
    received = pd.to_datetime(src["Дата регистрации"], format="%d.%m.%Y")
    due = pd.to_datetime(src["Срок исполнения"], format="%d.%m.%Y", errors="coerce")
    due = due.fillna(received + pd.Timedelta(days=15))  # Law 221: 15 calendar days in 2016
    closed = pd.to_datetime(src["Дата ответа"], format="%d.%m.%Y", errors="coerce")
    as_of = pd.Timestamp(SNAPSHOT)
    return pd.DataFrame(
        {
            "level": src["Орган"]
            .isin(["МВД", "Министерство юстиции"])
            .map({True: "central", False: "local"}),
            "received": (received.dt.year == 2016)
            & src["Вид обращения"].isin(["Жалоба", "Заявление"]),
            "satisfied": src["Результат"] == "Удовлетворено",
            "late": due < closed.fillna(as_of).clip(upper=as_of),
            "repeat": src["Повторное к №"] != "",
        }
    )


def test_cp1251_export_imports_and_summary_agrees_with_pandas(tmp_path, capsys):
    db = tmp_path / "store" / "appeals.duckdb"
    code, _, err = run_cli(
        capsys,
        "ingest",
        CSV,
        "--mapping",
        "registry_ru",
        "--snapshot-date",
        "2016-09-30",
        "--db",
        db,
    )
    assert code == 0, err
    assert "imported 40 rows as snapshot 2016-09-30" in err
    code, out, _ = run_cli(capsys, "summary", "--year", "2016", "--json", "--db", db)
    assert code == 0
    got = json.loads(out)
    truth = source_truth(CSV)
    rec = truth[truth.received]
    assert got["total"]["n_received"] == len(rec)
    assert got["total"]["n_satisfied"] == int(rec.satisfied.sum())
    assert got["total"]["n_late"] == int(rec.late.sum())
    assert got["total"]["n_repeat"] == int(rec.repeat.sum())
    by_level = {g["group_code"]: g["n_received"] for g in got["groups"]}
    assert by_level == rec.groupby("level").size().to_dict()


@pytest.mark.parametrize("name", ["registry_utf8_bom.csv", "registry.xlsx"])
def test_bom_csv_and_xlsx_give_the_same_store_as_cp1251(tmp_path, name):
    base = ingest(CSV, tmp_path / "a" / "appeals.duckdb")
    other = ingest(FIXTURES / name, tmp_path / "b" / "appeals.duckdb")
    assert other.status == "imported" and other.rows == base.rows == 40
    sql = "select * exclude (snapshot_date) from appeals order by appeal_id"
    with store.connect(tmp_path / "a" / "appeals.duckdb") as con:
        want = con.execute(sql).df()
    with store.connect(tmp_path / "b" / "appeals.duckdb") as con:
        got = con.execute(sql).df()
    pd.testing.assert_frame_equal(got, want)


def test_values_are_mapped_to_the_contract(tmp_path):
    db = tmp_path / "appeals.duckdb"
    ingest(CSV, db)
    with store.connect(db) as con:
        row = con.execute("select * from appeals where appeal_id = 'ЕО-2016-00001'").df().iloc[0]
        kinds = dict(
            con.execute("select applicant_kind, count(*) from appeals group by 1").fetchall()
        )
    assert row.appeal_type == "complaint" and row.body_id == "mvd" and row.body_level == "central"
    assert row.region_code == "75"  # first two digits of the 9-digit KATO
    assert row.applicant_key.startswith("p") and len(row.applicant_key) == 25
    assert kinds == {"individual": 36, "legal_entity": 4}  # every tenth applicant has a BIN


def test_missing_due_dates_are_derived_from_the_dated_rules(tmp_path):
    db = tmp_path / "appeals.duckdb"
    result = ingest(CSV, db)
    src = pd.read_csv(CSV, sep=";", encoding="cp1251", dtype=str, keep_default_na=False)
    empty = src[src["Срок исполнения"] == ""]
    assert result.n_due_derived == len(empty) > 0
    with store.connect(db) as con:
        got = con.execute("select appeal_id, due_date, received_date from appeals").df()
    got = got.set_index("appeal_id").loc[empty["Рег. номер"]]
    assert ((got.due_date - got.received_date).dt.days == 15).all()


def test_reimporting_the_same_file_is_a_noop_that_says_so(tmp_path, capsys):
    db = tmp_path / "appeals.duckdb"
    ingest(CSV, db)
    before = digest(tmp_path)
    code, _, err = run_cli(
        capsys,
        "ingest",
        CSV,
        "--mapping",
        "registry_ru",
        "--snapshot-date",
        "2016-12-31",
        "--db",
        db,
    )
    assert code == 0
    assert "already imported as snapshot 2016-09-30" in err and "nothing changed" in err
    assert digest(tmp_path) == before


def test_a_different_file_for_a_loaded_date_is_an_error(tmp_path, capsys):
    db = tmp_path / "appeals.duckdb"
    ingest(CSV, db)
    before = digest(tmp_path)
    code, _, err = run_cli(
        capsys,
        "ingest",
        FIXTURES / "registry.xlsx",
        "--mapping",
        "registry_ru",
        "--snapshot-date",
        "2016-09-30",
        "--db",
        db,
    )
    assert code == 1
    assert "already loaded as the snapshot of 2016-09-30" in err
    assert digest(tmp_path) == before


def test_second_snapshot_updates_current_state_and_manifest(tmp_path):
    db = tmp_path / "appeals.duckdb"
    ingest(CSV, db)
    later = pd.read_csv(CSV, sep=";", encoding="cp1251", dtype=str, keep_default_na=False)
    later.loc[0, ["Дата ответа", "Результат"]] = ["01.10.2016", "Отказано"]
    path = tmp_path / "q4.csv"
    later.to_csv(path, sep=";", index=False, encoding="cp1251")
    result = ingest(path, db, date(2016, 12, 31))
    assert result.info.n_snapshots == 2
    with store.connect(db) as con:
        outcome = con.execute("select outcome from appeals where appeal_id = 'ЕО-2016-00001'")
        assert outcome.fetchone() == ("refused",)
    recorded = manifest.entries(tmp_path / "snapshots")
    assert [e.snapshot_date for e in recorded] == ["2016-09-30", "2016-12-31"]
    assert recorded[1].sha256 == store.file_sha256(path)


def raw_ids() -> list[str]:
    src = pd.read_csv(CSV, sep=";", encoding="cp1251", dtype=str)
    return list(src["ИИН/БИН заявителя"])


def test_raw_applicant_ids_appear_nowhere_in_the_store(tmp_path):
    db = tmp_path / "appeals.duckdb"
    ingest(CSV, db)
    ids = raw_ids()
    assert len(ids) == 40 and all(re.fullmatch(r"\d{12}", i) for i in ids)
    for f in tmp_path.rglob("*"):
        if f.is_file():
            blob = f.read_bytes()
            assert not any(i.encode() in blob for i in ids), f
    for f in store.snapshot_files(tmp_path / "snapshots"):
        text = " ".join(map(str, pq.read_table(f).to_pylist()))
        assert not any(i in text for i in ids)
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'"
        ).fetchall()
        for table, column in cols:
            values = con.execute(f'select distinct "{column}" from "{table}"').fetchall()
            text = " ".join(str(v[0]) for v in values)
            assert not any(i in text for i in ids), (table, column)
    finally:
        con.close()


def test_keys_are_stable_across_imports_and_depend_on_the_salt(tmp_path, monkeypatch, salt):
    ingest(CSV, tmp_path / "a" / "appeals.duckdb")
    ingest(FIXTURES / "registry.xlsx", tmp_path / "b" / "appeals.duckdb")
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path / "other-salt"))
    ingest(CSV, tmp_path / "c" / "appeals.duckdb")
    keys = {}
    for name in "abc":
        with store.connect(tmp_path / name / "appeals.duckdb") as con:
            keys[name] = con.execute(
                "select applicant_key from appeals order by appeal_id"
            ).fetchall()
    assert keys["a"] == keys["b"] != keys["c"]
    assert salt.stat().st_mode & 0o777 == 0o600


def test_new_store_is_created_beside_db_path(tmp_path):
    db = tmp_path / "new" / "deep" / "appeals.duckdb"
    result = ingest(CSV, db)
    assert result.info.n_appeals == 40
    assert store.snapshot_path(db.parent / "snapshots", SNAPSHOT).exists()
    assert (db.parent / "snapshots" / "imports.json").exists()
    assert [p.name for p in db.parent.rglob(".*")] == []


def test_contract_parquet_round_trips_through_the_contract_mapping(tmp_path):
    ingest(CSV, tmp_path / "a" / "appeals.duckdb")
    parquet = store.snapshot_path(tmp_path / "a" / "snapshots", SNAPSHOT)
    copy = tmp_path / "export.parquet"
    shutil.copy(parquet, copy)
    result = ingest(copy, tmp_path / "b" / "appeals.duckdb", mapping="contract")
    assert result.rows == 40
    assert pq.read_table(parquet).equals(
        pq.read_table(store.snapshot_path(tmp_path / "b" / "snapshots", SNAPSHOT))
    )


def test_contract_parquet_with_another_snapshot_date_is_rejected(tmp_path):
    ingest(CSV, tmp_path / "a" / "appeals.duckdb")
    parquet = store.snapshot_path(tmp_path / "a" / "snapshots", SNAPSHOT)
    with pytest.raises(IngestError, match=r"column 'snapshot_date', 40 row\(s\): rows 1, 2, 3"):
        ingest(parquet, tmp_path / "b" / "appeals.duckdb", date(2016, 10, 1), mapping="contract")


def test_quality_lists_warnings_of_store_and_of_a_file(tmp_path, capsys):
    db = tmp_path / "appeals.duckdb"
    ingest(CSV, db)
    code, out, _ = run_cli(capsys, "quality", "--db", db, "--json")
    assert code == 0
    report = {r["check_id"]: r for r in json.loads(out)}
    assert report["closed_before_received"]["example_ids"] == ["ЕО-2016-00013"]
    code, out, _ = run_cli(
        capsys, "quality", CSV, "--mapping", "registry_ru", "--snapshot-date", "2016-09-30"
    )
    assert code == 0
    assert "closed_before_received: 1 appeal(s)" in out


def test_quality_warnings_sql_flags_each_check(tmp_path):
    """queries/"quality_warnings".sql on hand-made rows: one appeal per check."""
    from conftest import current_state, tiny_frame

    from dashboard.data.ingest import quality

    df = current_state(tiny_frame()).set_index("appeal_id", drop=False)
    df.loc["a3", "closed_date"] = date(2016, 6, 1)  # answered before it was received
    df.loc["a4", "repeat_of"] = "nowhere"
    df.loc["a5", "is_collective"] = True  # collective with one signatory
    report = quality.check_frame(df).set_index("check_id")
    assert report.loc["closed_before_received"].example_ids.tolist() == ["a3"]
    assert report.loc["repeat_of_unknown_appeal"].example_ids.tolist() == ["a4"]
    assert report.loc["signatories_mismatch"].example_ids.tolist() == ["a5"]
    assert report.loc["missing_due_date"].example_ids.tolist() == ["a11"]


def test_fixture_files_are_reproducible(tmp_path):
    fresh = build(tmp_path)
    for name, path in fresh.items():
        if name.endswith(".csv"):
            assert path.read_bytes() == (FIXTURES / name).read_bytes(), name
