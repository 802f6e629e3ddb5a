"""The data-quality report: rows accepted by the contract that still look wrong.

The checks are one SQL file, queries/quality_warnings.sql, run over the store's current
state or over a single file's frame before import, so both report the same definitions.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from dashboard.data import schema, store
from dashboard.data.sql import load_sql

QUERY = "quality_warnings"


def check_store(db_path: Path | None = None) -> pd.DataFrame:
    """Warnings over every appeal's current state in a built store."""
    with store.connect(db_path) as con:
        return con.execute(load_sql(QUERY)).df()


def check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Warnings over one contract frame (a file about to be, or just, imported)."""
    con = duckdb.connect()
    try:
        con.register("appeals", schema.to_arrow(frame))
        return con.execute(load_sql(QUERY)).df()
    finally:
        con.close()


def render(report: pd.DataFrame, where: str) -> str:
    """The report as lines for people: one per check, with example appeal ids."""
    if report.empty:
        return f"{where}: no data-quality warnings"
    total = int(report.n_rows.sum())
    lines = [f"{where}: {total:,} warning(s) in {len(report)} check(s)"]
    for rec in report.to_dict("records"):
        ids = ", ".join(list(rec["example_ids"])[:10])
        more = " ..." if rec["n_rows"] > 10 else ""
        lines.append(
            f"  {rec['check_id']}: {rec['n_rows']:,} appeal(s), column {rec['column_name']!r}; "
            f"expected {rec['expected']}; e.g. {ids}{more}"
        )
    return "\n".join(lines)
