"""Named errors every layer may raise; only ``cli/`` turns them into output.

Each carries a one-line ``message``, an optional ``hint`` (how to fix it) and
the process exit code (CLI.md: 1 fixable, 2 bad usage/value, 3 busy, 130
cancelled).
"""

from __future__ import annotations


class TasplusError(Exception):
    """Base of every user-facing error."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFound(TasplusError):
    """A code or name matched no record."""


class Ambiguous(TasplusError):
    """A name matched several records; the message lists them."""

    exit_code = 2


class InvalidValue(TasplusError):
    """A value the user typed cannot be used (bad number, date, key, range)."""

    exit_code = 2


class Conflict(TasplusError):
    """The request contradicts the current state (duplicate, closed deal, ...)."""


class GateBlocked(TasplusError):
    """A stage gate is not met; the message names what is missing."""


class Busy(TasplusError):
    """The database stayed locked past the busy timeout."""

    exit_code = 3


class Cancelled(TasplusError):
    """The user cancelled a prompt or pressed Ctrl-C; nothing was written."""

    exit_code = 130
