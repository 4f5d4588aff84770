"""Read models of a deal's plan (METHOD §10–11): the strategy suggestion, the
value proposition with its comparison, and the one-screen ``tasplus plan``.

The top-two competitors are always the field of the win rate computed from
the latest survey (``store.winrate.compute``), so the plan compares against
exactly the competitors the win rate used. A closed deal's plan is frozen with
its win rate (``closed``: outcome, day, and the day of the last win rate). Settings come in typed
(``settings.winrate``, ``settings.plan``, ``settings.template``).

What is missing from a plan is a list of ``{key, what, fix}``: ``what`` and
``fix`` are ``Phrase`` strings, English in JSON as they always were, said in
the reader's language (``fix``: shell-quoted, so it runs when pasted) on screen.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from sqlmodel import Session, select

from tasplus_cli.domain.strategy import Standing, Suggestion, standing_of, suggest
from tasplus_cli.domain.vocab import ROLE
from tasplus_cli.domain.winrate import Params, WinRate
from tasplus_cli.messages import command
from tasplus_cli.messages.phrase import Phrase, phrase
from tasplus_cli.settings import Plan, Settings
from tasplus_cli.store import activities, plans as plan, relmap, winrate
from tasplus_cli.store.tables import Account, CompellingEvent, Opportunity


def standing(wr: WinRate) -> Standing | None:
    """Our position in the latest survey; None when no competitor was scored."""
    return standing_of(wr.parties[0] if wr.parties else None, wr.parties[1:])


def suggestion_for(wr: WinRate, clear_margin: int, incumbent: str | None = None) -> Suggestion:
    """The strategy suggestion from a computed win rate; ``incumbent``: the deal's (``us`` fires rule 5)."""
    return suggest(standing(wr), bool(wr.inputs.get("confirmed_event")), surveyed=wr.rank is not None,
                   incumbent=incumbent == "us", clear_margin=clear_margin)


def suggestion(s: Session, opp: Opportunity, params: Params, settings: Plan) -> Suggestion:
    return suggestion_for(winrate.compute(s, opp, params), settings.clear_margin, opp.incumbent)


def value_view(s: Session, opp: Opportunity, params: Params, wr: WinRate | None = None) -> dict:
    wr = wr or winrate.compute(s, opp, params)
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


def _fix(*words: object) -> Phrase:
    """A command to run: JSON keeps it as it always was (words joined by spaces), a screen quotes it."""
    return Phrase(" ".join(("tasplus",) + tuple(str(w) for w in words)), shown=lambda lang: command(*words))


def _what(key: str, **params: object) -> Phrase:
    return phrase(f"plan.missing.{key}", **params)


def plan_view(s: Session, settings: Settings, opp: Opportunity, today: date) -> dict:
    """Everything ``tasplus plan OPP`` shows, and what is missing."""
    wr = winrate.compute(s, opp, settings.winrate)
    p = plan.plan_of(s, opp)
    sug = suggestion_for(wr, settings.plan.clear_margin, opp.incumbent)
    value = value_view(s, opp, settings.winrate, wr)
    acts = activities.list_activities(s, today, opp=opp)
    recent = today - timedelta(days=14)
    planned = [a for a in acts if a["status"] == "planned" and not a["overdue"]]
    overdue = [a for a in acts if a["overdue"]]
    done = [a for a in acts if a["status"] == "done" and date.fromisoformat(a["day"]) >= recent]
    deal_map = relmap.deal_map(s, opp, settings.interaction, settings.plan.relationship_strategy)
    people = deal_map["strategies"]
    tactics = plan.tactics(s, opp)
    tpl = settings.template
    past = "analyze" in tpl.keys and tpl.index(opp.stage) > tpl.index("analyze")
    analyze = Phrase("analyze", shown=partial(tpl.label, "analyze"))
    at_or_past = "analyze" in tpl.keys and tpl.index(opp.stage) >= tpl.index("analyze")
    missing = []
    if not (p and p.strategy) and at_or_past:
        missing.append(("strategy", _what("strategy_past", stage=analyze) if past else _what("strategy"),
                        _fix("strategy", "set", opp.code, sug.strategy or "STRATEGY", "--rationale", "TEXT")))
    if not (p and p.solution and p.business_value) and at_or_past:
        missing.append(("value_proposition", _what("value_past", stage=analyze) if past else _what("value"),
                        _fix("value", "set", opp.code, "--solution", "TEXT", "--business-value", "TEXT",
                             "--proof", "TEXT")))
    if p and p.strategy and not [t for t in tactics if t["status"] == "active"]:
        missing.append(("tactics", _what("tactics"), _fix("tactic", "add", opp.code, "--pick", 1)))
    if opp.status == "open" and not planned and not overdue:
        missing.append(("planned_activity", _what("activity"),
                        _fix("activity", "log", opp.code, "--kind", "meeting", "--planned", "--date", "+7d",
                             "--summary", "TEXT")))
    for name in wr.field:
        if len(value["comparison"].get(name, {})) < 3:
            missing.append(("comparison", _what("comparison", name=name),
                            _fix("value", "compare", opp.code, name, "--solution", "V", "--relationship", "V",
                                 "--strength", "V")))
    for st in people:
        if st["strategy"] is None:
            role = Phrase(str(st["role"]), shown=partial(ROLE.label, st["role"]))
            missing.append(("relationship", _what("relationship", role=role, name=st["name"]),
                            _fix("stakeholder", "edit", opp.code, st["contact"], "--relationship", "STATUS")))
    return {
        "code": opp.code, "name": opp.name, "stage": opp.stage, "status": opp.status,
        "closed": winrate.closed_info(s, opp), "win_rate": wr.value,
        "rank": wr.rank, "strategy": p.strategy if p else None, "rationale": p.rationale if p else None,
        "suggestion": {"strategy": sug.strategy, "reason": sug.reason}, "tactics": tactics,
        "catalogue": list(settings.plan.tactics.get(p.strategy, [])) if p and p.strategy else [],
        "value": value, "activities": {"planned": planned, "overdue": overdue, "done_recently": done},
        "relationship_strategies": people,
        "missing": [{"key": k, "what": w, "fix": f} for k, w, f in missing],
        # the map's inside-source conflict (domain.relations), said here as in map and review
        "warnings": [w for w in deal_map["warnings"] if w["key"] == "inside_source_conflict"],
    }
