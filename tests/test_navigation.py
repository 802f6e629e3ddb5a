"""The one list of pages (dashboard/ui/navigation.py): files exist, each has its AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.ui import navigation

ROOT = Path(__file__).resolve().parents[1]


def test_pages_are_in_the_agreed_order():
    assert [p.name for p in navigation.PAGES] == [
        "overview",
        "trends",
        "deadlines",
        "repeats",
        "thematic",
        "regions",
        "evaluation",
        "algorithm",
        "collegium",
        "data",
    ]


@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda p: p.name)
def test_every_page_file_exists_and_has_an_apptest(spec):
    assert (ROOT / spec.path).is_file(), f"{spec.path} is missing"
    assert (ROOT / "tests" / f"test_page_{spec.name}.py").is_file(), (
        f"page {spec.path} has no tests/test_page_{spec.name}.py"
    )


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_page_title_is_translated(lang):
    for spec in navigation.PAGES:
        assert i18n.lookup(spec.title_key, lang), f"{spec.title_key} missing in {lang}"


def test_url_paths_are_unique():
    paths = [p.url_path for p in navigation.PAGES]
    assert len(paths) == len(set(paths))


def test_the_first_page_is_served_at_the_root():
    assert navigation.PAGES[0].url == ""
    assert [p.url for p in navigation.PAGES[1:]] == [
        "trends",
        "deadlines",
        "repeats",
        "thematic",
        "regions",
        "evaluation",
        "algorithm",
        "collegium",
        "data",
    ]
