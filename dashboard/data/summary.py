"""The headline summary (received, satisfied, late, repeats) shared by the CLI and pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dashboard import i18n
from dashboard.data import access, codes, queries, schema, store
from dashboard.data.filters import Filters

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
    year: int,
    levels: list[str],
    group_by: str,
    as_of: date | None,
    db_path: Path | None,
    user: access.User,
) -> dict[str, Any]:
    # Through Filters like every page, so the user's access scope applies here too.
    year_filters = Filters(date(year, 1, 1), date(year, 12, 31), levels=tuple(levels))
    return {
        **user.scoped(year_filters).to_sql_params(),
        "as_of": as_of or store.info(db_path).latest_snapshot,
        "group_by": group_by,
    }


def _rows(params: dict[str, Any], db_path: Path | None) -> list[dict[str, Any]]:
    out = []
    for rec in queries.records("summary_by_group", params, db_path):  # no pandas: a fast CLI
        row: dict[str, Any] = {"group_code": rec["group_code"]}
        row.update({k: int(rec[k]) for k in COUNTS})
        row.update({k: round(float(rec[k] if rec[k] is not None else "nan"), 6) for k in SHARES})
        out.append(row)
    return out


def summarise(
    year: int,
    levels: list[str] | None = None,
    group_by: str = "level",
    as_of: date | None = None,
    db_path: Path | None = None,
    user: access.User = access.LOCAL,
) -> dict[str, Any]:
    """Totals for complaints plus applications received in `year`, and the same by a grouping.

    Only what `user` may see is counted (their access scope, applied through Filters).
    """
    params = _params(year, levels or [], "none", as_of, db_path, user)
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


def _group_name(group_by: str, code: str, lang: str, db_path: Path | None) -> str:
    """The group's code with its name from the reference tables, for people."""
    if group_by in ("level", "none") or code == "all":
        return i18n.enum_label("level", code, lang) if group_by == "level" else code
    kind = group_by if group_by in ("region", "body") else "category"
    name = codes.labels(kind, lang, db_path).get(code, "")
    return f"{code} {name[:40]}".strip()


def render(result: dict[str, Any], lang: str = "ru", db_path: Path | None = None) -> str:
    """The summary as an aligned text table for people, numbers in the locale's format."""
    header = ["", "received", "satisfied", "%", "late", "%", "repeats", "%", "backlog"]
    lines = []
    rows = [("none", result["total"])] + [(result["group_by"], g) for g in result["groups"]]
    for group_by, row in rows:
        if row.get("n_received", 0) == 0:
            continue
        lines.append(
            [
                _group_name(group_by, str(row["group_code"]), lang, db_path),
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

    def fmt(r: list[str]) -> str:
        first = r[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))])

    title = f"{result['year']}, complaints and applications, as of {result['as_of']}"
    return "\n".join([title, fmt(header), *map(fmt, lines)])
