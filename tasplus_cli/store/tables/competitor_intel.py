"""What is known about a competitor: partners, events, quotes, relations (METHOD §6).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import MINOR_UNITS, TableModel


class CompetitorPartner(TableModel, table=True):
    __tablename__ = "competitor_partner"
    __table_args__ = (UniqueConstraint("competitor_id", "name", name="uq_competitor_partner_competitor_name"),)
    id: int | None = Field(default=None, primary_key=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    name: str
    notes: str | None = None


class CompetitorEvent(TableModel, table=True):
    __tablename__ = "competitor_event"
    id: int | None = Field(default=None, primary_key=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    day: date
    text: str


class CompetitorQuote(TableModel, table=True):
    __tablename__ = "competitor_quote"
    id: int | None = Field(default=None, primary_key=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    day: date
    opp_id: int | None = Field(default=None, foreign_key="opportunity.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    amount_minor: int = Field(sa_type=MINOR_UNITS)
    currency: str = Field(default="CNY", max_length=3)
    product: str | None = None
    notes: str | None = None


class CompetitorRelation(TableModel, table=True):
    """A competitor's relationship with a customer account or one of its people."""

    __tablename__ = "competitor_relation"
    id: int | None = Field(default=None, primary_key=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    relationship: str | None = None  # vocab.RELATIONSHIP, as seen from the competitor
    notes: str | None = None
