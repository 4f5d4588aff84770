"""The survey and its competitor scores (METHOD §7). See ``store/models.py`` for the invariants every table keeps."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from tasplus_cli.store.tables import utcnow


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
