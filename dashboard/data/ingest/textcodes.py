"""Topics, bodies and regions that come as words: stable codes of their own, labelled with the text.

Under `new_codes: add` a body, region or category given as text (not a reference code, not
shaped like one) gets a code in the store's registry `snapshots/imported_codes.csv`: the same
text (ignoring case and spacing) always gets the same code in that store. Topics go under an
"imported topics" section (99, then 98, ... when one section is full), regions take two-digit
codes KATO does not use (99 downwards), bodies `import_001`, `import_002`, .... The registry is
written with the snapshot, in the same all-or-nothing step (store.add_snapshot), and the store
build names the codes with it (queries/ref_*_added.sql).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from dashboard import i18n
from dashboard.data import reference

REGISTRY_NAME = "imported_codes.csv"
COLUMNS = ("kind", "code", "name_ru", "name_kk", "name_en")
TEXT_COLUMNS = ("body_id", "region_code", "category_code")
# What a code (as opposed to a word) looks like in each column.
CODE_SHAPES = {
    "body_id": re.compile(r"^[a-z][a-z0-9_]*$"),
    "region_code": re.compile(r"^\d{2}$"),
    "category_code": re.compile(r"^\d{2}\.\d{2}(\.\d{2})?$"),
}
IMPORTED_SECTIONS = tuple(f"{s:02d}" for s in range(99, 89, -1))  # 99, 98, ... 90
SECTION_KIND = "category_section"  # the registry's rows of the imported-topics sections
REGION_CODES = tuple(f"{r:02d}" for r in range(99, 9, -1))


def empty() -> pd.DataFrame:
    """A registry with no codes."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})


def registry_path(snapshots_dir: Path) -> Path:
    """Where a store's registry of imported codes lives."""
    return Path(snapshots_dir) / REGISTRY_NAME


def load(snapshots_dir: Path | None) -> pd.DataFrame:
    """The registry of a snapshot folder (empty when there is none yet)."""
    if snapshots_dir is None or not registry_path(snapshots_dir).exists():
        return empty()
    df = pd.read_csv(registry_path(snapshots_dir), dtype=str, keep_default_na=False)
    return df[list(COLUMNS)]


def key(text: str) -> str:
    """How texts are matched: case and spacing do not make a different topic."""
    return " ".join(str(text).split()).casefold()


def is_text(column: str, values: pd.Series, known: set[str]) -> pd.Series:
    """Cells that are words, not codes (a reference code, or a value shaped like a code)."""
    s = values.astype("string")
    shaped = s.str.match(CODE_SHAPES[column].pattern).fillna(False).astype(bool)
    return s.notna() & ~s.isin(list(known)) & ~shaped


def unmapped(frame: pd.DataFrame, reference_dir: Path | None = None) -> pd.DataFrame:
    """Distinct values of body, region and topic that are not reference codes, with counts.

    Most frequent first per column: what a person needs to write a `values:` map.
    """
    known = reference.known_codes(reference_dir)
    parts = []
    for column in TEXT_COLUMNS:
        s = frame[column].astype("string")
        bad = s[s.notna() & ~s.isin(list(known[column]))]
        counts = bad.value_counts(sort=True)
        parts.append(pd.DataFrame({"column": column, "value": counts.index, "n": counts.values}))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["column", "n", "value"], ascending=[True, False, True], kind="stable")


def assign(
    frame: pd.DataFrame, registry: pd.DataFrame, reference_dir: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Text cells replaced by their codes; returns the frame and the registry with new codes."""
    known = reference.known_codes(reference_dir)
    regions = set(reference.table("regions", reference_dir).region_code)
    frame = frame.copy()
    for column in TEXT_COLUMNS:
        text = is_text(column, frame[column], known[column])
        if not text.any():
            continue
        registry = _extend(column, frame.loc[text, column], registry, regions)
        own = registry[registry.kind == column]
        codes = dict(zip(own.name_ru.map(key), own.code, strict=True))
        # once per distinct text, not per row: exports repeat a few texts millions of times
        positions, uniques = pd.factorize(frame.loc[text, column])
        frame.loc[text, column] = pd.Index([codes[key(u)] for u in uniques])[positions].to_numpy()
    return frame, registry.reset_index(drop=True)


def _extend(
    column: str, texts: pd.Series, registry: pd.DataFrame, regions: set[str]
) -> pd.DataFrame:
    """The registry with a code for every text it does not hold yet, in order of appearance."""
    seen = set(registry.loc[registry.kind == column, "name_ru"].map(key))
    new = []
    for text in pd.unique(texts):
        if key(text) not in seen:
            seen.add(key(text))
            new.append(" ".join(str(text).split()))
    if not new:
        return registry
    # Codes are unique per kind; a region and a section may both be "99".
    taken = set(registry.loc[registry.kind == column, "code"])
    if column == "region_code":
        taken |= regions
    sections = set(registry.loc[registry.kind == SECTION_KIND, "code"])
    rows = []
    for text in new:
        code = _next_code(column, taken)
        taken.add(code)
        rows.append(_row(column, code, text))
        if column == "category_code" and code[:2] not in sections:
            sections.add(code[:2])
            rows.append(_section_row(code[:2]))
    return pd.concat([registry, pd.DataFrame(rows, columns=list(COLUMNS))], ignore_index=True)


def _next_code(column: str, taken: set[str]) -> str:
    if column == "category_code":
        candidates = (f"{s}.{t:02d}" for s in IMPORTED_SECTIONS for t in range(1, 100))
    elif column == "region_code":
        candidates = iter(REGION_CODES)
    else:
        candidates = (f"import_{n:03d}" for n in range(1, 100_000))
    for code in candidates:
        if code not in taken:
            return code
    kind = column.removesuffix("_code").removesuffix("_id")
    raise ValueError(
        f"too many {kind} texts for codes of their own; map them to reference codes under "
        f"values: {column}: in the mapping"
    )


def _row(column: str, code: str, text: str) -> dict[str, str]:
    return {"kind": column, "code": code, "name_ru": text, "name_kk": text, "name_en": text}


def _section_row(section: str) -> dict[str, str]:
    names = {f"name_{lang}": i18n.t("data.imported_topics", lang) for lang in i18n.LANGS}
    return {"kind": SECTION_KIND, "code": section, **names}


def render_unmapped(found: pd.DataFrame, where: str, top: int = 30) -> str:
    """The unmapped values per column, most frequent first: the start of a `values:` map."""
    if found.empty:
        return f"{where}: every body, region and topic is a reference code"
    lines = [f"{where}: values that are not reference codes (map them under values:)"]
    for column, part in found.groupby("column", sort=False):
        lines.append(f"  {column}: {len(part):,} distinct value(s), {int(part.n.sum()):,} row(s)")
        lines += [f"    {r.n:>8,}  {r.value}" for r in part.head(top).itertuples()]
        if len(part) > top:
            lines.append(f"    ... and {len(part) - top:,} more")
    return "\n".join(lines)
