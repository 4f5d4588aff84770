"""The four-question survey (METHOD §7): record one, list a deal's surveys.

Invariants:
- a survey belongs to an open deal, is dated no later than today and no
  earlier than the deal's latest survey (so the curve's order is the order
  of entry), and holds scores 1–5 (checked by ``domain.winrate.check_score``);
- an inside source is a contact of the deal's account when the name matches
  one, else the name as typed; without an inside source there is no source;
- every competitor scored is put on the deal if it was not (a history line);
  a competitor name not in the library is an error unless the caller listed
  it in ``answers.create`` (the interactive survey asks first);
- recording a survey stores a win-rate point in the same transaction (with the
  formula's parameters passed in: ``settings.winrate``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from sqlmodel import Session, select

from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.domain.vocab import STATUS
from tasplus_cli.domain.winrate import Params, SurveyAnswers, WinRate, check_score, parse_competitor_score
from tasplus_cli.messages import command, language, msg
from tasplus_cli.store import competitors, winrate
from tasplus_cli.domain.names import require_text
from tasplus_cli.store.accounts import get_contact
from tasplus_cli.store.records import assign_code, claim_name, for_change
from tasplus_cli.store.models import Account, Contact, Opportunity
from tasplus_cli.store.models import Competitor, Survey, SurveyScore, WinRatePoint


def latest_scores(s: Session, opp: Opportunity) -> dict[int, tuple[int, int]]:
    """Competitor id → (fit, closeness) in the deal's latest survey."""
    sv = winrate.latest_survey(s, opp)
    if sv is None:
        return {}
    rows = s.exec(select(SurveyScore).where(SurveyScore.survey_id == sv.id)).all()
    return {r.competitor_id: (r.fit, r.closeness) for r in rows}


def context(s: Session, opp: Opportunity, refs: Sequence[str] = ()) -> dict:
    """What the interactive survey needs: the account's people, the deal's and the library's
    competitors, and for the competitors named by flags (``refs``): which are ``unknown`` to the
    library, which of the deal's are still ``pending`` a score, and every code already ``offered``."""
    account = s.get(Account, opp.account_id)
    people = s.exec(select(Contact).where(Contact.account_id == account.id).order_by(Contact.id)).all()
    on = [{"code": c.code, "name": c.name} for _, c in competitors.on_deal(s, opp)]
    found = {ref: competitors.find_competitor(s, ref) for ref in refs}
    flagged = {c.code for c in found.values() if c is not None}
    return {"code": opp.code, "name": opp.name, "account": account.name, "status": opp.status,
            "contacts": [{"code": p.code, "name": p.name, "title": p.title} for p in people],
            "on_deal": on, "pending": [c for c in on if c["code"] not in flagged],
            "unknown": [ref for ref, c in found.items() if c is None],
            "offered": sorted(flagged | {c["code"] for c in on}),
            "library": [{"code": c.code, "name": c.name}
                        for c in s.exec(select(Competitor).order_by(Competitor.name)).all()]}


def check_open(opp: Opportunity) -> None:
    if opp.status != "open":
        raise Conflict(msg("error.survey.closed", code=opp.code, status=STATUS.label(opp.status, language())),
                       msg("hint.survey.reopen", command=command("opp", "reopen", opp.code)))


def _source(s: Session, opp: Opportunity, answers: SurveyAnswers) -> tuple[int | None, str | None]:
    if not answers.inside_source:
        if answers.source:
            raise InvalidValue(msg("error.survey.source_without_inside"), msg("hint.survey.source_without_inside"))
        return None, None
    if not answers.source:
        return None, None
    try:
        c = get_contact(s, answers.source, s.get(Account, opp.account_id))
        return c.id, None
    except NotFound:
        return None, require_text(answers.source, "--source-contact")


def _scored(s: Session, answers: SurveyAnswers) -> list[tuple[Competitor, int, int]]:
    out: list[tuple[Competitor, int, int]] = []
    for name in sorted(answers.create, key=str.casefold):  # new names claimed in one order: no deadlock
        claim_name(s, "competitor", name)
    for ref, fit, close in answers.competitors:
        c = competitors.find_competitor(s, ref)
        if c is None:
            if ref not in answers.create:
                raise NotFound(msg("error.survey.unknown_competitor", ref=ref),
                               msg("hint.survey.add_competitor", command=command("competitor", "add", ref)))
            c = competitors.add_competitor(s, ref)
        if any(c.id == seen.id for seen, _, _ in out):
            raise InvalidValue(msg("error.survey.scored_twice", name=c.name), msg("hint.survey.scored_twice"))
        out.append((c, check_score(fit, f"{c.name} fit"), check_score(close, f"{c.name} closeness")))
    return out


