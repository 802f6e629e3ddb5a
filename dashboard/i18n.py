"""Interface strings (ru default, kk, en) and locale-aware formatting of numbers and dates.

Strings live in `dashboard/locales/<lang>/*.yaml` (common.yaml plus one file per page, merged)
as nested keys looked up by dotted path (`t("pages.overview")`). Every number shown to people
goes through the `fmt_*` helpers here.

Spacing: ru/kk group digits with U+00A0 NO-BREAK SPACE (`1 321 050`) and put one before
`%` and units (`49,95 %`, `+0,30 п.п.`), so a value never wraps across lines. Babel may emit
U+202F NARROW NBSP for some locales; we replace it with U+00A0 so output is the same
everywhere. Negative numbers use U+2212 MINUS SIGN. Missing values display as an em dash.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

if TYPE_CHECKING:  # pandas loads on use: the CLI's summary never needs it
    import pandas as pd

LANGS: tuple[str, ...] = ("ru", "kk", "en")
DEFAULT_LANG = "ru"
BABEL_LOCALES: dict[str, str] = {"ru": "ru_RU", "kk": "kk_KZ", "en": "en_GB"}

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
MINUS = "\u2212"
MISSING = "—"  # shown for None / NaN / NaT

LOCALES_DIR = Path(__file__).resolve().parent / "locales"

# Day-first numeric dates in every language: ru/kk use dots, en follows en_GB (31/12/2016).
_DATE_PATTERNS: dict[str, str] = {"ru": "dd.MM.yyyy", "kk": "dd.MM.yyyy", "en": "dd/MM/yyyy"}
# Short month + year for chart ticks. Kazakh puts the year first, as CLDR does ("2016 ж. қаң.").
_MONTH_PATTERNS: dict[str, str] = {"ru": "LLL y", "kk": "y 'ж'. LLL", "en": "LLL y"}

log = logging.getLogger(__name__)


def norm_lang(lang: str | None) -> str:
    """The language code if supported, else the default (ru)."""
    return lang if lang in LANGS else DEFAULT_LANG


def babel_locale(lang: str) -> str:
    """Babel locale name for a UI language ("ru" -> "ru_RU")."""
    return BABEL_LOCALES[norm_lang(lang)]


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = str(value)
    return out


# libyaml's parser where PyYAML has it: the pure-Python one took 0,7 s of the app's first run
# to read the three languages' files (the language switch names each language in its own).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=len(LANGS))
def strings(lang: str) -> dict[str, str]:
    """All strings of one language as a flat {dotted.key: text} mapping (loaded once)."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / norm_lang(lang)).glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            merged.update(_flatten(yaml.load(fh, Loader=_LOADER) or {}))
    return merged


def lookup(key: str, lang: str = DEFAULT_LANG) -> str | None:
    """The string for `key` in `lang`, falling back to ru; None when neither has it."""
    found = strings(norm_lang(lang)).get(key)
    if found is None:
        found = strings(DEFAULT_LANG).get(key)
    return found


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    """Translate a dotted key (fallback: ru, then the key itself) and apply str.format(**fmt).

    Placeholders cannot be named `key` or `lang` (those are this function's arguments).
    """
    text = lookup(key, lang)
    if text is None:
        return key
    if not fmt:
        return text
    try:
        return text.format(**fmt)
    except (KeyError, IndexError, ValueError):
        # A translation with a wrong placeholder must not take a page down; log and show it raw.
        log.warning("bad placeholders in %s[%s]: %r", lang, key, text)
        return text


def enum_label(kind: str, value: str | None, lang: str = DEFAULT_LANG) -> str:
    """Label of an enum value: enum_label("channel", "e_portal"); the value itself if unknown."""
    if value is None:
        return MISSING
    return lookup(f"enums.{kind}.{value}", lang) or str(value)


def lang_name(lang: str) -> str:
    """The language's own name, for the language switch ("Қазақша")."""
    return t(f"lang.{norm_lang(lang)}", lang)


def plural(key: str, n: int, lang: str = DEFAULT_LANG) -> str:
    """Plural-aware phrase: `key` holds one/few/many/other forms with `{n}` (CLDR plural rules)."""
    form = Locale.parse(babel_locale(lang)).plural_form(abs(int(n)))
    text = lookup(f"{key}.{form}", lang) or lookup(f"{key}.other", lang)
    if text is None:
        return key
    return text.format(n=fmt_int(n, lang))


# --- numbers -----------------------------------------------------------------------------


def is_missing(x: object) -> bool:
    """True for None, NaN, pd.NA and NaT."""
    if x is None:
        return True
    if isinstance(x, float):
        return x != x  # NaN
    if isinstance(x, (int, str, date)) and not isinstance(x, datetime):
        return False
    import pandas as pd  # NA and NaT: pandas' own scalars

    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # list-likes are not scalars: not "missing"
        return False


