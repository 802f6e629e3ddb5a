"""Entry point: page config, the sidebar filters (kept in the URL), then the chosen page."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n
from dashboard.data import queries, store
from dashboard.ui import auth, builtin_i18n, navigation, sidebar
from dashboard.ui import page as ui

st.set_page_config(
    page_title="Обращения граждан",
    page_icon=":material/mark_email_read:",
    layout="wide",
    initial_sidebar_state="expanded",
)

lang = i18n.norm_lang(st.session_state.get("f_lang") or st.query_params.get("lang", "ru"))
try:
    info = queries.store_info()
except (FileNotFoundError, store.StaleStoreError) as exc:  # say how to build it, no traceback
    # a hidden navigation, or Streamlit lists pages/ by their English file names
    st.navigation(navigation.st_pages(lang)[:1], position="hidden")
    missing = isinstance(exc, FileNotFoundError)
    st.error(i18n.t("shell.no_store" if missing else "shell.stale_store", lang))
    st.stop()

user = auth.current_user(lang)  # the sign-in screen stops here until someone signs in
if not user.known:
    auth.no_access(user, lang)
chosen, _ = sidebar.render(info)
st.session_state[ui.FILTERS_KEY] = user.scoped(chosen)  # the scope rides inside Filters
with st.sidebar:
    auth.who_box(user, chosen.lang)
    builtin_i18n.inject(chosen.lang)  # Streamlit's own English strings in the chosen language
if unbuilt := queries.unbuilt_snapshots():  # e.g. a snapshot dropped in by hand: say so
    dates = ", ".join(i18n.fmt_date(d, ui.lang()) for d in unbuilt)
    st.warning(ui.t("shell.unbuilt", dates=dates), icon=":material/sync_problem:")
st.navigation(navigation.st_pages(ui.lang())).run()
