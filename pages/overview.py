"""Overview: headline figures with deltas, a plain-language summary, level split, trend strip."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis import metrics, narrative, overview
from dashboard.data import queries
from dashboard.ui import page as ui

f, lang = ui.filters(), ui.lang()
info = queries.store_info()
ui.page_header(ui.t("pages.overview"), ui.t("overview.purpose"))

now_rows = queries.run("summary_by_group", f, group_by="none")
now = metrics.totals(now_rows)
if not now["n_received"]:
    ui.empty_state()
    st.stop()

compared = [
    (metrics.totals(queries.run("summary_by_group", g, group_by="none")), key)
    for g, key in overview.comparisons(f, info.latest_snapshot)
]
last_year = compared[0][0]
levels = metrics.by_group(queries.run("summary_by_group", f, group_by="level"))

ui.section(ui.t("overview.headline"), overview.headline_why(f, info.latest_snapshot, lang))
if note := overview.provisional_note(now, info.latest_snapshot, lang):
    st.info(note, icon=":material/hourglass_top:")
ui.metric_row(overview.cards(now, compared, info.latest_snapshot, lang))
if note := overview.unknown_outcome_note(now_rows, lang):
    st.warning(note, icon=":material/help:")

text = narrative.overview(
    f.period_start,
    f.period_end,
    now,
    levels,
    f.appeal_types,
    info.latest_snapshot,
    lang,
    last_year=last_year,
)
summary_col, levels_col = st.columns([5, 4], gap="large")
with summary_col:
    ui.section(
        ui.t("overview.summary"), ui.t("overview.summary_why"), ui.t("overview.summary_method")
    )
    ui.quote(text)
with levels_col:
    ui.section(ui.t("overview.levels"), ui.t("overview.levels_why"))
    ui.table(overview.level_table(levels, lang))

ui.section(ui.t("overview.trend"), ui.t("overview.trend_why"), ui.t("overview.trend_method"))
trend = queries.run("overview_trend_by_month", overview.trend_filters(f, info.first_received))
if trend.empty:
    ui.empty_state()
else:
    volume, quality = overview.trend_figures(trend, f, lang)
    ui.chart(volume)
    ui.chart(quality)
