"""The people-map warnings of the review (``store.review.gather`` asks ``MapJudge``): each deal's
stakeholders and per-contact activity counts stream by in deal order, and each deal is judged
(``domain.relations.judge``) as its rows pass, so neither the stakeholder rows nor the per-contact
levels of a whole company are held at once. Two queries, never one per deal; the hits keep only
what their wording needs (``MapHit``: the people, the roles).
"""

from __future__ import annotations

from itertools import chain, groupby
from operator import itemgetter
from typing import Callable, Iterable

from sqlalchemy import case, func
from sqlalchemy.engine import Result
from sqlmodel import select

from tasplus_cli.domain import relations
from tasplus_cli.domain.interaction import Rule
from tasplus_cli.store.models import Activity, ActivityContact, Contact, Stakeholder


class ByDeal:
    """Rows sorted by deal id (their first column), handed out one deal at a time in increasing deal
    order (the rows of deals never asked for, and of no deal, are skipped)."""

    def __init__(self, result: Result) -> None:
        rows = chain.from_iterable(result.partitions(4096))  # fetched in batches (row by row costs twice the time)
        self._groups = groupby(rows, key=itemgetter(0))
        self._next = next(self._groups, None)

    def take(self, oid: int) -> list:
        while self._next is not None and (self._next[0] is None or self._next[0] < oid):  # rows of no deal: skipped
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != oid:
            return []
        rows = list(self._next[1])
        self._next = next(self._groups, None)
        return rows


class MapJudge:
    """The map warnings of deals asked in increasing id order (``hits``), their rows streaming by.
    ``ids``: only these deals' rows are read (a few; None: every deal's). ``worded=False``: the hits
    keep only their key (one shared hit per key, so a whole company's agenda costs no memory)."""

    def __init__(self, run: Callable, rule: Rule, ids: list[int] | None = None, worded: bool = True) -> None:
        only = (lambda q, col: q) if ids is None else (lambda q, col: q.where(col.in_(ids)))  # noqa: E731
        C = Contact  # noqa: N806
        if ids is not None:
            q = select(C.id, C.code, C.name, C.reports_to_id, C.title, C.orientation, C.relationship, C.influence,
                       C.circle).where(
                C.id.in_(select(Stakeholder.contact_id).where(Stakeholder.opp_id.in_(ids))) |
                C.id.in_(select(ActivityContact.contact_id).join(Activity, Activity.id == ActivityContact.activity_id)
                         .where(Activity.opp_id.in_(ids))))
            self.people = {row[0]: relations.Person(*row) for row in run(q)}
        elif worded:
            self.people = {row[0]: relations.Person(*row) for row in run(select(
                C.id, C.code, C.name, C.reports_to_id, C.title, C.orientation, C.relationship, C.influence, C.circle))}
        else:  # what the rules read of a person (``relations.effective``)
            self.people = {i: relations.Person(i, "", "", relationship=rel) for i, rel in run(select(C.id, C.relationship))}
        deep = case((Activity.kind.in_(sorted(rule.deep_kinds)), 1), else_=0)
        self.stakes = ByDeal(run(only(select(Stakeholder.opp_id, Stakeholder.contact_id, Stakeholder.role,
                                             Stakeholder.relationship, Stakeholder.inside_source), Stakeholder.opp_id)
                                 .order_by(Stakeholder.opp_id, Stakeholder.id)))
        self.levels = ByDeal(run(only(select(Activity.opp_id, ActivityContact.contact_id, func.count(), func.max(deep))
                                      .join(Activity, Activity.id == ActivityContact.activity_id)
                                      .where(Activity.status == "done", Activity.opp_id.is_not(None)), Activity.opp_id)
                                 .group_by(Activity.opp_id, ActivityContact.contact_id)
                                 .order_by(Activity.opp_id, ActivityContact.contact_id)))
        self.rule, self.worded = rule, worded
        self.keyed: dict[str, relations.MapHit] = {}
        self.said: dict[tuple[int, int], str] = {}  # (done activities, any deep) → level: the rule asked once per pair

    def hits(self, oid: int, survey_inside: bool | None) -> tuple[relations.MapHit, ...]:
        """Deal ``oid``'s map warnings; ``survey_inside``: its latest survey's answer (None: no survey)."""
        said, level_of = self.said, self.rule.level
        on_deal = [relations.Stake(cid, role, rel, inside) for _, cid, role, rel, inside in self.stakes.take(oid)]
        level = {cid: said.get((n, deep)) or said.setdefault((n, deep), level_of(n, bool(deep)))
                 for _, cid, n, deep in self.levels.take(oid)}
        hits = relations.judge(on_deal, self.people, level, survey_inside)
        if self.worded:
            return tuple(hits)
        return tuple(self.keyed.setdefault(h.key, relations.MapHit(h.key, _unsaid)) for h in hits)


def map_hits(run: Callable, ids: Iterable[int], rule: Rule,
             survey_inside: Callable[[int], bool | None]) -> dict[int, tuple[relations.MapHit, ...]]:
    """Deal id → its map warnings, worded, for the deals ``ids`` (a few: the deals shown; with many,
    every row is read, as bound parameters are limited)."""
    ids = sorted(ids)
    judge = MapJudge(run, rule, ids if len(ids) <= 500 else None)
    return {oid: judge.hits(oid, survey_inside(oid)) for oid in ids}


def _unsaid(code: str) -> relations.Flag:
    raise AssertionError(f"{code}: a map warning judged without its words (map_hits(worded=False)) was said")
