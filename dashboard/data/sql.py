"""Loading queries/*.sql files and reading their header comments.

Every SQL file opens with a comment that names its parameters (`-- params:`) and output
columns (`-- output:`); the statement uses parameters as `$name`. This module is the only
place that reads those files, so a test can check every header against its statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dashboard import paths

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class SqlHeader:
    """What a SQL file's header comment says about it."""

    purpose: str
    params: frozenset[str]
    output: str


@cache
def load_sql(name: str) -> str:
    """The text of queries/<name>.sql; the name must be a plain file stem."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"not a query name: {name!r}")
    path = paths.QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise FileNotFoundError(f"no query file {path}")
    return path.read_text(encoding="utf-8")


def statement_params(sql: str) -> frozenset[str]:
    """Names of the `$name` parameters the statement (not its comments) uses."""
    body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return frozenset(_PARAM.findall(body))


def parse_header(sql: str) -> SqlHeader:
    """The purpose line, parameter names and output description of a SQL file's header."""
    comment: list[str] = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        comment.append(line[2:].strip())
    text = "\n".join(comment)
    params_text = re.search(r"^params:(.*?)(?=^output:|\Z)", text, re.S | re.M)
    output_text = re.search(r"^output:(.*)", text, re.S | re.M)
    return SqlHeader(
        purpose=comment[0] if comment else "",
        params=frozenset(_PARAM.findall(params_text.group(1))) if params_text else frozenset(),
        output=output_text.group(1).strip() if output_text else "",
    )
