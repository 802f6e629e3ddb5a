"""Repeat appeals: where they concentrate beyond chance (funnel), hotspots, chains, changes."""

import streamlit as st

from dashboard.analysis import repeats
from dashboard.analysis.trends import base, period_label, shift_years
from dashboard.data import codes, queries
from dashboard.ui import charts_repeats, drill
from dashboard.ui import page as ui

f, lang = ui.filters(), ui.lang()
ago = shift_years(f, 1)
p0, p1 = (period_label(x.period_start, x.period_end, lang) for x in (f, ago))


def pick(col: st.delta_generator.DeltaGenerator, name: str, options: list[str]) -> str:
    """A page-level choice under key repeats_<name>, labelled repeats.<name>.*."""
    fmt = lambda v: ui.t(f"repeats.{name}.{v}")  # noqa: E731
    return col.selectbox(
        ui.t(f"repeats.widgets.{name}"), options, key=f"repeats_{name}", format_func=fmt
    )


ui.page_header(ui.t("repeats.title"), ui.t("repeats.purpose"))
c1, c2 = st.columns(2)
unit = pick(c1, "unit", list(repeats.UNITS))
min_n = int(
    c2.number_input(ui.t("repeats.widgets.min_n"), 1, None, repeats.MIN_N, key="repeats_min_n")
)
by = repeats.UNITS[unit]
units = queries.run("repeats_by_unit", f, group_by=by[0], group_by2=by[1], section="", **base(ago))
tot = repeats.totals(units)
if tot.n == 0:
    ui.empty_state()
    st.stop()
result = repeats.assess(units, by, ui.label, min_n)
ui.headline_row(repeats.headlines(tot, result, p1, ui.t(f"repeats.unit_word.{unit}"), lang))

ui.section(ui.t("repeats.heatmap.title"), ui.t("repeats.heatmap.why", min_n=min_n))
c1, c2 = st.columns(2)
view = pick(c1, "view", list(repeats.VIEWS))
sections = repeats.section_codes(codes.table("category"))
section = ""
if view == "region_topic":
    fmt = lambda c: f"{c} · {ui.label('category', c)}"  # noqa: E731
    section = c2.selectbox(
        ui.t("repeats.widgets.section"), sections, key="repeats_section", format_func=fmt
    )
vb = repeats.VIEWS[view]
grid = queries.run(
    "repeats_by_unit", f, group_by=vb[0], group_by2=vb[1], section=section, **base(ago)
)
cells = repeats.heatmap_cells(grid, vb, ui.label, min_n)
axes = {k: ui.t(f"repeats.heatmap.{k}.{view}") for k in ("x", "y")}
title = ui.t("repeats.heatmap.chart", what=ui.t(f"repeats.view.{view}").lower(), period=p0)
ui.chart(
    charts_repeats.repeat_heatmap(
        cells, title=title, x_title=axes["x"], y_title=axes["y"], lang=lang
    )
)

ui.section(ui.t("repeats.funnel.title"), ui.t("repeats.funnel.why"))
what = ui.t(f"repeats.unit.{unit}").lower()
ui.chart(
    charts_repeats.funnel_chart(
        result,
        repeats.funnel_curve(result, min_n),
        title=ui.t("repeats.funnel.chart", what=what, period=p0),
        x_title=ui.t("repeats.funnel.x"),
        y_title=ui.t("repeats.funnel.y"),
        lang=lang,
    )
)
st.caption(repeats.dispersion_text(result, lang))

ui.section(ui.t("repeats.table.title"), ui.t("repeats.table.why", min_n=min_n, base=p1))
hot = repeats.hotspots(result)
if hot.empty:
    st.info(ui.t("repeats.table.none"))
else:
    drill.hotspot_table(repeats.hotspot_display(hot, result.target, lang))

    ui.section(ui.t("repeats.drill.title"), ui.t("repeats.drill.why"))
    keys = [
        repeats.unit_key(a, b) for a, b in zip(hot["group_code"], hot["group_code2"], strict=True)
    ]
    names = dict(zip(keys, hot["unit"], strict=True))
    chosen = st.selectbox(
        ui.t("repeats.widgets.hotspot"), keys, key="repeats_hotspot", format_func=names.get
    )
    params = repeats.unit_params(by, chosen)
    drill.chains_block(f, params)
    only = st.toggle(ui.t("repeats.widgets.only_repeats"), True, key="repeats_only")
    drill.appeals_list(
        f,
        params,
        "repeats_list",
        only,
        ui.t("repeats.list.file_name", unit=chosen.replace("|", "_")),
    )

ui.section(
    ui.t("repeats.changes.title"),
    ui.t("repeats.changes.why", min_n=repeats.change_min_n(min_n)),
)
moved = repeats.changes(units, by, ui.label, min_n)
if moved.empty:
    ui.empty_state()
else:
    ui.table(repeats.changes_display(moved, p0, p1, lang))
