"""Property: however a valid export is corrupted, ingest either succeeds or rejects it cleanly,
and a rejection leaves the store folder byte-for-byte unchanged with no temporary files."""

from __future__ import annotations

import io
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ingest_fixtures import FIXTURES, HEADERS, SNAPSHOT
from test_store import digest

from dashboard.data.ingest import IngestError, pipeline

VALID = (FIXTURES / "registry_cp1251.csv").read_bytes()
DATE_HEADERS = ["Дата регистрации", "Срок исполнения", "Дата ответа"]
N_ROWS = 40


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """A store with the valid export already in it; each example works on a copy."""
    folder = tmp_path_factory.mktemp("prop")
    mp = pytest.MonkeyPatch()
    mp.setenv("APPEALS_SALT_FILE", str(folder.parent / "prop-salt"))
    pipeline.ingest(
        FIXTURES / "registry_cp1251.csv",
        "registry_ru",
        SNAPSHOT,
        folder / "store" / "appeals.duckdb",
    )
    yield folder / "store"
    mp.undo()


def frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(data), sep=";", encoding="cp1251", dtype=str, keep_default_na=False
    )


def to_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1251")


@st.composite
def corruption(draw: st.DrawFn) -> bytes:
    """One or more random breakages of the valid export."""
    kind = draw(
        st.sampled_from(["flip", "drop_column", "blank", "bad_date", "duplicate", "truncate"])
    )
    if kind == "flip":
        data = bytearray(VALID)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "truncate":
        return VALID[: draw(st.integers(0, len(VALID) - 1))]
    df = frame(VALID)
    if kind == "drop_column":
        return to_bytes(df.drop(columns=[draw(st.sampled_from(HEADERS))]))
    if kind == "duplicate":
        rows = draw(st.lists(st.integers(0, N_ROWS - 1), min_size=1, max_size=3))
        return to_bytes(pd.concat([df, df.iloc[rows]], ignore_index=True))
    cells = draw(st.lists(st.integers(0, N_ROWS - 1), min_size=1, max_size=5))
    if kind == "blank":
        df.loc[cells, draw(st.sampled_from(HEADERS))] = ""
    else:
        df.loc[cells, draw(st.sampled_from(DATE_HEADERS))] = draw(
            st.sampled_from(["32.01.2016", "2016-13-45", "вчера", "1/2/16", "00.00.0000"])
        )
    return to_bytes(df)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=corruption())
def test_corrupted_export_never_leaves_the_store_changed_or_half_written(loaded, monkeypatch, data):
    monkeypatch.setenv("APPEALS_SALT_FILE", str(loaded.parent.parent / "prop-salt"))
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        shutil.copytree(loaded, store_dir)
        export = Path(tmp) / "export.csv"
        export.write_bytes(data)
        before = digest(store_dir)
        try:
            result = pipeline.ingest(
                export, "registry_ru", date(2016, 10, 31), store_dir / "appeals.duckdb"
            )
        except IngestError as exc:
            event("rejected")
            assert str(exc).startswith(str(export)), str(exc)
            assert digest(store_dir) == before
        else:
            event(result.status)
            assert result.status in ("imported", "unchanged")
        assert [p.name for p in store_dir.rglob(".*")] == []
