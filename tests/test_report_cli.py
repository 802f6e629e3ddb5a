"""`python -m dashboard report`: three files or none, one-line errors naming what exists."""

from __future__ import annotations

import time

import openpyxl
import pytest
from pptx import Presentation

from dashboard import cli, i18n
from dashboard.data import queries
from dashboard.data.filters import Filters
from dashboard.report.pack import Quarter


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_writes_the_three_files_named_for_scope_and_quarter(tiny_store, tmp_path, capsys):
    args = ("report", "--quarter", "2016Q3", "--body", "akimat_19", "--lang", "kk")
    code, out, _ = run_cli(capsys, *args, "--db", str(tiny_store), "--out", str(tmp_path))
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    stem = "collegium-body-akimat_19-2016Q3"
    assert names == [f"{stem}.html", f"{stem}.pptx", f"{stem}.xlsx"]
    assert out.split() == [str(tmp_path / f"{stem}.{ext}") for ext in ("pptx", "xlsx", "html")]
    deck = Presentation(tmp_path / f"{stem}.pptx")
    assert deck.slides[0].shapes.title.text == i18n.t("collegium.title", "kk")


@pytest.mark.parametrize(
    ("option", "listed"),
    [
        (("--quarter", "2016Q4"), "there are: 2015Q4, 2016Q1, 2016Q2, 2016Q3"),
        (
            ("--quarter", "2016Q3", "--body", "nope"),
            "unknown body 'nope'; known: adgspk, akimat_10",
        ),
        (("--quarter", "2016Q3", "--region", "99"), "unknown region '99'; known: 10, 11"),
        (("--quarter", "16Q3"), "quarter must look like 2016Q4"),
    ],
)
def test_report_errors_are_one_line_and_leave_no_file(tiny_store, tmp_path, capsys, option, listed):
    out_dir = tmp_path / "out"
    code, _, err = run_cli(
        capsys, "report", *option, "--db", str(tiny_store), "--out", str(out_dir)
    )
    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1 and listed in err
    assert not out_dir.exists() or not list(out_dir.iterdir())


def test_report_takes_one_scope_at_most(capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--quarter", "2016Q3", "--body", "mvd", "--region", "75", "--out", "x"])
    assert "not allowed with" in capsys.readouterr().err


@pytest.mark.default_data
def test_report_on_the_default_data_matches_summary_by_group(default_store, tmp_path, capsys):
    t0 = time.perf_counter()
    code, _, err = run_cli(
        capsys, "report", "--quarter", "2016Q4", "--db", str(default_store), "--out", str(tmp_path)
    )
    seconds = time.perf_counter() - t0
    assert code == 0, err
    stem = tmp_path / "collegium-all-2016Q4"
    q = Quarter(2016, 4)
    params = {**Filters(q.start, q.end).to_sql_params(), "group_by": "none"}
    params["as_of"] = queries.latest_snapshot(default_store)
    want = queries.execute("summary_by_group", params, default_store).iloc[0]
    sheet = openpyxl.load_workbook(f"{stem}.xlsx").worksheets[0]
    rows = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}
    assert rows[i18n.t("metrics.received")] == want.n_received
    assert rows[i18n.t("metrics.late")] == want.n_late
    assert rows[i18n.t("metrics.satisfied_share")] == pytest.approx(want.satisfied_share)
    chart = next(s.chart for s in Presentation(f"{stem}.pptx").slides[1].shapes if s.has_chart)
    assert list(chart.plots[0].series[0].values)[-1] == want.n_received
    titles = [slide.shapes.title.text for slide in Presentation(f"{stem}.pptx").slides]
    for key in (
        "hotspots.title",
        "ranking.title_central",
        "ranking.title_local",
        "algorithm.title",
    ):
        assert i18n.t(f"collegium.{key}") in titles
    page = (tmp_path / "collegium-all-2016Q4.html").read_text(encoding="utf-8")
    assert f">{i18n.fmt_int(want.n_received)}<" in page
    print(f"report --quarter 2016Q4 on the default data: {seconds:.1f} s")  # target < 30 s


def test_report_reads_in_the_users_access_scope(tiny_store, tmp_path, capsys, monkeypatch):
    from dashboard.data import access

    path = tmp_path / "access.yaml"
    path.write_text("users:\n  south: {role: region, regions: ['51']}\n", encoding="utf-8")
    monkeypatch.setenv(access.ACCESS_ENV, str(path))
    out = tmp_path / "out"
    base = ("report", "--quarter", "2016Q2", "--db", str(tiny_store), "--out", str(out))
    code, _, _ = run_cli(capsys, *base, "--as", "south")
    assert code == 0
    sheet = openpyxl.load_workbook(out / "collegium-all-2016Q2.xlsx").worksheets[0]
    rows = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}
    assert rows[i18n.t("metrics.received")] == 2  # a9 and a12: region 51's, not all four
    code, _, err = run_cli(capsys, *base, "--as", "stranger")
    assert code == 1 and "stranger" in err


def test_report_writes_each_file_into_the_audit_log(tiny_store, tmp_path, capsys):
    from dashboard.data import audit

    args = ("report", "--quarter", "2016Q3", "--region", "19")
    code, _, _ = run_cli(capsys, *args, "--db", str(tiny_store), "--out", str(tmp_path))
    assert code == 0
    entries = audit.read()
    assert sorted(e["file_type"] for e in entries) == ["html", "pptx", "xlsx"]
    assert {e["action"] for e in entries} == {"report"}
    assert all(any("01.07.2016" in f for f in e["filters"]) for e in entries)
    assert all(e["rows"] > 1 and e["user"] == "local" for e in entries)
