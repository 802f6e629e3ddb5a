"""The regions page's tables and figures for people: names, locale numbers, n beside shares."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import regions
from dashboard.analysis.deadlines import short_body_name
from dashboard.analysis.headline import Delta, Metric
from dashboard.i18n import MISSING, fmt_int, fmt_number, fmt_quarter, fmt_share, is_missing, t
from dashboard.ui import charts, charts_analysis

Labeler = Callable[[str, str], str]  # (kind, code) -> name, as ui.label


def fmt_metric(value: object, metric: str, lang: str) -> str:
    """A metric's value: shares as percentages, rates with one decimal."""
    if is_missing(value):
        return MISSING
    if metric in regions.SHARE_METRICS:
        return fmt_share(float(value), lang)
    return fmt_number(float(value), lang, 1)


def metric_title(metric: str, lang: str) -> str:
    """A metric's name with its unit ("Обращений на 10 000 жителей")."""
    return t(f"regions.metrics.{metric}", lang)


def _n_of(metric: str, rec: pd.Series) -> int:
    return int(rec["n_collective"] if metric == "collective_per_10k" else rec["n_received"])


def cartogram(
    region_tiles: pd.DataFrame, metric: str, selected: str | None, lang: str, labeler: Labeler
) -> go.Figure:
    """The tile cartogram coloured by `metric`, n and population on hover."""
    df = region_tiles.copy()
    df["name"] = [labeler("region", c) for c in df["region_code"]]
    df["short"] = [short_region(n) for n in df["name"]]
    df["hover"] = [
        f"<b>{rec['name']}</b><br>{metric_title(metric, lang)}: "
        f"<b>{fmt_metric(rec[metric], metric, lang)}</b><br>n = {fmt_int(_n_of(metric, rec), lang)}"
        f"<br>{t('regions.population', lang)}: {fmt_int(rec['population'], lang)}"
        for _, rec in df.iterrows()
    ]
    return charts_analysis.tile_picker(
        df,
        value=metric,
        label="short",
        hover="hover",
        title=t("regions.map.chart", lang, metric=metric_title(metric, lang)),
        lang=lang,
        value_is_share=metric in regions.SHARE_METRICS,
        selected=selected,
    )


def scale_note(region_tiles: pd.DataFrame, metric: str, lang: str) -> str:
    """The colour key in words: the lightest and the darkest tile's values."""
    values = region_tiles[metric].dropna()
    if values.empty:
        return ""
    low, high = (fmt_metric(v, metric, lang) for v in (values.min(), values.max()))
    return t("regions.map.scale", lang, low=low, high=high)


# Words dropped from tile labels so a name fits its tile ("Акмолинская обл.").
_TILE_WORDS = {
    " область": "",
    " облысы": "",
    " Region": "",
    "город ": "г. ",
    " қаласы": " қ.",
}


def short_region(name: str) -> str:
    """A region's name shortened for a tile."""
    for long, short in _TILE_WORDS.items():
        name = name.replace(long, short)
    return name.replace("-", "-<br>") if len(name) > 13 else name


def headlines(rec: pd.Series, lang: str) -> list[Metric]:
    """The region's headline numbers, each share with its n."""

    def of(n: object) -> tuple[Delta, ...]:
        return (Delta(t("regions.n_of", lang, n=fmt_int(n, lang)), None, ""),)

    return [
        Metric(
            t("regions.headline.received", lang),
            fmt_int(rec["n_received"], lang),
            (
                Delta(
                    fmt_metric(rec["per_10k"], "per_10k", lang)
                    + " "
                    + t("regions.per_10k_short", lang),
                    None,
                    "",
                ),
            ),
            up_is_good=None,
        ),
        Metric(
            t("regions.headline.repeat", lang),
            fmt_share(rec["repeat_share"], lang),
            of(rec["n_repeat"]),
            up_is_good=False,
        ),
        Metric(
            t("regions.headline.collective", lang),
            fmt_int(rec["n_collective"], lang),
            (
                Delta(
                    t("regions.signatories", lang, n=fmt_int(rec["n_signatories"], lang)), None, ""
                ),
            ),
            up_is_good=None,
        ),
        Metric(
            t("regions.headline.late", lang),
            fmt_share(rec["late_share"], lang),
            of(rec["n_late"]),
            up_is_good=False,
        ),
        Metric(
            t("regions.headline.satisfied", lang),
            fmt_share(rec["satisfied_share"], lang),
            of(rec["n_satisfied"]),
        ),
    ]


def lq_table(
    lq: pd.DataFrame, lang: str, labeler: Labeler, top: int = regions.TOP_TOPICS
) -> pd.DataFrame:
    """Topics by location quotient (highest first; greyed/under min n last), with n."""
    df = lq.head(top)
    col = lambda k: t(f"regions.topics.columns.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("topic"): [labeler("category", c) for c in df["category_code"]],
            col("n_region"): [fmt_int(n, lang) for n in df["n_region"]],
            col("share_region"): [fmt_share(s, lang) for s in df["share_region"]],
            col("share_all"): [fmt_share(s, lang) for s in df["share_all"]],
            col("lq"): [
                f"{fmt_number(v, lang, 2)}{' ' + t('regions.small_mark', lang) if s else ''}"
                for v, s in zip(df["lq"], df["small"], strict=True)
            ],
        }
    )


