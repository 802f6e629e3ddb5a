"""`python -m dashboard loadtest`: many sessions driving the real server, not browsers.

Starts the app on loopback, then N concurrent sessions speak Streamlit's own websocket
protocol (the BackMsg / ForwardMsg protobufs the browser sends and receives): each asks for
a page with a filter state in its query string and waits for the script to finish, round
after round, until the time is up. A page's time is from the request to the successful end
of its script run, so it includes the server's queries, rendering and message delivery.
An exception shown on a page, a failed run or a dropped connection counts as an error.
Before the sessions, the app's start is timed: from spawning the server to the end of the
overview's first run in a first session (`app_start`; the server's side of a first visit,
without the browser's loading and drawing).
Traffic goes only to 127.0.0.1, and every loop is bounded in count and time.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import paths

HOST = "127.0.0.1"
START_TIMEOUT_S = 60
PAGE_TIMEOUT_S = 60  # one page run longer than this counts as an error
MAX_ROUNDS_PER_SESSION = 10_000  # a bound besides the clock
# Filter states the sessions cycle through (URL query strings, as a shared link carries them).
SCENARIOS = (
    "from=2016-01-01&to=2016-12-31",
    "from=2016-10-01&to=2016-12-31",
    "region=75",
    "cat=02",
    "body=mvd",
    "level=central&lang=kk",
    "from=2015-01-01&to=2015-12-31&lang=en",
)


@dataclass
class Tally:
    """What one session saw."""

    times_ms: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_app(
    port: int, env: dict[str, str] | None = None, extra_args: tuple[str, ...] = ()
) -> subprocess.Popen:
    """The app on loopback, in its own process group; waits until it answers its health check."""
    args = [sys.executable, "-m", "streamlit", "run", str(paths.ROOT / "streamlit_app.py")]
    args += ["--server.headless", "true", "--server.port", str(port), *extra_args]
    args += ["--server.address", HOST, "--browser.gatherUsageStats", "false"]
    # Output goes nowhere: a pipe that nobody reads would fill up and stall the app.
    proc = subprocess.Popen(
        args, env={**os.environ, **(env or {})}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.05)  # fine enough to time the start by (run's app_start)
    stop_app(proc)
    raise RuntimeError(f"the app did not start on port {port} in {START_TIMEOUT_S} s")


def stop_app(proc: subprocess.Popen) -> None:
    """Stop the app and everything it started."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


async def _one_page(ws: object, page: str, query: str) -> str | None:
    """Ask for a page; None when its script finished cleanly, else what went wrong."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    await ws.send(msg.SerializeToString())
    problem = None
    while True:
        fm = ForwardMsg()
        fm.ParseFromString(await asyncio.wait_for(ws.recv(), PAGE_TIMEOUT_S))
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.new_element.WhichOneof("type") == "exception":
            problem = problem or fm.delta.new_element.exception.message[:200]
        if kind == "script_finished":
            status = fm.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # the app reran itself (URL sync): the page is not done yet
            ok = status == ForwardMsg.FINISHED_SUCCESSFULLY
            return problem if ok else f"script finished with status {status}"


async def _session(port: int, index: int, pages: list[str], until: float) -> Tally:
    import websockets

    tally = Tally()
    url = f"ws://{HOST}:{port}/_stcore/stream"
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
            for n in range(MAX_ROUNDS_PER_SESSION):
                if time.monotonic() >= until and n >= len(pages):  # every page at least once
                    break
                page = pages[(index + n) % len(pages)]
                query = SCENARIOS[(index * 3 + n) % len(SCENARIOS)]
                t0 = time.perf_counter()
                problem = await _one_page(ws, page, query)
                name = page or "overview"
                tally.times_ms.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
                if problem:
                    tally.errors.append(f"{name}?{query}: {problem}")
    except Exception as exc:  # a refused, dropped (ConnectionClosed) or timed-out session
        tally.errors.append(f"session {index}: {type(exc).__name__}: {exc}")
    return tally


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(tallies: list[Tally], sessions: int, seconds: float) -> dict:
    """Page-time p50/p95/max per page and overall, request and error counts."""
    per_page: dict[str, list[float]] = {}
    for t in tallies:
        for page, times in t.times_ms.items():
            per_page.setdefault(page, []).extend(times)
    every = [x for times in per_page.values() for x in times]
    errors = [e for t in tallies for e in t.errors]

    def stats(xs: list[float]) -> dict[str, float]:
        return {"n": len(xs), "p50_ms": statistics.median(xs), "p95_ms": _pct(xs, 0.95),
                "max_ms": max(xs)}  # fmt: skip

    return {
        "sessions": sessions,
        "seconds": seconds,
        "requests": len(every),
        "errors": len(errors),
        "error_samples": errors[:10],
        "overall": stats(every) if every else {},
        "pages": {p: stats(xs) for p, xs in sorted(per_page.items())},
    }


async def _first_page(port: int) -> float:
    """Seconds one session waits for the overview on a server that has run nothing yet: the
    app's imports, opening the store and the page's queries, as a first visitor waits."""
    import websockets

    url = f"ws://{HOST}:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        t0 = time.perf_counter()
        problem = await _one_page(ws, "", "")
        if problem:
            raise RuntimeError(f"the overview failed on its first run: {problem}")
        return time.perf_counter() - t0


def run(sessions: int, seconds: float, env: dict[str, str] | None = None) -> dict:
    """Start the app, time its start (to the end of the overview's first run), then drive
    `sessions` sessions through every page for `seconds`, and stop it."""
    from dashboard.ui.navigation import PAGES

    pages = [p.url for p in PAGES]
    port = free_port()
    t0 = time.perf_counter()
    proc = start_app(port, env)
    try:
        up = time.perf_counter() - t0
        first = asyncio.run(_first_page(port))
        start = {"server_up_s": up, "first_page_s": first, "total_s": up + first}

        async def drive() -> list[Tally]:
            until = time.monotonic() + seconds
            jobs = [_session(port, i, pages, until) for i in range(sessions)]
            return list(await asyncio.gather(*jobs))

        tallies = asyncio.run(drive())
    finally:
        stop_app(proc)
    return {"app_start": start, **summarise(tallies, sessions, seconds)}


def render(r: dict) -> str:
    """The result as lines for people."""
    lines = [f"{r['sessions']} sessions, {r['seconds']:.0f} s: {r['requests']} pages, "
             f"{r['errors']} errors"]  # fmt: skip
    if start := r.get("app_start"):
        lines.append(
            f"  app start: server up in {start['server_up_s']:.2f} s, the overview's first run "
            f"{start['first_page_s']:.2f} s, {start['total_s']:.2f} s in all (server side)"
        )
    for name, s in [("all pages", r["overall"]), *r["pages"].items()]:
        if s:
            lines.append(
                f"  {name:<14} n {s['n']:>5}  p50 {s['p50_ms']:>7.0f} ms  "
                f"p95 {s['p95_ms']:>7.0f} ms  max {s['max_ms']:>7.0f} ms"
            )
    lines += [f"  error: {e}" for e in r["error_samples"]]
    return "\n".join(lines)


def store_env(db: Path | None) -> dict[str, str]:
    """Environment that points the app at a store (the default one when None)."""
    return {"APPEALS_DB": str(db)} if db else {}
