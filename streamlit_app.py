"""Entry point: page config and the headline figures of a year (the page shell grows here)."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n, queries, summary

st.set_page_config(page_title="Обращения граждан", page_icon="📨", layout="wide")

info = queries.store_info()
years = list(range(info.latest_snapshot.year, info.first_received.year - 1, -1))
year = st.sidebar.selectbox("Год", years, index=min(1, len(years) - 1))
result = summary.summarise(year, db_path=info.path)
total = result["total"]

st.title(f"Жалобы и заявления граждан, {year} год")
st.caption(f"Данные на {i18n.fmt_date(info.latest_snapshot)}")
cols = st.columns(4)
cols[0].metric("Поступило", i18n.fmt_int(total["n_received"]))
cols[1].metric("Удовлетворено", i18n.fmt_share(total["satisfied_share"]))
cols[2].metric("С нарушением сроков", i18n.fmt_share(total["late_share"]))
cols[3].metric("Повторные", i18n.fmt_share(total["repeat_share"]))
