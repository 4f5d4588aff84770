"""A competitor's scores in a survey (METHOD §7).

The invariants every table keeps: ``store/models.py``.
"""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tasplus_cli.store.tables import TableModel


class SurveyScore(TableModel, table=True):
    __tablename__ = "survey_score"
    __table_args__ = (UniqueConstraint("survey_id", "competitor_id", name="uq_survey_score_survey_competitor"),)
    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    competitor_id: int = Field(foreign_key="competitor.id", index=True)
    fit: int
    closeness: int
