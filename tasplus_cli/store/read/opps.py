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

from typing import Any

from datetime import datetime, time, timezone

from sqlalchemy import and_, false, func, or_
from sqlmodel import Session, select

from tasplus_cli.domain.deals import OPEN, DealFilter
from tasplus_cli.domain.fx import Fx
from tasplus_cli.domain.money import major
from tasplus_cli.store.accounts import get_account
from tasplus_cli.store.tables import Account, CompellingEvent, Opportunity
from tasplus_cli.store.tables import WinRatePoint
from tasplus_cli.store.read.rows import iso, raw_rows
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


def latest_win_rate() -> Any:
    """The same as ``latest_win_rates`` as a column of a select over ``Opportunity``: the deal's
    last win rate (of a closed deal, the last on or before its close), by one index search per deal
    selected, so a narrow list pays for its own deals only."""
    w = WinRatePoint
    return (select(w.win_rate).where(w.opp_id == Opportunity.id,
                                     or_(Opportunity.closed_on.is_(None), w.day <= Opportunity.closed_on))
            # id + 0: ordered after the deal's points are found by opp_id; PostgreSQL would otherwise walk
            # the primary key backwards through every deal's points (quadratic over a list)
            .order_by((w.id + 0).desc()).limit(1).correlate(Opportunity).scalar_subquery())


def deal_json(code: str, name: str, account: str, account_code: str, owner: str, stage: str, grade: str,
              status: str, amount_minor: int, currency: str, close_date: Any, win_rate: int | None,
              grade_manual: Any, grade_reason: str | None, partner: str | None, registration_id: str | None,
              registration_status: str | None, closed_on: Any, lost_reason: str | None, approved_on: Any,
              tender_issued_on: Any, bid_result: str | None, contract_signed_on: Any, external_id: str | None,
              forecast_category: str) -> dict:
    """A deal as ``opp list/show --json`` print it, from its values in ``LISTED`` order (dates as
    ``date`` or ISO text, the flag as bool or 0/1: ``rows.iso``)."""
    return {
        "code": code, "name": name, "account": account, "account_code": account_code, "owner": owner,
        "stage": stage, "grade": grade, "status": status, "amount": major(amount_minor), "currency": currency,
        "close_date": iso(close_date), "win_rate": win_rate, "grade_manual": bool(grade_manual),
        "grade_reason": grade_reason, "partner": partner, "registration_id": registration_id,
        "registration_status": registration_status, "closed_on": iso(closed_on), "lost_reason": lost_reason,
        "approved_on": iso(approved_on), "tender_issued_on": iso(tender_issued_on), "bid_result": bid_result,
        "contract_signed_on": iso(contract_signed_on), "external_id": external_id,
        "forecast_category": forecast_category,
    }


def listed() -> tuple:
    """The columns ``deal_json`` takes, in its order (the account's name and code joined in, the
    win rate by ``latest_win_rate``), for a select over ``Opportunity`` joined to ``Account``."""
    o, a = Opportunity.__table__.c, Account.__table__.c
    return (o.code, o.name, a.name, a.code, o.owner, o.stage, o.grade, o.status, o.amount_minor, o.currency,
            o.close_date, latest_win_rate(), o.grade_manual, o.grade_reason, o.partner, o.registration_id,
            o.registration_status, o.closed_on, o.lost_reason, o.approved_on, o.tender_issued_on, o.bid_result,
            o.contract_signed_on, o.external_id, o.forecast_category)


def opp_dict(o: Opportunity, account: Account, win_rate: int | None) -> dict:
    return deal_json(o.code, o.name, account.name, account.code, o.owner, o.stage, o.grade, o.status,
                     o.amount_minor, o.currency, o.close_date, win_rate, o.grade_manual, o.grade_reason, o.partner,
                     o.registration_id, o.registration_status, o.closed_on, o.lost_reason, o.approved_on,
                     o.tender_issued_on, o.bid_result, o.contract_signed_on, o.external_id, o.forecast_category)


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
    return _add_base(dict(d), fx, {})


def _add_base(d: dict, fx: Fx, said: dict[str, dict | None]) -> dict:
    """``in_base`` in place; ``said``: currency → its rate as JSON, kept from deal to deal."""
    currency = d["currency"]
    if currency not in said:
        rate = fx.rate(currency)
        said[currency] = rate.as_dict() if rate else None
    d["amount_base"] = major(fx.to_base(round(d["amount"] * 100), currency))
    d["fx"] = said[currency]
    return d


def list_opps(s: Session, f: DealFilter = OPEN_DEALS, fx: Fx | None = None) -> list[dict]:
    """The deals ``f`` selects (open ones by default), in creation order, as ``opp list`` prints them;
    with ``fx``, each also in the base currency (``in_base``).

    One statement; its rows read raw (``rows.raw_rows``: a team's whole pipeline is 100,000s of
    rows, and only the printed columns are selected)."""
    q = where_deals(s, select(*listed()).join(Account, Account.id == Opportunity.account_id), f)
    out = [deal_json(*row) for row in raw_rows(s, q.order_by(Opportunity.id))]
    if fx is None:
        return out
    said: dict[str, dict | None] = {}
    return [_add_base(d, fx, said) for d in out]


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
