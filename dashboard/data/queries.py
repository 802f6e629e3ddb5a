"""Run the named queries of queries/*.sql against the store; the one caching boundary.

`run("summary_by_group", filters, group_by="region")` loads the file, binds its `$name`
parameters from the filters and keyword arguments, and returns a DataFrame. Results are
cached per query, bound parameters and store file (path, mtime, size), so a rebuilt store
is never served stale.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import streamlit as st

from dashboard.data import store
from dashboard.data.sql import load_sql, statement_params

log = logging.getLogger(__name__)

# Results kept per process; each is a small aggregate, so the memory bound is loose.
CACHE_MAX_ENTRIES = 512
# Seconds a cached result lives even if the store file does not change.
CACHE_TTL_SECONDS = 3600

ParamValue = date | str | int | float | list[str] | None


class HasSqlParams(Protocol):
    """Anything that turns into bound filter parameters (dashboard.filters.Filters)."""

    def to_sql_params(self) -> dict[str, Any]: ...


class QueryError(RuntimeError):
    """A query failed; the message names the query and its parameters."""


def bind(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The subset of `values` that queries/<name>.sql uses; a missing one is an error."""
    needed = statement_params(load_sql(name))
    missing = sorted(needed - values.keys())
    if missing:
        raise QueryError(f"query {name!r} needs parameters {missing}")
    return {k: values[k] for k in needed}


def execute(name: str, params: dict[str, Any], db_path: Path | None = None) -> pd.DataFrame:
    """Run queries/<name>.sql with bound parameters, uncached (CLI, reports, tests)."""
    bound = bind(name, params)
    with store.connect(db_path) as con:
        try:
            return con.execute(load_sql(name), bound).df()
        except Exception as exc:  # any DuckDB error: name the query and its parameters
            log.error("query %s failed with params %r", name, bound)
            raise QueryError(f"query {name!r} failed: {exc}") from exc


def store_key(db_path: Path | None = None) -> tuple[str, int, int]:
    """Changes whenever the store file is swapped for a new build."""
    p = store.require(db_path)
    st_ = p.stat()
    return (str(p), st_.st_mtime_ns, st_.st_size)


@st.cache_data(max_entries=CACHE_MAX_ENTRIES, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _cached(
    name: str, frozen: tuple[tuple[str, Any], ...], key: tuple[str, int, int]
) -> pd.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    return execute(name, params, Path(key[0]))


@st.cache_data(max_entries=16, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _cached_info(key: tuple[str, int, int]) -> store.StoreInfo:
    return store.info(Path(key[0]))


def store_info(db_path: Path | None = None) -> store.StoreInfo:
    """What the store holds (latest snapshot, data version, counts), cached per build."""
    return _cached_info(store_key(db_path))


def latest_snapshot(db_path: Path | None = None) -> date:
    """The date of the newest snapshot: the default as-of date of every figure."""
    return store_info(db_path).latest_snapshot


def run(
    name: str,
    filters: HasSqlParams | None = None,
    db_path: Path | None = None,
    **params: ParamValue,
) -> pd.DataFrame:
    """Run a named query with the filters' bound parameters plus `params`, cached.

    A query that uses `$as_of` and is given none is judged on the latest snapshot date.
    """
    values: dict[str, Any] = dict(filters.to_sql_params()) if filters is not None else {}
    values.update(params)
    if values.get("as_of") is None:
        values["as_of"] = latest_snapshot(db_path)
    frozen = tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in bind(name, values).items())
    )
    return _cached(name, frozen, store_key(db_path)).copy()
