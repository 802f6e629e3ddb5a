"""Sign-in end to end: Streamlit's OIDC against a real provider on loopback, in a real browser.

oidc-provider-mock serves a real OpenID Connect provider (discovery, authorize form, token,
userinfo); Streamlit's sign-in talks to it through Authlib exactly as it would to a ministry's
identity provider. A known user sees only their scope, an unknown one sees nothing, and
signing out returns to the sign-in screen.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import i18n
from dashboard.perf import loadtest
from tests.conftest import current_state, tiny_frame

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def provider() -> Iterator[int]:
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=loadtest.free_port()) as server:
        yield server.server_port


@pytest.fixture(scope="module")
def app_url(tiny_store, provider, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("signin")
    port = loadtest.free_port()
    base = f"http://127.0.0.1:{port}"
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{base}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(16)}"\n'
        'client_id = "appeals-dashboard"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "http://localhost:{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    (folder / "access.yaml").write_text(
        'users:\n  almaty@example.kz: {role: region, regions: ["75"]}\n', encoding="utf-8"
    )
    env = {"APPEALS_DB": str(tiny_store), "APPEALS_ACCESS": str(folder / "access.yaml")}
    proc = loadtest.start_app(port, env, ("--secrets.files", str(folder / "secrets.toml")))
    try:
        yield base
    finally:
        loadtest.stop_app(proc)


@pytest.fixture
def page():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser.new_page(viewport={"width": 1440, "height": 900})
        browser.close()


def sign_in(page, app_url: str, subject: str) -> None:
    page.goto(f"{app_url}/?from=2016-01-01")
    page.get_by_role("button", name=i18n.t("auth.sign_in")).click(timeout=TIMEOUT_MS)
    page.locator("input[name=sub]").fill(subject, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Authorize").click()


def region_75_received_2016() -> int:
    df = current_state(tiny_frame())
    in_2016 = df.received_date.astype(str).str.startswith("2016")
    evaluated = df.appeal_type.isin(["complaint", "application"])
    return int((in_2016 & evaluated & (df.region_code == "75")).sum())


def test_known_user_sees_only_their_region_and_can_sign_out(page, app_url):
    sign_in(page, app_url, "almaty@example.kz")
    # The card is found by its label, not by its place: Streamlit draws a page's elements as
    # they arrive, so the first value on screen is not always the first card's.
    received = (
        page.locator('[data-testid="stMetric"]').filter(has_text=i18n.t("metrics.received")).first
    )
    expect(received.locator('[data-testid="stMetricValue"]')).to_have_text(
        re.compile(rf"^\s*{region_75_received_2016()}\s*$"), timeout=TIMEOUT_MS
    )
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "almaty@example.kz" in sidebar
    page.get_by_role("button", name=i18n.t("auth.sign_out")).click()
    # The provider's end-session page asks to confirm, then sends the browser back.
    page.get_by_role("button", name="End session").click(timeout=TIMEOUT_MS)
    page.goto(app_url)
    page.get_by_role("button", name=i18n.t("auth.sign_in")).wait_for(timeout=TIMEOUT_MS)
    assert page.locator('[data-testid="stMetricValue"]').count() == 0


def test_unknown_user_sees_nothing(page, app_url):
    sign_in(page, app_url, "stranger@example.kz")
    page.get_by_text("stranger@example.kz").first.wait_for(timeout=TIMEOUT_MS)
    assert page.locator('[data-testid="stMetricValue"]').count() == 0
    assert page.locator(".js-plotly-plot").count() == 0
