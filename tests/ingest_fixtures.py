"""Builds the import fixtures of tests/fixtures/ingest from code, so they are reproducible.

`python tests/ingest_fixtures.py` rewrites the committed files. The valid export is a
registry export as analysts receive it: cp1251, ';'-separated, Russian headers and values,
dd.mm.yyyy dates, 9-digit KATO codes, raw IIN/BIN. Broken variants each break one thing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SNAPSHOT = date(2016, 9, 30)
N_ROWS = 40

HEADERS = [
    "Рег. номер",
    "Дата регистрации",
    "Вид обращения",
    "Орган",
    "Регион (КАТО)",
    "Район (КАТО)",
    "Классификатор",
    "Канал",
    "ИИН/БИН заявителя",
    "Коллективное",
    "Кол-во подписавших",
    "Повторное к №",
    "Срок исполнения",
    "Продлено",
    "Дата ответа",
    "Результат",
    "Обоснованность",
    "Подписал",
    "Со ссылкой на НПА",
    "Переписка прекращена",
    "Краткое содержание",
]
# (body as written in the export, KATO of its region)
BODIES = [
    ("МВД", "751110000"),
    ("Министерство юстиции", "711110000"),
    ("Акимат Алматинской области", "195020000"),
    ("Акимат г. Алматы", "751110000"),
    ("Акимат Южно-Казахстанской области", "511610000"),
    ("Акимат Карагандинской области", "351810000"),
]
TYPES = ["Жалоба", "Жалоба", "Заявление", "Заявление", "Предложение", "Запрос"]
CHANNELS = [
    "Бумажный",
    "Е-обращение (портал)",
    "Электронная почта",
    "Личный прием",
    "Телефон доверия",
]
OUTCOMES = ["Удовлетворено", "Частично удовлетворено", "Отказано", "Разъяснено", "Удовлетворено"]
SIGNERS = [
    "Исполнитель",
    "Руководитель подразделения",
    "Заместитель руководителя",
    "Первый руководитель",
]
CATEGORIES = ["01.01", "02.02", "03.01", "05.03", "07.01", "13.02"]


def fmt(d: date | None) -> str:
    """A date as the registry writes it."""
    return d.strftime("%d.%m.%Y") if d else ""


def iin(rng: random.Random, legal: bool = False) -> str:
    """A 12-digit IIN (birth date first) or BIN (registration month, then 4) of the fixture."""
    if legal:
        return f"{rng.randint(1, 15):02d}{rng.randint(1, 12):02d}4{rng.randint(0, 9_999_999):07d}"
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 20_000))
    return f"{born:%y%m%d}{rng.choice('3456')}{rng.randint(0, 99_999):05d}"


def registry_rows(n: int = N_ROWS, seed: int = 7) -> list[dict[str, str]]:
    """The valid export's rows as text cells, deterministic."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        received = date(2016, 1, 4) + timedelta(days=rng.randint(0, 250))
        body, kato = BODIES[i % len(BODIES)]
        kind = TYPES[i % len(TYPES)]
        has_due = i % 7 != 3  # some rows leave the deadline empty: derived at import
        due = received + timedelta(days=15 if rng.random() < 0.8 else 30)
        closed = received + timedelta(days=rng.randint(3, 25))
        is_open = closed > SNAPSHOT or i % 9 == 4
        if i == 12:  # answer dated before registration: accepted, listed as a warning
            closed, is_open = received - timedelta(days=2), False
        collective = i % 11 == 5
        repeat = f"ЕО-2016-{i - 5:05d}" if i % 8 == 6 else ""
        rows.append(
            {
                "Рег. номер": f"ЕО-2016-{i + 1:05d}",
                "Дата регистрации": fmt(received),
                "Вид обращения": kind,
                "Орган": body,
                "Регион (КАТО)": kato,
                "Район (КАТО)": kato[:4] + "10000" if i % 3 == 0 else "",
                "Классификатор": CATEGORIES[i % len(CATEGORIES)],
                "Канал": CHANNELS[i % len(CHANNELS)],
                "ИИН/БИН заявителя": iin(rng, legal=i % 10 == 9),
                "Коллективное": "Да" if collective else "Нет",
                "Кол-во подписавших": str(rng.randint(5, 60)) if collective else "",
                "Повторное к №": repeat,
                "Срок исполнения": fmt(due) if has_due else "",
                "Продлено": "Да" if due - received > timedelta(days=15) else "Нет",
                "Дата ответа": "" if is_open else fmt(closed),
                "Результат": "" if is_open else OUTCOMES[i % len(OUTCOMES)],
                "Обоснованность": ""
                if is_open or kind != "Жалоба"
                else rng.choice(["Обоснованно", "Необоснованно"]),
                "Подписал": "" if is_open else SIGNERS[i % len(SIGNERS)],
                "Со ссылкой на НПА": "" if is_open else rng.choice(["Да", "Нет"]),
                "Переписка прекращена": "Да" if not is_open and i % 5 == 0 else "Нет",
                "Краткое содержание": f"Просьба; вопрос № {i + 1}, «кавычки»",
            }
        )
    return rows


def registry_frame() -> pd.DataFrame:
    """The valid export as a frame of text."""
    return pd.DataFrame(registry_rows(), columns=HEADERS)


