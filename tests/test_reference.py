"""Reference data in data/reference: keys, foreign keys, coverage, the _reference.yml catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
CATALOGUE = yaml.safe_load((REFERENCE_DIR / "_reference.yml").read_text(encoding="utf-8"))
FILES = CATALOGUE["files"]
CSV_STEMS = [stem for stem, spec in FILES.items() if spec["format"] == "csv"]
YAML_STEMS = [stem for stem, spec in FILES.items() if spec["format"] == "yaml"]
YEARS = range(2013, 2025)
OPEN_END = "9999-12-31"  # stands in for an empty valid_to when comparing ISO dates
APPEAL_TYPES = {"complaint", "application", "proposal", "request", "response"}
CENTRAL_BODY_IDS = {
    "mvd",
    "minjust",
    "mon",
    "mzsr",
    "mne",
    "minfin",
    "minagri",
    "mid",
    "minenergo",
    "mod",
    "mfa",
    "mks",
    "mic",
    "mdrgs",
    "adgspk",
}
REGIONS_2013_2017 = {
    "11",
    "15",
    "19",
    "23",
    "27",
    "31",
    "35",
    "39",
    "43",
    "47",
    "51",
    "55",
    "59",
    "63",
    "71",
    "75",
}


def read_csv(stem: str) -> pd.DataFrame:
    path = REFERENCE_DIR / FILES[stem]["path"]
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def read_records(stem: str) -> list[dict]:
    spec = FILES[stem]
    data = yaml.safe_load((REFERENCE_DIR / spec["path"]).read_text(encoding="utf-8"))
    return data if spec["records"] == "." else data[spec["records"]]


def table(stem: str) -> pd.DataFrame:
    if FILES[stem]["format"] == "csv":
        return read_csv(stem)
    return pd.DataFrame(read_records(stem)).astype(str)


def iso(value: object) -> str:
    """An ISO date string from a CSV cell or a YAML date; empty/None becomes OPEN_END."""
    if value is None or value == "":
        return OPEN_END
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def overlaps(a_from: str, a_to: str, b_from: str, b_to: str) -> bool:
    """Half-open intervals [from, to) share at least one day."""
    return a_from < b_to and b_from < a_to


def valid_in_year(valid_from: str, valid_to: str, year: int) -> bool:
    return overlaps(iso(valid_from), iso(valid_to), f"{year}-01-01", f"{year + 1}-01-01")


# --- the catalogue ---------------------------------------------------------------------


def test_catalogue_lists_every_file_in_the_folder() -> None:
    listed = {spec["path"] for spec in FILES.values()}
    present = {p.name for p in REFERENCE_DIR.iterdir() if p.suffix in {".csv", ".yaml", ".yml"}} - {
        "_reference.yml"
    }
    assert present == listed


@pytest.mark.parametrize("stem", list(FILES))
def test_catalogue_entry_is_complete_and_file_exists(stem: str) -> None:
    spec = FILES[stem]
    for field in ("path", "format", "grain", "primary_key", "columns", "source"):
        assert spec.get(field), f"_reference.yml: {stem} lacks {field}"
    assert (REFERENCE_DIR / spec["path"]).is_file(), f"{spec['path']} is missing"
    for column in spec["columns"]:
        assert column.get("meaning"), f"{stem}.{column['name']} has no meaning"


@pytest.mark.parametrize("stem", CSV_STEMS)
def test_csv_columns_match_catalogue(stem: str) -> None:
    raw = (REFERENCE_DIR / FILES[stem]["path"]).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{stem}: UTF-8 without BOM expected"
    assert list(read_csv(stem).columns) == [c["name"] for c in FILES[stem]["columns"]]


@pytest.mark.parametrize("stem", YAML_STEMS)
def test_yaml_record_fields_match_catalogue(stem: str) -> None:
    columns = FILES[stem]["columns"]
    allowed = {c["name"] for c in columns}
    required = {c["name"] for c in columns if c.get("required", True)}
    records = read_records(stem)
    assert records, f"{stem}: no records"
    for record in records:
        keys = set(record)
        assert required <= keys, f"{stem} {record.get('id')}: missing {required - keys}"
        assert keys <= allowed, f"{stem} {record.get('id')}: unknown {keys - allowed}"


@pytest.mark.parametrize("stem", list(FILES))
def test_primary_key_is_unique_and_not_null(stem: str) -> None:
    key = FILES[stem]["primary_key"]
    df = table(stem)
    assert not (df[key].isin(["", "None", "nan"])).any().any(), f"{stem}: empty key"
    duplicated = df[df.duplicated(key, keep=False)]
    assert duplicated.empty, f"{stem}: duplicate keys\n{duplicated[key]}"


@pytest.mark.parametrize(
    ("stem", "fk"),
    [(stem, fk) for stem, spec in FILES.items() for fk in spec.get("foreign_keys", [])],
)
def test_foreign_keys_resolve(stem: str, fk: dict) -> None:
    target_stem, target_column = fk["references"].split(".")
    known = set(table(target_stem)[target_column])
    values = table(stem)[fk["column"]]
    codes = {
        code
        for value in values
        if value
        for code in (value.split(fk["multiple"]) if "multiple" in fk else [value])
    }
    assert codes <= known, f"{stem}.{fk['column']}: unknown {sorted(codes - known)}"


# --- regions ---------------------------------------------------------------------------


def test_regions_valid_2013_to_2017_are_the_sixteen() -> None:
    regions = read_csv("regions")
    for year in range(2013, 2018):
        valid = {
            r.region_code
            for r in regions.itertuples()
            if valid_in_year(r.valid_from, r.valid_to, year)
        }
        assert valid == REGIONS_2013_2017, year


def test_regions_after_2018_and_2022_reforms() -> None:
    regions = read_csv("regions").set_index("region_code")
    assert regions.loc["51", "valid_to"] == "2018-06-19"
    for code in ("61", "79"):
        assert regions.loc[code, ["valid_from", "predecessor_code"]].tolist() == [
            "2018-06-19",
            "51",
        ]
    for code, parent in {"10": "63", "33": "19", "62": "35"}.items():
        assert regions.loc[code, ["valid_from", "predecessor_code"]].tolist() == [
            "2022-06-08",
            parent,
        ]
    assert set(regions["kind"]) == {"region", "city"}
    assert set(regions.index[regions["kind"] == "city"]) == {"71", "75", "79"}


def test_region_codes_are_two_digit_text_and_dates_ordered() -> None:
    regions = read_csv("regions")
    assert regions["region_code"].str.fullmatch(r"\d{2}").all()
    for r in regions.itertuples():
        assert iso(r.valid_from) < iso(r.valid_to), r.region_code


def test_no_two_concurrent_regions_share_a_tile() -> None:
    regions = read_csv("regions")
    rows = list(regions.itertuples())
    for i, a in enumerate(rows):
        assert int(a.tile_row) >= 0 and int(a.tile_col) >= 0
        for b in rows[i + 1 :]:
            same_tile = (a.tile_row, a.tile_col) == (b.tile_row, b.tile_col)
            concurrent = overlaps(
                iso(a.valid_from), iso(a.valid_to), iso(b.valid_from), iso(b.valid_to)
            )
            assert not (same_tile and concurrent), (a.region_code, b.region_code)


def test_region_names_periods_are_contiguous_per_code() -> None:
    names = read_csv("region_names").sort_values(["region_code", "valid_from"])
    for _, group in names.groupby("region_code"):
        periods = list(group.itertuples())
        for earlier, later in zip(periods, periods[1:], strict=False):
            assert earlier.valid_to == later.valid_from
        assert periods[-1].valid_to == ""
    capital = names[names["region_code"] == "71"]
    assert "город Нур-Султан" in set(capital["name_ru"])


# --- population ------------------------------------------------------------------------


def test_population_covers_exactly_the_regions_valid_each_year() -> None:
    regions = read_csv("regions")
    population = read_csv("region_population")
    for year in YEARS:
        valid = {
            r.region_code
            for r in regions.itertuples()
            if valid_in_year(r.valid_from, r.valid_to, year)
        }
        present = set(population.loc[population["year"] == str(year), "region_code"])
        assert present == valid, f"{year}: missing {valid - present}, extra {present - valid}"


def test_population_is_positive_integer_and_2016_total_near_17_7_million() -> None:
    population = read_csv("region_population")
    assert population["population"].str.fullmatch(r"[1-9]\d*").all()
    by_code_2016 = population[population["year"] == "2016"].set_index("region_code")
    values = by_code_2016["population"].astype(int)
    assert 17_600_000 < values.sum() < 17_800_000
    assert values.idxmax() == "51"
    assert 2_700_000 < values["51"] < 2_900_000


# --- bodies ----------------------------------------------------------------------------


def test_bodies_have_the_central_ids_and_one_akimat_per_region() -> None:
    bodies = read_csv("bodies")
    regions = read_csv("regions")
    central = bodies[bodies["level"] == "central"]
    local = bodies[bodies["level"] == "local"]
    assert set(bodies["level"]) == {"central", "local"}
    assert set(central["body_id"]) == CENTRAL_BODY_IDS
    assert (central["region_code"] == "").all()
    assert (local["body_id"] == "akimat_" + local["region_code"]).all()
    assert set(local["region_code"]) == set(regions["region_code"])
    merged = local.merge(regions, on="region_code", suffixes=("", "_region"))
    assert (merged["valid_from"] == merged["valid_from_region"]).all()
    assert (merged["valid_to"] == merged["valid_to_region"]).all()


def test_bodies_names_and_dates_are_filled() -> None:
    bodies = read_csv("bodies")
    for column in ("name_ru", "name_kk", "name_en", "short_ru", "valid_from"):
        assert (bodies[column] != "").all(), column
    for b in bodies.itertuples():
        assert iso(b.valid_from) < iso(b.valid_to), b.body_id
        assert valid_in_year(b.valid_from, b.valid_to, 2016) or b.body_id in {
            "akimat_79",
            "akimat_61",
            "akimat_10",
            "akimat_33",
            "akimat_62",
        }


# --- categories ------------------------------------------------------------------------


def test_sections_are_01_to_16_in_order() -> None:
    categories = read_csv("categories")
    sections = categories[categories["level"] == "section"]
    assert sections["category_code"].tolist() == [f"{i:02d}" for i in range(1, 17)]
    assert (sections["parent_code"] == "").all()
    assert set(categories["level"]) == {"section", "topic"}


def test_every_topic_has_a_section_and_each_section_3_to_6_topics() -> None:
    categories = read_csv("categories")
    levels = dict(zip(categories["category_code"], categories["level"], strict=True))
    topics = categories[categories["level"] == "topic"]
    assert topics["category_code"].str.fullmatch(r"\d{2}\.\d{2}").all()
    for t in topics.itertuples():
        assert levels.get(t.parent_code) == "section", t.category_code
        assert t.category_code.startswith(t.parent_code + "."), t.category_code
    counts = topics.groupby("parent_code").size()
    assert len(counts) == 16
    assert counts.between(3, 6).all(), counts[~counts.between(3, 6)]


def test_categories_are_named_in_three_languages() -> None:
    categories = read_csv("categories").set_index("category_code")
    for column in ("name_ru", "name_kk", "name_en"):
        assert (categories[column] != "").all(), column
    assert categories.loc["02.06", "name_en"] == "Mortgage housing loans"


# --- deadline rules --------------------------------------------------------------------


def test_deadline_rules_do_not_overlap_per_kind_and_type() -> None:
    rules = read_records("deadline_rules")
    for i, a in enumerate(rules):
        for b in rules[i + 1 :]:
            if a["kind"] != b["kind"] or not set(a["applies_to"]) & set(b["applies_to"]):
                continue
            assert not overlaps(
                iso(a["valid_from"]), iso(a["valid_to"]), iso(b["valid_from"]), iso(b["valid_to"])
            ), (a["id"], b["id"])


def test_deadline_rules_values_are_well_formed() -> None:
    rules = {r["id"]: r for r in read_records("deadline_rules")}
    for rule in rules.values():
        assert rule["day_kind"] in {"calendar", "working"}
        assert set(rule["applies_to"]) <= APPEAL_TYPES
        assert rule["kind"] in {"review", "redirect"}
        assert isinstance(rule["days"], int) and rule["days"] > 0
        assert {"ru", "en"} <= set(rule["basis"])
        if rule["kind"] == "review":
            assert "extended_max_days" in rule or "extended_max_months" in rule, rule["id"]
    law = rules["law221_review"]
    assert (law["days"], law["day_kind"], law["days_extra_study"]) == (15, "calendar", 30)
    assert iso(law["valid_to"]) == "2021-07-01"
    appk = rules["appk_review"]
    assert (appk["days"], appk["day_kind"], appk["extended_max_months"]) == (15, "working", 2)
    assert iso(appk["valid_from"]) == "2021-07-01" and appk["valid_to"] is None
    assert rules["appk_redirect"]["days"] == 3


# --- evaluation ------------------------------------------------------------------------


def test_evaluation_has_three_criteria_with_weights_summing_to_one() -> None:
    criteria = read_records("evaluation")
    assert [c["id"] for c in criteria] == ["deadlines_met", "justified_repeats", "satisfied_share"]
    assert abs(sum(float(c["weight"]) for c in criteria) - 1) < 1e-9
    assert all(isinstance(c["higher_is_better"], bool) for c in criteria)
    directions = {c["id"]: c["higher_is_better"] for c in criteria}
    assert directions == {
        "deadlines_met": True,
        "justified_repeats": False,
        "satisfied_share": True,
    }


# --- holidays --------------------------------------------------------------------------


def test_holidays_cover_2013_to_2026_with_known_kinds() -> None:
    holidays = read_csv("holidays_kz")
    dates = pd.to_datetime(holidays["date"], format="%Y-%m-%d")
    assert set(dates.dt.year) == set(range(2013, 2027))
    assert set(holidays["kind"]) <= {"holiday", "transfer_day_off", "transfer_working_day"}
    transfers = dates[holidays["kind"] == "transfer_day_off"]
    assert (transfers.dt.day_of_week < 5).all(), "a day off carried over must be a weekday"
    days = set(holidays.loc[holidays["kind"] == "holiday", "date"])
    assert {"2016-03-22", "2016-12-16", "2016-12-17", "2022-10-25"} <= days
    assert "2022-12-01" not in days and "2021-12-01" in days
