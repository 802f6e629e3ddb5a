"""The parts of an import on their own: parsers, deadline rules, pseudonymisation, the salt."""

from __future__ import annotations

import hmac
import os
from datetime import date, timedelta

import pandas as pd
import pytest

from dashboard import paths
from dashboard.data.ingest import deadlines, parse, pseudonymise


def text(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def test_dates_accept_the_format_and_iso_and_flag_the_rest():
    got, bad = parse.dates(text("10.01.2016", "2016-01-11", None, "31.02.2016"), "%d.%m.%Y")
    assert got.tolist()[:2] == [pd.Timestamp("2016-01-10"), pd.Timestamp("2016-01-11")]
    assert bad.tolist() == [False, False, False, True]


def test_booleans_read_russian_kazakh_and_mapped_values():
    got, bad = parse.booleans(
        text("Да", "нет", "Иә", None, "может быть", "Обоснованно"), {"Обоснованно": True}
    )
    assert got.tolist()[:3] == [True, False, True]
    assert got.tolist()[5] is True
    assert bad.tolist() == [False, False, False, False, True, False]


def test_integers_allow_spreadsheet_zeros_and_flag_fractions():
    got, bad = parse.integers(text("1", "2.0", None, "x", "1.5", "1 000"))
    assert got.tolist()[:2] == [1, 2] and got.tolist()[5] == 1000
    assert bad.tolist() == [False, False, False, True, True, False]


def test_value_maps_are_case_insensitive_and_pass_unknown_values_through():
    got = parse.mapped_text(
        text("УДОВЛЕТВОРЕНО", "неизвестно", None, "—"), {"Удовлетворено": "satisfied", "—": None}
    )
    assert got.tolist()[:2] == ["satisfied", "неизвестно"]
    assert got.isna().tolist() == [False, False, True, True]


def working_days_after(start: date, n: int) -> date:
    """The n-th working day after `start`, counted one day at a time (the plain way)."""
    off = set(pd.read_csv(paths.REFERENCE_DIR / "holidays_kz.csv", dtype=str).date)
    d, count = start, 0
    while count < n:
        d += timedelta(days=1)
        if d.weekday() < 5 and d.isoformat() not in off:
            count += 1
    return d


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2016, 3, 1), date(2016, 3, 16)),  # Law 221: 15 calendar days
        (date(2021, 6, 30), date(2021, 7, 15)),  # last day of Law 221 (valid_to is exclusive)
        (date(2021, 7, 1), working_days_after(date(2021, 7, 1), 15)),  # APPK: working days
        (date(2021, 7, 3), working_days_after(date(2021, 7, 3), 15)),  # received on a Saturday
        (date(2022, 3, 18), working_days_after(date(2022, 3, 18), 15)),  # across Nauryz
    ],
)
def test_due_date_follows_the_rule_in_force_on_receipt(received, expected):
    got = deadlines.derive(pd.Series([pd.Timestamp(received)]), text("complaint"))
    assert got.iloc[0] == pd.Timestamp(expected)


def test_due_date_stays_missing_without_a_rule_or_receipt():
    got = deadlines.derive(
        pd.Series([pd.Timestamp("2001-01-01"), pd.NaT]), text("complaint", "complaint")
    )
    assert got.isna().all()


def test_ids_are_normalised_and_short_spreadsheet_numbers_padded():
    got = pseudonymise.normalise(text("900101 300123", "12-34-56-78-90-12", "50101300123", None))
    assert got.tolist()[:3] == ["900101300123", "123456789012", "050101300123"]


def test_keys_are_salted_stable_and_never_the_id():
    ids = text("900101300123", "900101300123", "950305400456", None)
    one = pseudonymise.keys(ids, b"a" * 64)
    other = pseudonymise.keys(ids, b"b" * 64)
    assert one[0] == one[1] != one[2] and pd.isna(one[3])
    assert one[0] != other[0]
    assert one[0].startswith("p") and len(one[0]) == 1 + pseudonymise.KEY_HEX_CHARS


@pytest.mark.parametrize("salt", [b"s" * 32, b"t" * 64, b"u" * 65, bytes(range(100))])
def test_keys_are_hmac_sha256_of_the_id_as_ever(salt):
    """The keys stored by earlier imports must stay valid: the same HMAC, however computed."""
    ids = text("900101300123", None, "950305400456", "900101300123", "ид")
    expected = [
        None if v is None else "p" + hmac.digest(salt, v.encode(), "sha256").hex()[:24]
        for v in ids.astype(object).where(ids.notna(), None).tolist()
    ]
    got = pseudonymise.keys(ids, salt)
    assert got.dtype == "str"
    assert got.astype(object).where(got.notna(), None).tolist() == expected


def test_kinds_tell_bin_from_iin():
    assert pseudonymise.kinds(text("900101300123", "150340012345", None)).tolist()[:2] == [
        "individual",
        "legal_entity",
    ]


def test_salt_is_created_once_with_private_permissions(tmp_path, monkeypatch):
    path = tmp_path / "cfg" / "salt"
    monkeypatch.setenv("APPEALS_SALT_FILE", str(path))
    first = pseudonymise.load_salt()
    assert path.stat().st_mode & 0o777 == 0o600
    assert pseudonymise.load_salt() == first and len(first) == 64
    assert [p.name for p in path.parent.iterdir()] == ["salt"]
    assert not str(path).startswith(str(paths.ROOT))


def test_salt_default_lives_outside_the_repository(monkeypatch):
    monkeypatch.delenv("APPEALS_SALT_FILE", raising=False)
    assert pseudonymise.salt_file() == pseudonymise.DEFAULT_SALT_FILE
    assert paths.ROOT not in pseudonymise.salt_file().parents


def test_a_truncated_salt_is_refused(tmp_path):
    path = tmp_path / "salt"
    path.write_text("short")
    os.chmod(path, 0o600)
    with pytest.raises(ValueError, match="too short"):
        pseudonymise.load_salt(path)
