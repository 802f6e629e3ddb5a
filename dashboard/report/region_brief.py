"""The inspection brief of a regional unit: one self-contained HTML file that prints on A4.

Centred on repeat and collective appeals, as the 2017 letter asks of annual inspections;
plotly is embedded (include_plotlyjs=True), so the file opens without a network.
"""

from __future__ import annotations

import html as html_lib
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import regions_view as view
from dashboard.analysis.region_report import RegionReport
from dashboard.analysis.regions_view import Labeler
from dashboard.i18n import fmt_date, fmt_date_range, fmt_int, fmt_share, t

# Print on A4 portrait: margins, no page break inside a table or a chart, charts fit the width.
CSS = """
@page { size: A4 portrait; margin: 14mm 12mm; }
body { font-family: 'PT Sans', 'Segoe UI', Roboto, Arial, sans-serif; color: #262626;
       font-size: 10.5pt; max-width: 186mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 2mm; color: #1f4e79; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; color: #1f4e79; border-bottom: 1px solid #d9d9d9; }
p.meta { color: #6b7b8c; margin: 0 0 4mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; page-break-inside: avoid; }
th, td { border-bottom: 1px solid #e8e8e8; padding: 1.2mm 2mm; text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; }
th { background: #f0f4f9; }
.chart { page-break-inside: avoid; }
.note { color: #6b7b8c; font-size: 9pt; }
@media print { .chart { width: 186mm; } }
"""
CHART_WIDTH_PX = 700  # fits A4's printable width at 96 dpi
CHART_HEIGHT_PX = 300


def _table(df: pd.DataFrame, numeric_from: int = 1) -> str:
    """A small pre-formatted table; columns from `numeric_from` on are right-aligned."""

    def cls(i: int) -> str:
        return ' class="num"' if i >= numeric_from else ""

    head = "".join(f"<th{cls(i)}>{html_lib.escape(str(c))}</th>" for i, c in enumerate(df.columns))
    rows = "".join(
        "<tr>"
        + "".join(f"<td{cls(i)}>{html_lib.escape(str(v))}</td>" for i, v in enumerate(r))
        + "</tr>"
        for r in df.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _chart(fig: go.Figure, first: bool) -> str:
    fig = go.Figure(fig).update_layout(
        width=CHART_WIDTH_PX, height=max(fig.layout.height or 0, CHART_HEIGHT_PX)
    )
    body = fig.to_html(full_html=False, include_plotlyjs=first, config={"displayModeBar": False})
    return f'<div class="chart">{body}</div>'


def _headline(report: RegionReport, name: str, lang: str) -> pd.DataFrame:
    country = t("regions.compare.country", lang)
    table = view.comparison_table(report.region, report.country, (name, country), lang)
    return table


def _repeats_text(report: RegionReport, lang: str) -> str:
    rec = report.region
    text = t(
        "regions.brief.repeats_text",
        lang,
        n=fmt_int(rec["n_repeat"], lang),
        share=fmt_share(rec["repeat_share"], lang),
        total=fmt_int(rec["n_received"], lang),
        country=fmt_share(report.country["repeat_share"], lang),
    )
    return html_lib.escape(text)


def _collective_text(report: RegionReport, lang: str) -> str:
    text = t(
        "regions.brief.collective_text",
        lang,
        n=fmt_int(report.collective.n_collective, lang),
        signatories=fmt_int(report.collective.n_signatories, lang),
    )
    return html_lib.escape(text)


def html(report: RegionReport, lang: str, labeler: Labeler, made: date | None = None) -> str:
    """The brief as one HTML document in `lang` (ru, kk, en)."""
    name = labeler("region", report.region_code)
    period = fmt_date_range(report.start, min(report.end, report.as_of), lang)
    tb = lambda key, **kw: html_lib.escape(t(f"regions.brief.{key}", lang, **kw))  # noqa: E731
    parts = [
        f"<h1>{tb('heading')}: {html_lib.escape(name)}</h1>",
        f'<p class="meta">{tb("meta", period=period, date=fmt_date(report.as_of, lang))}</p>',
        f"<h2>{tb('headline')}</h2>",
        _table(_headline(report, name, lang)),
        f"<h2>{tb('repeats')}</h2>",
        f"<p>{_repeats_text(report, lang)}</p>",
        _chart(view.repeats_chart(report.topic_rows, lang, labeler), first=True),
        _table(view.repeats_table(report.topic_rows, lang, labeler)),
        f"<h2>{tb('collective')}</h2>",
        f"<p>{_collective_text(report, lang)}</p>",
    ]
    if report.collective.n_collective:
        parts += [
            _chart(view.collective_chart(report.collective, lang), first=False),
            _table(view.collective_table(report.collective, lang, labeler)),
        ]
    emerging = view.emerging_table(report.emerging, lang, labeler, top=5)
    parts += [
        f"<h2>{tb('emerging')}</h2>",
        _table(emerging) if not emerging.empty else f"<p>{tb('none')}</p>",
        f"<h2>{tb('bodies')}</h2>",
        _table(view.bodies_table(report.bodies.head(10), lang, labeler)),
        f'<p class="note">{tb("note", made=fmt_date(made or date.today(), lang))}</p>',
    ]
    title = f"{tb('heading')}: {html_lib.escape(name)}"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{CSS}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )
