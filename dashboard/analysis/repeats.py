"""Repeat appeals: pure pandas on queries/repeats_*.sql results (no Streamlit, no SQL).

Hotspots are the units whose repeat share lies above the funnel's upper limit around the
pooled share (dashboard.analysis.funnel): above 99.8 % is a hotspot, above 95 % "watch".
The page, the CLI (`hotspots`) and the thematic page all shape through this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis import funnel
from dashboard.analysis.deadlines import short_body_name
from dashboard.analysis.trends import Headline
from dashboard.i18n import MISSING, enum_label, fmt_date, fmt_int, fmt_number, fmt_pp, fmt_share, t

MIN_N = funnel.DEFAULT_MIN_N  # appeals; a unit with fewer is shown but never flagged
HOT_FLAGS: tuple[str, ...] = ("above_998", "above_95")  # hotspot, watch
# Heatmap views: (row grouping, column grouping) as the group_code macro names them.
VIEWS: dict[str, tuple[str, str]] = {
    "region_section": ("region", "section"),
    "body_section": ("body", "section"),
    "region_topic": ("region", "category"),
}
# Units the funnel and the hotspot table judge; CLI `--by` spells them "region,category".
UNITS: dict[str, tuple[str, str]] = {
    "region_category": ("region", "category"),
    "body_category": ("body", "category"),
    "region_section": ("region", "section"),
    "body_section": ("body", "section"),
    "region": ("region", "none"),
    "body": ("body", "none"),
}
CHANGE_TOP = 10  # rows in "changed most against last year"
# appeals in both years for a unit's change to be listed: a change of a share is noisier than
# the share itself, so the bar is higher than the funnel's minimum
CHANGE_MIN_N = 100
CHAINS_SHOWN = 30  # chains listed in the drill-down (the distribution counts all)

Labeler = Callable[[str, str], str]  # (kind, code) -> name, as ui.label


def kind_of(grouping: str) -> str:
    """The reference kind that names a grouping's codes (sections are categories)."""
    return {"region": "region", "body": "body"}.get(grouping, "category")


def code_name(grouping: str, code: str, labeler: Labeler) -> str:
    """A region's, body's (short) or category's name; "" for the 'all' of no grouping."""
    if grouping == "none":
        return ""
    name = labeler(kind_of(grouping), code)
    return short_body_name(name) if grouping == "body" else name


def unit_names(df: pd.DataFrame, by: tuple[str, str], labeler: Labeler) -> list[str]:
    """ "Алматинская область · Земельные отношения" per row of a repeats_by_unit result."""
    out = []
    for c1, c2 in zip(df["group_code"], df["group_code2"], strict=True):
        parts = [code_name(by[0], str(c1), labeler), code_name(by[1], str(c2), labeler)]
        out.append(" · ".join(p for p in parts if p))
    return out


def assess(
    units: pd.DataFrame, by: tuple[str, str], labeler: Labeler, min_n: int = MIN_N
) -> funnel.FunnelResult:
    """Funnel limits and flags of repeats_by_unit rows (n appeals, n_repeat events), each unit
    named (`unit`); units with no appeal in the period (only a year before) are left out."""
    frame = units[units["n"] > 0].rename(columns={"n_repeat": "events"}).reset_index(drop=True)
    frame["unit"] = unit_names(frame, by, labeler)
    return funnel.assess(frame, n="n", events="events", min_n=min_n)


def with_base(units: pd.DataFrame) -> pd.DataFrame:
    """Adds share_base (repeat share a year before; NaN without appeals) and change_pp."""
    out = units.copy()
    out["share_base"] = (out["n_repeat_base"] / out["n_base"]).where(out["n_base"] > 0)
    out["change_pp"] = out["share"] - out["share_base"]
    return out


def hotspots(result: funnel.FunnelResult) -> pd.DataFrame:
    """Units above the upper limits: hotspots (99.8 %) first, each by its z-score, then watch."""
    u = with_base(result.units)
    hot = u[u["flag"].isin(HOT_FLAGS)].copy()
    hot["rank"] = hot["flag"].map({f: i for i, f in enumerate(HOT_FLAGS)})
    hot = hot.sort_values(["rank", "z", "n"], ascending=[True, False, False])
    return hot.drop(columns="rank").reset_index(drop=True)


