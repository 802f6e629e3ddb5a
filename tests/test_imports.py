"""Why a file cannot be imported, as the Data page words it (analysis.imports.problem_lines):
in the session's language, with the rows and counts of the CLI's English message, raw IIN/BIN
masked; the CLI itself keeps its English word for word. Real dry runs on hand-made files."""

from __future__ import annotations

import string
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from ingest_fixtures import FIXTURES, SNAPSHOT, registry_frame, write_csv

from dashboard import cli, i18n
from dashboard.analysis import imports
from dashboard.data import schema
from dashboard.data.ingest import mapping, upload
from dashboard.i18n import LANGS

LATER = date(2016, 10, 31)
ENGLISH_RULE_WORDS = ("expected", "row(s)", "bad values", "column '", "rejected")
RAW_ID = "870101300123"


@pytest.fixture(autouse=True)
def salt(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))


def dry_run(path: Path, tmp_path: Path, snapshot: date = LATER) -> upload.DryRun:
    return upload.dry_run(path, "registry_ru", snapshot, tmp_path / "store" / "appeals.duckdb")


def cli_error(capsys, path: Path, tmp_path: Path) -> str:
    """What `python -m dashboard ingest` prints for the file (exit status 1)."""
    db = tmp_path / "cli" / "appeals.duckdb"
    args = ["ingest", str(path), "--mapping", "registry_ru", "--snapshot-date", str(LATER)]
    assert cli.main([*args, "--db", str(db)]) == 1
    return capsys.readouterr().err


@pytest.fixture
def bad_dates(tmp_path) -> Path:
    """Two dates that are not dates: rows 5 and 9 as a spreadsheet numbers them."""
    df = registry_frame()
    df.loc[3, "Дата регистрации"] = "31.02.2016"
    df.loc[7, "Дата регистрации"] = "2016/13/01"
    return write_csv(df, tmp_path / "bad.csv")


def test_the_cli_message_for_a_bad_file_is_unchanged(capsys, bad_dates, tmp_path):
    err = cli_error(capsys, bad_dates, tmp_path)
    assert err == (
        f"error: {bad_dates}: rejected, nothing was imported; 1 problem(s):\n"
        f"{bad_dates}: column 'Дата регистрации -> received_date', 2 row(s): rows 5, 9; "
        "bad values: '31.02.2016', '2016/13/01'; expected a date like 31.12.2016 (%d.%m.%Y)\n"
    )


def test_a_dry_run_in_russian_names_column_rows_and_expectation_in_russian(bad_dates, tmp_path):
    head, line = imports.problem_lines(dry_run(bad_dates, tmp_path).problems, "ru")
    assert head == "bad.csv: 1 ошибка:"
    assert line == (
        "bad.csv: столбец «Дата регистрации» (поле «Дата поступления») — 2 строки: 5, 9; "
        "неверные значения: «31.02.2016», «2016/13/01»; "
        "ожидается дата вида 31.12.2016 (%d.%m.%Y)"
    )
    assert not any(word in head + line for word in ENGLISH_RULE_WORDS)


def test_a_dry_run_in_kazakh_has_no_english_rule_text(bad_dates, tmp_path):
    lines = imports.problem_lines(dry_run(bad_dates, tmp_path).problems, "kk")
    text = "\n".join(lines)
    assert "«Дата регистрации» бағаны («Түскен күні» өрісі) — 2 жол: 5, 9" in text
    assert "талап: 31.12.2016 түріндегі күн" in text and "қате мәндер" in text
    assert not any(word in text for word in ENGLISH_RULE_WORDS)


def test_a_dry_run_in_english_reads_like_the_cli(bad_dates, tmp_path):
    lines = imports.problem_lines(dry_run(bad_dates, tmp_path).problems, "en")
    assert lines[1] == (
        "bad.csv: column 'Дата регистрации' (field 'Received') — 2 rows: 5, 9; "
        "bad values: '31.02.2016', '2016/13/01'; expected a date like 31.12.2016 (%d.%m.%Y)"
    )


