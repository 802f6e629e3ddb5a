"""Applicant ids (IIN/BIN) to salted keys, so no raw id is ever stored.

key = "p" + first 24 hex characters of HMAC-SHA256(salt, normalised id). The salt is a secret
file outside the repository (APPEALS_SALT_FILE, default ~/.config/appeals-dashboard/salt),
created with mode 0600 on first use. The same salt must be used for every import, or the same
applicant gets different keys and repeats across imports are lost: back the file up.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

DEFAULT_SALT_FILE = Path.home() / ".config" / "appeals-dashboard" / "salt"
KEY_HEX_CHARS = 24  # 96 bits: collisions stay negligible at hundreds of millions of applicants
ID_PATTERN = r"^\d{12}$"
# Fifth digit of a BIN (legal entity): 4 resident, 5 non-resident, 6 joint venture / IP.
# In an IIN it is the first digit of the birth month (0 or 1), so the two never collide.
BIN_KIND_DIGITS = ("4", "5", "6")
SHA256_BLOCK, SHA256_DIGEST = 64, 32  # bytes
HEX_DIGITS = np.frombuffer(b"0123456789abcdef", np.uint8)
KEY_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)  # the "str" dtype of pandas 3


def salt_file() -> Path:
    """Where the salt lives (APPEALS_SALT_FILE or the per-user default)."""
    return Path(os.environ.get("APPEALS_SALT_FILE") or DEFAULT_SALT_FILE)


def load_salt(path: Path | None = None) -> bytes:
    """The salt, created (0600, 32 random bytes as hex) if it does not exist yet."""
    path = path or salt_file()
    if not path.exists():
        _create_salt(path)
    salt = path.read_bytes().strip()
    if len(salt) < 32:
        raise ValueError(f"salt file {path} is too short; restore it from your backup")
    return salt


def _create_salt(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_hex(32).encode() + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        # link fails if another process created the salt meanwhile: theirs wins, ours is dropped
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def normalise(ids: pd.Series) -> pd.Series:
    """Digits only; ids shortened by a spreadsheet (leading zeros lost) are padded to 12."""
    # Only cells that are not plain ASCII digits have anything to remove: they alone go
    # through Python's re (its \s is any Unicode space, Arrow's only ASCII ones), value by value.
    other = ~ids.str.fullmatch("[0-9]*").fillna(True).astype(bool)
    digits = ids.mask(other, ids[other].str.replace(r"[\s\-]", "", regex=True))
    short = digits.str.fullmatch(r"\d{10,11}").fillna(False).astype(bool)
    return digits.where(~short, digits.str.zfill(12))


def keys(ids: pd.Series, salt: bytes) -> pd.Series:
    """Salted keys of normalised ids (missing stays missing); each distinct id hashed once."""
    codes, uniques = pd.factorize(ids)
    # over a list: iterating an Arrow-backed Index goes value by value through pandas (slow)
    hashed = _key_texts(_hmac_sha256(salt, [v.encode() for v in uniques.tolist()]))
    with_missing = pa.concat_arrays([hashed, pa.nulls(1, pa.string())])
    # code -1 (missing) picks the final null
    taken = with_missing.take(pa.array(np.where(codes < 0, len(hashed), codes)))
    return pd.Series(KEY_DTYPE.__from_arrow__(taken), index=ids.index)


def _hmac_sha256(salt: bytes, messages: list[bytes]) -> bytes:
    """HMAC-SHA256 of each message (RFC 2104: what hmac.digest gives), the digests joined.

    The key's two padded blocks are hashed once and their states copied for each message:
    hmac.digest sets the key up again on every call, twice the hashing and most of the time.
    """
    key = hashlib.sha256(salt).digest() if len(salt) > SHA256_BLOCK else salt
    key = key.ljust(SHA256_BLOCK, b"\0")
    inner_copy = hashlib.sha256(bytes(b ^ 0x36 for b in key)).copy
    outer_copy = hashlib.sha256(bytes(b ^ 0x5C for b in key)).copy

    def digest(message: bytes) -> bytes:
        inner = inner_copy()
        inner.update(message)
        outer = outer_copy()
        outer.update(inner.digest())
        return outer.digest()

    return b"".join(map(digest, messages))


def _key_texts(digests: bytes) -> pa.Array:
    """ "p" + the first KEY_HEX_CHARS hex digits of each 32-byte digest, built in numpy (a
    Python .hex() per value was a third of the hashing's time)."""
    width = 1 + KEY_HEX_CHARS
    head = np.frombuffer(digests, np.uint8).reshape(-1, SHA256_DIGEST)[:, : KEY_HEX_CHARS // 2]
    text = np.empty((len(head), width), np.uint8)
    text[:, 0] = ord("p")
    text[:, 1::2] = HEX_DIGITS[head >> 4]
    text[:, 2::2] = HEX_DIGITS[head & 0x0F]
    offsets = np.arange(0, width * (len(head) + 1), width, dtype=np.int32)
    return pa.StringArray.from_buffers(len(head), pa.py_buffer(offsets), pa.py_buffer(text))


def kinds(ids: pd.Series) -> pd.Series:
    """individual for an IIN, legal_entity for a BIN (from the fifth digit)."""
    is_bin = ids.str[4].isin(BIN_KIND_DIGITS)
    return (
        pd.Series("individual", index=ids.index, dtype="str")
        .where(~is_bin, "legal_entity")
        .where(ids.notna())
    )


def mask_id(value: str) -> str:
    """An id as shown in messages: enough to find it in the source, not enough to read it."""
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]
