"""Names of the codes the store knows: data/reference plus codes added by imports.

Pages, the sidebar and the CLI label regions, bodies and categories from here, so a body an
import added with `new_codes: add` is named and selectable like any other.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard import i18n
from dashboard.data import queries

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("region", "body", "category")
# How bodies' official names spell the country, left out of the names shown (ru, kk, en).
COUNTRY_PARTS: tuple[str, ...] = (
    " Республики Казахстан",
    "Қазақстан Республикасының ",
    "Қазақстан Республикасы ",  # an agency's kk name: "Қазақстан Республикасы ... агенттігі"
    " of the Republic of Kazakhstan",
)


def table(kind: str, db_path: Path | None = None) -> pd.DataFrame:
    """Codes of one kind with parent, level, names and source (queries/reference_codes.sql)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    df = queries.run("reference_codes", db_path=db_path)
    return df[df.kind == kind].reset_index(drop=True)


def labels(kind: str, lang: str = "ru", db_path: Path | None = None) -> dict[str, str]:
    """Code -> name in the language, for one kind (bodies without the country's name)."""
    return _labels(kind, i18n.norm_lang(lang), queries.store_key(db_path))


@lru_cache(maxsize=64)
def _labels(kind: str, lang: str, key: tuple[str, int, int]) -> dict[str, str]:
    # Keyed on the store file, so a rebuilt store (new imports) is labelled afresh.
    df = table(kind, Path(key[0]))
    names = df[f"name_{lang}"]
    if kind == "body":  # one name everywhere: charts, tables, exports, the sidebar
        names = names.map(short_body_name)
    return dict(zip(df.code, names, strict=True))


def short_body_name(name: str) -> str:
    """A body's name without the country ("Министерство юстиции"): every body is Kazakhstan's,
    and the long form squeezes charts and tables; the reference table keeps the full name."""
    for part in COUNTRY_PARTS:
        name = name.replace(part, "")
    return name.strip()[:1].upper() + name.strip()[1:]
