"""The people-map warnings of the review (``store.review.gather`` calls ``map_hits``): each deal's
stakeholders and per-contact activity counts stream by in deal order, and each deal is judged
(``domain.relations.judge``) as its rows pass, so neither the stakeholder rows nor the per-contact
levels of a whole company are held at once. Two queries, never one per deal; the hits keep only
what their wording needs (``MapHit``: the people, the roles).
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import Callable, Iterable

from sqlalchemy import case, func
from sqlmodel import select

from tasplus_cli.domain import relations
from tasplus_cli.domain.interaction import Rule
from tasplus_cli.store.models import Activity, ActivityContact, Contact, Stakeholder


class _ByDeal:
    """Rows sorted by deal id (their first column), handed out one deal at a time in increasing deal
    order (the rows of deals never asked for are skipped)."""

    def __init__(self, rows: Iterable) -> None:
        self._groups = groupby(rows, key=itemgetter(0))
        self._next = next(self._groups, None)

    def take(self, oid: int) -> list:
        while self._next is not None and self._next[0] < oid:
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != oid:
            return []
        rows = list(self._next[1])
        self._next = next(self._groups, None)
        return rows


def map_hits(run: Callable, ids: Iterable[int], rule: Rule, survey_inside: Callable[[int], bool | None],
             worded: bool = True) -> dict[int, tuple[relations.MapHit, ...]]:
    """Deal id → its map warnings (``relations.MapHit``) for the deals ``ids``; ``survey_inside``:
    a deal's latest survey's inside-source answer (None: no survey). ``worded=False``: the hits
    keep only their key (one shared hit per key, so a whole company's agenda costs no memory);
    ``worded=True`` reads only the rows of ``ids`` (the deals shown: a few)."""
    ids = sorted(ids)
    narrow = worded and len(ids) <= 500  # else every row, as for the whole agenda (bound parameters are limited)
    only = (lambda q, col: q.where(col.in_(ids))) if narrow else (lambda q, col: q)  # noqa: E731
    C = Contact  # noqa: N806
    q = select(C.id, C.code, C.name, C.reports_to_id, C.title, C.orientation, C.relationship, C.influence, C.circle)
    if narrow:
        q = q.where(C.id.in_(select(Stakeholder.contact_id).where(Stakeholder.opp_id.in_(ids))) |
                    C.id.in_(select(ActivityContact.contact_id).join(Activity, Activity.id == ActivityContact.activity_id)
                             .where(Activity.opp_id.in_(ids))))
    elif not worded:
        q = select(C.id, C.relationship)  # what the rules read of a person (``relations.effective``)
    people = {row[0]: relations.Person(row[0], "", "", relationship=row[1]) if not worded else relations.Person(*row)
              for row in run(q)}
    deep = case((Activity.kind.in_(sorted(rule.deep_kinds)), 1), else_=0)
    stakes = _ByDeal(run(only(select(Stakeholder.opp_id, Stakeholder.contact_id, Stakeholder.role,
                                     Stakeholder.relationship, Stakeholder.inside_source), Stakeholder.opp_id)
                         .order_by(Stakeholder.opp_id, Stakeholder.id)))
    levels = _ByDeal(run(only(select(Activity.opp_id, ActivityContact.contact_id, func.count(), func.max(deep))
                              .join(Activity, Activity.id == ActivityContact.activity_id)
                              .where(Activity.status == "done", Activity.opp_id.is_not(None)), Activity.opp_id)
                         .group_by(Activity.opp_id, ActivityContact.contact_id)
                         .order_by(Activity.opp_id, ActivityContact.contact_id)))
    keyed: dict[str, relations.MapHit] = {}
    said: dict[tuple[int, int], str] = {}  # (done activities, any deep) → level: the rule asked once per pair
    out = {}
    for oid in ids:
        on_deal = [relations.Stake(cid, role, rel, inside) for _, cid, role, rel, inside in stakes.take(oid)]
        level = {cid: said.get((n, any_deep)) or said.setdefault((n, any_deep), rule.level(n, bool(any_deep)))
                 for _, cid, n, any_deep in levels.take(oid)}
        hits = relations.judge(on_deal, people, level, survey_inside(oid))
        out[oid] = tuple(hits) if worded else tuple(keyed.setdefault(h.key, relations.MapHit(h.key, _unsaid))
                                                    for h in hits)
    return out


def _unsaid(code: str) -> relations.Flag:
    raise AssertionError(f"{code}: a map warning judged without its words (map_hits(worded=False)) was said")
