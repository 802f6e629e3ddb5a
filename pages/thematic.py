"""Thematic analysis of one section or topic: volume, regions, bodies, answers, repeats, list."""

import streamlit as st

from dashboard.analysis import overview, repeats, thematic
from dashboard.analysis.trends import history_filters, period_label, shift_years
from dashboard.data import codes, queries
from dashboard.data import thematic as gather
from dashboard.ui import charts_repeats, drill
from dashboard.ui import page as ui

f, lang = ui.filters(), ui.lang()
ui.page_header(ui.t("thematic.title"), ui.t("thematic.purpose"))
options = thematic.topic_options(codes.table("category"))
picked = f.category_codes[0] if len(f.category_codes) == 1 else options[0]
code = ui.url_choice(
    "thematic_topic",
    options,
    picked if picked in options else options[0],
    label=ui.t("thematic.widgets.topic"),
    format_func=lambda c: f"{c} · {ui.label('category', c)}",
    widget="selectbox",
    help=ui.t("thematic.widgets.topic_help"),
)
name, ago = ui.label("category", code), shift_years(f, 1)
p0, p1 = (period_label(x.period_start, x.period_end, lang) for x in (f, ago))
x = gather.gather(f, code)
fig = thematic.figures(x)
if not fig["n_received"]:
    ui.empty_state()
    st.stop()
ui.headline_row(thematic.headlines(fig, p1, lang))
if note := overview.unknown_outcome_note(x.now, lang):
    st.warning(note, icon=":material/help:")
rates = thematic.region_rates(x.by_region, ui.label)
top = rates["region"].iloc[0] if not rates.empty else None
ui.quote(thematic.narrative(fig, name, f.period_start, f.period_end, top, lang))

ui.section(ui.t("thematic.trend.title"), ui.t("thematic.trend.why"))
hist = history_filters(f)
topic_months = queries.run(
    "trends_received_by_period", gather.topic_filters(hist, code), grain="month", breakdown="none"
)
all_months = queries.run(
    "trends_received_by_period", gather.every_topic(hist), grain="month", breakdown="none"
)
monthly = thematic.trend(topic_months, all_months)
for chart in charts_repeats.topic_trend(monthly, name, lang):
    ui.chart(chart)

ui.section(ui.t("thematic.regions.title"), ui.t("thematic.regions.why"))
ui.chart(charts_repeats.region_rates_chart(rates, name, p0, lang))

ui.section(ui.t("thematic.bodies.title"), ui.t("thematic.bodies.why"))
ui.table(thematic.bodies_display(thematic.bodies(x.by_body, ui.label), lang))

ui.section(ui.t("thematic.answers.title"), ui.t("thematic.answers.why"))
left, right = st.columns(2)
for col, what, kind in ((left, "outcome", "outcome"), (right, "signed_level", "signed_level")):
    with col:
        ui.chart(
            charts_repeats.answers_chart(
                thematic.answer_split(x.answers, what, kind, lang), what, lang
            )
        )

ui.section(ui.t("thematic.repeats.title"), ui.t("thematic.repeats.why"))
result = thematic.repeat_result(x, ui.label)
curve = repeats.funnel_curve(result)
title = ui.t("thematic.repeats.chart", topic=name, period=p0)
ui.chart(
    charts_repeats.funnel_chart(
        result,
        curve,
        title=title,
        x_title=ui.t("repeats.funnel.x"),
        y_title=ui.t("repeats.funnel.y"),
        lang=lang,
    )
)
st.caption(repeats.dispersion_text(result, lang))
hot = repeats.hotspots(result)
if not hot.empty:
    drill.hotspot_table(repeats.hotspot_display(hot, result.target, lang))

ui.section(ui.t("thematic.growth.title"), ui.t("thematic.growth.why"))
grown = thematic.growing_topics(x.topics, ui.label)
if grown.empty:
    ui.empty_state()
else:
    ui.table(thematic.growth_display(grown, p0, p1, lang))
st.caption(ui.t("thematic.growth.caption", min_n=thematic.GROWTH_MIN_N, period=p0, base_period=p1))

ui.section(ui.t("thematic.list.title"), ui.t("thematic.list.why"))
unit = repeats.unit_params(("none", "none"), "all|all")
drill.appeals_list(
    gather.topic_filters(f, code),
    unit,
    "thematic_list",
    False,
    ui.t("thematic.list.file_name", code=code),
)
