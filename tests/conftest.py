"""Shared fixtures: a tiny hand-made store whose numbers are checked by hand, and the default data.

`tiny_rows` are few enough to count on paper. `tiny_store` writes them as two snapshots and
builds a real store over them, so every test runs the real SQL. `default_store` generates
the full calibrated default data once per session (about a minute) for the tests that pin
the figures of domain.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import paths
from dashboard.data import schema, store

ROOT = Path(__file__).resolve().parents[1]

# Defaults for a hand-made snapshot row; each test row names only what matters to it.
ROW_DEFAULTS = {
    "appeal_type": "complaint",
    "body_id": "akimat_19",
    "body_level": "local",
    "region_code": "19",
    "district_code": None,
    "category_code": "03.01",
    "channel": "e_portal",
    "applicant_kind": "individual",
    "is_collective": False,
    "signatories": 1,
    "repeat_of": None,
    "extended": False,
    "closed_date": None,
    "outcome": None,
    "justified": None,
    "signed_level": None,
    "cites_legal_basis": None,
    "correspondence_ended": False,
}

D = date.fromisoformat

# Every filter parameter of queries/*.sql left empty, which means "all".
NO_FILTERS = {
    "levels": [],
    "body_ids": [],
    "region_codes": [],
    "category_codes": [],
    "appeal_types": [],
    "channels": [],
}


def row(appeal_id: str, snapshot: str, received: str, due: str | None, **kw: object) -> dict:
    """One snapshot row with contract defaults; dates as ISO strings."""
    r = {**ROW_DEFAULTS, **kw}
    r.update(
        appeal_id=appeal_id,
        snapshot_date=D(snapshot),
        received_date=D(received),
        due_date=D(due) if due else None,
        applicant_key=r.get("applicant_key") or f"k-{appeal_id}",
    )
    if isinstance(r["closed_date"], str):
        r["closed_date"] = D(r["closed_date"])
    return r


def closed(outcome: str, on: str, **kw: object) -> dict:
    """Keyword arguments for a closed appeal."""
    justified = outcome in ("satisfied", "partially_satisfied")
    return {
        "closed_date": on,
        "outcome": outcome,
        "justified": justified,
        "signed_level": "unit_head",
        "cites_legal_basis": True,
        **kw,
    }


def tiny_rows() -> list[dict]:
    """Twelve appeals over two snapshots (2016-06-30 and 2016-09-30); see comments per row."""
    s1, s2 = "2016-06-30", "2016-09-30"
    return [
        # a1: closed on time, satisfied, central body, region 75
        row(
            "a1",
            s1,
            "2016-01-10",
            "2016-01-25",
            body_id="mvd",
            body_level="central",
            region_code="75",
            category_code="07.01",
            **closed("satisfied", "2016-01-20"),
        ),
        # a2: closed late (after due), refused, signed by a unit head
        row(
            "a2",
            s1,
            "2016-02-01",
            "2016-02-16",
            appeal_type="application",
            **closed("refused", "2016-02-20"),
        ),
        # a3: open at s1, closed in s2 on its due date (not late), partially satisfied
        row("a3", s1, "2016-06-20", "2016-07-05"),
        row("a3", s2, "2016-06-20", "2016-07-05", **closed("partially_satisfied", "2016-07-05")),
        # a4: repeat of a2, open past due at s2 (late as of the snapshot), extended deadline
        row(
            "a4",
            s2,
            "2016-07-01",
            "2016-08-15",
            repeat_of="a2",
            extended=True,
            applicant_key="k-a2",
        ),
        # a5: repeat of a1, closed on time, justified, signed by a deputy head
        row(
            "a5",
            s2,
            "2016-07-10",
            "2016-07-25",
            body_id="mvd",
            body_level="central",
            region_code="75",
            category_code="07.01",
            repeat_of="a1",
            applicant_key="k-a1",
            **closed("satisfied", "2016-07-22", signed_level="deputy_head"),
        ),
        # a6: open, not yet due at s2
        row("a6", s2, "2016-09-25", "2016-10-10", appeal_type="application"),
        # a7: a proposal (not counted as received by the evaluation), closed
        row(
            "a7",
            s1,
            "2016-03-03",
            "2016-03-18",
            appeal_type="proposal",
            **closed("explained", "2016-03-10"),
        ),
        # a8: collective complaint of 40 signatories, closed, explained
        row(
            "a8",
            s1,
            "2016-04-04",
            "2016-04-19",
            is_collective=True,
            signatories=40,
            category_code="02.02",
            **closed("explained", "2016-04-15"),
        ),
        # a9: region 51 (South Kazakhstan, later split: Turkestan 61 and Shymkent 79)
        row(
            "a9",
            s1,
            "2016-05-05",
            "2016-05-20",
            body_id="akimat_51",
            region_code="51",
            category_code="02.02",
            channel="paper",
            **closed("satisfied", "2016-05-19"),
        ),
        # a10: received in 2015 (outside a 2016 period), closed late
        row("a10", s1, "2015-12-20", "2016-01-04", **closed("explained", "2016-01-11")),
        # a11: no due date (an import without deadlines): never late
        row("a11", s2, "2016-08-01", None, appeal_type="application"),
        # a12: closed before its due date but after the first as-of tested (2016-07-01)
        row(
            "a12",
            s2,
            "2016-06-25",
            "2016-07-10",
            body_id="akimat_51",
            region_code="51",
            **closed("satisfied", "2016-07-08"),
        ),
    ]


def tiny_frame() -> pd.DataFrame:
    """The tiny rows as a frame in contract column order."""
    return pd.DataFrame(tiny_rows())[list(schema.COLUMN_NAMES)]


def current_state(frame: pd.DataFrame) -> pd.DataFrame:
    """Each appeal's row from its latest snapshot, computed in pandas (the independent check)."""
    latest = frame.sort_values("snapshot_date").groupby("appeal_id").tail(1)
    return latest.reset_index(drop=True)


