"""Every table of tasplus (SQLModel). The schema contract all layers share.

Invariants:
- Every record users name has a unique short ``code`` (``ACC-0001``,
  ``CON-0001``, ``OPP-0001``, ``EVT-0001``, ``CMP-0001``, ``SUR-0001``,
  ``ACT-0001``) set in the same transaction that inserts it.
- Money is ``*_minor`` integer minor units plus a ``currency`` code.
- Timestamps (``*_at``) are timezone-aware UTC datetimes; business dates are ``date``.
- Vocabulary columns hold the English keys of ``domain.vocab`` / the stage
  template, never labels.
- Interaction levels are never stored: they are derived from activities.
- Constraint names follow ``NAMING`` so Alembic batch migrations can find them.
- Migrations never import this module; ``tests/store`` checks both agree.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import BigInteger, Integer, MetaData, UniqueConstraint
from sqlmodel import Field, SQLModel

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING)


# Money in minor units: 64 bits. SQLite's INTEGER already is; PostgreSQL's integer
# stops at 21 million in major units, so there it is bigint (0002 widens 0001's column).
MINOR_UNITS = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# --- accounts and people -------------------------------------------------------------

class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    name: str = Field(index=True, unique=True)
    industry: str | None = None
    region: str | None = None
    notes: str | None = None
    external_id: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Contact(SQLModel, table=True):
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


# --- opportunities -------------------------------------------------------------------

class Opportunity(SQLModel, table=True):
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
    external_id: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("opp_id", "name", name="uq_team_member_opp_name"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    name: str
    department: str  # vocab.DEPARTMENT
    role: str | None = None
    stage_owner: str | None = None  # stage key this member is accountable for
    person_days: float | None = None
    created_at: datetime = Field(default_factory=utcnow)


class OppChange(SQLModel, table=True):
    """Append-only history of a deal: one row per changed field or action."""

    __tablename__ = "opp_change"
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    by: str
    field: str  # created, stage, grade, amount, close_date, owner, team, gate_override, status, ...
    old: str | None = None
    new: str | None = None
    reason: str | None = None


class CompellingEvent(SQLModel, table=True):
    __tablename__ = "compelling_event"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    text: str
    kind: str = "other"  # vocab.EVENT_KIND
    deadline: date | None = None
    evidence: str | None = None
    status: str = "unconfirmed"  # vocab.EVENT_STATUS
    status_reason: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime = Field(default_factory=utcnow)
