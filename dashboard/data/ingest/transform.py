"""A frame of source text cells to a contract frame, by a mapping, collecting every bad cell.

Column order and row positions are kept, so each violation's rows are the source's rows.
Violations carry contract column names here; pipeline.py labels them with source headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.data import reference, schema
from dashboard.data.ingest import IngestError, deadlines, limits, parse, pseudonymise
from dashboard.data.ingest.mapping import (
    BOOL_COLUMNS,
    DATE_COLUMNS,
    DEFAULTS,
    INT_COLUMNS,
    Mapping,
)
from dashboard.data.schema import Violation


@dataclass
class Mapped:
    """The contract frame, the cells that failed to parse, and how many due dates were derived."""

    frame: pd.DataFrame
    violations: list[Violation]
    n_due_derived: int = 0
    absent: dict[str, str] = field(default_factory=dict)  # column -> data.defaults.* key
    codes: pd.DataFrame | None = None  # the registry of text codes, when new_codes: add


def check_columns(raw: pd.DataFrame, mapping: Mapping, source: str) -> None:
    """Every source column the mapping names must be in the file, or nothing is read further."""
    wanted = dict(mapping.columns)
    if mapping.applicant_id:
        wanted["applicant_key"] = mapping.applicant_id
    absent = [(src, col) for col, src in wanted.items() if src not in raw.columns]
    if absent:
        missing = ", ".join(f"{src!r} (for {col})" for src, col in absent)
        present = list(raw.columns)
        raise IngestError(
            f"{source}: rejected, nothing was imported: missing column(s) {missing}; "
            f"the file has columns {limits.shorten_names(present)}; expected the "
            f"headers named in mapping {mapping.name} ({mapping.path})",
            "missing_columns",
            missing=absent,
            present=limits.names_shown(present),
            present_more=max(0, len(present) - limits.SHOWN_HEADER_NAMES),
            mapping=mapping.name,
        )


def _source(raw: pd.DataFrame, mapping: Mapping, column: str) -> pd.Series | None:
    """The column's text cells, or None when the mapping gives a constant or nothing."""
    src = mapping.columns.get(column)
    if src is None:
        return None
    s = raw[src]
    if column in mapping.truncate:
        s = s.str[: mapping.truncate[column]]
    return s


def _constant(column: str, value: object, n: int) -> pd.Series:
    # the value broadcast by pandas: a list of n copies took as long as a parsed column
    index = pd.RangeIndex(n)
    if column in DATE_COLUMNS:
        return pd.Series(value, index=index, dtype=parse.DATE_DTYPE)
    if column in BOOL_COLUMNS:
        return pd.Series(value, index=index, dtype="boolean")
    if column in INT_COLUMNS:
        return pd.Series(value, index=index, dtype="Int64")
    return pd.Series(value, index=index, dtype="str")


def _typed(column: str, s: pd.Series, mapping: Mapping) -> tuple[pd.Series, Violation | None]:
    if column in DATE_COLUMNS:
        fmt = mapping.date_format(column)
        example = date(2016, 12, 31).strftime(fmt)
        out, bad = parse.dates(s, fmt)
        return out, parse.failed(column, s, bad, "date", example=example, format=fmt)
    if column in BOOL_COLUMNS:
        out, bad = parse.booleans(s, mapping.values.get(column))
        return out, parse.failed(column, s, bad, "yes_no")
    if column in INT_COLUMNS:
        out, bad = parse.integers(s)
        return out, parse.failed(column, s, bad, "whole_number")
    return parse.mapped_text(s, mapping.values.get(column)), None


