"""The survey (METHOD §7).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class Survey(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    day: date = Field(index=True)
    inside_source: bool
    source_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    source_name: str | None = None
    our_fit: int
    our_closeness: int
    answered_by: str | None = None
    reviewed_by: str | None = None
    reviewed_on: date | None = None  # when the manager went through it with the rep (METHOD §7)
    created_at: datetime = Field(default_factory=utcnow)