def emerging_table(em: pd.DataFrame, lang: str, labeler: Labeler, top: int = 10) -> pd.DataFrame:
    """Topics with the largest rise in share, the significant ones marked, with n."""
    df = em[em["change"] > 0].head(top)
    col = lambda k: t(f"regions.emerging.columns.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("topic"): [labeler("category", c) for c in df["category_code"]],
            col("before"): [
                f"{fmt_share(s, lang)} (n\u00a0=\u00a0{fmt_int(n, lang)})"
                for s, n in zip(df["share_before"], df["n_before"], strict=True)
            ],
            col("recent"): [
                f"{fmt_share(s, lang)} (n\u00a0=\u00a0{fmt_int(n, lang)})"
                for s, n in zip(df["share_recent"], df["n_recent"], strict=True)
            ],
            col("significant"): [
                t("regions.emerging.sig_yes", lang, p=fmt_number(p, lang, 3))
                if s
                else t("regions.emerging.sig_no", lang)
                for s, p in zip(df["significant"], df["p_value"], strict=True)
            ],
        }
    )


def collective_chart(coll: regions.Collective, lang: str) -> go.Figure:
    """Collective appeals per quarter of receipt (signatories in the hover)."""
    df = coll.by_quarter.assign(
        quarter=[
            fmt_quarter(q.year, (q.month - 1) // 3 + 1, lang)
            for q in pd.to_datetime(coll.by_quarter["quarter_start"])
        ]
    )
    return charts.bar_chart(
        df,
        "quarter",
        "n_collective",
        title=t("regions.collective.chart", lang),
        x_title=t("regions.collective.x", lang),
        y_title=t("regions.collective.y", lang),
        lang=lang,
    )


def collective_table(
    coll: regions.Collective, lang: str, labeler: Labeler, top: int = 8
) -> pd.DataFrame:
    """The topics of collective appeals, most first, with signatories."""
    df = coll.by_topic.head(top)
    col = lambda k: t(f"regions.collective.columns.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("topic"): [labeler("category", c) for c in df["category_code"]],
            col("n"): [fmt_int(n, lang) for n in df["n_collective"]],
            col("signatories"): [fmt_int(n, lang) for n in df["n_signatories"]],
        }
    )


def bodies_table(bodies: pd.DataFrame, lang: str, labeler: Labeler) -> pd.DataFrame:
    """Bodies that handled the region's appeals: n and late, repeat, satisfied shares."""
    col = lambda k: t(f"regions.bodies.columns.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("body"): [short_body_name(labeler("body", b)) for b in bodies["group_code"]],
            col("n"): [fmt_int(n, lang) for n in bodies["n_received"]],
            col("late"): [fmt_share(s, lang) for s in bodies["late_share"]],
            col("repeat"): [fmt_share(s, lang) for s in bodies["repeat_share"]],
            col("satisfied"): [fmt_share(s, lang) for s in bodies["satisfied_share"]],
        }
    )


COMPARED = ("n_received", *regions.METRICS, "n_collective", "n_signatories")


def comparison_table(a: pd.Series, b: pd.Series, names: tuple[str, str], lang: str) -> pd.DataFrame:
    """Two regions (or a region and the country) side by side, metric per line."""

    def cell(rec: pd.Series, m: str) -> str:
        if m.startswith("n_"):
            return fmt_int(rec[m], lang)
        return fmt_metric(rec[m], m, lang)

    return pd.DataFrame(
        {
            t("regions.compare.metric", lang): [
                t(f"regions.compare.rows.{m}", lang) for m in COMPARED
            ],
            names[0]: [cell(a, m) for m in COMPARED],
            names[1]: [cell(b, m) for m in COMPARED],
        }
    )


def ranking_table(
    region_tiles: pd.DataFrame, metric: str, lang: str, labeler: Labeler
) -> pd.DataFrame:
    """Regions by the chosen metric, highest first, with the n behind each value."""
    df = region_tiles.set_index("region_code").loc[regions.ranked_by(region_tiles, metric)]
    return pd.DataFrame(
        {
            t("regions.columns.region", lang): [labeler("region", c) for c in df.index],
            metric_title(metric, lang): [fmt_metric(v, metric, lang) for v in df[metric]],
            "n": [fmt_int(_n_of(metric, rec), lang) for _, rec in df.iterrows()],
        }
    )


def repeats_table(
    topic_rows: pd.DataFrame, lang: str, labeler: Labeler, top: int = 10
) -> pd.DataFrame:
    """The region's topics with the most repeat appeals: repeats, received, repeat share."""
    df = topic_rows.sort_values(["n_repeat", "group_code"], ascending=[False, True]).head(top)
    df = df[df["n_repeat"] > 0]
    col = lambda k: t(f"regions.repeats.columns.{k}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("topic"): [labeler("category", c) for c in df["group_code"]],
            col("n_repeat"): [fmt_int(n, lang) for n in df["n_repeat"]],
            col("n"): [fmt_int(n, lang) for n in df["n_received"]],
            col("share"): [fmt_share(s, lang) for s in df["repeat_share"]],
        }
    )


def repeats_chart(
    topic_rows: pd.DataFrame, lang: str, labeler: Labeler, top: int = 10
) -> go.Figure:
    """Repeat appeals per topic of the region (most first), n received in the label."""
    df = topic_rows.sort_values(["n_repeat", "group_code"], ascending=[False, True]).head(top)
    df = df.assign(
        topic=[
            f"{labeler('category', c)} (n\u00a0=\u00a0{fmt_int(n, lang)})"
            for c, n in zip(df["group_code"], df["n_received"], strict=True)
        ]
    )
    fig = charts.bar_chart(
        df,
        "topic",
        "repeat_share",
        orientation="h",
        title=t("regions.repeats.chart", lang),
        y_title=t("regions.repeats.x", lang),
        lang=lang,
        y_is_share=True,
    )
    return fig.update_layout(height=26 * len(df) + 170)
