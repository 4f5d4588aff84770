"""Tactics in use on a deal (METHOD §10).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class Tactic(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    text: str
    strategy: str | None = None
    status: str = "active"  # active, done, dropped
    created_at: datetime = Field(default_factory=utcnow)
