"""Our people on a deal.

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class TeamMember(TableModel, table=True):
    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("opp_id", "name", name="uq_team_member_opp_name"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    name: str
    department: str  # vocab.DEPARTMENT
    role: str | None = None
    stage_owner: str | None = None  # stage key this member is accountable for
    person_days: float | None = None
    created_at: datetime = Field(default_factory=utcnow)
