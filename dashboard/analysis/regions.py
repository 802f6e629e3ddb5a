"""Per-region analysis: metrics for the cartogram, topic mix, emerging topics, collective appeals.

Pure pandas on rows of queries/region_*.sql plus the committed reference tables (validity and
tile positions of regions, population). No Streamlit, no SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.data import reference

METRICS: tuple[str, ...] = (
    "per_10k",
    "late_share",
    "repeat_share",
    "satisfied_share",
    "collective_per_10k",
)
SHARE_METRICS = frozenset({"late_share", "repeat_share", "satisfied_share"})
MIN_N = 30  # appeals; a topic's share in a region on fewer is shown greyed, never ranked
ALPHA = 0.05  # significance level of the emerging-topic test (two-sided z-test)
TOP_TOPICS = 12  # topics in the location-quotient chart
COUNTRY = "country"  # comparison choice meaning "all regions in the filters"
PER = 10_000  # residents per rate unit


def valid_regions(start: date, end: date) -> pd.DataFrame:
    """Regions valid on at least one day of [start, end] with their tile positions."""
    df = reference.table("regions")
    begins = pd.to_datetime(df["valid_from"]).dt.date
    ends = pd.to_datetime(df["valid_to"]).dt.date
    ok = (begins <= end) & (ends.isna() | (ends > start))
    out = df.loc[ok, ["region_code", "tile_row", "tile_col"]].copy()
    out[["tile_row", "tile_col"]] = out[["tile_row", "tile_col"]].astype(int)
    return out.reset_index(drop=True)


def population_year(end: date, as_of: date) -> int:
    """The year whose population divides rates: the year the period (or the data) ends in."""
    return min(end, as_of).year


def _rates(df: pd.DataFrame, pop: pd.Series) -> pd.DataFrame:
    out = df.copy()
    out["population"] = pop
    per = out["population"].where(out["population"] > 0) / PER
    out["per_10k"] = out["n_received"] / per
    out["collective_per_10k"] = out["n_collective"] / per
    return out


def tiles(by_region: pd.DataFrame, start: date, end: date, as_of: date) -> pd.DataFrame:
    """Every region valid in the period with its counts, shares and rates (0 where none)."""
    valid = valid_regions(start, end)
    counts = by_region.rename(columns={"group_code": "region_code"})
    df = valid.merge(counts, on="region_code", how="left")
    count_cols = [c for c in counts.columns if c.startswith("n_")]
    df[count_cols] = df[count_cols].fillna(0).astype(int)
    n = df["n_received"].where(df["n_received"] > 0)
    for share, events in (
        ("late_share", "n_late"),
        ("repeat_share", "n_repeat"),
        ("satisfied_share", "n_satisfied"),
    ):
        df[share] = df[events] / n
    pop = reference.population(population_year(end, as_of))
    return _rates(df, df["region_code"].map(pop))


def country(region_tiles: pd.DataFrame) -> pd.Series:
    """The totals over every region in the filters, with the same shares and rates."""
    count_cols = [c for c in region_tiles.columns if c.startswith("n_")]
    counts = region_tiles[count_cols].sum().astype(float)
    n = counts["n_received"] or np.nan
    row = counts.copy()
    row["late_share"] = counts["n_late"] / n
    row["repeat_share"] = counts["n_repeat"] / n
    row["satisfied_share"] = counts["n_satisfied"] / n
    pop = region_tiles["population"].sum()
    row["population"] = pop
    row["per_10k"] = counts["n_received"] / pop * PER if pop else np.nan
    row["collective_per_10k"] = counts["n_collective"] / pop * PER if pop else np.nan
    return row


def ranked_by(region_tiles: pd.DataFrame, metric: str) -> list[str]:
    """Region codes, highest `metric` first (regions without appeals last)."""
    df = region_tiles.sort_values([metric, "region_code"], ascending=[False, True])
    return list(df["region_code"])


def location_quotients(
    region_topics: pd.DataFrame, all_topics: pd.DataFrame, min_n: int = MIN_N
) -> pd.DataFrame:
    """Per topic: n in the region, its share there and overall, LQ = region share ÷ overall.

    `small` marks topics with fewer than `min_n` appeals in the region (shown, not ranked).
    """
    reg = region_topics.set_index("group_code")["n_received"]
    nat = all_topics.set_index("group_code")["n_received"]
    df = pd.DataFrame({"n_region": reg}).join(pd.DataFrame({"n_all": nat}), how="outer")
    df = df.fillna(0).astype(int)
    df = df[df["n_region"] > 0]
    df["share_region"] = df["n_region"] / max(int(reg.sum()), 1)
    df["share_all"] = df["n_all"] / max(int(nat.sum()), 1)
    df["lq"] = df["share_region"] / df["share_all"].where(df["share_all"] > 0)
    df["small"] = df["n_region"] < min_n
    df = df.rename_axis("category_code").reset_index()
    return df.sort_values(["small", "lq"], ascending=[True, False]).reset_index(drop=True)


def two_sided_p(z: np.ndarray) -> np.ndarray:
    """Two-sided normal p-value, 2·(1 − Φ(|z|)) = erfc(|z|/√2); math, not scipy, whose
    import would cost the command line half a second."""
    return np.array([math.erfc(abs(v) / math.sqrt(2)) for v in np.asarray(z, float)])


def two_proportion_z(x1: np.ndarray, n1: float, x0: np.ndarray, n0: float) -> np.ndarray:
    """z of p1 − p0 with the pooled standard error (0 where it cannot be computed)."""
    pooled = (x1 + x0) / max(n1 + n0, 1)
    se = np.sqrt(pooled * (1 - pooled) * (1 / max(n1, 1) + 1 / max(n0, 1)))
    diff = x1 / max(n1, 1) - x0 / max(n0, 1)
    return np.divide(diff, se, out=np.zeros_like(diff, dtype=float), where=se > 0)


def emerging(shift: pd.DataFrame, alpha: float = ALPHA, min_n: int = MIN_N) -> pd.DataFrame:
    """Topics whose share rose in the last four quarters vs the four before, with a z-test.

    `significant` = the rise is significant at `alpha` (two-sided) and the recent window has
    at least `min_n` appeals of the topic; largest significant rise first.
    """
    wide = shift.pivot_table(
        index="category_code", columns="span", values="n_received", aggfunc="sum", fill_value=0
    ).reindex(columns=["recent", "before"], fill_value=0)
    n_recent, n_before = float(wide["recent"].sum()), float(wide["before"].sum())
    df = wide.rename(columns={"recent": "n_recent", "before": "n_before"}).astype(int)
    df["share_recent"] = df["n_recent"] / n_recent if n_recent else np.nan
    df["share_before"] = df["n_before"] / n_before if n_before else np.nan
    df["change"] = df["share_recent"] - df["share_before"]
    z = two_proportion_z(
        df["n_recent"].to_numpy(float), n_recent, df["n_before"].to_numpy(float), n_before
    )
    df["z"] = z
    df["p_value"] = two_sided_p(z)
    big = df["n_recent"] >= min_n
    df["significant"] = (df["p_value"] < alpha) & (df["change"] > 0) & big & (n_before > 0)
    df = df.rename_axis("category_code").reset_index()
    return df.sort_values(["significant", "change"], ascending=[False, False]).reset_index(
        drop=True
    )


@dataclass(frozen=True)
class Collective:
    """A region's collective appeals over the period."""

    n_collective: int
    n_signatories: int
    by_topic: pd.DataFrame  # category_code, n_collective, n_signatories (most first)
    by_quarter: pd.DataFrame  # quarter_start, n_collective, n_signatories


def collective(rows: pd.DataFrame) -> Collective:
    """Totals, topics and trend of collective appeals from region_collective_by_quarter rows."""
    cols = ["n_collective", "n_signatories"]
    if rows.empty:
        empty = pd.DataFrame(columns=["category_code", *cols])
        return Collective(0, 0, empty, pd.DataFrame(columns=["quarter_start", *cols]))
    topic = rows.groupby("category_code", as_index=False)[cols].sum()
    quarter = rows.groupby("quarter_start", as_index=False)[cols].sum()
    return Collective(
        int(rows["n_collective"].sum()),
        int(rows["n_signatories"].sum()),
        topic.sort_values("n_collective", ascending=False).reset_index(drop=True),
        quarter.sort_values("quarter_start").reset_index(drop=True),
    )
