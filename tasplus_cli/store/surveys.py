"""The four-question survey (METHOD §7): record one, list a deal's surveys.

Invariants:
- a survey belongs to an open deal, is dated no later than today and no
  earlier than the deal's latest survey (so the curve's order is the order
  of entry), and holds scores 1–5 (checked by ``domain.winrate.check_score``);
- an inside source is a contact of the deal's account when the name matches
  one, else the name as typed; without an inside source there is no source;
- a survey ranks every competitor on the deal (METHOD §7): one it does not
  score keeps its latest earlier score (carried, see ``store.winrate``); one on
  the deal never scored is an error naming it and the two ways out (score it,
  or ``competitor remove``), nothing written;
- a survey recorded without ``reviewed_by`` is unreviewed (``reviewed_by`` and
  ``reviewed_on`` NULL); ``review`` marks it reviewed once (``reviewed_on`` no
  earlier than the survey, not in the future); with ``reviewed_by`` at entry,
  ``reviewed_on`` is the survey's day; the answerer and the reviewer are users
  (``store.users.require_user``; the person typing, answering by default, becomes one);
- ``latest_scores`` and ``unreviewed_surveys`` are the review's view of the
  deals' surveys (one query each, for many deals);
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

from tasplus_cli.domain.errors import InvalidValue, NotFound
from tasplus_cli.domain.vocab import STATUS
from tasplus_cli.domain.winrate import Params, SurveyAnswers, WinRate, check_score, parse_competitor_score
from tasplus_cli.messages import command, language, msg
from tasplus_cli.store import competitors, users, winrate
from tasplus_cli.domain.names import require_text
from tasplus_cli.store.accounts import get_contact
from tasplus_cli.store.records import assign_code, claim_name, for_change, normalize_code, record as history
from tasplus_cli.store.tables import Account, Contact, OppCompetitor, Opportunity
from tasplus_cli.store.tables import Competitor, Survey, SurveyScore, WinRatePoint


def latest_scores(s: Session, opp_ids: Sequence[int]) -> dict[int, dict[int, tuple[int, int, date]]]:
    """Deal id → competitor id → (fit, closeness, day): the latest score of each competitor now on
    the deal, over all its surveys (by survey date, then entry). A competitor never scored is absent."""
    ids = list(opp_ids)
    on = set(s.exec(select(OppCompetitor.opp_id, OppCompetitor.competitor_id)
                    .where(OppCompetitor.opp_id.in_(ids))).all())
    scores = winrate.latest_score_rows(s, Survey.opp_id.in_(ids))
    return {o: {c: (r.fit, r.closeness, r.day) for c, r in by.items() if (o, c) in on} for o, by in scores.items()}


def unreviewed_surveys(s: Session, opp_ids: Sequence[int] | None) -> list[tuple[int, str, date, str | None]]:
    """(deal id, survey code, day, answered_by) of every survey of these deals (None: of every deal,
    for callers that filter a whole list themselves) that no manager reviewed, by deal, then date,
    then entry."""
    q = select(Survey.opp_id, Survey.code, Survey.day, Survey.answered_by).where(Survey.reviewed_by.is_(None))
    if opp_ids is not None:
        q = q.where(Survey.opp_id.in_(list(opp_ids)))
    return [tuple(r) for r in s.exec(q.order_by(Survey.opp_id, Survey.day, Survey.id)).all()]


def context(s: Session, opp: Opportunity, refs: Sequence[str] = ()) -> dict:
    """What the interactive survey needs: the account's people, the deal's and the library's
    competitors, and for the competitors named by flags (``refs``): which are ``unknown`` to the
    library, which of the deal's are still ``pending`` a score, and every code already ``offered``."""
    account = s.get(Account, opp.account_id)
    people = s.exec(select(Contact).where(Contact.account_id == account.id).order_by(Contact.id)).all()
    last = latest_scores(s, [opp.id]).get(opp.id, {})
    on = [{"code": c.code, "name": c.name, "last": _last(last.get(c.id))} for _, c in competitors.on_deal(s, opp)]
    found = {ref: competitors.find_competitor(s, ref) for ref in refs}
    flagged = {c.code for c in found.values() if c is not None}
    return {"code": opp.code, "name": opp.name, "account": account.name, "status": opp.status,
            "contacts": [{"code": p.code, "name": p.name, "title": p.title} for p in people],
            "on_deal": on, "pending": [c for c in on if c["code"] not in flagged],
            "unknown": [ref for ref, c in found.items() if c is None],
            "offered": sorted(flagged | {c["code"] for c in on}),
            "library": [{"code": c.code, "name": c.name}
                        for c in s.exec(select(Competitor).order_by(Competitor.name)).all()]}


