"""Growth trends: volumes by period and breakdown, growth over three years, fastest growers."""

import streamlit as st

from dashboard.analysis import trends
from dashboard.data import queries
from dashboard.ui import page as ui
from dashboard.ui import trends_charts

f, lang = ui.filters(), ui.lang()


def pick(col: st.delta_generator.DeltaGenerator, name: str, options: tuple[str, ...]) -> str:
    """A page-level choice in the URL (?<name>=), labelled trends.<name>.*."""
    label, fmt = ui.t(f"trends.widgets.{name}"), ui.labeller(f"trends.{name}")
    default, widget = (
        options[trends.DEFAULTS.get(name, 0)],
        "radio" if len(options) == 2 else "selectbox",
    )
    return ui.url_choice(
        f"trends_{name}", options, default, label=label, format_func=fmt, widget=widget, where=col
    )


ui.page_header(ui.t("trends.title"), ui.t("trends.purpose"))
c1, c2, c3 = st.columns(3)
grain = pick(c1, "grain", trends.GRAINS)
breakdown = pick(c2, "breakdown", trends.BREAKDOWNS)
measure = pick(c3, "measure", trends.MEASURES)

ago1, ago3 = trends.shift_years(f, 1), trends.shift_years(f, trends.HISTORY_YEARS)
by_type_1y = queries.run("trends_growth_by_group", f, group_by="type", **trends.base(ago1))
by_type_3y = queries.run("trends_growth_by_group", f, group_by="type", **trends.base(ago3))
if by_type_1y["n_current"].sum() == 0:
    ui.empty_state()
    st.stop()
heads = trends.headlines(by_type_1y, by_type_3y, f, lang)
ui.headline_row(heads)
g = trends.growth(by_type_3y, trends.headline_type(by_type_3y) or "")
p0, p1, p3 = (trends.period_label(x.period_start, x.period_end, lang) for x in (f, ago1, ago3))
if g is not None:
    st.markdown(f"**{trends.growth_sentence(g, p3, p0, lang)}**")

ui.section(ui.t("trends.trend.title"), ui.t("trends.trend.why"))
raw = queries.run(
    "trends_received_by_period", trends.fetch_filters(f), grain=grain, breakdown=breakdown
)
shown, last = trends.history_filters(f).period_start, min(f.period_end, queries.latest_snapshot())
frame = trends.trend_frame(raw, grain, shown, last, measure)
frame = trends.with_period_labels(trends.with_labels(frame, breakdown, lang, ui.label), grain, lang)
if frame.empty:
    ui.empty_state()
else:
    ui.chart(trends_charts.volume_chart(frame, grain, breakdown, measure, lang))
    if partial := trends.partial_periods(frame, grain, lang):
        st.caption(ui.t("trends.trend.partial", periods=", ".join(partial)))

ui.section(ui.t("trends.yoy.title"), ui.t("trends.yoy.why"), ui.t("trends.yoy.method"))
yoy = frame.dropna(subset=["yoy_share"])
if yoy.empty:
    ui.empty_state()
else:
    ui.chart(trends_charts.yoy_chart(yoy, grain, breakdown, lang))

ui.section(ui.t("trends.growth.title"), ui.t("trends.growth.why"), ui.t("trends.growth.method"))
c1, c2 = st.columns(2)
by = pick(c1, "growth_by", trends.GROWTH_GROUPINGS)
min_n = ui.url_int(
    "trends_min_n", trends.MIN_N, label=ui.t("trends.widgets.min_n"), min_value=1, where=c2
)
grown = queries.run("trends_growth_by_group", f, group_by=by, **trends.base(ago1))
table = trends.growth_table(grown, min_n)
if table.empty:
    ui.empty_state()
else:
    shown = trends.growth_display(table, by, p0, p1, lang, ui.label)
    right = {c: st.column_config.TextColumn(alignment="right") for c in shown.columns[1:]}
    st.dataframe(shown, hide_index=True, column_config=right)
n_small = trends.n_small(grown, min_n)
st.caption(ui.t("trends.growth.caption", period=p0, base_period=p1, min_n=min_n, n_small=n_small))
