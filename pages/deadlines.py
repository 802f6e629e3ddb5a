"""Review deadlines: late share over time and by group, backlog ageing, extensions, overdue list."""

import streamlit as st

from dashboard.analysis import deadlines
from dashboard.analysis.trends import against, period_label, shift_years
from dashboard.data import queries
from dashboard.i18n import fmt_date, fmt_int
from dashboard.ui import page as ui

f, lang = ui.filters(), ui.lang()


def pick(name: str, options: tuple[str, ...]) -> str:
    """A page-level choice in the URL (?<name>=), options labelled deadlines.<name>.*."""
    label, fmt = ui.t(f"deadlines.widgets.{name}"), ui.labeller(f"deadlines.{name}")
    return ui.url_choice(f"deadlines_{name}", options, options[0], label=label, format_func=fmt)


ui.page_header(ui.t("deadlines.title"), ui.t("deadlines.purpose"))
latest = queries.latest_snapshot()
as_of = ui.url_date(
    "deadlines_as_of",
    latest,
    label=ui.t("deadlines.as_of"),
    min_value=queries.store_info().first_received,
    max_value=latest,
    where=st.columns(3)[0],
    help=ui.t("deadlines.as_of_help"),
)
ago, day = shift_years(f, 1), fmt_date(as_of, lang)
period, vs = (
    period_label(f.period_start, f.period_end, lang),
    against(ago.period_start, ago.period_end, lang),
)

monthly = queries.run("deadlines_late_by_month", f, as_of=as_of)
before = deadlines.totals(queries.run("deadlines_late_by_month", ago, as_of=as_of))
ages = queries.run("deadlines_backlog_by_age", f, as_of=as_of)
backlog = deadlines.backlog_totals(ages)
if monthly.empty and backlog[0] == 0:  # nothing in the period nor open: one empty state
    ui.empty_state()
    st.stop()
heads = deadlines.headlines(deadlines.totals(monthly), before, backlog, period, vs, day, lang)
st.caption(deadlines.scope_caption(period, day, lang))
ui.headline_row(heads)

ui.section(
    ui.t("deadlines.late_trend.title"),
    ui.t("deadlines.late_trend.why"),
    ui.t("deadlines.late_trend.method"),
)
if monthly.empty:
    ui.empty_state()
else:
    ui.chart(deadlines.late_chart(monthly, day, lang))

ui.section(
    ui.t("deadlines.late_groups.title"),
    ui.t("deadlines.late_groups.why"),
    ui.t("deadlines.late_groups.method"),
)
grouping = pick("grouping", deadlines.GROUPINGS)
groups = queries.run("deadlines_late_by_group", f, as_of=as_of, group_by=grouping)
levels = ui.body_levels() if grouping == "body" else None
ranked = deadlines.rank_groups(groups, grouping, ui.label, lang, levels=levels)
what = ui.t(f"deadlines.grouping.{grouping}").lower()
if ranked.empty:
    ui.empty_state()
else:
    title = ui.t("deadlines.late_groups.chart", grouping=what, date=day)
    ui.chart(deadlines.groups_chart(ranked, "late_share", title, lang))
st.caption(deadlines.groups_caption(groups, ranked, lang))

ui.section(
    ui.t("deadlines.backlog.title"), ui.t("deadlines.backlog.why"), ui.t("deadlines.backlog.method")
)
if backlog[0] == 0:
    ui.empty_state()
else:
    ui.chart(deadlines.age_chart(ages, day, lang))

ui.section(ui.t("deadlines.extensions.title"), ui.t("deadlines.extensions.why"))
view = pick("extensions_view", deadlines.EXTENSION_VIEWS)
if view == "body":
    by_body = queries.run("deadlines_late_by_group", f, as_of=as_of, group_by="body")
    levels = ui.body_levels()
    ranked = deadlines.rank_groups(by_body, "body", ui.label, lang, "extended_share", levels=levels)
if monthly.empty or (view == "body" and ranked.empty):
    ui.empty_state()
elif view == "month":
    ui.chart(deadlines.extensions_chart(monthly, lang))
else:
    title = ui.t("deadlines.extensions.chart_body")
    ui.chart(deadlines.groups_chart(ranked, "extended_share", title, lang))
    st.caption(deadlines.groups_caption(by_body, ranked, lang))

ui.section(ui.t("deadlines.list.title"), ui.t("deadlines.list.why"), ui.t("deadlines.list.method"))
st.caption(ui.t("deadlines.list.follows", date=day))
rows = queries.run(
    "deadlines_overdue_by_appeal", f, as_of=as_of, limit=deadlines.EXPORT_MAX_ROWS, offset=0
)
if rows.empty:
    st.info(ui.t("deadlines.list.none", date=day))
    st.stop()
table = deadlines.overdue_table(rows, lang, ui.label)
pages = deadlines.n_pages(len(table))
page_label = ui.t("deadlines.widgets.page_of", total=fmt_int(pages, lang))
number = st.columns(4)[0].selectbox(page_label, range(1, pages + 1), key="deadlines_page")
widths = deadlines.list_widths(lang)
columns = {c: st.column_config.Column(width=w) for c, w in widths.items()}
columns |= {
    c: st.column_config.DateColumn(format="DD.MM.YYYY", width=widths[c])
    for c in deadlines.date_columns(lang)
}
st.dataframe(deadlines.page(table, number), hide_index=True, column_config=columns, width="stretch")
st.caption(deadlines.list_caption(int(rows["n_total"].iloc[0]), len(table), number, day, lang))
name, sheet = ui.t("deadlines.list.file_name"), ui.t("deadlines.list.sheet")
ui.download_buttons(table, name, sheet, key="deadlines", as_of=as_of, period_applies=False)
