"""The value comparison with the competitors (METHOD §11).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import TableModel


class ValueComparison(TableModel, table=True):
    __tablename__ = "value_comparison"
    __table_args__ = (UniqueConstraint("opp_id", "competitor_id", "dimension", name="uq_value_comparison_key"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    dimension: str  # vocab.DIMENSION
    verdict: str  # vocab.VERDICT
    note: str | None = None
