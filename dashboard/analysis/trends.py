"""Growth trends: pure pandas on the results of queries/trends_*.sql (no Streamlit, no SQL)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from dashboard.data import reference
from dashboard.data.filters import Filters
from dashboard.i18n import (
    MISSING,
    enum_label,
    fmt_date_range,
    fmt_delta_int,
    fmt_int,
    fmt_month,
    fmt_number,
    fmt_quarter,
    fmt_share,
    is_missing,
    t,
)

GRAINS: tuple[str, ...] = ("month", "quarter", "year")
BREAKDOWNS: tuple[str, ...] = ("type", "level", "region", "section")
GROWTH_GROUPINGS: tuple[str, ...] = ("section", "category", "region")
MEASURES: tuple[str, ...] = ("count", "per_10k")
MONTHS_IN: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}  # months per period
HISTORY_YEARS = 3  # years shown before the selected period (the letter's "three years")
MIN_N = 100  # appeals; a base smaller than this makes a percentage change meaningless
MAX_TICKS = 12  # x tick labels at most on a quarterly or yearly axis
LINE_MAX_GROUPS = 6  # more groups than this go to small multiples, not one tangled chart
GROWTH_TOP = 10  # rows in the fastest-growing table
DEFAULTS: dict[str, int] = {"grain": 1}  # widget -> index of its default option (quarters)

Labeler = Callable[[str, str], str]  # (kind, code) -> name, as ui.label


@dataclass(frozen=True)
class Growth:
    """One group's volume in a base period and in the current period."""

    group_code: str
    n_base: int
    n_current: int

    @property
    def ratio(self) -> float | None:
        """Current over base (1.6 = "x1.6"); None for an empty base."""
        return self.n_current / self.n_base if self.n_base else None

    @property
    def change_share(self) -> float | None:
        """Relative change as a 0–1 fraction (0.61 = +61 %); None for an empty base."""
        return None if self.ratio is None else self.ratio - 1


def shift_years(filters: Filters, years: int) -> Filters:
    """The same period `years` years earlier (month ends stay month ends)."""
    for _ in range(years):
        filters = filters.same_period_last_year()
    return filters


def history_filters(filters: Filters, years: int = HISTORY_YEARS) -> Filters:
    """The chart window: `years` whole years before the period's start, to its end."""
    return replace(filters, period_start=shift_years(filters, years).period_start)


def fetch_filters(filters: Filters, years: int = HISTORY_YEARS) -> Filters:
    """The window to query: one year more than shown, so the first period has a YoY change."""
    return history_filters(filters, years + 1)


