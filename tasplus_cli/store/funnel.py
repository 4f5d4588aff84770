"""Pipeline read model for ``tasplus funnel`` and the review summary.

Two bulk queries: open deals with their latest win rate, and every stage a
deal has been in (from creation and stage history) for conversion rates. The
deals are those of a ``DealFilter`` (``store.read.opps.where_deals``): the
forecasts count its open deals whatever its status; conversion reads the
history of every deal it selects, open or closed, whenever it closes.
Every amount is in the base currency (``base_lines``): a deal whose currency has
no rate is left out of every sum and counted as left out.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session, select

from tasplus_cli.domain import forecast
from tasplus_cli.domain.deals import OPEN, DealFilter
from tasplus_cli.domain.fx import Total
from tasplus_cli.domain.money import major
from tasplus_cli.domain.stages import Template
from tasplus_cli.store.fx import fx_on
from tasplus_cli.store.tables import OppChange, Opportunity
from tasplus_cli.store.read.opps import latest_win_rate, where_deals
from tasplus_cli.store.read.rows import raw_rows


def deal_lines(s: Session, tpl: Template, deals: DealFilter | None = None) -> list[forecast.DealLine]:
    """The open deals of ``deals`` (its status aside) as forecast lines, each in its own currency."""
    o = Opportunity.__table__.c
    q = where_deals(s, select(o.code, o.stage, o.grade, o.amount_minor, latest_win_rate(), o.registration_status,
                              o.currency), replace(deals or DealFilter(), status=OPEN))
    probs = {st.key: st.probability for st in tpl.stages}
    line = forecast.DealLine
    return [line(code, stage, g, amount, probs.get(stage, 0), rate, reg, cur)
            for code, stage, g, amount, rate, reg, cur in raw_rows(s, q.order_by(Opportunity.id))]


def base_lines(s: Session, tpl: Template, base: str, today: date,
               deals: DealFilter | None = None) -> tuple[list[forecast.DealLine], Total]:
    """The open deals that count in the forecast, in the base currency at ``today``'s rates, and
    the ``Total`` that names the rates used and the deals left out (no rate)."""
    total = fx_on(s, base, today).total()
    return forecast.in_base(deal_lines(s, tpl, deals), total), total


EVERY_DEAL = DealFilter(status=None)


def reached_stages(s: Session, deals: DealFilter | None = None) -> tuple[dict[int, set[str]], dict[int, str]]:
    """(deal id → every stage it has been in, open deal id → its current stage), for the deals of
    ``deals`` in any status and closing on any day."""
    o, c = Opportunity.__table__.c, OppChange.__table__.c
    scope = replace(deals or DealFilter(), status=None, close_before=None)
    rows = raw_rows(s, where_deals(s, select(o.id, o.stage, o.status), scope))
    reached = {i: {stage} for i, stage, _ in rows}
    open_in = {i: stage for i, stage, status in rows if status == OPEN}
    moves = select(c.opp_id, c.old, c.new).where(c.field == "stage")
    if scope != EVERY_DEAL:  # a rep's or a team's funnel reads the moves of its deals, not all of them
        moves = where_deals(s, moves.join(Opportunity, Opportunity.id == c.opp_id), scope)
    for opp_id, old, new in raw_rows(s, moves):
        seen = reached.get(opp_id)
        if seen is not None:
            if old:
                seen.add(old)
            if new:
                seen.add(new)
    return reached, open_in


def funnel_view(s: Session, tpl: Template, currency: str, today: date, deals: DealFilter | None = None) -> dict:
    """The JSON shape of ``tasplus funnel``: amounts in major units of the base ``currency`` at
    ``today``'s rates, the rates used and the deals left out for want of one."""
    counted, total = base_lines(s, tpl, currency, today, deals)
    keys = tpl.keys
    rows = forecast.funnel(keys, counted)
    conv = forecast.conversion(keys, *reached_stages(s, deals))
    return {
        **total.as_dict(),
        "stages": [{"stage": r.stage, "count": r.count, "amount": major(r.amount_minor),
                    "by_class": {k: {"count": c, "amount": major(a)} for k, (c, a) in r.by_class.items()},
                    "classic": major(r.classic_minor), "tasplus": major(r.tasplus_minor)} for r in rows],
        "totals": {"count": len(counted), "amount": major(total.minor),
                   "classic_forecast": major(forecast.classic(counted)),
                   "tasplus_forecast": major(forecast.tasplus(counted)), "left_out": total.deals_left_out},
        "conversion": [{"from": a, "to": b, "entered": n, "moved_on": m, "rate": round(100 * m / n) if n else None}
                       for a, b, n, m in conv],
    }
