"""Text cells to typed columns, vectorised; every cell that fails becomes a row-level Violation.

Each parser returns the typed column and a mask of the cells it could not read, so the
caller reports them by row instead of failing on the first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.schema import Violation

# datetime64 (midnight) rather than Arrow date32: pandas compares and checks it far faster,
# and schema.to_arrow casts it to the contract's date32.
DATE_DTYPE = "datetime64[s]"
# Accepted spellings of yes/no (lower-cased): English, Russian, Kazakh, digits.
TRUE_TEXTS = frozenset({"true", "t", "yes", "y", "1", "да", "д", "иә", "ия", "+"})
FALSE_TEXTS = frozenset({"false", "f", "no", "n", "0", "нет", "н", "жоқ", "жок"})


def _positions(mask: pd.Series) -> list[int]:
    return [int(i) for i in mask.to_numpy().nonzero()[0]]


def _bad_values(raw: pd.Series, mask: pd.Series) -> list[str]:
    return [str(v) for v in pd.unique(raw[mask].astype("string").fillna("<empty>"))[:10]]


def failed(
    column: str, raw: pd.Series, mask: pd.Series, rule: str, /, **params: str
) -> Violation | None:
    """A Violation of `rule` (a key of schema.EXPECTED) for the masked cells of a column, or
    None when there are none."""
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return None
    return Violation.of(column, _positions(mask), rule, _bad_values(raw, mask), **params)


def dates(raw: pd.Series, fmt: str) -> tuple[pd.Series, pd.Series]:
    """Dates in `fmt`; cells that fail it but are ISO (Excel date cells) are accepted too."""
    # Each distinct text parsed once (an export has a few hundred dates in millions of rows)
    # and spread back to the rows: parsing is per cell, so the result is the same.
    codes, uniques = pd.factorize(raw)
    texts = pd.Series(uniques, dtype=raw.dtype)
    parsed = _taken(_dates(texts, fmt).array, codes, raw.index).rename(raw.name)
    return parsed, raw.notna() & parsed.isna()


def _dates(raw: pd.Series, fmt: str) -> pd.Series:
    parsed = pd.to_datetime(raw, format=fmt, errors="coerce")
    bad = raw.notna() & parsed.isna()
    if bad.any():
        iso = pd.to_datetime(raw[bad], format="%Y-%m-%d", errors="coerce")
        parsed = parsed.copy()
        parsed[bad] = iso
    # Timestamps with a time of day (document systems log them) count by their calendar day.
    return parsed.dt.floor("D").astype(DATE_DTYPE)


def lookup(raw: pd.Series, table: dict[str, object], keep_unmapped: bool) -> pd.Series:
    """Each cell looked up in `table`, once per distinct value (fast on millions of rows).

    Unmapped cells keep their text when keep_unmapped, else become missing.
    """
    codes, uniques = pd.factorize(raw)
    hits = [table.get(u, u if keep_unmapped else None) for u in uniques.tolist()]
    values = np.array([*hits, None], dtype=object)  # code -1 (missing) picks the final None
    return pd.Series(values[codes], index=raw.index, dtype=object)


def booleans(
    raw: pd.Series, value_map: dict[str, object] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells (value_map first, then the common spellings); others are failures."""
    table = {t: True for t in TRUE_TEXTS} | {t: False for t in FALSE_TEXTS}
    table |= {str(k).lower(): v for k, v in (value_map or {}).items()}
    codes, uniques = pd.factorize(raw)
    hits = [table.get(k) for k in pd.Series(uniques, dtype=raw.dtype).str.lower().tolist()]
    parsed = _taken(pd.array(hits, dtype=object).astype("boolean"), codes, raw.index)
    bad = raw.notna() & parsed.isna()
    return parsed, bad


def _taken(
    values: pd.api.extensions.ExtensionArray, codes: np.ndarray, index: pd.Index
) -> pd.Series:
    """values[code] for each row (pd.factorize's codes); code -1 (a missing cell) is missing."""
    return pd.Series(values.take(codes, allow_fill=True), index=index)


def integers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (a trailing '.0' from spreadsheets is fine)."""
    num = pd.to_numeric(raw.str.replace(r"\s", "", regex=True), errors="coerce")
    bad = raw.notna() & (num.isna() | (num % 1 != 0))
    return num.where(~bad).astype("Int64"), bad


def mapped_text(raw: pd.Series, value_map: dict[str, object] | None) -> pd.Series:
    """Text with the mapping's value map applied (case-insensitive); unmapped values pass through.

    Passing unmapped values through lets the contract check name them as not allowed.
    """
    if not value_map:
        return raw
    # lower(), not casefold(): Arrow-backed strings lower in C, casefold falls back to Python
    table = {str(k).lower(): v for k, v in value_map.items()}
    # Each distinct text mapped once (an export repeats a few texts millions of times), then
    # spread back to the rows; a text as an object, as it always was, then "str".
    codes, uniques = pd.factorize(raw)
    keys = pd.Series(uniques, dtype=raw.dtype).str.lower().tolist()
    mapped = [table[k] if k in table else u for k, u in zip(keys, uniques.tolist(), strict=True)]
    values = pd.array(mapped, dtype=object).astype("str")
    return _taken(values, codes, raw.index).rename(raw.name)
