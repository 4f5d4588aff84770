"""The deals a review shows, in full (``store.review.review_view`` calls ``shown``): the agenda
judged every deal by key (``domain.review.Item``); only the deals shown, and the few whose titles
an in-hand line names, are worded (``Item.told``), their map rows read again for them alone
(``store.review_map``) and their contacts' names looked up. A fixed number of queries.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session, select

from tasplus_cli.domain.interaction import Rule
from tasplus_cli.domain.review import DealReview, Item, Params, Told
from tasplus_cli.store import coaching as coaching_store
from tasplus_cli.store.models import Contact
from tasplus_cli.store.review_map import map_hits


def said_maps(s: Session, rule: Rule, deals: list[DealReview]) -> dict[int, DealReview]:
    """``deals`` (by id) with their map warnings worded (``gather`` judges them by key only): one read
    of their rows."""
    by = {d.id: d for d in deals}
    hits = map_hits(s.connection().execute, by, rule, lambda oid: by[oid].survey_inside_source) if by else {}
    return {i: replace(d, map_flags=hits[i]) for i, d in by.items()}


def shown(s: Session, rule: Rule, items: list[Item], limit: int, today: date, rv: Params,
          currency: dict[str, str]) -> list[dict]:
    """The first ``limit`` deals of the agenda (0: all) as JSON (``currency``: each deal's, by code)."""
    told = _told(s, rule, items[:limit] if limit else items, today, rv)
    coded = _titles(s, rule, items, {k for it in told for k in it.hand.in_hand}, today, rv)
    names = _names(s, {c for it in told for w in it.hand.open for c in w.data.get("contacts") or ()})
    return [_deal(it, currency, names, today, coded) for it in told]


def _told(s: Session, rule: Rule, items: list[Item], today: date, rv: Params) -> list[Told]:
    """``items`` worded in full (``Item.told``), their map warnings read again for them alone."""
    deals = said_maps(s, rule, [it.deal for it in items])
    return [Item(deals[it.deal.id], it.keys, it.open, it.hand).told(today, rv) for it in items]


def _names(s: Session, codes: set[str]) -> dict[str, str]:
    """Contact code → name for ``codes`` (every contact when there are many: one query either way)."""
    q = select(Contact.code, Contact.name)
    if not codes:
        return {}
    return dict(s.exec(q.where(Contact.code.in_(sorted(codes))) if len(codes) <= 500 else q).all())


def _titles(s: Session, rule: Rule, items: list[Item], keys: set[str], today: date, rv: Params) -> dict[str, str]:
    """The title of each warning ``key`` as the last warning of that key on the agenda says it (what an
    in-hand line names); only the deals that say them are worded."""
    last = {k: it for k in keys if (it := next((it for it in reversed(items) if k in it.keys), None)) is not None}
    told = dict(zip(last, _told(s, rule, list(last.values()), today, rv)))
    return {k: [w for w in t.warnings if w.key == k][-1].title for k, t in told.items()}


def _named(data: dict, names: dict[str, str]) -> dict:
    """Add the people's names to a warning about contacts (so it can be said in any language)."""
    if data.get("contacts"):
        return dict(data, names=[names.get(c, c) for c in data["contacts"]])
    return data


def _deal(it: Told, currency: dict, names: dict, today: date, coded: dict) -> dict:
    """One deal of the agenda as JSON: its facts, changes, open warnings, what is in hand, its open actions."""
    from tasplus_cli.domain.money import major

    d, hand = it.deal, it.hand
    actions = [coaching_store.plain_dict(a, d.code, today) for a in it.actions if a.status != "done"]
    return {"code": d.code, "name": d.name, "owner": d.owner, "grade": d.grade, "stage": d.stage,
            "status": d.status, "amount": major(d.amount_minor), "currency": currency.get(d.code),
            "win_rate": d.win_rate, "forecast_category": d.forecast_category,
            "win_rate_before": d.win_rate_before, "stage_probability": d.stage_probability,
            "changes": d.changes,
            "warnings": [{"key": w.key, "title": w.title, "detail": w.detail, "question": w.question,
                          "command": w.command, "data": _named(w.data, names)} for w in hand.open],
            "in_hand": [{"key": k, "title": coded.get(k, k), "acknowledged": k in hand.acks,
                         "actions": [a.code for a in hand.answered.get(k, [])]} for k in hand.in_hand],
            "acknowledged": [{"key": k, "title": coded.get(k, k), "until": a.until.isoformat(), "reason": a.reason,
                              "by": a.by, "day": a.day.isoformat() if a.day else None} for k, a in hand.acks.items()],
            "actions": actions, "actions_due": [a["code"] for a in actions if a["due"] <= today.isoformat()]}