def add_months(d: date, months: int) -> date:
    """First-of-month date moved by whole months."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def add_yoy(df: pd.DataFrame, value: str = "n_received") -> pd.DataFrame:
    """Adds `yoy_share`: `value` against the same period a year before, per group (0–1)."""
    out = df.copy()
    out["period_start"] = pd.to_datetime(out["period_start"]).dt.date
    earlier = out[["period_start", "group_code", value]].copy()
    earlier["period_start"] = [add_months(d, 12) for d in earlier["period_start"]]
    merged = out.merge(
        earlier.rename(columns={value: "_base"}), on=["period_start", "group_code"], how="left"
    )
    base = merged["_base"].astype(float)
    merged["yoy_share"] = merged[value].astype(float) / base.where(base > 0) - 1
    return merged.drop(columns="_base")


def period_end(start: date, grain: str) -> date:
    """Last day of the period of `grain` that starts on `start`."""
    last = add_months(start, MONTHS_IN[grain] - 1)
    return last.replace(day=calendar.monthrange(last.year, last.month)[1])


def mark_partial(df: pd.DataFrame, grain: str, first: date, last: date) -> pd.DataFrame:
    """Adds `is_partial`: the period sticks out of [first, last] (window edges, data end)."""
    out = df.copy()
    starts = pd.to_datetime(out["period_start"]).dt.date
    out["is_partial"] = [s < first or period_end(s, grain) > last for s in starts]
    return out


def trend_frame(
    df: pd.DataFrame, grain: str, shown_from: date, last: date, measure: str
) -> pd.DataFrame:
    """Query rows -> what the trend charts draw: YoY added, periods before `shown_from` dropped.

    Output adds `value` (the chosen measure), `yoy_share` and `is_partial`; YoY is left empty
    for partial periods, whose volume would be compared with a whole one.
    """
    if df.empty:
        return df.assign(value=[], yoy_share=[], is_partial=[])
    value = "received_per_10k" if measure == "per_10k" else "n_received"
    out = add_yoy(df, value)
    out = mark_partial(out, grain, date(shown_from.year, shown_from.month, 1), last)
    out.loc[out["is_partial"], "yoy_share"] = float("nan")
    out = out[out["period_start"] >= date(shown_from.year, shown_from.month, 1)]
    out = out.assign(value=out[value].astype(float))
    return out.sort_values(["period_start", "group_code"]).reset_index(drop=True)


def grain_label(start: date, grain: str, lang: str) -> str:
    """A period's name for hovers and notes: "янв. 2016", "I кв. 2016", "2016"."""
    if grain == "year":
        return str(start.year)
    if grain == "quarter":
        return fmt_quarter(start.year, (start.month - 1) // 3 + 1, lang)
    return fmt_month(start, lang)


def with_period_labels(df: pd.DataFrame, grain: str, lang: str) -> pd.DataFrame:
    """Adds `period` (grain_label of period_start)."""
    starts = pd.to_datetime(df["period_start"]).dt.date
    return df.assign(period=[grain_label(s, grain, lang) for s in starts])


def partial_periods(df: pd.DataFrame, grain: str, lang: str) -> list[str]:
    """Names of the partial periods in a trend frame, in time order."""
    starts = sorted(set(pd.to_datetime(df.loc[df["is_partial"], "period_start"]).dt.date))
    return [grain_label(s, grain, lang) for s in starts]


def group_label(breakdown: str, code: str, lang: str, labeler: Labeler) -> str:
    """A breakdown group's name: type and level from the enums, the rest from reference."""
    if breakdown == "type":
        return enum_label("appeal_type", code, lang)
    if breakdown == "level":
        return enum_label("level_short", code, lang)
    kind = "region" if breakdown == "region" else "category"
    return labeler(kind, code)


def with_labels(df: pd.DataFrame, breakdown: str, lang: str, labeler: Labeler) -> pd.DataFrame:
    """Adds `group` (a readable name for group_code), largest groups first in the legend."""
    out = df.copy()
    out["group"] = [group_label(breakdown, c, lang, labeler) for c in out["group_code"]]
    order = out.groupby("group")["n_received"].sum().sort_values(ascending=False).index
    out["group"] = pd.Categorical(out["group"], categories=list(order), ordered=True)
    return out.sort_values(["group", "period_start"]).assign(group=lambda d: d["group"].astype(str))


def period_label(start: date, end: date, lang: str) -> str:
    """ "2016", "I кв. 2016", "янв. 2016", or the date range when not a calendar unit."""
    if start.day == 1 and end == period_end(start, "month"):
        return fmt_month(start, lang)
    if start.day == 1 and start.month % 3 == 1 and end == period_end(start, "quarter"):
        return fmt_quarter(start.year, start.month // 3 + 1, lang)
    if (start.month, start.day) == (1, 1) and end == date(start.year, 12, 31):
        return str(start.year)
    return fmt_date_range(start, end, lang)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def is_date_range(start: date, end: date) -> bool:
    """True when [start, end] is not a calendar month, quarter or year (labelled by dates)."""
    return period_label(start, end, "en") == fmt_date_range(start, end, "en")


def against(start: date, end: date, lang: str) -> str:
    """The comparison period in the case the phrase needs: «к марту 2015 г.», «к 2015 году»,
    «2015 жылғы наурызбен салыстырғанда» (locale keys trends.against.*)."""
    if start.day == 1 and end == period_end(start, "month"):
        month = t(f"trends.against.months.m{start.month}", lang)
        return t("trends.against.month", lang, month=month, year=start.year)
    if start.day == 1 and start.month % 3 == 1 and end == period_end(start, "quarter"):
        quarter = fmt_quarter(start.year, start.month // 3 + 1, lang)
        return t("trends.against.quarter", lang, quarter=quarter)
    if (start.month, start.day) == (1, 1) and end == date(start.year, 12, 31):
        return t("trends.against.year", lang, year=start.year)
    # the dates themselves would not fit under a card: the same dates of that year
    years = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return t("trends.against.range", lang, year=years)


def growth(df: pd.DataFrame, group_code: str) -> Growth | None:
    """The row of `group_code` in a trends_growth_by_group result, if any."""
    rows = df[df["group_code"] == group_code]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Growth(group_code, int(r["n_base"]), int(r["n_current"]))


def headline_type(df: pd.DataFrame) -> str | None:
    """Complaints (the letter's figure) when present, else the type with most appeals."""
    if df.empty:
        return None
    if (df["group_code"] == "complaint").any():
        return "complaint"
    return str(df.sort_values("n_current", ascending=False)["group_code"].iloc[0])


def total_growth(df: pd.DataFrame) -> Growth:
    """All groups of a growth result added up."""
    return Growth("all", int(df["n_base"].sum()), int(df["n_current"].sum()))


def growth_table(df: pd.DataFrame, min_n: int = MIN_N, top: int = GROWTH_TOP) -> pd.DataFrame:
    """Fastest-growing groups: base >= `min_n`, sorted by % change, top `top` rows.

    Output adds abs_change (appeals) and change_share (0–1); groups with a base under `min_n`
    are left out, because +300 % on a base of 3 appeals is noise.
    """
    cols = ["group_code", "n_base", "n_current", "abs_change", "change_share"]
    big = df[df["n_base"] >= min_n].copy()
    if big.empty:
        return pd.DataFrame(columns=cols)
    big["abs_change"] = big["n_current"] - big["n_base"]
    big["change_share"] = big["n_current"] / big["n_base"] - 1
    big = big.sort_values(["change_share", "group_code"], ascending=[False, True])
    return big[cols].head(top).reset_index(drop=True)


def n_small(df: pd.DataFrame, min_n: int = MIN_N) -> int:
    """How many groups growth_table leaves out for a base under `min_n`."""
    return int((df["n_base"] < min_n).sum())


def scope_population(year: int, region_codes: tuple[str, ...]) -> int:
    """Residents of the selected regions (all regions when none) in `year`."""
    pop = reference.population(year)
    return sum(p for code, p in pop.items() if not region_codes or code in region_codes)


def per_10k(n: int, population: int) -> float | None:
    """Appeals per 10 000 residents; None without a population."""
    return n * 10_000 / population if population else None


@dataclass(frozen=True)
class Headline:
    """A headline number, formatted, with its changes (plain values: the page renders them)."""

    label: str
    value: str
    deltas: tuple[tuple[str, float | None, str], ...] = ()  # (text, change, against)
    up_is_good: bool | None = None  # None: growth is neither good nor bad
    help: str | None = None


def change_words(g: Growth, lang: str) -> str:
    """ "рост в 1,6 раза" / "снижение в 1,3 раза" / "+0 %" for no change."""
    if g.ratio is None:
        return MISSING
    if g.ratio >= 1:
        return t("trends.headline.rise", lang, ratio=fmt_number(g.ratio, lang, 1))
    inverse = g.n_base / g.n_current if g.n_current else None
    return t("trends.headline.fall", lang, ratio=fmt_number(inverse, lang, 1))


def growth_sentence(g: Growth, base_period: str, period: str, lang: str) -> str:
    """ "Жалобы: 97 500 (2013) → 157 000 (2016), рост в 1,6 раза." from the data."""
    return t(
        "trends.headline.sentence",
        lang,
        type=t(f"trends.type_plural.{g.group_code}", lang),
        base=fmt_int(g.n_base, lang),
        base_period=base_period,
        current=fmt_int(g.n_current, lang),
        period=period,
        change=change_words(g, lang),
    )


def headlines(
    by_type_1y: pd.DataFrame, by_type_3y: pd.DataFrame, filters: Filters, lang: str
) -> list[Headline]:
    """Received in the period vs a year before, the headline type over three years, per 10 000.

    `by_type_*` are trends_growth_by_group results by type with the base one and three years
    before `filters`' period.
    """
    period = period_label(filters.period_start, filters.period_end, lang)
    ago1, ago3 = shift_years(filters, 1), shift_years(filters, HISTORY_YEARS)
    base3 = period_label(ago3.period_start, ago3.period_end, lang)
    exact = t("trends.headline.period_help", lang, period=period, base_period=base3)
    base3_label = base3
    if is_date_range(filters.period_start, filters.period_end):
        # Dates in a card's label are cut off ("Поступило за 15.02.2016 – 10.05.2016 (за пер…"):
        # the label says "the period"; the help tooltip and the page header give the dates.
        period = t("trends.headline.the_period", lang)
        base3_label = t("trends.headline.years_before", lang, n=HISTORY_YEARS)
    total = total_growth(by_type_1y)
    regions = filters.effective_region_codes()
    now_10k = per_10k(total.n_current, scope_population(filters.period_start.year, regions))
    then_10k = per_10k(total.n_base, scope_population(ago1.period_start.year, regions))
    rate_change = now_10k / then_10k - 1 if now_10k is not None and then_10k else None
    compared = against(ago1.period_start, ago1.period_end, lang)
    out = [
        Headline(
            _capital(t("trends.headline.received", lang, period=period)),
            fmt_int(total.n_current, lang),
            ((fmt_signed_share(total.change_share, lang), total.change_share, compared),),
            help=exact,
        )
    ]
    code = headline_type(by_type_3y)
    g = growth(by_type_3y, code) if code else None
    if g is not None:
        from_base = t(
            "trends.headline.growth_from", lang, base=fmt_int(g.n_base, lang), period=base3
        )
        out.append(
            Headline(
                t(
                    "trends.headline.growth_label",
                    lang,
                    type=t(f"trends.type_plural.{g.group_code}", lang),
                    base_period=base3_label,
                    period=period,
                ),
                fmt_int(g.n_current, lang),
                ((change_words(g, lang), g.change_share, from_base),),
                help=exact,
            )
        )
    out.append(
        Headline(
            _capital(t("trends.headline.per_10k", lang, period=period)),
            fmt_number(now_10k, lang, 1),
            ((fmt_signed_share(rate_change, lang), rate_change, compared),),
            help=exact,
        )
    )
    return out


def fmt_signed_share(x: float | None, lang: str) -> str:
    """A relative change with its sign: "+61,0 %", "−3,2 %"."""
    if x is None or is_missing(x):
        return MISSING
    text = fmt_share(x, lang, 1)
    return "+" + text if x > 0 else text


def growth_display(
    table: pd.DataFrame,
    grouping: str,
    period: str,
    base_period: str,
    lang: str,
    labeler: Labeler,
) -> pd.DataFrame:
    """growth_table rows for people: names, locale numbers, headers naming both periods."""
    kind = "region" if grouping == "region" else "category"
    cols = "trends.growth.columns"
    return pd.DataFrame(
        {
            t(f"trends.growth_by.{grouping}", lang): [
                labeler(kind, c) for c in table["group_code"]
            ],
            t(f"{cols}.n_base", lang, period=base_period): [
                fmt_int(n, lang) for n in table["n_base"]
            ],
            t(f"{cols}.n_current", lang, period=period): [
                fmt_int(n, lang) for n in table["n_current"]
            ],
            t(f"{cols}.abs_change", lang): [fmt_delta_int(n, lang) for n in table["abs_change"]],
            t(f"{cols}.change", lang): [fmt_signed_share(x, lang) for x in table["change_share"]],
        }
    )


def base(filters: Filters) -> dict[str, date]:
    """A comparison period as the $base_start/$base_end parameters of trends_growth_by_group."""
    return {"base_start": filters.period_start, "base_end": filters.period_end}
