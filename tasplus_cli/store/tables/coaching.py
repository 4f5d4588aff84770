"""Review actions and acknowledged warnings (METHOD §13).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class CoachingAction(TableModel, table=True):
    """An action agreed in the review on a deal (METHOD §13): who does what by when, and
    optionally the warning it answers. ``status`` open|done; ``done_on`` when it was done."""

    __tablename__ = "coaching_action"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    text: str
    owner: str = Field(index=True)
    due: date = Field(index=True)
    warning: str | None = None  # a review warning key
    status: str = Field(default="open", index=True)
    agreed_on: date
    done_on: date | None = None
    note: str | None = None
    created_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class WarningAck(TableModel, table=True):
    """A review warning acknowledged on a deal with a reason, off the agenda until ``until``
    or until its facts (``facts``: the warning's data as canonical JSON) change."""

    __tablename__ = "warning_ack"
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    warning: str
    until: date
    reason: str
    facts: str = "{}"
    by: str | None = None
    day: date
    created_at: datetime = Field(default_factory=utcnow)
