"""Repeat hotspots end to end: the shaping of dashboard/analysis/repeats.py, the `hotspots` and
`category` commands on hand-made stores, and the planted hotspots of the default data."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
import yaml
from apptest_helpers import app_on, open_page
from conftest import HOTSPOT, SMALL_REGION, current_state, hotspot_frame, repeats_frame

from dashboard import cli, i18n, paths
from dashboard.analysis import funnel, repeats
from dashboard.data import schema

NAMES = {"19": "Алматинская область"}


def run_cli(capsys, *args: str) -> dict:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def units_frame(rows: list[tuple[str, int, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["group_code", "n", "n_repeat", "n_base", "n_repeat_base"]
    ).assign(group_code2="all", n_justified_repeat=0)


def test_hotspots_come_first_strongest_first_then_watch():
    units = units_frame(
        [(f"r{i}", 400, 40, 400, 40) for i in range(30)]
        + [("hot", 400, 80, 400, 60), ("hotter", 800, 200, 0, 0), ("watch", 400, 60, 400, 40)]
    )
    result = repeats.assess(units, ("region", "none"), lambda _k, c: c, min_n=30)
    assert not result.overdispersed
    hot = repeats.hotspots(result)
    assert hot.group_code.tolist() == ["hotter", "hot", "watch"]
    assert hot.flag.tolist() == ["above_998", "above_998", "above_95"]
    assert hot.set_index("group_code").loc["hot", "change_pp"] == pytest.approx(0.2 - 0.15)
    assert pd.isna(hot.set_index("group_code").loc["hotter", "share_base"])  # no base year


def test_changes_need_enough_appeals_in_both_years():
    units = units_frame(
        [("big", 500, 50, 500, 100), ("tiny", 40, 20, 40, 0), ("new", 500, 50, 0, 0)]
    )
    moved = repeats.changes(units, ("region", "none"), lambda _k, c: c, min_n=30)
    assert moved.group_code.tolist() == ["big"]
    assert moved.change_pp.iloc[0] == pytest.approx(0.1 - 0.2)


def test_chain_lengths_count_every_length_from_two():
    chains = pd.DataFrame(
        {
            "chain_id": ["a", "a", "b", "b", "b", "b"],
            "n_rounds": [2, 2, 4, 4, 4, 4],
            "round": [1, 2, 1, 2, 3, 4],
            "days_since_previous": [None, 3, None, 5, 7, 9],
        }
    )
    lengths = repeats.chain_lengths(chains)
    assert lengths.to_dict("list") == {"n_rounds": [2, 3, 4], "n_chains": [1, 0, 1]}
    assert repeats.chain_stats(chains) == {"n_chains": 2, "n_repeats": 4, "median_days": 6.0}


def test_dispersion_text_states_whether_the_adjustment_was_used():
    flat = funnel.assess(pd.DataFrame({"n": [100] * 5, "events": [10] * 5}))
    spread = funnel.assess(pd.DataFrame({"n": [200] * 10, "events": list(range(5, 105, 10))}))
    assert "φ = 0,00" in repeats.dispersion_text(flat, "ru")
    assert "τ²" in repeats.dispersion_text(spread, "ru") and spread.overdispersed
    assert "τ²" not in repeats.dispersion_text(flat, "ru")


def test_hotspots_cli_json_finds_the_planted_hotspot(hotspot_store, capsys):
    got = run_cli(
        capsys, "hotspots", "--year", "2016", "--by", "region", "--json", "--db", str(hotspot_store)
    )
    assert set(got) >= {"target", "phi", "tau2", "overdispersed", "units"}
    cur = current_state(hotspot_frame())
    cur = cur[cur.received_date >= date(2016, 1, 1)]
    assert got["target"] == pytest.approx(
        cur[cur.region_code != SMALL_REGION].repeat_of.notna().mean(), abs=1e-6
    )
    units = {u["region_code"]: u for u in got["units"]}
    keys = {
        "region_code",
        "region_name",
        "n",
        "events",
        "share",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "flag",
    }
    assert all(keys <= set(u) for u in got["units"])
    assert units[HOTSPOT]["flag"] == "above_998" and units[HOTSPOT]["events"] == 24
    assert units[HOTSPOT]["region_name"] == NAMES[HOTSPOT]
    assert units[SMALL_REGION]["flag"] == "too_small" and units[SMALL_REGION]["n"] == 10
    assert [u["region_code"] for u in got["units"] if u["flag"] != "within"] == [
        HOTSPOT,
        SMALL_REGION,
    ]


def test_hotspots_cli_by_region_and_category_names_both(hotspot_store, capsys):
    got = run_cli(
        capsys,
        "hotspots",
        "--from",
        "2016-01-01",
        "--to",
        "2016-12-31",
        "--by",
        "region,category",
        "--json",
        "--db",
        str(hotspot_store),
    )
    first = got["units"][0]
    assert (first["region_code"], first["category_code"], first["flag"]) == (
        HOTSPOT,
        "03.01",
        "above_998",
    )
    assert first["category_name"] == "Предоставление земельных участков"


def test_category_cli_figures_equal_pandas(repeats_store, capsys):
    got = run_cli(capsys, "category", "03", "--year", "2016", "--json", "--db", str(repeats_store))
    cur = current_state(repeats_frame())
    cur = cur[
        cur.appeal_type.isin(schema.EVALUATED_TYPES) & (cur.received_date >= date(2016, 1, 1))
    ]
    mine = cur[cur.category_code.str.startswith("03")]
    assert got["figures"]["n_received"] == len(mine)
    assert got["figures"]["n_repeat"] == mine.repeat_of.notna().sum()
    assert got["figures"]["share_of_all"] == pytest.approx(len(mine) / len(cur), abs=1e-6)
    answered = mine[mine.closed_date.notna()]
    assert sum(o["n"] for o in got["outcomes"]) == len(answered)
    assert got["narrative"].startswith("В 2016 году")


def test_category_cli_year_before_and_share_of_all_equal_pandas(hotspot_store, capsys):
    """The year before comes from the repeat query's base period and all appeals from every
    topic's row (not queries of their own): the counts must still be pandas's."""
    got = run_cli(
        capsys, "category", "03.01", "--year", "2016", "--json", "--db", str(hotspot_store)
    )
    cur = current_state(hotspot_frame())
    cur = cur[cur.appeal_type.isin(schema.EVALUATED_TYPES)]
    before = cur[
        (cur.received_date >= date(2015, 1, 1)) & (cur.received_date <= date(2015, 12, 31))
    ]
    now = cur[(cur.received_date >= date(2016, 1, 1)) & (cur.received_date <= date(2016, 12, 31))]
    fig = got["figures"]
    assert fig["n_last_year"] == len(before) == 400
    assert fig["repeat_share_last_year"] == pytest.approx(before.repeat_of.notna().mean(), abs=1e-6)
    assert fig["growth"] == pytest.approx(len(now) / len(before) - 1, abs=1e-6)
    assert fig["n_all"] == len(now)


def test_category_cli_rejects_an_unknown_code(repeats_store, capsys):
    assert cli.main(["category", "99.99", "--db", str(repeats_store)]) == 1
    assert "99.99" in capsys.readouterr().err


# --- the planted hotspots of the default data --------------------------------------------------


def planted() -> dict:
    profile = yaml.safe_load((paths.ROOT / "dashboard/data/synth_profile.yaml").read_text())
    return profile["planted"]


@pytest.mark.default_data
@pytest.mark.parametrize(
    ("by", "key", "spots"),
    [
        ("region,category", "region_code", "repeat_hotspots_region_category"),
        ("body,category", "body_code", "repeat_hotspots_body_category"),
    ],
)
def test_planted_hotspots_are_flagged_in_2016(default_store, capsys, by, key, spots):
    got = run_cli(
        capsys, "hotspots", "--year", "2016", "--by", by, "--json", "--db", str(default_store)
    )
    flags = {(u[key], u["category_code"]): u["flag"] for u in got["units"]}
    code = "body_id" if key == "body_code" else key
    for spot in planted()[spots]:
        assert flags[(spot[code], spot["category_code"])] == "above_998", spot
    small = [u for u in got["units"] if u["n"] < got["min_n"]]
    assert all(u["flag"] == "too_small" for u in small)


@pytest.mark.default_data
def test_repeats_page_lists_the_planted_hotspots(default_store, monkeypatch):
    at = open_page(
        app_on(default_store, monkeypatch, **{"from": "2016-01-01", "to": "2016-12-31"}),
        "pages/repeats.py",
    )
    table = next(d.value for d in at.dataframe if i18n.t("repeats.table.flag") in d.value.columns)
    listed = " | ".join(table[i18n.t("repeats.table.unit")])
    from dashboard.data import codes

    regions, cats = (
        codes.labels("region", "ru", default_store),
        codes.labels("category", "ru", default_store),
    )
    for spot in planted()["repeat_hotspots_region_category"]:
        assert f"{regions[spot['region_code']]} · {cats[spot['category_code']]}" in listed
