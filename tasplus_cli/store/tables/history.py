"""A deal's append-only history.

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class OppChange(TableModel, table=True):
    """Append-only history of a deal: one row per changed field or action."""

    __tablename__ = "opp_change"
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    by: str
    field: str  # created, stage, grade, amount, close_date, owner, team, gate_override, status, ...
    old: str | None = None
    new: str | None = None
    reason: str | None = None
