"""The Data page on a store holding an import: each import's absent columns, unknown shares;
and the upload's logic (dry run, import) that the page calls, without a browser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from apptest_helpers import app_on, open_page
from ingest_fixtures import FIXTURES, SNAPSHOT, registry_frame, write_csv
from test_store import digest

from dashboard import i18n
from dashboard.analysis import imports
from dashboard.data import store
from dashboard.data.ingest import manifest, pipeline, upload

SR = FIXTURES / "service_requests.csv"


@pytest.fixture(autouse=True)
def salt(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))


@pytest.fixture
def sr_db(tmp_path) -> Path:
    db = tmp_path / "store" / "appeals.duckdb"
    pipeline.ingest(SR, "service_requests", SNAPSHOT, db)
    return db


def page_text(at) -> str:
    """Every cell and header of the page's tables."""
    cells = []
    for table in at.table:
        df = table.value
        cells += [str(c) for c in df.columns] + [str(v) for v in df.to_numpy().ravel()]
    return " | ".join(cells)


def test_data_page_lists_each_import_with_its_absent_columns(sr_db, monkeypatch):
    at = open_page(app_on(sr_db, monkeypatch), "pages/data.py")
    text = page_text(at)
    assert "service_requests.csv" in text
    (entry,) = manifest.for_store(sr_db)
    assert imports.absent_text(entry.absent, "ru") in text
    assert "channel: " + i18n.t("data.defaults.unknown") in text


def test_data_page_shows_the_share_of_unknowns_with_its_n(sr_db, monkeypatch):
    at = open_page(app_on(sr_db, monkeypatch, lang="en"), "pages/data.py")
    text = page_text(at)
    n_closed = int((pd.read_csv(SR, dtype=str).get("Closed Date").notna()).sum())
    assert i18n.t("data.unknown_columns.outcome", "en") in text
    assert f"{n_closed}" in text and "100.00%" in text
    assert i18n.t("data.checks.closed_without_outcome", "en") in text


def test_data_page_without_imports_says_so(tiny_store, monkeypatch):
    at = open_page(app_on(tiny_store, monkeypatch), "pages/data.py")
    assert any(i18n.t("data.no_imports") in c.value for c in at.caption)


def test_dry_run_lists_row_numbered_errors_and_leaves_the_store_unchanged(sr_db, tmp_path):
    df = registry_frame()
    df.loc[3, "Дата регистрации"] = "31.02.2016"  # row 5 in the file
    bad = write_csv(df, tmp_path / "bad.csv")
    before = digest(sr_db.parent)
    result = upload.dry_run(bad, "registry_ru", date(2016, 10, 31), sr_db)
    assert not result.ok and result.rows == 40
    wanted = "column 'Дата регистрации -> received_date', 1 row(s): rows 5"
    assert any(wanted in e for e in result.errors)
    assert digest(sr_db.parent) == before


def test_dry_run_then_import_of_a_good_file(sr_db):
    good = FIXTURES / "registry_cp1251.csv"
    result = upload.dry_run(good, "registry_ru", date(2016, 10, 31), sr_db)
    assert result.ok, result.errors
    assert result.rows == 40 and len(result.preview) == upload.PREVIEW_ROWS
    assert result.absent == {}  # registry_ru maps every contract column
    steps = []
    done = upload.run(good, "registry_ru", date(2016, 10, 31), sr_db, lambda f, s: steps.append(f))
    assert done.status == "imported" and store.info(sr_db).n_snapshots == 2
    assert steps[0] < steps[-1] == 1.0 and steps == sorted(steps)
    again = upload.dry_run(good, "registry_ru", date(2016, 12, 31), sr_db)
    assert not again.ok and "already imported" in again.errors[0]


def test_uploads_past_the_limit_are_refused(monkeypatch):
    monkeypatch.setenv("APPEALS_UPLOAD_MAX_MB", "1")
    assert upload.too_large(1024 * 1024 + 1) and not upload.too_large(1024 * 1024)


def test_saved_upload_keeps_a_safe_file_name(tmp_path):
    path = upload.save("../../etc/пример выгрузки.csv", b"a,b\n", tmp_path)
    assert path.parent == tmp_path and path.name == "пример выгрузки.csv"


