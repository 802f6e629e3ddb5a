"""Deterministic synthetic appeals, calibrated to the 2016 figures of domain.md.

`Generator` draws every appeal of 2013 - autumn 2017 with numpy, column by column, from one
seeded generator (so the same seed gives the same bytes); synth_export.py writes them as
quarterly snapshots. Calibration and planted patterns: synth_profile.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from dashboard.data import schema

PROFILE_PATH = Path(__file__).with_name("synth_profile.yaml")
EPOCH = np.datetime64("1970-01-01", "D")
TYPES = schema.APPEAL_TYPES  # complaint, application, proposal, request, response
LEVELS = schema.BODY_LEVELS  # central, local


def load_profile(path: Path = PROFILE_PATH) -> dict:
    """The calibration profile (volumes, rates, planted patterns)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def day_number(d: date | str) -> int:
    return int((np.datetime64(str(d), "D") - EPOCH).astype(int))


@dataclass
class Reference:
    """The reference codes the generator draws from, as index arrays."""

    regions: list[str]
    population: np.ndarray  # residents per region, 2016
    bodies: list[str]
    body_level: np.ndarray  # 0 central, 1 local
    body_region: np.ndarray  # region index of an akimat, -1 for central bodies
    topics: list[str]
    topic_section: list[str]

    @classmethod
    def load(cls, reference_dir: Path, first_day: date) -> Reference:
        """Regions valid on the first day, their akimats, the central bodies and the topics."""
        regions = pd.read_csv(reference_dir / "regions.csv", dtype=str)
        valid = regions[
            (regions.valid_from <= str(first_day))
            & (regions.valid_to.isna() | (regions.valid_to > str(first_day)))
        ]
        codes = sorted(valid.region_code)
        pop = pd.read_csv(reference_dir / "region_population.csv", dtype={"region_code": str})
        pop16 = pop[pop.year == 2016].set_index("region_code").population
        bodies = pd.read_csv(reference_dir / "bodies.csv", dtype=str)
        central = bodies[bodies.level == "central"].body_id.tolist()
        local = [f"akimat_{c}" for c in codes]
        missing = set(local) - set(bodies.body_id)
        if missing:
            raise ValueError(f"bodies.csv lacks akimats {sorted(missing)}")
        cats = pd.read_csv(reference_dir / "categories.csv", dtype=str)
        topics = cats[cats.level == "topic"].sort_values("category_code")
        return cls(
            regions=codes,
            population=pop16.reindex(codes).to_numpy(dtype=float),
            bodies=central + local,
            body_level=np.array([0] * len(central) + [1] * len(local)),
            body_region=np.array([-1] * len(central) + list(range(len(codes)))),
            topics=topics.category_code.tolist(),
            topic_section=topics.parent_code.tolist(),
        )


