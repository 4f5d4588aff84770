"""Customer accounts.

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class Account(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    name: str = Field(index=True, unique=True)
    industry: str | None = None
    region: str | None = None
    notes: str | None = None
    external_id: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
