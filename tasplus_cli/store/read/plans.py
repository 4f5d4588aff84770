"""Read models of a deal's plan (METHOD §10–11): the strategy suggestion, the
value proposition with its comparison, and the one-screen ``tasplus plan``.

The top-two competitors are always the field of the win rate computed from
the latest survey (``store.winrate.compute``), so the plan compares against
exactly the competitors the win rate used.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from tasplus_cli.config import Config
from tasplus_cli.domain.strategy import Standing, Suggestion, suggest
from tasplus_cli.domain.winrate import WinRate
from tasplus_cli.store import activities, plans as plan, relmap, winrate
from tasplus_cli.store.models import Account, CompellingEvent, Opportunity


def standing(wr: WinRate) -> Standing | None:
    """Our position in the latest survey; None when no competitor was scored."""
    if not wr.parties or len(wr.parties) < 2:
        return None
    us, rivals = wr.parties[0], sorted(wr.parties[1:], key=lambda p: -p["strength"])
    lead = rivals[0]
    return Standing(rank=us["rank"], our_strength=us["strength"], our_fit=us["fit"], leader_strength=lead["strength"],
                    leader_fit=lead["fit"], leader_name=lead["name"])


def suggestion_for(wr: WinRate, cfg: Config) -> Suggestion:
    return suggest(standing(wr), bool(wr.inputs.get("confirmed_event")), surveyed=wr.rank is not None,
                   clear_margin=cfg.data["strategy"]["clear_margin"])


def suggestion(s: Session, cfg: Config, opp: Opportunity) -> Suggestion:
    return suggestion_for(winrate.compute(s, opp, cfg=cfg), cfg)


def value_view(s: Session, opp: Opportunity, cfg: Config | None = None, wr: WinRate | None = None) -> dict:
    wr = wr or winrate.compute(s, opp, cfg=cfg)
    p = plan.plan_of(s, opp)
    event = s.exec(select(CompellingEvent.text).where(CompellingEvent.opp_id == opp.id,
                                                      CompellingEvent.status == "confirmed")
                   .order_by(CompellingEvent.id)).first()
    compared = plan.comparisons(s, opp)
    return {"code": opp.code, "name": opp.name, "account": s.get(Account, opp.account_id).name,
            "compelling_event": event, "solution": p.solution if p else None,
            "business_value": p.business_value if p else None, "proof_points": p.proof_points if p else None,
            "top_two": list(wr.field),
            "comparison": {name: compared.get(name, {}) for name in wr.field},
            "other_comparisons": {k: v for k, v in compared.items() if k not in wr.field}}


def plan_view(s: Session, cfg: Config, opp: Opportunity, today: date) -> dict:
    """Everything ``tasplus plan OPP`` shows, and what is missing."""
    wr = winrate.compute(s, opp, cfg=cfg)
    p = plan.plan_of(s, opp)
    sug = suggestion_for(wr, cfg)
    value = value_view(s, opp, cfg, wr)
    acts = activities.list_activities(s, today, opp=opp)
    recent = today - timedelta(days=14)
    planned = [a for a in acts if a["status"] == "planned" and not a["overdue"]]
    overdue = [a for a in acts if a["overdue"]]
    done = [a for a in acts if a["status"] == "done" and date.fromisoformat(a["day"]) >= recent]
    people = relmap.deal_map(s, cfg, opp)["strategies"]
    tactics = plan.tactics(s, opp)
    tpl = cfg.template
    past_analyze = "analyze" in tpl.keys and tpl.index(opp.stage) > tpl.index("analyze")
    at_or_past = "analyze" in tpl.keys and tpl.index(opp.stage) >= tpl.index("analyze")
    missing = []
    if not (p and p.strategy) and at_or_past:
        missing.append(("strategy", f"no strategy chosen{' while past analyze' if past_analyze else ''}",
                        f"tasplus strategy set {opp.code} {sug.strategy or 'STRATEGY'} --rationale TEXT"))
    if not (p and p.solution and p.business_value) and at_or_past:
        missing.append(("value_proposition", f"no value proposition{' while past analyze' if past_analyze else ''}",
                        f"tasplus value set {opp.code} --solution TEXT --business-value TEXT --proof TEXT"))
    if p and p.strategy and not [t for t in tactics if t["status"] == "active"]:
        missing.append(("tactics", "a strategy without an active tactic", f"tasplus tactic add {opp.code} --pick 1"))
    if opp.status == "open" and not planned and not overdue:
        missing.append(("planned_activity", "no planned activity",
                        f"tasplus activity log {opp.code} --kind meeting --planned --date +7d --summary TEXT"))
    for name in wr.field:
        if len(value["comparison"].get(name, {})) < 3:
            missing.append(("comparison", f"not yet compared with {name} on all three dimensions",
                            f"tasplus value compare {opp.code} {name} --solution V --relationship V --strength V"))
    for st in people:
        if st["strategy"] is None:
            missing.append(("relationship", f"{st['role']} {st['name']}: relationship status unknown",
                            f"tasplus stakeholder edit {opp.code} {st['contact']} --relationship STATUS"))
    return {
        "code": opp.code, "name": opp.name, "stage": opp.stage, "status": opp.status, "win_rate": wr.value,
        "rank": wr.rank, "strategy": p.strategy if p else None, "rationale": p.rationale if p else None,
        "suggestion": {"strategy": sug.strategy, "reason": sug.reason}, "tactics": tactics,
        "catalogue": cfg.data["tactics"].get(p.strategy, []) if p and p.strategy else [],
        "value": value, "activities": {"planned": planned, "overdue": overdue, "done_recently": done},
        "relationship_strategies": people,
        "missing": [{"key": k, "what": w, "fix": f} for k, w, f in missing],
    }
