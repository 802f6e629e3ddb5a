"""The headline summary (received, satisfied, late, repeats) shared by the CLI and pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dashboard import i18n, queries, schema

GROUPINGS = ("level", "region", "body", "category", "section")
COUNTS = (
    "n_received",
    "n_satisfied",
    "n_partially_satisfied",
    "n_late",
    "n_repeat",
    "n_justified_repeat",
    "n_collective",
    "n_backlog",
)
SHARES = ("satisfied_share", "late_share", "repeat_share")


def _params(
    year: int, levels: list[str], group_by: str, as_of: date | None, db_path: Path | None
) -> dict[str, Any]:
    return {
        "period_start": date(year, 1, 1),
        "period_end": date(year, 12, 31),
        "as_of": as_of or queries.latest_snapshot(db_path),
        "group_by": group_by,
        "levels": levels,
        "body_ids": [],
        "region_codes": [],
        "category_codes": [],
        "appeal_types": list(schema.EVALUATED_TYPES),
        "channels": [],
    }


def _rows(params: dict[str, Any], db_path: Path | None) -> list[dict[str, Any]]:
    df = queries.execute("summary_by_group", params, db_path)
    out = []
    for rec in df.to_dict("records"):
        row: dict[str, Any] = {"group_code": rec["group_code"]}
        row.update({k: int(rec[k]) for k in COUNTS})
        row.update({k: round(float(rec[k]), 6) for k in SHARES})
        out.append(row)
    return out


def summarise(
    year: int,
    levels: list[str] | None = None,
    group_by: str = "level",
    as_of: date | None = None,
    db_path: Path | None = None,
) -> dict[str, Any]:
    """Totals for complaints plus applications received in `year`, and the same by a grouping."""
    params = _params(year, levels or [], "none", as_of, db_path)
    total = _rows(params, db_path)
    groups = _rows({**params, "group_by": group_by}, db_path) if group_by != "none" else []
    return {
        "year": year,
        "as_of": params["as_of"].isoformat(),
        "appeal_types": params["appeal_types"],
        "levels": params["levels"] or list(schema.BODY_LEVELS),
        "group_by": group_by,
        "total": total[0] if total else {"group_code": "all", **dict.fromkeys(COUNTS, 0)},
        "groups": groups,
    }


def render(result: dict[str, Any], lang: str = "ru") -> str:
    """The summary as an aligned text table for people, numbers in the locale's format."""
    header = ["", "received", "satisfied", "%", "late", "%", "repeats", "%", "backlog"]
    lines = []
    for row in [result["total"], *result["groups"]]:
        if "n_received" not in row or row["n_received"] == 0:
            continue
        lines.append(
            [
                str(row["group_code"]),
                i18n.fmt_int(row["n_received"], lang),
                i18n.fmt_int(row["n_satisfied"], lang),
                i18n.fmt_share(row["satisfied_share"], lang),
                i18n.fmt_int(row["n_late"], lang),
                i18n.fmt_share(row["late_share"], lang),
                i18n.fmt_int(row["n_repeat"], lang),
                i18n.fmt_share(row["repeat_share"], lang),
                i18n.fmt_int(row["n_backlog"], lang),
            ]
        )
    if not lines:
        return f"{result['year']}: no complaints or applications match"
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    title = f"{result['year']}, complaints and applications, as of {result['as_of']}"
    return "\n".join([title, fmt(header), *map(fmt, lines)])
