"""Pipeline read model for ``tasplus funnel`` and the review summary.

Two bulk queries: open deals with their latest win rate, and every stage a
deal has been in (from creation and stage history) for conversion rates. The
deals are those of a ``DealFilter`` (``store.read.opps.where_deals``): the
forecasts count its open deals whatever its status; conversion reads the
history of every deal it selects, open or closed, whenever it closes.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, select

from tasplus_cli.domain import forecast
from tasplus_cli.domain.deals import OPEN, DealFilter
from tasplus_cli.domain.money import major
from tasplus_cli.domain.stages import Template
from tasplus_cli.store.models import OppChange, Opportunity
from tasplus_cli.store.read.opps import latest_win_rates, where_deals


def deal_lines(s: Session, tpl: Template, deals: DealFilter | None = None) -> list[forecast.DealLine]:
    """The open deals of ``deals`` (its status aside) as forecast lines."""
    q = where_deals(s, select(Opportunity.id, Opportunity.code, Opportunity.stage, Opportunity.grade,
                              Opportunity.amount_minor, Opportunity.registration_status), replace(deals or DealFilter(), status=OPEN))
    rows = s.exec(q.order_by(Opportunity.id)).all()
    rates = latest_win_rates(s)
    probs = {st.key: st.probability for st in tpl.stages}
    return [forecast.DealLine(code, stage, g, amount, probs.get(stage, 0), rates.get(i), reg)
            for i, code, stage, g, amount, reg in rows]


def reached_stages(s: Session, deals: DealFilter | None = None) -> tuple[dict[str, set[str]], dict[str, str]]:
    """(deal code → every stage it has been in, open deal code → its current stage), for the deals
    of ``deals`` in any status and closing on any day."""
    q = select(Opportunity.id, Opportunity.code, Opportunity.stage, Opportunity.status)
    rows = s.exec(where_deals(s, q, replace(deals or DealFilter(), status=None, close_before=None))).all()
    codes = {i: c for i, c, _, _ in rows}
    reached = {c: {stage} for _, c, stage, _ in rows}
    open_in = {c: stage for _, c, stage, status in rows if status == OPEN}
    moves = s.exec(select(OppChange.opp_id, OppChange.old, OppChange.new).where(OppChange.field == "stage")).all()
    for opp_id, old, new in moves:
        if opp_id in codes:
            reached[codes[opp_id]].update(x for x in (old, new) if x)
    return reached, open_in


def funnel_view(s: Session, tpl: Template, currency: str, deals: DealFilter | None = None) -> dict:
    """The JSON shape of ``tasplus funnel`` (amounts in major units of ``currency``)."""
    lines = deal_lines(s, tpl, deals)
    keys = tpl.keys
    rows = forecast.funnel(keys, lines)
    counted = [d for d in lines if forecast.counts_in_forecast(d)]
    conv = forecast.conversion(keys, *reached_stages(s, deals))
    return {
        "currency": currency,
        "stages": [{"stage": r.stage, "count": r.count, "amount": major(r.amount_minor),
                    "by_class": {k: {"count": c, "amount": major(a)} for k, (c, a) in r.by_class.items()},
                    "classic": major(r.classic_minor), "tasplus": major(r.tasplus_minor)} for r in rows],
        "totals": {"count": len(counted), "amount": major(sum(d.amount_minor for d in counted)),
                   "classic_forecast": major(forecast.classic(lines)), "tasplus_forecast": major(forecast.tasplus(lines))},
        "conversion": [{"from": a, "to": b, "entered": n, "moved_on": m, "rate": round(100 * m / n) if n else None}
                       for a, b, n, m in conv],
    }
