"""Coaching in the weekly review (METHOD §13): agreed actions and acknowledged
warnings, and which of a deal's warnings they put "in hand".

Pure rules; ``store.coaching`` keeps the rows and ``domain.review`` builds the
agenda with ``split``.

- An action is ``done`` once marked done; an open one is ``overdue`` when its due
  day has passed (``due < today``), else ``open``.
- A warning is **in hand** when an open action that is not overdue answers it
  (the action's ``warning`` is its key), or when it is acknowledged: the ack's
  ``until`` is after today and the warning's facts are the ones acknowledged.
  Every warning of the same key on a deal counts as one (several stale
  competitors, several expired events): their facts are taken together.
- A warning's **facts** are the canonical JSON of its data (sorted keys, every
  warning of that key on the deal, in order) without ``VOLATILE`` values: those
  grow by themselves every day (``days``: how long a competitor went unscored, how
  long the deal sits in its stage), so time passing alone never lifts an ack;
  anything else that changes (a win rate, a rank, a new unscored competitor, a
  new overdue activity, another contact) does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

VOLATILE = ("days",)  # warning data that changes every day by itself (see the module docstring)


@dataclass(frozen=True)
class Ack:
    key: str
    until: date
    reason: str
    facts: str
    by: str | None = None
    day: date | None = None


@dataclass(frozen=True)
class Action:
    code: str
    text: str
    owner: str
    due: date
    warning: str | None = None
    status: str = "open"
    agreed_on: date | None = None
    done_on: date | None = None
    note: str | None = None


def status(a: Action, today: date) -> str:
    """``done``, ``overdue`` (open, due before today) or ``open``."""
    if a.status == "done":
        return "done"
    return "overdue" if a.due < today else "open"


def facts(warnings: Iterable[Any], key: str) -> str:
    """The canonical facts of every warning ``key`` among ``warnings`` (objects with ``key`` and ``data``)."""
    data = [{k: v for k, v in w.data.items() if k not in VOLATILE} for w in warnings if w.key == key]
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def acknowledged(ack: Ack, warnings: Iterable[Any], today: date) -> bool:
    """Whether ``ack`` still holds: before its ``until`` and the warning's facts unchanged."""
    return ack.until > today and ack.facts == facts(warnings, ack.key)


def answering(actions: Iterable[Action], key: str, today: date) -> list[Action]:
    """The open, not overdue actions that answer warning ``key``."""
    return [a for a in actions if a.warning == key and status(a, today) == "open"]


@dataclass(frozen=True)
class Hand:
    """A deal's coaching state: its acks and its actions (every status)."""

    acks: tuple[Ack, ...] = ()
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Split:
    """A deal's warnings split: ``open`` ones to discuss; ``acks`` and ``answered`` (key → the
    acks or actions that hold it) in hand."""

    open: list
    acks: dict[str, Ack]
    answered: dict[str, list[Action]]

    @property
    def in_hand(self) -> list[str]:
        return list(dict.fromkeys([*self.answered, *self.acks]))


def split(warnings: list, hand: Hand, today: date) -> Split:
    """``warnings`` (in their order) split into the open ones and those in hand (see the module docstring);
    an action answering a warning wins over an ack of it."""
    keys = list(dict.fromkeys(w.key for w in warnings))
    answered = {k: acts for k in keys if (acts := answering(hand.actions, k, today))}
    latest = {a.key: a for a in sorted(hand.acks, key=lambda a: (a.day or date.min))}  # the newest ack of each key
    acks = {k: a for k, a in latest.items() if k in keys and k not in answered and acknowledged(a, warnings, today)}
    return Split([w for w in warnings if w.key not in answered and w.key not in acks], acks, answered)


def overdue(actions: Iterable[Action], today: date) -> list[Action]:
    return [a for a in actions if status(a, today) == "overdue"]


def due(actions: Iterable[Action], today: date) -> list[Action]:
    """Open actions due today or earlier."""
    return [a for a in actions if a.status != "done" and a.due <= today]
