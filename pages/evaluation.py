"""Evaluation of bodies: the three criteria of direction 3, points, score and rank per level."""

import streamlit as st

from dashboard.analysis import algorithm, evaluation
from dashboard.analysis import evaluation_view as view
from dashboard.data import queries
from dashboard.ui import page as ui

f, lang = ui.filters(), ui.lang()
ui.page_header(ui.t("evaluation.title"), ui.t("evaluation.purpose"))
criteria = evaluation.load_criteria()
min_n = int(
    st.columns(4)[0].number_input(
        ui.t("evaluation.min_n"), 1, 100_000, evaluation.MIN_N, key="evaluation_min_n"
    )
)
rows = queries.run("evaluation_by_body", f)
ranked = evaluation.ranking(
    rows, queries.run("evaluation_by_body", f.previous_period()), criteria, min_n
)
with st.expander(ui.t("evaluation.formula_title"), expanded=True):
    st.markdown(view.formula(criteria, min_n, lang))
if ranked.empty:
    ui.empty_state()
    st.stop()

for level, part in ranked.groupby("body_level", sort=True):
    ui.section(ui.t(f"evaluation.level.{level}"), ui.t("evaluation.level_why"))
    table = view.ranking_table(part, criteria, lang, ui.label)
    # a static table wraps its headers, so all ten columns fit the page without scrolling
    st.table(view.grey_unranked(table, part["ranked"]), hide_index=True)
    n_small = int((~part["ranked"]).sum())
    st.caption(
        ui.t("evaluation.small", min_n=min_n, n_small=n_small) + " " + view.band_legend(lang)
    )
    if part["ranked"].any():
        title = ui.t("evaluation.score_chart", level=ui.t(f"evaluation.level.{level}"))
        ui.chart(view.score_chart(part, lang, ui.label, title))
    name = ui.t("evaluation.file_name", level=level, start=f.period_start.isoformat())
    ui.download_buttons(table, name, ui.t("evaluation.sheet"), key=f"evaluation_{level}")

ui.section(ui.t("evaluation.card.title"), ui.t("evaluation.card.why"))
body = st.columns(2)[0].selectbox(
    ui.t("evaluation.card.body"),
    list(ranked["body_id"]),
    key="evaluation_body",
    format_func=lambda b: ui.label("body", b),
)
quarters = evaluation.quarterly(rows, body)
ui.chart(view.quarter_chart(quarters, criteria, lang))
ui.table(view.quarter_table(quarters, criteria, lang))
st.markdown(f"**{ui.t('evaluation.card.algorithm')}**")
compliance = algorithm.body_card(queries.run("algorithm_by_body", f), body, lang)
if compliance.empty:
    st.info(ui.t("evaluation.card.no_algorithm"))
else:
    ui.table(compliance)
