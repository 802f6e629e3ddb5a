"""Import speed: write an N-row registry export (cp1251, ';') and time its ingest into a new store.

python -m dashboard.data.ingest.bench --rows 1000000 [--dir /tmp/ingest-bench]
Not a test: the number depends on the machine. Uses a throwaway salt unless
APPEALS_SALT_FILE is set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
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


def export_frame(n: int, seed: int = 1) -> pd.DataFrame:
    """An N-row export in the registry_ru mapping's form, vectorised."""
    m = mapping_mod.load("registry_ru")
    rng = np.random.default_rng(seed)
    body = rng.integers(0, len(BODIES), n)
    received = rng.integers(0, 330, n)
    closed = received + rng.integers(1, 25, n)
    is_open = closed > 364
    outcome = rng.choice(list(m.values["outcome"]), n)
    df = pd.DataFrame(
        {
            "Рег. номер": pd.Series(np.arange(n)).map("ЕО-{:08d}".format),
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


def run(n: int, folder: Path) -> dict[str, float]:
    """Write the export, ingest it into a fresh store, return sizes and timings."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ.setdefault("APPEALS_SALT_FILE", str(folder / "salt"))
    path = folder / "export.csv"
    t0 = time.perf_counter()
    export_frame(n).to_csv(path, sep=";", index=False, encoding="cp1251")
    t_write = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = pipeline.ingest(path, "registry_ru", SNAPSHOT, folder / "store" / "appeals.duckdb")
    seconds = time.perf_counter() - t0
    return {
        "rows": result.rows,
        "csv_mb": path.stat().st_size / 1e6,
        "write_s": t_write,
        "ingest_s": seconds,
        "rows_per_s": result.rows / seconds,
    }


def main() -> None:
    """Print the measurement."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--dir", default="/tmp/ingest-bench")
    args = p.parse_args()
    r = run(args.rows, Path(args.dir))
    print(
        f"{r['rows']:,} rows, {r['csv_mb']:.0f} MB cp1251 CSV: ingest {r['ingest_s']:.1f} s "
        f"= {r['rows_per_s']:,.0f} rows/s (CSV written in {r['write_s']:.1f} s)"
    )


if __name__ == "__main__":
    main()
