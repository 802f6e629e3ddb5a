"""The snapshot contract: what validate() accepts, and how it names what it rejects."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import tiny_frame

from dashboard.data import schema


def test_tiny_frame_is_valid():
    assert schema.validate(tiny_frame()) == []


def test_violation_names_file_rows_column_and_expectation():
    df = tiny_frame()
    df.loc[[2, 5], "outcome"] = "won"
    [v] = schema.validate(df)
    message = v.describe("export.csv")
    assert "export.csv" in message
    assert "'outcome'" in message
    assert "rows 4, 7" in message  # header is row 1, so position 2 is row 4
    assert "'won'" in message
    assert "one of satisfied" in message


def test_violation_lists_first_twenty_rows_and_counts_the_rest():
    df = tiny_frame()
    df = df.loc[df.index.repeat(3)].reset_index(drop=True)
    df["appeal_id"] = [f"x{i}" for i in range(len(df))]
    df["channel"] = "pigeon"
    [v] = schema.validate(df)
    message = v.describe("big.csv")
    assert f"{len(df)} row(s)" in message
    assert f"and {len(df) - 20} more" in message


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("appeal_type", "petition", "one of complaint"),
        ("body_level", None, "may not be empty"),
        ("category_code", "housing", "classifier code"),
        ("applicant_key", "870412300123", "not a raw 12-digit IIN/BIN"),
        ("signatories", 0, "at least 1"),
    ],
)
def test_bad_value_is_reported_for_its_column(column, value, expected):
    df = tiny_frame()
    df[column] = df[column].astype(object)
    df.loc[0, column] = value
    found = schema.validate(df)
    assert [v.column for v in found] == [column]
    assert expected in found[0].expected


def test_duplicate_appeal_in_one_snapshot_is_rejected():
    df = tiny_frame()
    df = df[df.snapshot_date == df.snapshot_date.min()]
    df = pd.concat([df, df.iloc[[0]]], ignore_index=True)
    [v] = schema.validate(df)
    assert v.column == "appeal_id"
    assert v.rows == [0, len(df) - 1]


def test_missing_column_is_reported():
    df = tiny_frame().drop(columns=["due_date"])
    assert [(v.column, v.expected) for v in schema.validate(df)] == [
        ("due_date", "the column to be present")
    ]


def test_unknown_codes_are_rejected_against_reference():
    df = tiny_frame()
    found = schema.validate(df, known={"body_id": {"mvd", "akimat_19"}})
    assert [v.column for v in found] == ["body_id"]
    assert "'akimat_51'" in found[0].describe("f")


def test_closed_before_received_is_accepted_for_the_quality_report():
    # a warning, not an error: queries/quality_warnings.sql lists it (tests/test_ingest*.py)
    df = tiny_frame()
    df.loc[0, "closed_date"] = df.loc[0, "received_date"].replace(year=2015)
    assert schema.validate(df) == []
