"""The sidebar: language switch and global filters, kept in sync with the page URL.

Widget values live in st.session_state under `f_*` keys. A key that is missing (first run of
a session, a pasted URL, after reset) is filled from the URL's filters, so a copied link
reopens the same view; after the widgets run, their values are written back to the URL.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import i18n
from dashboard.data import codes, queries
from dashboard.data.filters import (
    URL_KEYS,
    Allowed,
    Filters,
    read_from_streamlit,
    write_to_streamlit,
)
from dashboard.data.schema import APPEAL_TYPES, BODY_LEVELS, CHANNELS
from dashboard.data.store import StoreInfo
from dashboard.ui import auth, navigation
from dashboard.ui import page as ui

MODES = ("year", "quarter", "month", "custom")
# Every session_state key owned by the sidebar's widgets (cleared by "reset").
WIDGET_KEYS = (
    "f_lang",
    "f_mode",
    "f_year",
    "f_quarter",
    "f_month",
    "f_range",
    "f_levels",
    "f_bodies",
    "f_regions",
    "f_categories",
    "f_types",
    "f_channels",
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_mode(start: date, end: date) -> str:
    """Which selector describes [start, end]: year, quarter, month, or custom."""
    if start.day != 1:
        return "custom"
    if start.month == 1 and end in (date(start.year, 12, 31),):
        return "year"
    if start.month % 3 == 1 and end == _month_end(start.year, start.month + 2):
        return "quarter"
    if end == _month_end(start.year, start.month):
        return "month"
    return "custom"


def _clip(start: date, end: date, info: StoreInfo) -> tuple[date, date]:
    # A year or quarter still running at the latest snapshot ends on that date.
    return start, min(end, info.latest_snapshot)


def _options(info: StoreInfo) -> dict[str, list[str]]:
    """Selectable years ("2016"), quarters ("2016-Q1") and months ("2016-01"), newest first."""
    first, last = info.first_received, info.latest_snapshot
    months = [
        f"{y}-{m:02d}"
        for y in range(first.year, last.year + 1)
        for m in range(1, 13)
        if date(y, m, 1) >= date(first.year, first.month, 1) and date(y, m, 1) <= last
    ]
    quarters = sorted({f"{m[:4]}-Q{(int(m[5:]) - 1) // 3 + 1}" for m in months})
    years = sorted({m[:4] for m in months})
    return {"year": years[::-1], "quarter": quarters[::-1], "month": months[::-1]}


def _period_from_widgets(mode: str, info: StoreInfo, fallback: Filters) -> tuple[date, date]:
    state = st.session_state
    if mode == "year":
        y = int(state["f_year"])
        return _clip(date(y, 1, 1), date(y, 12, 31), info)
    if mode == "quarter":
        y, q = int(state["f_quarter"][:4]), int(state["f_quarter"][-1])
        return _clip(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), info)
    if mode == "month":
        y, m = int(state["f_month"][:4]), int(state["f_month"][5:])
        return _clip(date(y, m, 1), _month_end(y, m), info)
    picked = state.get("f_range") or ()
    if len(picked) == 2:  # a half-picked range (one click so far) keeps the old period
        return picked[0], picked[1]
    return fallback.period_start, fallback.period_end


def _initial_values(f: Filters, info: StoreInfo) -> dict[str, Any]:
    """Widget values that show the filters `f`."""
    start, end = f.period_start, f.period_end
    clipped_year = start.month == 1 and start.day == 1 and end == info.latest_snapshot
    mode = "year" if clipped_year else period_mode(start, end)
    return {
        "f_lang": f.lang,
        "f_mode": mode,
        "f_year": str(start.year),
        "f_quarter": f"{start.year}-Q{(start.month - 1) // 3 + 1}",
        "f_month": f"{start.year}-{start.month:02d}",
        "f_range": (start, end),
        "f_levels": list(f.levels),
        "f_bodies": list(f.body_ids),
        "f_regions": list(f.region_codes),
        "f_categories": list(f.category_codes),
        "f_types": list(f.appeal_types),
        "f_channels": list(f.channels),
    }


def _seed(values: dict[str, Any], options: dict[str, list[str]]) -> None:
    """Fill missing widget keys; a value no longer offered falls back to the newest."""
    for key, value in values.items():
        if key in st.session_state:
            continue
        choices = options.get(key.removeprefix("f_"))
        if choices is not None and value not in choices:
            value = choices[0]
        st.session_state[key] = value


ISSUES_KEY = "f_url_issues"  # problems found in the opened link, shown until a filter changes


def _forget_issues() -> None:
    st.session_state.pop(ISSUES_KEY, None)


def _reset() -> None:
    """Drop every filter widget's state and our URL keys; the next run starts from defaults."""
    _forget_issues()
    for key in WIDGET_KEYS:
        if key != "f_lang":  # the language is a preference, not a filter
            st.session_state.pop(key, None)
    for key in URL_KEYS:
        if key != "lang" and key in st.query_params:
            del st.query_params[key]


