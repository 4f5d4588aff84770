"""Opportunities: create, edit, grade, advance through the gates, close.

Every write here loads the deal for change (``records.for_change``: concurrent
writers of one deal take turns) and records its history line(s) through
``records.record``; the
rules themselves (moves, gates, the win rule, grades, names) live in ``domain``.
``facts`` gathers what the gates read from every table, so adding a fact means
changing only it. Functions take the settings sections they read (``Grades``
for grading, the whole ``Settings`` where the template, the gate window and the
grades all matter), never the config file.

Kept for every caller: an A/B deal ``create``d past the first stage passes every
gate on the way (``stages.gates_at_start``) or is forced with a reason (recorded);
close, tender-issued and contract-signed dates are never after today
(``dates.not_in_future``; ``edit`` when given ``today``); one open deal per name
under an account, as CSV matching compares names, unless ``duplicate_ok``.

History lines carry the stored field names (``amount``, ``tender_issued_on``)
and English values: they are data, and ``opp history --json`` prints them as
stored; screens say the field names in the reader's language.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, select

from tasplus_cli.domain import grading, stages
from tasplus_cli.domain.dates import not_in_future
from tasplus_cli.domain.errors import Conflict, InvalidValue
from tasplus_cli.domain.money import fmt
from tasplus_cli.domain.names import optional_names, require_text
from tasplus_cli.domain.stages import CLOSED, DealFacts, check_move, gates_between, missing_gates
from tasplus_cli.domain.vocab import STATUS
from tasplus_cli.messages import command, language, msg
from tasplus_cli.settings import Grades, Settings
from tasplus_cli.store import fx, users
from tasplus_cli.store.records import assign_code, claim_name, for_change, record, resolve, writing
from tasplus_cli.store.tables import Account, Opportunity

# a column edited by ``edit`` → the field name its history line carries (the others keep theirs)
HISTORY_FIELD = {"amount_minor": "amount"}
# the columns ``edit`` keeps out of the future (dates that record what happened) → the flag that sets them
PAST_ONLY = {"tender_issued_on": "--tender-issued", "contract_signed_on": "--contract-signed"}


def get_opp(s: Session, ref: str) -> Opportunity:
    """The deal by code or name; in a write session loaded for change (``records.for_change``), so
    what the command reads of it before changing it is what the change is made from."""
    opp = resolve(s, Opportunity, ref, "OPP", "deal", command("opp", "list"))
    return for_change(s, opp) if writing(s) else opp


def create(s: Session, settings: Settings, *, name: str, account: Account, amount_minor: int, by: str,
           currency: str | None = None, owner: str | None = None, close_date: date | None = None,
           partner: str | None = None, registration_id: str | None = None, stage: str | None = None,
           force: bool = False, reason: str | None = None, duplicate_ok: bool = False,
           today: date | None = None) -> Opportunity:
    """A new deal, graded from its amount. In a ``stage`` past the first, an A/B deal passes the gates
    on the way or is ``force``d with a ``reason``; a second open deal of its name under ``account``
    needs ``duplicate_ok`` (module docstring). Graded in the base currency at ``today``'s rate."""
    name = require_text(name, "NAME")
    owner, partner, registration_id = optional_names(owner=owner, partner=partner, registration=registration_id)
    if (partner is None) != (registration_id is None):
        raise InvalidValue(msg("error.opp.partner_pair"), msg("hint.opp.partner_pair"))
    if force and not reason:
        raise InvalidValue(msg("error.opp.force_needs_reason"), msg("hint.opp.force_reason"))
    currency = currency or settings.currency
    owner = users.require_user(s, owner) if owner else users.ensure_user(s, by)[0]
    opp = Opportunity(
        name=name, account_id=account.id, owner=owner, amount_minor=amount_minor,
        currency=currency, stage=stage or settings.template.stages[0].key, close_date=close_date,
        grade=fx.grade_of(s, settings.grades, amount_minor, currency, partner, today), partner=partner,
        registration_id=registration_id, registration_status="pending" if partner else None)
    missing = stages.gates_at_start(settings.template, opp.grade, opp.stage)
    if missing and not force:
        raise stages.blocked_at_start(settings.template, opp.grade, opp.stage, missing)
    if not duplicate_ok:
        unique_open_name(s, account, name)
    assign_code(s, opp, "OPP")
    record(s, opp, "created", None, f"{opp.stage}, grade {opp.grade}, {fmt(amount_minor, opp.currency)}", by, reason)
    if missing:
        record(s, opp, "gate_override", settings.template.stages[0].key, ", ".join(m.gate for m in missing), by,
               reason)
    return opp


