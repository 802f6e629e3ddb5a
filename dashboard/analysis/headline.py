"""A headline number and its changes, as page modules compute them and ui.page draws them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Delta:
    """One formatted change of a headline number against a comparison period."""

    text: str  # already formatted: "+3,2 %", "−0,12 п.п."
    change: float | None  # its sign picks the arrow and colour; None or 0 = neutral
    against: str = ""  # "к 2015 г.", "к предыдущему периоду"


@dataclass(frozen=True)
class Metric:
    """A headline number with its changes; `up_is_good` None means growth is neither."""

    label: str
    value: str  # already formatted by dashboard.i18n
    deltas: tuple[Delta, ...] = ()
    up_is_good: bool | None = True
    help: str | None = None
