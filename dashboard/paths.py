"""Where the project's files live; every path the code uses starts here."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES_DIR = ROOT / "queries"
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
MAPPINGS_DIR = DATA_DIR / "mappings"
# Generated, git-ignored; APPEALS_DATA_DIR moves them (tests, a server with a data disk).
GENERATED_DIR = Path(os.environ.get("APPEALS_DATA_DIR", DATA_DIR))
SNAPSHOTS_DIR = GENERATED_DIR / "snapshots"
DEFAULT_DB = Path(os.environ.get("APPEALS_DB", GENERATED_DIR / "appeals.duckdb"))
