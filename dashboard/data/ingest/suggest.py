"""A mapping suggested for a new export: `python -m dashboard mapping suggest FILE [--out M]`.

Reads the headers and a sample of the values (encoding, delimiter, the sheet that looks like
the data, date formats), guesses the source of each contract column from Russian, Kazakh and
English header names (suggest_synonyms.yaml), value maps for enums and bodies from the
locales' labels and data/reference, and writes a commented YAML mapping. What it cannot
guess stays commented out for a person to fill in.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from dashboard import i18n, paths
from dashboard.data import reference, schema
from dashboard.data.ingest import readers
from dashboard.data.ingest.mapping import DATE_COLUMNS, REQUIRED, Mapping

SAMPLE_ROWS = 5000
DELIMITERS = ",;\t|"
DATE_FORMATS = (
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d-%m-%Y",
)
ENUM_COLUMNS = ("appeal_type", "channel", "outcome", "signed_level", "applicant_kind")
MAPPED_VALUES = (*ENUM_COLUMNS, "body_id", "justified")
APPLICANT_ID = "applicant_id"  # the raw IIN/BIN: a mapping key, not a contract column


@cache
def synonyms() -> dict[str, Any]:
    """suggest_synonyms.yaml: header names and value spellings."""
    return yaml.safe_load((Path(__file__).with_name("suggest_synonyms.yaml")).read_text("utf-8"))


def norm(text: object) -> str:
    """Lower-cased words only: "ИИН/БИН заявителя" -> "иин бин заявителя"."""
    return " ".join(re.sub(r"[^\w]+", " ", str(text).casefold()).split())


@dataclass
class Guess:
    """What the file looks like and what each contract column comes from."""

    reading: dict[str, Any]
    columns: dict[str, str] = field(default_factory=dict)
    date_formats: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    truncate: dict[str, int] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # columns holding words, not codes


def _sniff_csv(path: Path) -> dict[str, Any]:
    head = path.read_bytes()[: 1 << 16]
    encoding = "utf-8"
    if not head.startswith(codecs.BOM_UTF8):
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:  # a cut multibyte char at the end is still UTF-8
            encoding = "utf-8" if exc.start > len(head) - 4 else "cp1251"
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    first = text.splitlines()[0] if text else ""
    # The header line decides: free-text cells below it are full of commas and semicolons.
    delimiter = max(DELIMITERS, key=first.count)
    if not first.count(delimiter):
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=DELIMITERS).delimiter
        except csv.Error:
            delimiter = ","
    return {"format": "csv", "encoding": encoding, "delimiter": delimiter}


def _reader(path: Path, reading: dict[str, Any]) -> Mapping:
    return Mapping(name=path.stem, path=path, **reading)


def _read_sample(path: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    fmt = readers.SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise readers.UnreadableFile(path, "cannot tell the format from the name")
    if fmt == "csv":
        reading = _sniff_csv(path)
        return reading, readers.read(path, _reader(path, reading)).head(SAMPLE_ROWS)
    if fmt == "parquet":
        reading = {"format": "parquet"}
        return reading, readers.read(path, _reader(path, reading)).head(SAMPLE_ROWS)
    return _best_sheet(path)


def _best_sheet(path: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """The sheet whose headers name the most contract columns (a cover sheet often comes first)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    names = book.sheetnames
    book.close()
    best: tuple[int, dict[str, Any], pd.DataFrame] | None = None
    for name in names:
        reading = {"format": "xlsx", "sheet": name}
        frame = readers.read(path, _reader(path, reading)).head(SAMPLE_ROWS)
        score = len(match_headers(list(frame.columns)))
        if best is None or score > best[0]:
            best = (score, reading, frame)
    assert best is not None
    return best[1], best[2]


def match_headers(headers: list[str]) -> dict[str, str]:
    """Contract column (or applicant_id) -> header, the best match first, each header once."""
    scored = []
    for column, names in synonyms()["headers"].items():
        for header in headers:
            h = norm(header)
            for name in names:
                n = norm(name)
                if h == n:
                    scored.append((2, len(n), column, header))
                elif n and set(n.split()) <= set(h.split()):
                    scored.append((1, len(n), column, header))
    found: dict[str, str] = {}
    for _, _, column, header in sorted(scored, key=lambda s: (-s[0], -s[1])):
        if column not in found and header not in found.values():
            found[column] = header
    return found


def date_format(values: pd.Series) -> str | None:
    """The format that reads the most sample values (None when none reads any)."""
    sample = values.dropna().head(500)
    if sample.empty:
        return None
    counts = {
        f: int(pd.to_datetime(sample, format=f, errors="coerce").notna().sum())
        for f in DATE_FORMATS
    }
    best = max(DATE_FORMATS, key=lambda f: counts[f])  # ties: the earlier, commoner format
    return best if counts[best] else None


def _known_values(column: str) -> dict[str, Any]:
    """norm(spelling) -> contract value for one column."""
    table: dict[str, Any] = {}
    if column == "body_id":
        bodies = reference.table("bodies")
        for col in ("name_ru", "name_kk", "name_en", "short_ru"):
            table |= {norm(n): b for n, b in zip(bodies[col], bodies.body_id, strict=True) if n}
    if column in ENUM_COLUMNS:
        allowed = next(c.allowed for c in schema.COLUMNS if c.name == column) or ()
        for value in allowed:
            table[norm(value)] = value
            for lang in i18n.LANGS:
                label = i18n.lookup(f"enums.{column}.{value}", lang)
                table |= {norm(label): value} if label else {}
    table |= {norm(k): v for k, v in (synonyms()["values"].get(column) or {}).items()}
    return table


