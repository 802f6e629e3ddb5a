"""Arguments every subcommand shares: ISO dates, and `--as USER` with the user it names.

Kept apart from cli.py so the subcommand modules (analysis, evaluation, ingest, report) use
one parser for each kind of argument without importing the whole command line.
"""

from __future__ import annotations

import argparse
import os
from datetime import date

from dashboard.data import access


class CliError(Exception):
    """An error the user can act on; printed as one line."""


def iso_date(text: str) -> date:
    """An argparse type: YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from exc


def add_user_arg(p: argparse.ArgumentParser) -> None:
    """`--as USER`: read as that user of the access file (APPEALS_ACCESS), in their scope."""
    p.add_argument("--as", dest="as_user", metavar="USER", help="user of the access file")


def user_of(args: argparse.Namespace) -> access.User:
    """The user a command reads as: `--as`, else APPEALS_USER; unknown names are errors.

    Without an access file the CLI is the local single-user mode (national scope).
    """
    name = getattr(args, "as_user", None) or os.environ.get(access.USER_ENV)
    if access.access_path() is None and not name:
        return access.LOCAL
    if not name:
        raise CliError(f"an access file is set ({access.ACCESS_ENV}): name a user with --as USER")
    return access.require(name)
