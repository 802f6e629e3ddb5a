"""Compliance with the review algorithm: pure pandas on queries/algorithm_*.sql results.

Each rule has its own n (the answers it applies to); a body's share on fewer than MIN_N
answers is shown greyed and never ranked; funnel bands come from dashboard.analysis.funnel,
pooled over all bodies (the algorithm binds every body alike).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.analysis import funnel
from dashboard.analysis.deadlines import short_body_name
from dashboard.analysis.headline import Delta, Metric
from dashboard.i18n import MISSING, enum_label, fmt_int, fmt_quarter, fmt_share, is_missing, t

if TYPE_CHECKING:  # the charts are imported where drawn: plotly costs the CLI a second
    import plotly.graph_objects as go

RULES: tuple[str, ...] = ("rule1", "rule2", "rule3", "rule4", "legal_basis")
MIN_N = 30  # answers; a body's share of one rule on fewer is too noisy to rank
PAGE_SIZE = 50  # rows of the breach list per page
EXPORT_MAX_ROWS = 100_000  # rows the breach list loads and exports at most
LIST_COLUMNS: tuple[str, ...] = (
    "rule",
    "appeal_id",
    "received_date",
    "closed_date",
    "body",
    "region",
    "category",
    "appeal_type",
    "outcome",
    "signed_level",
    "earlier_signed_level",
)
Labeler = Callable[[str, str], str]  # (kind, code) -> name, as ui.label


def long(rows: pd.DataFrame) -> pd.DataFrame:
    """algorithm_by_body rows as (body_id, body_level, quarter_start, rule, n, compliant)."""
    parts = [
        pd.DataFrame(
            {
                "body_id": rows["body_id"],
                "body_level": rows["body_level"],
                "quarter_start": rows["quarter_start"],
                "rule": rule,
                "n": rows[f"n_{rule}"].astype(int),
                "compliant": rows[f"n_ok_{rule}"].astype(int),
            }
        )
        for rule in RULES
    ]
    if rows.empty:
        return pd.DataFrame(
            columns=["body_id", "body_level", "quarter_start", "rule", "n", "compliant"]
        )
    return pd.concat(parts, ignore_index=True)


def _shares(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["share"] = out["compliant"] / out["n"].where(out["n"] > 0)
    return out


def by_body_rule(rows: pd.DataFrame, min_n: int = MIN_N) -> pd.DataFrame:
    """One row per body x rule over the period: n, compliant, share (0–1), band, ranked."""
    df = long(rows)
    df = df.groupby(["body_id", "body_level", "rule"], as_index=False)[["n", "compliant"]].sum()
    df = _shares(df)
    df["ranked"] = df["n"] >= min_n
    df["band"] = None
    for _, idx in df.groupby("rule").groups.items():
        units = pd.DataFrame({"n": df.loc[idx, "n"], "events": df.loc[idx, "compliant"]})
        flags = funnel.assess(units, min_n=min_n).units["flag"]
        df.loc[idx, "band"] = [funnel.BANDS[f] for f in flags]
    return df


def trend(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per quarter x rule over all bodies: n, compliant, share."""
    df = long(rows).groupby(["quarter_start", "rule"], as_index=False)[["n", "compliant"]].sum()
    return _shares(df)


