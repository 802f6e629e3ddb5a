"""The pack as a one-page brief: self-contained HTML (plotly.js inside) for a phone or A4 paper."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import fmt_date, t
from dashboard.report.pack import Chart, Pack
from dashboard.ui import charts

BRIEF_CHARTS = ("volumes", "topics")  # sections whose charts the brief shows, in order
CHART_HEIGHT = 240  # px; two charts, the cards and the findings fit one A4 page
BAR_HEIGHT = 26  # px per bar of a horizontal chart, so no category label is skipped
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
CSS = """
body { font-family: Arial, 'PT Sans', sans-serif; color: #262626; margin: 0; background: #fff; }
main { max-width: 700px; margin: 0 auto; padding: 16px; }  /* A4's width: prints as seen */
header { border-top: 6px solid #1f4e79; padding-top: 8px; }
h1 { color: #1f4e79; font-size: 1.6rem; margin: 0.2rem 0; }
h2 { color: #1f4e79; font-size: 1.15rem; margin: 1rem 0 0.4rem; }
.scope { font-size: 1.1rem; font-weight: bold; margin: 0.2rem 0; }
.meta, footer { color: #6b7b8c; font-size: 0.85rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; }
.card { background: #f0f4f9; padding: 8px 10px; border-radius: 4px; }
.card .label { color: #6b7b8c; font-size: 0.85rem; }
.card .value { font-size: 1.5rem; font-weight: bold; white-space: nowrap; }
.card .delta { font-size: 0.8rem; }
.good { color: #2a8c8c; } .bad { color: #b3261e; } .neutral { color: #6b7b8c; }
.charts { display: grid; grid-template-columns: 1fr; gap: 8px; }
figure { margin: 0; }
figcaption { font-weight: bold; font-size: 0.95rem; margin: 0.6rem 0 0.2rem; }
footer { margin-top: 0.5rem; border-top: 1px solid #d9d9d9; padding-top: 6px; }
@media (max-width: 600px) { main { padding: 8px; } h1 { font-size: 1.3rem; } }
@page { size: A4; margin: 12mm; }
@media print {
  main { max-width: none; padding: 0; }
  body { font-size: 9.5pt; }
  .cards { grid-template-columns: repeat(3, 1fr); }
  figure, .card { break-inside: avoid; }
  figure > div { zoom: 0.7; }  /* plotly sizes in px: scale rather than redraw */
}
"""
# Plotly sizes charts in pixels: redraw them at the paper's width before printing.
PRINT_SCRIPT = """<script>
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('.js-plotly-plot').forEach(function (p) { Plotly.Plots.resize(p); });
});
</script>"""


def figure(spec: Chart, lang: str) -> go.Figure:
    """The section's chart in the dashboard's plotly house style."""
    rows = [
        {"category": c, "series": name, "value": v}
        for name, values in spec.series
        for c, v in zip(spec.categories, values, strict=True)
    ]
    df = pd.DataFrame(rows)
    many = len(spec.series) > 1
    fig = charts.bar_chart(
        df,
        "category",
        "value",
        title=spec.title,
        color="series" if many else None,
        orientation="h" if spec.kind == "bar" else "v",
        lang=lang,
        y_is_share=spec.is_share,
        barmode="stack" if spec.kind == "stacked" else "group",
    )
    if spec.highlight and not many:
        colours = [
            charts.PALETTE["primary"] if i in spec.highlight else charts.PALETTE["light_blue"]
            for i in range(len(spec.categories))
        ]
        fig.update_traces(marker_color=colours)
    # The title goes in a <figcaption>, which wraps on a phone where a plotly title would not.
    height = (
        max(CHART_HEIGHT, BAR_HEIGHT * len(spec.categories) + 50)
        if spec.kind == "bar"
        else CHART_HEIGHT
    )
    return fig.update_layout(title=None, height=height, margin={"t": 16, "b": 40})


def _cards(pack: Pack) -> str:
    section = pack.section("headline")
    out = []
    for metric in section.cards if section else ():
        deltas = "".join(
            f'<div class="delta {_tone(metric.up_is_good, d.change)}">'
            f"{html.escape(d.text)} {html.escape(d.against)}</div>"
            for d in metric.deltas
        )
        out.append(
            f'<div class="card"><div class="label">{html.escape(metric.label)}</div>'
            f'<div class="value">{html.escape(metric.value)}</div>{deltas}</div>'
        )
    return f'<section class="cards">{"".join(out)}</section>'


def _tone(up_is_good: bool | None, change: float | None) -> str:
    if not change or up_is_good is None:
        return "neutral"
    return "good" if (change > 0) == up_is_good else "bad"


def _findings(pack: Pack) -> str:
    section = pack.section("findings")
    if not section or not section.text:
        return ""
    first, *rest = section.text
    items = "".join(f"<li>{html.escape(x)}</li>" for x in rest[1:])
    intro = f"<p>{html.escape(rest[0])}</p>" if rest else ""
    return (
        f"<section><h2>{html.escape(section.title)}</h2><p>{html.escape(first)}</p>"
        f"{intro}<ul>{items}</ul></section>"
    )


def _charts(pack: Pack) -> str:
    figures, first = [], True
    for key in BRIEF_CHARTS:
        section = pack.section(key)
        if not section or not section.chart:
            continue
        fig = figure(section.chart, pack.lang)
        div = fig.to_html(
            full_html=False, include_plotlyjs=first, config=PLOTLY_CONFIG, default_width="100%"
        )
        caption = html.escape(section.chart.title)
        figures.append(f"<figure><figcaption>{caption}</figcaption>{div}</figure>")
        first = False
    return f'<section class="charts">{"".join(figures)}</section>'


def render(pack: Pack) -> bytes:
    """The brief as UTF-8 HTML bytes; opens offline (plotly.js is embedded)."""
    lang = pack.lang
    title = f"{pack.title} · {pack.scope_label} · {pack.quarter.label(lang)}"
    as_of = t("collegium.data_as_of", lang, date=fmt_date(pack.as_of, lang))
    filters = " · ".join(html.escape(line) for line in pack.filter_lines)
    page = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{CSS}</style></head>
<body><main>
<header><h1>{html.escape(pack.title)}</h1>
<p class="scope">{html.escape(pack.scope_label)} · {html.escape(pack.quarter.label(lang))}</p>
<p class="meta">{html.escape(as_of)} · {filters}</p></header>
{_cards(pack)}
{_findings(pack)}
{_charts(pack)}
<footer>{html.escape(t("collegium.brief.footer", lang))}</footer>
</main>{PRINT_SCRIPT}</body></html>
"""
    return page.encode("utf-8")
