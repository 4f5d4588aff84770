"""Which deals a command looks at: ``DealFilter``, the one description of the
deal filters (``--stage --grade --owner --mine --status --account --close-before``)
shared by ``opp list``, ``review``, ``funnel`` and any later list of deals.

``cli.options.deal_filter`` builds it from the options (parsing each value
with its domain rule); ``store.read.opps.where_deals`` turns it into one query.
Every field is already parsed and typed: a stage key, a grade letter, a status
key. ``None`` means "any".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

OPEN = "open"


@dataclass(frozen=True)
class DealFilter:
    """Deals matching every field that is not None."""

    stage: str | None = None  # a stage key of the template
    grade: str | None = None  # A–E
    owner: str | None = None  # the accountable rep (``--mine``: the configured user)
    status: str | None = OPEN  # open|won|lost|abandoned; None: every status
    account: str | None = None  # an account code or name as typed, resolved by the store
    close_before: date | None = None  # expected close date strictly before this day