def unique_open_name(s: Session, account: Account, name: str, but: Opportunity | None = None) -> None:
    """Raise Conflict when ``account`` has another open deal named ``name`` (case and surrounding
    spaces ignored); the name is claimed first, so two writers cannot both find it free."""
    claim_name(s, f"deal@{account.id}", name.strip())
    O = Opportunity  # noqa: N806
    q = select(O.code, O.name).where(O.account_id == account.id, O.status == "open",
                                     func.lower(O.name) == name.strip().lower())
    if but is not None:
        q = q.where(O.id != but.id)
    other = s.exec(q.order_by(O.code)).first()
    if other is not None:
        raise Conflict(msg("error.opp.duplicate_name", account=account.name, name=other.name, code=other.code),
                       msg("hint.opp.duplicate_name", code=other.code))


def edit(s: Session, grades: Grades, opp: Opportunity, by: str, reason: str | None = None,
         today: date | None = None, duplicate_ok: bool = False, **changes) -> list[str]:
    """Apply the given (non-None) changes; return the history field names that changed
    (``amount``, ``close_date``, ``tender_issued_on`` …). Given ``today``, the ``PAST_ONLY`` dates
    may not lie after it; a new name or account keeps one open deal per name (module docstring). A new amount or
    currency re-grades (in the base currency at ``today``'s rate) unless graded by hand."""
    for_change(s, opp)
    if changes.get("name") is not None:
        changes["name"] = require_text(changes["name"], "--name")
    if today is not None:
        for column, flag in PAST_ONLY.items():
            not_in_future(changes.get(column), today, flag)
    _keep_name_unique(s, opp, changes.get("name"), changes.get("account"), duplicate_ok)
    if changes.get("owner") is not None:
        changes["owner"] = users.require_user(s, require_text(changes["owner"], "--owner"))
    changed = []
    for column, new in changes.items():
        if new is None:
            continue
        if column == "account":
            old_acc, new_acc = s.get(Account, opp.account_id), new
            if old_acc.id != new_acc.id:
                opp.account_id = new_acc.id
                record(s, opp, "account", old_acc.code, new_acc.code, by, reason)
                changed.append("account")
            continue
        old = getattr(opp, column)
        if old == new:
            continue
        setattr(opp, column, new)
        shown = (lambda v: fmt(v, opp.currency)) if column == "amount_minor" else str
        field = HISTORY_FIELD.get(column, column)
        record(s, opp, field, None if old is None else shown(old), shown(new), by, reason)
        changed.append(field)
    if ("amount" in changed or "currency" in changed) and not opp.grade_manual and opp.grade != "E":
        regrade(s, grades, opp, by, "amount changed", today)
    return changed


def _keep_name_unique(s: Session, opp: Opportunity, name: str | None, account: Account | None,
                      duplicate_ok: bool) -> None:
    """An open deal renamed or moved may not land on another open deal's name under its account."""
    renamed = name is not None and name != opp.name
    moved = account is not None and account.id != opp.account_id
    if opp.status == "open" and (renamed or moved) and not duplicate_ok:
        unique_open_name(s, account or s.get(Account, opp.account_id), name or opp.name, but=opp)


def regrade(s: Session, grades: Grades, opp: Opportunity, by: str, reason: str, today: date | None = None) -> None:
    new = fx.grade_of(s, grades, opp.amount_minor, opp.currency, opp.partner, today)
    if new != opp.grade:
        record(s, opp, "grade", opp.grade, new, by, reason)
        opp.grade = new


