"""Win-rate points (METHOD §9): compute a deal's win rate from the database
with ``domain.winrate.win_rate``, store it as a ``WinRatePoint``, read the curve.

Invariants:
- a point is computed from the deal's latest survey (by date, then entry), the
  scores of EVERY competitor still on the deal (in the order they were put on
  it): its score in that survey, else its latest earlier score, ``carried``
  with the date it was given (METHOD §7: leaving a competitor out of a survey
  does not take it out of the ranking); a competitor on the deal never scored
  is left out of the ranking and named in the reasons (``survey run`` refuses
  to leave one unscored), and whether any compelling event is confirmed now;
- a closed deal's win rate is frozen (METHOD §9): ``compute`` replays the
  stored inputs of its last point on or before the close (no new computation
  from the current data) and says "closed OUTCOME on DATE"; ``frozen`` gives it;
- a survey always stores a point (linked to it); other triggers (a compelling
  event confirmed or dropped, a competitor taken off, ``winrate --all``) store
  one only when the value, rank or reasons changed, so recomputing is
  idempotent; a deal without a survey or a closed deal stores none;
- ``previous`` is the last computed value before the point (n/a skipped);
  ``is_event`` when the move is ≥ ``winrate.change_threshold`` points, and
  such a move is also a line of the deal's history;
- ``reasons`` is a JSON list of strings, ``inputs`` a JSON object (the domain
  inputs plus the survey code, the field, the base share and the factors);
- a point is stored for a deal its caller loaded for change; ``recompute_all``
  loads every open deal for change in id order (``records.all_for_change``).

The formula's parameters come in as ``settings.winrate`` (``domain.winrate.Params``);
nothing here reads the config.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any, Callable

from sqlalchemy import insert
from sqlmodel import Session, select

from tasplus_cli.domain.stages import Template
from tasplus_cli.domain.vocab import STATUS
from tasplus_cli.domain.winrate import Params, Score, WinRate, is_event, win_rate
from tasplus_cli.messages.phrase import Phrase, phrase
from tasplus_cli.store.records import all_for_change, record
from tasplus_cli.store.tables import CompellingEvent, Opportunity, utcnow
from tasplus_cli.store.tables import Survey, WinRatePoint


def latest_survey(s: Session, opp: Opportunity) -> Survey | None:
    return s.exec(select(Survey).where(Survey.opp_id == opp.id).order_by(Survey.day.desc(), Survey.id.desc())).first()


@dataclass
class _Facts:
    """What win rates are computed from, loaded in a few column queries (rows with attribute
    access, not ORM objects) for one deal or for every open deal."""

    confirmed: set[int]  # deals with a confirmed compelling event
    latest: dict[int, Any]  # deal → its latest survey
    scores: dict[int, dict[int, Any]]  # deal → competitor id → its latest (fit, closeness, day, survey_id)
    rivals: dict[int, list[Any]]  # deal → its competitors (id, code, name) in the order put on it
    points: dict[int, list[Any]]  # deal → its points (day, win_rate, rank, reasons) by (day, id)


def _load(s: Session, opp: Opportunity | None, survey: Survey | None = None) -> _Facts:
    """Facts of ``opp``, or of every open deal when None (no query per deal for ``--all``)."""
    from tasplus_cli.store.tables import Competitor, OppCompetitor

    def only(col):  # noqa: ANN001, ANN202
        return col == opp.id if opp is not None else col.in_(
            select(Opportunity.id).where(Opportunity.status == "open"))

    confirmed = set(s.exec(select(CompellingEvent.opp_id).where(
        only(CompellingEvent.opp_id), CompellingEvent.status == "confirmed")).all())
    latest: dict[int, Any] = {}
    for sv in s.exec(select(Survey.id, Survey.code, Survey.opp_id, Survey.inside_source, Survey.our_fit,
                            Survey.our_closeness).where(only(Survey.opp_id)).order_by(Survey.day, Survey.id)).all():
        latest[sv.opp_id] = sv
    if survey is not None:
        latest[survey.opp_id] = survey
    scores = latest_score_rows(s, only(Survey.opp_id))
    rivals: dict[int, list[Any]] = defaultdict(list)
    for c in s.exec(select(OppCompetitor.opp_id, Competitor.id, Competitor.code, Competitor.name)
                    .join(Competitor, Competitor.id == OppCompetitor.competitor_id)
                    .where(only(OppCompetitor.opp_id)).order_by(OppCompetitor.id)).all():
        rivals[c.opp_id].append(c)
    points: dict[int, list[Any]] = defaultdict(list)
    for pt in s.exec(select(WinRatePoint.opp_id, WinRatePoint.day, WinRatePoint.win_rate, WinRatePoint.rank,
                            WinRatePoint.reasons).where(only(WinRatePoint.opp_id))
                     .order_by(WinRatePoint.day, WinRatePoint.id)).all():
        points[pt.opp_id].append(pt)
    return _Facts(confirmed, latest, scores, rivals, points)


def latest_score_rows(s: Session, where: Any) -> dict[int, dict[int, Any]]:
    """Deal → competitor id → its latest score (fit, closeness, day, survey_id) over the surveys
    ``where`` selects (a condition on ``Survey.opp_id``), the latest by survey date then entry."""
    from tasplus_cli.store.tables import SurveyScore

    out: dict[int, dict[int, Any]] = defaultdict(dict)
    for sc in s.exec(select(Survey.opp_id, SurveyScore.competitor_id, SurveyScore.fit, SurveyScore.closeness,
                            Survey.day, SurveyScore.survey_id)
                     .join(Survey, Survey.id == SurveyScore.survey_id).where(where)
                     .order_by(Survey.day, Survey.id)).all():
        out[sc.opp_id][sc.competitor_id] = sc
    return out


def _compute(f: _Facts, opp: Opportunity, p: Params) -> WinRate:
    sv = f.latest.get(opp.id)
    if sv is None:
        return win_rate(confirmed_event=opp.id in f.confirmed, us=None, params=p)
    scores = f.scores.get(opp.id, {})
    comps = [Score(c.name, scores[c.id].fit, scores[c.id].closeness, c.code, scores[c.id].day.isoformat(),
                   carried=scores[c.id].survey_id != sv.id) for c in f.rivals.get(opp.id, []) if c.id in scores]
    wr = win_rate(confirmed_event=opp.id in f.confirmed, us=Score("us", sv.our_fit, sv.our_closeness),
                  competitors=comps, inside_source=sv.inside_source, params=p)
    unscored = [c.name for c in f.rivals.get(opp.id, []) if c.id not in scores]
    if unscored:
        wr.reasons.append(phrase("winrate.reason.unscored", names=unscored))
        wr.inputs["unscored"] = unscored
    return wr


def _last_point(s: Session, opp: Opportunity) -> WinRatePoint | None:
    """The deal's last point on or before its close."""
    q = select(WinRatePoint).where(WinRatePoint.opp_id == opp.id)
    if opp.closed_on is not None:
        q = q.where(WinRatePoint.day <= opp.closed_on)
    return s.exec(q.order_by(WinRatePoint.day.desc(), WinRatePoint.id.desc())).first()


