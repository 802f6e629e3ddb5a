"""The committed reference tables of data/reference, loaded once, with labels per language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard import paths

if TYPE_CHECKING:  # pandas loads on use: the CLI's summary never needs it
    import pandas as pd

LANG_COLUMNS = {"ru": "name_ru", "kk": "name_kk", "en": "name_en"}


@cache
def table(name: str, reference_dir: Path | None = None) -> pd.DataFrame:
    """data/reference/<name>.csv with every column as text (codes keep leading zeros)."""
    import pandas as pd

    folder = Path(reference_dir or paths.REFERENCE_DIR)
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False).replace({"": None})


def known_codes(reference_dir: Path | None = None) -> dict[str, set[str]]:
    """Codes a snapshot may use, per contract column (topics and deeper for categories)."""
    cats = table("categories", reference_dir)
    return {
        "body_id": set(table("bodies", reference_dir).body_id),
        "region_code": set(table("regions", reference_dir).region_code),
        "category_code": set(cats[cats.level != "section"].category_code),
    }


def labels(name: str, lang: str = "ru", key: str | None = None) -> dict[str, str]:
    """Code -> name in the language for regions, bodies or categories."""
    df = table(name)
    key = (
        key or {"regions": "region_code", "bodies": "body_id", "categories": "category_code"}[name]
    )
    return dict(zip(df[key], df[LANG_COLUMNS.get(lang, "name_ru")], strict=True))


def population(year: int) -> dict[str, int]:
    """Residents per region code in a year (data/reference/region_population.csv)."""
    df = table("region_population")
    df = df[df.year == str(year)]
    return {code: int(p) for code, p in zip(df.region_code, df.population, strict=True)}