def hotspot_display(hot: pd.DataFrame, target: float, lang: str) -> pd.DataFrame:
    """The hotspot table for people: locale numbers, headers in `lang`; justified apart."""
    c = "repeats.table"
    return pd.DataFrame(
        {
            t(f"{c}.unit", lang): hot["unit"],
            t(f"{c}.flag", lang): [t(f"repeats.flag_short.{f}", lang) for f in hot["flag"]],
            t(f"{c}.n", lang): [fmt_int(n, lang) for n in hot["n"]],
            t(f"{c}.repeats", lang): [
                f"{fmt_int(n, lang)} ({fmt_share(s, lang)})"
                for n, s in zip(hot["events"], hot["share"], strict=True)
            ],
            t(f"{c}.expected", lang): fmt_share(target, lang),
            t(f"{c}.justified", lang): [fmt_int(n, lang) for n in hot["n_justified_repeat"]],
            t(f"{c}.change", lang): [
                MISSING if pd.isna(b) else f"{fmt_pp(x, lang)} ({fmt_share(b, lang)})"
                for x, b in zip(hot["change_pp"], hot["share_base"], strict=True)
            ],
        }
    )


def heatmap_cells(
    units: pd.DataFrame, by: tuple[str, str], labeler: Labeler, min_n: int = MIN_N
) -> pd.DataFrame:
    """Cells for the heatmap: row and column names, share, n, `small` (grey, not coloured)."""
    cells = units[units["n"] > 0].copy()
    cells = cells.sort_values(["group_code", "group_code2"])
    cells["row"] = [code_name(by[0], str(c), labeler) for c in cells["group_code"]]
    cells["col"] = [f"{c} {code_name(by[1], str(c), labeler)}"[:32] for c in cells["group_code2"]]
    cells["share"] = cells["n_repeat"] / cells["n"]
    cells["small"] = cells["n"] < min_n
    return cells.reset_index(drop=True)


def changes(
    units: pd.DataFrame,
    by: tuple[str, str],
    labeler: Labeler,
    min_n: int = MIN_N,
    top: int = CHANGE_TOP,
) -> pd.DataFrame:
    """Units whose repeat share moved most (either way) against a year before; both periods
    need at least change_min_n(min_n) appeals, so a jump on a handful never leads the list."""
    floor = change_min_n(min_n)
    u = units[(units["n"] >= floor) & (units["n_base"] >= floor)].copy()
    u["share"] = u["n_repeat"] / u["n"]
    u["unit"] = unit_names(u, by, labeler)
    u = with_base(u)
    u["size"] = u["change_pp"].abs()
    u = u.sort_values(["size", "n"], ascending=[False, False]).head(top)
    return u.drop(columns="size").reset_index(drop=True)


def change_min_n(min_n: int) -> int:
    """Appeals each period needs for a unit's change to be listed."""
    return max(min_n, CHANGE_MIN_N)


def changes_display(ch: pd.DataFrame, period: str, base_period: str, lang: str) -> pd.DataFrame:
    """The changes table for people: both shares with their n, and the change in p.p."""
    c = "repeats.changes.columns"
    return pd.DataFrame(
        {
            t(f"{c}.unit", lang): ch["unit"],
            t(f"{c}.base", lang, period=base_period): [
                _share_n(s, n, lang) for s, n in zip(ch["share_base"], ch["n_base"], strict=True)
            ],
            t(f"{c}.now", lang, period=period): [
                _share_n(s, n, lang) for s, n in zip(ch["share"], ch["n"], strict=True)
            ],
            t(f"{c}.change", lang): [fmt_pp(x, lang) for x in ch["change_pp"]],
        }
    )


def _share_n(share: float, n: int, lang: str) -> str:
    return f"{fmt_share(share, lang)} (n\u00a0=\u00a0{fmt_int(n, lang)})"


def dispersion_text(result: funnel.FunnelResult, lang: str) -> str:
    """Whether the limits were widened for over-dispersion, with φ and τ²."""
    key = "repeats.funnel.overdispersed" if result.overdispersed else "repeats.funnel.exact"
    return t(
        key,
        lang,
        phi=fmt_number(result.phi, lang, 2),
        tau2=fmt_number(result.tau2, lang, 5),
        target=fmt_share(result.target, lang),
    )


