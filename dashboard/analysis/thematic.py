"""Thematic analysis of one section or topic: pure pandas on the query results the page and
the `category` command gather (dashboard.data.thematic); no Streamlit, no SQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard.analysis import metrics, repeats, trends
from dashboard.analysis.deadlines import short_body_name
from dashboard.analysis.funnel import FunnelResult
from dashboard.analysis.narrative import period_phrase
from dashboard.i18n import MISSING, enum_label, fmt_int, fmt_number, fmt_pp, fmt_share, plural, t

BODIES_TOP = 15  # bodies listed
GROWTH_MIN_N = 30  # appeals in the base year for a topic's growth to be ranked
TOPIC_PATTERN = r"^\d{2}(\.\d{2})?$"  # a section "02" or a topic "02.03"

Labeler = Callable[[str, str], str]


@dataclass(frozen=True)
class Inputs:
    """The query results one deep-dive needs (see dashboard.data.thematic.gather)."""

    by_body: pd.DataFrame  # summary_by_group, body: the topic by body
    by_region: pd.DataFrame  # trends_received_by_period, year x region: per 10 000
    answers: pd.DataFrame  # thematic_answers: outcome x signed_level
    repeat_units: pd.DataFrame  # repeats_by_unit, region: the topic's repeats, and a year before
    all_topics: pd.DataFrame  # trends_growth_by_group, category: every topic, and a year before
    section: str  # the section of the topic (its own code for a section)

    @property
    def now(self) -> pd.DataFrame:
        """The topic in the period as summary_by_group's single row: its bodies' counts
        summed (each appeal has one body, so one query less than asking for the total)."""
        if self.by_body.empty:
            return self.by_body
        counts = self.by_body.filter(regex="^n_").sum().to_frame().T
        return counts.assign(group_code="all")

    @property
    def topics(self) -> pd.DataFrame:
        """The section's topics, whose growth the page ranks."""
        return self.all_topics[self.all_topics["group_code"].str[:2] == self.section]


def section_of(code: str) -> str:
    """The section of a section or topic code ("02.03" -> "02")."""
    return code[:2]


def figures(x: Inputs) -> dict[str, Any]:
    """Headline figures: volume, share of all, growth on a year before, outcome shares.

    The year before is summed from the repeat query's base period and all appeals from every
    topic's row: the same counts two more queries would give, without their cost.
    """
    out = metrics.totals(x.now)
    n_before = int(x.repeat_units["n_base"].sum())
    out["n_all"] = int(x.all_topics["n_current"].sum())
    out["share_of_all"] = metrics.share(out["n_received"], out["n_all"])
    out["n_last_year"] = n_before
    out["growth"] = metrics.relative_change(out["n_received"], n_before)
    out["repeat_share_last_year"] = metrics.share(
        int(x.repeat_units["n_repeat_base"].sum()), n_before
    )
    return out


def region_rates(by_region: pd.DataFrame, labeler: Labeler) -> pd.DataFrame:
    """Appeals on the topic per 10 000 residents by region, highest first, with n."""
    if by_region.empty:
        return pd.DataFrame(columns=["region", "n", "per_10k"])
    g = by_region.groupby("group_code").agg(n=("n_received", "sum"), pop=("population", "last"))
    g = g[g["pop"] > 0]
    g["per_10k"] = g["n"] * 10_000 / g["pop"]
    g["region"] = [labeler("region", c) for c in g.index]
    return g.sort_values("per_10k", ascending=False).reset_index()[["region", "n", "per_10k"]]


def bodies(by_body: pd.DataFrame, labeler: Labeler, top: int = BODIES_TOP) -> pd.DataFrame:
    """Bodies handling the topic: n, share of the topic, satisfied, late and repeat shares."""
    total = by_body["n_received"].sum()
    b = by_body.sort_values(["n_received", "group_code"], ascending=[False, True]).head(top)
    return pd.DataFrame(
        {
            "body": [short_body_name(labeler("body", c)) for c in b["group_code"]],
            "n": b["n_received"].astype(int),
            "share_of_topic": b["n_received"] / total if total else 0.0,
            "satisfied_share": b["satisfied_share"],
            "late_share": b["late_share"],
            "repeat_share": b["repeat_share"],
        }
    ).reset_index(drop=True)


