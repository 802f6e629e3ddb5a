"""Funnel-plot limits for proportions (Spiegelhalter 2005) with the FunnelPlotR over-dispersion
adjustment: which units lie above or below what chance around the pooled share allows.

Pure numpy/scipy/pandas. Method:
- target = pooled share Σevents / Σn over the units with n >= min_n (or the caller's target);
- without over-dispersion the limits are exact binomial quantiles with Spiegelhalter's
  interpolation (2005, appendix A.1.1): r_p = the p-quantile of Binomial(n, target),
  α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)), limit = (r_p − α) / n — smooth in n, no steps;
- over-dispersion (as FunnelPlotR does for proportions): z-scores on the arcsine-square-root
  scale, z = (asin √p − asin √target) / s with s = 1 / (2 √n), winsorised at the 10th/90th
  percentiles; φ = Σ z_w² / k; over-dispersed when φ > 1 + 2 √(2 / k); then the
  DerSimonian–Laird τ² = max(0, (k φ − (k − 1)) / (Σw − Σw² / Σw)) with w = 1 / s², and the
  limits sin²(asin √target ± z_α √(s² + τ²)) truncated to [0, 1].
Units with n < min_n keep their share and limits but are flagged "too_small" and take no part
in the target, φ or τ². Whether a higher share is worse is the caller's reading of the flag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FLAGS: tuple[str, ...] = ("above_998", "above_95", "within", "below_95", "below_998", "too_small")
BANDS: dict[str, str] = {
    "above_998": "far_above",
    "above_95": "above",
    "within": "within",
    "below_95": "below",
    "below_998": "far_below",
    "too_small": "too_small",
}
DEFAULT_MIN_N = 30  # appeals; a unit needs at least this many to be judged
# Two-sided coverage -> the upper quantile probability of each limit pair.
_LEVELS: dict[str, float] = {"95": 0.975, "998": 0.999}
_WINSOR = (10.0, 90.0)  # percentiles the z-scores are clipped to before φ


@dataclass(frozen=True)
class FunnelResult:
    """Pooled target, dispersion and the per-unit limits and flags."""

    target: float  # pooled share (0–1)
    phi: float  # dispersion ratio (1.0 when not computed)
    tau2: float  # additive random-effects variance on the arcsine scale (0 if none)
    overdispersed: bool
    units: pd.DataFrame  # input + share, lower_95, upper_95, lower_998, upper_998, z, flag


def _pooled(events: np.ndarray, n: np.ndarray) -> float:
    """Σevents / Σn, 0 when there is nothing to pool."""
    total = float(n.sum())
    return float(events.sum()) / total if total > 0 else 0.0


def _stats():  # noqa: ANN202
    """scipy.stats, imported on first use: its import costs the command line half a second."""
    from scipy import stats

    return stats


def _binomial_limit(n: np.ndarray, target: float, prob: float) -> np.ndarray:
    """Spiegelhalter's interpolated binomial quantile of the share (0–1) at probability `prob`;
    n = 0 gets 0 for a lower and 1 for an upper limit (nothing can be judged there)."""
    n_int = np.maximum(n.astype(np.int64), 0)
    safe_n = np.maximum(n_int, 1)
    stats = _stats()
    r = stats.binom.ppf(prob, safe_n, target)
    f_r = stats.binom.cdf(r, safe_n, target)
    f_below = stats.binom.cdf(r - 1, safe_n, target)
    step = f_r - f_below
    alpha = np.divide(f_r - prob, step, out=np.zeros_like(f_r), where=step > 0)
    limit = np.clip((r - alpha) / safe_n, 0.0, 1.0)
    if target <= 0.0 or target >= 1.0:
        limit = np.full(limit.shape, target)  # no spread around a certain outcome
    return np.where(n_int > 0, limit, 0.0 if prob < 0.5 else 1.0)


def _arcsine_limit(n: np.ndarray, target: float, tau2: float, prob: float) -> np.ndarray:
    """Back-transformed arcsine-scale limit with the additive τ²; clipped to [0, 1]."""
    s2 = np.divide(1.0, 4.0 * n, out=np.full(n.shape, np.inf), where=n > 0)
    angle = np.arcsin(np.sqrt(target)) + _stats().norm.ppf(prob) * np.sqrt(s2 + tau2)
    # sin² is monotone only on [0, π/2]: clip the angle, not the share.
    return np.where(n > 0, np.sin(np.clip(angle, 0.0, np.pi / 2)) ** 2, 0.0 if prob < 0.5 else 1.0)


def _z_scores(share: np.ndarray, n: np.ndarray, target: float, tau2: float) -> np.ndarray:
    """(asin √share − asin √target) / √(s² + τ²); 0 for n = 0."""
    s2 = np.divide(1.0, 4.0 * n, out=np.zeros(n.shape), where=n > 0)
    diff = np.arcsin(np.sqrt(share)) - np.arcsin(np.sqrt(target))
    sd = np.sqrt(s2 + tau2)
    return np.divide(diff, sd, out=np.zeros(n.shape), where=(n > 0) & (sd > 0))


def _dispersion(share: np.ndarray, n: np.ndarray, target: float) -> tuple[float, float, bool]:
    """(φ, τ², over-dispersed) from the eligible units' winsorised arcsine z-scores."""
    k = len(n)
    if k == 0:
        return 1.0, 0.0, False
    z = _z_scores(share, n, target, 0.0)
    lo, hi = np.percentile(z, _WINSOR)
    phi = float(np.sum(np.clip(z, lo, hi) ** 2) / k)
    overdispersed = phi > 1.0 + 2.0 * np.sqrt(2.0 / k)
    w = 4.0 * n.astype(float)  # 1 / s²
    denom = float(w.sum() - np.sum(w**2) / w.sum())
    tau2 = max(0.0, (k * phi - (k - 1)) / denom) if denom > 0 else 0.0
    return phi, (tau2 if overdispersed else 0.0), bool(overdispersed)


