"""People on a deal (METHOD §8).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class Stakeholder(TableModel, table=True):
    __table_args__ = (UniqueConstraint("opp_id", "contact_id", name="uq_stakeholder_opp_contact"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    role: str  # vocab.ROLE
    relationship: str | None = None  # vocab.RELATIONSHIP on this deal
    inside_source: bool = False
    notes: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
