"""Plain-language findings in ru/kk/en from the headline numbers, in the style of the 2017 letter.

«В 2016 году поступило 1 321 050 жалоб и заявлений (ЦГО — 501 336, или 37,95 %; МИО —
819 714, или 62,05 %), из них удовлетворено 659 852, или 49,95 %. …» Sentence templates live
in locales/<lang>/overview.yaml (`narrative.*`); numbers are formatted by dashboard.i18n.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from dashboard.analysis import metrics
from dashboard.data.schema import BODY_LEVELS, EVALUATED_TYPES
from dashboard.i18n import enum_label, fmt_date, fmt_date_range, fmt_int, fmt_share, plural, t

Totals = Mapping[str, Any]  # metrics.totals(): n_* counts and *_share fractions


def period_phrase(start: date, end: date, lang: str) -> str:
    """«В 2016 году» for a calendar year, else «За период 01.01.2016 – 31.03.2016»."""
    if metrics.period_kind(start, end) == "year":
        return t("narrative.period_year", lang, year=start.year)
    return t("narrative.period_range", lang, range=fmt_date_range(start, end, lang))


def period_label(start: date, end: date, lang: str) -> str:
    """What the figures cover: «за год», «за квартал», «за месяц», «нарастающим итогом»…"""
    return t(f"narrative.kind.{metrics.period_kind(start, end)}", lang)


def period_text(start: date, end: date, lang: str) -> str:
    """A period for people: «2015» for a calendar year, else «01.01.2016 – 31.03.2016»."""
    if metrics.period_kind(start, end) == "year":
        return str(start.year)
    return fmt_date_range(start, end, lang)


def _received(n: int, appeal_types: tuple[str, ...], lang: str) -> str:
    # The letter counts "complaints and applications"; any other selection is "appeals".
    key = "narrative.complaints_and_applications"
    evaluated = set(appeal_types) == set(EVALUATED_TYPES)
    return plural(key if evaluated else "counts.appeals", n, lang)


def _split(levels: Mapping[str, Totals], field: str, with_share: bool, lang: str) -> str:
    """«ЦГО — 501 336, или 37,95 %; МИО — 819 714, или 62,05 %» (empty unless both levels)."""
    if not all(level in levels for level in BODY_LEVELS):
        return ""
    parts = []
    for level in BODY_LEVELS:
        row = levels[level]
        name = enum_label("level_short", level, lang)
        n = fmt_int(row[field], lang)
        if with_share:
            share = fmt_share(row["received_share"], lang)
            parts.append(t("narrative.split_item_share", lang, name=name, n=n, share=share))
        else:
            parts.append(t("narrative.split_item", lang, name=name, n=n))
    return t("narrative.split", lang, items="; ".join(parts))


def _change_sentence(total: Totals, last_year: Totals | None, lang: str) -> str:
    if not last_year or not last_year.get("n_received"):
        return ""
    change = metrics.relative_change(total["n_received"], last_year["n_received"])
    if change is None or round(change, 4) == 0:
        return t("narrative.yoy_same", lang)
    key = "narrative.yoy_up" if change > 0 else "narrative.yoy_down"
    return t(key, lang, change=fmt_share(abs(change), lang, digits=1))


def overview(
    start: date,
    end: date,
    total: Totals,
    levels: Mapping[str, Totals],
    appeal_types: tuple[str, ...],
    as_of: date,
    lang: str = "ru",
    last_year: Totals | None = None,
) -> str:
    """The overview's paragraph: received (by level), satisfied, late, repeats, backlog, trend."""
    if not total.get("n_received"):
        return ""
    sentences = [
        t(
            "narrative.received",
            lang,
            period=period_phrase(start, end, lang),
            received=_received(total["n_received"], appeal_types, lang),
            split=_split(levels, "n_received", True, lang),
            satisfied=fmt_int(total["n_satisfied"], lang),
            satisfied_share=fmt_share(total["satisfied_share"], lang),
        ),
        t(
            "narrative.late",
            lang,
            appeals=plural("counts.appeals", total["n_late"], lang),
            share=fmt_share(total["late_share"], lang),
            split=_split(levels, "n_late", False, lang),
        ),
        t(
            "narrative.repeat",
            lang,
            n=fmt_int(total["n_repeat"], lang),
            share=fmt_share(total["repeat_share"], lang),
        ),
        t(
            "narrative.backlog" if total["n_backlog"] else "narrative.backlog_none",
            lang,
            date=fmt_date(as_of, lang),
            appeals=plural("counts.appeals", total["n_backlog"], lang),
        ),
        _change_sentence(total, last_year, lang),
    ]
    return " ".join(s for s in sentences if s)
