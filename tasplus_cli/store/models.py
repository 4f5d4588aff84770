"""Every table of tasplus (SQLModel). The schema contract all layers share:
the deal and its account, people, events and team and history first, then the
external, dynamic half of TAS+ (METHOD §6–13): competitors, surveys and
win-rate points, stakeholders and activities, strategy, tactics, value
proposition and recorded reviews.

Invariants:
- Every record users name has a unique short ``code`` (``ACC-0001``,
  ``CON-0001``, ``OPP-0001``, ``EVT-0001``, ``CMP-0001``, ``SUR-0001``,
  ``ACT-0001``, ``AGR-0001``) set in the same transaction that inserts it.
- Users (``app_user``) are named by their unique ``name``, and every column
  that holds a user holds that name: ``opportunity.owner``,
  ``survey.answered_by`` / ``reviewed_by``, ``review.owner`` / ``team``,
  ``app_user.manager``, ``sales_target.user``, ``forecast_call.user``,
  ``coaching_action.owner`` (``store.users.USER_COLUMNS`` lists them, and a
  rename updates them all in one transaction). Who typed a change
  (``*.by``, ``created_by``) stays free text: the login, not a reference.
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
    # who holds the customer's current system (METHOD §10, the defensive strategy):
    # "us", "competitor" (then incumbent_competitor_id) or None when unknown / nobody
    incumbent: str | None = None
    incumbent_competitor_id: int | None = Field(default=None, foreign_key="competitor.id")
    forecast_category: str = Field(default="pipeline", sa_column_kwargs={"server_default": "pipeline"})  # vocab.FORECAST
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

# --- competitors (§6) ----------------------------------------------------------------

class Competitor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    name: str = Field(unique=True, index=True)
    website: str | None = None
    description: str | None = None
    strengths: str | None = None
    weaknesses: str | None = None
    tactics: str | None = None  # their typical tactics
    notes: str | None = None
    external_id: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CompetitorPartner(SQLModel, table=True):
    __tablename__ = "competitor_partner"
    __table_args__ = (UniqueConstraint("competitor_id", "name", name="uq_competitor_partner_competitor_name"),)
    id: int | None = Field(default=None, primary_key=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    name: str
    notes: str | None = None


class CompetitorEvent(SQLModel, table=True):
    __tablename__ = "competitor_event"
    id: int | None = Field(default=None, primary_key=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    day: date
    text: str


class CompetitorQuote(SQLModel, table=True):
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


class CompetitorRelation(SQLModel, table=True):
    """A competitor's relationship with a customer account or one of its people."""

    __tablename__ = "competitor_relation"
    id: int | None = Field(default=None, primary_key=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    relationship: str | None = None  # vocab.RELATIONSHIP, as seen from the competitor
    notes: str | None = None


class OppCompetitor(SQLModel, table=True):
    """A competitor in a deal; ``is_winner`` marks who won a lost deal."""

    __tablename__ = "opp_competitor"
    __table_args__ = (UniqueConstraint("opp_id", "competitor_id", name="uq_opp_competitor_opp_competitor"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    is_winner: bool = False
    added_at: datetime = Field(default_factory=utcnow)


# --- survey and win rate (§7, §9) -----------------------------------------------------

class Survey(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    day: date = Field(index=True)
    inside_source: bool
    source_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    source_name: str | None = None
    our_fit: int
    our_closeness: int
    answered_by: str | None = None
    reviewed_by: str | None = None
    reviewed_on: date | None = None  # when the manager went through it with the rep (METHOD §7)
    created_at: datetime = Field(default_factory=utcnow)


class SurveyScore(SQLModel, table=True):
    __tablename__ = "survey_score"
    __table_args__ = (UniqueConstraint("survey_id", "competitor_id", name="uq_survey_score_survey_competitor"),)
    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    fit: int
    closeness: int


class WinRatePoint(SQLModel, table=True):
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


# --- people on the deal and activities (§8, §12) -----------------------------------------

class Stakeholder(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("opp_id", "contact_id", name="uq_stakeholder_opp_contact"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    role: str  # vocab.ROLE
    relationship: str | None = None  # vocab.RELATIONSHIP on this deal
    inside_source: bool = False
    notes: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Activity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    account_id: int = Field(foreign_key="account.id", index=True)
    opp_id: int | None = Field(default=None, foreign_key="opportunity.id", index=True)
    kind: str
    day: date = Field(index=True)
    status: str = Field(default="done", index=True)  # vocab.ACTIVITY_STATUS
    summary: str
    outcome: str | None = None
    tactic: str | None = None
    answers: str | None = None  # vocab.ANSWERS
    created_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None


class ActivityContact(SQLModel, table=True):
    __tablename__ = "activity_contact"
    activity_id: int = Field(foreign_key="activity.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)


# --- plan and review (§10, §11, §13) ----------------------------------------------------

class DealPlan(SQLModel, table=True):
    """Strategy and value proposition of one deal (at most one row per deal)."""

    __tablename__ = "deal_plan"
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", unique=True)
    strategy: str | None = None  # vocab.STRATEGY
    rationale: str | None = None
    solution: str | None = None
    business_value: str | None = None
    proof_points: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class Tactic(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    text: str
    strategy: str | None = None
    status: str = "active"  # active, done, dropped
    created_at: datetime = Field(default_factory=utcnow)


class ValueComparison(SQLModel, table=True):
    __tablename__ = "value_comparison"
    __table_args__ = (UniqueConstraint("opp_id", "competitor_id", "dimension", name="uq_value_comparison_key"),)
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    dimension: str  # vocab.DIMENSION
    verdict: str  # vocab.VERDICT
    note: str | None = None


class FxRate(SQLModel, table=True):
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


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    by: str
    owner: str | None = None  # scope: one rep, or None for the whole team
    team: str | None = None  # scope: a manager's team (``review --team``)
    since: datetime
    note: str | None = None


# --- the team and the forecast (METHOD §13–14) --------------------------------------------

class AppUser(SQLModel, table=True):
    """A person of the sales team: owns deals, answers and reviews surveys, owns actions.
    ``manager`` is another user's name; the managers form a tree (``store.users`` refuses cycles)."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    manager: str | None = Field(default=None, index=True)
    email: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SalesTarget(SQLModel, table=True):
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


class ForecastCall(SQLModel, table=True):
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


class CoachingAction(SQLModel, table=True):
    """An action agreed in the review on a deal (METHOD §13): who does what by when, and
    optionally the warning it answers. ``status`` open|done; ``done_on`` when it was done."""

    __tablename__ = "coaching_action"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    text: str
    owner: str = Field(index=True)
    due: date = Field(index=True)
    warning: str | None = None  # a review warning key
    status: str = Field(default="open", index=True)
    agreed_on: date
    done_on: date | None = None
    note: str | None = None
    created_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class WarningAck(SQLModel, table=True):
    """A review warning acknowledged on a deal with a reason, off the agenda until ``until``
    or until its facts (``facts``: the warning's data as canonical JSON) change."""

    __tablename__ = "warning_ack"
    id: int | None = Field(default=None, primary_key=True)
    opp_id: int = Field(foreign_key="opportunity.id", index=True)
    warning: str
    until: date
    reason: str
    facts: str = "{}"
    by: str | None = None
    day: date
    created_at: datetime = Field(default_factory=utcnow)