def write_snapshots(frame: pd.DataFrame, folder: Path) -> list[Path]:
    """Write a frame as hive-style snapshot folders, one Parquet file each."""
    out = []
    for snap, part in frame.groupby("snapshot_date"):
        target = folder / f"snapshot_date={snap}" / "appeals.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(schema.to_arrow(part), target)
        out.append(target)
    return out


def build_store(frame: pd.DataFrame, folder: Path) -> Path:
    """A real store over `frame`'s snapshots in `folder` (every named store variant)."""
    write_snapshots(frame, folder / "snapshots")
    db = folder / "appeals.duckdb"
    store.build(db, folder / "snapshots", paths.REFERENCE_DIR)
    return db


@pytest.fixture(scope="session")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store built from the tiny rows (read-only for tests)."""
    return build_store(tiny_frame(), tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="session")
def default_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full calibrated default data, generated fresh (never a developer's own store)."""
    from dashboard.data import synth_export

    folder = tmp_path_factory.mktemp("default")
    synth_export.generate(folder / "snapshots")
    db = folder / "appeals.duckdb"
    store.build(db, folder / "snapshots")
    return db


# -- the definitions written the plain way, as the independent check of the SQL -----------


def pandas_late(df: pd.DataFrame, as_of: date) -> pd.Series:
    """Late, written the plain way: closed after due by as_of, or still open past due."""
    closed_by = df.closed_date.notna() & (df.closed_date <= as_of)
    return df.due_date.notna() & (
        (closed_by & (df.closed_date > df.due_date)) | (~closed_by & (df.due_date < as_of))
    )


def pandas_backlog(df: pd.DataFrame, as_of: date) -> pd.Series:
    return (df.received_date <= as_of) & (df.closed_date.isna() | (df.closed_date > as_of))


# -- a variant with repeat chains (the tiny rows plus four repeats) --------------------------


