"""Read model of the shared HTML report (``tasplus report``): what the report shows beside the
dicts other commands already print (``review_view``, ``funnel_view``), which it embeds as they are.

``deal_series`` gives, for a list of deals, the two curves the review report draws per deal: the
stored TAS+ win-rate points (the ``history`` of ``winrate OPP --json``: day and value, n/a as None)
and the classic stage probability over time, a step each time the deal moved stage (from the
history, ``opp_change``; before its first move the deal was in that move's ``old`` stage, without
any move in its current stage), from the day its ``created`` history line says (an import or the
demo may date it before the row's ``created_at``). Probabilities are the configured template's. Three bulk queries
whatever the number of deals; nothing is recomputed.

``deal_count`` says whether a scope holds any deal at all (an empty database or a filter that
matches nothing: the report refuses rather than writing an empty page).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.deals import DealFilter
from tasplus_cli.domain.stages import Template
from tasplus_cli.store.models import Account, OppChange, Opportunity, WinRatePoint
from tasplus_cli.store.read.opps import where_deals


def deal_count(s: Session, deals: DealFilter | None = None) -> int:
    """How many deals ``deals`` selects, whatever their status."""
    q = where_deals(s, select(func.count()).select_from(Opportunity), replace(deals or DealFilter(), status=None))
    return s.exec(q).one()


def _day(at: datetime | date) -> date:
    return at.date() if isinstance(at, datetime) else at


def deal_series(s: Session, tpl: Template, codes: list[str], today: date) -> list[dict]:
    """One dict per deal of ``codes`` (in that order; unknown codes are skipped): ``code``,
    ``account``, ``start`` and ``end`` (the day the history says it was created, today), ``win_rate``: ``[{date, win_rate}]``
    oldest first, ``stage_probability``: ``[{date, stage, probability}]``, one step per stage held."""
    if not codes:
        return []
    run = s.connection().execute
    O = Opportunity  # noqa: N806
    deals = {row[1]: row for row in run(select(O.id, O.code, O.stage, O.created_at, Account.name)
                                        .join(Account, Account.id == O.account_id).where(O.code.in_(codes))).all()}
    ids = [row[0] for row in deals.values()]
    points: dict[int, list[dict]] = {i: [] for i in ids}
    W = WinRatePoint  # noqa: N806
    for oid, day, rate in run(select(W.opp_id, W.day, W.win_rate).where(W.opp_id.in_(ids))
                              .order_by(W.opp_id, W.day, W.id)).all():
        points[oid].append({"date": day.isoformat(), "win_rate": rate})
    moves: dict[int, list[tuple]] = {i: [] for i in ids}
    born: dict[int, date] = {}
    for oid, at, field, old, new in run(select(OppChange.opp_id, OppChange.at, OppChange.field, OppChange.old,
                                               OppChange.new)
                                        .where(OppChange.opp_id.in_(ids), OppChange.field.in_(("created", "stage")))
                                        .order_by(OppChange.opp_id, OppChange.id)).all():
        if field == "created":
            born[oid] = _day(at)
        else:
            moves[oid].append((_day(at), old, new))
    probs = {st.key: st.probability for st in tpl.stages}
    out = []
    for code in codes:
        if code not in deals:
            continue
        oid, _, stage, created, account = deals[code]
        held = moves[oid]
        start = min([born.get(oid, _day(created)), *(day for day, _, _ in held[:1])])
        steps = [(start, held[0][1] if held else stage)] + [(day, new) for day, _, new in held]
        out.append({"code": code, "account": account, "start": start.isoformat(), "end": today.isoformat(),
                    "win_rate": points[oid],
                    "stage_probability": [{"date": d.isoformat(), "stage": st, "probability": probs.get(st)}
                                          for d, st in steps]})
    return out
