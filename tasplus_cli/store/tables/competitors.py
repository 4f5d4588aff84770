"""The competitor library and the competitors on each deal (METHOD §6).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class Competitor(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    name: str = Field(unique=True, index=True)
    website: str | None = None
    description: str | None = None
    strengths: str | None = None
    weaknesses: str | None = None
    tactics: str | None = None  # their typical tactics
    notes: str | None = None
    external_id: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class OppCompetitor(TableModel, table=True):
    """A competitor in a deal; ``is_winner`` marks who won a lost deal."""

    __tablename__ = "opp_competitor"
    __table_args__ = (UniqueConstraint("opp_id", "competitor_id", name="uq_opp_competitor_opp_competitor"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    is_winner: bool = False
    added_at: datetime = Field(default_factory=utcnow)
