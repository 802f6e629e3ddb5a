"""Data: what is loaded (snapshots, row counts), quality warnings, definitions, reference tables."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis import catalogue
from dashboard.data import audit, queries
from dashboard.ui import auth, upload
from dashboard.ui import page as ui

lang = ui.lang()
info = queries.store_info()
ui.page_header(ui.t("pages.data"), ui.t("data.purpose"))
ui.metric_row(catalogue.cards(info, lang))

ui.section(ui.t("data.snapshots"), ui.t("data.snapshots_why"), ui.t("data.snapshots_method"))
snapshots = queries.run("data_snapshots")
if snapshots.empty:
    ui.empty_state()
else:
    chart_col, table_col = st.columns([3, 2])
    with chart_col:
        ui.chart(catalogue.snapshots_figure(snapshots, lang))
    with table_col:
        ui.table(catalogue.snapshots_table(snapshots, lang))

ui.section(ui.t("data.quality"), ui.t("data.quality_why"), ui.t("data.quality_method"))
report = queries.run("data_quality_report")
if report.empty:
    st.success(ui.t("data.no_warnings"), icon=":material/check_circle:")
else:
    ui.table(catalogue.quality_table(report, lang))
upload.unknown_block(queries.run("data_quality_unknowns"))

upload.imports_section()
upload.upload_section()

if auth.session_user().role == "national":  # the log names users and what they took
    ui.section(ui.t("audit.title"), ui.t("audit.why"))
    entries = audit.read()
    if entries:
        ui.table(catalogue.audit_table(entries, lang))
    else:
        st.info(ui.t("audit.none"))

ui.section(ui.t("data.definitions_title"), ui.t("data.definitions_why"))
st.markdown(catalogue.definitions(lang))

ui.section(ui.t("data.reference"), ui.t("data.reference_why"))
for tab, name in zip(
    st.tabs([ui.t(f"data.tables.{n}") for n in catalogue.REFERENCE_TABLES]),
    catalogue.REFERENCE_TABLES,
    strict=True,
):
    with tab:
        ui.table(catalogue.reference_table(name, lang))
