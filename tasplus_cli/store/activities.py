"""Activities (METHOD §12): log, mark done, cancel, list; and the done
activities ("touches") that interaction levels are derived from.

Invariants:
- An activity belongs to an account; ``opp_id`` is set for a deal's activity
  and None for an account-level one. Everyone it is ``with`` is a contact of
  that account.
- Status moves planned → done or planned → cancelled only, on the activity
  loaded for change (two ``done`` at once: one wins, the other is told). A done activity is
  never dated in the future; ``done_at`` is set when it became done.
- Only done activities count for interaction (``touches``); levels are
  computed by ``domain.interaction`` and never stored.
- Lists load the people of all listed activities in one query (no N+1).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from sqlmodel import Session, select

from tasplus_cli.domain import interaction
from tasplus_cli.domain import text as policy
from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.domain.vocab import ACTIVITY_STATUS
from tasplus_cli.messages import command, language, msg
from tasplus_cli.store.accounts import get_contact
from tasplus_cli.store.tables import Account, Activity, ActivityContact, Contact, Opportunity, utcnow
from tasplus_cli.store.records import assign_code, for_change, normalize_code, resolve

TEXT_LIMIT = 2000


def get_activity(s: Session, ref: str) -> Activity:
    """By code (ACT-0007, act-7) or plain number (7)."""
    ref = ref.strip()
    code = f"ACT-{int(ref):04d}" if ref.isdigit() else normalize_code(ref, "ACT")
    if code is None:
        raise InvalidValue(msg("error.activity.code", ref=ref),
                           msg("hint.activity.code", command=command("activity", "list")))
    return resolve(s, Activity, code, "ACT", "activity", "tasplus activity list")


def contact_at(s: Session, account: Account, ref: str, flag: str) -> Contact:
    """A contact of ``account`` by code or name; someone of another account is a clear error, not "not found"."""
    try:
        c = get_contact(s, ref, account)
    except NotFound:
        c = get_contact(s, ref)
    if c.account_id != account.id:
        other = s.get(Account, c.account_id)
        raise InvalidValue(msg("error.activity.works_at", flag=flag, code=c.code, name=c.name, other=other.name,
                               account=account.name),
                           msg("hint.activity.who_is_at", account=account.name,
                               command=command("contact", "list", "--account", account.code)))
    return c


def note_text(value: str | None, flag: str) -> str | None:
    """Free text of up to 2,000 characters, by the text policy (``domain.text.check``): tabs and
    newlines only where ``flag`` names a multi-line field (``--notes``, ``--summary``)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        raise InvalidValue(msg("error.name.empty", flag=flag), msg("hint.activity.note_empty", flag=flag))
    if len(text) > TEXT_LIMIT:
        raise InvalidValue(msg("error.name.too_long", flag=flag, length=f"{len(text):,}", max=f"{TEXT_LIMIT:,}"),
                           msg("hint.name.shorten"))
    return policy.check(text, flag)


def _tactic(s: Session, opp: Opportunity | None, text: str | None) -> str | None:
    """``#3`` or ``3`` names a tactic of the deal (``tactic list``); anything else is kept as typed."""
    text = note_text(text, "--tactic")
    m = re.fullmatch(r"#?(\d+)", text or "")
    if m and opp is not None:
        from tasplus_cli.store.tables import Tactic

        t = s.get(Tactic, int(m.group(1)))
        if t is None or t.opp_id != opp.id:
            raise InvalidValue(msg("error.activity.no_tactic", text=text, code=opp.code, n=m.group(1)),
                               msg("hint.activity.tactics", command=command("tactic", "list", opp.code)))
        return f"#{t.id} {t.text}"
    return text


