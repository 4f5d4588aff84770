"""A deal's strategy and value proposition (METHOD §10–11).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class DealPlan(TableModel, table=True):
    """Strategy and value proposition of one deal (at most one row per deal)."""

    __tablename__ = "deal_plan"
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", unique=True)
    strategy: str | None = None  # vocab.STRATEGY
    rationale: str | None = None
    solution: str | None = None
    business_value: str | None = None
    proof_points: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)
