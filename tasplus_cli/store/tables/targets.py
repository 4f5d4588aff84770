"""Targets and forecast calls (METHOD §14).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import MINOR_UNITS, TableModel, utcnow


class SalesTarget(TableModel, table=True):
    """A user's target (quota) for one period (``2027Q1`` or ``2027-03``, ``domain.periods``),
    in the base currency at the time it was set."""

    __tablename__ = "sales_target"
    __table_args__ = (UniqueConstraint("user", "period", name="uq_sales_target_user_period"),)
    id: int | None = Field(default=None, primary_key=True)
    user: str = Field(index=True)
    period: str
    amount_minor: int = Field(sa_type=MINOR_UNITS)
    currency: str = Field(max_length=3)
    set_by: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class ForecastCall(TableModel, table=True):
    """A manager's adjusted forecast for their team and one period (the number they commit upward)."""

    __tablename__ = "forecast_call"
    __table_args__ = (UniqueConstraint("user", "period", name="uq_forecast_call_user_period"),)
    id: int | None = Field(default=None, primary_key=True)
    user: str = Field(index=True)
    period: str
    amount_minor: int = Field(sa_type=MINOR_UNITS)
    currency: str = Field(max_length=3)
    note: str | None = None
    set_by: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)
