"""A deal's plan (METHOD §10–11): chosen strategy and rationale, tactics in
use, value proposition, and the comparison with competitors on solution,
relationship and hardware/software strength.

Invariants: every write loads the deal for change first (``records.for_change``),
so at most one ``DealPlan`` row per deal (created on first write);
one ``ValueComparison`` per (deal, competitor, dimension); every change is a
line of the deal's history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session, select

from tasplus_cli.domain.errors import InvalidValue, NotFound
from tasplus_cli.messages import command, msg
from tasplus_cli.domain.names import require_text
from tasplus_cli.store.records import for_change, record
from tasplus_cli.store.tables import Opportunity, utcnow
from tasplus_cli.store.tables import DealPlan

if TYPE_CHECKING:  # annotations only: the table is built where a function uses it
    from tasplus_cli.store.tables import Competitor, Tactic

VALUE_FIELDS = {"solution": "--solution", "business_value": "--business-value", "proof_points": "--proof"}  # → flag


def plan_of(s: Session, opp: Opportunity, create: bool = False) -> DealPlan | None:
    """The deal's plan; ``create`` (a write) loads the deal for change first and makes the plan when missing."""
    if create:
        for_change(s, opp)
    plan = s.exec(select(DealPlan).where(DealPlan.opp_id == opp.id)).first()
    if plan is None and create:
        plan = DealPlan(opp_id=opp.id)
        s.add(plan)
    return plan


def set_strategy(s: Session, opp: Opportunity, strategy: str, rationale: str | None, by: str) -> None:
    plan = plan_of(s, opp, create=True)
    old = plan.strategy
    plan.strategy, plan.rationale, plan.updated_at = strategy, rationale or plan.rationale, utcnow()
    record(s, opp, "strategy", old, strategy, by, rationale)


def incumbent_of(s: Session, opp: Opportunity) -> str | None:
    """``us``, the incumbent competitor's name, or None (unknown or nobody)."""
    if opp.incumbent == "competitor":
        from tasplus_cli.store.tables import Competitor

        return s.get(Competitor, opp.incumbent_competitor_id).name
    return opp.incumbent


def set_incumbent(s: Session, opp: Opportunity, value: str, by: str, reason: str | None = None) -> bool:
    """Who holds the customer's current system (METHOD §10, the defensive strategy): ``us``,
    ``none`` (unknown or nobody) or a competitor of the library by name or code. Whether it changed."""
    from tasplus_cli.store.competitors import get_competitor

    for_change(s, opp)
    word = value.strip()
    if not word:
        raise InvalidValue(msg("error.opp.incumbent_empty"),
                           msg("hint.opp.incumbent", command=command("opp", "edit", opp.code, "--incumbent", "us")))
    if word.lower() in ("us", "我方"):
        new, cid, shown = "us", None, "us"
    elif word.lower() in ("none", "无"):
        new, cid, shown = None, None, None
    else:
        c = get_competitor(s, word)
        new, cid, shown = "competitor", c.id, c.name
    if (new, cid) == (opp.incumbent, opp.incumbent_competitor_id):
        return False
    old = incumbent_of(s, opp)
    opp.incumbent, opp.incumbent_competitor_id = new, cid
    s.add(opp)
    record(s, opp, "incumbent", old, shown, by, reason)
    return True


def set_value(s: Session, opp: Opportunity, by: str, **texts: str | None) -> list[str]:
    plan = plan_of(s, opp, create=True)
    changed = []
    for field, flag in VALUE_FIELDS.items():
        new = texts.get(field)
        if new is None or new == getattr(plan, field):
            continue
        if not new.strip():
            raise InvalidValue(msg("error.value.empty", flag=flag), msg("hint.value.empty"))
        setattr(plan, field, new.strip())
        changed.append(field)
    if changed:
        plan.updated_at = utcnow()
        record(s, opp, "value_proposition", None, ", ".join(changed), by)
    return changed


def add_tactic(s: Session, opp: Opportunity, text: str, strategy: str | None, by: str) -> Tactic:
    from tasplus_cli.store.tables import Competitor, Tactic

    for_change(s, opp)
    t = Tactic(opp_id=opp.id, text=require_text(text, "TEXT"), strategy=strategy)
    s.add(t)
    s.flush()
    record(s, opp, "tactic", None, f"#{t.id} {t.text}", by)
    return t


