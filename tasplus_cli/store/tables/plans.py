"""Strategy, tactics and value proposition of a deal (METHOD §10–11). See ``store/models.py`` for the invariants every table keeps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from tasplus_cli.store.tables import utcnow


class DealPlan(SQLModel, table=True):
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


class Tactic(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    text: str
    strategy: str | None = None
    status: str = "active"  # active, done, dropped
    created_at: datetime = Field(default_factory=utcnow)


class ValueComparison(SQLModel, table=True):
    __tablename__ = "value_comparison"
    __table_args__ = (UniqueConstraint("opp_id", "competitor_id", "dimension", name="uq_value_comparison_key"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    dimension: str  # vocab.DIMENSION
    verdict: str  # vocab.VERDICT
    note: str | None = None
