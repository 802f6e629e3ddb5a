"""The default data generator: deterministic, calibrated to domain.md, planted patterns present."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import NO_FILTERS

from dashboard.data import queries, schema, summary, synth, synth_export


def file_digests(folder: Path) -> dict[str, str]:
    return {
        p.parent.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("*/*.parquet"))
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("small") / "snapshots"
    synth_export.generate(out, scale=0.01)
    return out


def test_same_seed_gives_same_bytes(small, tmp_path):
    again = tmp_path / "snapshots"
    synth_export.generate(again, scale=0.01)
    assert file_digests(small) == file_digests(again)


def test_snapshots_are_quarter_ends_up_to_autumn_2017(small):
    names = sorted(p.name for p in small.iterdir())
    assert names[0] == "snapshot_date=2013-03-31"
    assert names[-1] == "snapshot_date=2017-09-30"
    assert len(names) == 19


def test_every_snapshot_keeps_the_contract(small):
    from dashboard.data import reference

    for f in sorted(small.glob("*/*.parquet")):
        df = pq.read_table(f).to_pandas()
        assert schema.validate(df, reference.known_codes()) == [], f


def test_open_appeal_reappears_updated_in_next_snapshot(small):
    q1 = pq.read_table(small / "snapshot_date=2016-03-31" / "appeals.parquet").to_pandas()
    q2 = pq.read_table(small / "snapshot_date=2016-06-30" / "appeals.parquet").to_pandas()
    open_q1 = set(q1.appeal_id[q1.closed_date.isna()])
    assert open_q1, "some appeals are open at a quarter end"
    again = q2[q2.appeal_id.isin(open_q1)]
    assert set(again.appeal_id) == open_q1
    assert again.closed_date.notna().mean() > 0.9


def test_repeats_point_to_earlier_appeal_of_same_applicant_and_topic(small):
    df = pq.read_table(small / "snapshot_date=2016-12-31" / "appeals.parquet").to_pandas()
    allq = [pq.read_table(f).to_pandas() for f in sorted(small.glob("*/*.parquet"))]

    every = pd.concat(allq).drop_duplicates("appeal_id", keep="last").set_index("appeal_id")
    reps = df[df.repeat_of.notna()]
    assert len(reps) > 0
    parents = every.loc[reps.repeat_of]
    assert (parents.applicant_key.to_numpy() == reps.applicant_key.to_numpy()).all()
    assert (parents.category_code.to_numpy() == reps.category_code.to_numpy()).all()
    assert (parents.received_date.to_numpy() < reps.received_date.to_numpy()).all()


# -- the full calibrated default data (generated once per session) ------------------------


@pytest.mark.default_data
def test_default_data_reproduces_2016_figures_exactly(default_store):
    result = summary.summarise(2016, db_path=default_store)
    total = result["total"]
    assert total["n_received"] == 1_321_050
    assert total["n_satisfied"] == 659_852
    assert total["n_late"] == 6_325
    assert round(total["satisfied_share"] * 100, 2) == 49.95
    assert round(total["late_share"] * 100, 2) == 0.48
    by_level = {g["group_code"]: g for g in result["groups"]}
    assert by_level["central"]["n_received"] == 501_336
    assert by_level["local"]["n_received"] == 819_714
    assert by_level["central"]["n_satisfied"] == 335_210
    assert by_level["local"]["n_satisfied"] == 324_642
    assert by_level["central"]["n_late"] == 3_771
    assert by_level["local"]["n_late"] == 2_554


def cell(db, year: int, **filters) -> pd.Series:
    """summary_by_group for one year and a few filters, as one row."""
    params = {
        "period_start": date(year, 1, 1),
        "period_end": date(year, 12, 31),
        "as_of": date(2017, 9, 30),
        "group_by": "none",
        **NO_FILTERS,
        "appeal_types": list(schema.EVALUATED_TYPES),
        **filters,
    }
    return queries.execute("summary_by_group", params, db).iloc[0]


@pytest.mark.default_data
def test_complaints_grow_about_1_6_times_from_2013_to_2016(default_store):
    c13 = cell(default_store, 2013, appeal_types=["complaint"]).n_received
    c16 = cell(default_store, 2016, appeal_types=["complaint"]).n_received
    assert 96_000 <= c13 <= 99_000
    assert 155_000 <= c16 <= 159_000
    assert c16 / c13 == pytest.approx(1.6, abs=0.05)


@pytest.mark.default_data
def test_default_data_has_open_appeals_at_last_snapshot(default_store):
    result = summary.summarise(2017, db_path=default_store)
    assert result["total"]["n_backlog"] > 10_000


@pytest.mark.default_data
def test_planted_repeat_hotspots_stand_out(default_store):
    national = cell(default_store, 2016).repeat_share
    for h in synth.load_profile()["planted"]["repeat_hotspots_region_category"]:
        region, topic = [h["region_code"]], [h["category_code"]]
        hot = cell(default_store, 2016, region_codes=region, category_codes=topic)
        assert hot.repeat_share > 2 * national, h


@pytest.mark.default_data
def test_planted_emerging_topic_grows_in_its_regions(default_store):
    e = synth.load_profile()["planted"]["emerging_topic"]
    regions, topic = e["region_codes"], [e["category_code"]]
    share = {
        y: cell(default_store, y, region_codes=regions, category_codes=topic).n_received
        / cell(default_store, y, region_codes=regions).n_received
        for y in (2015, 2017)
    }
    assert share[2017] > 3 * share[2015]


@pytest.mark.default_data
def test_planted_collective_surge_and_late_bodies(default_store):
    p = synth.load_profile()["planted"]
    s = p["collective_surge"]
    national = cell(default_store, 2016)
    surge = cell(
        default_store, 2016, region_codes=[s["region_code"]], category_codes=[s["category_code"]]
    )
    assert surge.n_collective / surge.n_received > 4 * national.n_collective / national.n_received
    for item in p["late_bodies"]:
        body = cell(default_store, 2016, body_ids=[item["body_id"]])
        assert body.late_share > national.late_share, item


def test_a_smaller_scale_keeps_the_letters_2016_shares(tmp_path):
    """Counts scale with --scale; satisfied and late shares stay 49,95 % and 0,48 %."""
    from dashboard.data import store, summary

    synth_export.generate(tmp_path / "snapshots", scale=0.05)
    db = tmp_path / "appeals.duckdb"
    store.build(db, tmp_path / "snapshots")
    total = summary.summarise(2016, db_path=db)["total"]
    assert (
        total["n_received"] == round(1_321_050 * 0.05, -1)
        or abs(total["n_received"] - 1_321_050 * 0.05) <= 2
    )
    assert abs(total["satisfied_share"] - 659_852 / 1_321_050) < 0.0001
    assert abs(total["late_share"] - 6_325 / 1_321_050) < 0.0001


def test_a_dataset_above_one_history_is_drawn_in_shards():
    assert synth_export.shards(1.0) == [1.0]
    parts = synth_export.shards(16.3)  # about 100 M appeals
    assert max(parts) <= synth_export.SHARD_SCALE
    assert sum(parts) == pytest.approx(16.3)


def test_shards_share_no_appeal_or_applicant_and_repeats_stay_whole(tmp_path, monkeypatch):
    """Two shards of 1 % drawn as a large dataset is: every appeal number once, every
    repeat pointing to an appeal of the dataset, applicants not shared between shards."""
    monkeypatch.setattr(synth_export, "WHOLE_SCALE", 0.01)
    monkeypatch.setattr(synth_export, "SHARD_SCALE", 0.01)
    out = synth_export.generate(tmp_path / "snapshots", scale=0.02)
    assert len(out) == 19 and all(f.exists() for f in out)
    every = pd.concat(pq.read_table(f).to_pandas() for f in out)
    current = every.drop_duplicates("appeal_id", keep="last").reset_index(drop=True)
    current["shard"] = current.appeal_id.str.split("-").str[1]
    shard = current["shard"]
    assert set(shard) == {"000", "001"}
    in_2016 = current[current.received_date.astype(str).str.startswith("2016")]
    per_shard = in_2016.groupby("shard").size()  # volumes are counts scaled: equal per shard
    assert per_shard["000"] == per_shard["001"] > 0
    repeats = current[current.repeat_of.notna()]
    assert len(repeats) > 0 and repeats.repeat_of.isin(current.appeal_id).all()
    keys = current.groupby("shard").applicant_key.agg(set)
    assert not keys["000"] & keys["001"]
    assert pq.ParquetFile(out[-1]).num_row_groups == 2  # one row group per shard
