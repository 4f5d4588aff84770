"""Win/loss of closed deals (METHOD §15): counts by status per dimension, in SQL.

Every dimension is one grouped query over the deals ``sel`` selects
(``store.analyze.selected``); a deal counts once in each dimension (once per
competitor in the field: a deal with two competitors is in both rows). Rows
are ``domain.calibration.outcome_counts`` (abandoned = not won, unless the
filter left them out), most deals first, then by key; a key None is "not
recorded" (no competitor, no strategy, no manager, no industry).

- ``by_competitor`` adds ``code`` and ``lost_to``: the deals we lost that this
  competitor won (``opp close --competitor``; head to head);
- ``head_to_head``: lost deals, and how many have a winner recorded;
- ``by_lost_reason`` (lost and abandoned deals): the free text normalised by
  ``analyze.lost_reasons`` (``domain.calibration.lost_reason``), each reason
  with its texts as typed and their counts;
- ``by_name`` groups by the deal's name: an import that maps a product column
  to the name (docs/analyze.md, MavenTech) gets win share by product. Only
  names shared by two closed deals or more: a name of its own says nothing,
  and 100,000 unique names would make the answer grow with the data.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Sequence

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.calibration import Reason, lost_reason, outcome_counts, share
from tasplus_cli.store.models import Account, AppUser, Competitor, DealPlan, OppCompetitor, Opportunity

O = Opportunity


def _rows(counted: dict[Any, dict[str, int]], extra: dict[Any, dict] | None = None) -> list[dict]:
    out = [{"key": key, **outcome_counts(c.get("won", 0), c.get("lost", 0), c.get("abandoned", 0)),
            **(extra or {}).get(key, {})} for key, c in counted.items()]
    return sorted(out, key=lambda r: (-r["deals"], r["key"] is None, str(r["key"])))


def _by(s: Session, sel: Any, col: Any, *joins: tuple[Any, Any], repeated: bool = False) -> list[dict]:
    """Counts by status per value of ``col``; ``repeated``: only values of two deals or more."""
    q = select(col, O.status, func.count()).select_from(O)
    for table, on in joins:
        q = q.outerjoin(table, on)
    if repeated:
        q = q.where(col.in_(select(col).where(O.id.in_(sel)).group_by(col).having(func.count() > 1)))
    counted: dict[Any, dict[str, int]] = defaultdict(dict)
    for key, status, n in s.exec(q.where(O.id.in_(sel)).group_by(col, O.status)).all():
        counted[key][status] = int(n)
    return _rows(counted)


def _competitors(s: Session, sel: Any) -> tuple[list[dict], dict]:
    L, C = OppCompetitor, Competitor  # noqa: N806
    q = (select(C.code, C.name, O.status, L.is_winner, func.count()).select_from(L)
         .join(C, C.id == L.competitor_id).join(O, O.id == L.opp_id)
         .where(O.id.in_(sel)).group_by(C.code, C.name, O.status, L.is_winner))
    counted: dict[Any, dict[str, int]] = defaultdict(dict)
    extra: dict[Any, dict] = {}
    for code, name, status, winner, n in s.exec(q).all():
        counted[name][status] = counted[name].get(status, 0) + int(n)
        e = extra.setdefault(name, {"code": code, "lost_to": 0})
        if winner and status == "lost":
            e["lost_to"] += int(n)
    alone = (select(O.status, func.count()).where(O.id.in_(sel), ~O.id.in_(select(L.opp_id)))
             .group_by(O.status))
    for status, n in s.exec(alone).all():
        counted[None][status] = int(n)
        extra[None] = {"code": None, "lost_to": 0}
    lost = s.exec(select(func.count()).where(O.id.in_(sel), O.status == "lost")).one()
    known = s.exec(select(func.count(func.distinct(L.opp_id))).join(O, O.id == L.opp_id)
                   .where(O.id.in_(sel), O.status == "lost", L.is_winner)).one()
    return _rows(counted, extra), {"lost": int(lost), "winner_known": int(known), "winner_unknown": int(lost - known)}


def _lost_reasons(s: Session, sel: Any, reasons: Sequence[Reason]) -> list[dict]:
    q = (select(O.lost_reason, O.status, func.count()).where(O.id.in_(sel), O.status != "won")
         .group_by(O.lost_reason, O.status))
    by: dict[str, dict] = {}
    for text, status, n in s.exec(q).all():
        key = lost_reason(text, reasons)
        r = by.setdefault(key, {"reason": key, "lost": 0, "abandoned": 0, "texts": defaultdict(int)})
        r[status] += int(n)
        r["texts"][text] += int(n)
    total = sum(r["lost"] + r["abandoned"] for r in by.values())
    order = {r.key: i for i, r in enumerate(reasons)}
    out = []
    for r in sorted(by.values(), key=lambda r: (-(r["lost"] + r["abandoned"]), order.get(r["reason"], len(order)))):
        deals = r["lost"] + r["abandoned"]
        texts = sorted(r["texts"].items(), key=lambda kv: (-kv[1], kv[0] or ""))
        out.append({"reason": r["reason"], "deals": deals, "lost": r["lost"], "abandoned": r["abandoned"],
                    "share": share(deals, total), "texts": [{"text": t, "count": n} for t, n in texts]})
    return out


def winloss(s: Session, sel: Any, reasons: Sequence[Reason]) -> dict:
    """The ``winloss`` section of ``analyze --json`` (module docstring)."""
    competitors, h2h = _competitors(s, sel)
    return {
        "by_competitor": competitors, "head_to_head": h2h,
        "by_grade": _by(s, sel, O.grade),
        "by_owner": _by(s, sel, O.owner),
        "by_manager": _by(s, sel, AppUser.manager, (AppUser, AppUser.name == O.owner)),
        "by_strategy": _by(s, sel, DealPlan.strategy, (DealPlan, DealPlan.opp_id == O.id)),
        "by_industry": _by(s, sel, Account.industry, (Account, Account.id == O.account_id)),
        "by_lost_reason": _lost_reasons(s, sel, reasons),
        "by_name": _by(s, sel, O.name, repeated=True),
    }
