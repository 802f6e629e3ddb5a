"""The appeal snapshot contract: columns, types, allowed values, and the checks run on every load.

A snapshot is one registry export taken on `snapshot_date` (DESIGN.md). `validate()` returns
every violation at once, each naming the file, the first row numbers, the column and what was
expected, so a person can fix the source file in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and pyarrow load on use: the CLI's summary needs neither
    import pandas as pd
    import pyarrow as pa

# The value an import stores when its source does not say (docs/ingest.md): an explicit value
# rather than null, so filters can select it, exports label it, and `outcome = 'satisfied'`
# can never count it. Appended last: the generator indexes these tuples by position.
UNKNOWN = "unknown"
APPEAL_TYPES = ("complaint", "application", "proposal", "request", "response")
BODY_LEVELS = ("central", "local")
CHANNELS = ("paper", "e_portal", "email", "personal_reception", "hotline", "other", UNKNOWN)
APPLICANT_KINDS = ("individual", "legal_entity", UNKNOWN)
OUTCOMES = (
    "satisfied",
    "partially_satisfied",
    "refused",
    "explained",
    "forwarded",
    "left_without_review",
    UNKNOWN,  # closed, but the source has no outcome: received, never satisfied
)
SIGNED_LEVELS = ("executor", "unit_head", "deputy_head", "first_head")
# Types the evaluation counts as "received" (complaints plus applications, domain.md).
EVALUATED_TYPES = ("complaint", "application")

# Row numbers shown in an error message; the rest are only counted.
MAX_ROWS_SHOWN = 20


@dataclass(frozen=True)
class Column:
    """One contract column: its kind of value, whether it may be null, its allowed values."""

    name: str
    kind: str  # text, date, bool or int: the Arrow type in `arrow_type`
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    meaning: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("appeal_id", "text", meaning="registry number, unique per appeal"),
    Column("snapshot_date", "date", meaning="date of the export this row came from"),
    Column("received_date", "date", meaning="registration date"),
    Column("appeal_type", "text", allowed=APPEAL_TYPES),
    Column("body_id", "text", meaning="body that holds the appeal"),
    Column("body_level", "text", allowed=BODY_LEVELS),
    Column("region_code", "text", meaning="KATO code of the region (two digits)"),
    Column("district_code", "text", nullable=True, meaning="KATO district"),
    Column("category_code", "text", meaning="classifier code SS.TT[.QQ]"),
    Column("channel", "text", allowed=CHANNELS),
    Column(
        "applicant_key",
        "text",
        nullable=True,
        meaning="pseudonymised applicant, never a raw IIN/BIN; null when the source has no id",
    ),
    Column("applicant_kind", "text", allowed=APPLICANT_KINDS),
    Column("is_collective", "bool"),
    Column("signatories", "int", meaning="number of signatories, 1 for a single applicant"),
    Column("repeat_of", "text", nullable=True, meaning="appeal_id of the earlier appeal"),
    Column("due_date", "date", nullable=True, meaning="deadline in force"),
    Column("extended", "bool"),
    Column("closed_date", "date", nullable=True, meaning="answer date; null while open"),
    Column("outcome", "text", nullable=True, allowed=OUTCOMES),
    Column("justified", "bool", nullable=True),
    Column("signed_level", "text", nullable=True, allowed=SIGNED_LEVELS),
    Column("cites_legal_basis", "bool", nullable=True),
    Column("correspondence_ended", "bool"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)


@cache
def arrow_schema() -> pa.Schema:
    """The contract as an Arrow schema: snapshot Parquet files are written in it."""
    import pyarrow as pa

    types = {"text": pa.string(), "date": pa.date32(), "bool": pa.bool_(), "int": pa.int32()}
    return pa.schema([pa.field(c.name, types[c.kind], nullable=c.nullable) for c in COLUMNS])


CATEGORY_PATTERN = r"^\d{2}\.\d{2}(\.\d{2})?$"
# A raw IIN/BIN is exactly 12 digits; such a value in applicant_key means pseudonymisation failed.
RAW_ID_PATTERN = r"^\d{12}$"


RAW_ID = re.compile(r"(?<!\d)\d{12}(?!\d)")  # a twelve-digit IIN/BIN anywhere in a text


def mask_ids(text: str) -> str:
    """`text` with every raw-looking IIN/BIN masked (870101300123 -> 87********23)."""
    return RAW_ID.sub(lambda m: m.group()[:2] + "*" * 8 + m.group()[-2:], text)


# What each rule expects, by a stable key: the English the CLI prints (with `{params}`). The
# Data page words the same rule from `ingest.expected.<key>` in dashboard/locales (same
# placeholders); a rule without a translation is shown in this English.
EXPECTED: dict[str, str] = {
    "not_empty": "a value (the column may not be empty)",
    "one_of": "one of {values}",
    "reference_code": "a code from data/reference ({column})",
    "classifier_code": "a classifier code like 02.03 or 02.03.01",
    "pseudonymised_key": "a pseudonymised key, not a raw 12-digit IIN/BIN",
    "unique_id": "each appeal_id once per snapshot",
    "not_after_snapshot": "a date on or before snapshot_date",
    "outcome_when_closed": "an outcome for every closed appeal",
    "earlier_appeal": "an earlier appeal, not the appeal itself",
    "signatories": "a whole number of at least 1",
    "column_present": "the column to be present",
    # the importer's (dashboard.data.ingest): cells it cannot parse, rules of the file itself
    "date": "a date like {example} ({format})",
    "yes_no": "yes or no (Да/Нет, true/false, 1/0)",
    "whole_number": "a whole number",
    "iin_bin": "a 12-digit IIN/BIN (shown masked)",
    "snapshot_date": "the --snapshot-date {date} (one file is one snapshot)",
    "no_control_characters": "text without control characters (NUL, ESC and the like)",
    "listed_code": (
        "a code listed in data/reference/{file}; map other codes under values: {column}: in "
        "mapping {mapping}, or set new_codes: add to give texts codes of their own"
    ),
}


def expected_text(rule: str, /, **params: str) -> str:
    """The English of what `rule` expects (EXPECTED), its parameters filled in."""
    return EXPECTED[rule].format(**params)


@dataclass
class Violation:
    """One broken rule: which column, which rows (0-based positions), what was expected.

    `expected` is the English the CLI prints; `rule` and `params` say the same as a key of
    EXPECTED and its parameters, so the page can word it in its language ("" = no key).
    `header` is the file's own name of the contract column, when the mapping gives one.
    """

    column: str
    rows: list[int]
    expected: str
    bad_values: list[str] = field(default_factory=list)
    rule: str = ""
    params: dict[str, str] = field(default_factory=dict)
    header: str = ""

    @classmethod
    def of(
        cls, column: str, rows: list[int], rule: str, bad_values: list[str], /, **params: str
    ) -> Violation:
        """A violation of the rule `rule` (a key of EXPECTED) with its parameters."""
        return cls(column, rows, expected_text(rule, **params), bad_values, rule, params)

    @property
    def label(self) -> str:
        """How messages name the column: the file's header and the contract name."""
        if self.header and self.header != self.column:
            return f"{self.header} -> {self.column}"
        return self.column

    def describe(self, source: str, first_row_number: int = 2) -> str:
        """Human message; row numbers count as in a spreadsheet (header is row 1)."""
        shown = ", ".join(str(r + first_row_number) for r in self.rows[:MAX_ROWS_SHOWN])
        more = f" (and {len(self.rows) - MAX_ROWS_SHOWN} more)" if len(self.rows) > 20 else ""
        values = ""
        if self.bad_values:
            values = "; bad values: " + ", ".join(repr(v) for v in self.bad_values[:10])
            values = mask_ids(values)  # a raw IIN/BIN in a wrong column is still personal
        return (
            f"{source}: column {self.label!r}, {len(self.rows)} row(s): rows {shown}{more}"
            f"{values}; expected {self.expected}"
        )


