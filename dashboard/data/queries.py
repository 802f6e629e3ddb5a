"""Run the named queries of queries/*.sql against the store; the one caching boundary.

`run("summary_by_group", filters, group_by="region")` loads the file, binds its `$name`
parameters from the filters and keyword arguments, and returns a DataFrame. Results are
cached per query, bound parameters and store file (path, mtime, size), so a rebuilt store
is never served stale.

One read-only DuckDB instance is kept per store build and process; each query runs on its
own cursor of it (cheap, and safe across Streamlit's session threads), so no query pays for
opening the database and a warm buffer pool serves every page. Inside the app the result
cache is Streamlit's; outside it (CLI, reports, benchmarks) Streamlit is never imported.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import duckdb

from dashboard import paths
from dashboard.data import store
from dashboard.data.sql import load_sql, statement_params

if TYPE_CHECKING:  # pandas loads with the first frame: the CLI's summary never needs it
    import pandas as pd

log = logging.getLogger(__name__)

# Results kept per process; each is a small aggregate, so the memory bound is loose.
CACHE_MAX_ENTRIES = 512
# Seconds a cached result lives even if the store file does not change.
CACHE_TTL_SECONDS = 3600
# Store builds whose DuckDB instance stays open; older ones are dropped (closed once idle).
OPEN_STORES_MAX = 4

ParamValue = date | str | int | float | list[str] | None
Fetched = TypeVar("Fetched")  # what a fetch makes of a result: a frame, or a list of rows


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


# The search path under which `cells_in` resolves to the rollup alone (rolled.cells_in).
ROLLED_PATH = "set search_path = 'rolled,main'"
FULL_PATH = "set search_path = 'main'"
DATE_ANCHORS = ("as_of", "data_as_of")  # the dates a figure is judged on, not a period's ends


def rollup_answers(bound: dict[str, Any]) -> bool:
    """Whether whole months of the rollup answer every `cells_in` call of a query alone.

    True when each period the query is given (every `*_start` on the 1st, every `*_end` and
    `as_of` on the last day of a month) is whole months, late and backlog are judged on the
    rollup's date (`as_of` = `data_as_of`) and no channel is chosen (the rollup has none).
    Any other date parameter, or a date that is not a date, answers False: counting the
    appeals too is always right, only slower.
    """
    if bound.get("channels") or "data_as_of" not in bound:
        return False
    if "as_of" in bound and not (
        bound["as_of"] == bound["data_as_of"] and _month_end(bound["as_of"])
    ):
        return False  # a query given as_of may end its period on it (least(period_end, as_of))
    for name, value in bound.items():
        if name in DATE_ANCHORS:
            continue
        if name.endswith("_start"):
            if not (isinstance(value, date) and value.day == 1):
                return False
        elif name.endswith("_end"):
            if not _month_end(value):
                return False
        elif isinstance(value, date):
            return False
    return True


def _month_end(value: object) -> bool:
    return isinstance(value, date) and (value + timedelta(days=1)).day == 1


def on_cursor(
    cursor: duckdb.DuckDBPyConnection, name: str, bound: dict[str, Any]
) -> duckdb.DuckDBPyConnection:
    """Run queries/<name>.sql on `cursor` with its bound parameters, the rollup alone
    answering `cells_in` where it can (rollup_answers): every caller runs queries this way."""
    cursor.execute(ROLLED_PATH if rollup_answers(bound) else FULL_PATH)
    return cursor.execute(load_sql(name), bound)


StoreKey = tuple[str, int, int]
_instances: dict[StoreKey, duckdb.DuckDBPyConnection] = {}
_instances_lock = threading.Lock()


def _instance(key: StoreKey) -> duckdb.DuckDBPyConnection:
    """The process's read-only DuckDB instance for one store build (opened once)."""
    with _instances_lock:
        con = _instances.get(key)
        if con is None:
            # DuckDB keeps one instance per open path: while an older build's connection to
            # this path is open, connecting again would read the swapped-out file (an import
            # in this process, e.g. the Data page's upload). Close it first.
            for old in [k for k in _instances if k[0] == key[0]]:
                _instances.pop(old).close()
            while len(_instances) >= OPEN_STORES_MAX:  # a swapped store's old build
                _instances.pop(next(iter(_instances)))
            con = _instances[key] = duckdb.connect(key[0], read_only=True)
        return con


