"""Collegium: a quarter's slides, workbook and one-page brief for one scope of the filters."""

import streamlit as st

from dashboard.data import queries
from dashboard.report import collegium
from dashboard.report.pack import PackError, Quarter, Scope
from dashboard.ui import page as ui

f, lang = ui.filters(), ui.lang()
info = queries.store_info()
ui.page_header(ui.t("pages.collegium"), ui.t("collegium.page.purpose"))

quarters, chosen = collegium.quarter_choices(f, info)
if not quarters:
    st.info(ui.t("collegium.page.no_quarter"))
    st.stop()
scopes, default_scope = collegium.scope_choices(f)
left, right = st.columns(2)
for key, options in (("collegium_quarter", quarters), ("collegium_scope", scopes)):
    if st.session_state.get(key, options[0]) not in options:  # the filters changed under it
        del st.session_state[key]
with left:
    quarter = ui.url_choice(
        "collegium_quarter",
        quarters,
        quarters[chosen],
        label=ui.t("collegium.page.quarter"),
        format_func=lambda q: Quarter.parse(q).label(lang),
        widget="selectbox",
    )
with right:
    scope = ui.url_choice(
        "collegium_scope",
        scopes,
        scopes[default_scope],
        label=ui.t("collegium.page.scope"),
        format_func=lambda s: Scope.from_key(s).label(lang, ui.label),
        widget="selectbox",
        help=ui.t("collegium.page.scope_help"),
    )
try:
    q, sc = Quarter.parse(quarter), Scope.from_key(scope)
    pack = collegium.make_pack(q, sc, lang, f, runner=queries.run, labeler=ui.label, info=info)
except PackError:
    ui.empty_state()
    st.stop()

ui.section(ui.t("collegium.page.preview"), ui.t("collegium.page.preview_why"))
slides_col, findings_col = st.columns([2, 3], gap="large")
slides_col.markdown(
    f"**{ui.t('collegium.page.slides')}**\n\n"
    + "\n".join(f"{i}. {title}" for i, title in enumerate(collegium.slide_titles(pack), 1))
)
with findings_col:
    ui.quote("\n\n".join(collegium.findings_text(pack)))

# A flag set by the click survives a rerun (the shell may rerun the page before it draws).
request = ({"collegium_requested": True},)
build = ui.t("collegium.page.build")
st.button(
    build, type="primary", key="collegium_build", on_click=st.session_state.update, args=request
)
if st.session_state.pop("collegium_requested", False):
    bar = st.progress(0.0, text=ui.t("collegium.page.building"))
    steps = list(collegium.WRITERS)
    files = collegium.render_all(
        pack, lambda ext: bar.progress((steps.index(ext) + 1) / len(steps))
    )
    st.session_state["collegium_files"] = (pack.filters, files)
    bar.empty()
stored = st.session_state.get("collegium_files")
if stored and stored[0] == pack.filters:  # built for exactly this quarter, scope and filters
    st.success(ui.t("collegium.page.ready"))
    for column, (ext, data) in zip(st.columns(3), stored[1].items(), strict=True):
        column.download_button(
            ui.t(f"collegium.page.download_{ext}"),
            data,
            file_name=f"{pack.stem}.{ext}",
            mime=collegium.MIME_TYPES[ext],
            key=f"collegium_download_{ext}",
            on_click=ui.audit_download("report", ext, len(pack.sections) + 1, pack.stem),
        )
