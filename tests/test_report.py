"""The collegium pack on the tiny store: each file opened with its own library, its numbers
checked against the queries run independently and against pandas on the hand-made rows."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import current_state, pandas_late, tiny_frame
from pptx import Presentation

from dashboard import i18n
from dashboard.data import queries
from dashboard.data.filters import Filters
from dashboard.data.schema import EVALUATED_TYPES
from dashboard.report import collegium, workbook
from dashboard.report.pack import (
    PackError,
    Quarter,
    Scope,
    complete_quarters,
    default_quarter,
    scope_options,
)

# (scope, quarter) with appeals in the tiny store: all bodies, one body, one region.
SCOPES = {
    "all": (Scope(), Quarter(2016, 3)),
    "body": (Scope("body", "akimat_19"), Quarter(2016, 3)),
    "region": (Scope("region", "51"), Quarter(2016, 2)),
}
AS_OF = date(2016, 9, 30)  # the tiny store's latest snapshot
_built: dict[tuple[str, str], tuple[collegium.Pack, dict[str, bytes]]] = {}


def pack_and_files(store: Path, scope: str, lang: str) -> tuple[collegium.Pack, dict[str, bytes]]:
    """Each (scope, language) pack built once for the module."""
    if (scope, lang) not in _built:
        sc, quarter = SCOPES[scope]
        pack = collegium.make_pack(quarter, sc, lang, db_path=store)
        _built[(scope, lang)] = (pack, collegium.render_all(pack))
    return _built[(scope, lang)]


def scope_filters(scope: str) -> Filters:
    """The filters the pack should use, written independently of dashboard.report."""
    sc, q = SCOPES[scope]
    extra = {"body": {"body_ids": (sc.code,)}, "region": {"region_codes": (sc.code,)}}
    return Filters(q.start, q.end, **extra.get(scope, {}))


def run(store: Path, name: str, f: Filters, **params: object) -> pd.DataFrame:
    return queries.execute(name, {**f.to_sql_params(), "as_of": AS_OF, **params}, store)


def charts_by_title(pptx: bytes) -> dict[str, object]:
    """Slide title -> the slide's chart (only slides that have one)."""
    out = {}
    for slide in Presentation(io.BytesIO(pptx)).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                out[slide.shapes.title.text] = shape.chart
    return out


def series_values(chart: object, index: int = 0) -> list[float]:
    return list(chart.plots[0].series[index].values)


# --- quarters and scopes -----------------------------------------------------------------


def test_quarter_parses_and_knows_its_dates():
    q = Quarter.parse("2016q4")
    assert (q.start, q.end, str(q)) == (date(2016, 10, 1), date(2016, 12, 31), "2016Q4")
    assert (q.previous(), q.year_before()) == (Quarter(2016, 3), Quarter(2015, 4))
    with pytest.raises(PackError, match="2016Q4"):
        Quarter.parse("2016-4")


def test_complete_quarters_stop_before_a_quarter_the_data_only_half_covers():
    quarters = complete_quarters(date(2015, 12, 20), date(2016, 8, 15))
    assert [str(q) for q in quarters] == ["2015Q4", "2016Q1", "2016Q2"]


def test_default_quarter_is_the_latest_complete_one_inside_the_period():
    first, last = date(2013, 1, 1), date(2017, 9, 30)
    assert default_quarter(date(2016, 1, 1), date(2016, 12, 31), first, last) == Quarter(2016, 4)
    assert default_quarter(date(2016, 2, 1), date(2016, 5, 31), first, last) == Quarter(2017, 3)


def test_scope_options_are_all_then_each_pick_of_the_filters():
    f = Filters(date(2016, 1, 1), date(2016, 12, 31), levels=("local",), region_codes=("51",))
    assert scope_options(f) == [Scope(), Scope("level", "local"), Scope("region", "51")]
    assert Scope("body", "akimat 19/x").slug == "body-akimat_19_x"


