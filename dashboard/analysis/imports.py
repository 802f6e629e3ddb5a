"""What the Data page says about imports: each imported file with the defaults it took, the
share of unknown values per column, and an upload's dry run, as tables for people; and why a
file cannot be imported, in the page's language (the CLI keeps its English).

Pure pandas: the records come from dashboard.data.ingest (manifest, quality, upload).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.data.ingest.manifest import Entry
from dashboard.data.schema import COLUMN_NAMES, MAX_ROWS_SHOWN, Violation, mask_ids
from dashboard.i18n import fmt_date, fmt_int, fmt_share, lookup, plural, t

if TYPE_CHECKING:
    from dashboard.data.ingest.upload import Problems

SHOWN_VALUES = 10  # bad values a line quotes, as Violation.describe does


def absent_text(absent: dict[str, str], lang: str) -> str:
    """The columns a file lacked and what they became: "channel: not known; …"."""
    if not absent:
        return t("data.all_present", lang)
    return "; ".join(
        f"{column}: {lookup(f'data.defaults.{key}', lang) or key}" for column, key in absent.items()
    )


def imports_table(entries: Iterable[Entry], lang: str) -> pd.DataFrame:
    """One line per imported file: snapshot, file, mapping, rows, when, absent columns."""
    rows = [
        {
            t("data.snapshot_date", lang): fmt_date(e.snapshot_date, lang),
            t("data.import_file", lang): e.file,
            t("data.import_mapping", lang): e.mapping,
            t("data.rows", lang): fmt_int(e.rows, lang),
            t("data.imported_at", lang): fmt_date(e.imported_at[:10], lang),
            t("data.absent", lang): absent_text(e.absent, lang),
        }
        for e in entries
    ]
    return pd.DataFrame(rows)


def unknown_table(unknown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One line per column with unknown values: how many, of how many, the share."""
    return pd.DataFrame(
        {
            t("data.column", lang): [
                lookup(f"data.unknown_columns.{c}", lang) or c for c in unknown.column_name
            ],
            t("data.unknown_n", lang): [fmt_int(n, lang) for n in unknown.n_unknown],
            t("data.unknown_of", lang): [fmt_int(n, lang) for n in unknown.n_rows],
            t("data.unknown_share", lang): [fmt_share(s, lang) for s in unknown.unknown_share],
        }
    )


def preview_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The first rows as mapped, contract column names as headers (the mapping's own terms)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = [fmt_date(d, lang) for d in out[column]]
    return out.astype(object).where(out.notna(), "—").astype(str)


def unmapped_table(unmapped: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Values that are not reference codes, most frequent first per column."""
    return pd.DataFrame(
        {
            t("data.column", lang): list(unmapped.column),
            t("data.value", lang): list(unmapped.value),
            t("data.rows", lang): [fmt_int(n, lang) for n in unmapped.n],
        }
    )


def problem_lines(found: Problems, lang: str) -> list[str]:
    """Why a file cannot be imported, in `lang`, one line per problem: for each broken rule
    the file, the column, how many rows and the first row numbers (as a spreadsheet counts
    them), the bad values and what was expected. Raw IIN/BIN are masked in every line; a
    problem the locales cannot word is given in the CLI's English."""
    if found.violations:
        n = plural("ingest.problems", len(found.violations), lang)
        lines = [t("ingest.head", lang, file=found.source, problems=n)]
        at = found.lines or [None] * len(found.violations)
        lines += [_violation(v, a, found, lang) for v, a in zip(found.violations, at, strict=True)]
    elif found.key and lookup(f"ingest.errors.{found.key}", lang):
        params = {k: _param(k, v, found.params, lang) for k, v in found.params.items()}
        lines = [t(f"ingest.errors.{found.key}", lang, **params, file=found.source)]
    else:
        lines = found.text
    return [mask_ids(line) for line in lines]


def _violation(v: Violation, at: list[int] | None, found: Problems, lang: str) -> str:
    values = ", ".join(_quoted(_visible(x), lang) for x in v.bad_values[:SHOWN_VALUES])
    params = {
        "file": found.source,
        "column": _column(v, lang),
        "expected": _expected(v, lang),
        "values": t("ingest.bad_values", lang, values=values) if values else "",
    }
    if not v.rows:
        return t("ingest.violation_no_rows", lang, **params)
    rows = ", ".join(str(r + found.first_row) for r in v.rows[:MAX_ROWS_SHOWN])
    rest = len(v.rows) - MAX_ROWS_SHOWN
    return t(
        "ingest.violation",
        lang,
        **params,
        count=plural("ingest.rows", len(v.rows), lang),
        rows=rows,
        more=f" ({t('filters.more', lang, n=fmt_int(rest, lang))})" if rest > 0 else "",
        lines=t("ingest.lines", lang, lines=", ".join(map(str, at))) if at else "",
    )


def column_label(column: str, lang: str) -> str:
    """A contract column as people call it ("Дата поступления"), else its contract name."""
    return lookup(f"ingest.columns.{column}", lang) or column


def _column(v: Violation, lang: str) -> str:
    """The file's header and the field it fills; a header alone for a column outside the
    contract (control characters are checked in every column of the file)."""
    if v.column not in COLUMN_NAMES:
        return t("ingest.in_column", lang, header=v.column)
    label = column_label(v.column, lang)
    if v.header.casefold() == label.casefold():  # the file names it as people do
        return t("ingest.in_column", lang, header=v.header)
    if v.header:
        return t("ingest.in_column_field", lang, header=v.header, label=label)
    return t("ingest.in_field", lang, label=label)


def _expected(v: Violation, lang: str) -> str:
    """What the rule expects in `lang`; its English when the locales lack the rule."""
    if not v.rule or lookup(f"ingest.expected.{v.rule}", lang) is None:
        return v.expected
    params = {k: _param(k, x, v.params, lang) for k, x in v.params.items()}
    return t(f"ingest.expected.{v.rule}", lang, **params)


def _param(name: str, value: object, params: dict[str, object], lang: str) -> str:
    """A message parameter for people: `date` (ISO) as a date, counts with grouping, lists
    quoted and joined (row numbers bare, as a spreadsheet shows them; a (header, column) pair
    as the header for the field), then "and N more" from a `<name>_more` count."""
    if name == "date" and isinstance(value, str):
        return fmt_date(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return fmt_int(value, lang)
    if not isinstance(value, list | tuple):
        return str(value)
    items = []
    for item in value:
        if isinstance(item, tuple):
            header, column = item
            items.append(
                t("ingest.header_for", lang, header=header, label=column_label(column, lang))
            )
        elif isinstance(item, int):
            items.append(str(item))
        else:
            items.append(_quoted(str(item), lang))
    text = ", ".join(items)
    more = params.get(f"{name}_more")
    if isinstance(more, int) and more > 0:
        text += " " + t("filters.more", lang, n=fmt_int(more, lang))
    return text


def _quoted(text: str, lang: str) -> str:
    return t("ingest.quoted", lang, text=text)


def _visible(value: str) -> str:
    """A cell as a message shows it: line breaks and other unprintable characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
