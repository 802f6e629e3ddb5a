"""The real app in a real browser: every page renders its headline numbers and a chart, and
keeps its filters through a language switch.

Starts `streamlit run` on the default data, opens each page of navigation.PAGES in Debian's
chromium at 1440x900, checks what a person would see, and saves screenshots/<page>.png.
APPEALS_BROWSER_DB=<path> points the test at an existing store instead of building one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.data import codes
from dashboard.perf import loadtest
from dashboard.ui import builtin_i18n, navigation

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"
VIEWPORT = {"width": 1440, "height": 900}
RENDER_TIMEOUT_MS = 60_000
# What the 2016 overview must show (domain.md), no-break spaces normalised to plain ones.
OVERVIEW_FIGURES = ("1 321 050", "49,95 %", "0,48 %")


APP_DB: dict[str, Path] = {}  # the store the app reads, for naming codes as the app does
# Edits elsewhere in the tree must not put a "Rerun" banner on screenshots.
APP_FLAGS = ("--server.fileWatcherType", "none")


@contextmanager
def running_app(env: dict[str, str]) -> Iterator[str]:
    """The app on a free loopback port with `env` added (the load test's starter), its URL."""
    port = loadtest.free_port()
    proc = loadtest.start_app(port, env, APP_FLAGS)
    try:
        yield f"http://{loadtest.HOST}:{port}"
    finally:
        loadtest.stop_app(proc)


@pytest.fixture(scope="module")
def app_db(request: pytest.FixtureRequest) -> Path:
    """The store the app reads: APPEALS_BROWSER_DB if set, else the session's default data."""
    override = os.environ.get("APPEALS_BROWSER_DB")
    APP_DB["db"] = Path(override) if override else request.getfixturevalue("default_store")
    return APP_DB["db"]


@pytest.fixture(scope="module")
def app_url(app_db: Path) -> Iterator[str]:
    """A running `streamlit run streamlit_app.py` on a free port; stopped after the tests."""
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (CI installs it: apt-get install chromium)")
    with running_app({"APPEALS_DB": str(app_db)}) as url:
        yield url


def _screenshot_whole_page(page: object, path: Path) -> None:
    """Streamlit scrolls inside its main block, so full_page alone would stop at 900 px:
    grow the viewport (same 1440 px width) to the content's height first."""
    height = page.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 900"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(900, int(height))})  # type: ignore[attr-defined]
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]  # plotly re-lays out on resize
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]


def _text(page: object) -> str:
    """Visible text of a page (or a locator), no-break spaces made plain."""
    text = page.inner_text("body") if hasattr(page, "goto") else page.inner_text()  # type: ignore[attr-defined]
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda p: p.name)
def test_page_renders_numbers_and_a_chart_in_a_browser(app_url, spec):
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport=VIEWPORT, locale="ru-RU")
            page.goto(f"{app_url}/{spec.url}")
            page.wait_for_selector("h1", timeout=RENDER_TIMEOUT_MS)
            # Numbers as cards or as a table (the evaluation page ranks bodies in a table),
            # then the page's charts (the data page's are its tables).
            figures = '[data-testid="stMetricValue"], [data-testid="stTable"]'
            if spec.name == "collegium":  # a preview: the slide titles and the build button
                figures = '[data-testid="stMain"] [data-testid="stButton"]'
            page.wait_for_selector(figures, timeout=RENDER_TIMEOUT_MS)
            if spec.name == "collegium":
                assert i18n.t("collegium.page.slides") in _text(page), "the slides are listed"
            elif spec.name == "data":
                page.wait_for_selector('[data-testid="stDataFrame"]', timeout=RENDER_TIMEOUT_MS)
            else:
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=RENDER_TIMEOUT_MS)
            page.wait_for_timeout(1500)  # let plotly finish laying out before the screenshot
            text = _text(page)
            assert "Traceback" not in text and "Error" not in text
            assert not page.get_by_text("Page not found").count(), "the URL did not resolve"
            if spec.name == "overview":
                for figure in OVERVIEW_FIGURES:
                    assert figure in text, f"{figure!r} not on the overview"
            _screenshot_whole_page(page, SHOTS / f"{spec.name}.png")
        finally:
            browser.close()


# A quarter and a region, as a user would pick them; the language switch must keep both.
PICKED = {"from": "2016-07-01", "to": "2016-09-30", "region": "35"}  # III кв. 2016, Караганда


