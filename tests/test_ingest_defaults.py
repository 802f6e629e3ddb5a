"""Exports as they really come: a file that lacks the optional columns and names topics, bodies
and places in words imports with a mapping that names only its own columns; the defaults it
took are reported, and the store's counts equal an independent count on the file."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from ingest_fixtures import FIXTURES, SNAPSHOT

from dashboard import cli
from dashboard.data import codes, queries, schema, store
from dashboard.data.ingest import manifest, mapping, pipeline, quality

SR = FIXTURES / "service_requests.csv"
STAMP = "%m/%d/%Y %I:%M:%S %p"


@pytest.fixture(autouse=True)
def salt(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))


@pytest.fixture(scope="module")
def sr_store(tmp_path_factory) -> tuple[Path, str]:
    """A store holding the service-request export; the import's stderr."""
    folder = tmp_path_factory.mktemp("sr")
    mp = pytest.MonkeyPatch()
    mp.setenv("APPEALS_SALT_FILE", str(tmp_path_factory.getbasetemp() / "salt" / "salt"))
    db = folder / "appeals.duckdb"
    args = ["ingest", SR, "--mapping", "service_requests", "--snapshot-date", SNAPSHOT, "--db", db]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    mp.undo()
    assert code == 0, err.getvalue()
    return db, err.getvalue()


def truth() -> pd.DataFrame:
    """The export counted the plain way in pandas: received and late per borough."""
    src = pd.read_csv(SR, dtype=str, keep_default_na=False)
    received = pd.to_datetime(src["Created Date"], format=STAMP).dt.normalize()
    due = pd.to_datetime(src["Due Date"], format=STAMP, errors="coerce").dt.normalize()
    due = due.fillna(received + pd.Timedelta(days=15))  # Law 221: 15 calendar days in 2016
    closed = pd.to_datetime(src["Closed Date"], format=STAMP, errors="coerce").dt.normalize()
    as_of = pd.Timestamp(SNAPSHOT)
    return pd.DataFrame(
        {
            "borough": src["Borough"].str.upper(),
            "received": 1,
            "late": (due < closed.fillna(as_of).clip(upper=as_of)).astype(int),
        }
    )


def test_a_mapping_names_only_the_columns_the_file_has():
    m = mapping.load("service_requests")
    assert set(m.columns) == {
        "appeal_id",
        "received_date",
        "closed_date",
        "due_date",
        "body_id",
        "region_code",
        "category_code",
    }
    assert set(m.absent()) >= {"channel", "applicant_key", "outcome", "is_collective"}


@pytest.mark.parametrize("required", mapping.REQUIRED)
def test_the_required_columns_stay_required(tmp_path, required):
    raw = {c: c for c in mapping.REQUIRED if c != required}
    path = tmp_path / "m.yaml"
    path.write_text(json.dumps({"columns": raw}), encoding="utf-8")
    with pytest.raises(mapping.MappingError, match=f"'{required}' is neither in columns"):
        mapping.load(path)


def test_summary_by_region_equals_a_pandas_count_on_the_file(sr_store, capsys):
    db, _ = sr_store
    code = cli.main(["summary", "--year", "2016", "--by", "region", "--json", "--db", str(db)])
    out, _ = capsys.readouterr()
    assert code == 0
    got = json.loads(out)
    names = codes.labels("region", "en", db)
    by_name = {
        names[g["group_code"]].upper(): (g["n_received"], g["n_late"]) for g in got["groups"]
    }
    want = truth().groupby("borough")[["received", "late"]].sum()
    assert by_name == {b: (int(r.received), int(r.late)) for b, r in want.iterrows()}
    assert got["total"]["n_received"] == len(truth())
    assert got["total"]["n_late"] == int(truth().late.sum()) > 0


def test_the_import_reports_every_absent_column_and_its_default(sr_store):
    db, err = sr_store
    assert "imported 60 rows" in err
    line = next(x for x in err.splitlines() if x.startswith("absent in the file"))
    assert "channel -> unknown" in line
    assert "applicant_key -> no applicant key" in line
    assert "outcome -> unknown on closed appeals (never counted satisfied)" in line
    assert "is_collective -> single applicant" in line
    (entry,) = manifest.for_store(db)
    assert entry.absent["channel"] == "unknown" and entry.absent["outcome"] == "outcome_unknown"
    assert "closed_date" not in entry.absent and "due_date" not in entry.absent


def test_defaults_are_stored_as_documented(sr_store):
    db, _ = sr_store
    with store.connect(db) as con:
        df = con.execute("select * from appeals").df()
    assert set(df.channel) == {"unknown"} and set(df.applicant_kind) == {"unknown"}
    assert df.applicant_key.isna().all()
    assert not df.is_collective.any() and (df.signatories == 1).all()
    assert not df.extended.any() and not df.correspondence_ended.any()
    closed = df.closed_date.notna()
    assert (df.outcome[closed] == "unknown").all() and df.outcome[~closed].isna().all()


def test_unknown_outcomes_are_received_but_never_satisfied(sr_store):
    db, _ = sr_store
    params = {
        "period_start": date(2016, 1, 1),
        "period_end": date(2016, 12, 31),
        "as_of": SNAPSHOT,
        "group_by": "none",
        "levels": [],
        "body_ids": [],
        "region_codes": [],
        "category_codes": [],
        "appeal_types": ["complaint"],
        "channels": ["unknown"],
    }
    got = queries.execute("summary_by_group", params, db).iloc[0]
    assert got.n_received == len(truth()) and got.n_satisfied == 0
    assert got.satisfied_share == 0.0


