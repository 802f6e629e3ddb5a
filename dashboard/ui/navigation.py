"""The one list of pages: file, URL, title key and icon; the shell turns it into st.Page objects."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import i18n


@dataclass(frozen=True)
class PageSpec:
    """A page of the app; `path` is relative to the project root (the entry file's folder)."""

    path: str
    url_path: str
    title_key: str  # key in locales/<lang>/common.yaml
    icon: str  # Material icon name, as st.Page takes it

    @property
    def url(self) -> str:
        """Path of the page in the browser: the default (first) page lives at the root."""
        return "" if self == PAGES[0] else self.url_path

    @property
    def name(self) -> str:
        """The page's short name: the file stem ("overview")."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".py")


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "overview", "pages.overview", ":material/dashboard:"),
    PageSpec("pages/trends.py", "trends", "pages.trends", ":material/trending_up:"),
    PageSpec("pages/deadlines.py", "deadlines", "pages.deadlines", ":material/timer:"),
    PageSpec("pages/repeats.py", "repeats", "pages.repeats", ":material/replay:"),
    PageSpec("pages/thematic.py", "thematic", "pages.thematic", ":material/topic:"),
    PageSpec("pages/regions.py", "regions", "pages.regions", ":material/map:"),
    PageSpec("pages/evaluation.py", "evaluation", "pages.evaluation", ":material/leaderboard:"),
    PageSpec("pages/algorithm.py", "algorithm", "pages.algorithm", ":material/rule:"),
    PageSpec("pages/collegium.py", "collegium", "pages.collegium", ":material/co_present:"),
    PageSpec("pages/data.py", "data", "pages.data", ":material/database:"),
)


def st_pages(lang: str) -> list[st.Page]:
    """st.Page objects for st.navigation, titled in `lang`; the first page is the default."""
    return [
        st.Page(
            p.path,
            title=i18n.t(p.title_key, lang),
            icon=p.icon,
            url_path=p.url_path,
            default=(i == 0),
        )
        for i, p in enumerate(PAGES)
    ]
