"""Compelling events (METHOD §5): add, confirm, drop. Each change is written
to the deal's history, and ``_changed`` re-derives what depends on the events
of a deal in the same transaction."""

from __future__ import annotations

from datetime import date
from sqlmodel import Session

from tasplus_cli.domain.errors import Conflict, InvalidValue
from tasplus_cli.store.accounts import require_text
from tasplus_cli.store.records import assign_code, normalize_code, record, resolve
from tasplus_cli.store.models import CompellingEvent, Opportunity, utcnow

def get_event(s: Session, ref: str) -> CompellingEvent:
    """By code (EVT-0003, evt-3) or plain number (3); an event has no name to look up."""
    ref = ref.strip()
    code = f"EVT-{int(ref):04d}" if ref.isdigit() else normalize_code(ref, "EVT")
    if code is None:
        raise InvalidValue(f"{ref[:60]!r} is not a compelling event code",
                           "event codes look like EVT-0003; see tasplus event list OPP")
    return resolve(s, CompellingEvent, code, "EVT", "compelling event", "tasplus event list OPP")


def add(s: Session, opp: Opportunity, text: str, kind: str, by: str, today: date, deadline: date | None = None,
        evidence: str | None = None, confirmed: bool = False) -> CompellingEvent:
    text = require_text(text, "TEXT")
    e = CompellingEvent(opp_id=opp.id, text=text, kind=kind, deadline=deadline, evidence=evidence,
                        status="confirmed" if confirmed else "unconfirmed")
    assign_code(s, e, "EVT")
    record(s, opp, "event", None, f"{e.code} {text} ({e.status})", by)
    if confirmed:
        _changed(s, opp, today, by)
    return e


def set_status(s: Session, e: CompellingEvent, opp: Opportunity, status: str, by: str, today: date,
               reason: str | None = None) -> None:
    if e.status == status:
        raise Conflict(f"{e.code} is already {status}", f"see: tasplus event list {opp.code}")
    if status == "lost" and not reason:
        raise InvalidValue("dropping an event needs --reason", '--reason "budget moved to next year"')
    old = e.status
    e.status, e.status_reason, e.changed_at = status, reason, utcnow()
    s.add(e)
    record(s, opp, "event", f"{e.code} {old}", f"{e.code} {status}", by, reason)
    _changed(s, opp, today, by)


def _changed(s: Session, opp: Opportunity, today: date, by: str) -> None:
    """A confirmed or dropped event changes what depends on it: the win rate (rule 1)."""
    from tasplus_cli.store import winrate

    s.flush()
    winrate.recompute(s, opp, today, by, "event")
