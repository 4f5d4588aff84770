"""Recorded reviews (METHOD §13).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class Review(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    by: str
    owner: str | None = None  # scope: one rep, or None for the whole team
    team: str | None = None  # scope: a manager's team (``review --team``)
    since: datetime
    note: str | None = None
