"""The command line: summary output, JSON shape, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dashboard import cli, paths


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_json_gives_totals_and_levels(tiny_store, capsys):
    code, out, _ = run_cli(capsys, "summary", "--year", "2016", "--json", "--db", str(tiny_store))
    assert code == 0
    result = json.loads(out)
    assert result["as_of"] == "2016-09-30"
    assert result["total"]["n_received"] == 10
    assert {g["group_code"]: g["n_received"] for g in result["groups"]} == {
        "local": 8,
        "central": 2,
    }


def test_summary_level_and_as_of_filters(tiny_store, capsys):
    code, out, _ = run_cli(
        capsys,
        "summary",
        "--year",
        "2016",
        "--level",
        "local",
        "--as-of",
        "2016-07-01",
        "--json",
        "--db",
        str(tiny_store),
    )
    assert code == 0
    result = json.loads(out)
    assert result["total"]["n_received"] == 8
    assert result["total"]["n_late"] == 1


def test_summary_by_region_for_people_uses_russian_number_format(tiny_store, capsys):
    code, out, _ = run_cli(
        capsys, "summary", "--year", "2016", "--by", "region", "--db", str(tiny_store)
    )
    assert code == 0
    assert "40,00\xa0%" in out or "40,00 %" in out  # satisfied share 4/10
    assert "51" in out and "75" in out


def test_missing_store_is_a_one_line_error(tmp_path, capsys):
    code, out, err = run_cli(
        capsys, "summary", "--year", "2016", "--db", str(tmp_path / "none.duckdb")
    )
    assert code == 1
    assert err.startswith("error: no store at")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_date_is_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        cli.main(["summary", "--year", "2016", "--as-of", "31.12.2016"])
    assert "expected a date YYYY-MM-DD" in capsys.readouterr().err


def test_summary_piped_into_a_closed_reader_exits_without_a_traceback(tiny_store):
    """`python -m dashboard summary ... | head` : the reader goes away before the output."""
    cmd = [sys.executable, "-m", "dashboard", "summary", "--year", "2016", "--by", "region"]
    proc = subprocess.Popen(
        [*cmd, "--db", str(tiny_store)],
        cwd=paths.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # like `head` having read its lines: every write now hits EPIPE
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert proc.returncode in (0, 141)


def test_summary_runs_without_loading_pandas_pyarrow_or_other_commands(tiny_store):
    """What keeps `summary` quick to start: only the CLI's own modules and DuckDB load."""
    heavy = ("pandas", "pyarrow", "plotly", "scipy", "pptx", "streamlit", "dashboard.cli_analysis")
    code = (
        "import sys; from dashboard import cli; "
        f"code = cli.main(['summary', '--year', '2016', '--db', {str(tiny_store)!r}]); "
        f"print(code, [m for m in {heavy!r} if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "0 []"


def test_each_command_module_registers_the_commands_the_cli_lists_for_it():
    import argparse
    import importlib

    for module, names in cli.COMMAND_MODULES.items():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        assert tuple(sub.choices) == names, module


def _commands(parser) -> set[str]:
    return set(next(a for a in parser._actions if a.dest == "command").choices)


def test_a_command_of_another_module_parses_with_only_that_module():
    assert "hotspots" in _commands(cli.parser("hotspots"))
    assert "ranking" not in _commands(cli.parser("hotspots"))
    assert "ranking" not in _commands(cli.parser("summary"))
    every = _commands(cli.parser())  # --help, or a mistyped command: every one is listed
    assert every == _commands(cli.parser("sumary")) and {"ranking", "summary"} <= every
