"""The regions page's choice of region: a click on the cartogram or the selectbox, kept in the URL.

The region lives in session state under `regions_region` (the selectbox's key) and in the URL
as `?pick=75`, so a copied link opens the same region. A click on a tile arrives as the
plotly chart's selection event; only a new click moves the choice, so the selectbox still
works after one.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

URL_KEY = "pick"  # ?pick=75
STATE_KEY = "regions_region"
MAP_KEY = "regions_map"
_LAST_CLICK = "regions_last_click"


def _clicked() -> str | None:
    event = st.session_state.get(MAP_KEY)
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    if not points:
        return None
    data = points[0].get("customdata")
    return str(data[0] if isinstance(data, list | tuple) else data) if data is not None else None


def chosen(codes: list[str], default: str) -> str:
    """The region to show: a new click, else the selectbox's value, else the URL's, else default."""
    click = _clicked()
    if click is not None and click != st.session_state.get(_LAST_CLICK) and click in codes:
        st.session_state[STATE_KEY] = click
    st.session_state[_LAST_CLICK] = click
    if st.session_state.get(STATE_KEY) not in codes:
        url = st.query_params.get(URL_KEY)
        st.session_state[STATE_KEY] = url if url in codes else default
    region = str(st.session_state[STATE_KEY])
    if st.query_params.get(URL_KEY) != region:
        st.query_params[URL_KEY] = region
    return region


def cartogram(fig: go.Figure) -> None:
    """The clickable cartogram across the page."""
    st.plotly_chart(
        fig,
        key=MAP_KEY,
        on_select="rerun",
        selection_mode="points",
        width="stretch",
        config={"displaylogo": False, "displayModeBar": False},
    )


def selectbox(codes: list[str], label: str, name: Callable[[str], str]) -> str:
    """The same choice as a selectbox (keyboard, screen readers, and where clicks fail)."""
    return st.selectbox(label, codes, key=STATE_KEY, format_func=name)
