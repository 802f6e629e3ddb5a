"""A worker process of a parallel import check (chunked.WORKERS), and its handle in the importer.

A worker is started as `python -m dashboard.data.ingest.chunk_worker`, not through
multiprocessing: that imports the starting program's main module again in every worker, and
in the app that module is the page script itself. It reads pickled objects from its standard
input: the import's context, then chunks (Arrow tables of text cells). For each chunk it
writes to its standard output, in the same order, the pickled result of
chunked.check_in_worker, or the exception that raised. End of input ends it.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import dashboard

PROTOCOL = 5  # Arrow buffers pickle as they are
# Chunks are tens of MB: pipes of 1 MB (the usual most, pipe-max-size) move them in fewer steps
PIPE_BYTES = 1 << 20
# Where the dashboard package is found: the worker imports it as its importer does.
ROOT = str(Path(dashboard.__file__).resolve().parent.parent)


class Worker:
    """A started worker process: chunks sent in, their results received in the same order."""

    def __init__(self, context: object) -> None:
        path = os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p)
        # numpy's BLAS threads would spin beside the checks, which never use them
        env = {**os.environ, "PYTHONPATH": path, "OPENBLAS_NUM_THREADS": "1"}
        command = [sys.executable, "-m", __name__]
        pipe = subprocess.PIPE
        self.process = subprocess.Popen(
            command, stdin=pipe, stdout=pipe, env=env, pipesize=PIPE_BYTES
        )
        try:
            self.send(context)
        except BaseException:
            self.close(kill=True)
            raise

    def send(self, job: object) -> None:
        """Hand the worker a job (the context, then chunks)."""
        assert self.process.stdin is not None
        pickle.dump(job, self.process.stdin, protocol=PROTOCOL)
        self.process.stdin.flush()

    def receive(self) -> object:
        """The next result, in the order the chunks were sent; a worker's exception raised here
        (EOFError: the worker is gone)."""
        assert self.process.stdout is not None
        result = pickle.load(self.process.stdout)
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self, kill: bool) -> None:
        """End the process: when its work is done (`kill` False), by the end of its input;
        else at once."""
        if kill:
            self.process.kill()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except BrokenPipeError:  # a killed worker's unread input
                    pass
        self.process.wait()


def main() -> None:
    """The worker's loop (see the module's docstring)."""
    from dashboard.data.ingest import chunked

    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to the log, not into the results
    jobs: queue.Queue[object] = queue.Queue()
    threading.Thread(target=_read_jobs, args=(sys.stdin.buffer, jobs), daemon=True).start()
    context = jobs.get()
    if context is None:
        return
    chunked.start_worker(context)
    while (table := jobs.get()) is not None:
        pickle.dump(_result(chunked.check_in_worker, table), out, protocol=PROTOCOL)
        out.flush()


def _read_jobs(stream: IO[bytes], jobs: queue.Queue[object]) -> None:
    """Jobs read as they come, so that the importer, sending the next chunk, never waits for a
    worker busy writing a result; None at the end of input."""
    try:
        while True:
            jobs.put(pickle.load(stream))
    except Exception:  # noqa: BLE001 - end of input (EOFError) or a broken pipe: stop
        jobs.put(None)


def _result(check: Callable[[Any], object], table: object) -> object:
    try:
        return check(table)
    except Exception as exc:  # noqa: BLE001 - the importer raises it (and checks alone)
        try:
            pickle.dumps(exc, protocol=PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that cannot cross: its text does
            return RuntimeError(f"{type(exc).__name__}: {exc}")
        return exc


if __name__ == "__main__":
    main()
