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

    def load(self, s: Any) -> dict[int, tuple]:
        """Every parent's stored children."""
        raise NotImplementedError

    def rows(self, parent_id: int, value: tuple) -> list[dict]:
        raise NotImplementedError


class ContactList(Children):
    model, parent_col = ActivityContact, "activity_id"

    def resolve(self, items: list[str], row: dict, flag: str, ctx: Any) -> tuple:
        kind = ctx.kind("contacts")
        return tuple(sorted({refs.resolve(ctx, kind, it, flag, scope=row.get("account_id")) for it in items}))

    def load(self, s: Any) -> dict[int, tuple]:
        out: dict[int, list] = {}
        for a, c in s.execute(select(ActivityContact.activity_id, ActivityContact.contact_id)).all():
            out.setdefault(a, []).append(c)
        return {k: tuple(sorted(v)) for k, v in out.items()}

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

    def load(self, s: Any) -> dict[int, tuple]:
        out: dict[int, list] = {}
        for sid, cid, fit, close in s.execute(select(SurveyScore.survey_id, SurveyScore.competitor_id,
                                                     SurveyScore.fit, SurveyScore.closeness)
                                              .order_by(SurveyScore.id)).all():
            out.setdefault(sid, []).append((cid, fit, close))
        return {k: tuple(v) for k, v in out.items()}

    def rows(self, parent_id: int, value: tuple) -> list[dict]:
        return [{"survey_id": parent_id, "competitor_id": c, "fit": f, "closeness": cl} for c, f, cl in value]

    def show(self, value: Any, ctx: Any) -> Any:
        codes = ctx.index("competitors").code_of
        return ";".join(f"{codes[c]}={f},{cl}" for c, f, cl in value or ()) or None