class ContractError(ValueError):
    """A snapshot breaks the contract; the message lists every violation."""

    def __init__(self, source: str, violations: list[Violation], first_row_number: int = 2) -> None:
        self.source = source
        self.violations = violations
        self.first_row_number = first_row_number
        lines = [v.describe(source, first_row_number) for v in violations]
        super().__init__("\n".join(lines))


def _positions(mask: pd.Series) -> list[int]:
    return [int(i) for i in mask.to_numpy().nonzero()[0]]


def _bad_values(series: pd.Series, mask: pd.Series) -> list[str]:
    import pandas as pd

    return [str(v) for v in pd.unique(series[mask].astype("string").fillna("<empty>"))[:10]]


# column, rows that break it, what was expected (a key of EXPECTED) and its parameters
Rule = tuple[str, "pd.Series", str, dict[str, str]]
DATE_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "date")


def _collect(df: pd.DataFrame, rules: Iterable[Rule]) -> list[Violation]:
    found = []
    for column, mask, rule, params in rules:
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            bad = _bad_values(df[column], mask)
            found.append(Violation.of(column, _positions(mask), rule, bad, **params))
    return found


def _column_rules(df: pd.DataFrame, known: dict[str, set[str]]) -> Iterator[Rule]:
    for col in COLUMNS:
        s = df[col.name]
        if not col.nullable:
            yield col.name, s.isna(), "not_empty", {}
        if col.allowed is not None:
            values = {"values": ", ".join(col.allowed)}
            yield col.name, s.notna() & ~s.isin(col.allowed), "one_of", values
    for column, codes in known.items():
        s = df[column]
        yield column, s.notna() & ~s.isin(list(codes)), "reference_code", {"column": column}