def log(s: Session, *, account: Account, opp: Opportunity | None, kind: str, people: list[Contact], day: date,
        summary: str, by: str, today: date, planned: bool = False, tactic: str | None = None,
        answers: str | None = None) -> Activity:
    if opp is not None and opp.account_id != account.id:
        raise InvalidValue(msg("error.activity.deal_account", code=opp.code), msg("hint.activity.deal_or_account"))
    for c in people:
        if c.account_id != account.id:
            raise InvalidValue(msg("error.activity.not_contact", code=c.code, name=c.name, account=account.name),
                               msg("hint.activity.who_is", command=command("contact", "list", "--account", account.code)))
    if not planned and day > today:
        raise InvalidValue(msg("error.activity.future", day=day), msg("hint.activity.planned"))
    act = Activity(account_id=account.id, opp_id=opp.id if opp else None, kind=kind, day=day,
                   status="planned" if planned else "done", summary=note_text(summary, "--summary"),
                   tactic=_tactic(s, opp, tactic), answers=answers, created_by=by,
                   done_at=None if planned else utcnow())
    assign_code(s, act, "ACT")
    for cid in dict.fromkeys(c.id for c in people):
        s.add(ActivityContact(activity_id=act.id, contact_id=cid))
    return act


def _require_planned(act: Activity, doing: str) -> None:
    """``doing``: ``done`` or ``cancel``, what the command was asked to do."""
    if act.status != "planned":
        raise Conflict(msg(f"error.activity.not_planned.{doing}", code=act.code,
                           status=ACTIVITY_STATUS.label(act.status, language())),
                       msg("hint.activity.log_new", command=command("activity", "log") + " ..."))


def done(s: Session, act: Activity, today: date, outcome: str | None = None, on: date | None = None) -> None:
    """Mark a planned activity done, on ``on`` (default: its planned day, or today if that is still ahead)."""
    for_change(s, act)
    _require_planned(act, "done")
    day = on or min(act.day, today)
    if day > today:
        raise InvalidValue(msg("error.activity.future", day=day), msg("hint.activity.today"))
    act.status, act.day, act.done_at = "done", day, utcnow()
    act.outcome = note_text(outcome, "--outcome") or act.outcome
    s.add(act)


def cancel(s: Session, act: Activity, reason: str | None = None) -> None:
    for_change(s, act)
    _require_planned(act, "cancel")
    act.status = "cancelled"
    act.outcome = note_text(reason, "--reason") or act.outcome
    s.add(act)


def touches(s: Session, *, account_id: int | None = None, contact_ids: list[int] | None = None
            ) -> list[interaction.Touch]:
    """Done activities per person, of one account or of the given people, in one query. The status
    is tested here, not in SQL: without statistics SQLite would look the activities up by status
    (most of the table) rather than by account (issue 16)."""
    q = (select(ActivityContact.contact_id, Activity.opp_id, Activity.kind, Activity.status)
         .join(Activity, Activity.id == ActivityContact.activity_id))
    if account_id is not None:
        q = q.where(Activity.account_id == account_id)
    if contact_ids is not None:
        q = q.where(ActivityContact.contact_id.in_(contact_ids))
    return [interaction.Touch(cid, oid, kind) for cid, oid, kind, status in s.exec(q).all() if status == "done"]


def overall_by_code(s: Session, rule: interaction.Rule, account: Account | None = None,
                    contact: Contact | None = None) -> dict[str, str]:
    """Overall interaction level by contact code, for everyone (of ``account``, or just ``contact``);
    ``none`` for people never met. Two queries whatever the number of people."""
    q = select(Contact.id, Contact.code)
    if account is not None:
        q = q.where(Contact.account_id == account.id)
    if contact is not None:
        q = q.where(Contact.id == contact.id)
    codes = dict(s.exec(q).all())
    done = touches(s, account_id=account.id if account else None, contact_ids=[contact.id] if contact else None)
    levels = interaction.overall_levels(done, rule)
    return {code: levels.get(cid, "none") for cid, code in codes.items()}