class Generator:
    """Draws the appeals column by column; each step is one method, in dependency order."""

    def __init__(self, profile: dict, ref: Reference, scale: float = 1.0, shard: int = 0) -> None:
        """`shard` > 0 draws another independent part of a dataset larger than one history
        (see synth_export.shards): its own appeals, the same bodies' propensities."""
        self.p = profile
        self.ref = ref
        self.scale = scale
        self.shard = shard
        self.rng = np.random.default_rng(profile["seed"])
        self.cols: dict[str, np.ndarray] = {}
        self.body_factors = self._body_factors()
        if shard:
            self.rng = np.random.default_rng((profile["seed"], shard))

    # -- helpers -------------------------------------------------------------------------
    def _count(self, n: float) -> int:
        return int(round(n * self.scale))

    def _top_k(self, weights: np.ndarray, k: int) -> np.ndarray:
        """k indices drawn without replacement with probability ~ weights (Efraimidis-Spirakis)."""
        if k <= 0:
            return np.empty(0, dtype=np.int64)
        keys = np.log(self.rng.random(len(weights))) / weights
        return np.argpartition(-keys, k - 1)[:k]

    def _body_index(self, body_id: str) -> int:
        return self.ref.bodies.index(body_id)

    def _body_factors(self) -> dict[str, np.ndarray]:
        """Per-body propensities (late, satisfied, repeat) and review-algorithm breach rates."""
        nb = len(self.ref.bodies)
        f = {
            "late": self.rng.lognormal(0.0, 0.45, nb),
            "satisfied": self.rng.lognormal(0.0, 0.25, nb),
            "repeat": self.rng.lognormal(0.0, 0.30, nb),
        }
        for rule, (lo, hi) in self.p["breach_range"].items():
            f[rule] = self.rng.uniform(lo, hi, nb)
        for item in self.p["planted"]["late_bodies"]:
            f["late"][self._body_index(item["body_id"])] *= item["factor"]
        for item in self.p["planted"]["algorithm_breakers"]:
            b = self._body_index(item["body_id"])
            for rule, (_lo, hi) in self.p["breach_range"].items():
                f[rule][b] = hi
        return f

    # -- volumes and dimensions ----------------------------------------------------------
    def _day_weights(self, year: int) -> tuple[np.ndarray, np.ndarray]:
        days = np.arange(day_number(f"{year}-01-01"), day_number(f"{year + 1}-01-01"))
        dates = EPOCH + days
        months = (dates.astype("datetime64[M]").astype(int) % 12).astype(int)
        weekdays = ((days + 3) % 7).astype(int)  # 1970-01-01 was a Thursday
        w = np.array(self.p["month_weight"])[months] * np.array(self.p["weekday_weight"])[weekdays]
        w = w / np.bincount(months, weights=w)[months] * np.array(self.p["month_weight"])[months]
        last = day_number(self.p["last_snapshot"])
        return days[days <= last], w[days <= last] / w.sum()

    def _year_blocks(self) -> list[tuple[int, int, int, int]]:
        """(year, level, type, count) for every block of appeals to draw."""
        blocks = []
        share_c = self.p["complaints_central_share"]
        for year, by_level in self.p["received"].items():
            _, w = self._day_weights(year)
            part = w.sum()  # < 1 only for the cut-off year
            for lv, level in enumerate(LEVELS):
                total = by_level[level] * part
                share = share_c if level == "central" else 1 - share_c
                # Round the level total first so complaints + applications stay exact.
                n_complaint = self._count(self.p["complaints"][year] * share * part)
                counts = [n_complaint, self._count(total) - n_complaint]
                counts += [self._count(total * self.p["other_types"][t]) for t in TYPES[2:]]
                blocks += [(year, lv, t, n) for t, n in enumerate(counts)]
        return blocks

    def draw_dimensions(self) -> None:
        """Received date, level, type, body, region, topic and channel of every appeal."""
        parts: dict[str, list[np.ndarray]] = {k: [] for k in ("day", "level", "type", "year")}
        for year, lv, t, n in self._year_blocks():
            days, w = self._day_weights(year)
            per_day = self.rng.multinomial(n, w / w.sum())
            parts["day"].append(np.repeat(days, per_day))
            parts["level"].append(np.full(n, lv, dtype=np.int8))
            parts["type"].append(np.full(n, t, dtype=np.int8))
            parts["year"].append(np.full(n, year, dtype=np.int16))
        c = self.cols
        for k, v in parts.items():
            c[k] = np.concatenate(v)
        self._draw_bodies_and_regions()
        self._draw_topics()
        self._plant_emerging_topic()
        self._draw_channels()

    def _draw_bodies_and_regions(self) -> None:
        c, ref = self.cols, self.ref
        n = len(c["day"])
        pop = ref.population / ref.population.sum()
        central_ids = [b for b, lv in zip(ref.bodies, ref.body_level, strict=True) if lv == 0]
        w_central = np.array([self.p["central_bodies"][b]["weight"] for b in central_ids])
        body = np.empty(n, dtype=np.int16)
        region = self.rng.choice(len(ref.regions), size=n, p=pop).astype(np.int16)
        is_central = c["level"] == 0
        body[is_central] = self.rng.choice(
            len(central_ids), size=int(is_central.sum()), p=w_central / w_central.sum()
        )
        # An akimat hears the appeals of its own region.
        body[~is_central] = len(central_ids) + region[~is_central]
        c["body"], c["region"] = body, region

    def _topic_matrix(self) -> np.ndarray:
        """P(topic | body): the body's section mix, topics weighted within each section."""
        ref = self.ref
        sections = np.array(ref.topic_section)
        within = self.rng.dirichlet(np.full(len(ref.topics), 2.0))
        m = np.zeros((len(ref.bodies), len(ref.topics)))
        for b, body_id in enumerate(ref.bodies):
            mix = (
                self.p["central_bodies"][body_id]["sections"]
                if ref.body_level[b] == 0
                else self.p["local_sections"]
            )
            for section, share in mix.items():
                in_sec = sections == section
                m[b, in_sec] = share * within[in_sec] / within[in_sec].sum()
        return m / m.sum(axis=1, keepdims=True)

    def _draw_topics(self) -> None:
        c = self.cols
        m = self._topic_matrix()
        cum = np.cumsum(m, axis=1)
        u = self.rng.random(len(c["body"]))
        topic = np.empty(len(u), dtype=np.int16)
        for b in range(len(self.ref.bodies)):
            sel = c["body"] == b
            topic[sel] = np.searchsorted(cum[b], u[sel], side="right").clip(0, m.shape[1] - 1)
        c["topic"] = topic

    def _plant_emerging_topic(self) -> None:
        e = self.p["planted"]["emerging_topic"]
        c = self.cols
        start, end = day_number(e["start"]), day_number(self.p["last_snapshot"])
        regions = [self.ref.regions.index(r) for r in e["region_codes"]]
        ramp = np.clip((c["day"] - start) / (end - start), 0, 1) * e["share_at_end"]
        move = np.isin(c["region"], regions) & (self.rng.random(len(ramp)) < ramp)
        c["topic"][move] = self.ref.topics.index(e["category_code"])

    def _draw_channels(self) -> None:
        c = self.cols
        shares = np.array(self.p["channel_share"])
        years = sorted(self.p["received"])
        u = self.rng.random(len(c["day"]))
        cum = np.cumsum(shares / shares.sum(axis=1, keepdims=True), axis=1)[
            np.searchsorted(years, c["year"])
        ]
        c["channel"] = (u[:, None] > cum).sum(axis=1).clip(0, shares.shape[1] - 1).astype(np.int8)

    # -- repeats and applicants ----------------------------------------------------------
    def _repeat_probability(self) -> np.ndarray:
        c, ref, planted = self.cols, self.ref, self.p["planted"]
        base = self.p["repeat"]["base_probability"]
        prob = np.zeros(len(c["day"]))
        for t, name in enumerate(TYPES[:2]):
            prob[c["type"] == t] = base[name]
        prob *= self.body_factors["repeat"][c["body"]]
        for h in planted["repeat_hotspots_region_category"]:
            cell = (c["region"] == ref.regions.index(h["region_code"])) & (
                c["topic"] == ref.topics.index(h["category_code"])
            )
            prob[cell] *= h["factor"]
        for h in planted["repeat_hotspots_body_category"]:
            cell = (c["body"] == self._body_index(h["body_id"])) & (
                c["topic"] == ref.topics.index(h["category_code"])
            )
            prob[cell] *= h["factor"]
        return prob.clip(0, 0.9)

    def draw_repeats(self) -> None:
        """Mark repeats and point each to an earlier appeal of the same body, region and topic."""
        c = self.cols
        n = len(c["day"])
        n_reg, n_top = len(self.ref.regions), len(self.ref.topics)
        group = (c["body"].astype(np.int64) * n_reg + c["region"]) * n_top + c["topic"]
        order = np.lexsort((np.arange(n), c["day"], group))
        g_sorted = group[order]
        starts = np.r_[0, np.flatnonzero(np.diff(g_sorted)) + 1]
        pos = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
        is_rep_sorted = (self.rng.random(n) < self._repeat_probability()[order]) & (pos > 0)
        lookback = np.minimum(pos, self.p["repeat"]["max_lookback"])
        back = 1 + (self.rng.random(n) * np.maximum(lookback, 1)).astype(np.int64)
        parent_sorted = np.where(is_rep_sorted, np.arange(n) - back, -1)
        parent = np.full(n, -1, dtype=np.int64)
        parent[order] = np.where(parent_sorted >= 0, order[parent_sorted.clip(0)], -1)
        # A repeat follows an earlier appeal: drop same-day pairs.
        same_day = (parent >= 0) & (c["day"][parent.clip(0)] >= c["day"])
        parent[same_day] = -1
        c["parent"] = parent
        self._draw_applicants()

    def _draw_applicants(self) -> None:
        c = self.cols
        n = len(c["day"])
        pool = max(1, int(n * self.p["applicant_pool_share"]))
        applicant = self.rng.integers(0, pool, n)
        root = np.where(c["parent"] >= 0, c["parent"], np.arange(n))
        while True:  # pointer jumping: every repeat chain takes its first appeal's applicant
            nxt = root[root]
            if np.array_equal(nxt, root):
                break
            root = nxt
        c["applicant"] = applicant[root]
        c["legal"] = (self.rng.random(pool) < self.p["legal_entity_share"])[c["applicant"]]
        self._draw_collective()

    def _draw_collective(self) -> None:
        c = self.cols
        prob = np.where(c["legal"], 0.0, self.p["collective"]["share"])
        s = self.p["planted"]["collective_surge"]
        cell = (c["region"] == self.ref.regions.index(s["region_code"])) & (
            c["topic"] == self.ref.topics.index(s["category_code"])
        )
        prob[cell] *= s["factor"]
        c["collective"] = self.rng.random(len(prob)) < prob
        ln = self.p["collective"]["signatories_lognormal"]
        extra = self.rng.lognormal(ln["mean"], ln["sigma"], len(prob)).astype(np.int64)
        c["signatories"] = np.where(c["collective"], 2 + extra.clip(0, 5000), 1).astype(np.int32)

    # -- deadlines, closing and outcomes -------------------------------------------------
    def draw_deadlines(self) -> None:
        """Deadline in force (15 or 30 days, some extended) and the answer date."""
        c, d = self.cols, self.p["deadline"]
        n = len(c["day"])
        extra = self.rng.random(n) < d["extra_check_share"]
        c["extended"] = self.rng.random(n) < d["extension_share"]
        days = np.where(extra, d["extra_check_days"], d["base_days"])
        c["due"] = c["day"] + days + np.where(c["extended"], d["extension_days"], 0)
        c["late"] = self._choose("late", self._late_weights())
        span = c["due"] - c["day"]
        on_time = (
            c["day"] + 1 + (self.rng.random(n) ** 1.6 * span).astype(np.int64).clip(0, span - 1)
        )
        delay = 1 + self.rng.geometric(0.07, n).clip(0, 150)
        c["closed"] = np.where(c["late"], c["due"] + delay, on_time)

    def _late_weights(self) -> np.ndarray:
        c = self.cols
        return self.body_factors["late"][c["body"]] * np.where(c["extended"], 2.0, 1.0)

    def _choose(self, what: str, weights: np.ndarray) -> np.ndarray:
        """Flag rows so each (year, level) hits its calibrated count or rate exactly."""
        c = self.cols
        flag = np.zeros(len(weights), dtype=bool)
        evaluated = c["type"] <= 1
        for year, by_level in self.p[what].items():
            for lv, level in enumerate(LEVELS):
                idx = np.flatnonzero(evaluated & (c["year"] == year) & (c["level"] == lv))
                target = by_level[level]
                # Exact counts scale with the volume, so shares stay the letter's at any --scale.
                k = self._count(target) if isinstance(target, int) else round(target * len(idx))
                flag[idx[self._top_k(weights[idx], min(k, len(idx)))]] = True
        other = ~evaluated
        rate = self.p[f"other_types_{what}_rate"]
        flag[other] = self.rng.random(int(other.sum())) < rate
        return flag

    def draw_outcomes(self) -> None:
        """Outcome, justified flag, signature level, legal basis and end of correspondence."""
        c = self.cols
        n = len(c["day"])
        w = self.body_factors["satisfied"][c["body"]]
        w = w * np.where(c["type"] == 0, 0.6, 1.3) * np.where(c["parent"] >= 0, 0.5, 1.0)
        satisfied = self._choose("satisfied", w)
        shares = np.array(self.p["outcome_share_not_satisfied"])
        other = 1 + self.rng.choice(len(shares), size=n, p=shares / shares.sum())
        c["outcome"] = np.where(satisfied, 0, other).astype(np.int8)  # index into OUTCOMES
        c["justified"] = c["outcome"] <= 1
        self._draw_signatures()

    def _breach(self, rule: str, rows: np.ndarray) -> np.ndarray:
        rate = self.body_factors[rule][self.cols["body"][rows]]
        return self.rng.random(len(rows)) < rate

    def _draw_signatures(self) -> None:
        """Signature levels (0 executor .. 3 first head) per the review algorithm, with breaches."""
        c = self.cols
        n = len(c["day"])
        shares = np.array(self.p["signed_level_share"])
        level = self.rng.choice(4, size=n, p=shares / shares.sum()).astype(np.int8)
        senior = np.where(self.rng.random(n) < 0.8, 2, 3).astype(np.int8)
        junior = np.where(self.rng.random(n) < 0.8, 1, 0).astype(np.int8)
        for rows, rule in (
            (np.flatnonzero(c["outcome"] == 2), "refusal_below_deputy"),
            (np.flatnonzero(c["parent"] >= 0), "repeat_below_deputy"),
        ):
            breach = self._breach(rule, rows)
            level[rows] = np.where(breach, junior[rows], senior[rows])
        after_deputy = np.flatnonzero((c["parent"] >= 0) & (level[c["parent"].clip(0)] == 2))
        ok = ~self._breach("repeat_after_deputy_not_first", after_deputy)
        level[after_deputy[ok]] = 3
        ended_share = self.p["correspondence_ended_share"]
        c["ended"] = self.rng.random(n) < np.where(
            c["parent"] >= 0, ended_share["repeat"], ended_share["ordinary"]
        )
        ended = np.flatnonzero(c["ended"])
        level[ended[~self._breach("ended_without_first_head", ended)]] = 3
        c["signed"] = level
        c["cites"] = ~self._breach("no_legal_basis", np.arange(n))
