"""Who is looking: Streamlit's built-in sign-in (OIDC) mapped to a user of the access file.

With an `[auth]` section in `.streamlit/secrets.toml` (never committed) the app asks every
visitor to sign in (`st.login`) and maps the signed-in e-mail, or the OIDC subject, to a
user of APPEALS_ACCESS; anyone not listed sees nothing. Without it the app runs in a clearly
labelled local single-user mode: the national scope, or the user APPEALS_USER names when an
access file is set.
"""

from __future__ import annotations

import os

import streamlit as st

from dashboard import i18n
from dashboard.data import access

USER_KEY = "user"  # st.session_state key: the signed-in access.User of this session


def sign_in_configured() -> bool:
    """True when secrets.toml configures Streamlit's sign-in."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False
    except Exception:  # a malformed secrets file: Streamlit has already said so
        return False


def _signed_in_user() -> access.User:
    claims = st.user.to_dict()
    for identity in (claims.get("email"), claims.get("sub")):
        user = access.resolve(str(identity)) if identity else None
        if user is not None and user.known:
            return user
    return access.resolve(str(claims.get("email") or claims.get("sub") or ""))


def current_user(lang: str) -> access.User:
    """The session's user; draws the sign-in screen and stops the run until signed in."""
    if not sign_in_configured():
        user = access.resolve(os.environ.get(access.USER_ENV))
    elif not st.user.is_logged_in:
        st.title(i18n.t("app.title", lang))
        st.info(i18n.t("auth.please_sign_in", lang), icon=":material/lock:")
        st.button(i18n.t("auth.sign_in", lang), on_click=st.login, icon=":material/login:")
        st.stop()
    else:
        user = _signed_in_user()
    st.session_state[USER_KEY] = user
    return user


def session_user() -> access.User:
    """The user the shell signed in for this session (local mode outside the app)."""
    found = st.session_state.get(USER_KEY)
    return found if isinstance(found, access.User) else access.LOCAL


def who_box(user: access.User, lang: str) -> None:
    """Sidebar lines saying who is signed in and in what scope, with sign-out."""
    if not sign_in_configured():
        st.caption(i18n.t("auth.local_mode", lang), help=i18n.t("auth.local_mode_help", lang))
        return
    role = i18n.t(f"auth.role.{user.role}", lang)
    st.caption(i18n.t("auth.signed_in_as", lang, name=user.name, role=role))
    st.button(i18n.t("auth.sign_out", lang), on_click=st.logout, icon=":material/logout:")


def no_access(user: access.User, lang: str) -> None:
    """The whole page for someone the access file does not list: nothing of the data."""
    st.title(i18n.t("app.title", lang))
    st.error(i18n.t("auth.no_access", lang, name=user.name or "—"), icon=":material/block:")
    if sign_in_configured():
        st.button(i18n.t("auth.sign_out", lang), on_click=st.logout, icon=":material/logout:")
    st.stop()
