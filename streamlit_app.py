"""Entry point: page config, the sidebar filters (kept in the URL), then the chosen page."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n
from dashboard.data import queries, store
from dashboard.ui import navigation, sidebar
from dashboard.ui import page as ui

st.set_page_config(
    page_title="Обращения граждан",
    page_icon=":material/mark_email_read:",
    layout="wide",
    initial_sidebar_state="expanded",
)

try:
    info = queries.store_info()
except (FileNotFoundError, store.StaleStoreError) as exc:  # say how to build it, no traceback
    st.error(str(exc))
    st.stop()

st.session_state[ui.FILTERS_KEY], _ = sidebar.render(info)
if unbuilt := queries.unbuilt_snapshots():  # e.g. a snapshot dropped in by hand: say so
    dates = ", ".join(i18n.fmt_date(d, ui.lang()) for d in unbuilt)
    st.warning(ui.t("shell.unbuilt", dates=dates), icon=":material/sync_problem:")
st.navigation(navigation.st_pages(ui.lang())).run()
