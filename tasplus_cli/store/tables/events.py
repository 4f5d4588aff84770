"""Compelling events.

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class CompellingEvent(TableModel, table=True):
    __tablename__ = "compelling_event"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    text: str
    kind: str = "other"  # vocab.EVENT_KIND
    deadline: date | None = None
    evidence: str | None = None
    status: str = "unconfirmed"  # vocab.EVENT_STATUS
    status_reason: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime = Field(default_factory=utcnow)
