"""Locale strings and number/date formatting (dashboard/i18n.py, dashboard/locales/*.yaml)."""

import re
import string
from datetime import date, datetime

import pandas as pd
import pytest
from babel import Locale

from dashboard import i18n
from dashboard.data.schema import (
    APPEAL_TYPES,
    APPLICANT_KINDS,
    BODY_LEVELS,
    CHANNELS,
    OUTCOMES,
    SIGNED_LEVELS,
)
from dashboard.i18n import (
    LANGS,
    MINUS,
    NBSP,
    enum_label,
    fmt_date,
    fmt_date_range,
    fmt_delta_int,
    fmt_int,
    fmt_month,
    fmt_number,
    fmt_pp,
    fmt_quarter,
    fmt_share,
    month_names,
    plural,
    t,
)


def spaced(text: str) -> str:
    """Show no-break spaces as plain spaces, for readable expectations."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"), [("ru", "1 321 050"), ("kk", "1 321 050"), ("en", "1,321,050")]
)
def test_fmt_int_groups_thousands_by_locale(lang, expected):
    assert spaced(fmt_int(1321050, lang)) == expected


def test_fmt_int_uses_no_break_space_only():
    out = fmt_int(1321050, "ru")
    assert out == "1\u00a0321\u00a0050"
    assert "\u202f" not in out and " " not in out


@pytest.mark.parametrize(
    ("x", "lang", "expected"),
    [
        (0.4995, "ru", "49,95 %"),
        (0.4995, "kk", "49,95 %"),
        (0.4995, "en", "49.95%"),
        (0.0048, "ru", "0,48 %"),
        (0.0048, "kk", "0,48 %"),
        (0.0048, "en", "0.48%"),
        (0.3795, "ru", "37,95 %"),
        (1.0, "ru", "100,00 %"),
        (0.0, "en", "0.00%"),
    ],
)
def test_fmt_share_formats_percent_with_locale_decimal_mark(x, lang, expected):
    assert spaced(fmt_share(x, lang)) == expected


def test_fmt_share_puts_no_break_space_before_percent_in_ru():
    assert fmt_share(0.4995, "ru") == "49,95\u00a0%"


def test_fmt_share_rounds_half_up_not_half_even():
    # 0.00125 -> 0.125 % -> "0,13 %" (babel alone would give "0,12 %")
    assert spaced(fmt_share(0.00125, "ru")) == "0,13 %"
    assert spaced(fmt_share(0.4995, "ru", digits=1)) == "50,0 %"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_fmt_share_shows_dash_for_missing(missing):
    assert fmt_share(missing, "ru") == "—"
    assert fmt_int(missing, "en") == "—"


@pytest.mark.parametrize(
    ("delta", "lang", "expected"),
    [
        (0.003, "ru", "+0,30 п.п."),
        (0.003, "kk", "+0,30 п.т."),
        (0.003, "en", "+0.30 pp"),
        (-0.0125, "ru", f"{MINUS}1,25 п.п."),
        (0.0, "en", "0.00 pp"),
    ],
)
def test_fmt_pp_signs_percentage_points(delta, lang, expected):
    assert spaced(fmt_pp(delta, lang)) == expected


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (12345, "ru", "+12 345"),
        (-1200, "ru", f"{MINUS}1 200"),
        (-1200, "en", f"{MINUS}1,200"),
        (0, "kk", "0"),
    ],
)
def test_fmt_delta_int_uses_plus_and_unicode_minus(n, lang, expected):
    assert spaced(fmt_delta_int(n, lang)) == expected


def test_fmt_number_keeps_requested_decimals():
    assert spaced(fmt_number(1234.56, "ru", 1)) == "1 234,6"
    assert fmt_number(1234.56, "en", 1) == "1,234.6"
    assert fmt_number(-0.5, "en", 1) == f"{MINUS}0.5"


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [date(2016, 12, 31), datetime(2016, 12, 31, 15, 30), pd.Timestamp("2016-12-31"), "2016-12-31"],
)
def test_fmt_date_accepts_date_like_values(value):
    assert fmt_date(value, "ru") == "31.12.2016"
    assert fmt_date(value, "kk") == "31.12.2016"
    assert fmt_date(value, "en") == "31/12/2016"


def test_fmt_date_shows_dash_for_missing():
    assert fmt_date(None) == "—"
    assert fmt_date(pd.NaT) == "—"


def test_fmt_date_range_uses_en_dash():
    assert fmt_date_range(date(2016, 1, 1), date(2016, 12, 31), "ru") == "01.01.2016 – 31.12.2016"


@pytest.mark.parametrize(
    ("lang", "expected"), [("ru", "янв. 2016"), ("kk", "2016 ж. қаң."), ("en", "Jan 2016")]
)
def test_fmt_month_gives_short_month_and_year(lang, expected):
    assert fmt_month(date(2016, 1, 15), lang) == expected


def test_month_names_are_localised():
    assert month_names("ru", "wide")[1] == "январь"
    assert month_names("kk", "wide")[12] == "Желтоқсан"
    assert month_names("en")[3] == "Mar"


def test_fmt_quarter_per_language():
    assert fmt_quarter(2016, 2, "ru") == "II кв. 2016"
    assert fmt_quarter(2016, 2, "kk") == "2016 ж. II тоқсан"
    assert fmt_quarter(2016, 2, "en") == "Q2 2016"


def test_babel_knows_kazakh_locale():
    assert Locale.parse(i18n.babel_locale("kk")).language == "kk"


# --- strings -------------------------------------------------------------------------------


def test_t_finds_nested_keys_per_language():
    assert t("app.title", "ru") == "Обращения граждан: аналитика"
    assert t("app.title", "en") == "Citizens' appeals: analytics"
    assert t("empty.no_data") == "Нет обращений, соответствующих выбранным фильтрам"


def test_t_applies_format_arguments():
    assert t("filters.more", "ru", n=3) == "и ещё 3"
    assert t("filters.more", "en", n=3) == "and 3 more"


def test_t_falls_back_to_russian_then_to_key(monkeypatch):
    ru = dict(i18n.strings("ru"))
    kk = {k: v for k, v in i18n.strings("kk").items() if k != "pages.overview"}
    monkeypatch.setattr(i18n, "strings", lambda lang: kk if lang == "kk" else ru)
    assert t("pages.overview", "kk") == "Обзор"
    assert t("no.such.key", "kk") == "no.such.key"


def test_t_unknown_language_means_russian():
    assert t("pages.overview", "de") == "Обзор"


def test_t_with_bad_placeholder_returns_text_unformatted():
    assert t("filters.more", "ru", wrong=1) == "и ещё {n}"


def test_enum_label_names_values_and_passes_unknown_through():
    assert enum_label("level", "central", "ru") == "ЦГО (центральные)"
    assert enum_label("level", "local", "ru") == "МИО (местные)"
    assert enum_label("appeal_type", "complaint", "kk") == "Шағым"
    assert enum_label("channel", "carrier_pigeon", "ru") == "carrier_pigeon"


def test_plural_follows_cldr_rules():
    assert spaced(plural("counts.appeals", 1, "ru")) == "1 обращение"
    assert spaced(plural("counts.appeals", 3, "ru")) == "3 обращения"
    assert spaced(plural("counts.appeals", 1321050, "ru")) == "1 321 050 обращений"
    assert plural("counts.appeals", 21, "en") == "21 appeals"
    assert plural("counts.appeals", 5, "kk") == "5 өтініш"


# --- meta-tests over the locale files --------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_every_russian_key_is_translated(lang):
    missing = set(i18n.strings("ru")) - set(i18n.strings(lang))
    assert not missing, f"{lang}.yaml lacks {sorted(missing)}"


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_no_translation_has_keys_russian_lacks(lang):
    extra = set(i18n.strings(lang)) - set(i18n.strings("ru"))
    assert not extra, f"{lang}.yaml has keys ru.yaml lacks: {sorted(extra)}"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_translations_use_the_same_placeholders(lang):
    ru, other = i18n.strings("ru"), i18n.strings(lang)
    # Quarter labels may use either {q} or {roman}; both are always supplied.
    bad = [
        k for k in ru if k != "periods.quarter" and placeholders(ru[k]) != placeholders(other[k])
    ]
    assert not bad


@pytest.mark.parametrize("lang", LANGS)
def test_no_string_is_empty(lang):
    assert all(v.strip() for v in i18n.strings(lang).values())


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("level", BODY_LEVELS),
        ("level_short", BODY_LEVELS),
        ("appeal_type", APPEAL_TYPES),
        ("channel", CHANNELS),
        ("outcome", OUTCOMES),
        ("signed_level", SIGNED_LEVELS),
        ("applicant_kind", APPLICANT_KINDS),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_every_schema_enum_value_has_a_label(kind, values, lang):
    for value in values:
        assert i18n.lookup(f"enums.{kind}.{value}", lang), f"{lang}: enums.{kind}.{value}"


def test_kazakh_strings_are_cyrillic_not_transliteration():
    kk = i18n.strings("kk")
    kazakh_letters = re.compile("[әғқңөұүһі]")
    assert kazakh_letters.search(kk["app.title"])
    assert kazakh_letters.search(kk["empty.no_data"])
    assert kk["empty.no_data"] != i18n.strings("ru")["empty.no_data"]