def record(s: Session, params: Params, opp: Opportunity, answers: SurveyAnswers, *, day: date, today: date,
           by: str) -> tuple[Survey, WinRate, WinRatePoint | None]:
    """Record a complete survey and its win-rate point (the deal loaded for change first)."""
    for_change(s, opp)
    check_open(opp)
    if day > today:
        raise InvalidValue(msg("error.survey.future", day=day), msg("hint.survey.future"))
    last = winrate.latest_survey(s, opp)
    if last is not None and day < last.day:
        raise InvalidValue(msg("error.survey.before_latest", day=day, code=opp.code, survey=last.code, latest=last.day),
                           msg("hint.survey.in_order", latest=last.day))
    missing = answers.missing_flag()
    if missing:
        raise InvalidValue(msg("error.survey.needs", flag=missing), f"{command('survey', 'run', opp.code)} {missing} …")
    contact_id, source_name = _source(s, opp, answers)
    scored = _scored(s, answers)
    sv = Survey(opp_id=opp.id, day=day, inside_source=answers.inside_source, source_contact_id=contact_id,
                source_name=source_name, our_fit=check_score(answers.our_fit, "--our-fit"),
                our_closeness=check_score(answers.our_closeness, "--our-closeness"),
                answered_by=require_text(answers.answered_by or by, "--answered-by"),
                reviewed_by=require_text(answers.reviewed_by, "--reviewed-by") if answers.reviewed_by else None)
    assign_code(s, sv, "SUR")
    for c, fit, close in scored:
        competitors.put_on_deal(s, opp, c, by, strict=False, reason=f"scored in {sv.code}")
        s.add(SurveyScore(survey_id=sv.id, competitor_id=c.id, fit=fit, closeness=close))
    s.flush()
    wr, point = winrate.recompute(s, opp, day, by, "survey", params, survey=sv)
    return sv, wr, point


def list_surveys(s: Session, opp: Opportunity) -> list[dict]:
    """The deal's surveys, newest first, with their scores and the win rate each produced."""
    rows = s.exec(select(Survey).where(Survey.opp_id == opp.id).order_by(Survey.day.desc(), Survey.id.desc())).all()
    ids = [r.id for r in rows]
    scores: dict[int, list[dict]] = {}
    for sc, c in s.exec(select(SurveyScore, Competitor).join(Competitor, Competitor.id == SurveyScore.competitor_id)
                        .where(SurveyScore.survey_id.in_(ids)).order_by(SurveyScore.id)).all():
        scores.setdefault(sc.survey_id, []).append({"code": c.code, "name": c.name, "fit": sc.fit,
                                                    "closeness": sc.closeness, "strength": sc.fit + sc.closeness})
    rates = {p.survey_id: p.win_rate for p in s.exec(select(WinRatePoint).where(
        WinRatePoint.survey_id.in_(ids), WinRatePoint.trigger == "survey")).all()}
    people = {c.id: c for c in s.exec(select(Contact).where(Contact.account_id == opp.account_id)).all()}
    return [{"code": r.code, "opp": opp.code, "date": r.day.isoformat(), "inside_source": r.inside_source,
             "source": people[r.source_contact_id].name if r.source_contact_id in people else r.source_name,
             "source_contact": people[r.source_contact_id].code if r.source_contact_id in people else None,
             "our_fit": r.our_fit, "our_closeness": r.our_closeness, "competitors": scores.get(r.id, []),
             "answered_by": r.answered_by, "reviewed_by": r.reviewed_by, "win_rate": rates.get(r.id)}
            for r in rows]


# --- demo step (sample_data/demo_compete.toml) ---------------------------------------------

def _demo_survey(d: Any, step: dict) -> None:
    o = d.deal(step)
    answers = SurveyAnswers(inside_source=step["inside_source"], source=step.get("source"),
                            our_fit=step["our_fit"], our_closeness=step["our_closeness"],
                            competitors=[parse_competitor_score(t) for t in step.get("competitors", [])],
                            answered_by=step.get("answered_by", o.owner), reviewed_by=step.get("reviewed_by"))
    record(d.s, d.settings.winrate, o, answers, day=d.day, today=d.today, by=step.get("by", o.owner))


DEMO_HANDLERS = {"survey": _demo_survey}
