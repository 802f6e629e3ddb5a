"""Page helpers shared by every page: active filters, header, sections, empty state, metrics.

No SQL and no DuckDB here: pages call dashboard.queries for data and these helpers to render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Literal, Protocol, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import i18n
from dashboard.analysis.headline import Delta, Metric
from dashboard.data import audit, codes, queries
from dashboard.data.filters import Filters
from dashboard.ui import auth, export

FILTERS_KEY = "filters"  # st.session_state key the shell fills with the active Filters
# Plotly toolbar: keep the download button, drop what confuses non-analysts.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
}


class Headline(Protocol):
    """A headline computed by a page module (trends.Headline): plain values, no Streamlit."""

    label: str
    value: str
    deltas: tuple[tuple[str, float | None, str], ...]
    up_is_good: bool | None
    help: str | None


_LAST_RUN: dict[str, Filters] = {}  # the filters of the latest script run (see filters())


def filters() -> Filters:
    """The active filters the shell stored; the data's defaults when a page runs alone."""
    if get_script_run_ctx() is None and FILTERS_KEY in _LAST_RUN:
        # Called outside a script run: AppTest applies a widget's format_func (ui.t, ui.label)
        # after the run, where the session is not at hand; use that run's filters (language).
        return _LAST_RUN[FILTERS_KEY]
    _run_through_shell()
    found = st.session_state.get(FILTERS_KEY)
    if isinstance(found, Filters):
        _LAST_RUN[FILTERS_KEY] = found
        return found
    info = queries.store_info()
    return Filters.default(info.first_received, info.latest_snapshot)


def _run_through_shell() -> None:
    """Rerun through streamlit_app.py when Streamlit ran this page file directly.

    Streamlit's legacy multipage mode (a `pages/` folder beside the entry file) runs a page
    file alone, skipping the shell and its sidebar, until some run of the entry file calls
    st.navigation: on a fresh server whose first visitor opens /overview, and on every
    AppTest run (it resets the flag). Clearing the flag that st.navigation would clear and
    rerunning puts the shell back in front.
    """
    from streamlit.runtime.pages_manager import PagesManager

    # A private flag: if a Streamlit upgrade drops it, the quirk is presumably gone too.
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def lang() -> str:
    """The interface language of the active filters (ru, kk or en)."""
    return filters().lang


def t(key: str, **fmt: object) -> str:
    """i18n.t in the current language."""
    return i18n.t(key, lang(), **fmt)


def _labels(kind: str, lang_code: str) -> dict[str, str]:
    return codes.labels(kind, lang_code)


def label(kind: Literal["region", "body", "category"] | str, code: str) -> str:
    """Name of a region, body or category in the current language; the code if unknown."""
    return _labels(kind, lang()).get(code) or code


def body_levels() -> dict[str, str]:
    """Body id -> its level (central | local), from the reference and imports."""
    bodies = codes.table("body")
    return dict(zip(bodies.code, bodies.level, strict=True))


def filters_caption(f: Filters | None = None) -> str:
    """The active filters as one compact line ("Период: … · Уровень: ЦГО")."""
    f = f or filters()
    return " · ".join(f.describe(f.lang, label))


def snapshot_caption() -> str:
    """«Данные на 30.09.2017»: the as-of date of every figure."""
    return t("shell.data_as_of", date=i18n.fmt_date(queries.latest_snapshot(), lang()))


def page_header(title: str, purpose: str) -> None:
    """Title, one sentence of purpose, the active filters and the data's snapshot date."""
    st.title(title)
    st.markdown(purpose)
    st.caption(f"{filters_caption()}  \n{snapshot_caption()}")


def section(title: str, why: str, method: str | None = None) -> None:
    """A section heading and one short line saying why the reader should care; how it is
    counted (`method`) goes into the heading's help tooltip, not under it."""
    st.subheader(title, help=method)
    st.caption(why)


def empty_state() -> None:
    """The clear "nothing matches" message, naming the filters that emptied the page."""
    st.info(f"**{t('empty.no_data')}**  \n{filters_caption()}", icon=":material/filter_alt_off:")


def _shown_change(delta: Delta | None) -> float | None:
    """The delta's change, or None when it reads as zero ("0,00 п.п."): no arrow for noise."""
    if delta is None or not any(ch in "123456789" for ch in delta.text):
        return None
    return delta.change


def _arrow_and_colour(change: float | None, up_is_good: bool | None) -> tuple[str, str]:
    # Our numbers use U+2212 for minus, which st.metric would read as positive: decide here.
    if change is None or change == 0:
        return "off", "gray"
    arrow = "up" if change > 0 else "down"
    if up_is_good is None:
        return arrow, "gray"
    return arrow, "green" if (change > 0) == up_is_good else "red"


