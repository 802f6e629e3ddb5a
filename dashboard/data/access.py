"""Who may see what: users and roles from the access file named by APPEALS_ACCESS.

The file (an example is data/access.example.yaml; the real one is never committed):

    users:
      chief:   {role: national}
      almaty:  {role: region, regions: ["75"]}
      minjust: {role: body, bodies: ["minjust"]}
      loader:  {role: national, can_import: true}

A user's scope becomes the `scope_*` fields of Filters, which `Filters.to_sql_params` applies
to every query — the one place. Default deny: with an access file present, a name that is not
in it gets a scope that matches nothing. Without an access file the app runs in local
single-user mode with the national scope.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from dashboard.data.filters import NO_MATCH, Filters

ACCESS_ENV = "APPEALS_ACCESS"  # path of the access file; unset = local single-user mode
USER_ENV = "APPEALS_USER"  # the local user's name when an access file is set but no sign-in
ROLES = ("national", "region", "body")
LOCAL_USER = "local"


class AccessError(ValueError):
    """The access file is malformed, or a named user is not in it."""


@dataclass(frozen=True)
class User:
    """A person and what they may see; empty regions and bodies with role national = all."""

    name: str
    role: str
    regions: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    can_import: bool = False
    known: bool = True  # False: not in the access file, sees nothing

    def scoped(self, f: Filters) -> Filters:
        """`f` restricted to what this user may see (the scope travels inside Filters)."""
        if not self.known:
            return replace(f, scope_region_codes=(NO_MATCH,), scope_body_ids=(NO_MATCH,))
        return replace(f, scope_region_codes=self.regions, scope_body_ids=self.bodies)


LOCAL = User(LOCAL_USER, "national", can_import=True)


def access_path() -> Path | None:
    """The access file named by APPEALS_ACCESS, or None in local single-user mode."""
    value = os.environ.get(ACCESS_ENV, "").strip()
    return Path(value) if value else None


def _user(name: str, spec: object, path: Path) -> User:
    if not isinstance(spec, dict):
        raise AccessError(f"{path}: user {name!r}: expected a mapping like {{role: national}}")
    role = spec.get("role")
    if role not in ROLES:
        raise AccessError(f"{path}: user {name!r}: role must be one of {', '.join(ROLES)}")
    regions = tuple(str(r) for r in spec.get("regions") or ())
    bodies = tuple(str(b) for b in spec.get("bodies") or ())
    if role == "region" and not regions:
        raise AccessError(f"{path}: user {name!r}: role region needs `regions: [...]`")
    if role == "body" and not bodies:
        raise AccessError(f"{path}: user {name!r}: role body needs `bodies: [...]`")
    if role == "national" and (regions or bodies):
        raise AccessError(f"{path}: user {name!r}: role national takes no regions or bodies")
    return User(str(name), role, regions, bodies, bool(spec.get("can_import", False)))


def load_users(path: Path) -> dict[str, User]:
    """Every user of the access file, by name; a malformed file is an AccessError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AccessError(f"cannot read the access file {path}: {exc}") from exc
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, dict):
        raise AccessError(f"{path}: expected a top-level `users:` mapping")
    return {str(name): _user(str(name), spec, path) for name, spec in users.items()}


def resolve(name: str | None, path: Path | None = None) -> User:
    """The user called `name`: LOCAL without an access file; unknown = sees nothing."""
    path = path if path is not None else access_path()
    if path is None:
        return LOCAL
    users = load_users(path)
    if name and name in users:
        return users[name]
    return User(name or "", "national", known=False)


def require(name: str, path: Path | None = None) -> User:
    """Like resolve, but an unknown name is an error (the CLI's `--as`)."""
    path = path if path is not None else access_path()
    if path is None:
        raise AccessError(f"--as {name}: no access file (set {ACCESS_ENV})")
    user = resolve(name, path)
    if not user.known:
        known = ", ".join(sorted(load_users(path)))
        raise AccessError(f"--as {name}: no such user in {path.name} (known: {known})")
    return user
