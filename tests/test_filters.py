"""Filters: URL round trip, access scope, comparison periods, junk links (data/filters.py)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.data.filters import (
    NO_MATCH,
    SQL_PARAM_NAMES,
    Allowed,
    Filters,
    ParamIssue,
    from_query_params,
)
from dashboard.data.schema import APPEAL_TYPES, BODY_LEVELS, CHANNELS

Y2016 = Filters(date(2016, 1, 1), date(2016, 12, 31))


def f(start: str, end: str, **kw) -> Filters:
    return Filters(date.fromisoformat(start), date.fromisoformat(end), **kw)


# --- the value itself ----------------------------------------------------------------------


def test_filters_are_hashable_and_order_insensitive():
    a = Filters(Y2016.period_start, Y2016.period_end, region_codes=["75", "11", "75"])
    b = Filters(Y2016.period_start, Y2016.period_end, region_codes=("11", "75"))
    assert a == b and hash(a) == hash(b)
    assert a.region_codes == ("11", "75")


def test_filters_default_types_are_complaints_and_applications():
    assert set(Y2016.appeal_types) == {"complaint", "application"}


def test_filters_section_absorbs_its_topics():
    x = Filters(Y2016.period_start, Y2016.period_end, category_codes=("02.03", "02", "05.01"))
    assert x.category_codes == ("02", "05.01")


def test_filters_reject_reversed_period():
    with pytest.raises(ValueError, match="before"):
        f("2016-12-31", "2016-01-01")


def test_filters_bare_string_is_one_value_not_characters():
    assert Filters(Y2016.period_start, Y2016.period_end, region_codes="75").region_codes == ("75",)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2013, 1, 1), date(2017, 9, 30), (date(2016, 1, 1), date(2016, 12, 31))),
        (date(2013, 1, 1), date(2017, 12, 31), (date(2017, 1, 1), date(2017, 12, 31))),
        (date(2016, 1, 1), date(2016, 12, 31), (date(2016, 1, 1), date(2016, 12, 31))),
        (date(2016, 3, 1), date(2017, 5, 31), (date(2016, 3, 1), date(2017, 5, 31))),
    ],
)
def test_default_is_last_full_calendar_year_or_whole_range(start, end, expected):
    d = Filters.default(start, end)
    assert (d.period_start, d.period_end) == expected
    assert d.lang == "ru" and d.region_codes == ()


# --- SQL parameters and access scope ---------------------------------------------------------


def test_to_sql_params_has_exactly_the_bound_names():
    params = Y2016.to_sql_params()
    assert tuple(params) == SQL_PARAM_NAMES
    assert params["period_start"] == date(2016, 1, 1)
    assert params["period_end"] == date(2016, 12, 31)
    assert params["region_codes"] == [] and params["levels"] == []
    assert sorted(params["appeal_types"]) == ["application", "complaint"]
    assert all(isinstance(params[k], list) for k in SQL_PARAM_NAMES[2:])


def test_scope_alone_becomes_the_region_filter():
    x = Filters(Y2016.period_start, Y2016.period_end, scope_region_codes=("75",))
    assert x.to_sql_params()["region_codes"] == ["75"]


def test_scope_intersects_the_users_pick():
    x = Filters(
        Y2016.period_start,
        Y2016.period_end,
        region_codes=("11", "75"),
        scope_region_codes=("75", "71"),
    )
    assert x.to_sql_params()["region_codes"] == ["75"]


def test_scope_disjoint_from_pick_matches_nothing():
    x = Filters(
        Y2016.period_start, Y2016.period_end, region_codes=("11",), scope_region_codes=("75",)
    )
    assert x.to_sql_params()["region_codes"] == [NO_MATCH]


def test_no_scope_passes_pick_through():
    x = Filters(Y2016.period_start, Y2016.period_end, region_codes=("11", "15"))
    assert x.to_sql_params()["region_codes"] == ["11", "15"]


# --- comparison periods --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (("2016-01-01", "2016-12-31"), ("2015-01-01", "2015-12-31")),  # leap year -> plain year
        (("2017-01-01", "2017-12-31"), ("2016-01-01", "2016-12-31")),  # plain -> leap year
        (("2016-04-01", "2016-06-30"), ("2016-01-01", "2016-03-31")),  # Q2 -> Q1 (91 vs 91 d)
        (("2017-01-01", "2017-03-31"), ("2016-10-01", "2016-12-31")),  # Q1 -> Q4 of last year
        (("2016-03-01", "2016-03-31"), ("2016-02-01", "2016-02-29")),  # month -> leap February
        (("2016-01-10", "2016-01-19"), ("2015-12-31", "2016-01-09")),  # 10 days -> 10 days
        (("2016-03-01", "2016-03-01"), ("2016-02-29", "2016-02-29")),  # one day
    ],
)
def test_previous_period(period, previous):
    p = f(*period).previous_period()
    assert (p.period_start.isoformat(), p.period_end.isoformat()) == previous


@pytest.mark.parametrize(
    ("period", "last_year"),
    [
        (("2016-01-01", "2016-12-31"), ("2015-01-01", "2015-12-31")),
        (("2017-02-01", "2017-02-28"), ("2016-02-01", "2016-02-29")),  # whole Feb stays whole
        (("2016-02-01", "2016-02-29"), ("2015-02-01", "2015-02-28")),
        (("2016-02-29", "2016-03-10"), ("2015-02-28", "2015-03-10")),  # 29 Feb clips
        (("2016-07-01", "2016-09-30"), ("2015-07-01", "2015-09-30")),
    ],
)
def test_same_period_last_year(period, last_year):
    p = f(*period).same_period_last_year()
    assert (p.period_start.isoformat(), p.period_end.isoformat()) == last_year


def test_comparison_periods_keep_the_other_filters():
    x = f("2016-04-01", "2016-06-30", region_codes=("75",), scope_region_codes=("75",), lang="kk")
    for other in (x.previous_period(), x.same_period_last_year()):
        assert other.region_codes == ("75",)
        assert other.scope_region_codes == ("75",)
        assert other.lang == "kk"


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=800),
)
def test_previous_period_ends_the_day_before_and_never_overlaps(start, days):
    x = Filters(start, start + timedelta(days=days))
    p = x.previous_period()
    assert p.period_end == x.period_start - timedelta(days=1)
    assert p.period_start <= p.period_end


# --- URL round trip ------------------------------------------------------------------------


def test_default_filters_make_an_empty_url():
    assert Y2016.to_query_params(Y2016) == {}


def test_query_params_use_compact_keys():
    x = f(
        "2016-04-01",
        "2016-06-30",
        levels=("central",),
        region_codes=("75", "11"),
        category_codes=("02",),
        appeal_types=("complaint",),
        channels=("e_portal",),
        body_ids=("mvd",),
        lang="en",
    )
    assert x.to_query_params(Y2016) == {
        "from": "2016-04-01",
        "to": "2016-06-30",
        "level": ["central"],
        "body": ["mvd"],
        "region": ["11", "75"],
        "cat": ["02"],
        "type": ["complaint"],
        "channel": ["e_portal"],
        "lang": "en",
    }


def test_all_types_is_written_as_all_and_read_back():
    x = Filters(Y2016.period_start, Y2016.period_end, appeal_types=())
    params = x.to_query_params(Y2016)
    assert params == {"type": ["all"]}
    assert from_query_params(params, Y2016) == (x, [])


def test_query_params_without_default_always_carry_dates():
    assert Y2016.to_query_params() == {"from": "2016-01-01", "to": "2016-12-31"}


codes = st.sampled_from(["11", "15", "19", "71", "75"])
categories = st.sampled_from(["01", "02", "02.03", "02.03.01", "05.01", "14"])


@st.composite
def any_filters(draw):
    start = draw(st.dates(min_value=date(2013, 1, 1), max_value=date(2017, 9, 30)))
    end = draw(st.dates(min_value=start, max_value=date(2017, 9, 30)))
    return Filters(
        start,
        end,
        levels=draw(st.lists(st.sampled_from(BODY_LEVELS), max_size=2)),
        body_ids=draw(st.lists(st.sampled_from(["mvd", "mzsr", "akimat-75"]), max_size=3)),
        region_codes=draw(st.lists(codes, max_size=4)),
        category_codes=draw(st.lists(categories, max_size=4)),
        appeal_types=draw(st.lists(st.sampled_from(APPEAL_TYPES), max_size=5)),
        channels=draw(st.lists(st.sampled_from(CHANNELS), max_size=3)),
        lang=draw(st.sampled_from(["ru", "kk", "en"])),
    )


@given(x=any_filters())
def test_query_params_round_trip(x):
    back, issues = from_query_params(x.to_query_params(Y2016), Y2016)
    assert issues == []
    assert back == x


@given(x=any_filters())
def test_query_params_round_trip_through_comma_strings(x):
    # Hand-written links may use "region=11,75" instead of repeated keys.
    params = {k: ",".join(v) if isinstance(v, list) else v for k, v in x.to_query_params().items()}
    assert from_query_params(params, Y2016) == (x, [])


def test_scope_never_comes_from_the_url():
    scoped = Filters(Y2016.period_start, Y2016.period_end, scope_region_codes=("75",))
    back, _ = from_query_params({"scope": ["11"], "region": ["11"]}, scoped)
    assert back.scope_region_codes == ("75",)
    assert back.to_sql_params()["region_codes"] == [NO_MATCH]


# --- junk in links -------------------------------------------------------------------------


def test_bad_dates_keep_defaults_and_are_reported():
    back, issues = from_query_params({"from": ["2016-13-45"], "to": ["yesterday"]}, Y2016)
    assert (back.period_start, back.period_end) == (Y2016.period_start, Y2016.period_end)
    assert issues == [
        ParamIssue("from", "2016-13-45", "bad_date"),
        ParamIssue("to", "yesterday", "bad_date"),
    ]


def test_reversed_dates_are_swapped():
    back, issues = from_query_params({"from": "2016-06-30", "to": "2016-04-01"}, Y2016)
    assert (back.period_start, back.period_end) == (date(2016, 4, 1), date(2016, 6, 30))
    assert [i.reason for i in issues] == ["reversed_range"]


def test_dates_outside_data_are_clamped():
    allowed = Allowed(data_start=date(2013, 1, 1), data_end=date(2017, 9, 30))
    back, issues = from_query_params({"from": "2001-01-01", "to": "2030-01-01"}, Y2016, allowed)
    assert (back.period_start, back.period_end) == (date(2013, 1, 1), date(2017, 9, 30))
    assert [i.reason for i in issues] == ["out_of_range", "out_of_range"]


def test_unknown_values_are_dropped_and_known_ones_kept():
    params = {
        "level": ["central", "galactic"],
        "type": ["complaint", "<script>"],
        "channel": ["pigeon"],
        "region": ["75", "9999", "'; drop table"],
        "cat": ["02.03", "2.3"],
        "lang": "de",
    }
    back, issues = from_query_params(params, Y2016)
    assert back.levels == ("central",)
    assert back.appeal_types == ("complaint",)
    assert back.channels == ()  # every value bad: keep the default
    assert back.region_codes == ("75",)
    assert back.category_codes == ("02.03",)
    assert back.lang == "ru"
    assert {(i.key, i.value) for i in issues} == {
        ("level", "galactic"),
        ("type", "<script>"),
        ("channel", "pigeon"),
        ("region", "9999"),
        ("region", "'; drop table"),
        ("cat", "2.3"),
        ("lang", "de"),
    }
    assert all(i.reason == "unknown_value" for i in issues)


def test_allowed_codes_come_from_reference_data_when_given():
    allowed = Allowed(body_ids=frozenset({"mvd"}), region_codes=frozenset({"75"}))
    back, issues = from_query_params(
        {"body": ["mvd", "nope"], "region": ["11", "75"]}, Y2016, allowed
    )
    assert back.body_ids == ("mvd",)
    assert back.region_codes == ("75",)
    assert {i.value for i in issues} == {"nope", "11"}


def test_unrelated_url_keys_are_ignored_silently():
    assert from_query_params({"utm_source": "mail", "tab": ["2"]}, Y2016) == (Y2016, [])


def test_param_issue_message_is_localised():
    issue = ParamIssue("region", "9999", "unknown_value")
    assert "`region`" in issue.message("ru") and "`9999`" in issue.message("ru")
    assert "9999" in issue.message("en") and "ignored" in issue.message("en")


# --- describe ------------------------------------------------------------------------------


def test_describe_lists_period_and_active_filters_in_russian():
    x = Filters(Y2016.period_start, Y2016.period_end, levels=("central",))
    assert x.describe("ru") == [
        "Период: 01.01.2016 – 31.12.2016",
        "Уровень: ЦГО",
        "Вид обращения: Заявление, Жалоба",
    ]


def test_describe_uses_labels_and_shortens_long_lists():
    x = Filters(Y2016.period_start, Y2016.period_end, region_codes=("11", "15", "19", "71", "75"))
    names = {"11": "Акмолинская", "15": "Актюбинская", "19": "Алматинская"}
    lines = x.describe("ru", lambda kind, code: names.get(code, code) if kind == "region" else code)
    assert "Регионы: Акмолинская, Актюбинская, Алматинская и ещё 2" in lines


def test_describe_defaults_to_filters_language():
    x = Filters(Y2016.period_start, Y2016.period_end, appeal_types=(), lang="en")
    assert x.describe() == ["Period: 01/01/2016 – 31/12/2016"]


# --- Streamlit glue ------------------------------------------------------------------------


def _url_app():
    from datetime import date

    import streamlit as st

    from dashboard.data.filters import Filters, read_from_streamlit, write_to_streamlit

    default = Filters(date(2016, 1, 1), date(2016, 12, 31))
    filters, issues = read_from_streamlit(default)
    st.write(f"regions={','.join(filters.region_codes)} issues={len(issues)}")
    write_to_streamlit(filters.previous_period(), default)


def test_streamlit_url_is_read_and_rewritten_touching_only_our_keys():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_url_app)
    at.query_params["region"] = ["75", "11"]
    at.query_params["level"] = "galactic"
    at.query_params["utm_source"] = "mail"
    at.run()
    assert not at.exception
    assert at.markdown[0].value == "regions=11,75 issues=1"
    assert dict(at.query_params) == {
        "region": ["11", "75"],
        "from": "2015-01-01",
        "to": "2015-12-31",
        "utm_source": "mail",
    }
