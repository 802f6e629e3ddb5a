"""`mapping suggest`: a mapping guessed from a new file's headers and values that imports it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from ingest_fixtures import FIXTURES, SNAPSHOT, registry_frame

from dashboard import cli
from dashboard.data import store
from dashboard.data.ingest import mapping, pipeline, suggest


@pytest.fixture(autouse=True)
def salt(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))


def appeals(db: Path) -> pd.DataFrame:
    with store.connect(db) as con:
        return con.execute("select * from appeals order by appeal_id").df()


@pytest.mark.parametrize("name", ["registry_cp1251.csv", "registry_utf8_bom.csv", "registry.xlsx"])
def test_suggested_mapping_imports_the_registry_export_as_registry_ru_does(tmp_path, capsys, name):
    out = tmp_path / "suggested.yaml"
    code = cli.main(["mapping", "suggest", str(FIXTURES / name), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    pipeline.ingest(FIXTURES / name, "registry_ru", SNAPSHOT, tmp_path / "a" / "appeals.duckdb")
    pipeline.ingest(FIXTURES / name, out, SNAPSHOT, tmp_path / "b" / "appeals.duckdb")
    pd.testing.assert_frame_equal(
        appeals(tmp_path / "b" / "appeals.duckdb"), appeals(tmp_path / "a" / "appeals.duckdb")
    )


def test_suggest_prints_a_commented_mapping_without_out(capsys):
    code = cli.main(["mapping", "suggest", str(FIXTURES / "service_requests.csv")])
    out, _ = capsys.readouterr()
    assert code == 0
    parsed = yaml.safe_load(out)
    assert parsed["columns"] == {
        "appeal_id": "Unique Key",
        "received_date": "Created Date",
        "closed_date": "Closed Date",
        "due_date": "Due Date",
        "body_id": "Agency",
        "region_code": "Borough",
        "category_code": "Complaint Type",
    }
    assert parsed["date_format"] == "%m/%d/%Y %I:%M:%S %p"
    assert parsed["new_codes"] == "add"  # agencies, boroughs and complaint types are words
    assert "# not used: Descriptor" in out
    assert '# "HPD": ?' in out  # a body it cannot name stays commented for a person


def test_headers_in_kazakh_and_english_are_recognised():
    found = suggest.match_headers(
        [
            "Тіркеу нөмірі",
            "Тіркелген күні",
            "Өтініш түрі",
            "Мемлекеттік орган",
            "Облыс",
            "Тақырып",
            "Арна",
            "Жауап күні",
            "Нәтиже",
            "Applicant ID",
        ]
    )
    assert found == {
        "appeal_id": "Тіркеу нөмірі",
        "received_date": "Тіркелген күні",
        "appeal_type": "Өтініш түрі",
        "body_id": "Мемлекеттік орган",
        "region_code": "Облыс",
        "category_code": "Тақырып",
        "channel": "Арна",
        "closed_date": "Жауап күні",
        "outcome": "Нәтиже",
        "applicant_id": "Applicant ID",
    }


def test_date_formats_are_read_from_the_values():
    assert suggest.date_format(pd.Series(["31.12.2016", "01.02.2016"])) == "%d.%m.%Y"
    assert suggest.date_format(pd.Series(["2016-12-31", None])) == "%Y-%m-%d"
    assert suggest.date_format(pd.Series(["12/31/2016 11:05:00 PM"])) == "%m/%d/%Y %I:%M:%S %p"
    assert suggest.date_format(pd.Series(["soon"])) is None


def test_a_file_lacking_a_required_column_leaves_it_commented_and_the_mapping_says_so(tmp_path):
    path = tmp_path / "no_topic.csv"
    registry_frame().drop(columns=["Классификатор"]).to_csv(path, sep=";", index=False)
    text = suggest.suggest(path)
    assert "  # category_code: ?   # required" in text
    out = tmp_path / "m.yaml"
    out.write_text(text, encoding="utf-8")
    with pytest.raises(mapping.MappingError, match="'category_code' is neither in columns"):
        mapping.load(out)


def test_suggest_never_overwrites_a_shipped_mapping():
    with pytest.raises(ValueError, match="shipped mapping"):
        suggest.suggest(FIXTURES / "registry_cp1251.csv", mapping.resolve("registry_ru"))
