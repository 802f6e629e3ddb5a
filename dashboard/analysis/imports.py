"""What the Data page says about imports: each imported file with the defaults it took, the
share of unknown values per column, and an upload's dry run, as tables for people.

Pure pandas: the records come from dashboard.data.ingest (manifest, quality, upload).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.data.ingest.manifest import Entry
from dashboard.i18n import fmt_date, fmt_int, fmt_share, lookup, t


def absent_text(absent: dict[str, str], lang: str) -> str:
    """The columns a file lacked and what they became: "channel: not known; …"."""
    if not absent:
        return t("data.all_present", lang)
    return "; ".join(
        f"{column}: {lookup(f'data.defaults.{key}', lang) or key}" for column, key in absent.items()
    )


def imports_table(entries: Iterable[Entry], lang: str) -> pd.DataFrame:
    """One line per imported file: snapshot, file, mapping, rows, when, absent columns."""
    rows = [
        {
            t("data.snapshot_date", lang): fmt_date(e.snapshot_date, lang),
            t("data.import_file", lang): e.file,
            t("data.import_mapping", lang): e.mapping,
            t("data.rows", lang): fmt_int(e.rows, lang),
            t("data.imported_at", lang): fmt_date(e.imported_at[:10], lang),
            t("data.absent", lang): absent_text(e.absent, lang),
        }
        for e in entries
    ]
    return pd.DataFrame(rows)


def unknown_table(unknown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One line per column with unknown values: how many, of how many, the share."""
    return pd.DataFrame(
        {
            t("data.column", lang): [
                lookup(f"data.unknown_columns.{c}", lang) or c for c in unknown.column_name
            ],
            t("data.unknown_n", lang): [fmt_int(n, lang) for n in unknown.n_unknown],
            t("data.unknown_of", lang): [fmt_int(n, lang) for n in unknown.n_rows],
            t("data.unknown_share", lang): [fmt_share(s, lang) for s in unknown.unknown_share],
        }
    )


def preview_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The first rows as mapped, contract column names as headers (the mapping's own terms)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = [fmt_date(d, lang) for d in out[column]]
    return out.astype(object).where(out.notna(), "—").astype(str)


def unmapped_table(unmapped: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Values that are not reference codes, most frequent first per column."""
    return pd.DataFrame(
        {
            t("data.column", lang): list(unmapped.column),
            t("data.value", lang): list(unmapped.value),
            t("data.rows", lang): [fmt_int(n, lang) for n in unmapped.n],
        }
    )