def _delta_line(delta: Delta, up_is_good: bool | None) -> str:
    """A second change under a metric, as coloured markdown."""
    arrow, colour = _arrow_and_colour(_shown_change(delta), up_is_good)
    sign = {"up": "▲ ", "down": "▼ "}.get(arrow, "")
    return f":{colour}[{sign}{delta.text}] {delta.against}"


def _rows(items: list[Metric], per_row: int) -> list[list[Metric]]:
    return [items[i : i + per_row] for i in range(0, len(items), per_row)]


def metric_row(items: list[Metric], per_row: int | None = None) -> None:
    """Headline numbers in rows of cards; the first delta on the card, further ones below.

    By default up to five cards share a row; six become two rows of three, so long Russian
    labels and numbers never clip.
    """
    if per_row is None:
        per_row = len(items) if len(items) <= 5 else (3 if len(items) % 3 == 0 else 4)
    for row in _rows(items, max(per_row, 1)):
        _metric_cards(row, per_row)


def headline_row(heads: Iterable[Headline]) -> None:
    """metric_row for headline values a page module computed (label, value, deltas as tuples)."""
    metric_row(
        [
            Metric(h.label, h.value, tuple(Delta(*d) for d in h.deltas), h.up_is_good, h.help)
            for h in heads
        ]
    )


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit_download(action: str, file_type: str, rows: int, detail: str = "") -> Callable[[], None]:
    """An on_click callback writing a download into the audit log: who, filters, file, rows."""

    def record() -> None:
        user = auth.session_user().name
        audit.record(action, user, file_type, rows, filters().describe(lang(), label), detail)

    return record


def _audited(
    get: Callable[[], pd.DataFrame], what: str, f: Filters, ext: str
) -> Callable[[], pd.DataFrame]:
    """`get`, writing an export entry into the audit log each time a file is built (a click).

    Who and which filters are taken now, in the script run: the file is built later.
    """
    user, shown = auth.session_user().name, f.describe(f.lang, label)

    def table() -> pd.DataFrame:
        rows = get()
        audit.record("export", user, ext, len(rows), shown, what)
        return rows

    return table


def download_buttons(
    table: pd.DataFrame | Callable[[], pd.DataFrame],
    file_stem: str,
    sheet: str,
    key: str,
    as_of: date | None = None,
    period_applies: bool = True,
) -> None:
    """CSV and XLSX downloads of a table side by side; files are built only when clicked.

    `table` may be a function returning the table, so a long list is fetched only on a click.
    Each file carries the active filters, `as_of` (when the table is judged on a date) and the
    data date, inside and in its name; `period_applies=False` for a list that ignores the period.
    """
    f, info = filters(), queries.store_info()
    get = table if callable(table) else (lambda: table)
    default = Filters.default(info.first_received, info.latest_snapshot)
    name = export.file_stem(file_stem, f, default, info.latest_snapshot, as_of, period_applies)
    about = export.context(f, label, info.latest_snapshot, as_of, period_applies)
    csv_rows, xlsx_rows = (_audited(get, name, f, ext) for ext in ("csv", "xlsx"))
    files = {
        "csv": (lambda: export.to_csv_bytes(csv_rows(), context=about), "text/csv"),
        "xlsx": (lambda: export.to_xlsx_bytes(xlsx_rows(), sheet, context=about), XLSX_MIME),
    }
    # Narrow columns keep the two buttons side by side rather than at opposite page edges.
    cols = st.columns(len(files) + 3)[: len(files)]
    for col, (ext, (data, mime)) in zip(cols, files.items(), strict=True):
        col.download_button(
            t(f"common.download_{ext}"),
            data,
            f"{name}.{ext}",
            mime,
            key=f"{key}_{ext}",
            on_click="ignore",
        )


def _metric_cards(items: list[Metric], width: int) -> None:
    for col, item in zip(st.columns(width), items, strict=False):
        # One bordered card holds the number and all its deltas, so they read as one unit.
        with col, st.container(border=True, height="stretch"):
            first = item.deltas[0] if item.deltas else None
            arrow, colour = _arrow_and_colour(_shown_change(first), item.up_is_good)
            st.metric(
                item.label,
                item.value,
                delta=first.text if first else None,
                delta_color=colour,  # type: ignore[arg-type]
                delta_arrow=arrow,  # type: ignore[arg-type]
                delta_description=first.against if first else None,
                help=item.help,
            )
            for extra in item.deltas[1:]:
                st.markdown(_delta_line(extra, item.up_is_good))


def chart(fig: go.Figure) -> None:
    """A plotly figure at full width with the house toolbar."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG)


def quote(text: str) -> None:
    """A finding in plain language, framed so it reads as the page's conclusion."""
    with st.container(border=True):
        st.markdown(text)


