"""Import speed: write an N-row registry export (cp1251, ';') and time its ingest into a new store.

python -m dashboard.data.ingest.bench --rows 1000000 [--dir /tmp/ingest-bench]
    [--shape registry|service_requests]
Not a test: the number depends on the machine. The peak memory printed is the process's
VmHWM: the imports' and the ingest's, with the store build (the export is written by a
process of its own), and the peak of its resident memory together with its worker
processes' (chunked.WORKERS), sampled every 50 ms. Uses a throwaway salt unless
APPEALS_SALT_FILE is set.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.ingest import mapping as mapping_mod
from dashboard.data.ingest import pipeline

SNAPSHOT = date(2016, 12, 31)
BODIES = ["МВД", "Минюст", "Акимат Алматинской области", "Акимат г. Алматы", "Акимат г. Астаны"]
KATO = ["751110000", "711110000", "195020000", "751110000", "711110000"]


def _dates(days: np.ndarray) -> pd.Series:
    return pd.Series(np.datetime64("2016-01-01") + days.astype("timedelta64[D]")).dt.strftime(
        "%d.%m.%Y"
    )


def export_frame(n: int, seed: int = 1, start: int = 0) -> pd.DataFrame:
    """An N-row export in the registry_ru mapping's form, vectorised; ids from `start`."""
    m = mapping_mod.load("registry_ru")
    rng = np.random.default_rng(seed)
    body = rng.integers(0, len(BODIES), n)
    received = rng.integers(0, 330, n)
    closed = received + rng.integers(1, 25, n)
    is_open = closed > 364
    outcome = rng.choice(list(m.values["outcome"]), n)
    df = pd.DataFrame(
        {
            "Рег. номер": pd.Series(np.arange(start, start + n)).map("ЕО-{:08d}".format),
            "Дата регистрации": _dates(received),
            "Вид обращения": rng.choice(["Жалоба", "Заявление", "Предложение"], n),
            "Орган": np.array(BODIES)[body],
            "Регион (КАТО)": np.array(KATO)[body],
            "Район (КАТО)": "",
            "Классификатор": rng.choice(["01.01", "02.02", "03.01", "07.01"], n),
            "Канал": rng.choice(list(m.values["channel"]), n),
            "ИИН/БИН заявителя": pd.Series(rng.integers(10**11, 10**12 - 1, n)).astype(str),
            "Коллективное": "Нет",
            "Кол-во подписавших": "",
            "Повторное к №": "",
            "Срок исполнения": np.where(rng.random(n) < 0.9, _dates(received + 15), ""),
            "Продлено": "Нет",
            "Дата ответа": np.where(is_open, "", _dates(closed)),
            "Результат": np.where(is_open, "", outcome),
            "Обоснованность": "",
            "Подписал": np.where(is_open, "", "Исполнитель"),
            "Со ссылкой на НПА": np.where(is_open, "", "Да"),
            "Переписка прекращена": "Нет",
        }
    )
    return df


def _stamps(days: np.ndarray, minutes: np.ndarray) -> pd.Series:
    moment = np.datetime64("2016-01-01T00:00") + days.astype("timedelta64[D]")
    return pd.Series(moment + minutes.astype("timedelta64[m]")).dt.strftime("%m/%d/%Y %I:%M:%S %p")