def execute(name: str, params: dict[str, Any], db_path: Path | None = None) -> pd.DataFrame:
    """Run queries/<name>.sql with bound parameters, uncached (CLI, reports, tests).

    `$data_as_of`, the date the store's rollup was judged on, is the store's own fact: it is
    filled in here, never asked of the caller.
    """
    return _execute(name, params, db_path, lambda result: result.df())


def records(name: str, params: dict[str, Any], db_path: Path | None = None) -> list[dict]:
    """execute() as a list of {column: value} rows, without pandas (the CLI's summary)."""

    def as_dicts(result: duckdb.DuckDBPyConnection) -> list[dict]:
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    return _execute(name, params, db_path, as_dicts)


def _execute(
    name: str,
    params: dict[str, Any],
    db_path: Path | None,
    fetch: Callable[[duckdb.DuckDBPyConnection], Fetched],
) -> Fetched:
    if "data_as_of" in statement_params(load_sql(name)):
        params = {**params, "data_as_of": latest_snapshot(db_path)}
    bound = bind(name, params)
    cursor = _instance(store_key(db_path)).cursor()
    try:
        return fetch(on_cursor(cursor, name, bound))
    except Exception as exc:  # any DuckDB error: name the query and its parameters
        log.error("query %s failed with params %r", name, bound)
        raise QueryError(f"query {name!r} failed: {exc}") from exc
    finally:
        cursor.close()


def store_key(db_path: Path | None = None) -> tuple[str, int, int]:
    """Changes whenever the store file is swapped for a new build."""
    p = store.require(db_path)
    st_ = p.stat()
    return (str(p), st_.st_mtime_ns, st_.st_size)


def _fetch(name: str, frozen: tuple[tuple[str, Any], ...], key: StoreKey) -> pd.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    return execute(name, params, Path(key[0]))


def _fetch_info(key: StoreKey) -> store.StoreInfo:
    _instance(key)  # closes an older build's instance of this path, which DuckDB would reuse
    return store.info(Path(key[0]))


@cache
def _caches() -> tuple[Callable[..., pd.DataFrame], Callable[[StoreKey], store.StoreInfo]]:
    """Streamlit's cache inside the app (shared by sessions); a plain LRU anywhere else.

    Chosen on first use: importing Streamlit costs the CLI over a second, so it is only
    used when the app (or a test of it) has already loaded it.
    """
    if "streamlit" in sys.modules:
        import streamlit as st

        keep = st.cache_data(
            max_entries=CACHE_MAX_ENTRIES, ttl=CACHE_TTL_SECONDS, show_spinner=False
        )
        keep_info = st.cache_data(max_entries=16, ttl=CACHE_TTL_SECONDS, show_spinner=False)
        return keep(_fetch), keep_info(_fetch_info)
    return lru_cache(maxsize=CACHE_MAX_ENTRIES)(_fetch), lru_cache(maxsize=16)(_fetch_info)


def store_info(db_path: Path | None = None) -> store.StoreInfo:
    """What the store holds (latest snapshot, data version, counts), cached per build."""
    return _caches()[1](store_key(db_path))


def unbuilt_snapshots() -> list[date]:
    """Snapshot files beside the app's own store that it was not built from (see store.py).

    Only for the default pairing of data/snapshots/ and its store: a store named by
    APPEALS_DB elsewhere has no known snapshot folder.
    """
    if paths.DEFAULT_DB.parent != paths.GENERATED_DIR or not paths.DEFAULT_DB.exists():
        return []
    import pandas as pd

    built = set(pd.to_datetime(run("data_snapshots").snapshot_date).dt.date)  # cached per build
    return sorted(store.snapshot_dates(paths.SNAPSHOTS_DIR) - built)


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
    values["data_as_of"] = latest_snapshot(db_path)
    frozen = tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in bind(name, values).items())
    )
    return _caches()[0](name, frozen, store_key(db_path)).copy()
