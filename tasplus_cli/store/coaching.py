"""Agreed actions and acknowledged warnings (METHOD §13): the rows behind
``coach add|done|list`` and ``review ack``, and what the review reads of them.

Invariants (the owner of these rules):
- An action is on a deal, owned by a user (``store.users.require_user``), due
  today or later when agreed, and answers at most one review warning, named by
  its English key (``domain.review_answers.WARNING_KEYS``). Codes are ``AGR-nnnn``.
- ``done`` happens once: doing it again is refused (Conflict, "already done on
  DATE"), nothing written.
- An ack names a warning the deal carries now (window of the whole team, as
  ``review`` without options), a reason and an ``until`` after today; it keeps
  the warning's facts (``domain.coaching.facts``) so that a change of facts lifts it.
- Nothing here writes the deal's history: actions and acks are the meeting's
  notes, not changes of the deal (so they never put a deal on the agenda).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlmodel import Session, select

from tasplus_cli.domain import coaching
from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.domain.names import require_text
from tasplus_cli.domain.review_answers import WARNING_KEYS
from tasplus_cli.messages import command, msg
from tasplus_cli.store.models import CoachingAction, Opportunity, WarningAck
from tasplus_cli.store.records import assign_code, normalize_code
from tasplus_cli.store.users import require_user


def warning_key(value: str, flag: str = "--warning") -> str:
    """A review warning key as typed (``survey_stale``; ``survey-stale`` and any case too); InvalidValue otherwise."""
    key = value.strip().lower().replace("-", "_")
    if key not in WARNING_KEYS:
        raise InvalidValue(msg("error.coach.warning", flag=flag, value=value),
                           msg("hint.coach.warning", keys=", ".join(WARNING_KEYS)))
    return key


def get_action(s: Session, ref: str) -> CoachingAction:
    """By code (AGR-0007, agr-7) or plain number (7)."""
    ref = ref.strip()
    code = f"AGR-{int(ref):04d}" if ref.isdigit() else normalize_code(ref, "AGR")
    if code is None:
        raise InvalidValue(msg("error.coach.code", ref=ref), msg("hint.coach.list", command=command("coach", "list")))
    row = s.exec(select(CoachingAction).where(CoachingAction.code == code)).first()
    if row is None:
        raise NotFound(msg("error.coach.not_found", code=code), msg("hint.coach.list", command=command("coach", "list")))
    return row


def add_action(s: Session, opp: Opportunity, text: str, owner: str, due: date, warning: str | None, by: str,
               today: date) -> CoachingAction:
    """Agree an action (see the module docstring for what is refused)."""
    body = require_text(text, "TEXT")
    who = require_user(s, owner, "--owner")
    if due < today:
        raise InvalidValue(msg("error.coach.due_past", value=due.isoformat(), today=today.isoformat()),
                           msg("hint.coach.due"))
    key = warning_key(warning) if warning is not None else None
    row = CoachingAction(opp_id=opp.id, text=body, owner=who, due=due, warning=key, agreed_on=today, created_by=by)
    assign_code(s, row, "AGR")
    return row


def done_action(s: Session, action: CoachingAction, today: date, note: str | None) -> CoachingAction:
    if action.status == "done":
        raise Conflict(msg("error.coach.already_done", code=action.code, day=action.done_on.isoformat()),
                       msg("hint.coach.list", command=command("coach", "list", "--open")))
    action.status, action.done_on = "done", today
    if note is not None and note.strip():
        action.note = note.strip()
    s.add(action)
    return action


def plain_dict(a: coaching.Action, deal: str, today: date) -> dict:
    """An action as JSON (``status``: done / overdue / open on ``today``)."""
    return {"code": a.code, "deal": deal, "text": a.text, "owner": a.owner, "due": a.due.isoformat(),
            "warning": a.warning, "status": coaching.status(a, today),
            "agreed_on": a.agreed_on.isoformat() if a.agreed_on else None,
            "done_on": a.done_on.isoformat() if a.done_on else None, "note": a.note}


def action_dict(a: CoachingAction, deal: str, today: date) -> dict:
    return plain_dict(_plain(a), deal, today)


def _plain(a: CoachingAction) -> coaching.Action:
    return coaching.Action(a.code, a.text, a.owner, a.due, a.warning, a.status, a.agreed_on, a.done_on, a.note)


def list_actions(s: Session, today: date, *, open_only: bool = False, overdue_only: bool = False,
                 owners: list[str] | None = None, opp: Opportunity | None = None) -> list[dict]:
    """Actions oldest due first; ``owners``: only theirs (action owners)."""
    q = select(CoachingAction, Opportunity.code).join(Opportunity, Opportunity.id == CoachingAction.opp_id)
    if open_only or overdue_only:
        q = q.where(CoachingAction.status == "open")
    if overdue_only:
        q = q.where(CoachingAction.due < today)
    if owners is not None:
        q = q.where(CoachingAction.owner.in_(owners))
    if opp is not None:
        q = q.where(CoachingAction.opp_id == opp.id)
    rows = s.exec(q.order_by(CoachingAction.due, CoachingAction.id)).all()
    return [action_dict(a, code, today) for a, code in rows]


def hands(s: Session, ids: dict[int, str]) -> dict[str, coaching.Hand]:
    """Each deal's acks and actions, by deal code, for the deals ``ids`` (id → code): two queries."""
    acks: dict[int, list] = {}
    for r in s.exec(select(WarningAck).order_by(WarningAck.id)).all():
        if r.opp_id in ids:
            acks.setdefault(r.opp_id, []).append(coaching.Ack(r.warning, r.until, r.reason, r.facts, r.by, r.day))
    acts: dict[int, list] = {}
    for a in s.exec(select(CoachingAction).order_by(CoachingAction.due, CoachingAction.id)).all():
        if a.opp_id in ids:
            acts.setdefault(a.opp_id, []).append(_plain(a))
    return {code: coaching.Hand(tuple(acks.get(i, ())), tuple(acts.get(i, ()))) for i, code in ids.items()
            if i in acks or i in acts}


