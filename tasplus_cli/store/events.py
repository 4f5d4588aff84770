"""Compelling events (METHOD §5): add, confirm (again, with a new deadline: an expired
event stays a review warning until then), drop. Each change is written
to the deal's history, and ``_changed`` re-derives what depends on the events
of a deal in the same transaction. Changes load the deal, then the event, for change
(``records.for_change``)."""

from __future__ import annotations

from datetime import date
from sqlmodel import Session

from tasplus_cli.domain.errors import Conflict, InvalidValue
from tasplus_cli.domain.names import require_text
from tasplus_cli.domain.vocab import EVENT_STATUS
from tasplus_cli.domain.winrate import Params
from tasplus_cli.messages import command, language, msg
from tasplus_cli.store.records import assign_code, for_change, normalize_code, record, resolve
from tasplus_cli.store.models import CompellingEvent, Opportunity, utcnow


def get_event(s: Session, ref: str) -> CompellingEvent:
    """By code (EVT-0003, evt-3) or plain number (3); an event has no name to look up."""
    ref = ref.strip()
    code = f"EVT-{int(ref):04d}" if ref.isdigit() else normalize_code(ref, "EVT")
    if code is None:
        raise InvalidValue(msg("error.event.not_code", ref=repr(ref[:60])),
                           msg("hint.event.codes", command=command("event", "list", "OPP")))
    return resolve(s, CompellingEvent, code, "EVT", "compelling event", command("event", "list", "OPP"))


def add(s: Session, opp: Opportunity, text: str, kind: str, by: str, today: date, deadline: date | None = None,
        evidence: str | None = None, confirmed: bool = False, *, params: Params) -> CompellingEvent:
    text = require_text(text, "TEXT")
    for_change(s, opp)
    e = CompellingEvent(opp_id=opp.id, text=text, kind=kind, deadline=deadline, evidence=evidence,
                        status="confirmed" if confirmed else "unconfirmed")
    assign_code(s, e, "EVT")
    record(s, opp, "event", None, f"{e.code} {text} ({e.status})", by)
    if confirmed:
        _changed(s, opp, today, by, params)
    return e


def set_status(s: Session, e: CompellingEvent, opp: Opportunity, status: str, by: str, today: date,
               reason: str | None = None, *, params: Params, deadline: date | None = None) -> None:
    """Confirm or drop ``e``; confirming with a ``deadline`` sets it, and may confirm an event that is
    already confirmed (re-judged: its deadline passed). The same status with nothing new is a Conflict."""
    for_change(s, opp)
    for_change(s, e)
    if deadline is not None and status == "confirmed" and deadline != e.deadline:
        old = f"{e.code} {e.status}" + (f", deadline {e.deadline.isoformat()}" if e.deadline else "")
        was = e.status
        e.status, e.status_reason, e.deadline, e.changed_at = status, reason, deadline, utcnow()
        s.add(e)
        record(s, opp, "event", old, f"{e.code} {status}, deadline {deadline.isoformat()}", by, reason)
        if was != status:
            _changed(s, opp, today, by, params)
        return
    if e.status == status:
        raise Conflict(msg("error.event.already", code=e.code, status=EVENT_STATUS.label(status, language())),
                       msg("hint.event.see", command=command("event", "list", opp.code)))
    if status == "lost" and not reason:
        raise InvalidValue(msg("error.event.drop_needs_reason"), msg("hint.event.drop_reason"))
    old = e.status
    e.status, e.status_reason, e.changed_at = status, reason, utcnow()
    s.add(e)
    record(s, opp, "event", f"{e.code} {old}", f"{e.code} {status}", by, reason)
    _changed(s, opp, today, by, params)


def _changed(s: Session, opp: Opportunity, today: date, by: str, params: Params) -> None:
    """A confirmed or dropped event changes what depends on it: the win rate (rule 1, with
    ``params``: ``settings.winrate``)."""
    from tasplus_cli.store import winrate

    s.flush()
    winrate.recompute(s, opp, today, by, "event", params)