@pytest.fixture(scope="module")
def chromium(app_url: str) -> Iterator[object]:
    """One browser for the module's language tests (a launch costs about a second)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def _query(page: object) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(page.url).query)  # type: ignore[attr-defined]


def _wait_rerun(page: object) -> None:
    """Until the app is idle again (the status widget gone) and the page has numbers."""
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    page.wait_for_selector(  # type: ignore[attr-defined]
        '[data-testid="stStatusWidget"]', state="detached", timeout=RENDER_TIMEOUT_MS
    )
    page.wait_for_selector("h1", timeout=RENDER_TIMEOUT_MS)  # type: ignore[attr-defined]


def _switch_language(page: object, lang: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')  # type: ignore[attr-defined]
    sidebar.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=i18n.lang_name(lang)).click()  # type: ignore[attr-defined]
    _wait_rerun(page)


def _assert_filters_kept(page: object, lang: str) -> None:
    query = _query(page)
    for key, value in PICKED.items():
        assert query.get(key) == [value], f"{key} lost after switching to {lang}: {page.url}"  # type: ignore[attr-defined]
    assert "type" not in query, "appeal types were reset"
    region = codes.labels("region", lang, APP_DB["db"])["35"]
    chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')  # type: ignore[attr-defined]
    chips.get_by_text(region).first.wait_for(timeout=RENDER_TIMEOUT_MS)  # the chip, in `lang`
    sidebar = _text(page.locator('[data-testid="stSidebar"]'))  # type: ignore[attr-defined]
    assert region in sidebar, f"the region chip is not shown in {lang}"
    if lang != "ru":
        assert codes.labels("region", "ru", APP_DB["db"])["35"] not in sidebar, (
            "a Russian chip remained"
        )
    quarter = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1)  # type: ignore[attr-defined]
    assert quarter.locator("input").input_value() == i18n.fmt_quarter(2016, 3, lang)


@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda p: p.name)
def test_language_switch_keeps_the_quarter_and_region_on_every_page(app_url, chromium, spec):
    other = next(p for p in navigation.PAGES if p != spec)
    page = chromium.new_page(viewport=VIEWPORT, locale="ru-RU")
    try:
        page.goto(f"{app_url}/{spec.url}?" + "&".join(f"{k}={v}" for k, v in PICKED.items()))
        _wait_rerun(page)
        _assert_filters_kept(page, "ru")
        for lang in ("en", "kk"):
            _switch_language(page, lang)
            _assert_filters_kept(page, lang)
            # the next page change (where the old bug reset them) keeps them too, then back
            for target in (other, spec):
                page.get_by_role("link", name=i18n.t(target.title_key, lang)).click()
                _wait_rerun(page)
                _assert_filters_kept(page, lang)
            assert "Traceback" not in _text(page)
    finally:
        page.close()


def _attributes(page: object) -> list[str]:
    return page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('[aria-label], [placeholder]')]
              .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('placeholder')])
              .filter(Boolean)"""
    )


def _english_builtins(texts: list[str]) -> set[str]:
    found = set()
    for english in builtin_i18n.BUILTIN:
        head, _, tail = english.partition("{x}")
        for text in texts:
            if (
                (text == english)
                if "{x}" not in english
                else (text.startswith(head) and text.endswith(tail))
            ):
                found.add(english)
            elif len(english) > 8 and "{x}" not in english and english in text:
                found.add(english)
    return found


def test_no_streamlit_english_in_the_russian_interface(app_url, chromium):
    by_name = {p.name: p for p in navigation.PAGES}
    page = chromium.new_page(viewport=VIEWPORT, locale="ru-RU")
    seen: list[str] = []
    try:
        page.goto(f"{app_url}/{by_name['deadlines'].url}?region=35")
        _wait_rerun(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.locator('[data-testid="stMultiSelect"]').nth(1).click()  # open a dropdown
        page.wait_for_timeout(500)
        seen += [_text(page), *_attributes(page)]
        page.keyboard.press("Escape")
        page.locator('[data-testid="stDateInputCalendarButton"]').first.click()
        page.wait_for_timeout(500)
        seen += [_text(page), *_attributes(page)]
        page.keyboard.press("Escape")
        page.goto(f"{app_url}/{by_name['trends'].url}?region=35")  # a number input
        _wait_rerun(page)
        page.wait_for_selector('[data-testid="stNumberInput"] input', timeout=RENDER_TIMEOUT_MS)
        box = page.locator('[data-testid="stNumberInput"] input').first
        box.click()
        box.fill("2")  # not yet applied: Streamlit's hint to press Enter shows
        page.wait_for_timeout(500)
        seen += [_text(page), *_attributes(page)]
    finally:
        page.close()
    assert not _english_builtins(seen)
