"""Column mappings (data/mappings/*.yaml): how one export format becomes the snapshot contract.

A mapping names the source column of each contract column, constants for columns the
source lacks, value maps for codes and enums, date formats and how to read the file. It is
checked completely when loaded, so a typo fails before any data is read.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from dashboard import paths
from dashboard.data import schema
from dashboard.data.ingest import IngestError

FORMATS = ("auto", "csv", "xlsx", "parquet")
NEW_CODES = ("reject", "add")
KEYS = frozenset(
    {
        "name",
        "description",
        "format",
        "encoding",
        "delimiter",
        "sheet",
        "date_format",
        "null_values",
        "columns",
        "constants",
        "values",
        "truncate",
        "applicant_id",
        "new_codes",
        "new_body_level",
        "derive_due_date",
    }
)
DATE_COLUMNS = tuple(c.name for c in schema.COLUMNS if c.kind == "date")
BOOL_COLUMNS = tuple(c.name for c in schema.COLUMNS if c.kind == "bool")
INT_COLUMNS = tuple(c.name for c in schema.COLUMNS if c.kind == "int")
# Filled by the importer when a mapping leaves them out (see transform._fill_derived).
DERIVED = frozenset({"snapshot_date", "body_level", "signatories"})
# What stays required: each from a column or a constant (docs/ingest.md).
REQUIRED = ("appeal_id", "received_date", "appeal_type", "body_id", "region_code", "category_code")
# What a contract column the source lacks becomes: a key of data.defaults.* in the locales.
# None = empty; "unknown" = schema.UNKNOWN; outcome is unknown on closed appeals only.
DEFAULTS: dict[str, tuple[object, str]] = {
    "channel": (schema.UNKNOWN, "unknown"),
    "applicant_key": (None, "no_applicant"),
    "applicant_kind": (schema.UNKNOWN, "unknown"),
    "is_collective": (False, "single"),
    "signatories": (None, "one_signatory"),
    "extended": (False, "not_extended"),
    "correspondence_ended": (False, "not_ended"),
    "outcome": (None, "outcome_unknown"),
    "due_date": (None, "due_derived"),
    "district_code": (None, "empty"),
    "repeat_of": (None, "no_repeats"),
    "closed_date": (None, "all_open"),
    "justified": (None, "empty"),
    "signed_level": (None, "empty"),
    "cites_legal_basis": (None, "empty"),
}
ISO_FORMAT = "%Y-%m-%d"
# Cell texts read as empty unless a mapping says otherwise (exports write dashes for "none").
DEFAULT_NULLS = ("", "-", "—", "–", "н/д", "null", "NULL", "None", "nan", "NaN", "NaT")


class MappingError(IngestError):
    """A mapping file that cannot be used; the message lists every problem in it."""


@dataclass(frozen=True)
class Mapping:
    """A loaded, checked mapping."""

    name: str
    path: Path
    format: str = "auto"
    encoding: str = "utf-8"
    delimiter: str = ","
    sheet: str | int | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
    null_values: tuple[str, ...] = DEFAULT_NULLS
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    truncate: dict[str, int] = field(default_factory=dict)
    applicant_id: str | None = None
    new_codes: str = "reject"
    new_body_level: str | None = None  # level of a body an import adds (new_codes: add)
    derive_due_date: bool = True

    def date_format(self, column: str) -> str:
        """The strptime format of a date column in the source."""
        return self.date_formats.get(column, ISO_FORMAT)

    def source_header(self, column: str) -> str:
        """The file's header a contract column is read from ("" when none is mapped); messages
        name a column by both (schema.Violation.label)."""
        if column == "applicant_key" and self.applicant_id:
            return self.applicant_id
        return self.columns.get(column) or ""

    def absent(self) -> dict[str, str]:
        """Contract columns the source lacks -> what they become (a data.defaults.* key)."""
        given = set(self.columns) | set(self.constants)
        if self.applicant_id:
            given |= {"applicant_key", "applicant_kind"}
        out = {c: key for c, (_, key) in DEFAULTS.items() if c not in given}
        if "due_date" in out and not self.derive_due_date:
            out["due_date"] = "empty"
        return out


def resolve(name_or_path: str | Path) -> Path:
    """A mapping's file: an existing path, or data/mappings/<NAME>.yaml."""
    given = Path(name_or_path)
    if given.suffix in (".yaml", ".yml") or given.exists():
        if not given.exists():
            raise MappingError(
                f"mapping file {given} does not exist", "mapping_missing", mapping=given.name
            )
        return given
    path = paths.MAPPINGS_DIR / f"{name_or_path}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in paths.MAPPINGS_DIR.glob("*.yaml"))) or "none"
        raise MappingError(
            f"no mapping named {name_or_path!r} (known: {known}); give a path",
            "no_mapping",
            mapping=str(name_or_path),
        )
    return path