def _limits(
    n: np.ndarray, target: float, tau2: float, overdispersed: bool
) -> dict[str, np.ndarray]:
    """lower_/upper_ 95 and 998 for each n (exact binomial unless over-dispersed)."""
    out: dict[str, np.ndarray] = {}
    for level, prob in _LEVELS.items():
        for side, p in (("lower", 1.0 - prob), ("upper", prob)):
            if overdispersed:
                out[f"{side}_{level}"] = _arcsine_limit(n.astype(float), target, tau2, p)
            else:
                out[f"{side}_{level}"] = _binomial_limit(n, target, p)
    return out


def _flags(frame: pd.DataFrame, eligible: np.ndarray) -> np.ndarray:
    """One of FLAGS per unit: strictly outside a limit counts; small units are never judged."""
    share = frame["share"].to_numpy()
    conditions = [
        ~eligible,
        share > frame["upper_998"].to_numpy(),
        share > frame["upper_95"].to_numpy(),
        share < frame["lower_998"].to_numpy(),
        share < frame["lower_95"].to_numpy(),
    ]
    choices = ["too_small", "above_998", "above_95", "below_998", "below_95"]
    return np.select(conditions, choices, default="within")


def assess(
    units: pd.DataFrame,
    n: str = "n",
    events: str = "events",
    min_n: int = DEFAULT_MIN_N,
    target: float | None = None,
) -> FunnelResult:
    """Limits, z-score and flag of every unit of `units` (one row per unit, counts in `n` and
    `events`); the target is pooled over the units with n >= min_n unless given."""
    frame = units.copy()
    n_arr = frame[n].fillna(0).to_numpy(dtype=float)
    ev_arr = np.clip(frame[events].fillna(0).to_numpy(dtype=float), 0.0, n_arr)
    share = np.divide(ev_arr, n_arr, out=np.zeros(n_arr.shape), where=n_arr > 0)
    eligible = (n_arr >= max(min_n, 1)) & (n_arr > 0)
    if target is None:
        pool = eligible if eligible.any() else n_arr > 0
        target = _pooled(ev_arr[pool], n_arr[pool])
    target = float(min(max(target, 0.0), 1.0))
    phi, tau2, over = _dispersion(share[eligible], n_arr[eligible], target)
    frame["share"] = share
    for col, values in _limits(n_arr, target, tau2, over).items():
        frame[col] = values
    frame["z"] = _z_scores(share, n_arr, target, tau2)
    frame["flag"] = _flags(frame, eligible)
    return FunnelResult(target=target, phi=phi, tau2=tau2, overdispersed=over, units=frame)


def curve(result: FunnelResult, n_max: int, points: int = 200) -> pd.DataFrame:
    """The funnel's limits on a log-spaced grid of whole n from 1 to n_max, for drawing."""
    top = max(int(n_max), 1)
    grid = np.unique(np.round(np.geomspace(1, top, max(points, 2))).astype(np.int64))
    frame = pd.DataFrame({"n": grid})
    limits = _limits(grid.astype(float), result.target, result.tau2, result.overdispersed)
    for col, values in limits.items():
        frame[col] = values
    return frame