def closed_info(s: Session, opp: Opportunity) -> dict | None:
    """None for an open deal; else ``{status, on, win_rate_on}`` (the day of the frozen value)."""
    if opp.status == "open":
        return None
    pt = _last_point(s, opp)
    return {"status": opp.status, "on": opp.closed_on.isoformat() if opp.closed_on else None,
            "win_rate_on": pt.day.isoformat() if pt else None}


def frozen(s: Session, opp: Opportunity) -> WinRate:
    """A closed deal's win rate: its last point on or before the close, replayed from the point's
    stored inputs (the value and rank are the stored ones), led by "closed OUTCOME on DATE"."""
    pt = _last_point(s, opp)
    status = Phrase(opp.status, shown=partial(STATUS.label, opp.status))
    closed = phrase("winrate.reason.closed", status=status, day=opp.closed_on.isoformat() if opp.closed_on else "?")
    if pt is None:
        return WinRate(None, None, [closed, phrase("winrate.reason.closed_none")], [], None, [], {"closed": True})
    inputs = json.loads(pt.inputs or "{}")
    last = phrase("winrate.reason.frozen", day=pt.day.isoformat())
    us = inputs.get("us")
    if not us:
        return WinRate(pt.win_rate, pt.rank, [closed, last, *json.loads(pt.reasons or "[]")],
                       list(inputs.get("field", [])), inputs.get("base"), inputs.get("factors", []), inputs)
    comps = [Score(c["name"], c["fit"], c["closeness"], c.get("code"), c.get("scored_on"), bool(c.get("carried")))
             for c in inputs.get("competitors", [])]
    params = Params(float(inputs.get("exponent", 2.0)), float(inputs.get("no_inside_source_factor", 0.7)))
    wr = win_rate(confirmed_event=bool(inputs.get("confirmed_event")), us=Score("us", us["fit"], us["closeness"]),
                  competitors=comps, inside_source=inputs.get("inside_source"), params=params)
    return replace(wr, value=pt.win_rate, rank=pt.rank, reasons=[closed, last, *wr.reasons],
                   inputs={**wr.inputs, **inputs})


def compute(s: Session, opp: Opportunity, params: Params, survey: Survey | None = None) -> WinRate:
    """The win rate now, from ``survey`` (default: the latest) — nothing is written. A closed deal's
    is ``frozen`` (unless a survey is given)."""
    if opp.status != "open" and survey is None:
        return frozen(s, opp)
    return _compute(_load(s, opp, survey), opp, params)