def _lookup(value: str, table: dict[str, Any], column: str) -> str | bool | None:
    n = norm(value)
    if n in table:
        return table[n]
    words = sorted(n.split())
    same_words = [v for k, v in table.items() if sorted(k.split()) == words]
    if same_words:  # "Частично удовлетворено" = "Удовлетворено частично"
        return same_words[0]
    if column == "body_id":  # "Министерство юстиции" for "... Республики Казахстан"
        starts = {v for k, v in table.items() if k.startswith(n + " ")}
        if len(starts) == 1:
            return starts.pop()
    return None


def _value_map(column: str, values: pd.Series) -> tuple[dict[str, Any], list[str]]:
    table, found, unmatched = _known_values(column), {}, []
    allowed = next((c.allowed for c in schema.COLUMNS if c.name == column), None) or ()
    for value in values.dropna().value_counts().index:
        if value in allowed:
            continue
        hit = _lookup(value, table, column)
        if hit is None:
            unmatched.append(value)
        else:
            found[value] = hit
    return found, unmatched


def guess(path: Path) -> Guess:
    """Everything suggest can tell about a file."""
    reading, sample = _read_sample(Path(path))
    g = Guess(reading=reading, headers=list(sample.columns))
    g.columns = match_headers(g.headers)
    for column, header in g.columns.items():
        values = sample[header]
        if column in DATE_COLUMNS:
            fmt = date_format(values)
            if fmt:
                g.date_formats[column] = fmt
        if column in MAPPED_VALUES:
            found, unmatched = _value_map(column, values)
            if found:
                g.values[column] = found
            if unmatched:
                g.unmatched[column] = unmatched
        long_kato = values.dropna().str.fullmatch(r"\d{9}")
        if column == "region_code" and len(long_kato) and long_kato.all():
            g.truncate[column] = 2  # a 9-digit KATO code: its region is the first two digits
    g.texts = _text_columns(g, sample)
    return g


def _text_columns(g: Guess, sample: pd.DataFrame) -> list[str]:
    """Body, region and topic columns whose sample holds values that are not reference codes."""
    known = reference.known_codes()
    out = []
    for column in ("body_id", "region_code", "category_code"):
        if column not in g.columns:
            continue
        values = sample[g.columns[column]].dropna()
        values = values.str[: g.truncate[column]] if column in g.truncate else values
        values = values.map(lambda v, c=column: g.values.get(c, {}).get(v, v))
        if (~values.isin(list(known[column]))).any():
            out.append(column)
    return out


def _q(value: object) -> str:
    """A YAML scalar: JSON strings are valid YAML and keep Cyrillic readable."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False)


def render(g: Guess, source: Path) -> str:
    """The suggestion as a commented YAML mapping."""
    lines = [
        f"# Suggested by `python -m dashboard mapping suggest {source.name}`: check every line,",
        "# then import with `python -m dashboard ingest FILE --mapping THIS.yaml ...`.",
        "# Commented lines are what could not be guessed; docs/ingest.md explains each key.",
        f"name: {_q(source.stem)}",
        *[f"{k}: {_q(v)}" for k, v in g.reading.items()],
    ]
    formats = set(g.date_formats.values())
    if len(formats) == 1:
        lines.append(f"date_format: {_q(formats.pop())}")
    elif formats:
        lines += ["date_format:", *[f"  {c}: {_q(f)}" for c, f in g.date_formats.items()]]
    lines += _columns_block(g)
    if g.truncate:
        lines += ["truncate:", *[f"  {c}: {n}" for c, n in g.truncate.items()]]
    lines += _values_block(g)
    if APPLICANT_ID in g.columns:
        lines.append(f"applicant_id: {_q(g.columns[APPLICANT_ID])}   # hashed at import")
    if g.texts:
        lines += [
            f"# {', '.join(g.texts)}: values that are not reference codes. `add` gives each",
            "# text a stable code of its own; map texts to reference codes under values: first",
            "# (`python -m dashboard quality FILE --mapping THIS.yaml` lists them by count).",
            "new_codes: add",
        ]
    else:
        lines.append("new_codes: reject   # every body, region and topic is a reference code")
    lines.append("# new_body_level: local   # with new_codes: add: the level of a body not known")
    return "\n".join(lines) + "\n"


def _columns_block(g: Guess) -> list[str]:
    lines = ["columns:"]
    for col in schema.COLUMN_NAMES:
        if col in g.columns:
            lines.append(f"  {col}: {_q(g.columns[col])}")
        elif col not in ("snapshot_date", "body_level"):
            need = "required: map a column or set a constant" if col in REQUIRED else "default"
            lines.append(f"  # {col}: ?   # {need}")
    if "appeal_type" not in g.columns:
        lines += ["constants:", "  appeal_type: complaint   # check: the type of every row"]
    unused = [h for h in g.headers if h not in g.columns.values()]
    if unused:
        lines.append("# not used: " + ", ".join(unused))
    return lines


def _values_block(g: Guess) -> list[str]:
    if not g.values and not g.unmatched:
        return []
    lines = ["values:"]
    for column in MAPPED_VALUES:
        found, unmatched = g.values.get(column, {}), g.unmatched.get(column, [])
        if not found and not unmatched:
            continue
        lines.append(f"  {column}:")
        lines += [f"    {_q(k)}: {_q(v)}" for k, v in found.items()]
        lines += [f"    # {_q(k)}: ?" for k in unmatched[:50]]
    return lines


def suggest(path: Path, out: Path | None = None) -> str:
    """The suggested mapping's text; written to `out` when given (never over a shipped one)."""
    text = render(guess(Path(path)), Path(path))
    if out is not None:
        out = Path(out)
        if out.resolve().parent == paths.MAPPINGS_DIR.resolve() and out.exists():
            raise ValueError(f"{out} is a shipped mapping; write the suggestion elsewhere")
        out.write_text(text, encoding="utf-8")
    return text
