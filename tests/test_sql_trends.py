"""queries/trends_*.sql on the tiny store, checked against pandas on the same rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import NO_FILTERS, current_state, tiny_frame

from dashboard.data import queries, reference, schema

ALL = NO_FILTERS


def received(tiny_store, **params) -> pd.DataFrame:
    base = {**ALL, "period_start": date(2015, 12, 1), "period_end": date(2016, 12, 31)}
    return queries.execute("trends_received_by_period", {**base, **params}, tiny_store)


def growth(tiny_store, **params) -> pd.DataFrame:
    base = {
        **ALL,
        "period_start": date(2016, 7, 1),
        "period_end": date(2016, 9, 30),
        "base_start": date(2016, 1, 1),
        "base_end": date(2016, 3, 31),
    }
    return queries.execute("trends_growth_by_group", {**base, **params}, tiny_store)


def cur() -> pd.DataFrame:
    df = current_state(tiny_frame())
    df["received_month"] = [d.replace(day=1) for d in df.received_date]
    df["section_code"] = df.category_code.str[:2]
    return df


def as_dict(df: pd.DataFrame, keys: list[str], value: str) -> dict:
    return {tuple(str(v) for v in k): int(n) for k, n in df.set_index(keys)[value].items()}


def test_received_by_month_and_type_matches_pandas(tiny_store):
    got = received(tiny_store, grain="month", breakdown="type")
    got["period_start"] = pd.to_datetime(got.period_start).dt.date
    want = cur().groupby(["received_month", "appeal_type"]).size().rename("n").reset_index()
    assert as_dict(got, ["period_start", "group_code"], "n_received") == as_dict(
        want, ["received_month", "appeal_type"], "n"
    )
    by_key = as_dict(got, ["period_start", "group_code"], "n_received")
    assert by_key[("2015-12-01", "complaint")] == 1  # a10
    assert by_key[("2016-07-01", "complaint")] == 2  # a4, a5


def test_received_by_quarter_and_region_carries_region_population(tiny_store):
    got = received(tiny_store, grain="quarter", breakdown="region").set_index(
        ["period_start", "group_code"]
    )
    q3 = got.loc[(pd.Timestamp("2016-07-01"), "19")]
    assert q3.n_received == 3  # a4, a6, a11
    pop = reference.population(2016)["19"]
    assert q3.population == pop
    assert q3.received_per_10k == pytest.approx(3 * 10_000 / pop)
    want = cur().assign(q=lambda d: pd.to_datetime(d.received_month).dt.to_period("Q"))
    want = want.groupby(["q", "region_code"]).size()
    assert got.n_received.sum() == want.sum() == 12


def test_received_by_year_uses_selected_regions_population(tiny_store):
    got = received(tiny_store, grain="year", breakdown="level", region_codes=["51"])
    row = got[pd.to_datetime(got.period_start).dt.year == 2016].iloc[0]
    assert (row.group_code, row.n_received) == ("local", 2)  # a9, a12
    assert row.population == reference.population(2016)["51"]


def test_received_national_population_is_every_region_of_the_year(tiny_store):
    got = received(tiny_store, grain="year", breakdown="section")
    pops = got.groupby(pd.to_datetime(got.period_start).dt.year).population.unique()
    assert list(pops[2016]) == [sum(reference.population(2016).values())]
    assert list(pops[2015]) == [sum(reference.population(2015).values())]


def test_received_respects_type_filter_and_period(tiny_store):
    got = received(
        tiny_store,
        grain="year",
        breakdown="none",
        appeal_types=list(schema.EVALUATED_TYPES),
        period_start=date(2016, 1, 15),  # whole months: January still counts
    )
    c = cur()
    want = c[c.appeal_type.isin(schema.EVALUATED_TYPES) & (c.received_date >= date(2016, 1, 1))]
    assert got.group_code.tolist() == ["all"]
    assert got.n_received.tolist() == [len(want)] == [10]  # no a7 (proposal), no a10 (2015)


@pytest.mark.parametrize(
    ("group_by", "column"),
    [("type", "appeal_type"), ("region", "region_code"), ("section", "section_code")],
)
def test_growth_counts_both_periods_like_pandas(tiny_store, group_by, column):
    got = growth(tiny_store, group_by=group_by).set_index("group_code")
    c = cur()
    now = c[(c.received_date >= date(2016, 7, 1)) & (c.received_date <= date(2016, 9, 30))]
    then = c[(c.received_date >= date(2016, 1, 1)) & (c.received_date <= date(2016, 3, 31))]
    want_now = now.groupby(column).size().reindex(got.index, fill_value=0)
    want_then = then.groupby(column).size().reindex(got.index, fill_value=0)
    assert got.n_current.to_dict() == want_now.to_dict()
    assert got.n_base.to_dict() == want_then.to_dict()
    assert set(got.index) == set(now[column]) | set(then[column])


def test_growth_by_type_by_hand(tiny_store):
    got = growth(tiny_store, group_by="type").set_index("group_code")
    # Jul-Sep: complaints a4, a5; applications a6, a11. Jan-Mar: a1, a2, a7 (proposal).
    assert got.loc["complaint"].tolist() == [2, 1]
    assert got.loc["application"].tolist() == [2, 1]
    assert got.loc["proposal"].tolist() == [0, 1]


def complaints_growth(db) -> tuple[int, int]:
    """Complaints received in 2013 and in 2016, as the trends headline reads them."""
    params = {
        **ALL,
        "appeal_types": list(schema.EVALUATED_TYPES),
        "period_start": date(2016, 1, 1),
        "period_end": date(2016, 12, 31),
        "base_start": date(2013, 1, 1),
        "base_end": date(2013, 12, 31),
        "group_by": "type",
    }
    row = queries.execute("trends_growth_by_group", params, db).set_index("group_code")
    return int(row.loc["complaint", "n_base"]), int(row.loc["complaint", "n_current"])


@pytest.mark.default_data
def test_default_data_shows_the_letters_complaints_growth(default_store):
    base, current = complaints_growth(default_store)
    assert (base, current) == (97_500, 157_000)  # domain.md: x1.6 in three years
    assert round(current / base, 1) == 1.6
