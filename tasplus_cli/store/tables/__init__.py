"""The tables of tasplus, one small module per area (``accounts``, ``deals``,
``surveys`` …), built only when a command uses them: ``from
tasplus_cli.store.tables import Opportunity`` defines the ``opportunity`` table
class alone (SQLModel builds a pydantic model, a SQLAlchemy ``Table`` and a
mapper per class: about 5 ms each, 0.15 s for all of them). ``store/models.py``
re-exports every table, so importing it registers the whole schema in
``SQLModel.metadata`` (migrations, the schema checks, ``db doctor``); its
docstring holds the invariants every table keeps.

Tables refer to each other by foreign keys written as strings
(``"account.id"``) and have no ORM relationships, so one can be defined
without the others: SQLAlchemy resolves a foreign key only when asked (a join
without an ``ON``, ``create_all``), and the migrations, not ``create_all``, make
the schema.

This package sets ``SQLModel.metadata`` (the constraint naming convention)
before any table is defined.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import BigInteger, Integer, MetaData
from sqlmodel import SQLModel

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


class TableModel(SQLModel):
    """The base of every table class. ``defer_build``: pydantic builds a table's validator and
    serializer on first use instead of when the class is defined (no command validates or dumps
    a table object: SQLModel constructs them without validation), which halves the cost of
    defining a table; columns, constraints and mappers are the same."""

    model_config = ConfigDict(defer_build=True)


# table class → the module of this package that defines it, in the order of store/models.py
WHERE = {
    "Account": "accounts",
    "Contact": "contacts",
    "Opportunity": "deals",
    "TeamMember": "team_members",
    "OppChange": "history",
    "CompellingEvent": "events",
    "Competitor": "competitors",
    "CompetitorPartner": "competitor_intel",
    "CompetitorEvent": "competitor_intel",
    "CompetitorQuote": "competitor_intel",
    "CompetitorRelation": "competitor_intel",
    "OppCompetitor": "competitors",
    "Survey": "surveys",
    "SurveyScore": "survey_scores",
    "WinRatePoint": "winrates",
    "Stakeholder": "stakeholders",
    "Activity": "activities",
    "ActivityContact": "activities",
    "DealPlan": "plans",
    "Tactic": "tactics",
    "ValueComparison": "value",
    "FxRate": "fx",
    "Review": "reviews",
    "AppUser": "users",
    "SalesTarget": "targets",
    "ForecastCall": "targets",
    "CoachingAction": "coaching",
    "WarningAck": "coaching",
}
TABLES = tuple(WHERE)
# table name → its module: a table's module loads the modules of the tables its foreign keys name
AREA_OF_TABLE = {
    "account": "accounts", "contact": "contacts", "opportunity": "deals", "team_member": "team_members",
    "opp_change": "history", "compelling_event": "events", "competitor": "competitors",
    "competitor_partner": "competitor_intel", "competitor_event": "competitor_intel",
    "competitor_quote": "competitor_intel", "competitor_relation": "competitor_intel",
    "opp_competitor": "competitors", "survey": "surveys", "survey_score": "survey_scores",
    "win_rate_point": "winrates", "stakeholder": "stakeholders", "activity": "activities",
    "activity_contact": "activities", "deal_plan": "plans", "tactic": "tactics", "value_comparison": "value",
    "fx_rate": "fx", "review": "reviews", "app_user": "users", "sales_target": "targets",
    "forecast_call": "targets", "coaching_action": "coaching", "warning_ack": "coaching",
}


def _load(area: str) -> Any:
    """The module ``area`` of this package, and (invariant) every table its tables' foreign keys refer
    to, transitively: a session's flush orders the tables by their foreign keys, and SQLAlchemy cannot
    resolve one whose table was never defined (``opp new`` writes an ``opportunity``, whose
    ``incumbent_competitor_id`` names ``competitor``)."""
    # __import__ as an import statement does it (python -X importtime shows it, importlib's would not)
    module = __import__(f"{__name__}.{area}", fromlist=["_"])
    for table in list(SQLModel.metadata.tables.values()):
        for fk in table.foreign_keys:
            target = fk.target_fullname.split(".")[0]
            if target not in SQLModel.metadata.tables:
                _load(AREA_OF_TABLE[target])
    return module


def __getattr__(name: str) -> Any:
    """``tables.Account``: the class, its module imported on first use (with the tables it refers to)."""
    area = WHERE.get(name)
    if area is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = getattr(_load(area), name)
    return value
