"""Pipeline read model for ``tasplus funnel`` and the review summary.

Two bulk queries: open deals with their latest win rate, and every stage a
deal has been in (from creation and stage history) for conversion rates.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from tasplus_cli.config import Config
from tasplus_cli.domain import forecast
from tasplus_cli.domain.money import major
from tasplus_cli.store.models import OppChange, Opportunity
from tasplus_cli.store.read.opps import latest_win_rates


def deal_lines(s: Session, cfg: Config, owner: str | None = None, grade: str | None = None,
               close_before: date | None = None) -> list[forecast.DealLine]:
    q = select(Opportunity.id, Opportunity.code, Opportunity.stage, Opportunity.grade, Opportunity.amount_minor,
               Opportunity.registration_status).where(Opportunity.status == "open")
    if owner:
        q = q.where(Opportunity.owner == owner)
    if grade:
        q = q.where(Opportunity.grade == grade)
    if close_before:
        q = q.where(Opportunity.close_date < close_before)
    rows = s.exec(q.order_by(Opportunity.id)).all()
    rates = latest_win_rates(s)
    tpl = cfg.template
    probs = {st.key: st.probability for st in tpl.stages}
    return [forecast.DealLine(code, stage, g, amount, probs.get(stage, 0), rates.get(i), reg)
            for i, code, stage, g, amount, reg in rows]


def reached_stages(s: Session, owner: str | None = None,
                   grade: str | None = None) -> tuple[dict[str, set[str]], dict[str, str]]:
    """(deal code → every stage it has been in, open deal code → its current stage)."""
    q = select(Opportunity.id, Opportunity.code, Opportunity.stage, Opportunity.status)
    if owner:
        q = q.where(Opportunity.owner == owner)
    if grade:
        q = q.where(Opportunity.grade == grade)
    deals = s.exec(q).all()
    codes = {i: c for i, c, _, _ in deals}
    reached = {c: {stage} for _, c, stage, _ in deals}
    open_in = {c: stage for _, c, stage, status in deals if status == "open"}
    moves = s.exec(select(OppChange.opp_id, OppChange.old, OppChange.new).where(OppChange.field == "stage")).all()
    for opp_id, old, new in moves:
        if opp_id in codes:
            reached[codes[opp_id]].update(x for x in (old, new) if x)
    return reached, open_in


def funnel_view(s: Session, cfg: Config, owner: str | None = None, grade: str | None = None,
                close_before: date | None = None) -> dict:
    """The JSON shape of ``tasplus funnel`` (amounts in major units)."""
    lines = deal_lines(s, cfg, owner, grade, close_before)
    keys = cfg.template.keys
    rows = forecast.funnel(keys, lines)
    counted = [d for d in lines if forecast.counts_in_forecast(d)]
    conv = forecast.conversion(keys, *reached_stages(s, owner, grade))
    return {
        "currency": cfg.currency,
        "stages": [{"stage": r.stage, "count": r.count, "amount": major(r.amount_minor),
                    "by_class": {k: {"count": c, "amount": major(a)} for k, (c, a) in r.by_class.items()},
                    "classic": major(r.classic_minor), "tasplus": major(r.tasplus_minor)} for r in rows],
        "totals": {"count": len(counted), "amount": major(sum(d.amount_minor for d in counted)),
                   "classic_forecast": major(forecast.classic(lines)), "tasplus_forecast": major(forecast.tasplus(lines))},
        "conversion": [{"from": a, "to": b, "entered": n, "moved_on": m, "rate": round(100 * m / n) if n else None}
                       for a, b, n, m in conv],
    }