def test_rows_and_counts_are_the_cli_messages_with_numbers_for_the_locale(capsys, tmp_path):
    df = pd.concat([registry_frame()] * 30, ignore_index=True)  # 1 200 rows
    df["Рег. номер"] = [f"X-{i}" for i in range(len(df))]
    df.loc[5:, "Канал"] = "Голубиная почта"  # rows 7 to 1 201: 1 195 rows
    path = write_csv(df, tmp_path / "many.csv")
    rows = ", ".join(str(r) for r in range(7, 27))
    err = cli_error(capsys, path, tmp_path)
    assert f"column 'Канал -> channel', 1195 row(s): rows {rows} (and 1175 more)" in err
    found = dry_run(path, tmp_path).problems
    nbsp = "\u00a0"
    wanted = {
        "ru": f"— 1{nbsp}195 строк: {rows} (и ещё 1{nbsp}175)",
        "kk": f"— 1{nbsp}195 жол: {rows} (және тағы 1{nbsp}175)",
        "en": f"— 1,195 rows: {rows} (and 1,175 more)",
    }
    for lang, text in wanted.items():
        (line,) = [x for x in imports.problem_lines(found, lang) if "Канал" in x]
        assert text in line, (lang, line)
        assert "'Голубиная почта'" in line or "«Голубиная почта»" in line


@pytest.mark.parametrize("lang", LANGS)
def test_a_raw_iin_in_a_bad_value_is_masked_in_every_language(lang, tmp_path):
    df = registry_frame()
    df.loc[4, "Канал"] = RAW_ID  # an id typed into the wrong column: row 6
    found = dry_run(write_csv(df, tmp_path / "id.csv"), tmp_path).problems
    text = "\n".join(imports.problem_lines(found, lang))
    assert "87********23" in text and RAW_ID not in text
    assert i18n.t("ingest.columns.channel", lang) in text


def test_a_cell_with_control_characters_is_shown_escaped_under_its_own_header(tmp_path):
    df = registry_frame()
    df.loc[3, "Краткое содержание"] = "жалоба\x00на\nбездействие"
    found = dry_run(write_csv(df, tmp_path / "nul.csv"), tmp_path).problems
    text = "\n".join(imports.problem_lines(found, "ru"))
    assert "столбец «Краткое содержание» — 1 строка: 5" in text
    assert "«жалоба\\x00на\\nбездействие»" in text and "\x00" not in text
    assert i18n.t("ingest.expected.no_control_characters", "ru") in text


def test_a_missing_column_is_named_in_the_language(tmp_path):
    found = dry_run(FIXTURES / "registry_missing_column.csv", tmp_path).problems
    (line,) = imports.problem_lines(found, "ru")
    assert line.startswith(
        "registry_missing_column.csv: нет столбцов «Дата регистрации» (для поля «Дата поступления»)"
    )
    assert "и ещё 8" in line and "registry_ru" in line and "missing column" not in line


def test_an_unreadable_file_is_named_in_the_language(tmp_path):
    found = dry_run(FIXTURES / "registry_corrupt.xlsx", tmp_path).problems
    (line,) = imports.problem_lines(found, "kk")
    assert "файл XLSX ретінде оқылмайды" in line and "«Обращения» парағы" in line


def test_a_file_over_the_row_limit_is_refused_in_the_language(monkeypatch, tmp_path):
    monkeypatch.setenv("APPEALS_IMPORT_MAX_ROWS", "10")
    found = dry_run(FIXTURES / "registry_cp1251.csv", tmp_path).problems
    assert imports.problem_lines(found, "ru") == [
        "registry_cp1251.csv: строк: 40 — больше предела 10 (APPEALS_IMPORT_MAX_ROWS); "
        "разделите выгрузку по периодам"
    ]


def test_a_file_already_imported_or_a_date_taken_is_said_in_the_language(tmp_path):
    good = FIXTURES / "registry_cp1251.csv"
    db = tmp_path / "store" / "appeals.duckdb"
    upload.run(good, "registry_ru", SNAPSHOT, db)
    again = dry_run(good, tmp_path)
    assert again.errors == [
        "registry_cp1251.csv: already imported as snapshot 2016-09-30; nothing to do"
    ]
    assert imports.problem_lines(again.problems, "ru") == [
        "registry_cp1251.csv: этот файл уже импортирован как снимок на 30.09.2016; "
        "делать ничего не нужно"
    ]
    other = write_csv(registry_frame().head(39), tmp_path / "other.csv")
    taken = dry_run(other, tmp_path, SNAPSHOT)
    (line,) = imports.problem_lines(taken.problems, "en")
    assert line.startswith(
        "other.csv: a different file is already loaded as the snapshot of 30/09/2016"
    )


