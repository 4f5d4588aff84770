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


def map_hits(run: Callable, ids: Iterable[int], rule: Rule,
             survey_inside: Callable[[int], bool | None]) -> dict[int, list[relations.MapHit]]:
    """Deal id → its map warnings (``relations.MapHit``) for the deals ``ids``; ``survey_inside``:
    a deal's latest survey's inside-source answer (None: no survey)."""
    C = Contact  # noqa: N806
    people = {row[0]: relations.Person(*row) for row in run(select(
        C.id, C.code, C.name, C.reports_to_id, C.title, C.orientation, C.relationship, C.influence, C.circle))}
    deep = case((Activity.kind.in_(sorted(rule.deep_kinds)), 1), else_=0)
    stakes = _ByDeal(run(select(Stakeholder.opp_id, Stakeholder.contact_id, Stakeholder.role, Stakeholder.relationship,
                                Stakeholder.inside_source).order_by(Stakeholder.opp_id, Stakeholder.id)))
    levels = _ByDeal(run(select(Activity.opp_id, ActivityContact.contact_id, func.count(), func.max(deep))
                         .join(Activity, Activity.id == ActivityContact.activity_id)
                         .where(Activity.status == "done", Activity.opp_id.is_not(None))
                         .group_by(Activity.opp_id, ActivityContact.contact_id)
                         .order_by(Activity.opp_id, ActivityContact.contact_id)))
    out = {}
    for oid in sorted(ids):
        on_deal = [relations.Stake(cid, role, rel, inside) for _, cid, role, rel, inside in stakes.take(oid)]
        level = {cid: rule.level(n, bool(any_deep)) for _, cid, n, any_deep in levels.take(oid)}
        out[oid] = relations.judge(on_deal, people, level, survey_inside(oid))
    return out
