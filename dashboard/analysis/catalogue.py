"""What the data page shows: snapshots loaded, quality warnings, reference tables, definitions.

Tables come out formatted for people (locale numbers and dates, headers in the language).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.headline import Metric
from dashboard.data import reference
from dashboard.data.store import StoreInfo
from dashboard.i18n import fmt_date, fmt_int, lookup, t
from dashboard.ui import charts

# Definitions shown on the page, in order; texts are data.definitions.<key> in the locales.
DEFINITIONS = (
    "received",
    "satisfied",
    "late",
    "backlog",
    "backlog_now",
    "repeat",
    "collective",
    "as_of",
    "evaluation",
    "algorithm",
    "location_quotient",
    "emerging",
)
REFERENCE_TABLES = ("regions", "bodies", "categories")


def cards(info: StoreInfo, lang: str) -> list[Metric]:
    """The store at a glance: snapshots, appeals, rows, latest snapshot (first appeal in help)."""
    return [
        Metric(t("data.n_snapshots", lang), fmt_int(info.n_snapshots, lang), up_is_good=None),
        Metric(t("data.n_appeals", lang), fmt_int(info.n_appeals, lang), up_is_good=None),
        Metric(t("data.n_rows", lang), fmt_int(info.n_snapshot_rows, lang), up_is_good=None),
        Metric(
            t("data.latest_snapshot", lang),
            fmt_date(info.latest_snapshot, lang),
            help=t("data.first_received", lang) + ": " + fmt_date(info.first_received, lang),
        ),
    ]


def snapshots_table(snapshots: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One line per snapshot: date, rows, appeals open at the export."""
    return pd.DataFrame(
        {
            t("data.snapshot_date", lang): [fmt_date(d, lang) for d in snapshots.snapshot_date],
            t("data.rows", lang): [fmt_int(n, lang) for n in snapshots.n_rows],
            t("data.open", lang): [fmt_int(n, lang) for n in snapshots.n_open],
        }
    )


def snapshots_figure(snapshots: pd.DataFrame, lang: str) -> go.Figure:
    """Rows per snapshot as bars, labelled by the export's date."""
    df = snapshots.assign(label=[fmt_date(d, lang) for d in snapshots.snapshot_date])
    return charts.bar_chart(
        df,
        "label",
        "n_rows",
        title=t("data.snapshots_chart", lang),
        x_title=t("data.snapshot_date", lang),
        y_title=t("data.rows_axis", lang),
        lang=lang,
    )


def check_name(check_id: str, lang: str) -> str:
    """A quality check in plain language; the id itself for a check the locales do not know."""
    return lookup(f"data.checks.{check_id}", lang) or check_id


def quality_table(report: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One line per failed check: what it means, how many appeals, example ids."""
    return pd.DataFrame(
        {
            t("data.check", lang): [check_name(c, lang) for c in report.check_id],
            t("data.column", lang): list(report.column_name),
            t("data.n_flagged", lang): [fmt_int(n, lang) for n in report.n_rows],
            t("data.examples", lang): [", ".join(list(ids)[:5]) for ids in report.example_ids],
        }
    )


def audit_table(entries: list[dict], lang: str) -> pd.DataFrame:
    """The audit log's entries, newest first, with headers and actions in the language."""
    return pd.DataFrame(
        {
            t("audit.time", lang): [e.get("time", "") for e in entries],
            t("audit.user", lang): [e.get("user", "") for e in entries],
            t("audit.action", lang): [
                t(f"audit.actions.{e['action']}", lang) if e.get("action") else "" for e in entries
            ],
            t("audit.file_type", lang): [e.get("file_type", "") for e in entries],
            t("audit.rows", lang): [fmt_int(e.get("rows", 0), lang) for e in entries],
            t("audit.filters", lang): ["; ".join(e.get("filters", [])) for e in entries],
            t("audit.detail", lang): [e.get("detail", "") for e in entries],
        }
    )


def definitions(lang: str) -> str:
    """The definitions used on every page, as a markdown list."""
    return "\n".join(
        f"- **{t(f'data.terms.{k}', lang)}** — {t(f'data.definitions.{k}', lang)}"
        for k in DEFINITIONS
    )


def reference_table(name: str, lang: str) -> pd.DataFrame:
    """A reference table with codes and names in the language (and validity where kept)."""
    df = reference.table(name)
    key = {"regions": "region_code", "bodies": "body_id", "categories": "category_code"}[name]
    names = reference.labels(name, lang)
    out = pd.DataFrame({t("data.code", lang): df[key], t("data.name", lang): df[key].map(names)})
    if "level" in df:
        out[t("data.level", lang)] = df["level"].map(lambda v: t(f"data.levels.{v}", lang))
    if "valid_from" in df:
        out[t("data.valid_from", lang)] = [fmt_date(d, lang) for d in df.valid_from]
    return out