def test_a_rule_without_a_translation_is_shown_in_its_english():
    new_rule = schema.Violation("channel", [0, 3], "a channel the registry knows", ["пейджер"])
    found = upload.Problems("f.csv", violations=[new_rule])
    line = imports.problem_lines(found, "ru")[1]
    assert line.endswith("ожидается a channel the registry knows")
    assert "поле «Канал поступления» — 2 строки: 2, 5" in line


def test_a_problem_without_a_key_is_shown_as_the_cli_words_it():
    found = upload.Problems("f.csv", [f"f.csv: too many body texts; id {RAW_ID}"], key="")
    assert imports.problem_lines(found, "kk") == ["f.csv: too many body texts; id 87********23"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_is_worded_in_every_language_with_its_placeholders(lang):
    for rule, english in schema.EXPECTED.items():
        text = i18n.lookup(f"ingest.expected.{rule}", lang)
        assert text, f"{lang}: ingest.expected.{rule}"
        assert placeholders(text) == placeholders(english), (lang, rule)


@pytest.mark.parametrize("lang", LANGS)
def test_every_contract_column_has_a_label(lang):
    for column in schema.COLUMN_NAMES:
        assert i18n.lookup(f"ingest.columns.{column}", lang), f"{lang}: {column}"


def ragged(tmp_path, monkeypatch) -> tuple[Path, str]:
    return FIXTURES / "registry_ragged.csv", "registry_ru"


def wrong_encoding(tmp_path, monkeypatch) -> tuple[Path, str]:
    text = mapping.resolve("registry_ru").read_text(encoding="utf-8")
    utf8 = tmp_path / "utf8.yaml"
    utf8.write_text(text.replace("encoding: cp1251", "encoding: utf-8"), encoding="utf-8")
    return FIXTURES / "registry_cp1251.csv", str(utf8)


def no_such_file(tmp_path, monkeypatch) -> tuple[Path, str]:
    return tmp_path / "gone.csv", "registry_ru"


def over_the_size_limit(tmp_path, monkeypatch) -> tuple[Path, str]:
    monkeypatch.setenv("APPEALS_IMPORT_MAX_MB", "0")
    return FIXTURES / "registry_cp1251.csv", "registry_ru"


def too_wide(tmp_path, monkeypatch) -> tuple[Path, str]:
    wide = tmp_path / "wide.csv"
    wide.write_text(";".join(f"c{i}" for i in range(600)) + "\n1;2\n", encoding="cp1251")
    return wide, "registry_ru"


def xlsx_bomb(tmp_path, monkeypatch) -> tuple[Path, str]:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", " " * (60 << 20))
    return bomb, "registry_ru"


def broken_mapping(tmp_path, monkeypatch) -> tuple[Path, str]:
    path = tmp_path / "m.yaml"
    path.write_text("colums: {}\n", encoding="utf-8")
    return FIXTURES / "registry_cp1251.csv", str(path)


@pytest.mark.parametrize(
    "case",
    [
        ragged,
        wrong_encoding,
        no_such_file,
        over_the_size_limit,
        too_wide,
        xlsx_bomb,
        broken_mapping,
    ],
)
def test_each_failure_other_than_a_rule_is_worded_in_every_language(case, tmp_path, monkeypatch):
    path, mapping_ref = case(tmp_path, monkeypatch)
    found = upload.dry_run(path, mapping_ref, LATER, tmp_path / "store" / "appeals.duckdb").problems
    assert found.key, found.text
    for lang in LANGS:
        lines = imports.problem_lines(found, lang)
        assert lines != found.text, lang  # worded from the locales, not the CLI's English
        assert lines[0].startswith(f"{path.name}: ") and "{" not in "".join(lines), (lang, lines)
        assert str(tmp_path) not in "".join(lines)
    assert "rejected" not in imports.problem_lines(found, "ru")[0]
