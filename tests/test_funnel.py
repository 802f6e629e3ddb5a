"""Funnel limits (dashboard/analysis/funnel.py) against hand computations: exact binomial limits
with Spiegelhalter's interpolation, and the FunnelPlotR arcsine adjustment when over-dispersed."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import funnel


def _binom_cdf(r: int, n: int, p: float) -> float:
    """P(X <= r) for X ~ Binomial(n, p), summed term by term."""
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(0, r + 1))


def _spiegelhalter(n: int, p0: float, prob: float) -> float:
    """Interpolated binomial limit of a share, Spiegelhalter (2005) appendix A.1.1, by hand."""
    r = next(r for r in range(n + 1) if _binom_cdf(r, n, p0) >= prob)
    f_r, f_below = _binom_cdf(r, n, p0), _binom_cdf(r - 1, n, p0)
    alpha = (f_r - prob) / (f_r - f_below)
    return min(max((r - alpha) / n, 0.0), 1.0)


def _units(n: list[int], events: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"unit": [f"u{i}" for i in range(len(n))], "n": n, "events": events})


def test_exact_binomial_limits_match_hand_computation_without_overdispersion() -> None:
    result = funnel.assess(_units([100, 200, 400], [10, 20, 40]))
    assert result.target == pytest.approx(70 / 700)
    assert not result.overdispersed and result.tau2 == 0.0
    for _, row in result.units.iterrows():
        n = int(row["n"])
        assert row["upper_95"] == pytest.approx(_spiegelhalter(n, 0.1, 0.975), abs=1e-9)
        assert row["lower_95"] == pytest.approx(_spiegelhalter(n, 0.1, 0.025), abs=1e-9)
        assert row["upper_998"] == pytest.approx(_spiegelhalter(n, 0.1, 0.999), abs=1e-9)
        assert row["lower_998"] == pytest.approx(_spiegelhalter(n, 0.1, 0.001), abs=1e-9)
    # n = 100, p = 0.1: F(15) = 0.9601, F(16) = 0.9794 -> r = 16, upper 95 % ≈ 0.1577.
    assert result.units.upper_95.iloc[0] == pytest.approx(0.1577, abs=5e-4)
    assert set(result.units.flag) == {"within"}


def test_unit_outside_the_exact_limits_is_flagged_by_side_and_level() -> None:
    # Eight units on the target and two outliers: winsorising keeps φ small, limits stay exact.
    units = _units([200] * 8 + [200, 700], [20] * 8 + [60, 1])
    result = funnel.assess(units, min_n=30, target=0.1)
    assert not result.overdispersed
    flags = dict(zip(result.units.unit, result.units.flag, strict=True))
    upper = _spiegelhalter(200, 0.1, 0.999)
    lower = _spiegelhalter(700, 0.1, 0.001)
    assert 60 / 200 > upper and flags["u8"] == "above_998"
    assert 1 / 700 < lower and flags["u9"] == "below_998"
    assert flags["u0"] == "within"


def _hand_overdispersion(n: np.ndarray, e: np.ndarray) -> tuple[float, float, float]:
    """(target, φ, τ²) by the FunnelPlotR recipe written out step by step."""
    target = e.sum() / n.sum()
    z = (np.arcsin(np.sqrt(e / n)) - math.asin(math.sqrt(target))) * 2 * np.sqrt(n)
    lo, hi = np.percentile(z, [10, 90])
    phi = float(np.mean(np.clip(z, lo, hi) ** 2))
    w = 4 * n
    tau2 = max(0.0, (len(n) * phi - (len(n) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return float(target), phi, tau2


def test_overdispersed_units_get_arcsine_limits_with_tau2() -> None:
    n = np.array([100, 150, 200, 250, 300, 350, 400, 450, 500, 550])
    e = np.array([5, 30, 20, 100, 45, 140, 40, 180, 150, 110])
    target, phi, tau2 = _hand_overdispersion(n.astype(float), e.astype(float))
    result = funnel.assess(_units(n.tolist(), e.tolist()))
    assert result.overdispersed and phi > 1 + 2 * math.sqrt(2 / 10)
    assert result.target == pytest.approx(target)
    assert result.phi == pytest.approx(phi)
    assert result.tau2 == pytest.approx(tau2) and tau2 > 0
    for _, row in result.units.iterrows():
        sd = math.sqrt(1 / (4 * row["n"]) + tau2)
        angle = math.asin(math.sqrt(target))
        up = math.sin(min(angle + 3.090232306 * sd, math.pi / 2)) ** 2
        low = math.sin(max(angle - 1.959963985 * sd, 0.0)) ** 2
        assert row["upper_998"] == pytest.approx(up, abs=1e-7)
        assert row["lower_95"] == pytest.approx(low, abs=1e-7)


def test_three_repeats_of_five_appeals_is_never_flagged() -> None:
    units = _units([5, 400, 400, 400], [3, 40, 44, 36])
    result = funnel.assess(units)  # default min_n = 30
    small = result.units.set_index("unit").loc["u0"]
    assert small["flag"] == "too_small"
    assert small["share"] == pytest.approx(0.6)
    assert result.target == pytest.approx(120 / 1200)  # the small unit is not pooled


@pytest.mark.parametrize(
    ("n", "events"),
    [
        ([50, 60, 70], [0, 0, 0]),  # all 0 %
        ([50, 60, 70], [50, 60, 70]),  # all 100 %
        ([50, 60], [0, 60]),  # a 0 % and a 100 % unit
        ([80], [20]),  # one unit
        ([40, 80, 120], [10, 20, 30]),  # all-equal shares
        ([0, 3, 40], [0, 3, 10]),  # n = 0 and a small unit
        ([0, 0], [0, 0]),  # nothing at all
    ],
)
def test_edge_cases_give_no_nan_and_no_warning(n: list[int], events: list[int]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = funnel.assess(_units(n, events))
        drawn = funnel.curve(result, n_max=max(max(n), 1), points=20)
    numeric = result.units.drop(columns=["unit", "flag"])
    assert not numeric.isna().any().any() and not drawn.isna().any().any()
    assert math.isfinite(result.target) and math.isfinite(result.phi)
    assert math.isfinite(result.tau2)
    assert set(result.units.flag) <= set(funnel.FLAGS)
    assert ((numeric[["lower_95", "upper_95", "lower_998", "upper_998"]] >= 0).all()).all()
    assert ((numeric[["lower_95", "upper_95", "lower_998", "upper_998"]] <= 1).all()).all()


def test_all_equal_shares_and_single_unit_are_within_and_not_overdispersed() -> None:
    for units in (_units([40, 80, 120], [10, 20, 30]), _units([80], [20])):
        result = funnel.assess(units)
        assert not result.overdispersed and result.tau2 == 0.0
        assert set(result.units.flag) == {"within"}


def test_curve_limits_narrow_as_n_grows_and_nest() -> None:
    result = funnel.assess(_units([100, 200, 400], [10, 20, 40]))
    drawn = funnel.curve(result, n_max=5000, points=50)
    assert list(drawn.columns) == ["n", "lower_95", "upper_95", "lower_998", "upper_998"]
    assert drawn.n.is_monotonic_increasing and drawn.n.iloc[-1] == 5000
    big = drawn.iloc[-1]
    assert big.lower_998 <= big.lower_95 <= result.target <= big.upper_95 <= big.upper_998
    assert drawn.upper_998.iloc[-1] < drawn.upper_998.iloc[len(drawn) // 2]


def test_every_flag_has_a_band() -> None:
    assert set(funnel.BANDS) == set(funnel.FLAGS)
