"""Read models of deals: the JSON-shaped dicts that ``opp list/show`` print.

One query per list (joined account names, latest win rate by a grouped
subquery), never one per deal. Keys are the stable JSON keys of CLI.md:
``code, name, account, owner, stage, grade, status, amount, currency,
close_date, win_rate, forecast_category`` and more.

``where_deals`` is the one query builder of the deal filters (``DealFilter``):
``opp list``, ``account show``, the review and the funnel narrow their deals
through it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from datetime import datetime, time, timezone

from sqlalchemy import and_, false, func, or_
from sqlmodel import Session, select

from tasplus_cli.domain.deals import OPEN, DealFilter
from tasplus_cli.domain.fx import Fx
from tasplus_cli.domain.money import major
from tasplus_cli.store.accounts import get_account
from tasplus_cli.store.tables import Account, CompellingEvent, Opportunity
from tasplus_cli.store.tables import WinRatePoint
from tasplus_cli.store.users import require_user, team_names


def latest_win_rates(s: Session, opp_ids: list[int] | None = None) -> dict[int, int | None]:
    """The last computed win rate of each deal (None when n/a or never computed); of a closed deal,
    the last on or before its close (frozen, as ``store.winrate.frozen`` shows it)."""
    last = (select(WinRatePoint.opp_id, func.max(WinRatePoint.id).label("mid"))
            .join(Opportunity, Opportunity.id == WinRatePoint.opp_id)
            .where(or_(Opportunity.closed_on.is_(None), WinRatePoint.day <= Opportunity.closed_on))
            .group_by(WinRatePoint.opp_id))
    if opp_ids is not None:
        last = last.where(WinRatePoint.opp_id.in_(opp_ids))
    sub = last.subquery()
    rows = s.connection().execute(select(WinRatePoint.opp_id, WinRatePoint.win_rate)
                                  .join(sub, WinRatePoint.id == sub.c.mid)).all()
    return dict(rows)


def opp_dict(o: Opportunity, account: Account, win_rate: int | None) -> dict:
    return {
        "code": o.code, "name": o.name, "account": account.name, "account_code": account.code,
        "owner": o.owner, "stage": o.stage, "grade": o.grade, "status": o.status,
        "amount": major(o.amount_minor), "currency": o.currency,
        "close_date": o.close_date.isoformat() if o.close_date else None, "win_rate": win_rate,
        "grade_manual": o.grade_manual, "grade_reason": o.grade_reason, "partner": o.partner,
        "registration_id": o.registration_id, "registration_status": o.registration_status,
        "closed_on": o.closed_on.isoformat() if o.closed_on else None, "lost_reason": o.lost_reason,
        "approved_on": o.approved_on.isoformat() if o.approved_on else None,
        "tender_issued_on": o.tender_issued_on.isoformat() if o.tender_issued_on else None,
        "bid_result": o.bid_result,
        "contract_signed_on": o.contract_signed_on.isoformat() if o.contract_signed_on else None,
        "external_id": o.external_id, "forecast_category": o.forecast_category,
    }


def where_deals(s: Session, q: Any, f: DealFilter) -> Any:
    """``q`` (a select over ``Opportunity``) narrowed to the deals ``f`` describes; an account
    given by code or name is looked up here (NotFound / Ambiguous as for any reference)."""
    if f.stage:
        q = q.where(Opportunity.stage == f.stage)
    if f.grade:
        q = q.where(Opportunity.grade == f.grade)
    if f.owner:
        q = q.where(Opportunity.owner == require_user(s, f.owner, "--mine" if f.mine else "--owner"))
    if f.team:
        q = q.where(Opportunity.owner.in_(team_names(s, f.team)))
    if f.status:
        q = q.where(Opportunity.status == f.status)
    if f.account is not None:
        q = q.where(Opportunity.account_id == get_account(s, f.account).id)
    if f.close_before is not None:
        q = q.where(Opportunity.close_date < f.close_before)
    if f.forecast:
        q = q.where(Opportunity.forecast_category == f.forecast)
    if f.stalled is not None:
        q = q.where(Opportunity.status == OPEN, or_(false(), *(
            and_(Opportunity.stage == stage, stage_entered() < datetime.combine(day, time(0), tzinfo=timezone.utc))
            for stage, day in f.stalled)))
    return q


def stage_entered() -> Any:
    """When each deal entered its stage (a column expression over ``Opportunity``): its last stage
    move, else its creation (``domain.deals.stalled`` counts the days from it)."""
    from tasplus_cli.store.tables import OppChange

    last_move = (select(func.max(OppChange.at)).where(OppChange.opp_id == Opportunity.id, OppChange.field == "stage")
                 .correlate(Opportunity).scalar_subquery())
    return func.coalesce(last_move, Opportunity.created_at)


OPEN_DEALS = DealFilter()


def in_base(d: dict, fx: Fx) -> dict:
    """``d`` (an ``opp_dict``) with its amount in the base currency (``amount_base``, None when its
    currency has no rate) and the rate used (``fx``: currency, rate, date; None in base currency)."""
    minor = round(d["amount"] * 100)
    base, rate = fx.to_base(minor, d["currency"]), fx.rate(d["currency"])
    return dict(d, amount_base=major(base), fx=rate.as_dict() if rate else None)


def list_opps(s: Session, f: DealFilter = OPEN_DEALS, fx: Fx | None = None) -> list[dict]:
    """The deals ``f`` selects (open ones by default), in creation order, as ``opp list`` prints them;
    with ``fx``, each also in the base currency (``in_base``)."""
    acc = Account.__table__.c
    q = where_deals(s, select(Opportunity.__table__, acc.name.label("account_name"), acc.code.label("account_code"))
                    .join(Account, Account.id == Opportunity.account_id), f)
    # Core rows, not ORM objects: a team's whole pipeline is 10,000s of rows and opp_dict only reads them
    rows = s.connection().execute(q.order_by(Opportunity.id)).all()
    rates = latest_win_rates(s)
    out = [opp_dict(o, _Named(o.account_name, o.account_code), rates.get(o.id)) for o in rows]
    return [in_base(d, fx) for d in out] if fx else out


class _Named(NamedTuple):
    name: str
    code: str


def history(s: Session, opp: Opportunity) -> list[dict]:
    from tasplus_cli.store.tables import OppChange

    rows = s.exec(select(OppChange).where(OppChange.opp_id == opp.id).order_by(OppChange.id)).all()
    return [{"at": r.at.isoformat(timespec="seconds"), "by": r.by, "field": r.field, "old": r.old, "new": r.new,
             "reason": r.reason} for r in rows]


def events(s: Session, opp: Opportunity) -> list[dict]:
    rows = s.exec(select(CompellingEvent).where(CompellingEvent.opp_id == opp.id).order_by(CompellingEvent.id)).all()
    return [event_dict(e, opp) for e in rows]


def event_dict(e: CompellingEvent, opp: Opportunity) -> dict:
    return {"code": e.code, "opp": opp.code, "text": e.text, "kind": e.kind, "status": e.status,
            "deadline": e.deadline.isoformat() if e.deadline else None, "evidence": e.evidence,
            "status_reason": e.status_reason}
