"""The README keeps up with the code: every CLI subcommand and every page is described."""

from __future__ import annotations

import pytest

from dashboard import cli, paths
from dashboard.ui import navigation

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> list[str]:
    parser = cli.parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("name", subcommands())
def test_every_cli_subcommand_is_in_the_readme(name):
    assert f"python -m dashboard {name}" in README


@pytest.mark.parametrize("page", navigation.PAGES, ids=lambda p: p.name)
def test_every_page_is_in_the_readme(page):
    assert f"({page.name})" in README


def test_readme_starts_with_the_two_commands():
    block = README.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line.split()[:2] for line in block] == [["make", "run"], ["make", "test"]]
