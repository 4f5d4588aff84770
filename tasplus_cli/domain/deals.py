"""Which deals a command looks at: ``DealFilter``, the one description of the
deal filters (``--stage --grade --owner --mine --status --account --close-before --stalled``)
shared by ``opp list``, ``review``, ``funnel`` and any later list of deals.

``cli.options.deal_filter`` builds it from the options (parsing each value
with its domain rule); ``store.read.opps.where_deals`` turns it into one query.
Every field is already parsed and typed: a stage key, a grade letter, a status
key. ``None`` means "any".

**Stalled** (METHOD §1) is one rule, ``stalled``: an open deal longer in its
stage than the stage's expected ``days`` (0: no limit). The days in a stage
count from the day the deal entered it (its last stage move, else its
creation) to ``today``. ``stalled_cutoffs`` states the same rule as "entered
its stage before this day", the form a query can use (``--stalled``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

OPEN = "open"


@dataclass(frozen=True)
class DealFilter:
    """Deals matching every field that is not None."""

    stage: str | None = None  # a stage key of the template
    grade: str | None = None  # A–E
    owner: str | None = None  # the accountable rep (``--mine``: the configured user)
    mine: bool = False  # ``owner`` is the person typing (``--mine``): an unknown one is told so
    team: str | None = None  # a manager: deals owned by them or anyone below them (``store.users.team_names``)
    status: str | None = OPEN  # open|won|lost|abandoned; None: every status
    account: str | None = None  # an account code or name as typed, resolved by the store
    close_before: date | None = None  # expected close date strictly before this day
    stalled: tuple[tuple[str, date], ...] | None = None  # ``stalled_cutoffs``: only open deals stalled in their stage
    forecast: str | None = None  # a forecast category (vocab.FORECAST)


def days_in_stage(entered: date, today: date) -> int:
    """Whole days since the deal entered its stage."""
    return (today - entered).days


def stalled(entered: date, today: date, stage_days: int) -> bool:
    """Longer in the stage than its expected days (``stage_days`` 0: never stalled)."""
    return stage_days > 0 and days_in_stage(entered, today) > stage_days


def stalled_cutoffs(stage_days: Iterable[tuple[str, int]], today: date) -> tuple[tuple[str, date], ...]:
    """``(stage, day)`` pairs: a deal in ``stage`` that entered it before ``day`` is ``stalled``."""
    return tuple((key, today - timedelta(days=days)) for key, days in stage_days if days > 0)
