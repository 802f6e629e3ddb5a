"""queries/repeats_*.sql, appeals_by_unit.sql and thematic_answers.sql on the hand-made store with
repeat chains (conftest.repeats_store), checked against pandas on the same rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import (
    NO_FILTERS,
    build_store,
    closed,
    current_state,
    pandas_late,
    repeats_frame,
    row,
)

from dashboard.data import queries

PERIOD = {"period_start": date(2016, 1, 1), "period_end": date(2016, 12, 31)}
BASE = {"base_start": date(2015, 1, 1), "base_end": date(2015, 12, 31)}
UNIT_ALL = {"group_by": "none", "group_code": "all", "group_by2": "none", "group_code2": "all"}
AS_OF = date(2016, 9, 30)
COLUMN = {"region": "region_code", "body": "body_id", "category": "category_code"}


def run(db, name: str, **params) -> pd.DataFrame:
    return queries.execute(name, {**NO_FILTERS, **PERIOD, **params}, db)


def cur() -> pd.DataFrame:
    df = current_state(repeats_frame())
    df["section_code"] = df.category_code.str[:2]
    df["is_repeat"] = df.repeat_of.notna()
    return df


def between(df: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    return df[(df.received_date >= start) & (df.received_date <= end)]


@pytest.mark.parametrize(
    ("group_by", "group_by2"),
    [("region", "category"), ("body", "section"), ("region", "none")],
)
def test_repeats_by_unit_matches_pandas(repeats_store, group_by, group_by2):
    got = run(
        repeats_store, "repeats_by_unit", **BASE, group_by=group_by, group_by2=group_by2, section=""
    )
    c = cur()
    c["g1"] = c[COLUMN.get(group_by, "section_code")]
    c["g2"] = c[COLUMN.get(group_by2, "section_code")] if group_by2 != "none" else "all"
    now = between(c, PERIOD["period_start"], PERIOD["period_end"])
    base = between(c, BASE["base_start"], BASE["base_end"])
    want = (
        pd.DataFrame(
            {
                "n": now.groupby(["g1", "g2"]).size(),
                "n_repeat": now.groupby(["g1", "g2"]).is_repeat.sum(),
                "n_justified_repeat": (now.is_repeat & (now.justified == True))  # noqa: E712
                .groupby([now.g1, now.g2])
                .sum(),
                "n_base": base.groupby(["g1", "g2"]).size(),
                "n_repeat_base": base.groupby(["g1", "g2"]).is_repeat.sum(),
            }
        )
        .fillna(0)
        .astype(int)
    )
    got = got.set_index(["group_code", "group_code2"])[list(want.columns)]
    got.index.names = ["g1", "g2"]
    pd.testing.assert_frame_equal(got.sort_index(), want.sort_index(), check_dtype=False)


def test_repeats_by_unit_by_hand(repeats_store):
    got = run(
        repeats_store, "repeats_by_unit", **BASE, group_by="region", group_by2="none", section=""
    ).set_index("group_code")
    # region 75 in 2016: a1, a5 (repeat, justified), a15 (repeat, open), a16 (repeat, open)
    assert got.loc["75"][["n", "n_repeat", "n_justified_repeat"]].tolist() == [4, 3, 1]
    # region 19 in 2015: a10 only
    assert got.loc["19"][["n_base", "n_repeat_base"]].tolist() == [1, 0]


def test_repeats_by_unit_section_keeps_only_its_topics(repeats_store):
    got = run(
        repeats_store,
        "repeats_by_unit",
        **BASE,
        group_by="region",
        group_by2="category",
        section="07",
    )
    assert set(got.group_code2) == {"07.01"}
    assert got.n.sum() == 4


def chains(db, **unit) -> pd.DataFrame:
    return run(db, "repeats_chains", **{**UNIT_ALL, **unit})


def test_chain_of_three_rounds_by_hand(repeats_store):
    got = chains(repeats_store)
    a2 = got[got.chain_id == "a2"].sort_values("round")
    assert a2.appeal_id.tolist() == ["a2", "a4", "a13"]
    assert a2["round"].tolist() == [1, 2, 3] and set(a2.n_rounds) == {3}
    # a4 on 1 July repeats a2 of 1 Feb (151 days); a13 on 1 Sep repeats a4 (62 days)
    assert a2.days_since_previous.tolist()[1:] == [151, 62]
    assert pd.isna(a2.days_since_previous.iloc[0])
    # a4 is still open: no answer, no signature yet
    assert a2.signed_level.fillna("open").tolist() == ["unit_head", "open", "first_head"]
    assert a2.outcome.fillna("open").tolist() == ["refused", "open", "refused"]


def test_chain_whose_original_lies_before_the_period(repeats_store):
    got = chains(repeats_store).set_index("appeal_id")
    assert got.loc["a10", "chain_id"] == "a10" and got.loc["a14", "chain_id"] == "a10"
    assert not got.loc["a10", "in_period"] and got.loc["a14", "in_period"]
    assert got.loc["a14", "n_rounds"] == 2 and got.loc["a10", "original_known"]


def test_branching_chain_counts_rounds_on_the_longest_path(repeats_store):
    got = chains(repeats_store)
    a1 = got[got.chain_id == "a1"].set_index("appeal_id")
    assert a1["round"].to_dict() == {"a1": 1, "a5": 2, "a15": 2, "a16": 3}
    assert set(a1.n_rounds) == {3}


def test_chain_whose_original_is_not_in_the_store(tmp_path):
    """A repeat of an appeal no snapshot holds: the chain is named by that id, its first
    round has no columns, and the walk stops there."""
    lost = [
        row("y1", "2016-12-31", "2016-03-01", "2016-03-16", repeat_of="gone-1",
            **closed("explained", "2016-03-10")),
        row("y2", "2016-12-31", "2016-05-02", "2016-05-17", repeat_of="y1",
            **closed("refused", "2016-05-10")),
    ]  # fmt: skip
    frame = pd.concat([repeats_frame(), pd.DataFrame(lost)], ignore_index=True)
    db = build_store(frame[repeats_frame().columns], tmp_path)
    got = chains(db)
    gone = got[got.chain_id == "gone-1"].sort_values("round")
    assert gone.appeal_id.tolist() == ["gone-1", "y1", "y2"]
    assert gone["round"].tolist() == [1, 2, 3] and set(gone.n_rounds) == {3}
    assert not gone.original_known.any()
    assert pd.isna(gone.received_date.iloc[0]) and pd.isna(gone.days_since_previous.iloc[1])
    assert gone.days_since_previous.iloc[2] == 62  # y2 on 2 May repeats y1 of 1 March


def _pandas_chains(df: pd.DataFrame, unit_mask: pd.Series) -> dict[str, set[tuple[str, int]]]:
    """Chains written the plain way: walk each in-period repeat of the unit up to its root."""
    parent = df.set_index("appeal_id").repeat_of.to_dict()
    start = df[unit_mask & df.is_repeat].appeal_id
    out: dict[str, set[tuple[str, int]]] = {}
    for appeal in start:
        path = [appeal]
        while isinstance(parent.get(path[-1]), str):
            path.append(parent[path[-1]])
        root = path[-1]
        for depth, node in enumerate(reversed(path), start=1):
            out.setdefault(root, set()).add((node, depth))
    return out


@pytest.mark.parametrize(
    "unit",
    [
        {},
        {"group_by": "region", "group_code": "75"},
        {
            "group_by": "body",
            "group_code": "akimat_19",
            "group_by2": "category",
            "group_code2": "03.01",
        },
    ],
)
def test_chains_match_pandas(repeats_store, unit):
    got = chains(repeats_store, **unit)
    c = between(cur(), PERIOD["period_start"], PERIOD["period_end"])
    mask = pd.Series(True, index=c.index)
    u = {**UNIT_ALL, **unit}
    for by, code in ((u["group_by"], u["group_code"]), (u["group_by2"], u["group_code2"])):
        if by != "none":
            mask &= c[COLUMN[by]] == code
    want = _pandas_chains(cur(), mask.reindex(cur().index, fill_value=False))
    got_sets = {
        k: set(zip(g.appeal_id, g["round"], strict=True)) for k, g in got.groupby("chain_id")
    }
    assert got_sets == want


def test_appeals_by_unit_matches_pandas_and_pages(repeats_store):
    unit = {"group_by": "region", "group_code": "19", "group_by2": "section", "group_code2": "03"}
    params = {**unit, "as_of": AS_OF, "only_repeats": False}
    first = run(repeats_store, "appeals_by_unit", **params, limit=3, offset=0)
    rest = run(repeats_store, "appeals_by_unit", **params, limit=100, offset=3)
    c = between(cur(), PERIOD["period_start"], PERIOD["period_end"])
    want = c[(c.region_code == "19") & (c.section_code == "03")]
    got = pd.concat([first, rest])
    assert sorted(got.appeal_id) == sorted(want.appeal_id)
    assert first.n_total.iloc[0] == len(want) and len(first) == 3
    assert list(got.received_date) == sorted(got.received_date, reverse=True)
    late = pandas_late(want, AS_OF).set_axis(want.appeal_id)
    assert got.set_index("appeal_id").is_late.to_dict() == late.to_dict()
    assert not any("applicant" in col for col in got.columns)


def test_appeals_by_unit_only_repeats(repeats_store):
    got = run(
        repeats_store,
        "appeals_by_unit",
        **UNIT_ALL,
        as_of=AS_OF,
        only_repeats=True,
        limit=100,
        offset=0,
    )
    c = between(cur(), PERIOD["period_start"], PERIOD["period_end"])
    assert sorted(got.appeal_id) == sorted(c[c.is_repeat].appeal_id)


def test_thematic_answers_match_pandas(repeats_store):
    got = run(repeats_store, "thematic_answers", category_codes=["03"])
    c = between(cur(), PERIOD["period_start"], PERIOD["period_end"])
    c = c[(c.section_code == "03") & c.closed_date.notna()]
    want = c.fillna({"signed_level": "unknown"}).groupby(["outcome", "signed_level"]).size()
    assert got.set_index(["outcome", "signed_level"]).n.to_dict() == want.to_dict()
    assert got.n_justified.sum() == (c.justified == True).sum()  # noqa: E712
