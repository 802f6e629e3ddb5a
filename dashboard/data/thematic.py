"""The queries of the thematic deep-dive of one section or topic, for the page and the CLI.

The chosen category narrows the other filters (it replaces the sidebar's topic choice);
every query runs through queries.run, cached in the app and memoised in the CLI.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.analysis import thematic
from dashboard.analysis.trends import base, shift_years
from dashboard.data import codes, queries
from dashboard.data.filters import Filters


def topic_filters(f: Filters, code: str) -> Filters:
    """The filters with the category set to `code` alone."""
    return replace(f, category_codes=(code,))


def every_topic(f: Filters) -> Filters:
    """The filters with no category: the whole a topic's share is taken of."""
    return replace(f, category_codes=())


def check_code(code: str, db_path: Path | None = None) -> str:
    """`code` if it names a known section or topic; ValueError otherwise."""
    if not re.fullmatch(thematic.TOPIC_PATTERN, code) or code not in codes.labels(
        "category", "ru", db_path
    ):
        raise ValueError(f"not a known section or topic code: {code!r}")
    return code


def gather(f: Filters, code: str, db_path: Path | None = None) -> thematic.Inputs:
    """Every query result the deep-dive shapes, for the period of `f` and the category `code`."""
    ft = topic_filters(f, code)
    ago = shift_years(f, 1)

    def run(name: str, filters: Filters, **params: queries.ParamValue) -> pd.DataFrame:
        return queries.run(name, filters, db_path, **params)

    return thematic.Inputs(
        by_body=run("summary_by_group", ft, group_by="body"),
        by_region=run("trends_received_by_period", ft, grain="year", breakdown="region"),
        answers=run("thematic_answers", ft),
        repeat_units=run(
            "repeats_by_unit", ft, group_by="region", group_by2="none", section="", **base(ago)
        ),
        all_topics=run("trends_growth_by_group", every_topic(f), group_by="category", **base(ago)),
        section=thematic.section_of(code),
    )


def deep_dive(
    f: Filters, code: str, lang: str = "ru", db_path: Path | None = None
) -> dict[str, Any]:
    """The deep-dive's figures as plain JSON-ready values (the `category` command)."""
    code = check_code(code, db_path)
    x = gather(f, code, db_path)

    def labeler(kind: str, c: str) -> str:
        return codes.labels(kind, lang, db_path).get(c) or c

    fig = thematic.figures(x)
    result = thematic.repeat_result(x, labeler)
    hot = result.units[result.units["flag"].isin(("above_998", "above_95"))]
    rates = thematic.region_rates(x.by_region, labeler)
    return {
        "code": code,
        "name": labeler("category", code),
        "period_start": f.period_start.isoformat(),
        "period_end": f.period_end.isoformat(),
        "figures": {k: (round(v, 6) if isinstance(v, float) else v) for k, v in fig.items()},
        "regions_per_10k": _records(rates),
        "bodies": _records(thematic.bodies(x.by_body, labeler)),
        "outcomes": _records(thematic.answer_split(x.answers, "outcome", "outcome", lang)),
        "signed_levels": _records(
            thematic.answer_split(x.answers, "signed_level", "signed_level", lang)
        ),
        "repeat_funnel": {
            "target": round(result.target, 6),
            "phi": round(result.phi, 6),
            "tau2": round(result.tau2, 8),
            "overdispersed": result.overdispersed,
            "hotspots": [
                {
                    "region_code": r["group_code"],
                    "region_name": r["unit"],
                    "n": int(r["n"]),
                    "events": int(r["events"]),
                    "share": round(r["share"], 6),
                    "flag": r["flag"],
                }
                for r in hot.to_dict("records")
            ],
        },
        "growing_topics": _records(thematic.growing_topics(x.topics, labeler)),
        "narrative": thematic.narrative(
            fig,
            labeler("category", code),
            f.period_start,
            f.period_end,
            rates["region"].iloc[0] if not rates.empty else None,
            lang,
        ),
    }


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (round(v, 6) if isinstance(v, float) else v) for k, v in rec.items()})
    return out


def render(result: dict[str, Any], lang: str = "ru") -> str:
    """The deep-dive for people: the paragraph, then the main lists."""
    lines = [
        f"{result['code']} {result['name']}, {result['period_start']} – {result['period_end']}"
    ]
    lines.append(result["narrative"] or "no appeals match")
    for key in ("regions_per_10k", "bodies", "outcomes", "growing_topics"):
        if result[key]:
            lines.append(f"\n{key}:")
            lines += ["  " + ", ".join(f"{k}={v}" for k, v in r.items()) for r in result[key][:10]]
    funnel = result["repeat_funnel"]
    lines.append(
        f"\nrepeat funnel by region: target {funnel['target']}, φ {funnel['phi']}, "
        f"τ² {funnel['tau2']}, hotspots: "
        + (", ".join(f"{h['region_name']} ({h['flag']})" for h in funnel["hotspots"]) or "none")
    )
    return "\n".join(lines)