def _keep_values_across_language() -> None:
    """On a language switch, re-assert every filter and page setting before the rerun.

    The browser sends a select's value as its *label* ("Карагандинская область"); after the
    switch the labels are English, the old label matches no option and Streamlit would drop
    the choice. Here, in the callback, the values still decode with the old labels; assigning
    them through session state makes the widgets send the new labels back.
    """
    pages = tuple(f"{spec.name}_" for spec in navigation.PAGES)  # page widgets: <page>_<name>
    page_keys = [k for k in st.session_state if isinstance(k, str) and k.startswith(pages)]
    for key in dict.fromkeys((*WIDGET_KEYS, *ui.url_widget_keys(), *page_keys)):
        if key == "f_lang" or key not in st.session_state:
            continue
        if not isinstance(st.session_state[key], (str, int, float, date, list, tuple)) or (
            isinstance(st.session_state[key], bool)  # buttons: nothing to carry over
        ):
            continue  # uploads and the like cannot (and need not) be re-assigned
        try:
            st.session_state[key] = st.session_state[key]
        except StreamlitAPIException:  # buttons and uploads take no assigned value
            continue


def _category_options(lang: str) -> tuple[list[str], dict[str, str]]:
    """Sections and their topics in classifier order, labelled "02 · Жилищно-коммунальное…"."""
    cats = codes.table("category")
    cats = cats[cats.level.isin(["section", "topic"])].sort_values("code")
    names = codes.labels("category", lang)
    shown = {
        code: (f"{code} · {names[code]}" if len(code) == 2 else f"\u2003{code} · {names[code]}")
        for code in cats.code
    }
    return list(shown), shown


MAX_NOTICES = 3  # link problems shown one by one; the rest are counted in one line


def _notices(issues: list, lang: str) -> None:
    """The link's problems as a few warnings (values shortened and inert), then a count."""
    for issue in issues[:MAX_NOTICES]:
        st.warning(issue.message(lang), icon=":material/link_off:")
    if len(issues) > MAX_NOTICES:
        st.caption(i18n.t("filters.issue.more", lang, n=len(issues) - MAX_NOTICES))


def allowed(info: StoreInfo) -> Allowed:
    """The codes a URL may name: those the widgets offer, within the user's access scope."""
    cats, _ = _category_options("ru")
    user = auth.session_user()
    regions, bodies = frozenset(codes.labels("region")), frozenset(codes.labels("body"))
    in_regions = regions & frozenset(user.regions) if user.regions else regions
    in_bodies = bodies & frozenset(user.bodies) if user.bodies else bodies
    return Allowed(
        body_ids=in_bodies,
        region_codes=in_regions,
        category_codes=frozenset(cats),
        data_start=info.first_received,
        data_end=info.latest_snapshot,
        withheld=(regions - in_regions) | (bodies - in_bodies),
    )


def _multiselect(
    key: str, label_key: str, options: list[str], fmt: Callable[[str], str], lang: str
) -> tuple[str, ...]:
    chosen = st.multiselect(
        i18n.t(label_key, lang),
        options,
        key=key,
        format_func=fmt,
        placeholder=i18n.t("filters.all", lang),
        on_change=_forget_issues,
        select_all=False,  # nothing chosen already means all; "Select all" was English too
    )
    return tuple(chosen)