def _dates(df: pd.DataFrame) -> pd.DataFrame:
    """Date columns as datetime64, whatever the reader produced (date objects, strings)."""
    import pandas as pd

    return pd.DataFrame({c: pd.to_datetime(df[c], errors="coerce") for c in DATE_COLUMNS})


def _row_rules(df: pd.DataFrame) -> Iterator[Rule]:
    d = _dates(df)
    category = df["category_code"].astype("string")
    yield (
        "category_code",
        df["category_code"].notna() & ~category.str.match(CATEGORY_PATTERN),
        "classifier_code",
        {},
    )
    yield (
        "applicant_key",
        df["applicant_key"].astype("string").str.match(RAW_ID_PATTERN),
        "pseudonymised_key",
        {},
    )
    dup = df["appeal_id"].notna() & df.duplicated(["snapshot_date", "appeal_id"], keep=False)
    yield "appeal_id", dup, "unique_id", {}
    yield "received_date", d.received_date > d.snapshot_date, "not_after_snapshot", {}
    yield "closed_date", d.closed_date > d.snapshot_date, "not_after_snapshot", {}
    yield "outcome", df["closed_date"].notna() & df["outcome"].isna(), "outcome_when_closed", {}
    yield (
        "repeat_of",
        df["repeat_of"].notna() & (df["repeat_of"] == df["appeal_id"]),
        "earlier_appeal",
        {},
    )
    yield "signatories", df["signatories"] < 1, "signatories", {}


def validate(df: pd.DataFrame, known: dict[str, set[str]] | None = None) -> list[Violation]:
    """All contract violations of a snapshot frame (empty list = valid).

    `known` maps a column (body_id, region_code, category_code) to the codes the reference
    tables hold; codes outside it are violations. Frames must already carry contract names.
    """
    missing = [c for c in COLUMN_NAMES if c not in df.columns]
    if missing:
        return [Violation.of(c, [], "column_present", []) for c in missing]
    df = df.reset_index(drop=True)
    return _collect(df, [*_column_rules(df, known or {}), *_row_rules(df)])


def to_arrow(df: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table in contract column order and types."""
    import pyarrow as pa

    return pa.Table.from_pandas(df[list(COLUMN_NAMES)], schema=arrow_schema(), preserve_index=False)