def last_time(s: Session, ids: dict[int, str], since: datetime, previous: datetime | None, today: date) -> list[dict]:
    """"Actions agreed last time", on the deals ``ids`` (id → code), oldest due first, with status done /
    overdue / open: every action agreed in the last meeting (after the review before it, ``previous``,
    and before the window opened, ``since``) or since, and every older action still open. Times are
    when the rows were written, as the reviews' are."""
    rows = s.exec(select(CoachingAction).order_by(CoachingAction.due, CoachingAction.id)).all()
    return [action_dict(a, ids[a.opp_id], today) for a in rows if a.opp_id in ids and (
        a.status == "open" or previous is None or _aware(a.created_at) >= previous)]


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def acknowledge(s: Session, opp: Opportunity, key: str, carried: list, until: date, reason: str, by: str,
                today: date) -> WarningAck:
    """Acknowledge warning ``key`` of ``opp``; ``carried``: the deal's warnings now (``domain.review.Warning``)."""
    if until <= today:
        raise InvalidValue(msg("error.coach.until_past", value=until.isoformat(), today=today.isoformat()),
                           msg("hint.coach.until"))
    why = require_text(reason, "--reason")
    keys = list(dict.fromkeys(w.key for w in carried))
    if key not in keys:
        raise NotFound(msg("error.coach.not_carried", code=opp.code, warning=key),
                       msg("hint.coach.carried", keys=", ".join(keys)) if keys else msg("hint.coach.carries_none"))
    row = WarningAck(opp_id=opp.id, warning=key, until=until, reason=why, facts=coaching.facts(carried, key), by=by,
                     day=today)
    s.add(row)
    return row


# --- the demo (store.demo.HANDLERS) ---------------------------------------------------------

def _demo_action(d, step: dict) -> None:  # noqa: ANN001 - d is store.demo.Demo
    """An action agreed ``days_ago`` (before that day's review), due ``due_in_days`` from then;
    ``done_days_ago``: done that day."""
    o = d.deal(step)
    a = add_action(d.s, o, step["text"], step.get("owner", o.owner), d.day + timedelta(days=step["due_in_days"]),
                   step.get("warning"), step.get("by", "王磊"), d.day)
    a.created_at = datetime.combine(d.day, time(17, 0), tzinfo=timezone.utc)  # in the meeting, before it was recorded
    if "done_days_ago" in step:
        done_action(d.s, a, d.when(step["done_days_ago"]), step.get("note"))
    d.s.add(a)


def _demo_ack(d, step: dict) -> None:  # noqa: ANN001
    """A warning acknowledged ``acked_days_ago``; its facts are read when the step runs (put it last:
    ``days_ago = 0``) so that they are the demo's facts today."""
    from tasplus_cli.store.review import carried

    o = d.deal(step)
    row = acknowledge(d.s, o, step["warning"], carried(d.s, d.settings, d.today, o), d.today + timedelta(
        days=step["until_in_days"]), step["reason"], step.get("by", "王磊"), d.today)
    row.day = d.when(step.get("acked_days_ago", 0))
    d.s.add(row)


DEMO_HANDLERS = {"action": _demo_action, "ack": _demo_ack}