def render(info: StoreInfo) -> tuple[Filters, Filters]:
    """Draw the sidebar; return (active filters, default filters) and keep the URL in sync."""
    default = Filters.default(info.first_received, info.latest_snapshot)
    from_url, issues = read_from_streamlit(default, allowed(info))
    options = _options(info)
    _seed(_initial_values(from_url, info), options)
    sb = st.sidebar
    with sb:
        lang = st.selectbox(
            i18n.t("filters.language", st.session_state["f_lang"]),
            i18n.LANGS,
            key="f_lang",
            format_func=i18n.lang_name,
            on_change=_keep_values_across_language,
        )
        st.header(i18n.t("filters.title", lang))
        if issues:  # kept, so a rerun (after the URL is corrected) still explains the change
            st.session_state[ISSUES_KEY] = issues
        _notices(st.session_state.get(ISSUES_KEY, []), lang)
        start, end = _period_widgets(info, options, lang, from_url)
        f = Filters(
            period_start=start,
            period_end=end,
            levels=_multiselect(
                "f_levels",
                "filters.level",
                list(BODY_LEVELS),
                lambda v: i18n.enum_label("level", v, lang),
                lang,
            ),
            body_ids=_body_select(lang, start, end),
            region_codes=_multiselect(
                "f_regions",
                "filters.regions",
                _offered("f_regions", _codes_with_data(start, end, "region")),
                lambda v: codes.labels("region", lang).get(v, v),
                lang,
            ),
            category_codes=_category_select(lang),
            appeal_types=_multiselect(
                "f_types",
                "filters.appeal_type",
                list(APPEAL_TYPES),
                lambda v: i18n.enum_label("appeal_type", v, lang),
                lang,
            ),
            channels=_multiselect(
                "f_channels",
                "filters.channel",
                list(CHANNELS),
                lambda v: i18n.enum_label("channel", v, lang),
                lang,
            ),
            lang=lang,
        )
        st.button(
            i18n.t("filters.reset", lang),
            on_click=_reset,
            icon=":material/restart_alt:",
            width="stretch",
        )
        st.caption(i18n.t("shell.share_hint", lang))
    write_to_streamlit(f, default)
    return f, default


def _period_widgets(
    info: StoreInfo, options: dict[str, list[str]], lang: str, fallback: Filters
) -> tuple[date, date]:
    mode = st.radio(
        i18n.t("filters.period", lang),
        MODES,
        key="f_mode",
        horizontal=True,
        on_change=_forget_issues,
        format_func=lambda m: i18n.t(f"shell.mode.{m}", lang),
    )
    if mode == "year":
        st.selectbox(
            i18n.t("filters.year", lang), options["year"], key="f_year", on_change=_forget_issues
        )
    elif mode == "quarter":
        st.selectbox(
            i18n.t("filters.quarter", lang),
            options["quarter"],
            key="f_quarter",
            on_change=_forget_issues,
            format_func=lambda v: i18n.fmt_quarter(int(v[:4]), int(v[-1]), lang),
        )
    elif mode == "month":
        names = i18n.month_names(lang, "wide")
        st.selectbox(
            i18n.t("filters.month", lang),
            options["month"],
            key="f_month",
            on_change=_forget_issues,
            format_func=lambda v: f"{names[int(v[5:])]} {v[:4]}",
        )
    else:
        st.date_input(
            i18n.t("shell.date_range", lang),
            key="f_range",
            on_change=_forget_issues,
            min_value=info.first_received,
            max_value=info.latest_snapshot,
            format="DD.MM.YYYY",
        )
    return _period_from_widgets(mode, info, fallback)


def _codes_with_data(
    start: date,
    end: date,
    group_by: str,
    levels: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
) -> set[str]:
    """Region or body codes with at least one appeal (any type) received in [start, end],
    within the user's access scope (nothing outside it is ever offered)."""
    f = Filters(start, end, levels=levels, region_codes=regions, appeal_types=())
    f = auth.session_user().scoped(f)
    found = queries.run("summary_by_group", f, group_by=group_by)
    return set(found.loc[found["n_received"] > 0, "group_code"].astype(str))


def _offered(key: str, with_data: set[str]) -> list[str]:
    """Codes worth offering: those with data, plus any already chosen (a choice never vanishes
    silently when the period changes: the empty state then says why the page is empty)."""
    chosen = set(st.session_state.get(key) or ())
    return sorted(with_data | chosen)


def _body_select(lang: str, start: date, end: date) -> tuple[str, ...]:
    """Bodies by name, only those with appeals in the period and the chosen levels/regions."""
    state = st.session_state
    levels, regions = tuple(state.get("f_levels") or ()), tuple(state.get("f_regions") or ())
    names = codes.labels("body", lang)
    offered = _offered("f_bodies", _codes_with_data(start, end, "body", levels, regions))
    order = sorted(offered, key=lambda v: names.get(v, v).casefold())
    return _multiselect("f_bodies", "filters.bodies", order, lambda v: names.get(v, v), lang)


def _category_select(lang: str) -> tuple[str, ...]:
    codes, shown = _category_options(lang)
    return _multiselect("f_categories", "filters.categories", codes, shown.__getitem__, lang)
