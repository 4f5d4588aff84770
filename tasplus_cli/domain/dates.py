"""Dates as users type them, the one accepted set for flags, prompts, CSV cells
and ``TASPLUS_TODAY``: ISO ``2027-03-31``; ``2027/3/31``, ``2027.3.31`` and
``2027年3月31日``; ``today``, ``yesterday``, ``tomorrow``; ``+14d`` / ``-3d`` /
``+2w``; ``next-friday`` / ``last-monday``. "today" is a parameter so rules
stay testable. (CSV import may name another exact format with ``--date-format``.)

``not_in_future`` is the one rule for dates that record what has happened (close,
tender issued, contract signed: METHOD §1, the dates a gate relies on): never after today.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg

_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_REL = re.compile(r"^([+-])(\d{1,4})([dw])$")
_SLASHED = re.compile(r"^(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?$")


def parse_date(text: str, today: date, flag: str = "--date") -> date:
    """Parse a typed date or raise InvalidValue naming the flag."""
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    if raw == "tomorrow":
        return today + timedelta(days=1)
    m = _REL.match(raw)
    if m:
        n = int(m.group(2)) * (7 if m.group(3) == "w" else 1)
        return today + timedelta(days=n if m.group(1) == "+" else -n)
    if raw.startswith("next-") and raw[5:] in _DAYS:
        return today + timedelta(days=(_DAYS.index(raw[5:]) - today.weekday()) % 7 or 7)
    if raw.startswith("last-") and raw[5:] in _DAYS:
        return today - timedelta(days=(today.weekday() - _DAYS.index(raw[5:])) % 7 or 7)
    m = _SLASHED.match(raw)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(msg("error.date.invalid", flag=flag, text=text), msg("hint.date")) from None


def today_or(pinned: str | None, name: str = "TASPLUS_TODAY") -> date:
    """Today, unless ``pinned`` (the ``TASPLUS_TODAY`` setting: scripts, tests, recorded demos) says
    another day in any accepted form."""
    real = date.today()
    return parse_date(pinned, real, name) if pinned else real


def not_in_future(day: date | None, today: date, field: str) -> date | None:
    """``day`` (None passes), unless it lies after ``today``: then InvalidValue naming ``field`` (the
    flag) and the date. For dates that record what has happened, never for expected ones."""
    if day is not None and day > today:
        raise InvalidValue(msg("error.date.future", flag=field, day=day.isoformat(), today=today.isoformat()),
                           msg("hint.date.future", today=today.isoformat()))
    return day


def not_in_past(day: date | None, today: date, field: str) -> date | None:
    """``day`` (None passes), unless it lies before ``today``: then InvalidValue naming ``field`` and
    the date. For a date still ahead, such as a compelling event's new deadline (METHOD §5: an
    event confirmed again with a deadline that has already passed would still be expired)."""
    if day is not None and day < today:
        raise InvalidValue(msg("error.date.past", flag=field, day=day.isoformat(), today=today.isoformat()),
                           msg("hint.date.past", today=today.isoformat()))
    return day
