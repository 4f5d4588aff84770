"""Activities and who was there (METHOD §12).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class Activity(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    account_id: int = Field(foreign_key="account.id", index=True)
    opp_id: int | None = Field(default=None, foreign_key="opportunity.id", index=True)
    kind: str
    day: date = Field(index=True)
    status: str = Field(default="done", index=True)  # vocab.ACTIVITY_STATUS
    summary: str
    outcome: str | None = None
    tactic: str | None = None
    answers: str | None = None  # vocab.ANSWERS
    created_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None


class ActivityContact(TableModel, table=True):
    __tablename__ = "activity_contact"
    activity_id: int = Field(foreign_key="activity.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)