@dataclass(frozen=True)
class Totals:
    """Appeals and repeats of a period and of the same period a year before."""

    n: int
    n_repeat: int
    n_justified: int
    n_base: int
    n_repeat_base: int

    @property
    def share(self) -> float | None:
        """Repeat share of the period (0–1); None without appeals."""
        return self.n_repeat / self.n if self.n else None

    @property
    def share_base(self) -> float | None:
        """Repeat share a year before (0–1); None without appeals."""
        return self.n_repeat_base / self.n_base if self.n_base else None


def totals(units: pd.DataFrame) -> Totals:
    """The period's totals from any repeats_by_unit result (every grouping adds up the same)."""
    cols = ("n", "n_repeat", "n_justified_repeat", "n_base", "n_repeat_base")
    return Totals(*(int(units[c].sum()) if not units.empty else 0 for c in cols))


def headlines(
    tot: Totals, result: funnel.FunnelResult, base_period: str, unit_word: str, lang: str
) -> list[Headline]:
    """Repeat share (change on a year before, n), hotspots and watch units of the funnel."""
    change = (
        tot.share - tot.share_base if tot.share is not None and tot.share_base is not None else None
    )
    against = t("trends.headline.against", lang, period=base_period)
    of = t("repeats.headline.n_of", lang, n=fmt_int(tot.n_repeat, lang), total=fmt_int(tot.n, lang))
    justified = t("repeats.headline.justified", lang, n=fmt_int(tot.n_justified, lang))
    flags = result.units["flag"].value_counts() if not result.units.empty else pd.Series()
    judged = int((result.units["flag"] != "too_small").sum()) if not result.units.empty else 0
    of_units = t("repeats.headline.of_units", lang, n=fmt_int(judged, lang), units=unit_word)
    return [
        Headline(
            t("repeats.headline.share", lang),
            fmt_share(tot.share, lang),
            ((fmt_pp(change, lang), change, against), (of, None, ""), (justified, None, "")),
            up_is_good=False,
            help=t("repeats.headline.share_help", lang),
        ),
        Headline(
            t("repeats.headline.hotspots", lang),
            fmt_int(int(flags.get("above_998", 0)), lang),
            ((of_units, None, ""),),
            help=t("repeats.headline.hotspots_help", lang),
        ),
        Headline(
            t("repeats.headline.watch", lang),
            fmt_int(int(flags.get("above_95", 0)), lang),
            ((of_units, None, ""),),
            help=t("repeats.headline.watch_help", lang),
        ),
    ]


# --- chains ---------------------------------------------------------------------------------


def chain_lengths(chains: pd.DataFrame) -> pd.DataFrame:
    """How many chains have 2, 3, … rounds (n_rounds, n_chains), every length up to the max."""
    if chains.empty:
        return pd.DataFrame({"n_rounds": pd.Series(dtype=int), "n_chains": pd.Series(dtype=int)})
    per_chain = chains.drop_duplicates("chain_id")["n_rounds"].astype(int)
    counts = per_chain.value_counts().reindex(range(2, per_chain.max() + 1), fill_value=0)
    return pd.DataFrame({"n_rounds": counts.index, "n_chains": counts.to_numpy()})


def chain_stats(chains: pd.DataFrame) -> dict[str, float | int | None]:
    """Chains, repeats in them, median days between rounds (None without repeats)."""
    gaps = chains["days_since_previous"].dropna() if not chains.empty else pd.Series(dtype=float)
    return {
        "n_chains": int(chains["chain_id"].nunique()) if not chains.empty else 0,
        "n_repeats": int((chains["round"] > 1).sum()) if not chains.empty else 0,
        "median_days": float(gaps.median()) if len(gaps) else None,
    }


