"""Exchange rates (METHOD §2).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import MINOR_UNITS, TableModel, utcnow


class FxRate(TableModel, table=True):
    """An exchange rate into the base currency (METHOD §2): one ``currency`` unit is worth
    ``rate_micro`` / 1,000,000 base units from ``day`` on; the latest rate on or before a day applies."""
    __tablename__ = "fx_rate"
    __table_args__ = (UniqueConstraint("currency", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    currency: str = Field(max_length=3, index=True)
    day: date
    rate_micro: int = Field(sa_type=MINOR_UNITS)
    set_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