# --- the deck ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("scope", list(SCOPES))
def test_deck_has_a_title_slide_then_one_slide_per_section(tiny_store, scope, lang):
    pack, files = pack_and_files(tiny_store, scope, lang)
    deck = Presentation(io.BytesIO(files["pptx"]))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == collegium.slide_titles(pack)
    assert titles[0] == i18n.t("collegium.title", lang)
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9
    keys = [s.key for s in pack.sections]
    assert keys[:2] == ["headline", "volumes"] and keys[-2:] == ["findings", "appendix"]


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("scope", list(SCOPES))
def test_chart_values_equal_the_query_results_for_the_same_filters(tiny_store, scope, lang):
    pack, files = pack_and_files(tiny_store, scope, lang)
    charts = charts_by_title(files["pptx"])
    f = scope_filters(scope)
    now, prev, ago = (
        run(tiny_store, "summary_by_group", x, group_by="none")
        for x in (f, f.previous_period(), f.same_period_last_year())
    )
    n = [int(x.n_received.sum()) for x in (ago, prev, now)]
    assert series_values(charts[pack.section("headline").title]) == n
    months = pd.Timestamp(f.period_end) - pd.DateOffset(months=12) + pd.offsets.MonthBegin(1)
    window = Filters(months.date(), f.period_end, body_ids=f.body_ids, region_codes=f.region_codes)
    trend = run(tiny_store, "overview_trend_by_month", window)
    assert series_values(charts[pack.section("volumes").title]) == list(trend.n_received)
    late = run(tiny_store, "deadlines_late_by_month", window)
    assert series_values(charts[pack.section("late_by_month").title]) == list(late.late_share)


def test_topic_chart_is_the_sections_by_received(tiny_store):
    pack, files = pack_and_files(tiny_store, "all", "ru")
    chart = charts_by_title(files["pptx"])[pack.section("topics").title]
    want = run(tiny_store, "summary_by_group", scope_filters("all"), group_by="section")
    want = want.sort_values(["n_received", "group_code"], ascending=[False, True])
    assert series_values(chart) == list(want.n_received)
    assert len(chart.plots[0].categories) == len(want)


def test_backlog_chart_is_the_open_appeals_by_age_on_the_quarter_end(tiny_store):
    pack, files = pack_and_files(tiny_store, "region", "ru")  # 2016 Q2, region 51
    chart = charts_by_title(files["pptx"])[pack.section("backlog").title]
    ages = run(
        tiny_store, "deadlines_backlog_by_age", scope_filters("region"), as_of=date(2016, 6, 30)
    )
    assert series_values(chart) == list(ages.n_backlog)
    assert sum(series_values(chart)) == 1  # a12, received 25.06 and answered 08.07: open on 30.06


def test_headline_matches_pandas_on_the_hand_made_rows(tiny_store):
    pack, _ = pack_and_files(tiny_store, "all", "ru")
    df = current_state(tiny_frame())
    q3 = df[(df.received_date >= date(2016, 7, 1)) & df.appeal_type.isin(EVALUATED_TYPES)]
    table = pack.section("headline").table
    value = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert value[i18n.t("metrics.received")] == len(q3) == 4  # a4, a5, a6, a11
    assert value[i18n.t("metrics.late")] == int(pandas_late(q3, AS_OF).sum()) == 1  # a4
    assert value[i18n.t("metrics.repeat")] == int(q3.repeat_of.notna().sum()) == 2


def test_chart_text_is_never_under_14_pt(tiny_store):
    _, files = pack_and_files(tiny_store, "all", "ru")
    with zipfile.ZipFile(io.BytesIO(files["pptx"])) as z:
        charts = [n for n in z.namelist() if n.startswith("ppt/charts/chart")]
        sizes = [int(s) for n in charts for s in re.findall(rb'\bsz="(\d+)"', z.read(n))]
    assert charts and sizes
    assert min(sizes) >= 1400


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_labels_and_notes_carry_formatted_numbers_and_n(tiny_store, lang):
    pack, files = pack_and_files(tiny_store, "all", lang)
    deck = Presentation(io.BytesIO(files["pptx"]))
    headline = deck.slides[1]
    n = i18n.fmt_int(4, lang)
    assert f"n = {n}" in headline.notes_slide.notes_text_frame.text
    late = charts_by_title(files["pptx"])[pack.section("late_by_month").title]
    labels = [p.data_label.text_frame.text for p in late.plots[0].series[0].points]
    shares = list(late.plots[0].series[0].values)
    assert labels == [i18n.fmt_share(v, lang) for v in shares]


# --- the workbook -------------------------------------------------------------------------


def sheets(files: dict[str, bytes]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(files["xlsx"]))


@pytest.mark.parametrize("scope", list(SCOPES))
def test_workbook_has_one_formatted_sheet_per_slide_with_the_query_numbers(tiny_store, scope):
    pack, files = pack_and_files(tiny_store, scope, "ru")
    wb = sheets(files)
    assert wb.sheetnames == workbook.sheet_names(pack)
    head = wb[wb.sheetnames[0]]
    assert head.freeze_panes == "A2" and head["A1"].font.bold and head.auto_filter.ref
    f = scope_filters(scope)
    now = run(tiny_store, "summary_by_group", f, group_by="none").iloc[0]
    rows = {r[0].value: r for r in head.iter_rows(min_row=2)}
    received, late_share = rows[i18n.t("metrics.received")], rows[i18n.t("metrics.late_share")]
    assert received[1].value == now.n_received and received[1].number_format == "#,##0"
    assert late_share[1].value == pytest.approx(now.late_share)
    assert late_share[1].number_format == "0.00%"
    appendix = wb[wb.sheetnames[-1]]
    values = [c.value for row in appendix.iter_rows() for c in row]
    assert i18n.fmt_date(AS_OF) in values