def repeat_rows() -> list[dict]:
    """Repeats added to the tiny rows: a chain of three rounds (a2 -> a4 -> a13), a repeat of a
    2015 appeal (a10 -> a14), and a branching chain: a1 -> a5 -> a16 with a second repeat of a1
    (a1 -> a15), in another region (75) and section (07)."""
    s1, s2 = "2016-06-30", "2016-09-30"
    return [
        row(
            "a13",
            s2,
            "2016-09-01",
            "2016-09-16",
            repeat_of="a4",
            applicant_key="k-a2",
            **closed("refused", "2016-09-12", signed_level="first_head"),
        ),
        row(
            "a14",
            s1,
            "2016-03-01",
            "2016-03-16",
            repeat_of="a10",
            applicant_key="k-a10",
            **closed("satisfied", "2016-03-10", signed_level="deputy_head"),
        ),
        row(
            "a15",
            s2,
            "2016-08-01",
            "2016-08-16",
            body_id="mvd",
            body_level="central",
            region_code="75",
            category_code="07.01",
            repeat_of="a1",
            applicant_key="k-a1",
        ),
        row(
            "a16",
            s2,
            "2016-09-29",
            "2016-10-14",
            appeal_type="application",
            body_id="mvd",
            body_level="central",
            region_code="75",
            category_code="07.01",
            repeat_of="a5",
            applicant_key="k-a1",
        ),
    ]


def repeats_frame() -> pd.DataFrame:
    """The tiny rows plus repeat_rows(), in contract column order."""
    return pd.DataFrame(tiny_rows() + repeat_rows())[list(schema.COLUMN_NAMES)]


@pytest.fixture(scope="session")
def repeats_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store built from the tiny rows plus the repeat chains (read-only for tests)."""
    return build_store(repeats_frame(), tmp_path_factory.mktemp("repeats"))


# -- a variant with a repeat hotspot the funnel must find -----------------------------------

HOTSPOT_REGIONS = ("11", "15", "19", "23", "27", "31", "35", "39", "43", "47")
HOTSPOT = "19"  # 24 repeats of 60 in 2016; every other region 4 of 60
SMALL_REGION = "51"  # 6 repeats of 10: the highest share, but n is under the minimum


def _region_rows(region: str, year: int, n: int, repeats: int) -> list[dict]:
    """`n` appeals on topic 03.01 in `region`, the last `repeats` of them repeats of earlier
    ones; in the hotspot's 2016 the last repeat repeats a repeat (a chain of three rounds)."""
    out = []
    for i in range(n):
        received = date(year, 1, 2) + timedelta(days=5 * i)
        parent = i - repeats if i >= n - repeats else None
        if region == HOTSPOT and year == 2016 and i == n - 1:
            parent = i - 14  # 59 -> 45 -> 21
        out.append(
            row(
                f"h{region}-{year}-{i:03d}",
                "2016-12-31",
                received.isoformat(),
                (received + timedelta(days=15)).isoformat(),
                body_id=f"akimat_{region}",
                region_code=region,
                repeat_of=None if parent is None else f"h{region}-{year}-{parent:03d}",
                **closed("explained", (received + timedelta(days=5)).isoformat()),
            )
        )
    return out


def hotspot_frame() -> pd.DataFrame:
    """Ten regions of 60 appeals on 03.01 in 2016 (40 in 2015) and one small region."""
    rows = []
    for region in HOTSPOT_REGIONS:
        rows += _region_rows(region, 2016, 60, 24 if region == HOTSPOT else 4)
        rows += _region_rows(region, 2015, 40, 8 if region == HOTSPOT else 4)
    rows += _region_rows(SMALL_REGION, 2016, 10, 6)
    return pd.DataFrame(rows)[list(schema.COLUMN_NAMES)]