def answer_split(answers: pd.DataFrame, column: str, kind: str, lang: str) -> pd.DataFrame:
    """Answered appeals by outcome or by signature level: label, n, share of answered."""
    if answers.empty:
        return pd.DataFrame(columns=["label", "n", "share"])
    g = answers.groupby(column)["n"].sum().sort_values(ascending=False)
    labels = [MISSING if c == "unknown" else enum_label(kind, c, lang) for c in g.index]
    return pd.DataFrame({"label": labels, "n": g.to_numpy(), "share": g.to_numpy() / g.sum()})


def growing_topics(
    topics: pd.DataFrame, labeler: Labeler, min_n: int = GROWTH_MIN_N
) -> pd.DataFrame:
    """Topics of the section growing fastest on a year before (base >= min_n), named."""
    g = trends.growth_table(topics, min_n)
    return g.assign(topic=[labeler("category", c) for c in g["group_code"]])


def repeat_result(x: Inputs, labeler: Labeler, min_n: int = repeats.MIN_N) -> FunnelResult:
    """The topic's repeat funnel across regions (the same funnel as the repeats page)."""
    return repeats.assess(x.repeat_units, ("region", "none"), labeler, min_n)


def narrative(
    fig: dict[str, Any], topic: str, start: date, end: date, top_region: str | None, lang: str
) -> str:
    """A paragraph in the style of the overview's: volume and its share, growth, outcomes."""
    if not fig.get("n_received"):
        return ""
    parts = [
        t(
            "thematic.narrative.received",
            lang,
            period=period_phrase(start, end, lang),
            topic=topic,
            appeals=plural("counts.appeals", fig["n_received"], lang),
            share=fmt_share(fig["share_of_all"], lang),
        ),
        _growth_sentence(fig, lang),
        t(
            "thematic.narrative.outcomes",
            lang,
            satisfied=fmt_share(fig["satisfied_share"], lang),
            late=fmt_share(fig["late_share"], lang),
            n_late=fmt_int(fig["n_late"], lang),
            repeat=fmt_share(fig["repeat_share"], lang),
            n_repeat=fmt_int(fig["n_repeat"], lang),
        ),
    ]
    if fig["n_collective"]:
        parts.append(t("thematic.narrative.collective", lang, n=fmt_int(fig["n_collective"], lang)))
    if top_region:
        parts.append(t("thematic.narrative.top_region", lang, region=top_region))
    return " ".join(p for p in parts if p)


def _growth_sentence(fig: dict[str, Any], lang: str) -> str:
    change = fig["growth"]
    if change is None:
        return ""
    if round(change, 4) == 0:
        return t("thematic.narrative.same", lang)
    key = "thematic.narrative.up" if change > 0 else "thematic.narrative.down"
    return t(key, lang, change=fmt_share(abs(change), lang, 1), n=fmt_int(fig["n_last_year"], lang))