def test_upload_is_offered_only_to_users_who_may_import(tiny_store, monkeypatch, tmp_path):
    at = open_page(app_on(tiny_store, monkeypatch), "pages/data.py")  # local mode: may import
    assert not any(i18n.t("data.upload_not_allowed") in c.value for c in at.caption)
    access_file = tmp_path / "access.yaml"
    access_file.write_text("users:\n  chief: {role: national}\n", encoding="utf-8")
    monkeypatch.setenv("APPEALS_ACCESS", str(access_file))
    monkeypatch.setenv("APPEALS_USER", "chief")
    at = open_page(app_on(tiny_store, monkeypatch), "pages/data.py")
    assert any(i18n.t("data.upload_not_allowed") in c.value for c in at.caption)
    assert not at.button or all(b.label != i18n.t("data.dry_run") for b in at.button)


def test_queries_see_an_import_made_in_the_same_process(sr_db):
    """The app keeps a DuckDB instance per store build; after an upload swaps the store the
    next query must read the new build, not DuckDB's cached instance of the old file."""
    from dashboard.data import queries

    before = queries.execute("data_snapshots", {}, sr_db)
    upload.run(FIXTURES / "registry_cp1251.csv", "registry_ru", date(2016, 10, 31), sr_db)
    assert queries.store_info(sr_db).n_snapshots == 2  # the page asks this first
    after = queries.execute("data_snapshots", {}, sr_db)
    assert len(before) == 1 and len(after) == 2


def upload_file(at, path: Path):
    """Give the page's uploader `path` and pick the registry_ru mapping."""
    at.file_uploader(key="data_upload_file").set_value((path.name, path.read_bytes(), "text/csv"))
    at.run()
    at.selectbox(key="data_upload_mapping").select("registry_ru").run()
    assert not at.exception, at.exception
    return at


def error_block(at) -> str:
    """The text of the page's plain-text blocks (where the problems of a file are listed)."""
    return "\n".join(c.value for c in at.code)


def test_the_data_page_lists_a_bad_files_problems_in_russian(sr_db, monkeypatch, tmp_path):
    df = registry_frame()
    df.loc[3, "Дата регистрации"] = "31.02.2016"  # row 5
    df.loc[4, "Канал"] = "870101300123"  # an IIN typed into the wrong column: row 6
    bad = write_csv(df, tmp_path / "bad.csv")
    at = upload_file(open_page(app_on(sr_db, monkeypatch), "pages/data.py"), bad)
    at.button(key="data_upload_dry_run").click().run()
    assert not at.exception, at.exception
    assert any(e.value == i18n.t("data.dry_errors") for e in at.error)
    text = error_block(at)
    assert "bad.csv: столбец «Дата регистрации» (поле «Дата поступления») — 1 строка: 5" in text
    assert i18n.t("ingest.expected.date", example="31.12.2016", format="%d.%m.%Y") in text
    assert "87********23" in text and "870101300123" not in text
    assert "expected" not in text and "row(s)" not in text
    assert at.button(key="data_upload_import").disabled


def test_an_import_that_fails_after_the_dry_run_says_why_in_kazakh(sr_db, monkeypatch):
    good = FIXTURES / "registry_cp1251.csv"
    at = upload_file(open_page(app_on(sr_db, monkeypatch, lang="kk"), "pages/data.py"), good)
    at.button(key="data_upload_dry_run").click().run()
    assert not at.error, [e.value for e in at.error]
    # another file takes the chosen date between the dry run and the import
    other = write_csv(registry_frame().head(39), sr_db.parent / "other.csv")
    pipeline.ingest(other, "registry_ru", date.today(), sr_db)
    at.button(key="data_upload_import").click().run()
    assert not at.exception, at.exception
    text = error_block(at)
    day = i18n.fmt_date(date.today(), "kk")
    assert text == (
        f"registry_cp1251.csv: {day} күнгі сурет басқа файлдан жүктеліп қойған; "
        "басқа сурет күнін таңдаңыз"
    )
