"""Read model of ``tasplus forecast``: per rep and per team, a period's numbers against the
targets (METHOD §14), and the demo steps of the forecast.

- A deal belongs to a period by its dates: an open deal by its expected close date, a won
  deal by the day it closed (``closed_on``); lost and abandoned deals never count. One bulk
  query selects them (only those of the period, owned by the users in scope), never one per
  deal or per rep.
- Every amount is in the base currency at today's rates (``domain.forecast.in_base``): a
  deal whose currency has no rate is left out of every sum and counted as left out
  (``left_out``, with the rates used in ``rates``); a target or call set in another currency
  is converted the same way (without a rate it counts as not set).
- Reps: the users in scope without reports (with no scope: every user, deal owner and
  holder of a target), and a manager when they own deals in the period (their own target being their team's, their rep line has none). Teams: every
  manager in scope, with everyone below them (``store.users.team_names``); a team's target
  is the manager's own target, else the sum of their reports' (``domain.forecast.team_target``).
- The numbers themselves are ``domain.forecast.period_numbers``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from tasplus_cli.domain import forecast
from tasplus_cli.domain.money import major, parse_amount
from tasplus_cli.domain.periods import Period, quarter_of
from tasplus_cli.domain.stages import Template
from tasplus_cli.settings import Settings
from tasplus_cli.store import opps, targets as store_targets
from tasplus_cli.store.fx import fx_on
from tasplus_cli.store.models import Opportunity
from tasplus_cli.store.read.opps import latest_win_rates
from tasplus_cli.store.users import managers, require_user, team_names


def period_lines(s: Session, tpl: Template, period: Period, owners: list[str] | None = None) -> list[forecast.DealLine]:
    """The deals of ``period`` (open ones closing in it, won ones closed in it) owned by ``owners``
    (None: anyone), each in its own currency."""
    o = Opportunity
    q = select(o.id, o.code, o.name, o.owner, o.stage, o.grade, o.amount_minor, o.registration_status, o.currency,
               o.status, o.forecast_category, o.close_date).where(or_(
                   and_(o.status == "open", o.close_date >= period.start, o.close_date <= period.end),
                   and_(o.status == "won", o.closed_on >= period.start, o.closed_on <= period.end)))
    if owners is not None:
        q = q.where(o.owner.in_(owners))
    rows = s.exec(q.order_by(o.id)).all()
    rates = latest_win_rates(s) if rows else {}
    probs = {st.key: st.probability for st in tpl.stages}
    return [forecast.DealLine(code, stage, grade, amount, probs.get(stage, 0), rates.get(i), reg, cur, owner=owner,
                              name=name, category=cat or "pipeline", won=status == "won", close_date=close)
            for i, code, name, owner, stage, grade, amount, reg, cur, status, cat, close in rows]


def forecast_view(s: Session, settings: Settings, today: date, period: Period, *, team: str | None = None,
                  owner: str | None = None) -> dict:
    """The JSON shape of ``tasplus forecast`` for ``period``: every rep and team (no scope), a
    manager's team (``team``) or one rep (``owner``); amounts in major units of the base currency."""
    boss = managers(s)
    below = forecast.reports(boss)
    if owner is not None:
        owner = require_user(s, owner, "--owner")
        names: list[str] | None = [owner]
        heads: list[str] = []
    elif team is not None:
        team = require_user(s, team, "--team")
        names = team_names(s, team)
        heads = [m for m in names if m in below]
    else:
        names, heads = None, list(below)
    total = fx_on(s, settings.currency, today).total()
    lines = forecast.in_base(period_lines(s, settings.template, period, names), total)
    by_owner: dict[str, list[forecast.DealLine]] = {}
    for d in lines:
        by_owner.setdefault(d.owner, []).append(d)
    goals = {u: m for u, t in store_targets.targets(s, period.key).items()
             if (m := total.fx.to_base(t.amount_minor, t.currency)) is not None}
    if owner is not None:
        reps = list(names or [])
    else:
        scope = set(names) if names is not None else set(boss) | set(by_owner) | set(goals)
        reps = [u for u in scope if u not in below or u in by_owner]
    reps.sort(key=lambda u: (boss.get(u) or "", u))
    heads.sort(key=lambda m: (_depth(m, boss), m))
    made = store_targets.calls(s, period.key)
    teams = []
    for m in heads:
        members = set(team_names(s, m))
        nums = forecast.period_numbers([d for d in lines if d.owner in members], forecast.team_target(m, below, goals))
        c = made.get(m)
        adjusted = None if c is None else total.fx.to_base(c.amount_minor, c.currency)
        teams.append({"manager": m, "members": sorted(members), **numbers_dict(nums), "adjusted": major(adjusted),
                      "adjusted_note": c.note if c else None})
    backing = settings.forecast.commit_backing
    return {
        **period.as_dict(), "fiscal_year_start": settings.forecast.fiscal_year_start, **total.as_dict(),
        "today": today.isoformat(), "scope": {"team": team, "owner": owner},
        "commit_backing": backing,
        "reps": [{"user": u, "manager": boss.get(u),
                  **numbers_dict(forecast.period_numbers(by_owner.get(u, []), None if u in below else goals.get(u)))}
                 for u in reps],
        "teams": teams,
        "unbacked_commits": [{"code": d.code, "name": d.name, "owner": d.owner, "win_rate": d.win_rate,
                              "amount": major(d.amount_minor),
                              "close_date": d.close_date.isoformat() if d.close_date else None}
                             for d in sorted(forecast.unbacked_commits(lines, backing), key=lambda d: (d.owner, d.code))],
        "deals_left_out": total.deals_left_out,
    }


def numbers_dict(n: forecast.PeriodNumbers) -> dict:
    return {"target": major(n.target), "closed_won": major(n.closed_won), "won_deals": n.won_deals,
            "commit": major(n.commit), "best_case": major(n.best_case), "open_pipeline": major(n.open_pipeline),
            "open_deals": n.open_deals, "classic_forecast": major(n.classic), "tasplus_forecast": major(n.tasplus),
            "coverage": n.coverage, "gap": major(n.gap)}


def _depth(name: str, boss: dict[str, str | None]) -> int:
    """How many managers are above ``name`` (the tree has no cycle: ``store.users``)."""
    n = 0
    while boss.get(name):
        name, n = boss[name], n + 1
    return n


# --- the demo's forecast (sample_data/demo_forecast.toml) --------------------------------

def _demo_period(d, step: dict) -> str:  # noqa: ANN001 - d is store.demo.Demo
    """``quarter_offset``: the quarter containing the demo's today, shifted (0 this, 1 next)."""
    return quarter_of(d.today, d.settings.forecast.fiscal_year_start).shift(step.get("quarter_offset", 0)).key


def _demo_category(d, step: dict) -> None:  # noqa: ANN001
    o = d.deal(step)
    opps.edit(d.s, d.settings.grades, o, step.get("by", o.owner), step.get("reason"),
              forecast_category=step["category"])


def _demo_target(d, step: dict) -> None:  # noqa: ANN001
    store_targets.set_target(d.s, step["user"], _demo_period(d, step), parse_amount(step["amount"]),
                             d.settings.currency, step.get("by", "王磊"))


def _demo_call(d, step: dict) -> None:  # noqa: ANN001
    store_targets.set_call(d.s, step["user"], _demo_period(d, step), parse_amount(step["amount"]),
                           d.settings.currency, step.get("by", step["user"]), note=step.get("note"))


DEMO_HANDLERS = {"forecast_category": _demo_category, "target": _demo_target, "call": _demo_call}
