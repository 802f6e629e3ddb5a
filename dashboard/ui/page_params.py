"""Page-level choices kept in the page URL (`?topic=02.03`), like the sidebar's filters.

The widget's session-state key is seeded from the URL when missing (a pasted link, a fresh
session), and its value is written back after the widget runs, so a copied link reopens the
same choice. Only the page's own key is touched; the sidebar owns the filter keys.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def url_select(
    label: str,
    options: list[str],
    *,
    param: str,
    key: str,
    default: str,
    format_func: Callable[[str], str],
    help: str | None = None,  # noqa: A002 - Streamlit's own argument name
) -> str:
    """A selectbox whose value lives in the URL as `?<param>=<value>` (unknown values ignored)."""
    if key not in st.session_state:
        from_url = st.query_params.get(param)
        st.session_state[key] = from_url if from_url in options else default
    value = st.selectbox(label, options, key=key, format_func=format_func, help=help)
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    return value
