"""Access scopes (data/access.py): the access file, default deny, and `--as` on the CLI.

The scope travels inside Filters and is applied by `to_sql_params`, so each check compares a
scoped result with the unscoped one computed independently in pandas on the tiny store.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import cli
from dashboard.data import access
from dashboard.data.filters import NO_MATCH, Filters
from tests.conftest import current_state, tiny_frame

ACCESS_YAML = """
users:
  chief:   {role: national}
  south:   {role: region, regions: ["51"]}
  minjust: {role: body, bodies: ["minjust"]}
  police:  {role: body, bodies: ["mvd"]}
  loader:  {role: national, can_import: true}
"""
Y2016 = Filters(date(2016, 1, 1), date(2016, 12, 31))


@pytest.fixture
def access_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "access.yaml"
    path.write_text(ACCESS_YAML, encoding="utf-8")
    monkeypatch.setenv(access.ACCESS_ENV, str(path))
    monkeypatch.delenv(access.USER_ENV, raising=False)
    return path


def received_2016() -> pd.DataFrame:
    df = current_state(tiny_frame())
    received = df.received_date.between(date(2016, 1, 1), date(2016, 12, 31))
    return df[received & df.appeal_type.isin(["complaint", "application"])]


def test_without_access_file_everyone_is_the_national_local_user(monkeypatch):
    monkeypatch.delenv(access.ACCESS_ENV, raising=False)
    user = access.resolve("anyone")
    assert user == access.LOCAL
    assert user.scoped(Y2016).to_sql_params() == Y2016.to_sql_params()


def test_region_user_is_scoped_to_their_regions(access_file):
    params = access.resolve("south").scoped(Y2016).to_sql_params()
    assert params["region_codes"] == ["51"]
    assert params["body_ids"] == []


def test_body_user_is_scoped_to_their_bodies_even_when_picking_another(access_file):
    picked = Filters(Y2016.period_start, Y2016.period_end, body_ids=("mvd",))
    params = access.resolve("minjust").scoped(picked).to_sql_params()
    assert params["body_ids"] == [NO_MATCH]


def test_unknown_user_sees_nothing(access_file):
    user = access.resolve("stranger")
    assert not user.known
    params = user.scoped(Y2016).to_sql_params()
    assert params["region_codes"] == [NO_MATCH] and params["body_ids"] == [NO_MATCH]


def test_require_names_the_known_users_for_an_unknown_one(access_file):
    with pytest.raises(access.AccessError, match="chief, loader, minjust, police, south"):
        access.require("nobody")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("users: []", "users:"),
        ("users: {x: {role: king}}", "role must be one of"),
        ("users: {x: {role: region}}", "needs `regions"),
        ("users: {x: {role: national, regions: ['75']}}", "takes no regions"),
    ],
)
def test_malformed_access_file_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(access.AccessError, match=message):
        access.load_users(path)


def run_json(capsys, *args: str) -> dict:
    assert cli.main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_summary_as_region_user_equals_that_regions_unscoped_row(
    tiny_store, access_file, capsys
):
    base = ("summary", "--year", "2016", "--by", "region", "--json", "--db", str(tiny_store))
    scoped = run_json(capsys, *base, "--as", "south")
    assert [g["group_code"] for g in scoped["groups"]] == ["51"]
    expected = int((received_2016().region_code == "51").sum())
    assert scoped["total"]["n_received"] == expected
    national = run_json(capsys, *base, "--as", "chief")
    row = next(g for g in national["groups"] if g["group_code"] == "51")
    assert scoped["groups"][0] == row


def test_cli_summary_as_body_user_counts_only_their_body(tiny_store, access_file, capsys):
    args = ("summary", "--year", "2016", "--json", "--db", str(tiny_store))
    scoped = run_json(capsys, *args, "--as", "police")
    expected = int((received_2016().body_id == "mvd").sum())
    assert expected > 0 and scoped["total"]["n_received"] == expected
    assert run_json(capsys, *args, "--as", "minjust")["total"]["n_received"] == 0


def test_cli_unknown_user_fails_with_one_line(tiny_store, access_file, capsys):
    code = cli.main(["summary", "--year", "2016", "--db", str(tiny_store), "--as", "nobody"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "nobody" in err


def test_cli_with_access_file_and_no_user_is_refused(tiny_store, access_file, capsys):
    assert cli.main(["summary", "--year", "2016", "--db", str(tiny_store)]) == 1
    assert "--as" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        ("ranking", "--year", "2016", "--min-n", "1"),
        ("hotspots", "--year", "2016", "--by", "body", "--min-n", "1"),
    ],
)
def test_every_analysis_command_reads_in_the_users_scope(tiny_store, access_file, capsys, command):
    scoped = run_json(capsys, *command, "--json", "--db", str(tiny_store), "--as", "police")
    rows = scoped.get("bodies") or scoped.get("units")
    assert rows and {r.get("body_id") or r.get("body_code") for r in rows} == {"mvd"}
