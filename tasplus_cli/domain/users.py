"""Rules about the sales team's users (METHOD §14) that need no database: an email
address's shape, and the managers' tree.

Invariants: a user's name is compared case-blind (``fold``); the managers form a tree,
so giving someone a manager who is (directly or through others) below them, or
themself, is refused (``manager_loop``, by ``domain.people.would_cycle``).
"""

from __future__ import annotations

import re

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.names import require_text
from tasplus_cli.domain.people import would_cycle
from tasplus_cli.messages import msg

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def fold(name: str) -> str:
    """The form two names are compared in: surrounding spaces and case ignored."""
    return name.strip().casefold()


def check_email(value: str, flag: str = "--email") -> str:
    """``name@example.com``: one line, one ``@``, a dotted domain; stripped."""
    text = require_text(value, flag)
    if not _EMAIL.fullmatch(text):
        raise InvalidValue(msg("error.user.email", flag=flag, email=text), msg("hint.user.email"))
    return text


def manager_loop(managers: dict[str, str | None], person: str, manager: str) -> bool:
    """True when ``person`` reporting to ``manager`` closes a loop (``managers``: every user's
    name → their manager's name; compared folded). A person managing themself is a loop too."""
    folded = {fold(k): fold(v) if v else None for k, v in managers.items()}
    return would_cycle(folded, fold(person), fold(manager))
