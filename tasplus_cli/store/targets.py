"""Targets (quotas) per user and period, and a manager's call: their adjusted forecast for
the team (METHOD §14).

Invariants:
- One target per (user, period) and one call per (manager, period): setting one again
  replaces it, and the caller is told the old amount (``Replaced``).
- ``user`` is a user's stored name (``store.users.require_user``); a call's user manages
  someone (a call is a number for a team).
- ``period`` is a canonical period key (``domain.periods``: ``2027Q1``, ``2027-03``).
- Amounts are minor units of the base currency at the time they were set (``currency``
  says which); nothing here converts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from tasplus_cli.domain.errors import InvalidValue, NotFound
from tasplus_cli.domain.money import major
from tasplus_cli.messages import command, msg
from tasplus_cli.store.models import ForecastCall, SalesTarget, utcnow
from tasplus_cli.store.users import managers, require_user


@dataclass(frozen=True)
class Replaced:
    """What a set did: the stored user name and the previous amount (None: there was none)."""

    user: str
    old_minor: int | None
    old_currency: str | None


def set_target(s: Session, user: str, period: str, amount_minor: int, currency: str, by: str) -> Replaced:
    name = require_user(s, user, "REP")
    return _put(s, SalesTarget, name, period, amount_minor, currency, by)


def set_call(s: Session, manager: str, period: str, amount_minor: int, currency: str, by: str,
             note: str | None = None) -> Replaced:
    """The manager's adjusted number for their team; a user who manages nobody is refused (exit 2)."""
    name = require_user(s, manager, "MANAGER")
    if name not in {boss for boss in managers(s).values() if boss}:
        raise InvalidValue(msg("error.target.not_manager", name=name), msg("hint.target.not_manager",
                                                                           list=command("user", "list")))
    return _put(s, ForecastCall, name, period, amount_minor, currency, by, note=note)


def _put(s: Session, table: type, name: str, period: str, amount_minor: int, currency: str, by: str,
         **extra: object) -> Replaced:
    row = s.exec(select(table).where(table.user == name, table.period == period)).first()
    old = (row.amount_minor, row.currency) if row else (None, None)
    if row is None:
        row = table(user=name, period=period, amount_minor=amount_minor, currency=currency)
    row.amount_minor, row.currency, row.set_by, row.updated_at = amount_minor, currency, by, utcnow()
    for k, v in extra.items():
        setattr(row, k, v)
    s.add(row)
    s.flush()
    return Replaced(name, *old)


def remove(s: Session, user: str, period: str, call: bool = False) -> str:
    """Remove the target (or with ``call`` the manager's call) of ``user`` for ``period``; NotFound
    when there is none. Returns the stored user name."""
    name = require_user(s, user, "MANAGER" if call else "REP")
    table = ForecastCall if call else SalesTarget
    row = s.exec(select(table).where(table.user == name, table.period == period)).first()
    if row is None:
        raise NotFound(msg("error.target.none_call" if call else "error.target.none", name=name, period=period),
                       msg("hint.target.list", command=command("target", "list", "--period", period)))
    s.delete(row)
    s.flush()
    return name


def targets(s: Session, period: str) -> dict[str, SalesTarget]:
    """Every user's target for ``period`` (user name → row)."""
    return {t.user: t for t in s.exec(select(SalesTarget).where(SalesTarget.period == period)).all()}


def calls(s: Session, period: str) -> dict[str, ForecastCall]:
    """Every manager's call for ``period`` (user name → row)."""
    return {c.user: c for c in s.exec(select(ForecastCall).where(ForecastCall.period == period)).all()}


def list_targets(s: Session, period: str | None = None, users: list[str] | None = None,
                 call: bool = False) -> list[dict]:
    """Targets (or with ``call`` the managers' calls) of ``period`` and ``users`` as ``target list
    --json`` prints them, by period then user, each with the user's manager."""
    table = ForecastCall if call else SalesTarget
    q = select(table).order_by(table.period, table.user)
    if period is not None:
        q = q.where(table.period == period)
    if users is not None:
        q = q.where(table.user.in_(users))
    boss = managers(s)
    out = []
    for t in s.exec(q).all():
        row = {"user": t.user, "manager": boss.get(t.user), "period": t.period, "amount": major(t.amount_minor),
               "currency": t.currency, "set_by": t.set_by, "updated_at": t.updated_at.isoformat(timespec="seconds")}
        out.append(dict(row, note=t.note) if call else row)
    return out
