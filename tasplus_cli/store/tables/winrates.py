"""Computed win rates (METHOD §9).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class WinRatePoint(TableModel, table=True):
    """One computed win rate with its inputs; ``is_event`` when it moved ≥ threshold."""

    __tablename__ = "win_rate_point"
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    day: date = Field(index=True)
    at: datetime = Field(default_factory=utcnow)
    win_rate: int | None = None  # None: not computable (reasons say why)
    rank: int | None = None
    previous: int | None = None
    is_event: bool = False
    trigger: str = "survey"  # survey, event, recompute
    survey_id: int | None = Field(default=None, foreign_key="survey.id")
    reasons: str = "[]"  # JSON list of strings
    inputs: str = "{}"  # JSON object