def set_grade(s: Session, grades: Grades, opp: Opportunity, by: str, *, grade: str | None = None,
              reason: str | None = None, auto: bool = False, partner: str | None = None,
              registration_id: str | None = None, registration_status: str | None = None,
              today: date | None = None) -> None:
    """Manual grade (kept until set again), back to automatic (at ``today``'s rate), or E registration."""
    for_change(s, opp)
    partner, registration_id = optional_names(partner=partner, registration=registration_id)
    if grade is not None:
        if not reason:
            raise InvalidValue(msg("error.grade.set_needs_reason"), msg("hint.grade.set_needs_reason"))
        if grade == "E" and not (partner or opp.partner):
            raise InvalidValue(msg("error.grade.e_needs_partner"), msg("hint.grade.give_partner"))
        old = opp.grade
        opp.grade, opp.grade_manual, opp.grade_reason = grade, True, reason
        record(s, opp, "grade", old, f"{grade} (by hand)", by, reason)
    if partner is not None or registration_id is not None:
        if not (partner or opp.partner) or not (registration_id or opp.registration_id):
            raise InvalidValue(msg("error.grade.registration_pair"), msg("hint.grade.give_both"))
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
            raise InvalidValue(msg("error.grade.status_needs_partner"), msg("hint.grade.first_partner"))
        record(s, opp, "registration_status", opp.registration_status, registration_status, by, reason)
        opp.registration_status = registration_status
    if auto:
        if opp.grade_manual:
            record(s, opp, "grade_manual", "yes", "no", by, reason or "back to automatic grading")
        opp.grade_manual, opp.grade_reason = False, None
        regrade(s, grades, opp, by, reason or "back to automatic grading", today)
    s.add(opp)


def graded(s: Session, opp: Opportunity, grades: Grades, today: date) -> grading.Graded:
    """What decides the deal's grade (``opp grade``): its amount in the base currency at today's rate."""
    rates = fx.fx_on(s, grades.base, today)
    rate = rates.rate(opp.currency)
    return grading.Graded(code=opp.code, grade=opp.grade, manual=opp.grade_manual, reason=opp.grade_reason,
                          amount_minor=opp.amount_minor, currency=opp.currency, partner=opp.partner,
                          registration_id=opp.registration_id, registration_status=opp.registration_status,
                          thresholds=grades.thresholds, base_minor=rates.to_base(opp.amount_minor, opp.currency),
                          base=grades.base, rate=rate.said() if rate else None)


def facts(s: Session, opp: Opportunity) -> DealFacts:
    """Everything the gates read about one deal, from every table."""
    from tasplus_cli.store.tables import Activity, CompellingEvent, DealPlan, Stakeholder, Survey, TeamMember

    events = s.exec(select(func.count()).select_from(CompellingEvent).where(
        CompellingEvent.opp_id == opp.id, CompellingEvent.status == "confirmed")).one()
    depts = set(s.exec(select(TeamMember.department).where(TeamMember.opp_id == opp.id)).all())
    plan = s.exec(select(DealPlan).where(DealPlan.opp_id == opp.id)).first()
    # counted over the deal's activities (found by opp_id), not looked up by status: without statistics
    # SQLite would walk ix_activity_status, most of the table (issue 16)
    planned = s.exec(select(func.count(case((Activity.status == "planned", 1)))).where(Activity.opp_id == opp.id)).one()
    last_survey = s.exec(select(func.max(Survey.day)).where(Survey.opp_id == opp.id)).one()
    roles = set(s.exec(select(Stakeholder.role).where(Stakeholder.opp_id == opp.id)).all())
    return DealFacts(
        code=opp.code, grade=opp.grade, confirmed_events=events, approved=opp.approved_on is not None,
        team_departments=depts, has_value_proposition=bool(plan and plan.solution and plan.business_value),
        strategy=plan.strategy if plan else None, planned_activities=planned, last_survey=last_survey,
        has_approver="approver" in roles, has_decision_maker="decision-maker" in roles,
        tender_issued_on=opp.tender_issued_on, bid_result=opp.bid_result, contract_signed_on=opp.contract_signed_on)


def next_gate(s: Session, settings: Settings, opp: Opportunity, today: date) -> dict | None:
    """What the gate of the deal's current stage still needs (None when the deal is closed)."""
    if opp.status != "open":
        return None
    return stages.gate_report(settings.template, opp.stage, facts(s, opp), today, settings.survey_gate_days)


def _require_open(opp: Opportunity) -> None:
    if opp.status in CLOSED:
        raise Conflict(msg("error.opp.closed", code=opp.code, status=STATUS.label(opp.status, language())),
                       msg("hint.opp.reopen", command=command("opp", "reopen", opp.code)))


