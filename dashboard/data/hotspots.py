"""Repeat hotspots for the CLI: queries/repeats_by_unit.sql judged by the shared funnel module,
exactly as the «Повторные обращения» page judges them (dashboard.analysis.repeats.assess)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dashboard.analysis import repeats
from dashboard.analysis.trends import base, shift_years
from dashboard.data import codes, queries
from dashboard.data.filters import Filters

# CLI spelling of --by -> the units of dashboard.analysis.repeats.
BY_OPTIONS: dict[str, str] = {
    "region,section": "region_section",
    "region,category": "region_category",
    "body,section": "body_section",
    "body,category": "body_category",
    "region": "region",
    "body": "body",
}
# JSON key stem of a grouping's code and name ("region_code", "region_name").
KEY_STEM: dict[str, str] = {
    "region": "region",
    "body": "body",
    "section": "section",
    "category": "category",
}
LIMITS = ("lower_95", "upper_95", "lower_998", "upper_998")


def _names(grouping: str, lang: str, db_path: Path | None) -> dict[str, str]:
    return codes.labels(repeats.kind_of(grouping), lang, db_path)


def hotspots(
    f: Filters,
    by: str = "region,category",
    min_n: int = repeats.MIN_N,
    lang: str = "ru",
    db_path: Path | None = None,
) -> dict[str, Any]:
    """Target, φ, τ², over-dispersion and every unit with its limits and flag, as plain JSON."""
    groups = repeats.UNITS[BY_OPTIONS[by]]
    units = queries.run(
        "repeats_by_unit",
        f,
        db_path,
        group_by=groups[0],
        group_by2=groups[1],
        section="",
        **base(shift_years(f, 1)),
    )
    names = {g: _names(g, lang, db_path) for g in groups if g != "none"}

    def labeler(kind: str, code: str) -> str:
        return codes.labels(kind, lang, db_path).get(code) or code

    result = repeats.assess(units, groups, labeler, min_n)
    rows = []
    for rec in result.units.to_dict("records"):
        row: dict[str, Any] = {}
        for grouping, col in zip(groups, ("group_code", "group_code2"), strict=True):
            if grouping != "none":
                stem = KEY_STEM[grouping]
                row[f"{stem}_code"] = rec[col]
                row[f"{stem}_name"] = names[grouping].get(rec[col], rec[col])
        row.update(n=int(rec["n"]), events=int(rec["events"]), share=round(rec["share"], 6))
        row.update({k: round(float(rec[k]), 6) for k in LIMITS})
        row.update(z=round(float(rec["z"]), 4), flag=rec["flag"])
        rows.append(row)
    order = {
        flag: i
        for i, flag in enumerate(
            ("above_998", "above_95", "within", "below_95", "below_998", "too_small")
        )
    }
    rows.sort(key=lambda r: (order[r["flag"]], -r["z"]))
    return {
        "period_start": f.period_start.isoformat(),
        "period_end": f.period_end.isoformat(),
        "by": by,
        "min_n": min_n,
        "target": round(result.target, 6),
        "phi": round(result.phi, 6),
        "tau2": round(result.tau2, 8),
        "overdispersed": result.overdispersed,
        "units": rows,
    }


def period(
    year: int | None, start: date | None, end: date | None, db_path: Path | None
) -> tuple[date, date]:
    """--year Y, or --from/--to, or the last full year of the data."""
    if start or end:
        info = queries.store_info(db_path)
        return start or info.first_received, end or info.latest_snapshot
    if year:
        return date(year, 1, 1), date(year, 12, 31)
    info = queries.store_info(db_path)
    d = Filters.default(info.first_received, info.latest_snapshot)
    return d.period_start, d.period_end