def _decimal(x: float | int | Decimal, digits: int) -> Decimal:
    # str() first so 0.4995 stays 0.4995 (not 0.49949999...), then round half up as people do;
    # babel alone would round half-even (0.005 -> "0,00").
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _number(value: Decimal, digits: int, lang: str) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(abs(value), format=pattern, locale=babel_locale(lang))
    text = text.replace(NARROW_NBSP, NBSP)
    return (MINUS + text) if value < 0 else text


def fmt_number(x: float | int | None, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """A number with locale grouping and `digits` decimals ("1 234,5" in ru, "1,234.5" in en)."""
    if is_missing(x):
        return MISSING
    return _number(_decimal(x, digits), digits, lang)


def fmt_int(n: float | int | None, lang: str = DEFAULT_LANG) -> str:
    """Whole number with grouping: "1 321 050" (ru/kk, U+00A0), "1,321,050" (en)."""
    return fmt_number(n, lang, 0)


def _percent_sign(lang: str) -> str:
    return "%" if norm_lang(lang) == "en" else NBSP + "%"


def fmt_share(x: float | None, lang: str = DEFAULT_LANG, digits: int = 2) -> str:
    """A 0–1 share as percent: 0.4995 -> "49,95 %" (ru/kk), "49.95%" (en); missing -> "—"."""
    if is_missing(x):
        return MISSING
    value = _decimal(Decimal(str(x)) * 100, digits)
    return _number(value, digits, lang) + _percent_sign(lang)


def _signed(value: Decimal, digits: int, lang: str) -> str:
    text = _number(value, digits, lang)
    return ("+" + text) if value > 0 else text


def fmt_pp(delta_share: float | None, lang: str = DEFAULT_LANG, digits: int = 2) -> str:
    """Change of a share in percentage points: 0.003 -> "+0,30 п.п." / "+0,30 п.т." / "+0.30 pp"."""
    if is_missing(delta_share):
        return MISSING
    value = _decimal(Decimal(str(delta_share)) * 100, digits)
    return _signed(value, digits, lang) + NBSP + t("units.pp", lang)


def fmt_delta_int(n: float | int | None, lang: str = DEFAULT_LANG) -> str:
    """Signed whole change: "+12 345", "−1 200" (U+2212), "0"."""
    if is_missing(n):
        return MISSING
    return _signed(_decimal(n, 0), 0, lang)


# --- dates -------------------------------------------------------------------------------


def to_date(d: date | datetime | pd.Timestamp | str) -> date:
    """A date from a date, datetime, pd.Timestamp or ISO string ("2016-12-31[T...]")."""
    if isinstance(d, datetime):  # pd.Timestamp is a datetime subclass
        return d.date()
    if isinstance(d, date):
        return d
    if isinstance(d, str):
        return date.fromisoformat(d.strip()[:10])
    raise TypeError(f"not a date: {d!r}")


def fmt_date(d: date | datetime | pd.Timestamp | str | None, lang: str = DEFAULT_LANG) -> str:
    """Numeric day-first date: "31.12.2016" (ru/kk), "31/12/2016" (en, as en_GB writes it)."""
    if is_missing(d):
        return MISSING
    lang = norm_lang(lang)
    return format_date(to_date(d), _DATE_PATTERNS[lang], locale=babel_locale(lang))


def fmt_date_range(start: date | str, end: date | str, lang: str = DEFAULT_LANG) -> str:
    """Inclusive date range with an en dash: "01.01.2016 – 31.12.2016"."""
    return f"{fmt_date(start, lang)} – {fmt_date(end, lang)}"


def fmt_month(d: date | datetime | pd.Timestamp | str | None, lang: str = DEFAULT_LANG) -> str:
    """Short month and year via babel: "янв. 2016" (ru), "2016 ж. қаң." (kk), "Jan 2016" (en)."""
    if is_missing(d):
        return MISSING
    lang = norm_lang(lang)
    return format_date(to_date(d), _MONTH_PATTERNS[lang], locale=babel_locale(lang))


def month_names(lang: str = DEFAULT_LANG, width: str = "abbreviated") -> dict[int, str]:
    """Stand-alone month names {1: ..., 12: ...}; width is "wide" or "abbreviated"."""
    names = Locale.parse(babel_locale(lang)).months["stand-alone"][width]
    return {m: names[m] for m in range(1, 13)}


def fmt_quarter(year: int, quarter: int, lang: str = DEFAULT_LANG) -> str:
    """Quarter label: "I кв. 2016" (ru), "2016 ж. I тоқсан" (kk), "Q1 2016" (en)."""
    roman = ("I", "II", "III", "IV")[quarter - 1]
    return t("periods.quarter", lang, q=quarter, roman=roman, year=year)
