"""Opportunities: create, edit, grade, advance through the gates, close.

Every write here records its history line(s) through ``records.record``; the
rules themselves (moves, gates, grades) live in ``domain``. ``facts`` gathers
what the gates read from every table, so adding a fact means changing only it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.config import Config
from tasplus_cli.domain import grading
from tasplus_cli.domain.errors import Conflict, GateBlocked, InvalidValue
from tasplus_cli.domain.money import fmt
from tasplus_cli.domain.stages import CLOSED, DealFacts, check_move, gates_between, missing_gates
from tasplus_cli.store.accounts import require_text
from tasplus_cli.store.records import assign_code, record, resolve
from tasplus_cli.store.models import Account, CompellingEvent, Opportunity, TeamMember
from tasplus_cli.store.models import Activity, DealPlan, OppCompetitor, Stakeholder, Survey


def get_opp(s: Session, ref: str) -> Opportunity:
    return resolve(s, Opportunity, ref, "OPP", "deal", "tasplus opp list")


def create(s: Session, cfg: Config, *, name: str, account: Account, amount_minor: int, by: str,
           currency: str | None = None, owner: str | None = None, close_date: date | None = None,
           partner: str | None = None, registration_id: str | None = None, stage: str | None = None) -> Opportunity:
    name = require_text(name, "NAME")
    owner, partner, registration_id = _names(owner=owner, partner=partner, registration=registration_id)
    if (partner is None) != (registration_id is None):
        raise InvalidValue("--partner and --registration go together (a partner-led E deal)",
                           "give both: --partner NAME --registration ID")
    opp = Opportunity(
        name=name, account_id=account.id, owner=owner or by, amount_minor=amount_minor,
        currency=currency or cfg.currency, stage=stage or cfg.template.stages[0].key, close_date=close_date,
        grade=grading.auto_grade(amount_minor, partner, cfg.thresholds), partner=partner,
        registration_id=registration_id, registration_status="pending" if partner else None)
    assign_code(s, opp, "OPP")
    record(s, opp, "created", None, f"{opp.stage}, grade {opp.grade}, {fmt(amount_minor, opp.currency)}", by)
    return opp


def edit(s: Session, cfg: Config, opp: Opportunity, by: str, reason: str | None = None, **changes) -> list[str]:
    """Apply the given (non-None) changes; return the fields that changed."""
    if changes.get("name") is not None:
        changes["name"] = require_text(changes["name"], "--name")
    if changes.get("owner") is not None:
        changes["owner"] = require_text(changes["owner"], "--owner")
    changed = []
    for field, new in changes.items():
        if new is None:
            continue
        if field == "account":
            old_acc, new_acc = s.get(Account, opp.account_id), new
            if old_acc.id != new_acc.id:
                opp.account_id = new_acc.id
                record(s, opp, "account", old_acc.code, new_acc.code, by, reason)
                changed.append("account")
            continue
        old = getattr(opp, field)
        if old == new:
            continue
        setattr(opp, field, new)
        shown = (lambda v: fmt(v, opp.currency)) if field == "amount_minor" else str
        record(s, opp, "amount" if field == "amount_minor" else field,
               None if old is None else shown(old), shown(new), by, reason)
        changed.append(field)
    if "amount_minor" in changed and not opp.grade_manual and opp.grade != "E":
        regrade(s, cfg, opp, by, "amount changed")
    return changed


def _names(**flags: str | None) -> tuple[str | None, ...]:
    """Owner, partner and registration id are names: ``require_text`` rules (not empty, ≤ 200
    characters, no control characters), each checked under its flag; ``None`` stays ``None``."""
    return tuple(None if v is None else require_text(v, f"--{k}") for k, v in flags.items())


def regrade(s: Session, cfg: Config, opp: Opportunity, by: str, reason: str) -> None:
    new = grading.auto_grade(opp.amount_minor, opp.partner, cfg.thresholds)
    if new != opp.grade:
        record(s, opp, "grade", opp.grade, new, by, reason)
        opp.grade = new


def set_grade(s: Session, cfg: Config, opp: Opportunity, by: str, *, grade: str | None = None,
              reason: str | None = None, auto: bool = False, partner: str | None = None,
              registration_id: str | None = None, registration_status: str | None = None) -> None:
    """Manual grade (kept until set again), back to automatic, or E registration."""
    partner, registration_id = _names(partner=partner, registration=registration_id)
    if grade is not None:
        if not reason:
            raise InvalidValue("--set needs --reason (why this deal deserves another grade)",
                               'e.g. --reason "reference customer for the province"')
        if grade == "E" and not (partner or opp.partner):
            raise InvalidValue("grade E is for partner-led deals", "give --partner NAME --registration ID")
        old = opp.grade
        opp.grade, opp.grade_manual, opp.grade_reason = grade, True, reason
        record(s, opp, "grade", old, f"{grade} (by hand)", by, reason)
    if partner is not None or registration_id is not None:
        if not (partner or opp.partner) or not (registration_id or opp.registration_id):
            raise InvalidValue("a partner registration needs --partner and --registration", "give both")
        for field, value in (("partner", partner), ("registration_id", registration_id)):
            if value is not None and value != getattr(opp, field):
                record(s, opp, field, getattr(opp, field), value, by, reason)
                setattr(opp, field, value)
        if opp.registration_status is None:
            opp.registration_status = "pending"
        if opp.grade != "E":
            record(s, opp, "grade", opp.grade, "E", by, reason or "partner registration")
            opp.grade = "E"
    if registration_status is not None:
        if not opp.partner:
            raise InvalidValue("only a partner-led (E) deal has a registration status",
                               "first give --partner NAME --registration ID")
        record(s, opp, "registration_status", opp.registration_status, registration_status, by, reason)
        opp.registration_status = registration_status
    if auto:
        if opp.grade_manual:
            record(s, opp, "grade_manual", "yes", "no", by, reason or "back to automatic grading")
        opp.grade_manual, opp.grade_reason = False, None
        regrade(s, cfg, opp, by, reason or "back to automatic grading")
    s.add(opp)


def facts(s: Session, opp: Opportunity) -> DealFacts:
    """Everything the gates read about one deal, from every table."""
    events = s.exec(select(func.count()).select_from(CompellingEvent).where(
        CompellingEvent.opp_id == opp.id, CompellingEvent.status == "confirmed")).one()
    depts = set(s.exec(select(TeamMember.department).where(TeamMember.opp_id == opp.id)).all())
    plan = s.exec(select(DealPlan).where(DealPlan.opp_id == opp.id)).first()
    planned = s.exec(select(func.count()).select_from(Activity).where(
        Activity.opp_id == opp.id, Activity.status == "planned")).one()
    last_survey = s.exec(select(func.max(Survey.day)).where(Survey.opp_id == opp.id)).one()
    roles = set(s.exec(select(Stakeholder.role).where(Stakeholder.opp_id == opp.id)).all())
    return DealFacts(
        code=opp.code, grade=opp.grade, confirmed_events=events, approved=opp.approved_on is not None,
        team_departments=depts, has_value_proposition=bool(plan and plan.solution and plan.business_value),
        strategy=plan.strategy if plan else None, planned_activities=planned, last_survey=last_survey,
        has_approver="approver" in roles, has_decision_maker="decision-maker" in roles,
        tender_issued_on=opp.tender_issued_on, bid_result=opp.bid_result, contract_signed_on=opp.contract_signed_on)


def _require_open(opp: Opportunity) -> None:
    if opp.status in CLOSED:
        raise Conflict(f"{opp.code} is closed ({opp.status})", f"reopen it first: tasplus opp reopen {opp.code}")


def blocked_message(opp: Opportunity, stage: str, missing) -> GateBlocked:  # noqa: ANN001
    what = "; ".join(m.what for m in missing)
    return GateBlocked(f"{opp.code} cannot leave '{stage}': {what}",
                       " | ".join(m.fix for m in missing) + "  (or --force --reason TEXT)")


def advance(s: Session, cfg: Config, opp: Opportunity, by: str, today: date, target: str | None = None,
            force: bool = False, reason: str | None = None) -> str:
    """Move the deal; return the new stage. Gates apply to A/B deals moving forward."""
    _require_open(opp)
    tpl = cfg.template
    if target is None:
        target = tpl.next(opp.stage)
        if target is None:
            raise Conflict(f"{opp.code} is in the last stage '{opp.stage}'",
                           f"close it: tasplus opp close {opp.code} --won|--lost|--abandoned")
    direction = check_move(tpl, opp.stage, target, opp.grade)
    if force and not reason:
        raise InvalidValue("--force needs --reason (it is recorded in the history)", '--force --reason "why"')
    if direction == "forward":
        missing = missing_gates(gates_between(tpl, opp.stage, target), facts(s, opp), today, cfg.survey_gate_days)
        if missing and not force:
            raise blocked_message(opp, opp.stage, missing)
        if missing:
            record(s, opp, "gate_override", opp.stage, ", ".join(m.gate for m in missing), by, reason)
    old = opp.stage
    opp.stage = target
    record(s, opp, "stage", old, target, by, reason)
    return target


def approve(s: Session, opp: Opportunity, by: str, today: date, note: str | None = None) -> None:
    _require_open(opp)
    if opp.approved_on is not None:
        raise Conflict(f"{opp.code}'s initiation review was already approved on {opp.approved_on}", "nothing to do")
    opp.approved_on, opp.approved_by = today, by
    record(s, opp, "approved", None, str(today), by, note)


def close(s: Session, cfg: Config, opp: Opportunity, by: str, today: date, outcome: str, on: date | None = None,
          reason: str | None = None, competitor=None, contract_signed: date | None = None,  # noqa: ANN001
          force: bool = False) -> None:
    """Close as won, lost or abandoned. AB deals win only from the last stage with the contract signed."""
    _require_open(opp)
    on = on or today
    if outcome == "lost" and not reason:
        raise InvalidValue("--lost needs --reason", '--reason "price 20% above the winner"')
    if competitor is not None and outcome != "lost":
        raise InvalidValue("--competitor names who won a lost deal", "use it with --lost")
    if contract_signed is not None:
        edit(s, cfg, opp, by, reason, contract_signed_on=contract_signed)
    if outcome == "won":
        last = cfg.template.stages[-1].key
        if opp.grade in ("A", "B") and opp.stage != last and not force:
            raise GateBlocked(f"{opp.code} is in '{opp.stage}': a grade {opp.grade} deal is won from '{last}'",
                              f"advance it to '{last}' first, or --force --reason TEXT")
        missing = missing_gates(cfg.template.get(last).gates, facts(s, opp), today, cfg.survey_gate_days)
        if missing and not force:
            raise blocked_message(opp, last, missing)
        if missing or (opp.grade in ("A", "B") and opp.stage != last):
            if not reason:
                raise InvalidValue("--force needs --reason (it is recorded in the history)", '--force --reason "why"')
            record(s, opp, "gate_override", opp.stage, ", ".join(m.gate for m in missing) or "stage", by, reason)
    old = opp.status
    opp.status, opp.closed_on = outcome, on
    opp.lost_reason = reason if outcome in ("lost", "abandoned") else opp.lost_reason
    record(s, opp, "status", old, outcome, by, reason)
    if competitor is not None:
        from tasplus_cli.store.competitors import set_winner  # competitors reads deals: import here, no cycle

        set_winner(s, opp, competitor, by, reason)


def reopen(s: Session, opp: Opportunity, by: str, reason: str | None) -> None:
    if opp.status not in CLOSED:
        raise Conflict(f"{opp.code} is open", "nothing to reopen")
    old = opp.status
    opp.status, opp.closed_on = "open", None
    for link in s.exec(select(OppCompetitor).where(OppCompetitor.opp_id == opp.id, OppCompetitor.is_winner)).all():
        link.is_winner = False
        s.add(link)
    record(s, opp, "status", old, "open", by, reason)
