"""Child rows that travel in one cell of their parent's row.

- ``ContactList``: the people an activity involved, ``CON-0001;CON-0004``
  (codes or names of people at the activity's account).
- ``Scores``: a survey's competitor scores, ``CMP-0001=4,3;云擎科技=2,5``
  (competitor code or name ``=`` fit ``,`` closeness, each 1–5). Write codes
  when a name contains ``;``.

A value is a tuple: people sorted (a set), scores in the order they were
given (surveys list them so). On import a changed list replaces the stored
one; an absent column leaves it alone.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg
from tasplus_cli.store.models import ActivityContact, SurveyScore
from tasplus_cli.store.transfer import refs
from tasplus_cli.store.transfer.values import VT

_SPLIT = re.compile(r"[;；\n]")


class Children(VT):
    model: Any = None
    parent_col = ""

    @property
    def table(self):  # noqa: ANN201
        return self.model.__table__

    def parse(self, raw: str, flag: str, ctx: Any) -> list[str]:
        return [p.strip() for p in _SPLIT.split(raw) if p.strip()]

    def resolve(self, items: list[str], row: dict, flag: str, ctx: Any) -> tuple:
        raise NotImplementedError

    def load(self, s: Any, parents: list[int] | None = None) -> dict[int, tuple]:
        """The stored children of these parents (None: of every parent)."""
        out: dict[int, list] = {}
        for stmt in self._queries(parents):
            for parent, *child in s.execute(stmt).all():
                out.setdefault(parent, []).append(self.child(child))
        return {k: self.value(v) for k, v in out.items()}

    def _queries(self, parents: list[int] | None) -> Any:
        stmt = self.query()
        if parents is None:
            yield stmt
            return
        col = self.table.c[self.parent_col]
        for n in range(0, len(parents), 500):
            yield stmt.where(col.in_(parents[n:n + 500]))

    def query(self) -> Any:
        """SELECT parent id, then the child's columns."""
        raise NotImplementedError

    def child(self, cols: list) -> Any:
        return cols[0] if len(cols) == 1 else tuple(cols)

    def value(self, children: list) -> tuple:
        return tuple(children)

    def rows(self, parent_id: int, value: tuple) -> list[dict]:
        raise NotImplementedError


class ContactList(Children):
    model, parent_col = ActivityContact, "activity_id"

    def resolve(self, items: list[str], row: dict, flag: str, ctx: Any) -> tuple:
        kind = ctx.kind("contacts")
        return tuple(sorted({refs.resolve(ctx, kind, it, flag, scope=row.get("account_id")) for it in items}))

    def query(self) -> Any:
        return select(ActivityContact.activity_id, ActivityContact.contact_id)

    def value(self, children: list) -> tuple:
        return tuple(sorted(children))

    def rows(self, parent_id: int, value: tuple) -> list[dict]:
        return [{"activity_id": parent_id, "contact_id": c} for c in value]

    def show(self, value: Any, ctx: Any) -> Any:
        codes = ctx.index("contacts").code_of
        return ";".join(codes[c] for c in value or ()) or None


class Scores(Children):
    model, parent_col = SurveyScore, "survey_id"

    def resolve(self, items: list[str], row: dict, flag: str, ctx: Any) -> tuple:
        kind = ctx.kind("competitors")
        out: dict[int, tuple] = {}
        for it in items:
            ref, eq, pair = it.rpartition("=")
            nums = [p.strip() for p in pair.replace("，", ",").split(",")]
            if not eq or len(nums) != 2 or not all(n.isdigit() and 1 <= int(n) <= 5 for n in nums):
                raise InvalidValue(msg("error.csv.not_score", flag=flag, item=repr(it)), msg("hint.csv.score"))
            cid = refs.resolve(ctx, kind, ref, flag)
            if cid in out:
                raise InvalidValue(msg("error.csv.scored_twice", flag=flag, ref=repr(ref.strip())),
                                   msg("hint.csv.score_once"))
            out[cid] = (cid, int(nums[0]), int(nums[1]))
        return tuple(out.values())

    def query(self) -> Any:
        return select(SurveyScore.survey_id, SurveyScore.competitor_id, SurveyScore.fit,
                      SurveyScore.closeness).order_by(SurveyScore.id)

    def rows(self, parent_id: int, value: tuple) -> list[dict]:
        return [{"survey_id": parent_id, "competitor_id": c, "fit": f, "closeness": cl} for c, f, cl in value]

    def show(self, value: Any, ctx: Any) -> Any:
        codes = ctx.index("competitors").code_of
        return ";".join(f"{codes[c]}={f},{cl}" for c, f, cl in value or ()) or None
