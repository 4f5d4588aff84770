"""The review's facts that build up over a deal's whole life or need a rule of their own
(``store.review.gather`` calls these): close-date moves, competitor scores, unreviewed
surveys, confirmed deadlines, when the deal entered its stage; the amount at the window's
start; the strategy suggestion for the latest standing. One query each, never per deal.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.strategy import standing_of, suggest
from tasplus_cli.store.models import CompellingEvent, Competitor, OppChange, OppCompetitor, Survey, SurveyScore
from tasplus_cli.store.surveys import unreviewed_surveys


def slow_facts(s: Session, run, mine, today: date) -> dict[str, dict]:  # noqa: ANN001 - gather's runner, filter
    """What builds up over a deal's whole life, by deal id, one query each: every close-date move,
    when each competitor on the deal was last scored, the surveys no manager reviewed, the
    confirmed compelling events with a deadline, and when the deal entered its stage."""
    close_dates: dict[int, list] = defaultdict(list)
    for oid, old, new in mine(run(select(OppChange.opp_id, OppChange.old, OppChange.new)
                                  .where(OppChange.field == "close_date").order_by(OppChange.id)).all()):
        close_dates[oid].append((old, new))
    scores: dict[int, list] = defaultdict(list)
    for oid, name, last in mine(run(
            select(OppCompetitor.opp_id, Competitor.name, func.max(Survey.day))
            .join(Competitor, Competitor.id == OppCompetitor.competitor_id)
            .join(SurveyScore, SurveyScore.competitor_id == OppCompetitor.competitor_id)
            .join(Survey, (Survey.id == SurveyScore.survey_id) & (Survey.opp_id == OppCompetitor.opp_id))
            .group_by(OppCompetitor.opp_id, OppCompetitor.id, Competitor.name).order_by(OppCompetitor.id)).all()):
        scores[oid].append((name, last))
    unreviewed: dict[int, list] = defaultdict(list)
    for oid, code, day, _by in mine(unreviewed_surveys(s, None)):
        unreviewed[oid].append((code, day))
    deadlines: dict[int, list] = defaultdict(list)
    for oid, code, text, deadline in mine(run(
            select(CompellingEvent.opp_id, CompellingEvent.code, CompellingEvent.text, CompellingEvent.deadline)
            .where(CompellingEvent.status == "confirmed", CompellingEvent.deadline < today)
            .order_by(CompellingEvent.id)).all()):
        deadlines[oid].append((code, text, deadline))
    entered = dict(mine(run(select(OppChange.opp_id, func.max(OppChange.at)).where(OppChange.field == "stage")
                            .group_by(OppChange.opp_id)).all()))
    return {"close_dates": close_dates, "scores": scores, "unreviewed": unreviewed, "deadlines": deadlines,
            "entered": entered}


def amount_since(changes: list[tuple]) -> tuple[str | None, str | None] | None:
    """The amount when the window opened and now, from the window's amount history lines."""
    amounts = [(old, new) for f, old, new, *_ in changes if f == "amount"]
    return (amounts[0][0], amounts[-1][1]) if amounts else None


def suggestion(inputs: str | None, incumbent: str | None, clear_margin: int):  # noqa: ANN202
    """``domain.strategy.suggest`` for the standing of the latest win-rate point (as ``plan`` says it)."""
    if inputs is None:
        return None
    i = json.loads(inputs)
    return suggest(standing_of(i.get("us"), i.get("competitors") or []), bool(i.get("confirmed_event")),
                   surveyed=i.get("us") is not None, incumbent=incumbent == "us", clear_margin=clear_margin)
