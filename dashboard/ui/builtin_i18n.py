"""Streamlit's own English strings (aria-labels, placeholders, hints) in the user's language.

Streamlit 1.67 has no setting for them: "Press Enter to apply", "Choose date", "Open",
"Clear all", "No results"… are fixed in its frontend. A small script, injected once per run by
the shell, rewrites them in the page as they appear (a MutationObserver). It maps every
language's wording to the current one, so a switch back from Russian to English works too.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

from dashboard import i18n

# Streamlit's (and plotly's toolbar) English text -> our locale key (common.yaml, builtin.*).
# "{x}", "{y}" stand for the parts filled in (a chip's label, a month, a range's bounds).
BUILTIN: dict[str, str] = {
    "Select all": "builtin.select_all",
    "Clear all": "builtin.clear_all",
    "Open": "builtin.open",
    "Remove {x}": "builtin.remove",
    "Selected values": "builtin.selected_values",
    "Clear value": "builtin.clear_value",
    "No results": "builtin.no_results",
    "Choose an option": "builtin.choose_option",
    "Choose options": "builtin.choose_options",
    "Choose date": "builtin.choose_date",
    "Choose date range": "builtin.choose_date_range",
    "Clear date": "builtin.clear_date",
    "Clear dates": "builtin.clear_dates",
    "{x} start date": "builtin.start_date",
    "{x} end date": "builtin.end_date",
    "Quick select a date range": "builtin.quick_range",
    "Date range": "builtin.date_range",
    "Use arrow keys to navigate dates. Enter to select. Escape to close.": "builtin.calendar_keys",
    "Decrement": "builtin.decrement",
    "Increment": "builtin.increment",
    "Press Enter to apply": "builtin.press_enter",
    "Choose date, {x}": "builtin.choose_date_in",
    "Previous month": "builtin.previous_month",
    "Next month": "builtin.next_month",
    "Error: Number is outside the allowed range. Please enter a value between {x} and {y}.": (
        "builtin.out_of_range"
    ),
    "{x} options available.": "builtin.options_available",
    "{x} option available.": "builtin.option_available",
    "Skip to main content": "builtin.skip_to_content",
    "Sidebar": "builtin.sidebar",
    "App pages": "builtin.app_pages",
    "Collapse sidebar": "builtin.collapse_sidebar",
    "Expand sidebar": "builtin.expand_sidebar",
    "Main menu": "builtin.main_menu",
    "Link to heading": "builtin.link_to_heading",
    "Dismiss": "builtin.dismiss",
    "Running...": "builtin.running",
    "Stop": "builtin.stop",
    "Download as CSV": "builtin.download_csv",
    "Search": "builtin.search",
    "Show/hide columns": "builtin.show_hide_columns",
    "Fullscreen": "builtin.fullscreen",
    "Close fullscreen": "builtin.close_fullscreen",
    "Download plot as a PNG": "builtin.download_png",
    "Zoom": "builtin.zoom",
    "Pan": "builtin.pan",
    "Zoom in": "builtin.zoom_in",
    "Zoom out": "builtin.zoom_out",
    "Reset axes": "builtin.reset_axes",
}
ATTRIBUTES = ("aria-label", "placeholder", "title", "data-title")  # plotly's tooltips: data-title

_SCRIPT = Path(__file__).with_suffix(".js")


def pairs(lang: str) -> list[tuple[str, str]]:
    """(wording in any language, wording in `lang`) for every built-in string; English and
    the other languages' wordings alike, so a switch from one language to another rewrites."""
    out: list[tuple[str, str]] = []
    for english, key in BUILTIN.items():
        target = i18n.t(key, lang)
        for source in dict.fromkeys([english, *(i18n.t(key, other) for other in i18n.LANGS)]):
            if source != target:
                out.append((source, target))
    return out


def inject(lang: str) -> None:
    """Add the rewriting script to the page (no visible element)."""
    script = _script().replace("__PAIRS__", json.dumps(pairs(lang), ensure_ascii=False))
    script = script.replace("__ATTRS__", json.dumps(ATTRIBUTES))
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


@cache
def _script() -> str:
    return _SCRIPT.read_text(encoding="utf-8")