def headlines(fig: dict[str, Any], base_period: str, lang: str) -> list[trends.Headline]:
    """Headline cards: volume (share of all), growth on a year before, outcome shares with n."""
    growth = fig["growth"]
    against = t("trends.headline.against", lang, period=base_period)

    def n_of(n: int) -> tuple[str, None, str]:
        return (t("thematic.headline.n_of", lang, n=fmt_int(n, lang)), None, "")

    rep_change = (
        fig["repeat_share"] - fig["repeat_share_last_year"]
        if fig["repeat_share"] is not None and fig["repeat_share_last_year"] is not None
        else None
    )
    of_all = t("thematic.headline.of_all", lang, share=fmt_share(fig["share_of_all"], lang))
    base_n = t("thematic.headline.base", lang, n=fmt_int(fig["n_last_year"], lang))
    coll = t(
        "thematic.headline.collective_share", lang, share=fmt_share(fig["collective_share"], lang)
    )
    h = trends.Headline
    return [
        h(
            t("thematic.headline.received", lang),
            fmt_int(fig["n_received"], lang),
            ((of_all, None, ""),),
        ),
        h(
            t("thematic.headline.growth", lang),
            MISSING if growth is None else trends.fmt_signed_share(growth, lang),
            ((base_n, None, ""),),
        ),
        h(
            t("thematic.headline.satisfied_share", lang),
            fmt_share(fig["satisfied_share"], lang),
            (n_of(fig["n_satisfied"]),),
            up_is_good=True,
        ),
        h(
            t("thematic.headline.late_share", lang),
            fmt_share(fig["late_share"], lang),
            (n_of(fig["n_late"]),),
            up_is_good=False,
        ),
        h(
            t("thematic.headline.repeat_share", lang),
            fmt_share(fig["repeat_share"], lang),
            ((fmt_pp(rep_change, lang), rep_change, against), n_of(fig["n_repeat"])),
            up_is_good=False,
        ),
        h(
            t("thematic.headline.collective", lang),
            fmt_int(fig["n_collective"], lang),
            ((coll, None, ""),),
        ),
    ]


def trend(topic: pd.DataFrame, everything: pd.DataFrame) -> pd.DataFrame:
    """Monthly volume of the topic, its change on the same month a year before, and its share
    of all appeals (trends_received_by_period rows, month grain, no breakdown)."""
    if topic.empty:
        return pd.DataFrame(columns=["period_start", "n_received", "yoy_share", "share_of_all"])
    t_ = trends.add_yoy(topic[["period_start", "group_code", "n_received"]])
    a = everything[["period_start", "n_received"]].rename(columns={"n_received": "n_all"})
    a = a.assign(period_start=pd.to_datetime(a["period_start"]).dt.date)
    out = t_.merge(a, on="period_start", how="left")
    out["share_of_all"] = out["n_received"] / out["n_all"]
    return out.sort_values("period_start").reset_index(drop=True)


def bodies_display(b: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The bodies table for people: every share beside its n."""
    c = "thematic.bodies.columns"
    return pd.DataFrame(
        {
            t(f"{c}.body", lang): b["body"],
            t(f"{c}.n", lang): [fmt_int(n, lang) for n in b["n"]],
            t(f"{c}.share_of_topic", lang): [fmt_share(x, lang) for x in b["share_of_topic"]],
            t(f"{c}.satisfied", lang): [fmt_share(x, lang) for x in b["satisfied_share"]],
            t(f"{c}.late", lang): [fmt_share(x, lang) for x in b["late_share"]],
            t(f"{c}.repeat", lang): [fmt_share(x, lang) for x in b["repeat_share"]],
        }
    )


def growth_display(g: pd.DataFrame, period: str, base_period: str, lang: str) -> pd.DataFrame:
    """Fastest-growing topics for people: both years' n and the change."""
    c = "thematic.growth.columns"
    return pd.DataFrame(
        {
            t(f"{c}.topic", lang): g["topic"],
            t(f"{c}.n_base", lang, period=base_period): [fmt_int(n, lang) for n in g["n_base"]],
            t(f"{c}.n_current", lang, period=period): [fmt_int(n, lang) for n in g["n_current"]],
            t(f"{c}.change", lang): [trends.fmt_signed_share(x, lang) for x in g["change_share"]],
        }
    )


def topic_options(categories: pd.DataFrame) -> list[str]:
    """Sections and topics in classifier order (codes.table("category") rows)."""
    cats = categories[categories["level"].isin(["section", "topic"])]
    return sorted(cats["code"])


def per_10k_text(x: float | None, lang: str) -> str:
    """Appeals per 10 000 residents, one decimal."""
    return MISSING if x is None or pd.isna(x) else fmt_number(x, lang, 1)
