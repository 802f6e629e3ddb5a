"""Tracked files name no absolute path of a developer's machine (issue 8, item 17)."""

from __future__ import annotations

import re
import subprocess

from dashboard import paths

# A home or work directory of this or a typical machine, as it would appear in a citation.
ABSOLUTE = re.compile(r"(?<![\w.])/(?:work|home|Users|root)/\w")


def tracked_text_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=paths.ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [p for p in out.splitlines() if p.endswith((".md", ".yml", ".yaml", ".py", ".sql"))]


def test_no_tracked_file_cites_an_absolute_path_of_this_machine():
    found = []
    for name in tracked_text_files():
        if name == "tests/test_repo_hygiene.py":
            continue
        text = (paths.ROOT / name).read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {m.group(0)}" for m in ABSOLUTE.finditer(text)]
    assert not found, found