STATIC_TABLE_MAX_ROWS = 12  # up to this many rows a table is printed whole, text wrapped


def table(df: pd.DataFrame) -> None:
    """Pre-formatted values without the index: printed whole if short, else scrollable."""
    if len(df) <= STATIC_TABLE_MAX_ROWS:
        st.table(df, hide_index=True)
    else:
        st.dataframe(df, hide_index=True, width="stretch")


# --- page-level settings kept in the URL -------------------------------------------------------
# Streamlit's own bind="query-params" writes a selectbox's *label* into the URL, so a link would
# change with the language and break on a language switch; these helpers keep the option's code.

URL_WIDGETS_KEY = "url_widgets"  # session key: {widget key: URL param} of every page setting
_SAVED = "url_saved_"  # session key prefix: a setting's last URL text, kept across page changes
T = TypeVar("T")


def url_param(key: str) -> str:
    """The URL parameter of a page setting: its key without the page prefix ("grouping")."""
    return key.split("_", 1)[-1]


def url_widget_keys() -> tuple[str, ...]:
    """Every page setting's widget key seen in this session (the language switch keeps them)."""
    return tuple(st.session_state.get(URL_WIDGETS_KEY, {}))


def _url_bound(
    key: str,
    default: T,
    parse: Callable[[str], T | None],
    dump: Callable[[T], str],
    draw: Callable[[], T],
) -> T:
    """Seed widget `key` from the URL (else its value before a page change, else `default`),
    draw it, and write its value back: `?<param>=<text>`, removed when it is the default."""
    param = url_param(key)
    st.session_state.setdefault(URL_WIDGETS_KEY, {})[key] = param
    if key not in st.session_state:
        raw = st.query_params.get(param) or st.session_state.get(_SAVED + key)
        value = parse(raw) if raw else None
        st.session_state[key] = default if value is None else value
    value = draw()
    text = dump(value)
    st.session_state[_SAVED + key] = text
    if text == dump(default):
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != text:
        st.query_params[param] = text
    return value


def labeller(prefix: str) -> Callable[[str], str]:
    """format_func naming option `v` by the locale key `<prefix>.<v>` in the current language.

    The language is bound now, not when Streamlit calls it: AppTest calls format_func outside
    the script run, where the session's filters (and so the language) are not at hand.
    """
    lang_code = lang()
    return lambda v: i18n.t(f"{prefix}.{v}", lang_code)


def url_choice(
    key: str,
    options: tuple[str, ...] | list[str],
    default: str,
    *,
    label: str,
    format_func: Callable[[str], str] = str,
    widget: Literal["radio", "selectbox"] = "radio",
    where: DeltaGenerator | None = None,
    help: str | None = None,  # noqa: A002 - Streamlit's name
) -> str:
    """A radio (horizontal) or selectbox whose option code lives in the URL.

    `key` is "<page>_<name>" (session key); the URL parameter is `<name>`. An unknown value in
    the URL falls back to `default`. `where` is a container (a column), st by default.
    """
    host = where or st
    draw_widget = host.radio if widget == "radio" else host.selectbox
    extra = {"horizontal": True} if widget == "radio" else {}

    def draw() -> str:
        return draw_widget(
            label, list(options), key=key, format_func=format_func, help=help, **extra
        )

    return _url_bound(key, default, lambda raw: raw if raw in options else None, str, draw)


def url_date(
    key: str,
    default: date,
    *,
    label: str,
    min_value: date,
    max_value: date,
    where: DeltaGenerator | None = None,
    help: str | None = None,  # noqa: A002 - Streamlit's name
) -> date:
    """A date input whose ISO date lives in the URL; a date outside [min, max] is clamped."""
    host = where or st

    def parse(raw: str) -> date | None:
        try:
            return min(max(date.fromisoformat(raw), min_value), max_value)
        except ValueError:
            return None

    def draw() -> date:
        return host.date_input(
            label,
            key=key,
            min_value=min_value,
            max_value=max_value,
            format="DD.MM.YYYY",
            help=help,
        )

    return _url_bound(key, default, parse, date.isoformat, draw)


def url_int(
    key: str,
    default: int,
    *,
    label: str,
    min_value: int,
    max_value: int | None = None,
    where: DeltaGenerator | None = None,
    help: str | None = None,  # noqa: A002 - Streamlit's name
) -> int:
    """A whole-number input whose value lives in the URL; out-of-range values are clamped."""
    host = where or st

    def parse(raw: str) -> int | None:
        try:
            value = max(int(raw), min_value)
        except ValueError:
            return None
        return value if max_value is None else min(value, max_value)

    def draw() -> int:
        return int(host.number_input(label, min_value, max_value, key=key, step=1, help=help))

    return _url_bound(key, default, parse, str, draw)