def test_workbook_group_sheet_equals_summary_by_region(tiny_store):
    pack, files = pack_and_files(tiny_store, "all", "ru")
    wb = sheets(files)
    name = workbook.sheet_names(pack)[[s.key for s in pack.sections].index("regions")]
    got = [(r[0].value, r[1].value) for r in wb[name].iter_rows(min_row=2)]
    want = run(tiny_store, "summary_by_group", scope_filters("all"), group_by="region")
    labels = pack.section("regions").table.iloc[:, 0]
    assert sorted(n for _, n in got) == sorted(want.n_received)
    assert [name for name, _ in got] == list(labels)


# --- the brief ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("scope", list(SCOPES))
def test_brief_holds_the_headline_numbers_and_needs_no_network(tiny_store, scope, lang):
    _, files = pack_and_files(tiny_store, scope, lang)
    page = files["html"].decode("utf-8")
    now = run(tiny_store, "summary_by_group", scope_filters(scope), group_by="none").iloc[0]
    assert f">{i18n.fmt_int(now.n_received, lang)}<" in page
    assert f">{i18n.fmt_share(now.late_share, lang)}<" in page
    assert not re.search(r"<script[^>]+src=", page), "plotly.js is embedded, not fetched"
    assert "@page" in page and "viewport" in page


# --- hostile labels -----------------------------------------------------------------------


def test_no_workbook_cell_is_a_formula_even_for_labels_that_look_like_one(hostile_store):
    pack = collegium.make_pack(
        Quarter(2016, 3), Scope("body", "akimat_19"), "ru", db_path=hostile_store
    )
    data = collegium.render_all(pack)["xlsx"]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [
        c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    ]
    assert all(c.data_type != "f" for c in cells)
    hostile = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "@"))]
    assert {c.value for c in hostile} >= {HOSTILE_BODY, HOSTILE_REGION}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets"))


HOSTILE_BODY = '=HYPERLINK("http://example.invalid","click")'
HOSTILE_REGION = "+cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny rows with a body and a region whose names begin like formulas."""
    from conftest import write_snapshots

    from dashboard import paths
    from dashboard.data import store

    folder = tmp_path_factory.mktemp("hostile")
    reference = folder / "reference"
    reference.mkdir()
    for source in paths.REFERENCE_DIR.iterdir():
        if source.is_file():
            (reference / source.name).write_bytes(source.read_bytes())
    for name, key, code, label in (
        ("bodies.csv", "body_id", "akimat_19", HOSTILE_BODY),
        ("regions.csv", "region_code", "19", HOSTILE_REGION),
    ):
        df = pd.read_csv(reference / name, dtype=str, keep_default_na=False)
        df.loc[df[key] == code, "name_ru"] = label
        df.to_csv(reference / name, index=False)
    write_snapshots(tiny_frame(), folder / "snapshots")
    db = folder / "appeals.duckdb"
    store.build(db, folder / "snapshots", reference)
    return db


# --- errors and files ---------------------------------------------------------------------


def test_unknown_quarter_body_or_region_names_what_exists(tiny_store):
    with pytest.raises(PackError, match="2015Q4, 2016Q1, 2016Q2, 2016Q3"):
        collegium.make_pack(Quarter(2016, 4), Scope(), db_path=tiny_store)
    with pytest.raises(PackError, match="akimat_19.*mvd"):
        collegium.make_pack(Quarter(2016, 3), Scope("body", "nope"), db_path=tiny_store)
    with pytest.raises(PackError, match="known: .*51"):
        collegium.make_pack(Quarter(2016, 3), Scope("region", "99"), db_path=tiny_store)


def test_a_failed_write_leaves_no_file_behind(tmp_path):
    with pytest.raises(TypeError):
        collegium.write_all({"pptx": b"ok", "xlsx": None}, tmp_path, "collegium-all-2016Q3")  # type: ignore[dict-item]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (libreoffice-impress) absent")
def test_libreoffice_renders_every_slide(tiny_store, tmp_path):
    pack, files = pack_and_files(tiny_store, "all", "ru")
    deck = tmp_path / f"{pack.stem}.pptx"
    deck.write_bytes(files["pptx"])
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / f"{pack.stem}.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == len(collegium.slide_titles(pack))