def _point(s: Session, f: _Facts, opp: Opportunity, wr: WinRate, day: date, by: str, trigger: str,
           p: Params, always: bool) -> dict | None:
    """The new point's column values, or None when none is due; an event move is written to the history."""
    sv = f.latest.get(opp.id)
    pts = f.points.get(opp.id, [])
    if opp.status != "open" or sv is None:
        return None
    if not always and pts and (pts[-1].win_rate, pts[-1].rank, json.loads(pts[-1].reasons)) == (
            wr.value, wr.rank, wr.reasons):
        return None
    prev = next((pt.win_rate for pt in reversed(pts) if pt.day <= day and pt.win_rate is not None), None)
    moved = is_event(prev, wr.value, p.change_threshold)
    if moved:
        record(s, opp, "win_rate", f"{prev}%", f"{wr.value}%", by, f"moved {wr.value - prev:+d} points ({trigger})")
    inputs = {**wr.inputs, "survey": sv.code, "field": wr.field, "base": wr.base, "factors": wr.factors}
    return {"opp_id": opp.id, "day": day, "at": utcnow(), "win_rate": wr.value, "rank": wr.rank, "previous": prev,
            "is_event": moved, "trigger": trigger, "survey_id": sv.id,
            "reasons": json.dumps(wr.reasons, ensure_ascii=False), "inputs": json.dumps(inputs, ensure_ascii=False)}


def recompute(s: Session, opp: Opportunity, day: date, by: str, trigger: str, params: Params,
              survey: Survey | None = None) -> tuple[WinRate, WinRatePoint | None]:
    """Compute and store a point dated ``day`` (see the module docstring for when one is stored)."""
    f = _load(s, opp, survey)
    wr = _compute(f, opp, params)
    values = _point(s, f, opp, wr, day, by, trigger, params, always=survey is not None)
    point = WinRatePoint(**values) if values else None
    if point is not None:
        s.add(point)
    s.flush()
    return wr, point


def _points(s: Session, opp: Opportunity) -> list[WinRatePoint]:
    return list(s.exec(select(WinRatePoint).where(WinRatePoint.opp_id == opp.id)
                       .order_by(WinRatePoint.day, WinRatePoint.id)).all())


def history(s: Session, opp: Opportunity) -> list[dict]:
    """The deal's probability curve (概率曲线), oldest first."""
    codes = dict(s.exec(select(Survey.id, Survey.code).where(Survey.opp_id == opp.id)).all())
    return [{"date": p.day.isoformat(), "win_rate": p.win_rate, "rank": p.rank, "previous": p.previous,
             "change": None if p.win_rate is None or p.previous is None else p.win_rate - p.previous,
             "is_event": p.is_event, "trigger": p.trigger, "survey": codes.get(p.survey_id),
             "reasons": json.loads(p.reasons)} for p in _points(s, opp)]


def report(s: Session, params: Params, template: Template, opp: Opportunity) -> dict:
    """Everything ``tasplus winrate OPP`` shows (and its ``--json``)."""
    wr = compute(s, opp, params)
    curve = history(s, opp)
    sv = latest_survey(s, opp)
    return {"code": opp.code, "name": opp.name, "stage": opp.stage, "status": opp.status,
            "closed": closed_info(s, opp),
            "stage_probability": template.get(opp.stage).probability, "win_rate": wr.value, "rank": wr.rank,
            "reasons": wr.reasons, "field": wr.field, "base": wr.base, "factors": wr.factors, "parties": wr.parties,
            "inputs": {**wr.inputs, "survey": sv.code if sv else None,
                       "survey_date": sv.day.isoformat() if sv else None},
            "stored_win_rate": curve[-1]["win_rate"] if curve else None, "history": curve}


def recompute_all(s: Session, params: Params, today: date, by: str,
                  each: Callable[[int, int], None] | None = None) -> tuple[int, list[dict]]:
    """Recompute every open deal; return how many and the moves (deals whose stored point changed).
    ``each(done, total)`` is called after each deal (a progress bar). One bulk insert. A move's
    reasons are the computed ``Phrase`` strings (a screen says them in the reader's language)."""
    deals = all_for_change(s, Opportunity, Opportunity.status == "open")  # locked in id order, before reading
    f = _load(s, None)
    rows, moves = [], []
    for i, o in enumerate(deals, 1):
        before = f.points[o.id][-1].win_rate if f.points.get(o.id) else None
        wr = _compute(f, o, params)
        values = _point(s, f, o, wr, today, by, "recompute", params, always=False)
        if values is not None:
            rows.append(values)
            to = values["win_rate"]
            moves.append({"code": o.code, "name": o.name, "from": before, "to": to,
                          "change": None if before is None or to is None else to - before,
                          "is_event": values["is_event"], "reasons": wr.reasons})
        if each:
            each(i, len(deals))
    if rows:
        s.execute(insert(WinRatePoint), rows)
    s.flush()
    return len(deals), moves