@pytest.fixture(scope="session")
def hotspot_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store with one planted repeat hotspot (region 19) and a small noisy region."""
    return build_store(hotspot_frame(), tmp_path_factory.mktemp("hotspot"))


# -- a named variant: the tiny rows plus appeals that exercise the review algorithm and the
# -- evaluation's trade-offs (tests of issue 10); the tiny store itself stays as it was.


def algorithm_rows() -> list[dict]:
    """Extra appeals: one compliant and one breaching answer per rule of the algorithm.

    akimat_27 (local, region 27): b1 deputy-signed original; b2, b3 repeats of it (rule 1 both
    comply; rule 2: b2 first head complies, b3 deputy breaches); b5 executor-signed original
    without legal basis (legal-basis breach); b4 repeat of b5 signed by a unit head (rule 1
    breach, rule 2 not applicable); b6 refusal by the first head (rule 3 complies; a2 is the
    breach); b7, b8 correspondence ended by the first head (rule 4 complies) and by a deputy
    (breach). minjust (central): m1, m2 plain answers, so mvd and minjust trade criteria off.
    """
    s2 = "2016-09-30"
    local = {"body_id": "akimat_27", "region_code": "27", "category_code": "06.02"}
    central = {"body_id": "minjust", "body_level": "central", "region_code": "75"}
    return [
        row(
            "b1",
            s2,
            "2016-03-01",
            "2016-03-16",
            **local,
            **closed("explained", "2016-03-10", signed_level="deputy_head"),
        ),
        row(
            "b2",
            s2,
            "2016-04-01",
            "2016-04-16",
            **local,
            repeat_of="b1",
            applicant_key="k-b1",
            **closed("satisfied", "2016-04-10", signed_level="first_head"),
        ),
        row(
            "b3",
            s2,
            "2016-04-05",
            "2016-04-20",
            **local,
            repeat_of="b1",
            applicant_key="k-b1",
            **closed("explained", "2016-04-15", signed_level="deputy_head"),
        ),
        row(
            "b4",
            s2,
            "2016-05-02",
            "2016-05-17",
            **local,
            repeat_of="b5",
            applicant_key="k-b5",
            **closed("explained", "2016-05-12"),
        ),
        row(
            "b5",
            s2,
            "2016-03-20",
            "2016-04-04",
            **local,
            **closed("explained", "2016-03-30", signed_level="executor", cites_legal_basis=False),
        ),
        row(
            "b6",
            s2,
            "2016-06-01",
            "2016-06-16",
            **local,
            **closed("refused", "2016-06-10", signed_level="first_head"),
        ),
        row(
            "b7",
            s2,
            "2016-07-01",
            "2016-07-16",
            **local,
            correspondence_ended=True,
            **closed("explained", "2016-07-10", signed_level="first_head"),
        ),
        row(
            "b8",
            s2,
            "2016-08-01",
            "2016-08-16",
            **local,
            correspondence_ended=True,
            **closed("explained", "2016-08-10", signed_level="deputy_head"),
        ),
        row("m1", s2, "2016-02-01", "2016-02-16", **central, **closed("explained", "2016-02-10")),
        row("m2", s2, "2016-05-01", "2016-05-16", **central, **closed("explained", "2016-05-10")),
    ]


def algorithm_frame() -> pd.DataFrame:
    """The tiny rows plus algorithm_rows, in contract column order."""
    return pd.DataFrame(tiny_rows() + algorithm_rows())[list(schema.COLUMN_NAMES)]


@pytest.fixture(scope="session")
def algorithm_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store over the tiny rows plus algorithm_rows (read-only for tests)."""
    return build_store(algorithm_frame(), tmp_path_factory.mktemp("algorithm"))


@pytest.fixture(autouse=True)
def _audit_log_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test writes its audit entries to a temporary log, never into data/."""
    from dashboard.data import audit

    folder = tmp_path_factory.mktemp("audit")
    monkeypatch.setenv(audit.AUDIT_ENV, str(folder / "audit.jsonl"))