def totals(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per rule over all bodies and quarters: n, compliant, share (page headlines)."""
    df = long(rows).groupby("rule", as_index=False)[["n", "compliant"]].sum()
    return _shares(df).set_index("rule").reindex(list(RULES)).fillna({"n": 0, "compliant": 0})


def rule_name(rule: str, lang: str, short: bool = False) -> str:
    """A rule in words ("Правило 1: повторное — …"), or short ("Правило 1 (повторные)")."""
    return t(f"algorithm.{'rules_short' if short else 'rules'}.{rule}", lang)


def _body_order(per_body: pd.DataFrame) -> list[str]:
    """Bodies by pooled compliance over all rules, least compliant first."""
    pooled = per_body.groupby("body_id")[["n", "compliant"]].sum()
    share = pooled["compliant"] / pooled["n"].where(pooled["n"] > 0)
    return list(share.fillna(1.0).sort_values(kind="stable").index)


def _cell(share: object, n: int, band: object, lang: str) -> str:
    if not n:
        return MISSING
    text = f"{fmt_share(share, lang)} (n\u00a0=\u00a0{fmt_int(n, lang)})"
    if is_missing(band) or band == "too_small":
        return text
    return f"{text} · {t(f'evaluation.bands.{band}', lang)}"


def body_table(per_body: pd.DataFrame, lang: str, labeler: Labeler) -> pd.DataFrame:
    """Body x rule for people: share with n and the funnel band; bodies by name, worst first."""
    if per_body.empty:
        return pd.DataFrame()
    order = _body_order(per_body)
    wide = per_body.set_index(["body_id", "rule"])
    out = pd.DataFrame(
        {t("algorithm.columns.body", lang): [short_body_name(labeler("body", b)) for b in order]}
    )
    for rule in RULES:
        cells = []
        for b in order:
            rec = wide.loc[(b, rule)] if (b, rule) in wide.index else None
            cells.append(
                MISSING if rec is None else _cell(rec["share"], int(rec["n"]), rec["band"], lang)
            )
        out[rule_name(rule, lang, short=True)] = cells
    return out


def _stacked(label: str) -> str:
    """A column label a word per line after its rule ("Правило 2<br>(после<br>заместителя)",
    "Правовые<br>основания"): the columns are narrow, and Kazakh explanations are long."""
    head, paren, rest = label.partition(" (")
    if not paren:
        return label.replace(" ", "<br>", 1)
    return head + "<br>(" + rest.replace(" ", "<br>")


def heatmap(per_body: pd.DataFrame, lang: str, labeler: Labeler) -> go.Figure:
    """Body x rule compliance shares; cells under MIN_N answers greyed (charts_analysis)."""
    from dashboard.ui import charts_analysis

    rank = {b: i for i, b in enumerate(_body_order(per_body))}
    df = per_body.assign(
        body_rank=per_body["body_id"].map(rank), rule_rank=per_body["rule"].map(RULES.index)
    ).sort_values(["body_rank", "rule_rank"])
    df = df.assign(
        body=[short_body_name(labeler("body", b)) for b in df["body_id"]],
        # stacked column labels, so they stay horizontal and apart
        rule_label=[_stacked(rule_name(r, lang, short=True)) for r in df["rule"]],
        small=~df["ranked"],
    )
    fig = charts_analysis.heatmap(
        df,
        "rule_label",
        "body",
        "share",
        title=t("algorithm.table.chart", lang),
        lang=lang,
        mask_col="small",
    )
    shown = df.loc[~df["small"], "share"].dropna()
    if not shown.empty:  # colour from just under the lowest share: 60–100 % must not all look dark
        fig.data[0].update(zmin=max(0.0, float(np.floor(shown.min() * 10) / 10)))
    fig.update_xaxes(tickangle=0)
    return fig.update_layout(height=24 * df["body"].nunique() + 200)


def trend_chart(quarterly: pd.DataFrame, lang: str) -> go.Figure:
    """Compliance share per rule by quarter of receipt, over all bodies in the filters."""
    from dashboard.ui import charts

    df = quarterly.assign(
        quarter=[
            fmt_quarter(q.year, (q.month - 1) // 3 + 1, lang) for q in quarterly.quarter_start
        ],
        rule_label=[rule_name(r, lang, short=True) for r in quarterly["rule"]],
    )
    return charts.line_chart(
        df,
        "quarter",
        "share",
        color="rule_label",
        title=t("algorithm.trend.chart", lang),
        x_title=t("algorithm.trend.x", lang),
        y_title=t("algorithm.trend.y", lang),
        lang=lang,
        y_is_share=True,
    )


def funnel_chart(per_body: pd.DataFrame, rule: str, lang: str, labeler: Labeler) -> go.Figure:
    """Bodies' compliance with one rule against their n, with 95 % / 99.8 % limits."""
    from dashboard.ui import charts_analysis

    df = per_body[(per_body["rule"] == rule) & (per_body["n"] > 0)]
    units = pd.DataFrame({"n": df["n"], "events": df["compliant"]})
    result = funnel.assess(units, min_n=MIN_N)
    limits = funnel.curve(result, int(max(df["n"].max(), 1)) if len(df) else 1)
    limits = limits.rename(columns=lambda c: c.replace("_", ""))
    return charts_analysis.funnel_plot(
        df.assign(body=[short_body_name(labeler("body", b)) for b in df["body_id"]]),
        "n",
        "share",
        "body",
        limits,
        target=result.target,
        title=t("algorithm.funnel.chart", lang, rule=rule_name(rule, lang)),
        x_title=t("algorithm.funnel.x", lang),
        y_title=t("algorithm.funnel.y", lang),
        lang=lang,
        higher_is_worse=False,
        log_x=True,
    )


def breaches_table(df: pd.DataFrame, lang: str, labeler: Labeler) -> pd.DataFrame:
    """The breach list for people: rule and names instead of codes, no applicant, no n_total."""
    out = pd.DataFrame(
        {
            "rule": [rule_name(r, lang, short=True) for r in df["rule"]],
            "appeal_id": df["appeal_id"],
            "received_date": pd.to_datetime(df["received_date"]).dt.date,
            "closed_date": pd.to_datetime(df["closed_date"]).dt.date,
            "body": [short_body_name(labeler("body", c)) for c in df["body_id"]],
            "region": [labeler("region", c) for c in df["region_code"]],
            "category": [labeler("category", c) for c in df["category_code"]],
            "appeal_type": [enum_label("appeal_type", v, lang) for v in df["appeal_type"]],
            "outcome": [enum_label("outcome", v, lang) for v in df["outcome"]],
            "signed_level": [enum_label("signed_level", v, lang) for v in df["signed_level"]],
            "earlier_signed_level": [
                MISSING if is_missing(v) else enum_label("signed_level", v, lang)
                for v in df["earlier_signed_level"]
            ],
        }
    )
    return out.rename(columns={c: t(f"algorithm.columns.{c}", lang) for c in LIST_COLUMNS})


def date_columns(lang: str) -> list[str]:
    """Headers of the breach list's date columns in `lang` (shown as dd.mm.yyyy)."""
    return [t(f"algorithm.columns.{c}", lang) for c in ("received_date", "closed_date")]


def headlines(per_rule: pd.DataFrame, lang: str) -> list[Metric]:
    """One card per rule: the compliance share over all bodies, with its n."""
    return [
        Metric(
            rule_name(rule, lang, short=True),
            fmt_share(rec["share"], lang) if rec["n"] else MISSING,
            (
                Delta(
                    t(
                        "algorithm.n_of",
                        lang,
                        ok=fmt_int(rec["compliant"], lang),
                        n=fmt_int(rec["n"], lang),
                    ),
                    None,
                    "",
                ),
            ),
            up_is_good=None,
            help=f"{rule_name(rule, lang)}. {t(f'algorithm.rules_help.{rule}', lang)}",
        )
        for rule, rec in per_rule.iterrows()
    ]


def list_caption(total: int, number: int, lang: str) -> str:
    """ "Всего нарушений: 1 204; показаны 1–50." plus a note when the export is cut."""
    first = (number - 1) * PAGE_SIZE + 1
    last = min(number * PAGE_SIZE, total)
    text = t(
        "algorithm.list.total",
        lang,
        total=fmt_int(total, lang),
        first=fmt_int(first, lang),
        last=fmt_int(last, lang),
    )
    if total > EXPORT_MAX_ROWS:
        text += " " + t("algorithm.list.truncated", lang, max=fmt_int(EXPORT_MAX_ROWS, lang))
    return text


def body_card(rows: pd.DataFrame, body_id: str, lang: str) -> pd.DataFrame:
    """One body's compliance per rule (share with n and band), for the evaluation card."""
    per_body = by_body_rule(rows)
    own = per_body[(per_body["body_id"] == body_id) & (per_body["n"] > 0)].set_index("rule")
    own = own.reindex([r for r in RULES if r in own.index])
    return pd.DataFrame(
        {
            t("algorithm.widgets.rule", lang): [rule_name(r, lang) for r in own.index],
            t("evaluation.card.algorithm", lang): [
                _cell(rec["share"], int(rec["n"]), rec["band"], lang) for _, rec in own.iterrows()
            ],
        }
    )