def service_requests_frame(n: int, seed: int = 1, start: int = 0) -> pd.DataFrame:
    """An N-row export in the service_requests mapping's form: words, timestamps, no outcome."""
    rng = np.random.default_rng(seed)
    created = rng.integers(0, 330, n)
    closed = created + rng.integers(0, 30, n)
    types = [f"Complaint type {k}" for k in range(150)] + ["HEAT/HOT WATER"]
    boroughs = ["MANHATTAN", "BROOKLYN", "QUEENS", "BRONX", "STATEN ISLAND", "Unspecified"]
    return pd.DataFrame(
        {
            "Unique Key": pd.Series(np.arange(start, start + n) + 30_000_000).astype(str),
            "Created Date": _stamps(created, rng.integers(0, 1440, n)),
            "Closed Date": np.where(closed > 364, "", _stamps(closed, rng.integers(0, 1440, n))),
            "Due Date": _stamps(created + 14, np.full(n, 1439)),
            "Agency": rng.choice(["HPD", "NYPD", "DOT", "DEP", "DSNY", "DOB"], n),
            "Borough": rng.choice(boroughs, n),
            "Complaint Type": rng.choice(types, n),
            "Descriptor": np.where(rng.random(n) < 0.05, "two\nlines", "one line"),
        }
    )


SHAPES = {
    "registry": (export_frame, "registry_ru", {"sep": ";", "encoding": "cp1251"}),
    "service_requests": (service_requests_frame, "service_requests", {}),
}


# The export is written this many rows at a time (a 10 M-row frame would need ~10 GB).
WRITE_ROWS = 1_000_000


def _write(path: Path, n: int, shape: str) -> None:
    make, _, csv_args = SHAPES[shape]
    for i, start in enumerate(range(0, n, WRITE_ROWS)):
        part = make(min(WRITE_ROWS, n - start), seed=1 + i, start=start)
        part.to_csv(path, index=False, header=i == 0, mode="w" if i == 0 else "a", **csv_args)


def peak_mb() -> float:
    """The process's peak resident memory so far (VmHWM), in MB; 0 where /proc has none."""
    status = Path("/proc/self/status")
    if not status.exists():
        return 0.0
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its descendants, in kB (0 once it is gone)."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            total += sum(_tree_rss_kb(int(c)) for c in children)
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total


class _TreePeak(threading.Thread):
    """The peak of _tree_rss_kb of this process while running (workers' memory included)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb, self.done = 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))

    def stop(self) -> float:
        """The peak so far, in MB."""
        self.done.set()
        self.join()
        return self.peak_kb / 1024


def run(n: int, folder: Path, shape: str = "registry") -> dict[str, float]:
    """Write the export, ingest it into a fresh store, return sizes, timings and peak memory."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ.setdefault("APPEALS_SALT_FILE", str(folder / "salt"))
    path = folder / "export.csv"
    t0 = time.perf_counter()
    # In a process of its own: the frames it makes would otherwise stay in this one's memory.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(_write, path, n, shape).result()
    t_write = time.perf_counter() - t0
    before = peak_mb()
    sampler = _TreePeak()
    sampler.start()
    t0 = time.perf_counter()
    result = pipeline.ingest(path, SHAPES[shape][1], SNAPSHOT, folder / "store" / "appeals.duckdb")
    seconds = time.perf_counter() - t0
    tree_peak = sampler.stop()
    return {
        "rows": result.rows,
        "csv_mb": path.stat().st_size / 1e6,
        "write_s": t_write,
        "ingest_s": seconds,
        "rows_per_s": result.rows / seconds,
        "rss_before_mb": before,
        "peak_mb": peak_mb(),
        "tree_peak_mb": tree_peak,
    }


def main() -> None:
    """Print the measurement."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--dir", default="/tmp/ingest-bench")
    p.add_argument("--shape", choices=sorted(SHAPES), default="registry")
    args = p.parse_args()
    r = run(args.rows, Path(args.dir), args.shape)
    print(
        f"{args.shape}: {r['rows']:,} rows, {r['csv_mb']:.0f} MB CSV: ingest {r['ingest_s']:.1f} s "
        f"= {r['rows_per_s']:,.0f} rows/s, peak memory {r['peak_mb']:,.0f} MB (VmHWM; "
        f"{r['rss_before_mb']:,.0f} MB before the ingest), {r['tree_peak_mb']:,.0f} MB with "
        f"the worker processes (sampled) (CSV written in {r['write_s']:.1f} s)"
    )


if __name__ == "__main__":
    main()
