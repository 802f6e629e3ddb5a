"""The audit log: every export, report and import, appended as one JSON line each.

Lines are only ever appended (the file is opened with O_APPEND; nothing in the code
rewrites, truncates or deletes it). On a server, make the file append-only for the app's
user as well (`chattr +a`), so not even a compromised app process can rewrite history.
`APPEALS_AUDIT_LOG` moves it; by default it lives beside the generated data.
"""

from __future__ import annotations

import json
import os
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dashboard import paths

AUDIT_ENV = "APPEALS_AUDIT_LOG"
ACTIONS = ("export", "report", "import")
FILE_MODE = 0o640  # owner writes, group (auditors) reads


def log_path() -> Path:
    """Where the audit log lives."""
    value = os.environ.get(AUDIT_ENV, "").strip()
    return Path(value) if value else paths.GENERATED_DIR / "audit.jsonl"


def record(
    action: str,
    user: str,
    file_type: str,
    rows: int,
    filters: list[str] | None = None,
    detail: str = "",
) -> dict[str, Any]:
    """Append one entry (who, when, what, which filters, how many rows) and return it."""
    if action not in ACTIONS:
        raise ValueError(f"audit action must be one of {ACTIONS}, not {action!r}")
    entry = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": user,
        "action": action,
        "file_type": file_type,
        "rows": int(rows),
        "filters": list(filters or []),
        "detail": detail,
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        os.write(fd, line)  # one write per entry: lines of concurrent writers never interleave
    finally:
        os.close(fd)
    return entry


def read(limit: int = 500) -> list[dict[str, Any]]:
    """The newest `limit` entries, newest first (an unreadable line is shown as such)."""
    path = log_path()
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        tail = deque(f, maxlen=limit)
    out = []
    for line in reversed(tail):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            out.append({"detail": f"unreadable line: {line[:80]!r}"})
    return out
