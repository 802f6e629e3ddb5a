"""Drill-down blocks of the analysis pages: a unit's appeals, paged in SQL, with CSV/XLSX export
of the whole list (up to EXPORT_MAX_ROWS; no applicant column, ever), and its repeat chains."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.analysis import repeats
from dashboard.analysis.deadlines import n_pages
from dashboard.data import codes, queries
from dashboard.data.filters import Filters
from dashboard.i18n import fmt_int
from dashboard.ui import charts_repeats
from dashboard.ui import page as ui

PAGE_SIZE = 50  # rows per page of the list
EXPORT_MAX_ROWS = 100_000  # rows an export holds at most


def _page_rows(f: Filters, params: dict[str, object], key: str) -> tuple[int, pd.DataFrame]:
    """The chosen page's rows; back to page 1 when the unit changed and has fewer pages."""
    number = int(st.session_state.get(f"{key}_page", 1))
    offset = (number - 1) * PAGE_SIZE
    rows = queries.run("appeals_by_unit", f, **params, limit=PAGE_SIZE, offset=offset)
    if rows.empty and number > 1:
        number, st.session_state[f"{key}_page"] = 1, 1
        rows = queries.run("appeals_by_unit", f, **params, limit=PAGE_SIZE, offset=0)
    return number, rows


def appeals_list(f: Filters, unit: dict[str, str], key: str, only_repeats: bool, stem: str) -> None:
    """The unit's appeals (`unit`: $group_by/$group_code pairs), a page chooser, the export."""
    params: dict[str, object] = {**unit, "only_repeats": only_repeats}
    number, rows = _page_rows(f, params, key)
    if rows.empty:
        ui.empty_state()
        return
    lang, total = ui.lang(), int(rows["n_total"].iloc[0])
    received = ui.t("repeats.list.columns.received_date")
    st.dataframe(
        repeats.appeals_table(rows, lang, ui.label),
        hide_index=True,
        column_config={received: st.column_config.DateColumn(format="DD.MM.YYYY")},
    )
    c1, c2 = st.columns([1, 3])
    c1.number_input(ui.t("repeats.list.page"), 1, n_pages(total, PAGE_SIZE), key=f"{key}_page")
    first = (number - 1) * PAGE_SIZE + 1
    last = min(first + PAGE_SIZE - 1, total)
    c2.caption(
        ui.t(
            "repeats.list.total",
            total=fmt_int(total, lang),
            first=fmt_int(first, lang),
            last=fmt_int(last, lang),
            max=fmt_int(EXPORT_MAX_ROWS, lang),
        )
    )

    names = {kind: codes.labels(kind, lang) for kind in codes.KINDS}

    def export_table() -> pd.DataFrame:
        # Runs on a click, outside the page's script run: no session state, names captured.
        full = queries.run("appeals_by_unit", f, **params, limit=EXPORT_MAX_ROWS, offset=0)
        return repeats.appeals_table(full, lang, lambda k, c: names[k].get(c) or c)

    ui.download_buttons(export_table, stem, ui.t("repeats.list.sheet"), key=key)


def chains_block(f: Filters, unit: dict[str, str]) -> None:
    """The unit's repeat chains: counts, the distribution of lengths, the chains round by round."""
    lang = ui.lang()
    chains = queries.run("repeats_chains", f, **unit)
    if chains.empty:
        st.info(ui.t("repeats.chains.none"))
        return
    left, right = st.columns([1, 2], vertical_alignment="center")
    with left:
        st.markdown(
            ui.t(
                "repeats.chains.summary",
                **repeats.chain_stats_text(repeats.chain_stats(chains), lang),
            )
        )
    with right:
        ui.chart(
            charts_repeats.lengths_chart(
                repeats.chain_lengths(chains),
                title=ui.t("repeats.chains.lengths_chart"),
                x_title=ui.t("repeats.chains.x"),
                y_title=ui.t("repeats.chains.y"),
                lang=lang,
            )
        )
    table = repeats.chain_display(chains, lang, ui.label)
    narrow = {c: st.column_config.Column(width="small") for c in table.columns[1:3]}
    st.dataframe(table, hide_index=True, height=400, column_config=narrow)
    st.caption(ui.t("repeats.chains.shown", n=repeats.CHAINS_SHOWN))


def hotspot_table(shown: pd.DataFrame) -> None:
    """The hotspot table; the unit's name gets the room, the figures size to their headers."""
    widths = {shown.columns[0]: st.column_config.TextColumn(width="large")}
    st.dataframe(
        shown, hide_index=True, column_config=widths, height=min(38 + 35 * len(shown), 460)
    )