def set_tactic_status(s: Session, opp: Opportunity, tactic_id: int, status: str, by: str) -> Tactic:
    from tasplus_cli.store.tables import Competitor, Tactic

    for_change(s, opp)
    t = s.get(Tactic, tactic_id)
    if t is None or t.opp_id != opp.id:
        raise NotFound(msg("error.tactic.not_found", code=opp.code, id=tactic_id),
                       msg("hint.tactic.see_them", command=command("tactic", "list", opp.code)))
    record(s, opp, "tactic", f"#{t.id} {t.status}", f"#{t.id} {status}", by)
    t.status = status
    s.add(t)
    return t


def compare(s: Session, opp: Opportunity, competitor: Competitor, verdicts: dict[str, str], note: str | None,
            by: str) -> None:
    """Record better/equal/worse per dimension against one competitor."""
    from tasplus_cli.store.tables import ValueComparison

    for_change(s, opp)
    if not verdicts:
        raise InvalidValue(msg("error.value.no_verdict"),
                           command("value", "compare", opp.code, competitor.name, "--solution", "better"))
    for dimension, verdict in verdicts.items():
        row = s.exec(select(ValueComparison).where(
            ValueComparison.opp_id == opp.id, ValueComparison.competitor_id == competitor.id,
            ValueComparison.dimension == dimension)).first()
        old = row.verdict if row else None
        if row is None:
            row = ValueComparison(opp_id=opp.id, competitor_id=competitor.id, dimension=dimension, verdict=verdict)
        row.verdict, row.note = verdict, note if note is not None else row.note
        s.add(row)
        record(s, opp, "value_comparison", f"{competitor.name} {dimension} {old}" if old else None,
               f"{competitor.name} {dimension} {verdict}", by, note)


def tactics(s: Session, opp: Opportunity) -> list[dict]:
    from tasplus_cli.store.tables import Competitor, Tactic

    rows = s.exec(select(Tactic).where(Tactic.opp_id == opp.id).order_by(Tactic.id)).all()
    return [{"id": t.id, "text": t.text, "strategy": t.strategy, "status": t.status} for t in rows]


def comparisons(s: Session, opp: Opportunity) -> dict[str, dict[str, dict]]:
    """competitor name → dimension → {verdict, note}."""
    from tasplus_cli.store.tables import Competitor, ValueComparison

    rows = s.exec(select(ValueComparison, Competitor).join(Competitor, Competitor.id == ValueComparison.competitor_id)
                  .where(ValueComparison.opp_id == opp.id)).all()
    out: dict[str, dict[str, dict]] = {}
    for v, c in rows:
        out.setdefault(c.name, {})[v.dimension] = {"verdict": v.verdict, "note": v.note}
    return out


def _demo_strategy(d, step: dict) -> None:  # noqa: ANN001 - d is store.demo.Demo
    o = d.deal(step)
    set_strategy(d.s, o, step["strategy"], step.get("rationale"), step.get("by", o.owner))


def _demo_tactic(d, step: dict) -> None:  # noqa: ANN001
    o = d.deal(step)
    t = add_tactic(d.s, o, step["text"], step.get("strategy"), step.get("by", o.owner))
    if step.get("status"):
        set_tactic_status(d.s, o, t.id, step["status"], step.get("by", o.owner))


def _demo_value(d, step: dict) -> None:  # noqa: ANN001
    o = d.deal(step)
    set_value(d.s, o, step.get("by", o.owner), solution=step.get("solution"),
              business_value=step.get("business_value"), proof_points=step.get("proof_points"))


def _demo_compare(d, step: dict) -> None:  # noqa: ANN001
    from tasplus_cli.store.competitors import get_competitor

    o = d.deal(step)
    verdicts = {k: step[k] for k in ("solution", "relationship", "strength") if k in step}
    compare(d.s, o, get_competitor(d.s, step["competitor"]), verdicts, step.get("note"), step.get("by", o.owner))


def _demo_review(d, step: dict) -> None:  # noqa: ANN001
    from datetime import datetime, time, timedelta, timezone

    from tasplus_cli.store.tables import Review

    at = datetime.combine(d.day, time(18, 0), tzinfo=timezone.utc)
    d.s.add(Review(by=step.get("by", "王磊"), owner=step.get("owner"), note=step.get("note"), at=at,
                   since=at - timedelta(days=7)))


DEMO_HANDLERS = {"strategy": _demo_strategy, "tactic": _demo_tactic, "value": _demo_value, "compare": _demo_compare,
                 "review": _demo_review}
