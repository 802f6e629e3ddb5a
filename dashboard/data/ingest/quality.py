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
UNKNOWN_QUERY = "quality_unknown_shares"


def check_store(db_path: Path | None = None) -> pd.DataFrame:
    """Warnings over every appeal's current state in a built store (kept by its build)."""
    with store.connect(db_path) as con:
        return con.execute(load_sql("data_quality_report")).df()


def unknown_store(db_path: Path | None = None) -> pd.DataFrame:
    """Unknown values per column over every appeal's current state."""
    with store.connect(db_path) as con:
        return con.execute(load_sql(UNKNOWN_QUERY)).df()


def _over_frame(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    con = duckdb.connect()
    try:
        con.register("appeals", schema.to_arrow(frame))
        return con.execute(load_sql(query)).df()
    finally:
        con.close()


def check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Warnings over one contract frame (a file about to be, or just, imported)."""
    return _over_frame(frame, QUERY)


def unknown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Unknown values per column of one contract frame."""
    return _over_frame(frame, UNKNOWN_QUERY)


def _over_file(parquet: Path, query: str) -> pd.DataFrame:
    con = duckdb.connect()
    try:
        con.read_parquet(str(parquet)).create_view("appeals")
        return con.execute(load_sql(query)).df()
    finally:
        con.close()


def check_file(parquet: Path) -> pd.DataFrame:
    """check_frame over a contract Parquet file (an import's, written chunk by chunk)."""
    return _over_file(parquet, QUERY)


def unknown_file(parquet: Path) -> pd.DataFrame:
    """unknown_frame over a contract Parquet file."""
    return _over_file(parquet, UNKNOWN_QUERY)


def render_unknown(unknown: pd.DataFrame, where: str) -> str:
    """Lines for people: the share of unknowns per column, with its n."""
    if unknown.empty:
        return f"{where}: every column is known"
    lines = [f"{where}: values not known (filled by defaults, see docs/ingest.md)"]
    for rec in unknown.to_dict("records"):
        lines.append(
            f"  {rec['column_name']}: {rec['n_unknown']:,} of {rec['n_rows']:,} "
            f"({rec['unknown_share']:.1%}) not known"
        )
    return "\n".join(lines)


def render_absent(absent: dict[str, str]) -> str:
    """Which contract columns the file lacked and what they became, one line."""
    if not absent:
        return "every contract column came from the file"
    return "absent in the file, defaults used: " + ", ".join(
        f"{c} -> {DEFAULT_TEXT.get(k, k)}" for c, k in absent.items()
    )


# The defaults of mapping.DEFAULTS in words, for the CLI (the Data page uses the locales).
DEFAULT_TEXT = {
    "unknown": "unknown",
    "no_applicant": "no applicant key (repeats only from repeat_of)",
    "single": "single applicant",
    "one_signatory": "1 signatory when single",
    "not_extended": "not extended",
    "not_ended": "correspondence not ended",
    "outcome_unknown": "unknown on closed appeals (never counted satisfied)",
    "due_derived": "derived from the deadline rules",
    "empty": "empty",
    "no_repeats": "empty (no repeats)",
    "all_open": "empty (every appeal open)",
}


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
