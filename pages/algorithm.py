"""Review algorithm: compliance of each body with the four rules of the 2017 letter, with n."""

import pandas as pd
import streamlit as st

from dashboard.analysis import algorithm, deadlines
from dashboard.data import queries
from dashboard.ui import page as ui

f, lang = ui.filters(), ui.lang()
ui.page_header(ui.t("algorithm.title"), ui.t("algorithm.purpose"))
rows = queries.run("algorithm_by_body", f)
if rows.empty:
    ui.empty_state()
    st.stop()
totals = algorithm.totals(rows)
ui.metric_row(algorithm.headlines(totals, lang), per_row=3)
with st.expander(ui.t("algorithm.rules_title")):
    st.markdown(ui.t("algorithm.rules_text"))

ui.section(ui.t("algorithm.table.title"), ui.t("algorithm.table.why"))
per_body = algorithm.by_body_rule(rows)
ui.chart(algorithm.heatmap(per_body, lang, ui.label))
ui.table(algorithm.body_table(per_body, lang, ui.label))
st.caption(ui.t("algorithm.table.small", min_n=algorithm.MIN_N))

ui.section(ui.t("algorithm.trend.title"), ui.t("algorithm.trend.why"))
ui.chart(algorithm.trend_chart(algorithm.trend(rows), lang))

ui.section(ui.t("algorithm.funnel.title"), ui.t("algorithm.funnel.why"))
rule = st.selectbox(
    ui.t("algorithm.widgets.rule"),
    algorithm.RULES,
    key="algorithm_rule",
    format_func=lambda r: algorithm.rule_name(r, lang),
)
ui.chart(algorithm.funnel_chart(per_body, rule, lang, ui.label))

ui.section(ui.t("algorithm.list.title"), ui.t("algorithm.list.why"))
chosen = st.multiselect(
    ui.t("algorithm.widgets.rules"),
    algorithm.RULES,
    key="algorithm_rules",
    format_func=lambda r: algorithm.rule_name(r, lang),
    placeholder=ui.t("filters.all"),
)


def breaches(limit: int, offset: int) -> pd.DataFrame:
    """Rows of the breach list from `offset` (a page, or the export's rows)."""
    return queries.run(
        "algorithm_breaches_by_appeal", f, rules=list(chosen), limit=limit, offset=offset
    )


first = breaches(algorithm.PAGE_SIZE, 0)
if first.empty:
    st.info(ui.t("algorithm.list.none"))
    st.stop()
total = int(first["n_total"].iloc[0])
pages = deadlines.n_pages(total, algorithm.PAGE_SIZE)
number = int(
    st.columns(4)[0].number_input(ui.t("algorithm.widgets.page"), 1, pages, 1, key="algorithm_page")
)
shown = first if number == 1 else breaches(algorithm.PAGE_SIZE, (number - 1) * algorithm.PAGE_SIZE)
dates = {c: st.column_config.DateColumn(format="DD.MM.YYYY") for c in algorithm.date_columns(lang)}
table = algorithm.breaches_table(shown, lang, ui.label)
st.dataframe(table, hide_index=True, column_config=dates)
st.caption(algorithm.list_caption(total, number, lang))
name = ui.t("algorithm.list.file_name", start=f.period_start.isoformat())
export = lambda: algorithm.breaches_table(breaches(algorithm.EXPORT_MAX_ROWS, 0), lang, ui.label)  # noqa: E731
ui.download_buttons(export, name, ui.t("algorithm.list.sheet"), key="algorithm")
