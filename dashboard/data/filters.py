"""The Filters every page reads: a frozen, hashable value, its shareable-URL form, its SQL params.

Access scope is applied here and only here (`to_sql_params`), so no page or query can forget it.
Scope never travels in the URL: it comes from sign-in, carried by the `default` Filters that
`from_query_params` starts from.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dashboard.data.schema import APPEAL_TYPES, BODY_LEVELS, CHANNELS, EVALUATED_TYPES
from dashboard.i18n import LANGS, enum_label, fmt_date_range, norm_lang, t

# Bound when the scope and the user's regions do not overlap: matches no region code.
NO_MATCH = "__none__"
# Query-parameter value meaning "every value" for a field whose default is not empty
# (appeal types): without it, "all types" and "the default types" would share one URL.
ALL = "all"
# At most this many names per filter in describe(); the rest become "and N more".
DESCRIBE_MAX_ITEMS = 3

CATEGORY_PATTERN = re.compile(r"^\d{2}(\.\d{2}){0,2}$")  # section, SS.TT topic, SS.TT.QQ question
REGION_PATTERN = re.compile(r"^\d{2}$")  # KATO two-digit region code

# URL key -> Filters field, for the multi-valued fields.
LIST_KEYS: dict[str, str] = {
    "level": "levels",
    "body": "body_ids",
    "region": "region_codes",
    "cat": "category_codes",
    "type": "appeal_types",
    "channel": "channels",
}
URL_KEYS: tuple[str, ...] = ("from", "to", *LIST_KEYS, "lang")
# Every SQL file binds exactly these names (queries/*.sql headers list the ones they use).
SQL_PARAM_NAMES: tuple[str, ...] = (
    "period_start",
    "period_end",
    "levels",
    "body_ids",
    "region_codes",
    "category_codes",
    "appeal_types",
    "channels",
)


def _canon(values: Iterable[str]) -> tuple[str, ...]:
    # Sorted and de-duplicated, so two equal selections hash alike (one cache entry, one URL).
    return tuple(sorted({str(v) for v in values if str(v) != ""}))


def _drop_covered_topics(codes: tuple[str, ...]) -> tuple[str, ...]:
    # "02" already selects every "02.xx"; keeping both would only lengthen URLs and cache keys.
    return tuple(c for c in codes if not any(c.startswith(p + ".") for p in codes if p != c))


@dataclass(frozen=True)
class Filters:
    """What the user is looking at. Tuples only (hashable: it keys the query cache).

    An empty tuple means "all" for every multi-valued field. Category codes may be sections
    ("02", selecting all its topics) or topics/questions ("02.03", "02.03.01").
    """

    period_start: date
    period_end: date  # inclusive
    levels: tuple[str, ...] = ()
    body_ids: tuple[str, ...] = ()
    region_codes: tuple[str, ...] = ()
    category_codes: tuple[str, ...] = ()
    appeal_types: tuple[str, ...] = EVALUATED_TYPES
    channels: tuple[str, ...] = ()
    lang: str = "ru"
    scope_region_codes: tuple[str, ...] = ()  # access scope (from sign-in); empty = national
    scope_body_ids: tuple[str, ...] = ()  # access scope of a body's user; empty = every body

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise ValueError(f"period_end {self.period_end} is before {self.period_start}")
        for name in (*LIST_KEYS.values(), "scope_region_codes", "scope_body_ids"):
            value = getattr(self, name)
            if isinstance(value, str):  # a bare string would become a tuple of characters
                value = (value,)
            object.__setattr__(self, name, _canon(value))
        object.__setattr__(self, "category_codes", _drop_covered_topics(self.category_codes))
        object.__setattr__(self, "lang", norm_lang(self.lang))

    @classmethod
    def default(cls, data_start: date, data_end: date, **overrides: object) -> Filters:
        """The last full calendar year inside the data (2016 for data ending 2017-09-30).

        With less than one full calendar year of data, the whole data range.
        """
        year = data_end.year if data_end == date(data_end.year, 12, 31) else data_end.year - 1
        if date(year, 1, 1) >= data_start:
            start, end = date(year, 1, 1), date(year, 12, 31)
        else:
            start, end = data_start, data_end
        return cls(period_start=start, period_end=end, **overrides)

    # --- shareable URLs --------------------------------------------------------------------

    def to_query_params(self, default: Filters | None = None) -> dict[str, str | list[str]]:
        """Compact URL form; fields equal to `default` are omitted (dates always kept if None).

        Keys: from, to (ISO dates), level, body, region, cat, type, channel (lists), lang.
        `type=all` stands for "every type", since the default types are not empty.
        """
        out: dict[str, str | list[str]] = {}
        if default is None or self.period_start != default.period_start:
            out["from"] = self.period_start.isoformat()
        if default is None or self.period_end != default.period_end:
            out["to"] = self.period_end.isoformat()
        base = default or Filters(self.period_start, self.period_end)
        for key, name in LIST_KEYS.items():
            value, base_value = getattr(self, name), getattr(base, name)
            if value != base_value:
                out[key] = list(value) if value else [ALL]
        if self.lang != base.lang:
            out["lang"] = self.lang
        return out

    # --- SQL -------------------------------------------------------------------------------

    def effective_region_codes(self) -> tuple[str, ...]:
        """Regions after the access scope: picked ∩ scope; the scope if nothing picked."""
        return _within(self.region_codes, self.scope_region_codes)

    def effective_body_ids(self) -> tuple[str, ...]:
        """Bodies after the access scope: picked ∩ scope; the scope if nothing picked."""
        return _within(self.body_ids, self.scope_body_ids)

    def to_sql_params(self) -> dict[str, object]:
        """Named parameters bound by every queries/*.sql file (empty list = all).

        The access scope is applied here, the only place: with a scope, region_codes (and
        body_ids) are the user's pick intersected with it (the scope itself when nothing is
        picked), and ["__none__"] when they do not overlap, so nothing outside can match.
        Category codes may be sections ("02") or deeper codes; a row matches when its code,
        its section (`split_part(category_code, '.', 1)`) or its SS.TT prefix is in the list.
        """
        return {
            "period_start": self.period_start,
            "period_end": self.period_end,
            "levels": list(self.levels),
            "body_ids": list(self.effective_body_ids()),
            "region_codes": list(self.effective_region_codes()),
            "category_codes": list(self.category_codes),
            "appeal_types": list(self.appeal_types),
            "channels": list(self.channels),
        }

    # --- comparison periods ----------------------------------------------------------------

    def previous_period(self) -> Filters:
        """Same length immediately before: whole months shift by months (Q2 -> Q1), else days."""
        months = _whole_months(self.period_start, self.period_end)
        if months:
            start = _add_months(self.period_start, -months)
            return replace(self, period_start=start, period_end=self.period_start - ONE_DAY)
        length = self.period_end - self.period_start
        end = self.period_start - ONE_DAY
        return replace(self, period_start=end - length, period_end=end)

    def same_period_last_year(self) -> Filters:
        """The same dates a year earlier (29 Feb -> 28 Feb; a month-end stays a month-end)."""
        whole = _whole_months(self.period_start, self.period_end) > 0
        start = _add_months(self.period_start, -12)
        end = _add_months(self.period_end, -12)
        if whole:  # Feb 2017 (ends 28th) -> Feb 2016 must end on the 29th
            end = _month_end(end)
        return replace(self, period_start=start, period_end=end)

    # --- display ---------------------------------------------------------------------------

    def describe(
        self,
        lang: str | None = None,
        labels: Callable[[str, str], str] | None = None,
    ) -> list[str]:
        """Short lines for the active filters ("Период: 01.01.2016 – 31.12.2016", "Уровень: ЦГО").

        `labels(kind, code)` names bodies, regions and categories (kind: "body", "region",
        "category"), normally from data/reference; without it the codes are shown.
        """
        lang = norm_lang(lang or self.lang)
        name = labels or (lambda _kind, code: code)

        def type_label(value: str) -> str:
            return enum_label("appeal_type", value, lang)

        period = fmt_date_range(self.period_start, self.period_end, lang)
        lines = [f"{t('filters.period', lang)}: {period}"]
        parts: list[tuple[str, tuple[str, ...], Callable[[str], str]]] = [
            ("filters.level", self.levels, lambda v: enum_label("level_short", v, lang)),
            ("filters.bodies", self.body_ids, lambda v: name("body", v)),
            ("filters.regions", self.region_codes, lambda v: name("region", v)),
            ("filters.categories", self.category_codes, lambda v: name("category", v)),
            ("filters.appeal_type", self.appeal_types, type_label),
            ("filters.channel", self.channels, lambda v: enum_label("channel", v, lang)),
            ("filters.scope", self.scope_region_codes, lambda v: name("region", v)),
            ("filters.scope", self.scope_body_ids, lambda v: name("body", v)),
        ]
        for key, values, label in parts:
            if values:
                lines.append(f"{t(key, lang)}: {_join([label(v) for v in values], lang)}")
        return lines


ONE_DAY = timedelta(days=1)


def _within(picked: tuple[str, ...], scope: tuple[str, ...]) -> tuple[str, ...]:
    """The pick narrowed to the scope: the scope if nothing picked, NO_MATCH if disjoint."""
    if not scope:
        return picked
    if not picked:
        return scope
    return tuple(c for c in picked if c in scope) or (NO_MATCH,)


def _join(names: list[str], lang: str) -> str:
    shown = ", ".join(names[:DESCRIBE_MAX_ITEMS])
    rest = len(names) - DESCRIBE_MAX_ITEMS
    return f"{shown} {t('filters.more', lang, n=rest)}" if rest > 0 else shown


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _add_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day clipped to the target month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _whole_months(start: date, end: date) -> int:
    """How many calendar months [start, end] spans if it is whole months, else 0."""
    if start.day != 1 or end != _month_end(end):
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


# --- reading URLs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    """Codes a URL may name; None = check the code's shape only (reference data not at hand)."""

    body_ids: frozenset[str] | None = None
    region_codes: frozenset[str] | None = None
    category_codes: frozenset[str] | None = None
    data_start: date | None = None  # dates outside [data_start, data_end] are clamped
    data_end: date | None = None
    withheld: frozenset[str] = frozenset()  # codes that exist but lie outside the user's scope


@dataclass(frozen=True)
class ParamIssue:
    """One thing in a URL that was ignored or corrected; `message(lang)` is for st.warning."""

    key: str
    value: str
    reason: str  # bad_date | unknown_value | reversed_range | out_of_range

    def message(self, lang: str = "ru") -> str:
        """The issue in plain language; the link's value shortened and Markdown-escaped.

        A link is anyone's text: shown raw, `[a](http://…)` would become a live link (or an
        image fetched by every viewer) inside the app's own warning.
        """
        value, key = plain_text(self.value), plain_text(self.key)
        return t(f"filters.issue.{self.reason}", lang, param=key, value=value)


SHOWN_VALUE_CHARS = 40  # a value from a link is cut to this length in any message


def plain_text(value: str, limit: int = SHOWN_VALUE_CHARS) -> str:
    """A value from outside, inert inside Markdown: one line, shortened, as a code span.

    Nothing in a code span is a link, an image or emphasis; a backtick in the value, which
    could close the span, is shown as the look-alike ˋ.
    """
    one_line = " ".join(str(value).split()).replace("`", "ˋ")
    short = one_line[:limit] + ("…" if len(one_line) > limit else "")
    return f"`{short}`"


def _values(raw: str | list[str] | tuple[str, ...] | None) -> list[str]:
    # Accept repeated keys (?region=11&region=15) and hand-typed comma lists (?region=11,15).
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _is_valid(name: str, value: str, allowed: Allowed) -> bool:
    enums = {"levels": BODY_LEVELS, "appeal_types": APPEAL_TYPES, "channels": CHANNELS}
    if name in enums:
        return value in enums[name]
    known: frozenset[str] | None = getattr(allowed, name)
    if known is not None:
        return value in known
    if name == "region_codes":
        return bool(REGION_PATTERN.match(value))
    if name == "category_codes":
        return bool(CATEGORY_PATTERN.match(value))
    return len(value) <= 64  # body ids: free-form registry codes, just not absurd


def _read_date(
    params: Mapping[str, object], key: str, fallback: date, allowed: Allowed
) -> tuple[date, list[ParamIssue]]:
    values = _values(params.get(key))
    if not values:
        return fallback, []
    try:
        value = date.fromisoformat(values[0])
    except ValueError:
        return fallback, [ParamIssue(key, values[0], "bad_date")]
    low, high = allowed.data_start, allowed.data_end
    clamped = max(value, low) if low else value
    clamped = min(clamped, high) if high else clamped
    issues = [ParamIssue(key, value.isoformat(), "out_of_range")] if clamped != value else []
    return clamped, issues


def from_query_params(
    params: Mapping[str, str | list[str]],
    default: Filters,
    allowed: Allowed | None = None,
) -> tuple[Filters, list[ParamIssue]]:
    """Filters from URL params (plain dict; values str or list), plus what was ignored and why.

    Missing keys keep `default`'s value (scope always comes from `default`, never the URL).
    Unknown keys are left alone (other widgets may own them); bad values are dropped and
    reported; a list whose every value is bad keeps the default; reversed dates are swapped.
    """
    allowed = allowed or Allowed()
    issues: list[ParamIssue] = []
    start, found = _read_date(params, "from", default.period_start, allowed)
    issues += found
    end, found = _read_date(params, "to", default.period_end, allowed)
    issues += found
    if end < start:
        swapped = f"{start.isoformat()}..{end.isoformat()}"
        issues.append(ParamIssue("from", swapped, "reversed_range"))
        start, end = end, start
    chosen: dict[str, object] = {"period_start": start, "period_end": end}
    for key, name in LIST_KEYS.items():
        values = _values(params.get(key))
        if not values:
            continue
        if values == [ALL]:
            chosen[name] = ()
            continue
        good = [v for v in values if _is_valid(name, v, allowed)]
        issues += [
            ParamIssue(key, v, "outside_scope" if v in allowed.withheld else "unknown_value")
            for v in values
            if v not in good
        ]
        if good:
            chosen[name] = tuple(good)
    lang = _values(params.get("lang"))
    if lang:
        if lang[0] in LANGS:
            chosen["lang"] = lang[0]
        else:
            issues.append(ParamIssue("lang", lang[0], "unknown_value"))
    return replace(default, **chosen), issues


# --- Streamlit glue (thin; everything above is testable without Streamlit) ---------------------


def read_from_streamlit(
    default: Filters, allowed: Allowed | None = None
) -> tuple[Filters, list[ParamIssue]]:
    """Filters from the current page URL (st.query_params)."""
    import streamlit as st

    params = {key: st.query_params.get_all(key) for key in URL_KEYS if key in st.query_params}
    return from_query_params(params, default, allowed)


def write_to_streamlit(filters: Filters, default: Filters) -> None:
    """Put the filters into the page URL, touching only our keys; defaults are removed."""
    import streamlit as st

    wanted = filters.to_query_params(default)
    for key in URL_KEYS:
        if key in wanted:
            value = wanted[key]
            current = st.query_params.get_all(key)
            if current != (value if isinstance(value, list) else [value]):
                st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]
