"""The team review per rep (``review --team NAME``, METHOD §13–14): for the manager
and everyone below them, each one's pipeline, deals on the agenda, overdue actions,
unreviewed surveys and the one deal most worth discussing.

Definitions (what the screens and the JSON ``reps`` promise):
- pipeline: the rep's open deals; amount, classic (stage-weighted) and TAS+
  (win-rate-weighted) forecasts in the base currency at today's rates (a deal
  without a rate counts in ``open_deals`` of the summary, not here);
- overdue actions: open actions the rep owns (on any deal) whose due day passed;
- unreviewed surveys: surveys of the rep's open deals no manager reviewed;
- focus, "the one deal most worth discussing": the rep's first deal on the agenda
  in the agenda's own order (grade, then open warnings, then amount), or none;
- a member with no open deal, nothing on the agenda, no overdue action and no
  unreviewed survey is left out (a manager without deals of their own, mostly).
Reps come in name order (``store.users.team_names``). No per-rep query.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session

from tasplus_cli.domain import forecast
from tasplus_cli.domain.money import major
from tasplus_cli.store.coaching import list_actions
from tasplus_cli.store.users import managers, team_names


def top_manager(s: Session) -> str | None:
    """The first user (by name) who has no manager and manages someone: whose team is everyone's."""
    boss = managers(s)
    tops = sorted(n for n, m in boss.items() if m is None and n in boss.values())
    return tops[0] if tops else None


def reps(s: Session, team: str, facts: list, items: list, lines: list, today: date) -> list[dict]:
    """``facts``: the review's ``DealReview`` list; ``items``: its agenda; ``lines``: its forecast lines (base currency)."""
    members = team_names(s, team)
    owner_of = {d.code: d.owner for d in facts}
    pipeline: dict[str, list] = defaultdict(list)
    for line in lines:
        pipeline[owner_of.get(line.code)].append(line)
    on_agenda: dict[str, list] = defaultdict(list)
    for it in items:
        on_agenda[it.deal.owner].append(it.deal)
    unreviewed: dict[str, int] = defaultdict(int)
    for d in facts:
        if d.status == "open":
            unreviewed[d.owner] += len(d.unreviewed_surveys)
    overdue: dict[str, list] = defaultdict(list)
    for a in list_actions(s, today, overdue_only=True, owners=members):
        overdue[a["owner"]].append(a)
    out = []
    for name in members:
        mine = pipeline.get(name, [])
        if not (mine or on_agenda[name] or overdue[name] or unreviewed[name]):
            continue
        first = on_agenda[name][0] if on_agenda[name] else None
        out.append({"name": name, "open_deals": len(mine), "amount": major(sum(x.amount_minor for x in mine)),
                    "classic_forecast": major(forecast.classic(mine)), "tasplus_forecast": major(forecast.tasplus(mine)),
                    "agenda": [d.code for d in on_agenda[name]], "overdue_actions": overdue[name],
                    "unreviewed_surveys": unreviewed[name],
                    "focus": {"code": first.code, "name": first.name} if first else None})
    return out