def _applicant(raw: pd.DataFrame, mapping: Mapping, salt: bytes) -> tuple[dict, Violation | None]:
    ids = pseudonymise.normalise(raw[mapping.applicant_id])
    ok = ids.str.fullmatch(r"\d{12}").fillna(False).astype(bool)
    valid = ids.where(ok)
    cols = {"applicant_key": pseudonymise.keys(valid, salt)}
    if "applicant_kind" not in mapping.columns and "applicant_kind" not in mapping.constants:
        cols["applicant_kind"] = pseudonymise.kinds(valid)
    masked = ids.where(ok, ids[~ok].map(pseudonymise.mask_id, na_action="ignore"))
    bad = parse.failed("applicant_key", masked, ~ok, "iin_bin")
    return cols, bad


def to_contract(
    raw: pd.DataFrame,
    mapping: Mapping,
    snapshot_date: date,
    salt: bytes,
    reference_dir: Path | None = None,
) -> Mapped:
    """Map, parse and complete a source frame; bad cells become violations, not exceptions."""
    n = len(raw)
    cols: dict[str, pd.Series] = {}
    found: list[Violation] = []
    for column in schema.COLUMN_NAMES:
        s = _source(raw, mapping, column)
        if s is None:
            value = mapping.constants.get(column, DEFAULTS.get(column, (None, ""))[0])
            cols[column] = _constant(column, value, n)
            continue
        cols[column], bad = _typed(column, s.reset_index(drop=True), mapping)
        found += [bad] if bad else []
    if mapping.applicant_id:
        derived, bad = _applicant(raw.reset_index(drop=True), mapping, salt)
        cols.update(derived)
        found += [bad] if bad else []
    frame = pd.DataFrame(cols)
    found += _check_snapshot_date(frame, snapshot_date, "snapshot_date" in mapping.columns)
    frame["snapshot_date"] = pd.Series(pd.Timestamp(snapshot_date), index=frame.index).astype(
        parse.DATE_DTYPE
    )
    _fill_derived(frame, mapping, reference_dir)
    absent = mapping.absent()
    if "outcome" in absent:  # a closed appeal whose source never says how it ended
        frame["outcome"] = frame["outcome"].mask(frame["closed_date"].notna(), schema.UNKNOWN)
    n_derived = _derive_due(frame, mapping, reference_dir)
    return Mapped(frame[list(schema.COLUMN_NAMES)], found, n_derived, absent)


def _check_snapshot_date(frame: pd.DataFrame, snapshot_date: date, mapped: bool) -> list[Violation]:
    if not mapped:
        return []
    other = frame["snapshot_date"].notna() & (frame["snapshot_date"] != pd.Timestamp(snapshot_date))
    bad = parse.failed(
        "snapshot_date", frame["snapshot_date"], other, "snapshot_date", date=str(snapshot_date)
    )
    return [bad] if bad else []


def _fill_derived(frame: pd.DataFrame, mapping: Mapping, reference_dir: Path | None) -> None:
    """body_level from the bodies table; one signatory for an appeal that is not collective."""
    given = set(mapping.columns) | set(mapping.constants)
    if "body_level" not in given:
        bodies = reference.table("bodies", reference_dir)
        levels = dict(zip(bodies.body_id, bodies.level, strict=True))
        frame["body_level"] = parse.lookup(frame["body_id"], levels, keep_unmapped=False).astype(
            "str"
        )
        if mapping.new_codes == "add" and mapping.new_body_level:
            # A body the reference does not know yet takes the level the mapping names.
            frame["body_level"] = frame["body_level"].fillna(mapping.new_body_level)
    single = frame["is_collective"].eq(False).fillna(False).astype(bool)
    frame["signatories"] = frame["signatories"].mask(frame["signatories"].isna() & single, 1)


def _derive_due(frame: pd.DataFrame, mapping: Mapping, reference_dir: Path | None) -> int:
    """Fill missing due dates from the deadline rules when the mapping asks for it."""
    missing = frame["due_date"].isna() & frame["received_date"].notna()
    if not mapping.derive_due_date or not missing.any():
        return 0
    derived = deadlines.derive(
        frame.loc[missing, "received_date"], frame.loc[missing, "appeal_type"], reference_dir
    )
    frame.loc[missing, "due_date"] = derived
    return int(derived.notna().sum())