def list_activities(s: Session, today: date, *, opp: Opportunity | None = None, account: Account | None = None,
                    contact: Contact | None = None, status: str | None = None, overdue: bool = False) -> list[dict]:
    """Activities oldest first with their deal, account and people: two queries (no id lists, so no limit)."""
    q = (select(Activity, Account, Opportunity).join(Account, Account.id == Activity.account_id)
         .outerjoin(Opportunity, Opportunity.id == Activity.opp_id))
    if opp is not None:
        q = q.where(Activity.opp_id == opp.id)
    if account is not None:
        q = q.where(Activity.account_id == account.id)
    if contact is not None:
        q = q.where(Activity.id.in_(select(ActivityContact.activity_id).where(ActivityContact.contact_id == contact.id)))
    if overdue:
        q = q.where(Activity.status == "planned", Activity.day < today)
    elif status is not None:
        q = q.where(Activity.status == status)
    rows = s.exec(q.order_by(Activity.day, Activity.id)).all()
    people: dict[int, list[dict]] = defaultdict(list)
    if rows:
        ids = q.with_only_columns(Activity.id).order_by(None).subquery()
        who = (select(ActivityContact.activity_id, Contact.code, Contact.name)
               .join(Contact, Contact.id == ActivityContact.contact_id)
               .where(ActivityContact.activity_id.in_(select(ids.c.id))).order_by(Contact.code))
        for aid, code, name in s.exec(who).all():
            people[aid].append({"code": code, "name": name})
    return [activity_dict(a, o, acc, people[a.id], today) for a, acc, o in rows]


def activity_dict(a: Activity, opp: Opportunity | None, acc: Account, people: list[dict], today: date) -> dict:
    return {"code": a.code, "day": a.day.isoformat(), "status": a.status,
            "overdue": a.status == "planned" and a.day < today, "kind": a.kind,
            "opp": opp.code if opp else None, "opp_name": opp.name if opp else None,
            "account": acc.name, "account_code": acc.code, "with": people, "summary": a.summary,
            "outcome": a.outcome, "tactic": a.tactic, "answers": a.answers, "created_by": a.created_by}


def levels_now(s: Session, rule: interaction.Rule, act: Activity) -> list[dict]:
    """The derived levels of everyone in ``act`` after it: on its deal (None for account-level) and overall."""
    people = s.exec(select(Contact).join(ActivityContact, ActivityContact.contact_id == Contact.id)
                    .where(ActivityContact.activity_id == act.id).order_by(Contact.code)).all()
    touched = touches(s, contact_ids=[c.id for c in people]) if people else []
    overall = interaction.overall_levels(touched, rule)
    on_deal = interaction.deal_levels(touched, rule, act.opp_id) if act.opp_id else {}
    return [{"code": c.code, "name": c.name, "interaction": on_deal.get(c.id, "none") if act.opp_id else None,
             "interaction_overall": overall.get(c.id, "none")} for c in people]


# --- demo steps (sample_data/demo_people.toml) --------------------------------------------

def _stamp(day: date):  # noqa: ANN202
    from datetime import datetime, time, timezone

    return datetime.combine(day, time(10, 0), tzinfo=timezone.utc)


def _demo_log(d, step: dict) -> None:  # noqa: ANN001 - d is store.demo.Demo
    """``deal`` or ``account``; ``planned_in_days`` (from the demo's today) makes it planned, else done that day."""
    from datetime import timedelta

    o = d.deal(step) if "deal" in step else None
    acc = d.account(step["account"]) if "account" in step else d.s.get(Account, o.account_id)
    planned = "planned_in_days" in step
    day = d.today + timedelta(days=step["planned_in_days"]) if planned else d.day
    act = log(d.s, account=acc, opp=o, kind=step["kind"], people=[d.contact(acc, n) for n in step.get("with", [])],
              day=day, summary=step["summary"], by=step.get("by", o.owner if o else "张伟"), today=d.day,
              planned=planned, tactic=step.get("tactic"), answers=step.get("answers"))
    act.outcome = step.get("outcome")
    act.created_at = _stamp(d.day)
    act.done_at = None if planned else _stamp(d.day)


def _demo_finish(d, step: dict) -> None:  # noqa: ANN001
    """Mark done (``do = "activity_done"``) or cancel (``"activity_cancel"``) the activity with that summary."""
    act = d.s.exec(select(Activity).where(Activity.summary == step["summary"])).one()
    if step["do"] == "activity_done":
        done(d.s, act, d.day, outcome=step.get("outcome"))
        act.done_at = _stamp(act.day)
    else:
        cancel(d.s, act, step.get("reason"))


DEMO_HANDLERS = {"activity": _demo_log, "activity_done": _demo_finish, "activity_cancel": _demo_finish}
