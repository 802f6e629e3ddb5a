"""Regions: a tile cartogram of a chosen metric, then one region's topics, collective appeals,
bodies, a comparison, and the inspection brief for its regional unit."""

import streamlit as st

from dashboard.analysis import region_report, regions
from dashboard.analysis import regions_view as view
from dashboard.data import queries
from dashboard.report import region_brief
from dashboard.ui import page as ui
from dashboard.ui import region_pick

f, lang = ui.filters(), ui.lang()
as_of = queries.latest_snapshot()
ui.page_header(ui.t("regions.title"), ui.t("regions.purpose"))


def run(name: str, **params: object) -> object:
    """The cached runner with the page's filters, as region_report expects."""
    return queries.run(name, f, **params)


tiles = region_report.region_tiles(run, f.period_start, f.period_end, as_of)
if tiles["n_received"].sum() == 0:
    ui.empty_state()
    st.stop()
metric = st.radio(
    ui.t("regions.widgets.metric"),
    regions.METRICS,
    key="regions_metric",
    format_func=lambda m: view.metric_title(m, lang),
    horizontal=True,
)
codes = list(tiles["region_code"])
region = region_pick.chosen(codes, regions.ranked_by(tiles, metric)[0])
region_pick.cartogram(view.cartogram(tiles, metric, region, lang, ui.label))
left, right = st.columns([1, 2])
with left:
    region_pick.selectbox(codes, ui.t("regions.widgets.region"), lambda c: ui.label("region", c))
right.caption(ui.t("regions.map.how") + " " + view.scale_note(tiles, metric, lang))
with st.expander(ui.t("regions.map.table", metric=view.metric_title(metric, lang))):
    ui.table(view.ranking_table(tiles, metric, lang, ui.label))

report = region_report.gather(run, region, f.period_start, f.period_end, as_of, tiles)
name = ui.label("region", region)
ui.section(name, ui.t("regions.region_why"))
ui.metric_row(view.headlines(report.region, lang), per_row=3)

ui.section(ui.t("regions.topics.title"), ui.t("regions.topics.why", min_n=regions.MIN_N))
ui.table(view.lq_table(report.topics, lang, ui.label))

ui.section(ui.t("regions.emerging.title"), ui.t("regions.emerging.why"))
emerging = view.emerging_table(report.emerging, lang, ui.label)
if emerging.empty:
    st.info(ui.t("regions.emerging.none"))
else:
    ui.table(emerging)

ui.section(ui.t("regions.collective.title"), ui.t("regions.collective.why"))
if report.collective.n_collective == 0:
    st.info(ui.t("regions.collective.none"))
else:
    ui.chart(view.collective_chart(report.collective, lang))
    ui.table(view.collective_table(report.collective, lang, ui.label))

ui.section(ui.t("regions.bodies.title"), ui.t("regions.bodies.why"))
ui.table(view.bodies_table(report.bodies, lang, ui.label))

ui.section(ui.t("regions.compare.title"), ui.t("regions.compare.why"))
other = st.columns(3)[0].selectbox(
    ui.t("regions.widgets.compare"),
    [regions.COUNTRY, *[c for c in codes if c != region]],
    key="regions_compare",
    format_func=lambda c: (
        ui.t("regions.compare.country") if c == regions.COUNTRY else ui.label("region", c)
    ),
)
b = report.country if other == regions.COUNTRY else tiles.set_index("region_code").loc[other]
b_name = ui.t("regions.compare.country") if other == regions.COUNTRY else ui.label("region", other)
ui.table(view.comparison_table(report.region, b, (name, b_name), lang))

ui.section(ui.t("regions.brief.title"), ui.t("regions.brief.why"))
st.download_button(
    ui.t("regions.brief.button"),
    lambda: region_brief.html(report, lang, ui.label),
    ui.t("regions.brief.file_name", code=region, start=f.period_start.isoformat()) + ".html",
    "text/html",
    key="regions_brief",
    on_click="ignore",
)