def _last(score: tuple[int, int, date] | None) -> dict | None:
    return None if score is None else {"fit": score[0], "closeness": score[1], "day": score[2].isoformat()}


def check_open(opp: Opportunity) -> None:
    """A closed deal's win rate is frozen (METHOD §9): no survey (exit 2)."""
    if opp.status != "open":
        raise InvalidValue(msg("error.survey.closed", code=opp.code, status=STATUS.label(opp.status, language()),
                               day=opp.closed_on or "?"),
                           msg("hint.survey.reopen", command=command("opp", "reopen", opp.code)))


def _check_all_scored(s: Session, opp: Opportunity, scored: list[tuple[Competitor, int, int]]) -> None:
    """Every competitor on the deal is scored now or was scored before (then carried)."""
    before = latest_scores(s, [opp.id]).get(opp.id, {})
    now = {c.id for c, _, _ in scored}
    never = [c.name for _, c in competitors.on_deal(s, opp) if c.id not in now and c.id not in before]
    if never:
        raise InvalidValue(msg("error.survey.unscored", code=opp.code, names=", ".join(never)),
                           msg("hint.survey.unscored", score=f'--competitor "{never[0]}=F,C"',
                               remove=command("competitor", "remove", never[0], "--opp", opp.code, "--reason")
                               + " …"))


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
    _check_all_scored(s, opp, scored)
    reviewer = _user(s, answers.reviewed_by, "--reviewed-by") if answers.reviewed_by else None
    answered_by = _user(s, answers.answered_by, "--answered-by") if answers.answered_by else users.ensure_user(s, by)[0]
    sv = Survey(opp_id=opp.id, day=day, inside_source=answers.inside_source, source_contact_id=contact_id,
                source_name=source_name, our_fit=check_score(answers.our_fit, "--our-fit"),
                our_closeness=check_score(answers.our_closeness, "--our-closeness"),
                answered_by=answered_by,
                reviewed_by=reviewer, reviewed_on=day if reviewer else None)
    assign_code(s, sv, "SUR")
    for c, fit, close in scored:
        competitors.put_on_deal(s, opp, c, by, strict=False, reason=f"scored in {sv.code}")
        s.add(SurveyScore(survey_id=sv.id, competitor_id=c.id, fit=fit, closeness=close))
    s.flush()
    wr, point = winrate.recompute(s, opp, day, by, "survey", params, survey=sv)
    return sv, wr, point


def _user(s: Session, name: str, flag: str) -> str:
    """A survey's answerer or reviewer: a user (``store.users``), as stored."""
    return users.require_user(s, require_text(name, flag), flag)


def get_survey(s: Session, ref: str) -> Survey:
    """A survey by its code (``SUR-0003``, ``sur-3``)."""
    code = normalize_code(ref, "SUR")
    if code is None:
        raise InvalidValue(msg("error.survey.code", ref=ref), msg("hint.resolve.see", command=command("survey", "list", "OPP")))
    sv = s.exec(select(Survey).where(Survey.code == code)).first()
    if sv is None:
        raise NotFound(msg("error.resolve.no_code", kind=msg("noun.survey.one"), code=code),
                       msg("hint.resolve.see", command=command("survey", "list", "OPP")))
    return sv


