"""People at customer accounts (the org chart: ``reports_to_id``).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import TableModel, utcnow


class Contact(TableModel, table=True):
    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_contact_account_name"),)
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    account_id: int = Field(foreign_key="account.id", index=True)
    name: str
    title: str | None = None
    department: str | None = None
    reports_to_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    orientation: str | None = None  # vocab.ORIENTATION
    relationship: str | None = None  # vocab.RELATIONSHIP, overall on the person
    influence: str | None = None  # vocab.INFLUENCE
    circle: str | None = None  # political camp (圈子)
    phone: str | None = None
    email: str | None = None
    notes: str | None = None
    external_id: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
