"""Every table of tasplus (SQLModel): the schema contract all layers share.
Importing this module registers every table in ``SQLModel.metadata``; the
classes live in ``store/tables/`` (one module per area, built on first use,
so a command that imports its tables from ``tasplus_cli.store.tables`` builds
only those). The deal and its account, people, events and team and history
first, then the external, dynamic half of TAS+ (METHOD §6–13): competitors, surveys and
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
- A new table is added to its area module and to ``tables.WHERE``; ``from
  tasplus_cli.store.models import X`` keeps working for every table.
"""

from __future__ import annotations

from tasplus_cli.store.tables import (  # noqa: F401 - re-exported: every table, in the schema's order
    MINOR_UNITS, NAMING, TABLES, utcnow,
    Account, Contact, Opportunity, TeamMember, OppChange, CompellingEvent, Competitor, CompetitorPartner,
    CompetitorEvent, CompetitorQuote, CompetitorRelation, OppCompetitor, Survey, SurveyScore, WinRatePoint,
    Stakeholder, Activity, ActivityContact, DealPlan, Tactic, ValueComparison, FxRate, Review, AppUser, SalesTarget,
    ForecastCall, CoachingAction, WarningAck,
)
