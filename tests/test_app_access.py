"""The app in a user's scope (streamlit_app.py + ui/auth.py + data/access.py), in AppTest.

Sign-in itself is exercised in the real browser against a real OIDC provider
(tests/test_browser_signin.py); here the local mode names the user by APPEALS_USER.
"""

from __future__ import annotations

import pytest
from apptest_helpers import app_on, metrics_by_label, open_page

from dashboard import i18n
from dashboard.data import access
from tests.conftest import current_state, tiny_frame

ACCESS_YAML = """
users:
  south:  {role: region, regions: ["51"]}
  police: {role: body, bodies: ["mvd"]}
"""
OVERVIEW = "pages/overview.py"


@pytest.fixture
def as_user(tmp_path, monkeypatch):
    path = tmp_path / "access.yaml"
    path.write_text(ACCESS_YAML, encoding="utf-8")
    monkeypatch.setenv(access.ACCESS_ENV, str(path))

    def use(name: str) -> None:
        monkeypatch.setenv(access.USER_ENV, name)

    return use


def received_2016(column: str, value: str) -> int:
    df = current_state(tiny_frame())
    in_2016 = df.received_date.astype(str).str.startswith("2016")
    evaluated = df.appeal_type.isin(["complaint", "application"])
    return int((in_2016 & evaluated & (df[column] == value)).sum())


@pytest.mark.parametrize(("user", "column", "value"), [("south", "region_code", "51"),
                                                       ("police", "body_id", "mvd")])  # fmt: skip
def test_overview_counts_only_the_users_scope(
    tiny_store, monkeypatch, as_user, user, column, value
):
    as_user(user)
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), OVERVIEW)
    shown = metrics_by_label(at)[i18n.t("metrics.received")]
    assert shown == i18n.fmt_int(received_2016(column, value))
    assert any(i18n.t("auth.local_mode") in c.value for c in at.sidebar.caption)


def test_a_link_naming_another_region_is_dropped_with_a_notice(tiny_store, monkeypatch, as_user):
    as_user("south")
    at = app_on(tiny_store, monkeypatch, **{"from": "2016-01-01", "region": "19"})
    at = open_page(at, OVERVIEW)
    notices = " ".join(w.value for w in at.warning)
    assert "`19`" in notices and i18n.t("filters.issue.outside_scope").split("{")[0] in notices
    shown = metrics_by_label(at)[i18n.t("metrics.received")]
    assert shown == i18n.fmt_int(received_2016("region_code", "51"))  # the user's own region


def test_sidebar_offers_only_the_regions_of_the_scope(tiny_store, monkeypatch, as_user):
    as_user("south")
    at = open_page(app_on(tiny_store, monkeypatch, **{"from": "2016-01-01"}), OVERVIEW)
    assert (
        at.multiselect(key="f_regions").options
        == [at.multiselect(key="f_regions").format_func("51")]
        or list(at.multiselect(key="f_regions").options) == ["Туркестанская область"]
        or len(at.multiselect(key="f_regions").options) == 1
    )


def test_unknown_user_sees_no_data_at_all(tiny_store, monkeypatch, as_user):
    as_user("stranger")
    at = app_on(tiny_store, monkeypatch).run()
    assert not at.exception
    assert "stranger" in at.error[0].value
    assert not at.metric and not at.get("plotly_chart")


def test_link_values_are_shown_inert_short_and_few(tiny_store, monkeypatch):
    hostile = "[Срочно: войдите заново](https://example.invalid/login)"
    flood = ",".join(f"x{i}" for i in range(3000))  # one parameter, a comma list
    at = app_on(tiny_store, monkeypatch, body=[hostile, "y" * 30_000, flood]).run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 3  # at most three notices, then one line with the count
    assert "`[Срочно: войдите заново](https://example…`" in warnings[0]  # a code span: inert
    assert all(len(w) < 300 for w in warnings)
    assert any("2999" in c.value for c in at.caption)  # 3 002 problems, 3 shown
