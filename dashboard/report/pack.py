"""What a collegium pack holds: quarter, scope, and the sections' data gathered once.

A section is what one slide shows: a title, the table behind it (raw query values), a native
chart spec whose values are those of the table, and speaker notes. The slide, workbook and
brief writers only lay sections out; every number comes from queries/*.sql through one
runner (uncached `queries.execute` for the CLI, the page's cached `queries.run` on the page).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import i18n
from dashboard.analysis.headline import Metric
from dashboard.data import queries
from dashboard.data.filters import Filters
from dashboard.data.schema import BODY_LEVELS

SCOPE_KINDS: tuple[str, ...] = ("all", "level", "body", "region")
# Column kinds of a section table; "value" and "change" take the row's kind (count or share).
KINDS: tuple[str, ...] = ("text", "count", "number", "share", "pp", "rel", "value", "change")

Runner = Callable[..., pd.DataFrame]  # runner(name, filters, **params) -> query result
Labeler = Callable[[str, str], str]  # (kind, code) -> name, as ui.label
Progress = Callable[[str], None]  # called with a step's name as each step ends


class PackError(ValueError):
    """A quarter, body or region the store does not hold; the message lists what it does."""


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, written 2016Q4."""

    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Quarter from "2016Q4" (case-insensitive); ValueError otherwise."""
        found = re.fullmatch(r"(\d{4})[Qq]([1-4])", text.strip())
        if not found:
            raise PackError(f"quarter must look like 2016Q4, not {text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def containing(cls, d: date) -> Quarter:
        """The quarter a date falls in."""
        return cls(d.year, (d.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> date:
        month = 3 * self.q
        return (pd.Timestamp(self.year, month, 1) + pd.offsets.MonthEnd(0)).date()

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    def year_before(self) -> Quarter:
        return Quarter(self.year - 1, self.q)

    def label(self, lang: str) -> str:
        """«IV кв. 2016», «2016 ж. IV тоқсан», «Q4 2016»."""
        return i18n.fmt_quarter(self.year, self.q, lang)

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"


def complete_quarters(first: date, last: date) -> list[Quarter]:
    """Quarters wholly inside the data: from first's quarter to the last one ending by `last`."""
    out, q = [], Quarter.containing(first)
    while q.end <= last:
        out.append(q)
        q = Quarter(q.year + 1, 1) if q.q == 4 else Quarter(q.year, q.q + 1)
    return out


def default_quarter(period_start: date, period_end: date, first: date, last: date) -> Quarter:
    """The latest complete quarter inside the period; the data's latest if none fits."""
    quarters = complete_quarters(first, last)
    inside = [q for q in quarters if q.start >= period_start and q.end <= period_end]
    if inside:
        return inside[-1]
    if not quarters:
        raise PackError(f"no complete quarter in the data ({first} – {last})")
    return quarters[-1]


@dataclass(frozen=True)
class Scope:
    """Whom the pack is about: everyone, one level, one body or one region."""

    kind: str = "all"
    code: str = ""

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise PackError(f"scope must be one of {SCOPE_KINDS}, not {self.kind!r}")
        if self.kind == "level" and self.code not in BODY_LEVELS:
            raise PackError(f"level must be one of {', '.join(BODY_LEVELS)}, not {self.code!r}")

    def apply(self, f: Filters) -> Filters:
        """The filters narrowed to this scope (the other filters and the access scope kept)."""
        if self.kind == "all":
            return f
        field_name = {"level": "levels", "body": "body_ids", "region": "region_codes"}[self.kind]
        return replace(f, **{field_name: (self.code,)})

    @property
    def key(self) -> str:
        """A plain-text form for widgets and URLs: all, level:central, body:mvd, region:75."""
        return "all" if self.kind == "all" else f"{self.kind}:{self.code}"

    @classmethod
    def from_key(cls, key: str) -> Scope:
        """The scope of a `key` string."""
        kind, _, code = key.partition(":")
        return cls(kind, code)

    @property
    def slug(self) -> str:
        """For file names: all, central, body-mvd, region-75."""
        if self.kind in ("all", "level"):
            return self.code or "all"
        return f"{self.kind}-" + re.sub(r"[^A-Za-z0-9_-]", "_", self.code)

    def label(self, lang: str, labeler: Labeler) -> str:
        """The scope in words: «Все госорганы», «ЦГО (центральные)», a body's or region's name."""
        if self.kind == "all":
            return i18n.t("collegium.scope.all", lang)
        if self.kind == "level":
            return i18n.enum_label("level", self.code, lang)
        return labeler(self.kind, self.code)


def scope_options(f: Filters) -> list[Scope]:
    """All bodies, then each level, body and region picked in the filters: one per pack."""
    return [
        Scope(),
        *(Scope("level", c) for c in f.levels),
        *(Scope("body", c) for c in f.body_ids),
        *(Scope("region", c) for c in f.region_codes),
    ]


def check_exists(
    quarter: Quarter, scope: Scope, quarters: Sequence[Quarter], known: set[str]
) -> None:
    """PackError naming what exists when the quarter or the scope's code is not in the store."""
    if quarter not in quarters:
        listed = ", ".join(str(q) for q in quarters)
        raise PackError(f"no complete quarter {quarter} in the data; there are: {listed}")
    if scope.kind in ("body", "region") and scope.code not in known:
        raise PackError(f"unknown {scope.kind} {scope.code!r}; known: {', '.join(sorted(known))}")


