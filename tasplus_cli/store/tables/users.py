"""The sales team (METHOD §13).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class AppUser(TableModel, table=True):
    """A person of the sales team: owns deals, answers and reviews surveys, owns actions.
    ``manager`` is another user's name; the managers form a tree (``store.users`` refuses cycles)."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    manager: str | None = Field(default=None, index=True)
    email: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
