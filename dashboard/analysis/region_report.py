"""Everything known about one region in a period, gathered for the page, the CLI and the brief.

The queries are run through an injected `run(name, **params)`, so the page passes the cached
runner with its filters and the CLI the uncached one with plain parameters; no SQL here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard.analysis import regions

Runner = Callable[..., pd.DataFrame]  # run(query_name, **params) -> rows


@dataclass(frozen=True)
class RegionReport:
    """One region's figures over a period (shares 0–1, rates per 10 000 residents)."""

    region_code: str
    start: date
    end: date
    as_of: date
    tiles: pd.DataFrame  # every region valid in the period (regions.tiles)
    region: pd.Series  # this region's row of `tiles`
    country: pd.Series  # the totals over all regions in the filters
    topics: pd.DataFrame  # regions.location_quotients
    topic_rows: pd.DataFrame  # region_metrics_by_group rows of the region by category
    emerging: pd.DataFrame  # regions.emerging
    collective: regions.Collective
    bodies: pd.DataFrame  # region_metrics_by_group rows by body


def region_tiles(run: Runner, start: date, end: date, as_of: date) -> pd.DataFrame:
    """The cartogram's regions with their figures (see regions.tiles)."""
    rows = run("region_metrics_by_group", group_by="region", region_code="")
    return regions.tiles(rows, start, end, as_of)


def gather(
    run: Runner, region_code: str, start: date, end: date, as_of: date, tiles: pd.DataFrame | None
) -> RegionReport:
    """Run the region's queries and shape them; `tiles` may be passed when already at hand."""
    tiles = region_tiles(run, start, end, as_of) if tiles is None else tiles
    if region_code not in set(tiles["region_code"]):
        raise ValueError(f"region {region_code!r} is not valid between {start} and {end}")
    by_topic = run("region_metrics_by_group", group_by="category", region_code=region_code)
    all_topics = run("region_metrics_by_group", group_by="category", region_code="")
    shift = run("region_topic_shift_by_category", region_code=region_code)
    coll = run("region_collective_by_quarter", region_code=region_code)
    bodies = run("region_metrics_by_group", group_by="body", region_code=region_code)
    return RegionReport(
        region_code=region_code,
        start=start,
        end=end,
        as_of=as_of,
        tiles=tiles,
        region=tiles.set_index("region_code").loc[region_code],
        country=regions.country(tiles),
        topics=regions.location_quotients(by_topic, all_topics),
        topic_rows=by_topic,
        emerging=regions.emerging(shift),
        collective=regions.collective(coll),
        bodies=bodies,
    )


def _num(x: object) -> int | float | None:
    """A JSON-safe number: ints stay ints, NaN becomes None, floats are rounded."""
    if pd.isna(x):
        return None
    if float(x).is_integer() and not isinstance(x, float):
        return int(x)
    return round(float(x), 6)


HEADLINE_KEYS = (
    "n_received",
    "per_10k",
    "late_share",
    "repeat_share",
    "satisfied_share",
    "n_collective",
    "n_signatories",
    "collective_per_10k",
    "population",
)


def to_json(report: RegionReport, name: str) -> dict[str, Any]:
    """The CLI's `region --json` document: headline figures, topics, emerging, bodies."""
    rec = report.region
    return {
        "region_code": report.region_code,
        "name": name,
        "period_start": report.start.isoformat(),
        "period_end": report.end.isoformat(),
        "as_of": report.as_of.isoformat(),
        **{k: _num(rec[k]) for k in HEADLINE_KEYS},
        "n_late": _num(rec["n_late"]),
        "n_repeat": _num(rec["n_repeat"]),
        "n_satisfied": _num(rec["n_satisfied"]),
        "topics": [
            {k: _num(v) if k != "category_code" else v for k, v in r.items()}
            for r in report.topics.drop(columns="small").to_dict("records")
        ],
        "emerging": [
            {
                "category_code": r["category_code"],
                "n_recent": int(r["n_recent"]),
                "n_before": int(r["n_before"]),
                "share_recent": _num(r["share_recent"]),
                "share_before": _num(r["share_before"]),
                "p_value": _num(r["p_value"]),
                "significant": bool(r["significant"]),
            }
            for r in report.emerging[report.emerging["change"] > 0].to_dict("records")
        ],
        "collective": {
            "n_collective": report.collective.n_collective,
            "n_signatories": report.collective.n_signatories,
            "by_quarter": [
                {
                    "quarter_start": pd.Timestamp(r["quarter_start"]).date().isoformat(),
                    "n_collective": int(r["n_collective"]),
                    "n_signatories": int(r["n_signatories"]),
                }
                for r in report.collective.by_quarter.to_dict("records")
            ],
        },
        "bodies": [
            {
                "body_id": r["group_code"],
                "n": int(r["n_received"]),
                "late_share": _num(r["late_share"]),
                "repeat_share": _num(r["repeat_share"]),
                "satisfied_share": _num(r["satisfied_share"]),
            }
            for r in report.bodies.to_dict("records")
        ],
    }