def review(s: Session, ref: str, by: str, day: date, today: date) -> Survey:
    """Mark a survey reviewed by ``by`` on ``day`` (loaded for change; once only)."""
    sv = for_change(s, get_survey(s, ref))
    if sv.reviewed_by:
        raise InvalidValue(msg("error.survey.already_reviewed", code=sv.code, by=sv.reviewed_by,
                               day=sv.reviewed_on or "?"), msg("hint.survey.already_reviewed"))
    if day > today:
        raise InvalidValue(msg("error.survey.review_future", day=day), msg("hint.survey.future"))
    if day < sv.day:
        raise InvalidValue(msg("error.survey.review_before", day=day, code=sv.code, survey_day=sv.day),
                           msg("hint.survey.review_before", survey_day=sv.day))
    sv.reviewed_by, sv.reviewed_on = _user(s, by, "--by"), day
    s.add(sv)
    opp = s.get(Opportunity, sv.opp_id)
    history(s, opp, "survey_reviewed", None, sv.code, by, f"reviewed by {sv.reviewed_by} on {day.isoformat()}")
    s.flush()
    return sv


def list_surveys(s: Session, opp: Opportunity, only: Survey | None = None) -> list[dict]:
    """The deal's surveys (or just ``only``), newest first, with their scores and the win rate each
    produced. A competitor now on the deal that a survey did not score shows its latest earlier
    score, ``carried`` with ``scored_on`` (as the win rate used it)."""
    rows = s.exec(select(Survey).where(Survey.opp_id == opp.id).order_by(Survey.day, Survey.id)).all()
    ids = [r.id for r in rows]
    scores: dict[int, dict[int, dict]] = {}
    for sc, c in s.exec(select(SurveyScore, Competitor).join(Competitor, Competitor.id == SurveyScore.competitor_id)
                        .where(SurveyScore.survey_id.in_(ids)).order_by(SurveyScore.id)).all():
        scores.setdefault(sc.survey_id, {})[c.id] = {"code": c.code, "name": c.name, "fit": sc.fit,
                                                     "closeness": sc.closeness, "strength": sc.fit + sc.closeness}
    on = [c for _, c in competitors.on_deal(s, opp)]
    rates = {p.survey_id: p.win_rate for p in s.exec(select(WinRatePoint).where(
        WinRatePoint.survey_id.in_(ids), WinRatePoint.trigger == "survey")).all()}
    people = {c.id: c for c in s.exec(select(Contact).where(Contact.account_id == opp.account_id)).all()}
    running: dict[int, dict] = {}
    out = []
    for r in rows:
        own = {cid: {**d, "carried": False, "scored_on": r.day.isoformat()} for cid, d in scores.get(r.id, {}).items()}
        carried = [{**running[c.id], "carried": True} for c in on if c.id not in own and c.id in running]
        running.update(own)
        out.append({"code": r.code, "opp": opp.code, "date": r.day.isoformat(), "inside_source": r.inside_source,
                    "source": people[r.source_contact_id].name if r.source_contact_id in people else r.source_name,
                    "source_contact": people[r.source_contact_id].code if r.source_contact_id in people else None,
                    "our_fit": r.our_fit, "our_closeness": r.our_closeness,
                    "competitors": list(own.values()) + carried, "answered_by": r.answered_by,
                    "reviewed": r.reviewed_by is not None, "reviewed_by": r.reviewed_by,
                    "reviewed_on": r.reviewed_on.isoformat() if r.reviewed_on else None, "win_rate": rates.get(r.id)})
    return [d for d in reversed(out) if only is None or d["code"] == only.code]


# --- demo step (sample_data/demo_compete.toml) ---------------------------------------------

def _demo_survey(d: Any, step: dict) -> None:
    o = d.deal(step)
    answers = SurveyAnswers(inside_source=step["inside_source"], source=step.get("source"),
                            our_fit=step["our_fit"], our_closeness=step["our_closeness"],
                            competitors=[parse_competitor_score(t) for t in step.get("competitors", [])],
                            answered_by=step.get("answered_by", o.owner), reviewed_by=step.get("reviewed_by"))
    record(d.s, d.settings.winrate, o, answers, day=d.day, today=d.today, by=step.get("by", o.owner))


DEMO_HANDLERS = {"survey": _demo_survey}