def test_quality_warns_about_closed_appeals_without_outcome_and_shows_unknown_shares(sr_store):
    db, _ = sr_store
    src = pd.read_csv(SR, dtype=str, keep_default_na=False)
    n_closed = int((src["Closed Date"] != "").sum())
    report = quality.check_store(db).set_index("check_id")
    assert report.loc["closed_without_outcome"].n_rows == n_closed
    unknown = queries.execute("data_quality_unknowns", {}, db).set_index("column_name")
    assert unknown.loc["outcome"].n_unknown == unknown.loc["outcome"].n_rows == n_closed
    assert unknown.loc["channel"].unknown_share == 1.0
    assert unknown.loc["applicant_key"].n_unknown == len(src)
    assert "due_date" not in unknown.index  # every missing deadline was derived


def test_unknown_shares_on_the_tiny_store_match_pandas(tiny_store):
    from conftest import current_state, tiny_frame

    df = current_state(tiny_frame())
    got = queries.execute("quality_unknown_shares", {}, tiny_store).set_index("column_name")
    n_missing_due = int(df.due_date.isna().sum())
    assert got.loc["due_date"].n_unknown == n_missing_due
    assert got.loc["due_date"].unknown_share == pytest.approx(n_missing_due / len(df))
    assert "channel" not in got.index and "outcome" not in got.index


def test_free_text_topics_get_stable_codes_named_by_their_text(sr_store):
    db, _ = sr_store
    topics = codes.table("category", db)
    imported = topics[topics.source == "import"].set_index("code")
    assert imported.loc["99", "name_ru"] == "Импортированные темы"
    assert imported.loc["99", "name_en"] == "Imported topics"
    by_text = dict(zip(imported.name_en, imported.index, strict=True))
    assert set(by_text) >= {"Noise - Residential", "Street Condition", "Water System"}
    assert all(c.startswith("99.") for t, c in by_text.items() if t != "Imported topics")
    assert "HEAT/HOT WATER" not in by_text  # mapped to 02.02 by the mapping's values:
    with store.connect(db) as con:
        n_heat = con.execute("select count(*) from appeals where category_code = '02.02'")
        assert n_heat.fetchone()[0] == sum(1 for i in range(60) if i % 7 == 0)


def test_the_same_text_keeps_its_code_in_a_later_import(sr_store, tmp_path):
    import shutil

    db, _ = sr_store
    folder = tmp_path / "copy"
    shutil.copytree(db.parent, folder)
    before = codes.table("region", folder / "appeals.duckdb")
    src = pd.read_csv(SR, dtype=str, keep_default_na=False)
    later = src.assign(Borough=src.Borough.str.lower())  # other spelling, same places
    later.loc[0, "Borough"] = "Far Rockaway"
    path = tmp_path / "later.csv"
    later.to_csv(path, index=False)
    pipeline.ingest(path, "service_requests", date(2016, 12, 31), folder / "appeals.duckdb")
    after = codes.table("region", folder / "appeals.duckdb")
    old = before[before.source == "import"].set_index("code").name_en
    new = after[after.source == "import"].set_index("code").name_en
    assert new.loc[old.index].equals(old)
    assert set(new) - set(old) == {"Far Rockaway"}


def test_free_text_topics_appear_by_their_text_in_the_category_filter(sr_store, monkeypatch):
    from dashboard import paths
    from dashboard.ui import sidebar

    db, _ = sr_store
    monkeypatch.setattr(paths, "DEFAULT_DB", db)
    options, shown = sidebar._category_options("en")
    assert shown["99"] == "99 · Imported topics"
    noise = [c for c in options if shown[c].endswith("· Noise - Residential")]
    assert len(noise) == 1 and noise[0].startswith("99.")


def test_text_values_without_new_codes_add_are_errors_naming_the_way_out(tmp_path):
    text = mapping.resolve("service_requests").read_text(encoding="utf-8")
    path = tmp_path / "strict.yaml"
    path.write_text(text.replace("new_codes: add", "new_codes: reject"), encoding="utf-8")
    with pytest.raises(pipeline.Rejected, match="or set new_codes: add"):
        pipeline.prepare(SR, mapping.load(path), SNAPSHOT)


def test_schema_unknown_is_the_last_value_of_each_enum_it_extends():
    # the generator indexes OUTCOMES and APPLICANT_KINDS by position
    for values in (schema.CHANNELS, schema.OUTCOMES, schema.APPLICANT_KINDS):
        assert values[-1] == schema.UNKNOWN


def test_quality_file_lists_unmapped_texts_most_frequent_first(tmp_path, capsys):
    text = mapping.resolve("service_requests").read_text(encoding="utf-8")
    path = tmp_path / "strict.yaml"
    path.write_text(text.replace("new_codes: add", "new_codes: reject"), encoding="utf-8")
    code = cli.main(["quality", str(SR), "--mapping", str(path), "--snapshot-date", "2016-09-30"])
    out, err = capsys.readouterr()
    assert code == 1 and "rejected, nothing was imported" in err
    src = pd.read_csv(SR, dtype=str, keep_default_na=False)
    types = src["Complaint Type"][src["Complaint Type"] != "HEAT/HOT WATER"].value_counts()
    block = out.split("  category_code:")[1].split("  region_code:")[0].splitlines()[1:]
    listed = [(int(line.split()[0]), line.split(None, 1)[1]) for line in block]
    assert [n for n, _ in listed] == sorted(types.values, reverse=True)
    assert dict((t, n) for n, t in listed) == types.to_dict()