def load(name_or_path: str | Path) -> Mapping:
    """Read and check a mapping; every problem is listed in one MappingError."""
    path = resolve(name_or_path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(
            f"mapping {path}: not valid YAML: {exc}",
            "mapping_yaml",
            mapping=path.name,
            detail=" ".join(str(exc).split()),
        ) from exc
    if not isinstance(raw, dict):
        raise MappingError(
            f"mapping {path}: expected a YAML mapping of keys, got {type(raw)}",
            "mapping_not_keys",
            mapping=path.name,
        )
    problems = _check(raw)
    if problems:
        raise MappingError(
            f"mapping {path}: " + "; ".join(problems),
            "mapping_problems",
            mapping=path.name,
            problems="; ".join(problems),
        )
    return _build(raw, path)


def _check(raw: dict[str, Any]) -> list[str]:
    problems = [f"unknown key {k!r}" for k in raw if k not in KEYS]
    for key in ("columns", "constants", "values", "truncate"):
        section = raw.get(key) or {}
        if not isinstance(section, dict):
            problems.append(f"{key} must be a mapping of contract column -> value")
            continue
        problems += [
            f"{key}: {c!r} is not a contract column"
            for c in section
            if c not in schema.COLUMN_NAMES
        ]
    problems += _check_reading(raw)
    problems += _check_constants(raw.get("constants") or {})
    problems += _check_coverage(raw)
    if raw.get("new_codes", "reject") not in NEW_CODES:
        problems.append(f"new_codes must be one of {', '.join(NEW_CODES)}")
    if raw.get("new_body_level") not in (None, *schema.BODY_LEVELS):
        problems.append(f"new_body_level must be one of {', '.join(schema.BODY_LEVELS)}")
    if not isinstance(raw.get("derive_due_date", True), bool):
        problems.append("derive_due_date must be true or false")
    return problems


def _check_reading(raw: dict[str, Any]) -> list[str]:
    problems = []
    if raw.get("format", "auto") not in FORMATS:
        problems.append(f"format must be one of {', '.join(FORMATS)}")
    try:
        codecs.lookup(str(raw.get("encoding", "utf-8")))
    except LookupError:
        problems.append(f"encoding {raw.get('encoding')!r} is not a Python codec")
    if len(str(raw.get("delimiter", ","))) != 1:
        problems.append("delimiter must be one character")
    formats = raw.get("date_format", ISO_FORMAT)
    if isinstance(formats, dict):
        problems += [
            f"date_format: {c!r} is not a date column" for c in formats if c not in DATE_COLUMNS
        ]
    elif not isinstance(formats, str):
        problems.append("date_format must be a strptime format or a map of column -> format")
    return problems


def _check_constants(constants: dict[str, Any]) -> list[str]:
    problems = []
    by_name = {c.name: c for c in schema.COLUMNS}
    for name, value in constants.items():
        col = by_name.get(name)
        if col is None:
            continue
        if col.allowed and value not in col.allowed:
            problems.append(f"constants: {name}: {value!r} is not one of {', '.join(col.allowed)}")
        if name in BOOL_COLUMNS and not isinstance(value, bool | None):
            problems.append(f"constants: {name} must be true, false or null")
        if name in DATE_COLUMNS and not isinstance(value, date | None):
            problems.append(f"constants: {name} must be a date YYYY-MM-DD")
    return problems


def _check_coverage(raw: dict[str, Any]) -> list[str]:
    columns, constants = raw.get("columns") or {}, raw.get("constants") or {}
    problems = [f"{c!r} is both in columns and constants" for c in columns if c in constants]
    if raw.get("applicant_id") and ("applicant_key" in columns or "applicant_key" in constants):
        problems.append("applicant_key comes from applicant_id; do not also map it")
    given = set(columns) | set(constants)
    problems += [
        f"contract column {c!r} is neither in columns nor constants"
        for c in REQUIRED
        if c not in given
    ]
    return problems


def _build(raw: dict[str, Any], path: Path) -> Mapping:
    formats = raw.get("date_format", ISO_FORMAT)
    if isinstance(formats, str):
        formats = dict.fromkeys(DATE_COLUMNS, formats)
    nulls = raw.get("null_values")
    return Mapping(
        name=str(raw.get("name", path.stem)),
        path=path,
        format=raw.get("format", "auto"),
        encoding=str(raw.get("encoding", "utf-8")),
        delimiter=str(raw.get("delimiter", ",")),
        sheet=raw.get("sheet"),
        date_formats={k: str(v) for k, v in formats.items()},
        null_values=tuple(str(v) for v in nulls) if nulls is not None else DEFAULT_NULLS,
        columns={k: str(v) for k, v in (raw.get("columns") or {}).items()},
        constants=dict(raw.get("constants") or {}),
        values={
            k: {str(raw_value): v for raw_value, v in (vmap or {}).items()}
            for k, vmap in (raw.get("values") or {}).items()
        },
        truncate={k: int(v) for k, v in (raw.get("truncate") or {}).items()},
        applicant_id=raw.get("applicant_id"),
        new_codes=raw.get("new_codes", "reject"),
        new_body_level=raw.get("new_body_level"),
        derive_due_date=bool(raw.get("derive_due_date", True)),
    )