# --- what sections hold ----------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A native chart: one value per category per series; values are the table's, unscaled."""

    kind: str  # column | bar (horizontal, first category on top) | line | stacked
    title: str  # with its unit
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    is_share: bool = False  # values are 0–1 fractions
    highlight: tuple[int, ...] = ()  # categories drawn in the main colour (others lighter)
    labels: tuple[tuple[str, ...], ...] = ()  # ready label texts per series; else the values


@dataclass(frozen=True)
class Section:
    """One slide's content: title, table, chart, notes (and text for text slides)."""

    key: str
    title: str
    table: pd.DataFrame  # headers in the language; numbers raw (counts, 0–1 shares)
    kinds: tuple[str, ...]  # one of KINDS per table column
    chart: Chart | None = None
    notes: str = ""
    text: tuple[str, ...] = ()  # paragraphs for a text slide (findings, appendix)
    row_kinds: tuple[str, ...] = ()  # count | share per row, for "value"/"change" columns
    cards: tuple[Metric, ...] = ()  # headline figures, ready formatted
    slide_rows: int = 0  # table rows shown beside the chart (0: chart only)
    small: tuple[int, ...] = ()  # rows whose shares rest on too few appeals: greyed

    def is_small(self, row: int, col: int) -> bool:
        """A share cell on fewer appeals than the minimum n (shown grey, never ranked)."""
        return row in self.small and self.cell_kind(row, col) == "share"

    def cell_kind(self, row: int, col: int) -> str:
        """The kind of one cell: the column's, or the row's for value/change columns."""
        kind = self.kinds[col]
        if kind == "value":
            return self.row_kinds[row]
        if kind == "change":
            return "pp" if self.row_kinds[row] == "share" else "rel"
        return kind


def fmt_cell(value: object, kind: str, lang: str) -> str:
    """A table cell for people: counts grouped, shares in %, changes signed."""
    if i18n.is_missing(value):
        return i18n.MISSING
    if kind == "count":
        return i18n.fmt_int(value, lang)  # type: ignore[arg-type]
    if kind == "share":
        return i18n.fmt_share(value, lang)  # type: ignore[arg-type]
    if kind == "number":  # scores and the like: one decimal
        return i18n.fmt_number(value, lang, 1)  # type: ignore[arg-type]
    if kind == "pp":  # stored in percentage points (0.30 = +0,30 п.п.)
        return i18n.fmt_pp(float(value) / 100, lang)  # type: ignore[arg-type]
    if kind == "rel":
        text = i18n.fmt_share(value, lang, digits=1)  # type: ignore[arg-type]
        return text if float(value) <= 0 else "+" + text  # type: ignore[arg-type]
    return str(value)


@dataclass(frozen=True)
class Pack:
    """Everything the three writers need."""

    lang: str
    quarter: Quarter
    scope: Scope
    scope_label: str
    as_of: date
    filters: Filters
    filter_lines: tuple[str, ...]
    sections: tuple[Section, ...]

    @property
    def stem(self) -> str:
        """collegium-<scope>-<quarter>"""
        return f"collegium-{self.scope.slug}-{self.quarter}"

    @property
    def title(self) -> str:
        return i18n.t("collegium.title", self.lang)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


# --- gathering ----------------------------------------------------------------------------------


def execute_runner(db_path: Path | None) -> Runner:
    """A runner over queries.execute (uncached): the CLI's and the tests'."""

    def run(name: str, filters: Filters | None = None, **params: object) -> pd.DataFrame:
        values = dict(filters.to_sql_params()) if filters is not None else {}
        values.update(params)
        return queries.execute(name, values, db_path)

    return run


@dataclass
class Context:
    """What a section builder reads: the filters for quarter and scope, and a memo of queries."""

    filters: Filters  # the quarter's period, narrowed to the scope
    quarter: Quarter
    scope: Scope
    as_of: date  # late and "on review" are judged on this date (the latest snapshot)
    lang: str
    labeler: Labeler
    runner: Runner
    memo: dict[tuple[str, Filters, tuple[tuple[str, Any], ...]], pd.DataFrame] = field(
        default_factory=dict
    )

    def query(self, name: str, f: Filters | None = None, **params: object) -> pd.DataFrame:
        """A query result, run once per (name, filters, params) however many sections use it."""
        f = f or self.filters
        params.setdefault("as_of", self.as_of)
        key = (name, f, tuple(sorted(params.items())))
        if key not in self.memo:
            self.memo[key] = self.runner(name, f, **params)
        return self.memo[key].copy()

    def t(self, key: str, **fmt: object) -> str:
        return i18n.t(key, self.lang, **fmt)

    def previous(self) -> Filters:
        return self.filters.previous_period()

    def last_year(self) -> Filters:
        return self.filters.same_period_last_year()


Builder = Callable[[Context], Section | None]


def build(
    ctx: Context, builders: Sequence[Builder], progress: Progress | None = None
) -> tuple[Section, ...]:
    """Run each builder once; a builder with nothing to show (None) leaves its slide out."""
    out = []
    for builder in builders:
        section = builder(ctx)
        if section is not None:
            out.append(section)
        if progress:
            progress(builder.__name__)
    return tuple(out)
