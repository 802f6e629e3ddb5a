"""Evaluation of bodies on direction 3's three criteria: points, weighted score, rank, bands.

Pure pandas on rows of queries/evaluation_by_body.sql (body x quarter counts). The formula
(DESIGN.md): within a level, each criterion is scaled to 0–100 points linearly between the
worst and the best body (reversed where lower is better; all equal -> 100); score =
Σ weight × points with the weights of data/reference/evaluation.yaml; rank by score within
the level. Bodies under the minimum n get no points and no rank (they are shown greyed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from dashboard import paths
from dashboard.analysis import funnel

MIN_N = 30  # appeals; a body with fewer is shown but neither scored nor ranked
COUNTS = ("n_received", "n_late", "n_justified_repeat", "n_satisfied")


@dataclass(frozen=True)
class Criterion:
    """One criterion of evaluation.yaml: its share column, events behind it, weight, direction."""

    id: str
    weight: float
    higher_is_better: bool
    names: dict[str, str]

    @property
    def share(self) -> str:
        """Column of the body frame holding this criterion's share (0–1)."""
        return SHARE_COLUMNS[self.id]

    def name(self, lang: str) -> str:
        """The criterion's name in ru/kk/en."""
        return self.names.get(lang) or self.names["ru"]


# criterion id -> (share column, the count its share is made of: events / n_received)
SHARE_COLUMNS = {
    "deadlines_met": "deadlines_met",
    "justified_repeats": "justified_repeat_share",
    "satisfied_share": "satisfied_share",
}
EVENTS = {
    "deadlines_met": "n_met",
    "justified_repeats": "n_justified_repeat",
    "satisfied_share": "n_satisfied",
}


def load_criteria(path: Path | None = None) -> tuple[Criterion, ...]:
    """The criteria and weights of data/reference/evaluation.yaml (or another copy of it)."""
    with Path(path or paths.REFERENCE_DIR / "evaluation.yaml").open(encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    return tuple(
        Criterion(
            id=c["id"],
            weight=float(c["weight"]),
            higher_is_better=bool(c["higher_is_better"]),
            names={lang: c[f"name_{lang}"] for lang in ("ru", "kk", "en")},
        )
        for c in spec["criteria"]
    )


def by_body(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per body over the whole period, with the three criteria's shares (0–1)."""
    cols = ["body_id", "body_level", *COUNTS]
    if rows.empty:
        return pd.DataFrame(columns=[*cols, "n_met", *SHARE_COLUMNS.values()])
    df = rows.groupby(["body_id", "body_level"], as_index=False)[list(COUNTS)].sum()
    df[list(COUNTS)] = df[list(COUNTS)].astype(int)
    n = df["n_received"].astype(float)
    df["n_met"] = df["n_received"] - df["n_late"]
    df["deadlines_met"] = df["n_met"] / n
    df["justified_repeat_share"] = df["n_justified_repeat"] / n
    df["satisfied_share"] = df["n_satisfied"] / n
    return df


def points(values: pd.Series, higher_is_better: bool) -> pd.Series:
    """0–100 points, linear between the worst (0) and the best (100); all equal -> 100."""
    if values.empty:
        return values.astype(float)
    best = values.max() if higher_is_better else values.min()
    worst = values.min() if higher_is_better else values.max()
    if np.isclose(best, worst, rtol=0, atol=1e-12):
        return pd.Series(100.0, index=values.index)
    return 100.0 * (values - worst) / (best - worst)


def score(
    bodies: pd.DataFrame, criteria: tuple[Criterion, ...], min_n: int = MIN_N
) -> pd.DataFrame:
    """Adds points_<criterion>, score and rank (within level; NaN under min_n) to `bodies`."""
    out = bodies.copy()
    out["ranked"] = out["n_received"] >= min_n
    for c in criteria:
        out[f"points_{c.id}"] = np.nan
    out["score"] = np.nan
    for _, idx in out[out["ranked"]].groupby("body_level").groups.items():
        level = out.loc[idx]
        total = pd.Series(0.0, index=idx)
        for c in criteria:
            p = points(level[c.share].astype(float), c.higher_is_better)
            out.loc[idx, f"points_{c.id}"] = p
            total += c.weight * p
        out.loc[idx, "score"] = total
    out["rank"] = out.groupby("body_level")["score"].rank(method="min", ascending=False)
    return out


def bands(
    bodies: pd.DataFrame, criteria: tuple[Criterion, ...], min_n: int = MIN_N
) -> pd.DataFrame:
    """Adds band_<criterion> (funnel.BANDS values), each level against its own pooled share."""
    out = bodies.copy()
    for c in criteria:
        out[f"band_{c.id}"] = None
    for _, idx in out.groupby("body_level").groups.items():
        level = out.loc[idx]
        for c in criteria:
            units = pd.DataFrame({"n": level["n_received"], "events": level[EVENTS[c.id]]})
            flags = funnel.assess(units, min_n=min_n).units["flag"]
            out.loc[idx, f"band_{c.id}"] = [funnel.BANDS[f] for f in flags]
    return out


def ranking(
    rows: pd.DataFrame,
    previous_rows: pd.DataFrame,
    criteria: tuple[Criterion, ...],
    min_n: int = MIN_N,
) -> pd.DataFrame:
    """Scored, banded bodies with the previous period's rank, best first within each level."""
    now = bands(score(by_body(rows), criteria, min_n), criteria, min_n)
    before = score(by_body(previous_rows), criteria, min_n)[["body_id", "rank"]]
    now = now.merge(before.rename(columns={"rank": "previous_rank"}), on="body_id", how="left")
    now["rank_change"] = now["previous_rank"] - now["rank"]  # positive = moved up
    order = ["body_level", "ranked", "score", "n_received", "body_id"]
    return now.sort_values(order, ascending=[True, False, False, False, True]).reset_index(
        drop=True
    )


def quarterly(rows: pd.DataFrame, body_id: str) -> pd.DataFrame:
    """One body's criteria per quarter of receipt (for its card), oldest first."""
    own = rows[rows["body_id"] == body_id]
    if own.empty:
        return by_body(own).assign(quarter_start=pd.Series(dtype="datetime64[ns]"))
    per_q = [by_body(g).assign(quarter_start=q) for q, g in own.groupby("quarter_start")]
    return pd.concat(per_q, ignore_index=True)
