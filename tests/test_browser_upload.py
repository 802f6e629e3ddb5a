"""The upload on the Data page in a real browser, against a temporary store (never the default).

A bad file's dry run shows row-numbered errors in Russian and leaves the store unchanged; a
good file passes the dry run, imports with the progress bar and appears in the snapshot table
and the list of imported files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from ingest_fixtures import FIXTURES, SNAPSHOT
from test_browser import running_app
from test_store import digest

from dashboard import i18n
from dashboard.data.ingest import mapping

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"
VIEWPORT = {"width": 1440, "height": 900}
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def temp_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A store holding the registry fixture, and the environment that points the app at it."""
    from dashboard.data.ingest import pipeline

    folder = tmp_path_factory.mktemp("upload-store")
    env = {
        "APPEALS_DB": str(folder / "appeals.duckdb"),
        "APPEALS_DATA_DIR": str(folder),
        "APPEALS_SALT_FILE": str(folder / "salt"),
        "APPEALS_AUDIT_LOG": str(folder / "audit.jsonl"),
    }
    mp = pytest.MonkeyPatch()
    mp.setenv("APPEALS_SALT_FILE", env["APPEALS_SALT_FILE"])
    pipeline.ingest(
        FIXTURES / "registry_cp1251.csv", "registry_ru", SNAPSHOT, folder / "appeals.duckdb"
    )
    mp.undo()
    return folder, env


@pytest.fixture(scope="module")
def app_url(temp_store: tuple[Path, dict[str, str]]) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a free port, reading and writing the temporary store."""
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (CI installs it: apt-get install chromium)")
    with running_app(temp_store[1]) as url:
        yield url


def _text(page: object) -> str:
    return page.inner_text("body").replace("\u00a0", " ").replace("\u202f", " ")  # type: ignore[attr-defined]


def _screenshot_whole_page(page: object, path: Path) -> None:
    """Streamlit scrolls inside its main block: grow the viewport to the content first."""
    height = page.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 900"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(900, int(height))})  # type: ignore[attr-defined]
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    page.set_viewport_size(VIEWPORT)  # type: ignore[attr-defined]


def _choose_mapping(page: object, name: str) -> None:
    """Pick a mapping by typing its name into the select (steadier than clicking an option
    while the app may be rerunning); tried again until the select shows it."""
    label = i18n.t("data.upload_mapping")
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)  # type: ignore[attr-defined]
    for _ in range(5):
        box.locator("input").click()
        page.keyboard.type(name)  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        page.wait_for_timeout(1500)  # type: ignore[attr-defined]  # the rerun the choice triggers
        if box.locator("input").input_value() == name:
            return
    raise AssertionError(f"could not choose the mapping {name!r}")


def _upload(page: object, path: Path) -> None:
    """Put the file in the uploader and wait until the app has it (its chip, then the button)."""
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(path))  # type: ignore[attr-defined]
    chip = page.locator(f'[data-testid="stFileChipName"][title="{path.name}"]')  # type: ignore[attr-defined]
    chip.wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("button", name=i18n.t("data.dry_run")).wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]  # the rerun the upload triggers


def test_upload_dry_run_rejects_a_bad_file_and_imports_a_good_one(app_url, temp_store):
    sync_api = pytest.importorskip("playwright.sync_api")
    folder, _ = temp_store
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport=VIEWPORT, locale="ru-RU")
            page.goto(f"{app_url}/data")
            page.get_by_text(i18n.t("data.upload"), exact=True).wait_for(timeout=TIMEOUT_MS)
            _choose_mapping(page, "registry_ru")

            before = digest(folder)
            _upload(page, FIXTURES / "registry_bad_dates.csv")
            page.get_by_role("button", name=i18n.t("data.dry_run")).click()
            page.get_by_text(i18n.t("data.dry_errors")).wait_for(timeout=TIMEOUT_MS)
            # the script sends its elements one by one: wait for the last one of the dry run
            page.get_by_role("button", name=i18n.t("data.import")).wait_for(timeout=TIMEOUT_MS)
            page.get_by_text("2 строки: 5, 9", exact=False).first.wait_for(timeout=TIMEOUT_MS)
            text = _text(page)
            assert (  # in the interface's language, not the command line's English
                "registry_bad_dates.csv: столбец «Дата регистрации» (поле «Дата поступления») — "
                "2 строки: 5, 9; неверные значения: «31.02.2016», «2016/13/01»; ожидается дата"
            ) in text
            assert page.get_by_role("button", name=i18n.t("data.import")).is_disabled()
            assert digest(folder) == before, "a dry run never writes"
            _screenshot_whole_page(page, SHOTS / "upload_rejected.png")

            good = FIXTURES / "registry_utf8_bom.csv"
            _upload(page, good)
            # the bad file's result belongs to that file: it goes when the file changes
            page.get_by_text(i18n.t("data.dry_errors")).wait_for(
                state="detached", timeout=TIMEOUT_MS
            )
            page.get_by_role("button", name=i18n.t("data.dry_run")).click()
            page.get_by_text(i18n.t("data.preview")).wait_for(timeout=TIMEOUT_MS)
            page.get_by_role("button", name=i18n.t("data.import")).click()
            done = i18n.t("data.imported", n="40", file=good.name)
            page.get_by_text(done).wait_for(timeout=TIMEOUT_MS)
            page.wait_for_timeout(1000)
            text = _text(page)
            assert i18n.fmt_date(date.today()) in text, "the new snapshot is in the table"
            assert good.name in text, "and in the list of imported files"
            assert "Traceback" not in text
            _screenshot_whole_page(page, SHOTS / "upload_imported.png")

            # an uploaded mapping (YAML) for an export of another shape
            _choose_mapping(page, i18n.t("data.upload_own_mapping"))
            inputs = page.get_by_test_id("stFileUploaderDropzoneInput")
            inputs.nth(1).set_input_files(str(mapping.resolve("service_requests")))
            chip = page.locator('[data-testid="stFileChipName"][title="service_requests.yaml"]')
            chip.wait_for(timeout=TIMEOUT_MS)
            _upload(page, FIXTURES / "service_requests.csv")
            day = page.get_by_test_id("stDateInput").filter(has_text=i18n.t("data.upload_snapshot"))
            day.get_by_role("spinbutton").first.click()  # today is taken by the import above
            page.keyboard.type("31122016")  # day, month, year segments
            page.keyboard.press("Tab")
            page.wait_for_timeout(1500)
            assert day.locator("input").input_value() == "2016-12-31"
            page.get_by_role("button", name=i18n.t("data.dry_run")).click()
            page.get_by_text(i18n.t("data.preview")).wait_for(timeout=TIMEOUT_MS)
            _screenshot_whole_page(page, SHOTS / "upload_own_dry_run.png")
            assert "channel: " + i18n.t("data.defaults.unknown") in _text(page)
            page.get_by_role("button", name=i18n.t("data.import")).click()
            done = i18n.t("data.imported", n="60", file="service_requests.csv")
            page.get_by_text(done).wait_for(timeout=TIMEOUT_MS)
        finally:
            browser.close()
    assert digest(folder) != before
    log = [json.loads(line) for line in (folder / "audit.jsonl").read_text("utf-8").splitlines()]
    first, second = [e for e in log if e["action"] == "import"]
    assert first["rows"] == 40 and "registry_utf8_bom.csv" in first["detail"]
    assert second["rows"] == 60 and "mapping service_requests.yaml" in second["detail"]