def advance(s: Session, settings: Settings, opp: Opportunity, by: str, today: date, target: str | None = None,
            force: bool = False, reason: str | None = None) -> str:
    """Move the deal; return the new stage. Gates apply to A/B deals moving forward."""
    for_change(s, opp)
    _require_open(opp)
    tpl = settings.template
    if target is None:
        target = tpl.next(opp.stage)
        if target is None:
            raise Conflict(msg("error.opp.last_stage", code=opp.code, stage=tpl.here(opp.stage)),
                           msg("hint.opp.close_it", command=command("opp", "close", opp.code, "--won")))
    direction = check_move(tpl, opp.stage, target, opp.grade)
    if force and not reason:
        raise InvalidValue(msg("error.opp.force_needs_reason"), msg("hint.opp.force_reason"))
    if direction == "forward":
        missing = missing_gates(gates_between(tpl, opp.stage, target), facts(s, opp), today,
                                settings.survey_gate_days)
        if missing and not force:
            raise stages.blocked(tpl, opp.code, opp.stage, missing)
        if missing:
            record(s, opp, "gate_override", opp.stage, ", ".join(m.gate for m in missing), by, reason)
    old = opp.stage
    opp.stage = target
    record(s, opp, "stage", old, target, by, reason)
    return target


def approve(s: Session, opp: Opportunity, by: str, today: date, note: str | None = None) -> None:
    for_change(s, opp)
    _require_open(opp)
    if opp.approved_on is not None:
        raise Conflict(msg("error.opp.already_approved", code=opp.code, day=opp.approved_on),
                       msg("hint.opp.already_approved"))
    opp.approved_on, opp.approved_by = today, by
    record(s, opp, "approved", None, str(today), by, note)


def close(s: Session, settings: Settings, opp: Opportunity, by: str, today: date, outcome: str,
          on: date | None = None, reason: str | None = None, competitor=None,  # noqa: ANN001
          contract_signed: date | None = None, force: bool = False) -> None:
    """Close as won, lost or abandoned. A/B deals win only from the last stage with its gate met
    (``domain.stages.check_win``); ``force`` overrides both, recorded with its reason."""
    from tasplus_cli.store.tables import Survey

    for_change(s, opp)
    _require_open(opp)
    on = not_in_future(on or today, today, "--date")
    not_in_future(contract_signed, today, "--contract-signed")
    last = s.exec(select(Survey).where(Survey.opp_id == opp.id).order_by(Survey.day.desc(), Survey.id.desc())).first()
    if last is not None and on < last.day:  # the frozen win rate is the last one before the close: it needs one
        raise InvalidValue(msg("error.opp.close_before_survey", day=on.isoformat(), survey=last.code,
                               survey_day=last.day.isoformat(), code=opp.code),
                           msg("hint.opp.close_before_survey", survey_day=last.day.isoformat()))
    if outcome == "lost" and not reason:
        raise InvalidValue(msg("error.opp.lost_needs_reason"), msg("hint.opp.lost_reason"))
    if competitor is not None and outcome != "lost":
        raise InvalidValue(msg("error.opp.competitor_with_lost"), msg("hint.opp.competitor_with_lost"))
    if contract_signed is not None:
        edit(s, settings.grades, opp, by, reason, today=today, contract_signed_on=contract_signed)
    if outcome == "won":
        tpl = settings.template
        last = tpl.stages[-1].key
        early = stages.check_win(tpl, opp.code, opp.stage, opp.grade, force)
        missing = missing_gates(tpl.get(last).gates, facts(s, opp), today, settings.survey_gate_days)
        if missing and not force:
            raise stages.blocked(tpl, opp.code, last, missing)
        if missing or early:
            if not reason:
                raise InvalidValue(msg("error.opp.force_needs_reason"), msg("hint.opp.force_reason"))
            record(s, opp, "gate_override", opp.stage, ", ".join(m.gate for m in missing) or "stage", by, reason)
    old = opp.status
    opp.status, opp.closed_on = outcome, on
    opp.lost_reason = reason if outcome in ("lost", "abandoned") else opp.lost_reason
    record(s, opp, "status", old, outcome, by, reason)
    if competitor is not None:
        from tasplus_cli.store.competitors import set_winner  # competitors reads deals: import here, no cycle

        set_winner(s, opp, competitor, by, reason)


def reopen(s: Session, opp: Opportunity, by: str, reason: str | None) -> None:
    from tasplus_cli.store.tables import OppCompetitor

    for_change(s, opp)
    if opp.status not in CLOSED:
        raise Conflict(msg("error.opp.is_open", code=opp.code), msg("hint.opp.nothing_to_reopen"))
    old = opp.status
    opp.status, opp.closed_on = "open", None
    for link in s.exec(select(OppCompetitor).where(OppCompetitor.opp_id == opp.id, OppCompetitor.is_winner)).all():
        link.is_winner = False
        s.add(link)
    record(s, opp, "status", old, "open", by, reason)