def write_csv(df: pd.DataFrame, path: Path, encoding: str = "cp1251") -> Path:
    """A registry-style CSV: ';', quoted where needed, CRLF lines as Windows tools write them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, sep=";", index=False, encoding=encoding, lineterminator="\r\n")
    return path


def write_xlsx(df: pd.DataFrame, path: Path) -> Path:
    """The same export as XLSX: a cover sheet first, real date cells, ids as text."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title = "Справка"
    cover.append(["Выгрузка из реестра обращений", SNAPSHOT])
    sheet = book.create_sheet("Обращения")
    sheet.append(list(df.columns))
    date_cols = {"Дата регистрации", "Срок исполнения", "Дата ответа"}
    for rec in df.to_dict("records"):
        cells = []
        for col in df.columns:
            value = rec[col]
            if col in date_cols and value:
                value = pd.to_datetime(value, format="%d.%m.%Y").to_pydatetime()
            elif col == "Кол-во подписавших" and value:
                value = int(value)
            cells.append(value if value != "" else None)
        sheet.append(cells)
    book.properties.created = book.properties.modified = pd.Timestamp("2016-09-30").to_pydatetime()
    book.save(path)
    return path


def broken_variants(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each variant breaks one rule; the test names the rows and values."""
    missing_column = df.drop(columns=["Дата регистрации"])
    bad_dates = df.copy()
    bad_dates.loc[3, "Дата регистрации"] = "31.02.2016"  # row 5 in the file
    bad_dates.loc[7, "Дата регистрации"] = "2016/13/01"  # row 9
    unknown_body = df.copy()
    unknown_body.loc[[2, 10], "Орган"] = "Министерство цифрового развития"  # rows 4 and 12
    duplicate = df.copy()
    duplicate.loc[5, "Рег. номер"] = duplicate.loc[4, "Рег. номер"]  # rows 6 and 7
    return {
        "registry_missing_column.csv": missing_column,
        "registry_bad_dates.csv": bad_dates,
        "registry_unknown_body.csv": unknown_body,
        "registry_duplicate_id.csv": duplicate,
    }


# A public service-request export (311-like): an id, timestamps with a time of day, the agency,
# the borough and the complaint type as words; no channel, applicant, outcome or signatures.
SR_HEADERS = [
    "Unique Key",
    "Created Date",
    "Closed Date",
    "Due Date",
    "Agency",
    "Borough",
    "Complaint Type",
    "Descriptor",
]
SR_AGENCIES = ["HPD", "NYPD", "DOT", "DEP"]
# Spelled as exports spell them: the same borough in two cases is one region.
SR_BOROUGHS = [
    "MANHATTAN",
    "BROOKLYN",
    "Brooklyn",
    "QUEENS",
    "BRONX",
    "STATEN ISLAND",
    "Unspecified",
]
SR_TYPES = [
    "HEAT/HOT WATER",  # mapped to 02.02 by values: in data/mappings/service_requests.yaml
    "Noise - Residential",
    "Street Condition",
    "Blocked Driveway",
    "Illegal Parking",
    "Noise - Residential",
    "Water System",
]
SR_ROWS = 60


def stamp(d: date, minutes: int) -> str:
    """A timestamp as the export writes it: 03/01/2016 02:23:00 PM."""
    moment = pd.Timestamp(d) + pd.Timedelta(minutes=minutes)
    return moment.strftime("%m/%d/%Y %I:%M:%S %p")


def service_request_rows(n: int = SR_ROWS, seed: int = 11) -> list[dict[str, str]]:
    """The service-request export's rows as text cells, deterministic."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        created = date(2016, 1, 2) + timedelta(days=rng.randint(0, 260))
        closed = created + timedelta(days=rng.randint(0, 30))
        due = created + timedelta(days=rng.choice([3, 7, 14, 30]))
        note = "Entire building;\nno heat since Monday" if i % 9 == 2 else 'Loud music, "party"'
        rows.append(
            {
                "Unique Key": str(31_000_000 + i * 37),
                "Created Date": stamp(created, rng.randint(0, 1439)),
                "Closed Date": "" if closed > SNAPSHOT or i % 6 == 1 else stamp(closed, 600),
                "Due Date": "" if i % 10 == 3 else stamp(due, 1439),
                "Agency": SR_AGENCIES[i % len(SR_AGENCIES)],
                "Borough": SR_BOROUGHS[(i * 3) % len(SR_BOROUGHS)],
                "Complaint Type": SR_TYPES[i % len(SR_TYPES)],
                "Descriptor": note,
            }
        )
    return rows


def build(folder: Path = FIXTURES) -> dict[str, Path]:
    """Write every fixture file; returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    df = registry_frame()
    out = {
        "registry_cp1251.csv": write_csv(df, folder / "registry_cp1251.csv"),
        "registry_utf8_bom.csv": write_csv(df, folder / "registry_utf8_bom.csv", "utf-8-sig"),
        "registry.xlsx": write_xlsx(df, folder / "registry.xlsx"),
    }
    for name, variant in broken_variants(df).items():
        out[name] = write_csv(variant, folder / name)
    ragged = (folder / "registry_cp1251.csv").read_bytes().split(b"\r\n")
    ragged[6] += b";extra;cells"  # line 7 has more fields than the header
    out["registry_ragged.csv"] = folder / "registry_ragged.csv"
    out["registry_ragged.csv"].write_bytes(b"\r\n".join(ragged))
    out["registry_corrupt.xlsx"] = folder / "registry_corrupt.xlsx"
    out["registry_corrupt.xlsx"].write_bytes(b"PK\x03\x04 this is not a workbook" * 8)
    sr = folder / "service_requests.csv"
    pd.DataFrame(service_request_rows(), columns=SR_HEADERS).to_csv(sr, index=False)
    out["service_requests.csv"] = sr
    return out


if __name__ == "__main__":
    for name, path in build().items():
        print(f"{name}: {path.stat().st_size:,} bytes")
