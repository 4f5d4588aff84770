"""What a name-like value may be: the names of accounts, people, deals, competitors and
team members, a compelling event's text, an owner, a partner.

Invariants: a name is stripped, never empty, at most ``NAME_MAX`` characters and a
single line by the text policy of ``domain.text`` (no tab, newline, escape code or other
control character, no bidi override: they would break tables, CSV and terminals).
``store.records.resolve`` relies on ``NAME_MAX``: a reference longer than any name is not
searched as a substring. Each check names the flag (or argument) it came from.
"""

from __future__ import annotations

from tasplus_cli.domain import text as policy
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg

NAME_MAX = 200  # characters in a name


def require_text(value: str, flag: str, details: str | None = None) -> str:
    """A name-like value: stripped, non-empty, at most ``NAME_MAX`` characters, one line of
    allowed characters (``domain.text.check``). ``details``: the option where longer text
    belongs (``--notes``), named in the hint only when the command has it."""
    text = value.strip()
    if not text:
        raise InvalidValue(msg("error.name.empty", flag=flag), msg("hint.name.empty", flag=flag))
    if len(text) > NAME_MAX:
        hint = msg("hint.name.details", option=details) if details else msg("hint.name.shorten")
        raise InvalidValue(msg("error.name.too_long", flag=flag, length=f"{len(text):,}", max=NAME_MAX), hint)
    return policy.check(text, flag, multiline=False)


def optional_names(**flags: str | None) -> tuple[str | None, ...]:
    """Several optional names at once (``owner=…, partner=…``), each checked by ``require_text``
    under its flag ``--<key>``; ``None`` stays ``None``."""
    return tuple(None if v is None else require_text(v, f"--{k}") for k, v in flags.items())
