"""Row numbers stay right when CSV cells hold line breaks: a quoted cell with line breaks is
one spreadsheet row but several lines of the file; messages give the row and the file line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ingest_fixtures import FIXTURES, SNAPSHOT, registry_frame, write_csv

from dashboard.data.ingest import mapping, pipeline, readers

SR = FIXTURES / "service_requests.csv"


@pytest.fixture(autouse=True)
def salt(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))


def file_line_of(path: Path, encoding: str, key: str) -> int:
    """The 1-based line of the file on which the text `key` stands (counted by hand)."""
    text = path.read_bytes().decode(encoding)
    return text[: text.index(key)].count("\n") + 1


def test_a_bad_cell_after_multiline_cells_is_named_by_row_and_file_line(tmp_path):
    src = pd.read_csv(SR, dtype=str, keep_default_na=False)
    assert src.Descriptor.str.contains("\n").sum() >= 3  # the fixture has multi-line cells
    src.loc[30, "Created Date"] = "sometime in May"
    path = tmp_path / "sr.csv"
    src.to_csv(path, index=False)
    with pytest.raises(pipeline.Rejected) as caught:
        pipeline.prepare(path, mapping.load("service_requests"), SNAPSHOT)
    line = file_line_of(path, "utf-8", "sometime in May")
    assert line > 32  # multi-line cells before it push the file line past the row
    message = str(caught.value)
    assert "'Created Date -> received_date', 1 row(s): rows 32;" in message
    assert f"(in the file: line(s) {line}; cells with line breaks span several lines)" in message


def test_without_line_breaks_only_the_row_is_given(tmp_path):
    df = registry_frame()
    df.loc[5, "Дата регистрации"] = "31.02.2016"
    with pytest.raises(pipeline.Rejected) as caught:
        pipeline.prepare(write_csv(df, tmp_path / "r.csv"), mapping.load("registry_ru"), SNAPSHOT)
    assert "rows 7;" in str(caught.value) and "in the file" not in str(caught.value)


def test_a_row_with_too_many_fields_after_a_multiline_cell_names_row_and_line(tmp_path):
    df = registry_frame()
    df.loc[1, "Краткое содержание"] = "первая строка\r\nвторая\r\nтретья"
    path = write_csv(df, tmp_path / "ragged.csv")
    lines = path.read_bytes().split(b"\r\n")
    lines[8] += b";extra;cells"  # file line 9 is the sixth data row: spreadsheet row 7
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(readers.UnreadableFile, match=r"row 7 \(line 9 of the file\)"):
        readers.read(path, mapping.load("registry_ru"))


def test_multiline_cells_in_a_file_of_many_blocks_are_read_whole(tmp_path):
    """Arrow reads big files in parallel blocks; a block must not start inside a cell."""
    n = 60_000
    df = pd.DataFrame(
        {
            "id": [f"id{i}" for i in range(n)],
            "note": [f"line one {i}\nline two; with, commas\nthree" for i in range(n)],
            "day": ["31.12.2016"] * n,
        }
    )
    path = tmp_path / "big.csv"
    df.to_csv(path, index=False)
    assert path.stat().st_size > 3 * (1 << 20)  # several of Arrow's 1 MB blocks
    m = mapping.Mapping(name="t", path=path, format="csv")
    got, lines = readers.read_with_lines(path, m)
    assert len(got) == n and got.note.tolist() == df.note.tolist()
    assert lines[0] == 2 and lines[-1] == 2 + 3 * (n - 1)