def chain_display(chains: pd.DataFrame, lang: str, labeler: Labeler) -> pd.DataFrame:
    """The first CHAINS_SHOWN chains round by round: date, days after the previous round, body,
    who signed the answer and its outcome (open: «на рассмотрении»)."""
    first = chains["chain_id"].drop_duplicates().head(CHAINS_SHOWN)
    shown = chains[chains["chain_id"].isin(first)]
    c = "repeats.chains.columns"
    open_ = t("repeats.chains.open", lang)
    return pd.DataFrame(
        {
            t(f"{c}.chain", lang): shown["chain_id"],
            t(f"{c}.rounds", lang): shown["n_rounds"].astype(int),
            t(f"{c}.round", lang): shown["round"].astype(int),
            t(f"{c}.appeal", lang): shown["appeal_id"],
            t(f"{c}.received", lang): [fmt_date(d, lang) for d in shown["received_date"]],
            t(f"{c}.days", lang): [
                MISSING if pd.isna(d) else fmt_int(d, lang) for d in shown["days_since_previous"]
            ],
            t(f"{c}.body", lang): [
                MISSING if pd.isna(b) else short_body_name(labeler("body", b))
                for b in shown["body_id"]
            ],
            t(f"{c}.signed", lang): [
                open_ if pd.isna(s) else enum_label("signed_level", s, lang)
                for s in shown["signed_level"]
            ],
            t(f"{c}.outcome", lang): [
                open_ if pd.isna(o) else enum_label("outcome", o, lang) for o in shown["outcome"]
            ],
        }
    )


# --- drill-down list ---------------------------------------------------------------------------


def appeals_table(rows: pd.DataFrame, lang: str, labeler: Labeler) -> pd.DataFrame:
    """appeals_by_unit rows for people and export: names, labels, yes/no; no applicant."""
    yes, no = t("repeats.list.yes", lang), t("repeats.list.no", lang)
    c = "repeats.list.columns"

    def flag(v: object) -> str:
        return MISSING if pd.isna(v) else (yes if v else no)

    return pd.DataFrame(
        {
            t(f"{c}.appeal_id", lang): rows["appeal_id"],
            t(f"{c}.received_date", lang): pd.to_datetime(rows["received_date"]).dt.date,
            t(f"{c}.body", lang): [short_body_name(labeler("body", b)) for b in rows["body_id"]],
            t(f"{c}.region", lang): [labeler("region", r) for r in rows["region_code"]],
            t(f"{c}.category", lang): [labeler("category", x) for x in rows["category_code"]],
            t(f"{c}.repeat_of", lang): rows["repeat_of"].fillna(MISSING),
            t(f"{c}.outcome", lang): [
                t("repeats.chains.open", lang) if pd.isna(o) else enum_label("outcome", o, lang)
                for o in rows["outcome"]
            ],
            t(f"{c}.signed", lang): [
                MISSING if pd.isna(s) else enum_label("signed_level", s, lang)
                for s in rows["signed_level"]
            ],
            t(f"{c}.justified", lang): [flag(v) for v in rows["justified"]],
            t(f"{c}.late", lang): [flag(v) for v in rows["is_late"]],
        }
    )


# --- page glue (plain values the page passes on) ----------------------------------------------


def funnel_curve(result: funnel.FunnelResult, min_n: int = MIN_N) -> pd.DataFrame:
    """The limits drawn from the minimum n to the largest unit (below min_n nothing is judged)."""
    n_max = int(result.units["n"].max()) if not result.units.empty else min_n
    drawn = funnel.curve(result, max(n_max, min_n))
    return drawn[drawn["n"] >= max(min_n, 1)].reset_index(drop=True)


def section_codes(categories: pd.DataFrame) -> list[str]:
    """Two-digit section codes of the classifier, in order (codes.table("category") rows)."""
    return sorted(c for c in categories["code"] if len(str(c)) == 2)


def unit_key(group_code: str, group_code2: str) -> str:
    """One string for a unit (a selectbox option): "19|03.01"."""
    return f"{group_code}|{group_code2}"


def split_key(key: str) -> tuple[str, str]:
    """unit_key reversed."""
    first, _, second = key.partition("|")
    return first, second


def unit_params(by: tuple[str, str], key: str) -> dict[str, str]:
    """The $group_by/$group_code pairs of repeats_chains and appeals_by_unit for one unit."""
    c1, c2 = split_key(key)
    return {"group_by": by[0], "group_code": c1, "group_by2": by[1], "group_code2": c2}


def chain_stats_text(stats: dict[str, float | int | None], lang: str) -> dict[str, str]:
    """chain_stats formatted for the summary sentence."""
    days = stats["median_days"]
    return {
        "chains": fmt_int(stats["n_chains"], lang),
        "repeats": fmt_int(stats["n_repeats"], lang),
        "days": MISSING if days is None else fmt_number(days, lang, 0),
    }
