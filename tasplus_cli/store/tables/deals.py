"""The deal (opportunity).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from tasplus_cli.store.tables import MINOR_UNITS, TableModel, utcnow


class Opportunity(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    name: str = Field(index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    owner: str = Field(index=True)
    amount_minor: int = Field(default=0, sa_type=MINOR_UNITS)
    currency: str = Field(default="CNY", max_length=3)
    stage: str = Field(index=True)
    status: str = Field(default="open", index=True)  # vocab.STATUS
    grade: str = Field(index=True)
    grade_manual: bool = False
    grade_reason: str | None = None
    partner: str | None = None
    registration_id: str | None = None
    registration_status: str | None = None  # vocab.REGISTRATION, E deals only
    close_date: date | None = Field(default=None, index=True)
    closed_on: date | None = None
    lost_reason: str | None = None
    approved_on: date | None = None  # initiation review (立项审核)
    approved_by: str | None = None
    tender_issued_on: date | None = None
    bid_result: str | None = None  # vocab.BID_RESULT
    contract_signed_on: date | None = None
    # who holds the customer's current system (METHOD §10, the defensive strategy):
    # "us", "competitor" (then incumbent_competitor_id) or None when unknown / nobody
    incumbent: str | None = None
    incumbent_competitor_id: int | None = Field(default=None, foreign_key="competitor.id")
    forecast_category: str = Field(default="pipeline", sa_column_kwargs={"server_default": "pipeline"})  # vocab.FORECAST
    external_id: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
